import { Card, Descriptions, Empty, Space, Tag, Timeline, Typography } from 'antd';
import type { WorkspaceView } from '../types';

/**
 * 办理工作台: what the responsible body has done — the 包案领导, investigations, agreements (Art. 33) — and, for a
 * first-time petition, the checklist (seed 001's 双签双核两见面一现场) with each item done or still missing.
 */
export function WorkspaceCard({ workspace: w, firstPetition }: { workspace: WorkspaceView; firstPetition: boolean }) {
  const missing = w.checklist.filter((c) => !c.done).length;
  const records = [
    ...w.investigations.map((x) => ({ on: x.on, tag: x.kindLabel, text: x.summary, who: `${x.byName}${x.participants ? ` · ${x.participants}` : ''}`, color: 'blue' })),
    ...w.agreements.map((x) => ({ on: x.on, tag: x.kindLabel, text: x.summary, who: `${x.byName}${x.parties ? ` · ${x.parties}` : ''}`, color: 'green' })),
  ].sort((a, b) => a.on.localeCompare(b.on));
  return (
    <Card title="办理工作台" style={{ marginBottom: 16 }} data-testid="workspace-card">
      <Descriptions
        size="small"
        column={1}
        items={[{ key: 'leader', label: '包案领导', children: w.caseLeader ? `${w.caseLeader.name}${w.caseLeader.title ? `（${w.caseLeader.title}）` : ''} · ${w.caseLeader.on}` : '未确定' }]}
      />
      {firstPetition && w.checklist.length > 0 && (
        <div style={{ margin: '12px 0' }} data-testid="checklist" data-missing={missing}>
          <Typography.Text strong>初次信访办理清单</Typography.Text>
          <Typography.Text type={missing ? 'warning' : 'success'} style={{ marginLeft: 8 }}>
            {missing ? `尚缺 ${missing} 项` : '已全部完成'}
          </Typography.Text>
          <Space wrap size={[6, 6]} style={{ marginTop: 6, display: 'flex' }}>
            {w.checklist.map((c) => (
              <Tag key={c.key} color={c.done ? 'green' : 'default'} data-testid="checklist-item" data-done={c.done} title={c.done ? `${c.byName ?? ''} ${c.on ?? ''}${c.note ? `：${c.note}` : ''}` : '未完成'}>
                {c.done ? '✓ ' : '○ '}
                {c.labelZh}
              </Tag>
            ))}
          </Space>
        </div>
      )}
      {records.length ? (
        <Timeline
          style={{ marginTop: 12 }}
          items={records.map((r) => ({
            color: r.color,
            content: (
              <>
                <Tag color={r.color}>{r.tag}</Tag>
                <Typography.Text type="secondary">{r.on}</Typography.Text>
                <div>{r.text}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.who}
                </Typography.Text>
              </>
            ),
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无调查核实或调解记录" />
      )}
    </Card>
  );
}
