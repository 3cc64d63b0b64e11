import { Card, Descriptions, Tag } from 'antd';
import type { SupervisionView } from '../types';

/** The supervision in progress on a matter (督办): who supervises whom, by when, and where it stands. */
export function SupervisionCard({ supervision: s }: { supervision: SupervisionView }) {
  return (
    <Card
      title="督办"
      size="small"
      style={{ marginBottom: 16, borderColor: '#ffa39e' }}
      data-testid="supervision-card"
      extra={s.reply ? <Tag color="green">已回复，待评估</Tag> : <Tag color="red">待回复</Tag>}
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'by', label: '督办单位', children: `${s.by.name}（${s.methodLabel}${s.letterLabel ? `，${s.letterLabel}` : ''}）` },
          { key: 'target', label: '被督办单位', children: s.target.name },
          { key: 'opened', label: '督办日期', children: s.openedOn },
          { key: 'reason', label: '督办事由', children: s.reason },
          { key: 'due', label: '回复期限', children: `${s.replyDueOn}${s.rounds ? `（第 ${s.rounds + 1} 次要求回复）` : ''}` },
          ...(s.listed ? [{ key: 'listed', label: '挂牌督办', children: `办结期限 ${s.listedDueOn ?? ''}` }] : []),
          ...(s.reply ? [{ key: 'reply', label: '回复', children: `${s.reply.on}：${s.reply.summary}` }] : []),
          ...(s.escalatedTo.length ? [{ key: 'esc', label: '已提级', children: s.escalatedTo.join('、') }] : []),
        ]}
      />
    </Card>
  );
}
