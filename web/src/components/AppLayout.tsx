import { App as AntApp, Button, Layout, Menu, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useLogout, useMe } from '../auth';
import { navItemFor, visibleNavItems, type NavItem } from '../nav';
import { NotificationBell } from '../notifications/NotificationBell';
import { ChangePasswordForm } from '../accounts/ChangePasswordForm';

const { Header, Sider, Content } = Layout;

export const HEADER_BG = '#0e3f7e';

/** The authenticated shell: header with user, body and role; left navigation by permission; page outlet. */
export function AppLayout() {
  const me = useMe();
  const location = useLocation();
  const logout = useLogout();
  const items = visibleNavItems(me.permissions);
  const selected = navItemFor(location.pathname)?.path;
  const [changingPassword, setChangingPassword] = useState(false);
  const { message } = AntApp.useApp();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          height: 56,
          lineHeight: '56px',
          paddingInline: 20,
          background: `linear-gradient(90deg, ${HEADER_BG} 0%, #1b5aa6 100%)`,
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#fff', flex: 'none' }}>
          <span
            aria-hidden
            style={{
              width: 30,
              height: 30,
              borderRadius: 6,
              background: '#c8161d',
              color: '#fff',
              fontWeight: 700,
              fontSize: 16,
              lineHeight: '30px',
              textAlign: 'center',
            }}
          >
            访
          </span>
          <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>信访工作平台</span>
        </Link>
        <div style={{ flex: 1 }} />
        <NotificationBell />
        <Space size={12} style={{ color: 'rgba(255,255,255,0.92)', lineHeight: 1.4 }} data-testid="header-user">
          <Tooltip title={`${me.body.kindLabel} · ${me.body.regionName}`}>
            <span data-testid="header-body" style={{ maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', display: 'inline-block', verticalAlign: 'middle' }}>
              {me.body.name}
            </span>
          </Tooltip>
          <span style={{ opacity: 0.5 }}>|</span>
          <span data-testid="header-name" style={{ fontWeight: 600 }}>{me.displayName}</span>
          <span data-testid="header-roles">
            {me.roleLabels.map((label) => (
              <Tag key={label} variant="outlined" style={{ color: '#fff', borderColor: 'rgba(255,255,255,0.45)', background: 'transparent', marginInlineEnd: 4 }}>
                {label}
              </Tag>
            ))}
          </span>
          <Button size="small" ghost onClick={() => setChangingPassword(true)} data-testid="change-password-button">
            修改密码
          </Button>
          <Button
            size="small"
            ghost
            loading={logout.isPending}
            onClick={() => logout.mutate()}
            data-testid="logout-button"
          >
            退出登录
          </Button>
        </Space>
      </Header>
      <Modal title="修改密码" open={changingPassword} onCancel={() => setChangingPassword(false)} footer={null} destroyOnHidden>
        <ChangePasswordForm
          login={me.login}
          onDone={(ended) => {
            setChangingPassword(false);
            void message.success(ended > 0 ? `密码已修改，其他 ${ended} 处登录已退出` : '密码已修改');
          }}
        />
      </Modal>
      <Layout>
        <Sider width={200} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <Menu
            mode="inline"
            selectedKeys={selected ? [selected] : []}
            style={{ borderInlineEnd: 0, paddingTop: 8, position: 'sticky', top: 56 }}
            items={menuItems(items)}
          />
        </Sider>
        <Content style={{ padding: 16, minWidth: 0 }}>
          <Outlet />
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 24, marginBottom: 0, fontSize: 12 }}>
            信访工作平台 · 依据《信访工作条例》
          </Typography.Paragraph>
        </Content>
      </Layout>
    </Layout>
  );
}

type MenuEntry = { key: string; label: ReactNode } | { type: 'group'; key: string; label: string; children: { key: string; label: ReactNode }[] };

/** The nav items as menu entries; items of one group are listed together under its title, where its first item is. */
function menuItems(items: readonly NavItem[]): MenuEntry[] {
  const out: MenuEntry[] = [];
  const groups = new Map<string, { key: string; label: ReactNode }[]>();
  for (const item of items) {
    const entry = {
      key: item.path,
      label: <Link to={item.path} data-testid={`nav-${item.path === '/' ? 'home' : item.path.slice(1).replaceAll('/', '-')}`}>{item.label}</Link>,
    };
    if (!item.group) {
      out.push(entry);
      continue;
    }
    let children = groups.get(item.group);
    if (!children) {
      children = [];
      groups.set(item.group, children);
      out.push({ type: 'group', key: `group:${item.group}`, label: item.group, children });
    }
    children.push(entry);
  }
  return out;
}
