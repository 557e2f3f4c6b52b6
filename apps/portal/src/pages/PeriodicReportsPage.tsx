/**
 * The periodic reports to the Ministry: a province's officer submits the quarterly, six-month or annual
 * report (the figures as of that instant, kept with their hash); everyone who may sees which were submitted,
 * late or missed — the Ministry's staff for every province.
 */
import { App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { send } from '../api/client';
import { ProblemAlert, useSubmission } from '../components/Problem';
import { formatInstant } from '../format';
import { useSession } from '../session';

interface PeriodicReport {
  province: string;
  provinceName: string;
  type: string;
  typeLabel: string;
  period: string;
  dueAt: string;
  status: 'submitted' | 'late' | 'missed';
  statusLabel: string;
  submittedAt: string | null;
  signedBy: string | null;
  snapshotHash: string | null;
}

const TYPES = [
  { value: 'quarterly', label: 'Báo cáo quý', example: '2026-Q3' },
  { value: 'six-month', label: 'Báo cáo 6 tháng', example: '2026-H1' },
  { value: 'annual', label: 'Báo cáo năm', example: '2026' },
];
const STATUS_COLORS: Record<PeriodicReport['status'], string> = { submitted: '#1d6b2f', late: '#a14d00', missed: '#a8071a' };

export function PeriodicReportsPage() {
  const { me } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ type: string; period: string }>();
  const type = Form.useWatch('type', form) ?? 'quarterly';
  const list = useQuery({ queryKey: ['periodic-reports'], queryFn: () => send<{ items: PeriodicReport[] }>('GET', '/api/v1/periodic-reports') });
  const { error, run, busy } = useSubmission(form);
  // a province's officer signs its report; the Ministry's staff receive them
  const submits = me?.role === 'officer' && me.province !== undefined;
  const submit = (values: { type: string; period: string }) =>
    run(async () => {
      const done = await send<{ period: string; late: boolean; snapshotHash: string }>('POST', '/api/v1/periodic-reports', values);
      message.success(`Đã nộp báo cáo kỳ ${done.period}${done.late ? ' (nộp muộn)' : ''}; mã băm ${done.snapshotHash.slice(0, 12)}…`);
      form.resetFields(['period']);
      setTimeout(() => queries.invalidateQueries({ queryKey: ['periodic-reports'] }), 300); // a read model: a moment behind
    });
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          Báo cáo định kỳ gửi Bộ Công Thương
        </Typography.Title>
      }
    >
      {submits && (
        <Form
          form={form}
          name="nop-bao-cao"
          layout="inline"
          onFinish={submit}
          initialValues={{ type: 'quarterly' }}
          style={{ marginBottom: 16 }}
          aria-label="Nộp báo cáo định kỳ"
        >
          <Form.Item name="type" label="Loại báo cáo" rules={[{ required: true, message: 'Chọn loại báo cáo' }]}>
            <Select showSearch optionFilterProp="label" style={{ width: 180 }} options={TYPES.map(({ value, label }) => ({ value, label }))} />
          </Form.Item>
          <Form.Item
            name="period"
            label="Kỳ báo cáo"
            rules={[{ required: true, message: `Nhập kỳ báo cáo, ví dụ ${TYPES.find((t) => t.value === type)?.example}` }]}
          >
            <Input style={{ width: 140 }} placeholder={TYPES.find((t) => t.value === type)?.example} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              Nộp báo cáo
            </Button>
          </Space>
        </Form>
      )}
      {(list.error ?? error) !== undefined && (list.error ?? error) !== null && <ProblemAlert error={list.error ?? error} />}
      <Table<PeriodicReport>
        rowKey={(r) => `${r.province}-${r.type}-${r.period}`}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Typography.Text>Chưa có báo cáo định kỳ nào đến hạn</Typography.Text> }}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: 'Tỉnh', dataIndex: 'provinceName' },
          { title: 'Loại', dataIndex: 'typeLabel' },
          { title: 'Kỳ', dataIndex: 'period' },
          { title: 'Hạn nộp', dataIndex: 'dueAt', render: (v: string) => formatInstant(v) },
          {
            title: 'Trạng thái',
            dataIndex: 'status',
            render: (s: PeriodicReport['status'], r) => <Tag color={STATUS_COLORS[s]}>{r.statusLabel}</Tag>,
          },
          { title: 'Nộp lúc', dataIndex: 'submittedAt', render: (v: string | null) => (v ? formatInstant(v) : '—') },
          { title: 'Người ký', dataIndex: 'signedBy', render: (v: string | null) => v ?? '—' },
          {
            title: 'Mã băm (SHA-256)',
            dataIndex: 'snapshotHash',
            render: (v: string | null) => (v ? <Typography.Text code>{v.slice(0, 16)}…</Typography.Text> : '—'),
          },
        ]}
      />
    </Card>
  );
}
