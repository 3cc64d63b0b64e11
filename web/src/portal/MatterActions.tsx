import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Radio, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { errorText } from '../api';
import { portalApi, type CitizenAction, type CitizenMatter, type CitizenView, type Rating } from './api';

/**
 * 您现在可以: the acts the server offers on a matter (满意度评价, 请求复查, 请求复核), each with the last day of its
 * window. The page decides nothing itself: what is listed is what the lifecycle allows the portal today, and a refusal
 * (window closed, already evaluated) comes back with its reason and article, shown as is.
 */

export interface Credentials {
  code: string;
  last4: string;
}

const RATING_OPTIONS: { value: Rating; label: string }[] = [
  { value: 'satisfied', label: '满意' },
  { value: 'basicallySatisfied', label: '基本满意' },
  { value: 'dissatisfied', label: '不满意' },
];

function ActionCard({ action, children }: { action: CitizenAction; children: ReactNode }) {
  return (
    <Card
      type="inner"
      size="small"
      title={action.labelZh}
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>截至 {action.dueOn}</Typography.Text>}
      style={{ marginTop: 8 }}
      data-testid="portal-action"
      data-action-type={action.type}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {action.windowZh}
        <br />
        依据：{action.article}
      </Typography.Paragraph>
      {children}
    </Card>
  );
}

function EvaluationForm({ matter, action, credentials, onView }: { matter: CitizenMatter; action: CitizenAction; credentials: Credentials; onView: (v: CitizenView) => void }) {
  const { modal, message } = App.useApp();
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState('');
  const submit = useMutation({
    mutationFn: (r: Rating) => portalApi.evaluate(matter.number, credentials.code, credentials.last4, r, comment),
    onSuccess: (view) => {
      message.success('评价已提交，感谢您的反馈');
      onView(view);
    },
  });
  const confirm = () => {
    if (!rating) return;
    const label = RATING_OPTIONS.find((o) => o.value === rating)!.label;
    modal.confirm({
      title: `确认评价为「${label}」？`,
      content: '每个信访事项只能评价一次，提交后不能修改。',
      okText: '提交评价',
      cancelText: '返回',
      onOk: () => submit.mutateAsync(rating).catch(() => undefined),
    });
  };
  return (
    <ActionCard action={action}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Radio.Group
          block
          optionType="button"
          buttonStyle="solid"
          options={RATING_OPTIONS}
          value={rating}
          onChange={(e) => {
            setRating(e.target.value as Rating);
            submit.reset();
          }}
          data-testid="portal-rating"
        />
        <Input.TextArea
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={500}
          showCount
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder="评价意见（选填）：例如问题是否解决、对办理过程的意见"
          data-testid="portal-evaluation-comment"
        />
        {submit.isError ? <Alert type="error" showIcon title={errorText(submit.error)} data-testid="portal-action-error" /> : null}
        <Button type="primary" block size="large" disabled={!rating} loading={submit.isPending} onClick={confirm} data-testid="portal-evaluate-submit">
          提交评价
        </Button>
      </Space>
    </ActionCard>
  );
}

function AppealForm({ matter, action, credentials, onView }: { matter: CitizenMatter; action: CitizenAction; credentials: Credentials; onView: (v: CitizenView) => void }) {
  const { modal, message } = App.useApp();
  const bodies = action.appealBodies ?? [];
  const [bodyId, setBodyId] = useState<string | null>(bodies.find((b) => b.isDefault)?.id ?? bodies[0]?.id ?? null);
  const stage = action.type === 'requestReReview' ? 'reReview' : 'review';
  const what = stage === 'review' ? '复查' : '复核';
  const [reasons, setReasons] = useState('');
  const submit = useMutation({
    mutationFn: (id: string) => portalApi.appeal(matter.number, credentials.code, credentials.last4, stage, id, reasons.trim()),
    onSuccess: (view) => {
      message.success(`${what}请求已提交`);
      onView(view);
    },
  });
  const chosen = bodies.find((b) => b.id === bodyId) ?? null;
  const confirm = () => {
    if (!chosen || !reasons.trim()) return;
    modal.confirm({
      title: `确认向${chosen.name}请求${what}？`,
      content: `${chosen.name}将依照${action.article}办理，并书面答复您。请求提交后不能撤回。`,
      okText: `提交${what}请求`,
      cancelText: '返回',
      onOk: () => submit.mutateAsync(chosen.id).catch(() => undefined),
    });
  };
  return (
    <ActionCard action={action}>
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        {bodies.length === 1 ? (
          <div data-testid="portal-appeal-body">
            <Typography.Text>
              {what}机关：<Typography.Text strong>{bodies[0]!.name}</Typography.Text>
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {bodies[0]!.reasonZh}
              </Typography.Text>
            </div>
          </div>
        ) : null}
        {bodies.length > 1 ? (
          <>
            <Typography.Text>请选择{what}机关：</Typography.Text>
            <Radio.Group
              value={bodyId}
              onChange={(e) => {
                setBodyId(e.target.value as string);
                submit.reset();
              }}
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              data-testid="portal-appeal-bodies"
            >
              {bodies.map((b) => (
                <Radio key={b.id} value={b.id} data-testid="portal-appeal-body-option">
                  <Typography.Text strong>{b.name}</Typography.Text>
                  {b.isDefault ? <Typography.Text type="secondary">（默认）</Typography.Text> : null}
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {b.reasonZh}
                    </Typography.Text>
                  </div>
                </Radio>
              ))}
            </Radio.Group>
          </>
        ) : null}
        {action.noteZh ? <Alert type={bodies.length ? 'info' : 'warning'} showIcon title={action.noteZh} /> : null}
        {bodies.length ? (
          <Input.TextArea
            value={reasons}
            onChange={(e) => {
              setReasons(e.target.value);
              submit.reset();
            }}
            maxLength={3000}
            showCount
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={`请求${what}的理由（必填）：您对${stage === 'review' ? '处理意见' : '复查意见'}哪些方面不服、为什么。${what}机关将据此${what}，并在${what}意见书中载明`}
            data-testid="portal-appeal-reasons"
          />
        ) : null}
        {submit.isError ? <Alert type="error" showIcon title={errorText(submit.error)} data-testid="portal-action-error" /> : null}
        {bodies.length ? (
          <Button block size="large" disabled={!chosen || !reasons.trim()} loading={submit.isPending} onClick={confirm} data-testid={`portal-${stage}-submit`}>
            请求{what}
          </Button>
        ) : null}
      </Space>
    </ActionCard>
  );
}

export function MatterActions({ matter, credentials, onView }: { matter: CitizenMatter; credentials: Credentials; onView: (v: CitizenView) => void }) {
  if (!matter.actions?.length) return null;
  return (
    <div data-testid="portal-actions" style={{ marginTop: 12 }}>
      <Typography.Text strong>您现在可以</Typography.Text>
      {matter.actions.map((a) =>
        a.type === 'evaluate' ? (
          <EvaluationForm key={a.type} matter={matter} action={a} credentials={credentials} onView={onView} />
        ) : (
          <AppealForm key={`${a.type}-${a.dueOn}`} matter={matter} action={a} credentials={credentials} onView={onView} />
        ),
      )}
    </div>
  );
}
