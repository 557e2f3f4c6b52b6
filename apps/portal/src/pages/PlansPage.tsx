/**
 * The plans in the user's scope: the period plans (targets and funding for a period, made here by an
 * officer) and the annual plans with their allocation, committed, settled and what remains.
 */
import { useState } from 'react';
import { App, Button, Card, Drawer, Form, Input, InputNumber, Progress, Select, Spin, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { send, writeHeaders } from '../api/client';
import { bodySchema, useOpenApi } from '../api/openapi';
import { ProblemAlert, SendRow, useSubmission } from '../components/Problem';
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
              <SendRow error={error} busy={busy} />
            </Form>
          )}
        </Drawer>
      )}
    </Card>
  );
}

/** The next year's plans of the same kind: where a plan's unspent money may go (NĐ 45/2012 Điều 14.4). */
const nextYearsOf = (plan: Plan, all: readonly Plan[]) =>
  all.filter((p) => p.year === plan.year + 1 && p.fundingSource === plan.fundingSource && p.level === plan.level && p.province === plan.province);

/** Carrying a plan's unspent money over to a next year's plan, by a decision. */
function CarryOver({ plan, targets, onClose }: { plan: Plan; targets: readonly Plan[]; onClose(): void }) {
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ toPlanId: string; amount: number; decisionNo: string }>();
  const { busy, error, run } = useSubmission(form);
  const submit = (values: { toPlanId: string; amount: number; decisionNo: string }) =>
    run(async () => {
      await send('POST', `/api/v1/plans/${plan.id}/carry-over`, values, writeHeaders());
      message.success(`Đã chuyển ${formatDong(values.amount)} sang kế hoạch năm ${plan.year + 1}`);
      onClose();
      setTimeout(() => queries.invalidateQueries({ queryKey: ['plans'] }), 300); // a read model: a moment behind
    });
  return (
    <Drawer open title={`Chuyển kinh phí năm ${plan.year} sang năm sau`} width={520} onClose={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ toPlanId: targets[0]?.id }}>
        <Form.Item name="toPlanId" label="Kế hoạch năm sau nhận kinh phí" rules={[{ required: true, message: 'Chọn kế hoạch năm sau' }]}>
          <Select options={targets.map((t) => ({ value: t.id, label: `Năm ${t.year} — dự toán ${formatDong(t.allocation)}` }))} />
        </Form.Item>
        <Form.Item
          name="amount"
          label="Kinh phí chuyển sang năm sau (đồng)"
          extra={`Còn chưa sử dụng: ${formatDong(plan.remaining)}`}
          rules={[{ required: true, message: 'Nhập số tiền' }]}
        >
          <InputNumber style={{ width: '100%' }} min={1} max={plan.remaining} step={1_000_000} />
        </Form.Item>
        <Form.Item name="decisionNo" label="Số quyết định" rules={[{ required: true, message: 'Nhập số quyết định' }]}>
          <Input />
        </Form.Item>
        <SendRow error={error} busy={busy} />
      </Form>
    </Drawer>
  );
}

export function PlansPage() {
  const { me } = useSession();
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => send<{ items: Plan[] }>('GET', '/api/v1/plans') });
  const [carrying, setCarrying] = useState<Plan>();
  const manages = me?.role === 'officer' || me?.role === 'admin';
  const all = plans.data?.items ?? [];
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
            ...(manages
              ? [
                  {
                    title: 'Thao tác',
                    key: 'actions',
                    render: (_: unknown, p: Plan) =>
                      p.remaining > 0 && nextYearsOf(p, all).length > 0 ? (
                        <Button size="small" onClick={() => setCarrying(p)}>
                          Chuyển kinh phí năm {p.year} sang năm sau
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
        {carrying && <CarryOver plan={carrying} targets={nextYearsOf(carrying, all)} onClose={() => setCarrying(undefined)} />}
      </Card>
    </>
  );
}
