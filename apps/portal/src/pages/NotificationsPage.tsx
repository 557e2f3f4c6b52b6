/** Reminders and missed deadlines sent to the signed-in user, newest first. */
import { Card, List, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { send } from '../api/client';
import { ProblemAlert } from '../components/Problem';
import { formatInstant } from '../format';

interface Notification {
  id: string;
  deAnId?: string;
  kind: string;
  title?: string;
  message?: string;
  text?: string;
  createdAt?: string;
  at?: string;
}

export function NotificationsPage() {
  const list = useQuery({ queryKey: ['notifications'], queryFn: () => send<{ items: Notification[] }>('GET', '/api/v1/notifications?limit=100') });
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          Thông báo
        </Typography.Title>
      }
    >
      {list.error && <ProblemAlert error={list.error} />}
      <List
        loading={list.isPending}
        locale={{ emptyText: 'Chưa có thông báo' }}
        dataSource={list.data?.items ?? []}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  <Tag color={n.kind === 'missed' ? '#a8071a' : '#1f4e99'}>{n.kind === 'missed' ? 'Quá hạn' : 'Nhắc hạn'}</Tag>
                  {n.deAnId ? <Link to={`/de-an/${n.deAnId}`}>{n.title ?? 'Đề án'}</Link> : n.title}
                </>
              }
              description={`${n.message ?? n.text ?? ''} · ${formatInstant(n.createdAt ?? n.at)}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
