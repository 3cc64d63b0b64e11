import { Alert, Button, Card, Empty, Progress, Select, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { errorText } from '../api';
import { StatusTag } from '../components/StatusTag';
import { RECEPTION_KIND_LABELS } from '../dispatch/labels';
import type { ReceptionKind, ScreeningCandidate, ScreeningResult } from '../types';
import { DecisionTag } from './DemandsField';
import type { Decision } from './model';

const FLAG_LABELS: Record<string, string> = { levelSkipping: '越级', terminated: '已终结 · 不再受理' };

function scoreColor(score: number, likely: boolean): string {
  if (likely) return '#cf1322';
  return score >= 0.5 ? '#fa8c16' : '#8c8c8c';
}

function CandidateCard({
  c,
  rank,
  decision,
  onDecide,
}: {
  c: ScreeningCandidate;
  rank: number;
  decision: Decision;
  onDecide: (d: Decision) => void;
}) {
  const chosen = decision.kind !== 'new' && decision.matterId === c.matterId ? decision.kind : null;
  // On a terminated matter the petitioner is still received (Art. 37 ¶3): 疏导 unless the clerk says otherwise.
  const reception = c.flags.some((f) => f.code === 'terminated') ? { reception: 'counselling' as const } : {};
  const pct = Math.round(c.score * 100);
  return (
    <div
      data-testid="candidate"
      data-matter-id={c.matterId}
      data-number={c.number}
      data-chosen={chosen ?? undefined}
      style={{
        padding: '10px 12px',
        borderBottom: '1px solid #f0f0f0',
        background: chosen ? '#fff7e6' : undefined,
        borderInlineStart: `3px solid ${chosen ? '#fa8c16' : c.likelyRepeat ? '#cf1322' : 'transparent'}`,
      }}
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
        <Typography.Text type="secondary" style={{ flex: 'none' }}>
          {rank}.
        </Typography.Text>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Space size={6} wrap>
            <a href={`/matters/${c.matterId}`} target="_blank" rel="noopener" data-testid="candidate-open" title="在新标签页打开事项">
              <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Consolas, monospace' }} data-testid="candidate-number">
                {c.number}
              </span>
            </a>
            <StatusTag status={c.status} label={c.statusLabel} />
            {c.likelyRepeat && <Tag color="red">疑似重复</Tag>}
          </Space>
          <div style={{ fontWeight: 600, marginTop: 2 }} data-testid="candidate-title">
            {c.title}
          </div>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {c.receivedOn} · {c.registeringBodyName} · 行政区划 {c.regionCode} · 信访件 {c.petitionCount} 件
            {c.externalIds.length > 0 && ` · 外部编号 ${c.externalIds.join('、')}`}
          </div>
        </div>
        <div style={{ flex: 'none', width: 96, textAlign: 'right' }} data-testid="candidate-score" data-score={c.score}>
          <Typography.Text strong style={{ color: scoreColor(c.score, c.likelyRepeat) }}>
            {pct}%
          </Typography.Text>
          <Progress percent={pct} showInfo={false} size="small" strokeColor={scoreColor(c.score, c.likelyRepeat)} />
        </div>
      </div>
      {c.flags.map((f) => (
        <Alert
          key={f.code}
          type={f.code === 'terminated' ? 'error' : 'warning'}
          showIcon
          data-testid="candidate-flag"
          data-flag={f.code}
          style={{ marginTop: 6, padding: '4px 8px' }}
          title={
            <span>
              <Typography.Text strong>{FLAG_LABELS[f.code] ?? f.code}</Typography.Text>：{f.messageZh}
              {!f.messageZh.includes(f.article) && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
                  {f.article}
                </Typography.Text>
              )}
            </span>
          }
        />
      ))}
      {c.reasons.length > 0 && (
        <div style={{ marginTop: 6 }}>
          {c.reasons.map((r) => (
            <Tooltip key={r.code} title={`${r.polarity === 'against' ? '不支持重复' : '支持重复'} · 权重 ${r.weight}`}>
              {/* Evidence against a repeat must not read as support: orange, dashed, with a − mark. */}
              <Tag
                data-testid="candidate-reason"
                data-code={r.code}
                data-polarity={r.polarity}
                color={r.polarity === 'against' ? 'orange' : undefined}
                variant={r.polarity === 'against' ? 'outlined' : undefined}
                style={{ marginBottom: 4, whiteSpace: 'normal', ...(r.polarity === 'against' ? { borderStyle: 'dashed' } : {}) }}
              >
                {r.polarity === 'against' ? '− ' : '+ '}
                {r.messageZh}
              </Tag>
            </Tooltip>
          ))}
        </div>
      )}
      <Space size={8} style={{ marginTop: 6 }}>
        <Button
          size="small"
          type={chosen === 'repeat' ? 'primary' : 'default'}
          data-testid="candidate-repeat"
          onClick={() => onDecide(chosen === 'repeat' ? { kind: 'new' } : { kind: 'repeat', matterId: c.matterId, number: c.number, title: c.title, ...reception })}
        >
          {chosen === 'repeat' ? '✓ 已认定为重复件' : '认定为重复件'}
        </Button>
        <Button
          size="small"
          type={chosen === 'joined' ? 'primary' : 'default'}
          data-testid="candidate-join"
          onClick={() => onDecide(chosen === 'joined' ? { kind: 'new' } : { kind: 'joined', matterId: c.matterId, number: c.number, title: c.title, ...reception })}
        >
          {chosen === 'joined' ? '✓ 已并入集体事项' : '并入集体事项'}
        </Button>
      </Space>
    </div>
  );
}

