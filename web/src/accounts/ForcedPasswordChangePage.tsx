import { App as AntApp, Button, Card, Typography } from 'antd';
import { useLogout } from '../auth';
import { useDocumentTitle } from '../useDocumentTitle';
import type { Me } from '../types';
import { ChangePasswordForm } from './ChangePasswordForm';

/**
 * Shown instead of the app while the account must change its password (after an administrator's reset): the server
 * refuses everything else to this session with PASSWORD_CHANGE_REQUIRED.
 */
export function ForcedPasswordChangePage({ me }: { me: Me }) {
  useDocumentTitle('修改密码');
  const logout = useLogout();
  const { message } = AntApp.useApp();
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5', padding: 16 }}>
      <Card title="请先修改密码" style={{ width: 420 }} data-testid="forced-password-change">
        <Typography.Paragraph>
          {me.displayName}（{me.login}），系统管理员已重置您的密码。请输入管理员提供的临时密码，并设置只有您自己知道的新密码，然后才能继续使用平台。
        </Typography.Paragraph>
        <ChangePasswordForm login={me.login} currentLabel="临时密码" onDone={() => void message.success('密码已修改')} />
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => logout.mutate()}>
          退出登录
        </Button>
      </Card>
    </div>
  );
}
