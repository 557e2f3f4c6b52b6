/** The đề án a user may see, filtered and paged by the server (the read model), with their next deadline. */
import { useState } from 'react';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { DEADLINE_LABELS, DeadlineKind, LIFECYCLE_STATUSES, STATUS_LABELS } from '@app/domain';
import { send } from '../api/client';
import { ProblemAlert } from '../components/Problem';
import { LIST_TITLES } from '../components/Shell';
import { formatDay, formatDong } from '../format';
import { STATUS_COLORS, VALUE_LABELS } from '../labels';
import { useSession } from '../session';

interface Item {
  id: string;
  title: string;
  organisation: string;
  province: string;
  planYear: number;
  fundingSource: string;
  status: string;
  statusLabel: string;
  requestedSupport: number;
  approvedSupport: number;
}
interface Deadline {
  deAnId: string;
  kind: DeadlineKind;
  dueAt: string;
  overdue: boolean;
}

const PAGE = 20;

export function DeAnListPage() {
  const { me } = useSession();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string>();
  const [fundingSource, setFundingSource] = useState<string>();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const query = new URLSearchParams({
    limit: String(PAGE),
    ...(status ? { status } : {}),
    ...(fundingSource ? { fundingSource } : {}),
    ...(cursor ? { cursor } : {}),
  });
  const list = useQuery({
    queryKey: ['de-an', query.toString()],
    queryFn: () => send<{ items: Item[]; nextCursor: string | null }>('GET', `/api/v1/de-an?${query}`),
  });
  const deadlines = useQuery({
    queryKey: ['deadlines'],
    queryFn: () => send<{ items: Deadline[] }>('GET', '/api/v1/deadlines?limit=1000'),
  });
  const nextDeadline = (id: string) => deadlines.data?.items.filter((d) => d.deAnId === id).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const refilter = (apply: () => void) => {
    apply();
    setCursors([undefined]);
  };
  const title = LIST_TITLES[me!.role] ?? 'Danh sách đề án';
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          {title}
        </Typography.Title>
      }
      extra={
        (me!.role === 'applicant' || me!.role === 'officer') && (
          <Button type="primary" onClick={() => navigate('/de-an/dang-ky')}>
            Đăng ký đề án
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="Lọc theo trạng thái"
          placeholder="Trạng thái"
          allowClear
          style={{ width: 240 }}
          value={status}
          onChange={(value) => refilter(() => setStatus(value))}
          options={LIFECYCLE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
        />
        <Select
          aria-label="Lọc theo nguồn kinh phí"
          placeholder="Nguồn kinh phí"
          allowClear
          style={{ width: 240 }}
          value={fundingSource}
          onChange={(value) => refilter(() => setFundingSource(value))}
          options={['KCQG', 'KCDP'].map((v) => ({ value: v, label: VALUE_LABELS[v] }))}
        />
      </Space>
      {list.error && <ProblemAlert error={list.error} />}
      <Table<Item>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          { title: 'Tên đề án', dataIndex: 'title', render: (text: string, row) => <Link to={`/de-an/${row.id}`}>{text}</Link> },
          { title: 'Tổ chức', dataIndex: 'organisation' },
          { title: 'Năm KH', dataIndex: 'planYear', width: 90 },
          { title: 'Nguồn', dataIndex: 'fundingSource', width: 90 },
          { title: 'Trạng thái', dataIndex: 'status', render: (s: string, row) => <Tag color={STATUS_COLORS[s]}>{row.statusLabel}</Tag> },
          { title: 'Kinh phí đề nghị', dataIndex: 'requestedSupport', align: 'right', render: formatDong },
          {
            title: 'Hạn tiếp theo',
            key: 'deadline',
            render: (_: unknown, row) => {
              const next = nextDeadline(row.id);
              if (!next) return '—';
              const days = Math.ceil((new Date(next.dueAt).getTime() - Date.now()) / 86_400_000);
              return (
                <Typography.Text type={next.overdue ? 'danger' : undefined}>
                  {DEADLINE_LABELS[next.kind] ?? next.kind}: {formatDay(next.dueAt)} {next.overdue ? '(quá hạn)' : `(còn ${days} ngày)`}
                </Typography.Text>
              );
            },
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Trang trước
        </Button>
        <Button disabled={!list.data?.nextCursor} onClick={() => setCursors([...cursors, list.data!.nextCursor!])}>
          Trang sau
        </Button>
      </Space>
    </Card>
  );
}
