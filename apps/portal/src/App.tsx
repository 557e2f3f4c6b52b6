/** The portal: Vietnamese locale, server state in TanStack Query, one layout with a menu by role. */
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SessionProvider, useSession } from './session';
import { Shell } from './components/Shell';
import { SignInPage } from './pages/SignInPage';
import { DeAnListPage } from './pages/DeAnListPage';
import { DeAnPage } from './pages/DeAnPage';
import { RegisterPage } from './pages/RegisterPage';
import { AuditPage } from './pages/AuditPage';
import { PeriodicReportsPage } from './pages/PeriodicReportsPage';
import { ReportsPage } from './pages/ReportsPage';
import { UsersPage } from './pages/UsersPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { PlansPage } from './pages/PlansPage';
import { ImportPage } from './pages/ImportPage';

dayjs.locale('vi');

/** Animations only for those who have not asked their system for less motion (WCAG 2.3.3). */
const motion = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;

const queries = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

function Routed() {
  const { me, loading } = useSession();
  if (loading) return <Spin fullscreen tip="Đang tải…" />;
  if (!me) return <SignInPage />;
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Navigate to="/de-an" replace />} />
        <Route path="/de-an" element={<DeAnListPage />} />
        <Route path="/de-an/dang-ky" element={<RegisterPage />} />
        <Route path="/de-an/:id" element={<DeAnPage />} />
        <Route path="/ke-hoach" element={<PlansPage />} />
        <Route path="/nhap-lich-su" element={<ImportPage />} />
        <Route path="/bao-cao" element={<ReportsPage />} />
        <Route path="/bao-cao-dinh-ky" element={<PeriodicReportsPage />} />
        <Route path="/kiem-tra" element={<AuditPage />} />
        <Route path="/nguoi-dung" element={<UsersPage />} />
        <Route path="/thong-bao" element={<NotificationsPage />} />
        <Route path="*" element={<Navigate to="/de-an" replace />} />
      </Routes>
    </Shell>
  );
}

export function App() {
  return (
    <ConfigProvider
      locale={viVN}
      theme={{
        token: {
          colorPrimary: '#0b5cad',
          borderRadius: 4,
          colorTextSecondary: '#595959',
          colorTextDescription: '#595959',
          colorTextPlaceholder: '#6b6b6b',
          colorError: '#b3261e',
          colorLink: '#0b5cad',
          motion,
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queries}>
          <BrowserRouter>
            <SessionProvider>
              <Routed />
            </SessionProvider>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
