import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal } from 'antd';
import { useRef, useState } from 'react';
import { AFTER_COMMAND_KEYS, api, queryKeys, refusalText } from '../api';
import type { AllowedAction, MatterDetailResponse, RoutingSuggestion } from '../types';
import { useClassificationScheme } from './ClassificationFields';
import { CommandFields, buildCommand, initialValues } from './CommandFields';
import { SuggestionCards } from './Suggestions';
import { redirectChannelOfKind } from './labels';

/** Invalidates everything a lifecycle command can change. */
export function useAfterCommand() {
  const queryClient = useQueryClient();
  return () => {
    for (const key of AFTER_COMMAND_KEYS) void queryClient.invalidateQueries({ queryKey: [...key] });
  };
}

const WITH_SUGGESTIONS = new Set(['forward', 'assign', 'redirect']);

/**
 * One allowed action of a matter as a small form: its fields, submit, the server's refusal in its own words (and the
 * provision it cites). Success refreshes the matter page and the lists.
 */
export function CommandModal({
  page,
  action,
  onClose,
  initial,
}: {
  page: MatterDetailResponse;
  action: AllowedAction | null;
  onClose: () => void;
  /** Values to start from besides the command's defaults (the board fills a supervision's reason from the failure). */
  initial?: Record<string, unknown>;
}) {
  const type = action?.type ?? '';
  return (
    <Modal
      open={!!action}
      title={`${action?.labelZh ?? ''} · ${page.matter.number}`}
      width={type === 'correctRegistration' || WITH_SUGGESTIONS.has(type) ? 760 : 560}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
    >
      {action && <CommandForm key={action.type} page={page} action={action} onClose={onClose} initial={initial} />}
    </Modal>
  );
}

function CommandForm({ page, action, onClose, initial: extra }: { page: MatterDetailResponse; action: AllowedAction; onClose: () => void; initial?: Record<string, unknown> }) {
  const [form] = Form.useForm();
  const scheme = useClassificationScheme();
  const { message } = App.useApp();
  const after = useAfterCommand();
  const matter = page.matter;
  const type = action.type;
  // Taken once: the page refetching must not reset what the user typed.
  const [initial] = useState(() => ({ ...initialValues(type, matter), ...extra }));

  const routing = useQuery({
    queryKey: queryKeys.routing(matter.id),
    queryFn: () => api.routing(matter.id),
    enabled: WITH_SUGGESTIONS.has(type),
    staleTime: 30_000,
  });
  const suggestions = routing.data?.suggestions ?? [];

  // Set synchronously on the first submit: a double click submits twice before React re-renders the button as
  // loading, and some commands (a new draft of the opinion) are legitimately repeatable, so the server would record both.
  const sending = useRef(false);
  const run = useMutation({
    mutationFn: (values: Record<string, unknown>) => api.command(matter.id, buildCommand(type, values, scheme.data, matter)),
    onSuccess: (next) => {
      after();
      void message.success(`${action.labelZh}已完成，事项状态：${next.matter.statusLabel}`);
      onClose();
    },
  });

  const chosen = Form.useWatch('toBodyId', form) as string | undefined;
  const choose = (s: RoutingSuggestion) => {
    if (type === 'redirect') form.setFieldsValue({ channel: s.action === 'redirect' ? redirectChannelOfKind(s.bodyKind) : form.getFieldValue('channel'), toBodyId: s.bodyId });
    else form.setFieldsValue({ toBodyId: s.bodyId });
  };

  return (
    <div data-testid="command-modal" data-command-type={type}>
      {run.isError && <Alert type="error" showIcon data-testid="command-error" style={{ marginBottom: 12 }} title={refusalText(run.error)} />}
      {WITH_SUGGESTIONS.has(type) && suggestions.length > 0 && (
        <div style={{ marginBottom: 12 }}>
          <div style={{ marginBottom: 6, color: 'rgba(0,0,0,0.65)' }}>分办建议（点击选用）</div>
          <SuggestionCards suggestions={suggestions} chosen={chosen} onChoose={choose} />
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(values: Record<string, unknown>) => {
          if (sending.current) return;
          sending.current = true;
          run.mutate(values, { onSettled: () => void (sending.current = false) });
        }}
      >
        <CommandFields type={type} form={form} scheme={scheme.data} context={{ matter, suggestions }} />
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" htmlType="submit" loading={run.isPending} data-testid="command-submit">
            确认{action.labelZh}
          </Button>
        </div>
      </Form>
    </div>
  );
}
