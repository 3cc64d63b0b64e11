import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorText } from '../api';
import { PageError } from '../components/PageError';
import { useDocumentTitle } from '../useDocumentTitle';
import type { Position } from '../types';
import { accountApi, accountKeys, type AdminUser, type ApiTokenItem } from './api';
import { formatChina } from '../chinaTime';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from '../../../src/domain/org/roles';
import { adminApi, adminKeys, type UserSession } from '../admin/api';
import { BulkImportButton } from '../admin/BulkImport';

/** 职务: the sign-off chain (承办人 → 分管领导 → 主要负责人) names these; a slot is signed only by its holder. */
const POSITION_OPTIONS: { value: Position; label: string }[] = [
  { value: 'handler', label: '承办人' },
  { value: 'deputyHead', label: '分管领导' },
  { value: 'principalHead', label: '主要负责人' },
];

const when = (iso: string | null) => (iso ? formatChina(iso) : '—');

const TOKEN_STATUS: Record<ApiTokenItem['status'], { label: string; color: string }> = {
  active: { label: '有效', color: 'green' },
  expired: { label: '已过期', color: 'default' },
  revoked: { label: '已吊销', color: 'red' },
};

/** A secret shown once (a temporary password, a new token): copyable, with the warning that it will not be shown again. */
function OnceSecret({ title, secret, note }: { title: string; secret: string; note: string }) {
  return (
    <Alert
      type="success"
      showIcon
      data-testid="once-secret"
      title={title}
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text code copyable style={{ fontSize: 15, wordBreak: 'break-all' }} data-testid="once-secret-value">
            {secret}
          </Typography.Text>
          <Typography.Text type="secondary">{note}</Typography.Text>
        </Space>
      }
    />
  );
}

/** 用户与令牌 (administrator): reset passwords, unlock accounts, and manage the API tokens of integrations. */
export function AccountsPage() {
  useDocumentTitle('用户与令牌');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={16}>
      <UsersCard />
      <TokensCard />
    </Space>
  );
}

