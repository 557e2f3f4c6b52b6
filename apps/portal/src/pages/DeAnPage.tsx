/**
 * One đề án: its dossier (Hồ sơ), its history (Lịch sử), the dossier as it stood on any day (Xem theo
 * ngày), and the steps the signed-in user may take now — each a form drawn from the step's body schema,
 * sent with If-Match (the version shown) and a new Idempotency-Key.
 */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Form, Select, Space, Spin, Tabs, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { send, writeHeaders } from '../api/client';
import { bodySchema, useOpenApi } from '../api/openapi';
import { Attachment, AttachmentList } from '../components/Attachments';
import { ProblemAlert, useSubmission } from '../components/Problem';
import { Overrides, prune, SchemaFields } from '../components/SchemaForm';
import { DossierFigures, StepHint, usePlanChoice } from '../components/StepHints';
import { formatDay, formatDong, formatInstant } from '../format';
import { ROLE_LABELS, STATUS_COLORS, VALUE_LABELS } from '../labels';
import { useSession } from '../session';

interface Action {
  name: string;
  route: string;
  summary: string;
}
interface DeAn {
  id: string;
  version: number;
  status: string;
  statusLabel: string;
  title?: string;
  organisation?: string;
  province?: string;
  planYear?: number;
  fundingSource?: string;
  contentArea?: string;
  activity?: string;
  locality?: string;
  implementingUnit?: string;
  budget?: { totalCost: number; requestedSupport: number; counterpartFunds: number; machineryValue: number };
  approvedSupport?: number;
  council?: { chair: string; members: { sub: string; name: string }[] };
  revisionRequest?: { items: string[]; dueDate: string };
  schedule?: { start: string; end: string };
  attachments?: Attachment[];
  beneficiary?: { name: string };
  establishments?: { name: string; taxCode?: string; support: number }[];
  actions: Action[];
  [key: string]: unknown;
}
interface HistoryEvent {
  type: string;
  /** Its Vietnamese name (the domain's table, served with the history). */
  label: string;
  version: number;
  at: string;
  actor: { sub: string; role: string; name?: string };
  reason?: string;
  decisionNo?: string;
  imported?: { externalId: string; batchId: string; importedBy: { sub: string; name?: string } };
  data: Record<string, unknown>;
}

/** The end of a calendar day in Asia/Ho_Chi_Minh: the dossier as it stood that evening. */
const endOfDay = (day: dayjs.Dayjs) => `${day.format('YYYY-MM-DD')}T23:59:59.999+07:00`;

