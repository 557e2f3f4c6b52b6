/** The annual plans in the user's scope: allocation, committed, settled and what remains. */
import { Card, Progress, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { send } from '../api/client';
import { ProblemAlert } from '../components/Problem';
import { formatDong } from '../format';
import { VALUE_LABELS } from '../labels';

interface Plan {
  id: string;
  year: number;
  fundingSource: string;
  level: string;
  province: string | null;
  allocation: number;
  committed: number;
  settled: number;
  remaining: number;
  status: string;
}

export function PlansPage() {
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => send<{ items: Plan[] }>('GET', '/api/v1/plans') });
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          Kế hoạch khuyến công
        </Typography.Title>
      }
    >
      {plans.error && <ProblemAlert error={plans.error} />}
      <Table<Plan>
        rowKey="id"
        loading={plans.isPending}
        dataSource={plans.data?.items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: 'Năm', dataIndex: 'year', width: 80 },
          { title: 'Nguồn', dataIndex: 'fundingSource', render: (v: string) => VALUE_LABELS[v] ?? v },
          { title: 'Tỉnh', dataIndex: 'province', render: (v: string | null) => v ?? 'Trung ương' },
          { title: 'Dự toán', dataIndex: 'allocation', align: 'right', render: formatDong },
          { title: 'Đã cam kết', dataIndex: 'committed', align: 'right', render: formatDong },
          { title: 'Đã quyết toán', dataIndex: 'settled', align: 'right', render: formatDong },
          { title: 'Còn lại', dataIndex: 'remaining', align: 'right', render: formatDong },
          {
            title: 'Sử dụng',
            key: 'use',
            width: 200,
            render: (_: unknown, p) => (
              <Progress
                aria-label={`Đã sử dụng ${Math.round(((p.committed + p.settled) / Math.max(1, p.allocation)) * 100)}% dự toán`}
                percent={Math.round(((p.committed + p.settled) / Math.max(1, p.allocation)) * 100)}
                success={{ percent: Math.round((p.settled / Math.max(1, p.allocation)) * 100) }}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
