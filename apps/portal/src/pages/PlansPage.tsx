/**
 * The plans in the user's scope: the period plans (targets and funding for a period, made here by an
 * officer) and the annual plans with their allocation, committed, settled and what remains.
 */
import { useState } from 'react';
import { App, Button, Card, Drawer, Form, Progress, Spin, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { send, writeHeaders } from '../api/client';
import { bodySchema, useOpenApi } from '../api/openapi';
import { ProblemAlert, useSubmission } from '../components/Problem';
import { prune, SchemaFields } from '../components/SchemaForm';
import { useSession } from '../session';
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

interface PeriodPlan {
  id: string;
  title: string;
  province: string;
  fromYear: number;
  toYear: number;
}

/** The period plans, and the form an officer or admin makes one with (drawn from the OpenAPI document). */
function PeriodPlans() {
  const { me } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ['period-plans'], queryFn: () => send<{ items: PeriodPlan[] }>('GET', '/api/v1/period-plans') });
  const document = useOpenApi();
  const schema = document.data && bodySchema(document.data, 'POST', '/api/v1/period-plans');
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmission(form);
  const makes = me?.role === 'officer' || me?.role === 'admin';
  const submit = (values: Record<string, unknown>) =>
    run(async () => {
      await send('POST', '/api/v1/period-plans', prune(values) ?? {}, writeHeaders());
      message.success('Đã lập kế hoạch giai đoạn');
      setCreating(false);
      setTimeout(() => queries.invalidateQueries({ queryKey: ['period-plans'] }), 300); // a read model: a moment behind
    });
  return (
    <Card
      style={{ marginBottom: 16 }}
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          Kế hoạch khuyến công giai đoạn
        </Typography.Title>
      }
      extra={
        makes && (
          <Button type="primary" onClick={() => setCreating(true)}>
            Lập kế hoạch giai đoạn
          </Button>
        )
      }
    >
      {list.error && <ProblemAlert error={list.error} />}
      <Table<PeriodPlan>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Typography.Text>Chưa có kế hoạch giai đoạn</Typography.Text> }}
        pagination={false}
        columns={[
          { title: 'Kế hoạch', dataIndex: 'title' },
          { title: 'Tỉnh', dataIndex: 'province' },
          { title: 'Giai đoạn', key: 'period', render: (_: unknown, p) => `${p.fromYear} - ${p.toYear}` },
        ]}
      />
      {creating && (
        <Drawer open title="Lập kế hoạch giai đoạn" width={720} onClose={() => setCreating(false)} destroyOnHidden>
          {!schema ? (
            <Spin />
          ) : (
            <Form form={form} layout="vertical" onFinish={submit} initialValues={me?.province ? { province: me.province } : {}}>
              <SchemaFields schema={schema} />
              {error !== undefined && <ProblemAlert error={error} />}
              <Button type="primary" htmlType="submit" loading={busy}>
                Gửi
              </Button>
            </Form>
          )}
        </Drawer>
      )}
    </Card>
  );
}

export function PlansPage() {
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => send<{ items: Plan[] }>('GET', '/api/v1/plans') });
  return (
    <>
      <PeriodPlans />
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
    </>
  );
}
