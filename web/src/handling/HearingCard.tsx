import { Card, Descriptions, Divider, Tag, Typography } from 'antd';
import type { HearingPlanView, HearingsView } from '../types';

/**
 * 听证 of the re-review (Art. 31 (六), 36 ¶2): the hearing announced and not yet recorded, those held (with their
 * record and conclusion), and the opinion's publication (公示). The clock card shows the days not counted.
 */
export function HearingCard({ hearings }: { hearings: HearingsView }) {
  const { current, held, publication } = hearings;
  return (
    <Card title="听证" style={{ marginBottom: 16 }} data-testid="hearing-card">
      {current && (
        <>
          <Tag color="orange" data-testid="hearing-in-progress">
            听证进行中 · 自 {current.startedOn} 起复核期限暂停
          </Tag>
          {current.plan && <PlanItems plan={current.plan} />}
        </>
      )}
      {held.map((h, i) => (
        <div key={h.startedOn + i} data-testid="hearing-held">
          {(current || i > 0) && <Divider style={{ margin: '12px 0' }} />}
          <Typography.Text strong>
            {h.outcome?.withdrawn ? '听证已撤回' : '听证已举行'}（{h.startedOn} 至 {h.endedOn}，不计入复核期限）
          </Typography.Text>
          {h.plan && <PlanItems plan={h.plan} />}
          {h.outcome && (
            <Descriptions
              size="small"
              column={1}
              items={[
                ...(h.outcome.withdrawn ? [] : [{ key: 'att', label: '信访人', children: h.outcome.petitionerAttended === false ? '未到场' : '到场' }]),
                { key: 'rec', label: h.outcome.withdrawn ? '撤回情况' : '听证笔录', children: h.outcome.record },
                ...(h.outcome.conclusion ? [{ key: 'con', label: '听证结论', children: h.outcome.conclusion }] : []),
              ]}
            />
          )}
        </div>
      ))}
      {publication && (
        <>
          <Divider style={{ margin: '12px 0' }} />
          <Tag color="green" data-testid="publication">
            复核意见已于 {publication.on} 公示
          </Tag>
          <Typography.Paragraph style={{ marginTop: 8 }}>{publication.text}</Typography.Paragraph>
        </>
      )}
    </Card>
  );
}

function PlanItems({ plan }: { plan: HearingPlanView }) {
  return (
    <Descriptions
      size="small"
      column={1}
      style={{ marginTop: 8 }}
      items={[
        {
          key: 'when',
          label: '时间',
          children: `${plan.heldOn}${plan.time ? ` ${plan.time}` : ''}${plan.rescheduled?.length ? `（改期 ${plan.rescheduled.length} 次：${plan.rescheduled.map((r) => `原定 ${r.from}，${r.reason}`).join('；')}）` : ''}`,
        },
        { key: 'place', label: '地点', children: plan.place },
        { key: 'chair', label: '主持人', children: plan.presidingOfficer },
        { key: 'officers', label: '听证员', children: plan.officers.map((o) => `${o.name}${o.affiliation ? `（${o.affiliation}）` : ''}·${o.proposedByLabel}`).join('；') },
        ...(plan.participants.length ? [{ key: 'others', label: '参加人', children: plan.participants.map((x) => `${x.name}（${x.roleLabel}）`).join('、') }] : []),
        { key: 'open', label: '方式', children: plan.closedReason ? `不公开（${plan.closedReason}）` : '公开' },
      ]}
    />
  );
}
