import { Typography } from 'antd';
import { useEffect } from 'react';
import { Link, Outlet } from 'react-router-dom';
import './portal.css';

/** The browser tab's title on portal pages. */
export function usePortalTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} - 网上信访` : '网上信访';
  }, [title]);
}

/**
 * The citizen portal's frame: a plain header, a narrow centred column, no staff navigation. Phone first (375 px);
 * it widens to 720 px on larger screens. Later portal pages (evaluation, review requests) render inside it too.
 */
export function PortalLayout() {
  useEffect(() => {
    document.body.classList.add('xf-portal');
    return () => document.body.classList.remove('xf-portal');
  }, []);

  return (
    <div data-testid="portal" style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}>
      <header className="xf-portal-header">
        <Link to="/portal" style={{ display: 'flex', flexDirection: 'column' }} data-testid="portal-home-link">
          <span style={{ fontSize: 20, fontWeight: 600, letterSpacing: 2 }}>网上信访</span>
          <span style={{ fontSize: 12, opacity: 0.8 }}>信访工作平台 · 群众入口</span>
        </Link>
      </header>
      <main className="xf-portal-main" style={{ flex: 1, width: '100%', boxSizing: 'border-box' }}>
        <Outlet />
      </main>
      <footer style={{ textAlign: 'center', padding: '16px 12px 24px', fontSize: 12 }}>
        <Typography.Text type="secondary">
          依据《信访工作条例》依法受理、办理。请如实反映情况，对所提供材料的真实性负责。
        </Typography.Text>
        <div style={{ marginTop: 8 }}>
          <Link to="/login">工作人员登录</Link>
        </div>
      </footer>
    </div>
  );
}
