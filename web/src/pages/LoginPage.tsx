import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { isApiError } from '../api';
import { safeRedirect, useLogin, useSession } from '../auth';
import { useDocumentTitle } from '../useDocumentTitle';
import { formatChina } from '../chinaTime';

interface LoginForm {
  login: string;
  password: string;
}

function lockedUntilText(details: unknown): string | null {
  if (typeof details !== 'object' || details === null) return null;
  const value = (details as { lockedUntil?: unknown }).lockedUntil;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : formatChina(at, 'YYYY年M月D日 HH:mm');
}

export function LoginPage() {
  useDocumentTitle('登录');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const login = useLogin();
  const target = safeRedirect(params.get('redirect'));

  if (session.data) return <Navigate to={target} replace />;

  const onFinish = (values: LoginForm) => {
    login.mutate(values, { onSuccess: () => navigate(target, { replace: true }) });
  };

  const err = login.error;
  let errorNode: ReactNode = null;
  if (err) {
    const lockedUntil = isApiError(err) && err.code === 'ACCOUNT_LOCKED' ? lockedUntilText(err.details) : null;
    errorNode = (
      <Alert
        type="error"
        showIcon
        data-testid="login-error"
        title={isApiError(err) ? err.messageZh : '登录失败，请稍后重试'}
        description={lockedUntil ? `解锁时间：${lockedUntil}。请届时再试，或联系系统管理员解锁。` : undefined}
        style={{ marginBottom: 16 }}
      />
    );
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #0e3f7e 0%, #1b5aa6 55%, #eef3fa 55.1%, #f5f7fa 100%)',
        padding: 16,
      }}
    >
      <Typography.Title level={2} style={{ color: '#fff', letterSpacing: 4, marginBottom: 4 }}>
        信访工作平台
      </Typography.Title>
      <Typography.Text style={{ color: 'rgba(255,255,255,0.8)', marginBottom: 24 }}>工作人员登录</Typography.Text>
      <Card style={{ width: 380, boxShadow: '0 8px 24px rgba(0,0,0,0.12)' }}>
        {errorNode}
        <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={onFinish} disabled={login.isPending} autoComplete="on">
          <Form.Item label="账号" name="login" rules={[{ required: true, whitespace: true, message: '请输入账号' }]}>
            <Input size="large" autoComplete="username" autoFocus placeholder="请输入账号" data-testid="login-input" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password size="large" autoComplete="current-password" placeholder="请输入密码" data-testid="password-input" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" size="large" block loading={login.isPending} data-testid="login-submit">
              登 录
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Typography.Text type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
        请妥善保管账号密码，离开时请退出登录
      </Typography.Text>
      <Link to="/portal" style={{ marginTop: 12 }} data-testid="login-portal-link">
        网上信访（群众提交和查询信访事项）
      </Link>
    </div>
  );
}