function UsersCard() {
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const [q, setQ] = useState('');
  const users = useQuery({ queryKey: [...accountKeys.users, q], queryFn: () => accountApi.users(q) });
  const [secret, setSecret] = useState<{ login: string; password: string } | null>(null);
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);
  const [sessionsOf, setSessionsOf] = useState<AdminUser | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: accountKeys.users });
  const reset = useMutation({
    mutationFn: (u: AdminUser) => accountApi.resetPassword(u.id),
    onSuccess: (r, u) => {
      if (r.temporaryPassword) setSecret({ login: u.login, password: r.temporaryPassword });
      refresh();
    },
  });
  const position = useMutation({
    mutationFn: ({ u, value }: { u: AdminUser; value: Position | null }) => accountApi.setPosition(u.id, value),
    onSuccess: (r, { u }) => {
      void message.success(`已将 ${u.displayName} 的职务设为「${POSITION_OPTIONS.find((o) => o.value === r.position)?.label ?? '未设置'}」`);
      refresh();
    },
  });
  const unlock = useMutation({
    mutationFn: (u: AdminUser) => accountApi.unlock(u.id),
    onSuccess: (r, u) => {
      void message.success(r.cleared > 0 ? `已解除 ${u.displayName} 的登录锁定` : `${u.displayName} 没有被锁定`);
      refresh();
    },
  });

  if (users.isError) return <PageError error={users.error} onRetry={() => void users.refetch()} />;
  const columns: TableColumnsType<AdminUser> = [
    { title: '账号', dataIndex: 'login', width: 150 },
    { title: '姓名', dataIndex: 'displayName', width: 120 },
    { title: '单位', key: 'body', render: (_: unknown, u) => u.body.name },
    { title: '角色', key: 'roles', render: (_: unknown, u) => u.roleLabels.map((l) => <Tag key={l}>{l}</Tag>) },
    {
      title: '职务',
      key: 'position',
      width: 140,
      render: (_: unknown, u) => (
        <Select<Position | null>
          size="small"
          style={{ width: 120 }}
          allowClear
          placeholder="未设置"
          value={u.position}
          options={POSITION_OPTIONS}
          loading={position.isPending && position.variables?.u.id === u.id}
          onChange={(value) => position.mutate({ u, value: value ?? null })}
          data-testid={`position-${u.login}`}
        />
      ),
    },
    {
      title: '状态',
      key: 'state',
      width: 170,
      render: (_: unknown, u) => (
        <Space size={4} wrap>
          {u.disabled && <Tag>已停用</Tag>}
          {u.locked && <Tag color="red">锁定至 {when(u.lockedUntil)}</Tag>}
          {u.mustChangePassword && <Tag color="orange">待修改密码</Tag>}
          {!u.disabled && !u.locked && !u.mustChangePassword && <Tag color="green">正常</Tag>}
        </Space>
      ),
    },
    { title: '最近登录', key: 'lastLoginAt', width: 140, render: (_: unknown, u) => when(u.lastLoginAt) },
    {
      title: '操作',
      key: 'actions',
      width: 300,
      render: (_: unknown, u) => (
        <Space size={4}>
          <Popconfirm
            title={`重置 ${u.displayName} 的密码？`}
            description="将生成临时密码，该用户所有登录立即退出，下次登录须修改密码。"
            okText="重置"
            cancelText="取消"
            onConfirm={() => reset.mutate(u)}
          >
            <Button size="small" loading={reset.isPending && reset.variables?.id === u.id} data-testid={`reset-${u.login}`}>
              重置密码
            </Button>
          </Popconfirm>
          <Button size="small" disabled={!u.locked} loading={unlock.isPending && unlock.variables?.id === u.id} onClick={() => unlock.mutate(u)} data-testid={`unlock-${u.login}`}>
            解锁
          </Button>
          <Button size="small" onClick={() => setEditing(u)} data-testid={`edit-${u.login}`}>
            编辑
          </Button>
          <Button size="small" onClick={() => setSessionsOf(u)} data-testid={`sessions-${u.login}`}>
            会话
          </Button>
        </Space>
      ),
    },
  ];
  return (
    <Card
      title="用户"
      data-testid="accounts-users"
      extra={
        <Space>
          <Input.Search allowClear placeholder="账号或姓名" style={{ width: 220 }} onSearch={(v) => setQ(v.trim())} data-testid="users-search" />
          <BulkImportButton kind="users" onImported={refresh} />
          <Button type="primary" onClick={() => setEditing('new')} data-testid="user-new">
            新建用户
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          同一账号在同一地址连续登录失败 5 次，该地址锁定 15 分钟（其他地址不受影响）；「解锁」解除该账号在所有地址的锁定。
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          「职务」决定签批时可签的环节：承办人、分管领导、主要负责人各签本人环节；延期须由主要负责人或分管领导批准。
        </Typography.Paragraph>
        {(reset.isError || unlock.isError || position.isError) && <Alert type="error" showIcon title={errorText(reset.error ?? unlock.error ?? position.error)} />}
        <Table size="small" rowKey="id" loading={users.isPending} dataSource={users.data?.items ?? []} columns={columns} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
      </Space>
      {editing && (
        <UserModal
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(login, password) => {
            setEditing(null);
            setSecret({ login, password });
            refresh();
          }}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
      {sessionsOf && <SessionsModal user={sessionsOf} onClose={() => setSessionsOf(null)} />}
      <Modal title="临时密码" open={secret !== null} onOk={() => setSecret(null)} onCancel={() => setSecret(null)} cancelButtonProps={{ style: { display: 'none' } }} okText="我已记下">
        {secret && (
          <OnceSecret
            title={`${secret.login} 的临时密码`}
            secret={secret.password}
            note="临时密码只显示这一次，请当面或通过安全渠道交给本人；本人登录后须立即修改。"
          />
        )}
      </Modal>
    </Card>
  );
}

interface NewToken {
  login: string;
  name: string;
  days?: number;
}

function TokensCard() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: accountKeys.tokens, queryFn: () => accountApi.tokens() });
  const [form] = Form.useForm<NewToken>();
  const [created, setCreated] = useState<{ token: string; login: string; expiresAt: string } | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: accountKeys.tokens });
  const create = useMutation({
    mutationFn: (v: NewToken) => accountApi.createToken({ login: v.login.trim(), name: v.name.trim(), days: v.days ?? undefined }),
    onSuccess: (r) => {
      setCreated({ token: r.token, login: r.login, expiresAt: r.expiresAt });
      form.resetFields();
      refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: string) => accountApi.revokeToken(id), onSuccess: refresh });

  if (tokens.isError) return <PageError error={tokens.error} onRetry={() => void tokens.refetch()} />;
  const columns: TableColumnsType<ApiTokenItem> = [
    { title: '名称', dataIndex: 'name' },
    { title: '账号', key: 'login', width: 200, render: (_: unknown, t) => `${t.login}（${t.displayName}）` },
    { title: '状态', key: 'status', width: 90, render: (_: unknown, t) => <Tag color={TOKEN_STATUS[t.status].color}>{TOKEN_STATUS[t.status].label}</Tag> },
    { title: '创建', key: 'createdAt', width: 140, render: (_: unknown, t) => when(t.createdAt) },
    { title: '到期', key: 'expiresAt', width: 140, render: (_: unknown, t) => when(t.expiresAt) },
    { title: '最近使用', key: 'lastUsedAt', width: 140, render: (_: unknown, t) => when(t.lastUsedAt) },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_: unknown, t) =>
        t.status === 'active' ? (
          <Popconfirm title="吊销此令牌？" description="使用此令牌的系统将立即无法访问。" okText="吊销" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => revoke.mutate(t.id)}>
            <Button size="small" danger loading={revoke.isPending && revoke.variables === t.id} data-testid={`revoke-${t.id}`}>
              吊销
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];
  return (
    <Card title="访问令牌（系统对接）" data-testid="accounts-tokens">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          对接系统以 <Typography.Text code>Authorization: Bearer 令牌</Typography.Text> 调用接口，权限与所属账号相同。令牌到期或吊销后立即失效。
        </Typography.Paragraph>
        <Form<NewToken> form={form} layout="inline" onFinish={(v) => create.mutate(v)} initialValues={{ name: '' }} disabled={create.isPending}>
          <Form.Item name="login" rules={[{ required: true, whitespace: true, message: '请输入账号' }]}>
            <Input placeholder="账号（登录名）" style={{ width: 160 }} data-testid="token-login" />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, whitespace: true, message: '请输入用途' }]}>
            <Input placeholder="用途，如 12345 热线对接" style={{ width: 220 }} data-testid="token-name" />
          </Form.Item>
          <Form.Item name="days">
            <InputNumber min={1} max={366} placeholder={`有效天数（默认 ${tokens.data?.defaultDays ?? 90}）`} style={{ width: 170 }} data-testid="token-days" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="token-create">
              创建令牌
            </Button>
          </Form.Item>
        </Form>
        {(create.isError || revoke.isError) && <Alert type="error" showIcon title={errorText(create.error ?? revoke.error)} />}
        {created && (
          <OnceSecret
            title={`已为 ${created.login} 创建令牌，有效期至 ${when(created.expiresAt)}`}
            secret={created.token}
            note="令牌只显示这一次，请立即复制并妥善保存到对接系统的配置中；遗失后只能吊销并重新创建。"
          />
        )}
        <Table size="small" rowKey="id" loading={tokens.isPending} dataSource={tokens.data?.items ?? []} columns={columns} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
      </Space>
    </Card>
  );
}

