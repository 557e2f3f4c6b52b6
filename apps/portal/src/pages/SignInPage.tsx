/** Sign-in: username and password, or the province's identity provider when one is configured. */
import { Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { send } from '../api/client';
import { ProblemAlert, useSubmission } from '../components/Problem';
import { useSession } from '../session';

export function SignInPage() {
  const { signIn } = useSession();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const { busy, error, run } = useSubmission(form);
  const options = useQuery({ queryKey: ['auth-options'], queryFn: () => send<{ oidc: boolean }>('GET', '/api/v1/auth/options') });
  const submit = (values: { username: string; password: string }) => run(() => signIn(values.username, values.password));
  return (
    <main style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: '100vh', background: '#f0f4f8' }}>
      <Card style={{ width: 400 }}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          Khuyến công — Quản lý đề án
        </Typography.Title>
        <Typography.Paragraph type="secondary">Đăng nhập bằng tài khoản do Trung tâm Khuyến công cấp.</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, message: 'Nhập tên đăng nhập' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Nhập mật khẩu' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error !== undefined && <ProblemAlert error={error} />}
          <Button type="primary" htmlType="submit" block loading={busy} style={{ marginTop: 12 }}>
            Đăng nhập
          </Button>
        </Form>
        {options.data?.oidc && (
          <>
            <Divider plain>hoặc</Divider>
            <Button block href="/api/v1/auth/oidc/login?returnTo=/">
              Đăng nhập qua nhà cung cấp định danh của tỉnh
            </Button>
          </>
        )}
      </Card>
    </main>
  );
}
