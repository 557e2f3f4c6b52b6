/** The frame of every page once signed in: the header with who is signed in, and the menu of their role. */
import { ReactNode } from 'react';
import { Button, Layout, Menu, Space, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import { useSession } from '../session';
import { ROLE_LABELS } from '../labels';

const STAFF = ['officer', 'approver', 'finance', 'auditor', 'admin'];

/** The đề án list as each role calls it. */
export const LIST_TITLES: Record<string, string> = {
  applicant: 'Đề án của tôi',
  officer: 'Việc cần xử lý',
  council: 'Đề án được phân công',
};

export function Shell({ children }: { children: ReactNode }) {
  const { me, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const role = me!.role;
  const items = [
    { key: '/de-an', label: LIST_TITLES[role] ?? 'Danh sách đề án' },
    ...(STAFF.includes(role) ? [{ key: '/ke-hoach', label: 'Kế hoạch' }] : []),
    ...(STAFF.includes(role) ? [{ key: '/bao-cao', label: 'Báo cáo' }] : []),
    ...(['officer', 'approver', 'auditor', 'admin'].includes(role) ? [{ key: '/bao-cao-dinh-ky', label: 'Báo cáo định kỳ' }] : []),
    ...(role === 'officer' || role === 'admin' ? [{ key: '/nhap-lich-su', label: 'Nhập lịch sử' }] : []),
    ...(role === 'auditor' || role === 'admin' ? [{ key: '/kiem-tra', label: 'Toàn vẹn dữ liệu' }] : []),
    ...(role === 'admin' ? [{ key: '/nguoi-dung', label: 'Người dùng' }] : []),
    { key: '/thong-bao', label: 'Thông báo' },
  ];
  // the item whose path is the page's or its parent: /bao-cao-dinh-ky is not /bao-cao
  const selected = items.map((i) => i.key).filter((key) => location.pathname === key || location.pathname.startsWith(`${key}/`));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#0b5cad' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>
          Khuyến công — Quản lý đề án
        </Typography.Text>
        <Space>
          <Typography.Text style={{ color: '#fff' }} aria-label="Người đăng nhập">
            {me!.displayName} · {ROLE_LABELS[role] ?? role}
          </Typography.Text>
          <Button onClick={() => signOut().then(() => navigate('/'))}>Đăng xuất</Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
          <nav aria-label="Chức năng">
            <Menu mode="inline" selectedKeys={selected} items={items} onClick={({ key }) => navigate(key)} />
          </nav>
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <main>{children}</main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