interface UserForm {
  login: string;
  displayName: string;
  bodyId: string;
  roles: StaffRole[];
  position: Position | null;
  active: boolean;
}

/** 新建用户 / 编辑用户: body, roles, position (new accounts) and whether the account may log in. */
function UserModal({ user, onClose, onCreated, onSaved }: { user: AdminUser | null; onClose: () => void; onCreated: (login: string, password: string) => void; onSaved: () => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<UserForm>();
  const bodies = useQuery({ queryKey: adminKeys.bodies, queryFn: adminApi.bodies });
  const save = useMutation({
    mutationFn: async (v: UserForm) => {
      if (!user) return { created: await adminApi.createUser({ login: v.login.trim(), displayName: v.displayName.trim(), bodyId: v.bodyId, roles: v.roles, position: v.position ?? null }) };
      return { updated: await adminApi.updateUser(user.id, { displayName: v.displayName.trim(), bodyId: v.bodyId, roles: v.roles, disabled: !v.active }) };
    },
    onSuccess: (r) => {
      if ('created' in r && r.created) return onCreated(r.created.login, r.created.temporaryPassword);
      if ('updated' in r && r.updated) void message.success(r.updated.sessionsEnded > 0 ? `已保存，该用户 ${r.updated.sessionsEnded} 个登录会话已结束` : '已保存');
      onSaved();
    },
  });
  return (
    <Modal title={user ? `编辑用户：${user.login}` : '新建用户'} open onCancel={onClose} onOk={() => form.submit()} okText="保存" cancelText="取消" confirmLoading={save.isPending} destroyOnHidden>
      <Form<UserForm>
        form={form}
        layout="vertical"
        initialValues={user ? { ...user, bodyId: user.body.id, active: !user.disabled } : { roles: ['handler'], position: null, active: true }}
        onFinish={(v) => save.mutate(v)}
      >
        {!user && (
          <Form.Item name="login" label="账号（登录名）" rules={[{ required: true, whitespace: true, message: '请输入账号' }]}>
            <Input data-testid="user-login" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
          <Input data-testid="user-name" />
        </Form.Item>
        <Form.Item name="bodyId" label="所属机构" rules={[{ required: true, message: '请选择所属机构' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={bodies.isPending}
            data-testid="user-body"
            options={(bodies.data?.items ?? []).filter((b) => b.active || b.id === user?.body.id).map((b) => ({ value: b.id, label: `${b.name}（${b.regionName ?? b.regionCode}）` }))}
          />
        </Form.Item>
        <Form.Item name="roles" label="角色" rules={[{ required: true, message: '至少选择一个角色' }]}>
          <Select mode="multiple" data-testid="user-roles" options={STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label="启用" valuePropName="checked" extra="停用后不能登录，已有会话立即结束，其访问令牌同时失效">
            <Switch data-testid="user-active" />
          </Form.Item>
        ) : (
          <Form.Item name="position" label="职务" extra="签批时可签的环节">
            <Select allowClear placeholder="未设置" options={POSITION_OPTIONS} data-testid="user-position" />
          </Form.Item>
        )}
        {!user && <Typography.Paragraph type="secondary">保存后生成一次性临时密码，本人首次登录须修改。</Typography.Paragraph>}
        {save.isError && <Alert type="error" showIcon title={errorText(save.error)} data-testid="user-save-error" />}
      </Form>
    </Modal>
  );
}

/** A user's live sessions, and logging them out everywhere (a lost laptop, a suspected leak). */
function SessionsModal({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const sessions = useQuery({ queryKey: ['admin', 'sessions', user.id], queryFn: () => adminApi.userSessions(user.id) });
  const end = useMutation({
    mutationFn: () => adminApi.endUserSessions(user.id),
    onSuccess: (r) => {
      void message.success(`已结束 ${r.ended} 个会话`);
      void sessions.refetch();
    },
  });
  const columns: TableColumnsType<UserSession> = [
    { title: '登录时间', key: 'createdAt', render: (_: unknown, s) => when(s.createdAt) },
    { title: '到期', key: 'expiresAt', render: (_: unknown, s) => when(s.expiresAt) },
    { title: '地址', dataIndex: 'ip' },
    { title: '浏览器', dataIndex: 'userAgent', ellipsis: true },
  ];
  return (
    <Modal title={`${user.displayName}（${user.login}）的登录会话`} open onCancel={onClose} footer={null} width={760} data-testid="sessions-modal">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Table<UserSession> size="small" rowKey="id" loading={sessions.isPending} dataSource={sessions.data?.items ?? []} columns={columns} pagination={false} />
        <Popconfirm title="结束该用户的全部会话？" description="该用户在所有设备上立即退出登录；访问令牌不受影响（在下方令牌中吊销）。" okText="全部下线" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => end.mutate()}>
          <Button danger disabled={!sessions.data?.items.length} loading={end.isPending} data-testid="sessions-end">
            全部下线
          </Button>
        </Popconfirm>
        {end.isError && <Alert type="error" showIcon title={errorText(end.error)} />}
      </Space>
    </Modal>
  );
}
