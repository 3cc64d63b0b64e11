import { useMutation } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Modal, Popconfirm, Radio, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, errorText } from '../api';
import type { BulkResponse, CommandBody, QueueItem } from '../types';
import { BodyPicker } from './BodyPicker';
import { ClassificationFields, classifyCommand, useClassificationScheme, type ClassificationValues } from './ClassificationFields';
import { useAfterCommand } from './CommandModal';
import { isNotAfterChinaToday } from '../chinaTime';


/**
 * One decision for the selected matters (POST /triage/bulk): 按建议转送 (each to its own first suggestion),
 * 批量分类, 批量交办 with one due date. Each matter succeeds or fails on its own; the result lists the failures.
 */
export function BulkActions({ selected, onClear, onDone }: { selected: QueueItem[]; onClear: () => void; onDone: (succeeded: string[]) => void }) {
  const after = useAfterCommand();
  const scheme = useClassificationScheme();
  const [modal, setModal] = useState<'classify' | 'assign' | null>(null);
  const [result, setResult] = useState<{ title: string; response: BulkResponse; numbers: Map<string, string> } | null>(null);
  const [classifyForm] = Form.useForm();
  const [assignForm] = Form.useForm();

  const run = useMutation({
    mutationFn: (v: { title: string; command: CommandBody }) => api.triageBulk(selected.map((s) => s.id), v.command),
    onSuccess: (response, v) => {
      after();
      setModal(null);
      setResult({ title: v.title, response, numbers: new Map(selected.map((s) => [s.id, s.number])) });
      // Classified matters stay selected (to be routed next); routed ones have left the queue.
      if (v.command.type !== 'classify') onDone(response.results.filter((r) => r.ok).map((r) => r.matterId));
    },
  });

  const withoutSuggestion = selected.filter((s) => s.suggestions.length === 0).length;

  return (
    <>
      {selected.length > 0 && (
        <div
          data-testid="bulk-actions"
          style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '8px 12px', background: '#e6f0fb', border: '1px solid #b5cff0', borderRadius: 4, marginBottom: 12 }}
        >
          <Typography.Text strong data-testid="bulk-count">
            已选 {selected.length} 件
          </Typography.Text>
          <Popconfirm
            title={`将 ${selected.length} 件事项分别转送至各自的首选建议单位？`}
            description={withoutSuggestion ? `其中 ${withoutSuggestion} 件没有分办建议，将不予处理。` : '每件事项各自出具转送函。'}
            okText="转送"
            cancelText="取消"
            onConfirm={() => run.mutate({ title: '按建议转送', command: { type: 'forward', toBodyId: 'topSuggestion' } })}
          >
            <Button type="primary" loading={run.isPending && run.variables?.title === '按建议转送'} data-testid="bulk-forward">
              按建议转送
            </Button>
          </Popconfirm>
          <Button onClick={() => setModal('classify')} data-testid="bulk-classify">
            批量分类
          </Button>
          <Button onClick={() => setModal('assign')} data-testid="bulk-assign">
            批量交办
          </Button>
          <Button type="link" onClick={onClear}>
            清除选择
          </Button>
        </div>
      )}

      <Modal
        open={modal === 'classify'}
        title={`批量分类（${selected.length} 件）`}
        okText="分类"
        cancelText="取消"
        confirmLoading={run.isPending}
        onCancel={() => setModal(null)}
        onOk={() => {
          void classifyForm
            .validateFields()
            .then((v: ClassificationValues) => {
              const cmd = classifyCommand(scheme.data, v);
              if (cmd) run.mutate({ title: '批量分类', command: cmd });
            })
            .catch(() => undefined);
        }}
        okButtonProps={{ 'data-testid': 'bulk-classify-submit' } as Record<string, string>}
        forceRender
      >
        {run.isError && modal === 'classify' && <Alert type="error" showIcon title={errorText(run.error)} style={{ marginBottom: 12 }} />}
        <Form form={classifyForm} layout="vertical">
          <ClassificationFields form={classifyForm} required />
        </Form>
      </Modal>

      <Modal
        open={modal === 'assign'}
        title={`批量交办（${selected.length} 件）`}
        okText="交办"
        cancelText="取消"
        confirmLoading={run.isPending}
        onCancel={() => setModal(null)}
        onOk={() => {
          void assignForm
            .validateFields()
            .then((v: { target: string; toBodyId: string; dueOn: Dayjs; note?: string }) => {
              run.mutate({
                title: '批量交办',
                command: {
                  type: 'assign',
                  toBodyId: v.target === 'top' ? 'topSuggestion' : v.toBodyId,
                  dueOn: v.dueOn.format('YYYY-MM-DD'),
                  ...(v.note?.trim() ? { note: v.note.trim() } : {}),
                },
              });
            })
            .catch(() => undefined);
        }}
        okButtonProps={{ 'data-testid': 'bulk-assign-submit' } as Record<string, string>}
        forceRender
      >
        {run.isError && modal === 'assign' && <Alert type="error" showIcon title={errorText(run.error)} style={{ marginBottom: 12 }} />}
        <Form form={assignForm} layout="vertical" initialValues={{ target: 'top' }}>
          <Form.Item name="target" label="交办单位">
            <Radio.Group
              options={[
                { value: 'top', label: '按各件首选建议' },
                { value: 'body', label: '统一交办至' },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle dependencies={['target']}>
            {({ getFieldValue }) =>
              getFieldValue('target') === 'body' ? (
                <Form.Item name="toBodyId" label="接收单位" rules={[{ required: true, message: '请选择接收单位' }]}>
                  <BodyPicker testId="bulk-target-body" dispatchTarget />
                </Form.Item>
              ) : null
            }
          </Form.Item>
          <Form.Item name="dueOn" label="办理期限（办结日期）" rules={[{ required: true, message: '请选择办理期限' }]}>
            <DatePicker data-testid="bulk-due-on" disabledDate={isNotAfterChinaToday} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="note" label="交办要求（可选）">
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!result}
        title={result ? `${result.title}：成功 ${result.response.succeeded} 件，未成功 ${result.response.failed} 件` : ''}
        onCancel={() => setResult(null)}
        footer={
          <Button type="primary" onClick={() => setResult(null)} data-testid="bulk-result-close">
            知道了
          </Button>
        }
      >
        {result && (
          <div data-testid="bulk-result" data-succeeded={result.response.succeeded} data-failed={result.response.failed}>
            {result.response.results.map((r) => (
              <div key={r.matterId} data-testid="bulk-result-row" data-ok={r.ok ? 'true' : 'false'} style={{ padding: '4px 0', borderBottom: '1px solid #f0f0f0' }}>
                <Space size={8}>
                  <Typography.Text type={r.ok ? 'success' : 'danger'}>{r.ok ? '✓' : '✗'}</Typography.Text>
                  <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace', fontSize: 12 }}>{result.numbers.get(r.matterId) ?? r.matterId}</span>
                  <Typography.Text type={r.ok ? 'secondary' : 'danger'} style={{ fontSize: 12 }}>
                    {r.ok ? (r.documents.length ? `已出具 ${r.documents.map((d) => d.number).join('、')}` : '已完成') : r.error?.messageZh}
                  </Typography.Text>
                </Space>
              </div>
            ))}
          </div>
        )}
      </Modal>
    </>
  );
}
