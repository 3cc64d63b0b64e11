import { AutoComplete, Button, Card, Col, Input, Row, Space, Tag, Typography } from 'antd';
import { Field } from './Field';
import { CATEGORY_SUGGESTIONS, NEW_MATTER, emptyDemand, type Decision, type DemandRow } from './model';

export function DecisionTag({ decision }: { decision: Decision }) {
  if (decision.kind === 'new') return <Tag color="green">新事项</Tag>;
  return (
    <Tag color={decision.kind === 'repeat' ? 'orange' : 'purple'}>
      {decision.kind === 'repeat' ? '重复件' : '并入集体事项'}：{decision.number}
    </Tag>
  );
}

/**
 * 分诉求登记: several demands, each its own matter with its own decision (new, repeat of X, joined to X). The demand
 * last worked on is the one screened, and the one the screening panel's buttons decide.
 */
export function DemandsField({
  demands,
  active,
  onActive,
  onChange,
  onUnsplit,
}: {
  demands: DemandRow[];
  active: number;
  onActive: (i: number) => void;
  onChange: (demands: DemandRow[]) => void;
  onUnsplit: () => void;
}) {
  const patch = (i: number, p: Partial<DemandRow>) => onChange(demands.map((d, j) => (j === i ? { ...d, ...p } : d)));
  return (
    <div data-testid="demands">
      {demands.map((d, i) => (
        <Card
          key={d.key}
          size="small"
          data-testid="demand-row"
          data-index={i}
          onFocus={() => onActive(i)}
          style={{ marginBottom: 12, borderColor: i === active ? '#1b5aa6' : undefined }}
          title={
            <Space size={8}>
              <span>诉求 {i + 1}</span>
              <DecisionTag decision={d.decision} />
              {i === active && (
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  右侧甄别结果针对此项
                </Typography.Text>
              )}
            </Space>
          }
          extra={
            <Space size={4}>
              {d.decision.kind !== 'new' && (
                <Button size="small" type="link" onClick={() => patch(i, { decision: NEW_MATTER })} data-testid="demand-decision-reset">
                  改为新事项
                </Button>
              )}
              <Button size="small" type="text" danger disabled={demands.length <= 1} tabIndex={-1} onClick={() => onChange(demands.filter((_, j) => j !== i))}>
                删除
              </Button>
            </Space>
          }
        >
          <Field field={`demands.${i}.title`} label="诉求标题" required>
            <Input data-testid="demand-title" value={d.title} maxLength={200} onChange={(e) => patch(i, { title: e.target.value })} />
          </Field>
          <Field field={`demands.${i}.content`} label="诉求内容" required>
            <Input.TextArea data-testid="demand-content" value={d.content} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={20000} onChange={(e) => patch(i, { content: e.target.value })} />
          </Field>
          <Row gutter={12}>
            <Col span={8}>
              <Field field={`demands.${i}.respondent`} label="被反映人 / 单位">
                <Input data-testid="demand-respondent" value={d.respondent} maxLength={200} onChange={(e) => patch(i, { respondent: e.target.value })} />
              </Field>
            </Col>
            <Col span={8}>
              <Field field={`demands.${i}.place`} label="问题发生地">
                <Input value={d.place} maxLength={200} onChange={(e) => patch(i, { place: e.target.value })} />
              </Field>
            </Col>
            <Col span={8}>
              <Field field={`demands.${i}.category`} label="内容分类">
                <AutoComplete
                  value={d.category}
                  options={CATEGORY_SUGGESTIONS.map((c) => ({ value: c }))}
                  showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
                  onChange={(v: string) => patch(i, { category: v })}
                />
              </Field>
            </Col>
          </Row>
        </Card>
      ))}
      <Space>
        <Button type="dashed" onClick={() => onChange([...demands, emptyDemand()])} data-testid="demand-add">
          + 再增加一项诉求
        </Button>
        <Button type="link" onClick={onUnsplit} disabled={demands.length > 1} data-testid="demand-unsplit">
          取消分诉求（仅剩一项时）
        </Button>
      </Space>
    </div>
  );
}
