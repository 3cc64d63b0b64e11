import { Alert, Card, Steps, Tag, Typography } from 'antd';
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
      extra={
        draft.supersededByHearingOn ? (
          <Tag color="red">须重新拟写</Tag>
        ) : draft.next ? (
          <Tag color="gold">待{draft.next.labelZh}签批</Tag>
        ) : (
          <Tag color="green">已签批，可出具</Tag>
        )
      }
    >
      {draft.supersededByHearingOn && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="opinion-stale"
          title={`草稿拟写于 ${draft.supersededByHearingOn} 听证笔录之前`}
          description="复核意见应当依据听证情况作出：请重新拟写（可沿用原文）并重新签批后出具（《信访工作条例》第三十六条第二款）。"
        />
      )}
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {draft.dispositionLabel && <Tag color="blue">{draft.dispositionLabel}原意见</Tag>}
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