/**
 * 甄别判重: the matters the draft may repeat, best first, with the score, the reasons and the flags the server found;
 * the clerk decides for the demand shown (the petition itself unless split).
 */
export function ScreeningPanel({
  state,
  result,
  error,
  decision,
  target,
  onDecide,
}: {
  /** idle: not enough to screen yet; waiting: typing (debounce); loading; done. */
  state: 'idle' | 'waiting' | 'loading' | 'done' | 'error';
  result: ScreeningResult | undefined;
  error: unknown;
  decision: Decision;
  /** What the decision applies to, e.g. 「本件」 or 「诉求 2」. */
  target: string;
  onDecide: (d: Decision) => void;
}) {
  const candidates = result?.candidates ?? [];
  return (
    <Card
      data-testid="screening-panel"
      data-state={state}
      title={
        <Space size={8}>
          <span>甄别判重</span>
          {(state === 'loading' || state === 'waiting') && <Spin size="small" />}
          {result && state === 'done' && (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {candidates.length} 个候选 · {result.ms} 毫秒
            </Typography.Text>
          )}
        </Space>
      }
      styles={{ body: { padding: 0 } }}
    >
      <div style={{ padding: '10px 12px', borderBottom: '1px solid #f0f0f0', background: '#fafafa' }} data-testid="decision" data-decision={decision.kind} data-matter-id={decision.kind === 'new' ? undefined : decision.matterId}>
        <Space size={8} wrap>
          <Typography.Text>{target}认定：</Typography.Text>
          <DecisionTag decision={decision} />
          {decision.kind !== 'new' && (
            <>
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 220 }}>
                {decision.title}
              </Typography.Text>
              <Button size="small" type="link" onClick={() => onDecide({ kind: 'new' })} data-testid="decision-reset">
                改为新事项
              </Button>
            </>
          )}
        </Space>
        {decision.kind !== 'new' && decision.reception !== undefined && (
          <div style={{ marginTop: 6 }} data-testid="decision-refused-again">
            <Typography.Text type="danger">已依法终结，不再受理（《信访工作条例》第三十六条第三款）；</Typography.Text>
            <Typography.Text>登记接待：</Typography.Text>
            <Select
              size="small"
              style={{ width: 130 }}
              data-testid="decision-reception"
              value={decision.reception ?? ''}
              onChange={(v: ReceptionKind | '') => onDecide({ ...decision, reception: v || null })}
              options={[...Object.entries(RECEPTION_KIND_LABELS).map(([value, label]) => ({ value, label })), { value: '', label: '不登记接待' }]}
            />
            <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
              第三十七条第三款
            </Typography.Text>
          </div>
        )}
        {result?.decision === 'repeat' && decision.kind === 'new' && (
          <div style={{ marginTop: 6 }}>
            <Typography.Text type="warning" data-testid="screening-suggests-repeat">
              系统提示：很可能是重复信访，请核对候选事项后再决定。
            </Typography.Text>
          </div>
        )}
      </div>
      {state === 'error' && (
        <Alert type="error" showIcon style={{ margin: 12 }} title={`甄别判重暂时不可用：${errorText(error)}`} description="仍可登记；请人工核对是否重复。" />
      )}
      {state === 'idle' && !result && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ padding: 16 }} description="填写信访人（姓名、身份证号或电话）或 10 字以上的内容后自动甄别" />
      )}
      {state !== 'idle' && result && candidates.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} style={{ padding: 16 }} description="未发现可能重复的信访事项" data-testid="screening-empty" />
      )}
      {state === 'loading' && !result && <div style={{ padding: 24, textAlign: 'center' }}><Spin /></div>}
      <div style={{ opacity: state === 'loading' || state === 'waiting' ? 0.6 : 1, transition: 'opacity 0.2s' }}>
        {candidates.map((c, i) => (
          <CandidateCard key={c.matterId} c={c} rank={i + 1} decision={decision} onDecide={onDecide} />
        ))}
      </div>
    </Card>
  );
}
