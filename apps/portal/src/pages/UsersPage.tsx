/** The user directory, for admins: who has which role and scope; create, disable, reset a password, sign out everywhere. */
import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { send, writeHeaders } from '../api/client';
import { ProblemAlert, useSubmission } from '../components/Problem';
import { ROLE_LABELS } from '../labels';

interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  org?: string;
  province?: string;
  email?: string;
  councilEligible: boolean;
  status: string;
  locked: boolean;
}

export function UsersPage() {
  const queries = useQueryClient();
  const { message } = App.useApp();
  const users = useQuery({ queryKey: ['users'], queryFn: () => send<{ items: User[] }>('GET', '/api/v1/users') });
  const [creating, setCreating] = useState(false);
  const { error, run } = useSubmission();
  const refresh = () => setTimeout(() => queries.invalidateQueries({ queryKey: ['users'] }), 300); // the list is a read model: a moment behind
  const act = (user: User, change: Record<string, unknown>, done: string) =>
    run(async () => {
      await send('PATCH', `/api/v1/users/${user.id}`, change);
      message.success(done);
      refresh();
    });
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          Người dùng
        </Typography.Title>
      }
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          Tạo người dùng
        </Button>
      }
    >
      {(users.error ?? error) !== undefined && (users.error ?? error) !== null && <ProblemAlert error={users.error ?? error} />}
      <Table<User>
        rowKey="id"
        loading={users.isPending}
        dataSource={users.data?.items ?? []}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: 'Tên đăng nhập', dataIndex: 'username' },
          { title: 'Họ tên', dataIndex: 'displayName' },
          { title: 'Vai trò', dataIndex: 'role', render: (r: string) => ROLE_LABELS[r] ?? r },
          { title: 'Tổ chức / tỉnh', key: 'scope', render: (_: unknown, u) => u.org ?? u.province ?? 'Toàn quốc' },
          {
            title: 'Trạng thái',
            key: 'status',
            render: (_: unknown, u) => (
              <>
                <Tag color={u.status === 'Active' ? '#1d6b2f' : '#545454'}>{u.status === 'Active' ? 'Hoạt động' : 'Vô hiệu hoá'}</Tag>
                {u.locked && <Tag color="#a8071a">Tạm khoá</Tag>}
              </>
            ),
          },
          {
            title: 'Thao tác',
            key: 'actions',
            render: (_: unknown, u) => (
              <Space wrap>
                {u.status === 'Active' ? (
                  <Button size="small" type="primary" danger onClick={() => act(u, { disabled: true }, `Đã vô hiệu hoá ${u.username}`)}>
                    Vô hiệu hoá {u.username}
                  </Button>
                ) : (
                  <Button size="small" onClick={() => act(u, { disabled: false }, `Đã mở lại ${u.username}`)}>
                    Mở lại {u.username}
                  </Button>
                )}
                <ResetPassword user={u} onDone={refresh} />
              </Space>
            ),
          },
        ]}
      />
      {creating && (
        <CreateUser
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            refresh();
          }}
        />
      )}
    </Card>
  );
}

function ResetPassword({ user, onDone }: { user: User; onDone(): void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ password: string }>();
  const { error, run } = useSubmission(form);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        Đặt lại mật khẩu {user.username}
      </Button>
      <Modal
        open={open}
        title={`Đặt lại mật khẩu cho ${user.displayName}`}
        okText="Đặt lại"
        cancelText="Huỷ"
        onCancel={() => setOpen(false)}
        onOk={() =>
          form.validateFields().then(({ password }) =>
            run(async () => {
              await send('PATCH', `/api/v1/users/${user.id}`, { password });
              setOpen(false);
              onDone();
            }),
          )
        }
      >
        <Form form={form} layout="vertical">
          <Form.Item label="Mật khẩu mới" name="password" rules={[{ required: true, min: 12, message: 'Ít nhất 12 ký tự' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
        {error !== undefined && <ProblemAlert error={error} />}
      </Modal>
    </>
  );
}

function CreateUser({ onClose, onCreated }: { onClose(): void; onCreated(): void }) {
  const [form] = Form.useForm();
  const { error, run } = useSubmission(form);
  const [key] = useState(() => writeHeaders()['Idempotency-Key']!);
  const role = Form.useWatch('role', form) as string | undefined;
  const submit = (values: Record<string, unknown>) =>
    run(async () => {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
      await send('POST', '/api/v1/users', body, { 'Idempotency-Key': key });
      onCreated();
    });
  return (
    <Modal open title="Tạo người dùng" okText="Tạo" cancelText="Huỷ" onCancel={onClose} onOk={() => form.submit()}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ councilEligible: false }}>
        <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, message: 'Nhập tên đăng nhập' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="Họ tên" name="displayName" rules={[{ required: true, message: 'Nhập họ tên' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="Vai trò" name="role" rules={[{ required: true, message: 'Chọn vai trò' }]}>
          <Select aria-label="Vai trò" options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        {role === 'applicant' && (
          <Form.Item label="Mã tổ chức" name="org" rules={[{ required: true, message: 'Nhập mã tổ chức' }]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item label="Mã tỉnh" name="province">
          <Input />
        </Form.Item>
        <Form.Item label="Thư điện tử" name="email">
          <Input type="email" />
        </Form.Item>
        <Form.Item name="councilEligible" valuePropName="checked">
          <Checkbox>Có thể tham gia hội đồng</Checkbox>
        </Form.Item>
        <Form.Item label="Mật khẩu ban đầu" name="password" rules={[{ required: true, message: 'Nhập mật khẩu (ít nhất 12 ký tự)' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      {error !== undefined && <ProblemAlert error={error} />}
    </Modal>
  );
}
