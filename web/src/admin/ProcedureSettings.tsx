import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { errorText, request } from '../api';
import type { Position, RequestOf, ResponseOf } from '../types';

type Step = ResponseOf<'/api/v1/settings/sign-off-chain'>['steps'][number];
type Item = ResponseOf<'/api/v1/settings/first-petition-checklist'>['items'][number];

const POSITION_OPTIONS: { value: Position; label: string }[] = [
  { value: 'handler', label: '承办人' },
  { value: 'deputyHead', label: '分管领导' },
  { value: 'principalHead', label: '主要负责人' },
];

/**
 * 签批流程 and 初信初访办理清单: deployment settings the administrator edits (every save is an event with its actor).
 * Drafts already made keep the chain they were drafted under.
 */
export function ProcedureSettings() {
  return (
    <>
      <SignOffChainCard />
      <ChecklistCard />
    </>
  );
}

function SignOffChainCard() {
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ['settings', 'sign-off-chain'], queryFn: () => request<{ steps: Step[] }>('GET', '/settings/sign-off-chain') });
  const save = useMutation({
    mutationFn: (steps: RequestOf<'/api/v1/settings/sign-off-chain', 'put'>['steps']) => request<{ steps: Step[] }>('PUT', '/settings/sign-off-chain', { body: { steps } }),
    onSuccess: (r) => {
      queryClient.setQueryData(['settings', 'sign-off-chain'], r);
      void message.success('签批流程已保存，此后起草的处理意见按新流程签批');
    },
  });
  return (
    <Card title="签批流程（处理意见书）" style={{ marginTop: 16 }} loading={q.isPending} data-testid="sign-off-chain-card">
      <Typography.Paragraph type="secondary">每一步由担任该职务的人签批（在「用户与令牌」中设置职务）；已起草的意见书沿用起草时的流程。</Typography.Paragraph>
      {q.data && (
        <Form<{ steps: Step[] }> initialValues={q.data} onFinish={(v) => save.mutate(v.steps.map(({ key, labelZh, position }) => ({ key, labelZh, position })))}>
          <Form.List name="steps">
            {(fields, { add, remove }) => (
              <Space orientation="vertical">
                {fields.map((f, i) => (
                  <Space key={f.key}>
                    <span>第 {i + 1} 步</span>
                    <Form.Item name={[f.name, 'labelZh']} noStyle rules={[{ required: true, message: '请填写名称' }]}>
                      <Input placeholder="名称，如 承办人拟稿" style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'key']} noStyle rules={[{ required: true, message: '请填写代码' }]}>
                      <Input placeholder="代码" style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'position']} noStyle rules={[{ required: true, message: '请选择职务' }]}>
                      <Select placeholder="签批人职务" options={POSITION_OPTIONS} style={{ width: 130 }} />
                    </Form.Item>
                    <Button size="small" disabled={fields.length <= 1} onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Space>
                  <Button size="small" disabled={fields.length >= 6} onClick={() => add({ key: '', labelZh: '', position: undefined })}>
                    添加一步
                  </Button>
                  <Button type="primary" size="small" htmlType="submit" loading={save.isPending} data-testid="sign-off-chain-save">
                    保存
                  </Button>
                </Space>
              </Space>
            )}
          </Form.List>
        </Form>
      )}
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginTop: 12 }} />}
    </Card>
  );
}

function ChecklistCard() {
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ['settings', 'first-petition-checklist'], queryFn: () => request<{ items: Item[] }>('GET', '/settings/first-petition-checklist') });
  const save = useMutation({
    mutationFn: (items: Item[]) => request<{ items: Item[] }>('PUT', '/settings/first-petition-checklist', { body: { items } }),
    onSuccess: (r) => {
      queryClient.setQueryData(['settings', 'first-petition-checklist'], r);
      void message.success('初信初访办理清单已保存');
    },
  });
  return (
    <Card title="初信初访办理清单" style={{ marginTop: 16 }} loading={q.isPending} data-testid="checklist-card">
      {q.data && (
        <Form<{ items: Item[] }> initialValues={q.data} onFinish={(v) => save.mutate(v.items)}>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <Space orientation="vertical">
                {fields.map((f, i) => (
                  <Space key={f.key}>
                    <span>{i + 1}.</span>
                    <Form.Item name={[f.name, 'labelZh']} noStyle rules={[{ required: true, message: '请填写名称' }]}>
                      <Input placeholder="名称，如 双签" style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'key']} noStyle rules={[{ required: true, message: '请填写代码' }]}>
                      <Input placeholder="代码" style={{ width: 140 }} />
                    </Form.Item>
                    <Button size="small" disabled={fields.length <= 1} onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Space>
                  <Button size="small" disabled={fields.length >= 20} onClick={() => add({ key: '', labelZh: '' })}>
                    添加一项
                  </Button>
                  <Button type="primary" size="small" htmlType="submit" loading={save.isPending} data-testid="checklist-save">
                    保存
                  </Button>
                </Space>
              </Space>
            )}
          </Form.List>
        </Form>
      )}
      {save.isError && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginTop: 12 }} />}
    </Card>
  );
}
