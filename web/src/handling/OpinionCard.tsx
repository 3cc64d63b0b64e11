import { Card, Steps, Tag, Typography } from 'antd';
import type { OpinionDraftView } from '../types';

/**
 * An opinion on its way to issue — the 处理意见, or under appeal the 复查意见 / 复核意见 — with its text and the sign-off
 * chain (seed 003): signed steps with who and when.
 */
export function OpinionCard({ draft, noun = '处理意见' }: { draft: OpinionDraftView; noun?: string }) {
  const current = draft.signatures.length;
  return (
    <Card
      title={`${noun}（签批中）`}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="opinion-card"
      data-next={draft.next?.key ?? 'done'}
      extra={draft.next ? <Tag color="gold">待{draft.next.labelZh}签批</Tag> : <Tag color="green">已签批，可出具</Tag>}
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        <Tag>{draft.outcomeLabel}</Tag>
        {draft.summary}
      </Typography.Paragraph>
      {draft.legalBasis && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>依据：{draft.legalBasis}</Typography.Paragraph>}
      <Steps
        size="small"
        orientation="vertical"
        current={current}
        items={draft.chain.map((st, i) => {
          const sig = draft.signatures[i];
          return {
            title: st.labelZh,
            description: sig ? `${sig.signer.name} · ${sig.on}${sig.comment ? ` · ${sig.comment}` : ''}` : i === current ? '待签批' : '',
            status: sig ? 'finish' : i === current ? 'process' : 'wait',
          };
        })}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {draft.draftedBy.name} 于 {draft.draftedOn} 拟写
      </Typography.Text>
    </Card>
  );
}