export function DeAnPage() {
  const { id } = useParams();
  const { me } = useSession();
  const queries = useQueryClient();
  const [asOf, setAsOf] = useState<dayjs.Dayjs | null>(null);
  const [open, setOpen] = useState<Action>();
  const [declared, setDeclared] = useState<boolean | undefined>(undefined);
  const path = `/api/v1/de-an/${id}${asOf ? `?asOf=${encodeURIComponent(endOfDay(asOf))}` : ''}`;
  const deAn = useQuery({ queryKey: ['de-an', id, asOf?.format('YYYY-MM-DD') ?? 'now'], queryFn: () => send<DeAn>('GET', path) });
  const canReadHistory = ['applicant', 'officer', 'approver', 'finance', 'auditor'].includes(me!.role);
  const history = useQuery({
    queryKey: ['history', id],
    queryFn: () => send<{ events: HistoryEvent[] }>('GET', `/api/v1/de-an/${id}/history`),
    enabled: canReadHistory,
  });
  const reload = () => queries.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'de-an' || q.queryKey[0] === 'history' });

  if (deAn.isPending) return <Spin />;
  if (deAn.error) return <ProblemAlert error={deAn.error} onReload={reload} />;
  const d = deAn.data;
  // A council member declares any conflict of interest before the dossier opens (NĐ 45/2012: appraisal councils).
  const mustDeclare = me!.role === 'council' && declared === undefined && d.actions.some((a) => a.name === 'reviews');

  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          {d.title ?? 'Đề án'}
        </Typography.Title>
      }
      extra={<Tag color={STATUS_COLORS[d.status]}>{d.statusLabel}</Tag>}
    >
      {mustDeclare ? (
        <Alert
          type="warning"
          showIcon
          message="Khai báo xung đột lợi ích"
          description={
            <Space direction="vertical">
              <span>
                Trước khi xem hồ sơ, thành viên hội đồng khai báo có hay không có xung đột lợi ích với đề án này. Ý kiến của người có xung đột không
                được tính.
              </span>
              <Space>
                <Button type="primary" onClick={() => setDeclared(false)}>
                  Tôi không có xung đột lợi ích
                </Button>
                <Button onClick={() => setDeclared(true)}>Tôi có xung đột lợi ích</Button>
              </Space>
            </Space>
          }
        />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 16 }}>
            <label>
              Xem theo ngày{' '}
              <DatePicker
                aria-label="Xem theo ngày"
                format="DD/MM/YYYY"
                value={asOf}
                onChange={(value) => setAsOf(value)}
                disabledDate={(day) => day.isAfter(dayjs())}
              />
            </label>
            {asOf && (
              <Tag color="#5b2e91">
                Hồ sơ tại ngày {asOf.format('DD/MM/YYYY')} (phiên bản {d.version})
              </Tag>
            )}
            {!asOf &&
              d.actions.map((action) => (
                <Button key={action.name} onClick={() => setOpen(action)}>
                  {action.summary}
                </Button>
              ))}
          </Space>
          <Tabs
            items={[
              { key: 'dossier', label: 'Hồ sơ', children: <Dossier deAn={d} /> },
              ...(canReadHistory
                ? [
                    {
                      key: 'history',
                      label: 'Lịch sử',
                      children: history.error ? <ProblemAlert error={history.error} /> : <History events={history.data?.events ?? []} />,
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
      {open && (
        <StepDrawer
          deAn={d}
          action={open}
          conflict={declared}
          onClose={() => setOpen(undefined)}
          onDone={() => {
            setOpen(undefined);
            reload();
          }}
        />
      )}
    </Card>
  );
}

function Dossier({ deAn: d }: { deAn: DeAn }) {
  return (
    <>
      {d.status === 'RevisionRequested' && d.revisionRequest && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={`Hội đồng yêu cầu bổ sung, hạn ${formatDay(d.revisionRequest.dueDate)}`}
          description={
            <ul>
              {d.revisionRequest.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          }
        />
      )}
      <Descriptions bordered column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label="Trạng thái">{d.statusLabel}</Descriptions.Item>
        <Descriptions.Item label="Phiên bản">{d.version}</Descriptions.Item>
        <Descriptions.Item label="Tổ chức">{d.organisation}</Descriptions.Item>
        <Descriptions.Item label="Tỉnh">{d.province}</Descriptions.Item>
        <Descriptions.Item label="Năm kế hoạch">{d.planYear}</Descriptions.Item>
        <Descriptions.Item label="Nguồn kinh phí">{d.fundingSource ? VALUE_LABELS[d.fundingSource] : '—'}</Descriptions.Item>
        <Descriptions.Item label="Nội dung, hoạt động">
          {d.contentArea}.{String(d.activity ?? '').split('.')[1] ?? ''}
        </Descriptions.Item>
        <Descriptions.Item label="Địa bàn">{d.locality}</Descriptions.Item>
        <Descriptions.Item label="Đơn vị thực hiện">{d.implementingUnit}</Descriptions.Item>
        <Descriptions.Item label="Thời gian thực hiện">
          {d.schedule ? `${formatDay(d.schedule.start)} – ${formatDay(d.schedule.end)}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label="Tổng kinh phí">{formatDong(d.budget?.totalCost)}</Descriptions.Item>
        <Descriptions.Item label="Kinh phí đề nghị hỗ trợ">{formatDong(d.budget?.requestedSupport)}</Descriptions.Item>
        <Descriptions.Item label="Kinh phí được phê duyệt">{formatDong(d.approvedSupport)}</Descriptions.Item>
        <Descriptions.Item label="Hội đồng">
          {d.council ? d.council.members.map((m) => `${m.name}${m.sub === d.council!.chair ? ' (chủ tịch)' : ''}`).join(', ') : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={d.establishments ? `Cơ sở thụ hưởng (đề án nhóm, ${d.establishments.length} cơ sở)` : 'Cơ sở thụ hưởng'} span={2}>
          {d.establishments ? (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {d.establishments.map((e) => (
                <li key={`${e.name}${e.taxCode ?? ''}`}>
                  {e.name}
                  {e.taxCode ? ` (MST ${e.taxCode})` : ''}: {formatDong(e.support)}
                </li>
              ))}
            </ul>
          ) : (
            (d.beneficiary?.name ?? '—')
          )}
        </Descriptions.Item>
        <Descriptions.Item label="Tài liệu kèm theo" span={2}>
          <AttachmentList deAnId={d.id} attachments={d.attachments ?? []} />
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}

function History({ events }: { events: HistoryEvent[] }) {
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.version,
        color: e.type === 'DeadlineMissed' || e.type.includes('Failed') || e.type.includes('Rejected') ? 'red' : 'blue',
        children: (
          <div>
            <Typography.Text strong>{e.label}</Typography.Text> — {formatInstant(e.at)}
            <div>
              {e.actor.name ?? e.actor.sub} ({ROLE_LABELS[e.actor.role] ?? e.actor.role})
              {e.decisionNo || e.data.decisionNo ? ` · Số quyết định ${String(e.decisionNo ?? e.data.decisionNo)}` : ''}
              {e.reason || e.data.reason ? ` · Lý do: ${String(e.reason ?? e.data.reason)}` : ''}
            </div>
            {e.imported && (
              <Tag color="#5b2e91">
                Nhập từ lịch sử ({e.imported.externalId}) bởi {e.imported.importedBy.name ?? e.imported.importedBy.sub}
              </Tag>
            )}
          </div>
        ),
      }))}
    />
  );
}

/** The council users an officer may name (GET /users/council). */
function useCouncilUsers(enabled: boolean) {
  return useQuery({
    queryKey: ['council-users'],
    queryFn: () => send<{ items: { id: string; displayName: string }[] }>('GET', '/api/v1/users/council'),
    enabled,
  });
}

function StepDrawer({
  deAn,
  action,
  conflict,
  onClose,
  onDone,
}: {
  deAn: DeAn;
  action: Action;
  conflict?: boolean;
  onClose(): void;
  onDone(): void;
}) {
  const document = useOpenApi();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmission(form);
  const council = useCouncilUsers(action.name === 'council');
  const planChoice = usePlanChoice(deAn as DossierFigures, action.name === 'approval');
  const values = (Form.useWatch([], form) ?? {}) as Record<string, unknown>;
  const route = action.route.replace(':adjustmentId', '{adjustmentId}');
  const schema = document.data && bodySchema(document.data, 'POST', `/api/v1/de-an/{id}/${route}`);
  const people = (council.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }));
  const overrides: Overrides =
    action.name === 'council'
      ? {
          members: (name, label, required) => (
            <Form.Item label={label} name={name} rules={required ? [{ required: true, message: 'Chọn thành viên hội đồng' }] : []}>
              <Select mode="multiple" aria-label={label} showSearch={{ optionFilterProp: 'label' }} options={people} />
            </Form.Item>
          ),
          chair: (name) => (
            <Form.Item label="Chủ tịch hội đồng" name={name} rules={[{ required: true, message: 'Chọn chủ tịch hội đồng' }]}>
              <Select aria-label="Chủ tịch hội đồng" showSearch={{ optionFilterProp: 'label' }} options={people} />
            </Form.Item>
          ),
        }
      : planChoice;
  const submit = (values: Record<string, unknown>) =>
    run(async () => {
      let body = (prune(values) ?? {}) as Record<string, unknown>;
      if (action.name === 'council') {
        const names = new Map(people.map((p) => [p.value, p.label]));
        body = { ...body, members: (values.members as string[]).map((sub) => ({ sub, name: names.get(sub) ?? sub })) };
      }
      await send('POST', `/api/v1/de-an/${deAn.id}/${action.route}`, body, writeHeaders(deAn.version));
      onDone();
    });
  return (
    <Drawer open title={action.summary} width={640} onClose={onClose} destroyOnHidden>
      {!schema ? (
        <Spin />
      ) : (
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={action.name === 'reviews' && conflict !== undefined ? { conflictOfInterest: conflict } : {}}
        >
          <StepHint step={action.name} d={deAn as DossierFigures} values={values} />
          <SchemaFields schema={schema} overrides={overrides} />
          {error !== undefined && <ProblemAlert error={error} onReload={onDone} />}
          <Button type="primary" htmlType="submit" loading={busy}>
            Gửi
          </Button>
        </Form>
      )}
    </Drawer>
  );
}
