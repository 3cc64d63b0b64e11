import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { errorText, queryKeys } from '../api';
import { accountApi } from './api';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * Current + new password (twice). The rules are the server's (src/domain/accounts/password-policy.ts); the form only
 * says them up front and shows the server's refusal as it words it.
 */
export function ChangePasswordForm({ login, onDone, currentLabel = '当前密码' }: { login: string; onDone: (sessionsEnded: number) => void; currentLabel?: string }) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (v: Values) => accountApi.changePassword(v.currentPassword, v.newPassword),
    onSuccess: async (r) => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: queryKeys.me });
      onDone(r.sessionsEnded);
    },
  });
  return (
    <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => change.mutate(v)} disabled={change.isPending} data-testid="change-password-form">
      <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />
      {change.isError && <Alert type="error" showIcon title={errorText(change.error)} style={{ marginBottom: 16 }} data-testid="change-password-error" />}
      <Form.Item label={currentLabel} name="currentPassword" rules={[{ required: true, message: `请输入${currentLabel}` }]}>
        <Input.Password autoComplete="current-password" data-testid="current-password" />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        extra="至少 12 个字符，或由至少 4 个词组成、以空格分隔的密码短语；不能与登录名相同，不能使用常见密码或演示密码。"
        rules={[{ required: true, message: '请输入新密码' }]}
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        label="再次输入新密码"
        name="confirm"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        修改后，您在其他浏览器或设备上的登录将全部退出。
      </Typography.Paragraph>
      <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="change-password-submit">
        修改密码
      </Button>
    </Form>
  );
}
