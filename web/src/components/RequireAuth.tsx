import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { errorText } from '../api';
import { useSession } from '../auth';
import { ForcedPasswordChangePage } from '../accounts/ForcedPasswordChangePage';

/**
 * Renders its children only with a session. Without one (401 from /auth/me, or any later 401, which the
 * global handler in main.tsx turns into a `null` session) it redirects to /login, keeping the URL to return to.
 * An account that must change its password (administrator's reset) sees only the change-password screen.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) {
    return (
      <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (session.isError) {
    return (
      <Result
        status="500"
        title="无法获取登录状态"
        subTitle={errorText(session.error)}
        extra={<Button type="primary" onClick={() => void session.refetch()}>重试</Button>}
      />
    );
  }
  if (!session.data) {
    const back = `${location.pathname}${location.search}`;
    const to = back === '/' ? '/login' : `/login?redirect=${encodeURIComponent(back)}`;
    return <Navigate to={to} replace />;
  }
  if (session.data.user.mustChangePassword) return <ForcedPasswordChangePage me={session.data.user} />;
  return <>{children}</>;
}
