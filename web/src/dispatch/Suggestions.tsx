import { Popover, Progress, Space, Tag, Typography } from 'antd';
import type { RoutingSuggestion } from '../types';
import { SUGGESTION_SOURCE_LABELS, label, percent } from './labels';

function ActionTag({ s }: { s: RoutingSuggestion }) {
  return s.action === 'redirect' ? (
    <Tag color="purple" style={{ marginInlineEnd: 0 }}>
      导入
    </Tag>
  ) : null;
}

/** The three suggestions with their confidence and reasons (the popover of a queue row). */
export function SuggestionDetails({ suggestions }: { suggestions: RoutingSuggestion[] }) {
  return (
    <div style={{ maxWidth: 420 }} data-testid="suggestion-details">
      {suggestions.map((s, i) => (
        <div key={s.bodyId} style={{ padding: '6px 0', borderTop: i ? '1px solid #f0f0f0' : undefined }}>
          <Space size={6}>
            <Typography.Text type="secondary">{i + 1}.</Typography.Text>
            <Typography.Text strong>{s.bodyName}</Typography.Text>
            <ActionTag s={s} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {percent(s.confidence)} · {label(SUGGESTION_SOURCE_LABELS, s.source)}
            </Typography.Text>
          </Space>
          <ul style={{ margin: '2px 0 0', paddingInlineStart: 34, fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>
            {s.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** A queue cell: the first suggestion with its confidence; hover for all three and why. */
export function TopSuggestion({ suggestions }: { suggestions: RoutingSuggestion[] }) {
  const top = suggestions[0];
  if (!top) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Popover title="分办建议" content={<SuggestionDetails suggestions={suggestions} />} placement="left" mouseEnterDelay={0.3}>
      <div data-testid="top-suggestion" data-body-id={top.bodyId} style={{ lineHeight: 1.35, cursor: 'help' }}>
        <div style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          <ActionTag s={top} /> {top.bodyName}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          置信度 {percent(top.confidence)}
          {suggestions.length > 1 ? ` · 另有 ${suggestions.length - 1} 项` : ''}
        </Typography.Text>
      </div>
    </Popover>
  );
}

/** The suggestions as cards to click (or press 1/2/3): choosing one makes its body the target. */
export function SuggestionCards({ suggestions, chosen, onChoose }: { suggestions: RoutingSuggestion[]; chosen?: string; onChoose: (s: RoutingSuggestion) => void }) {
  if (suggestions.length === 0) {
    return <Typography.Text type="secondary">暂无分办建议，请直接选择接收单位。</Typography.Text>;
  }
  return (
    <div style={{ display: 'grid', gridTemplateColumns: `repeat(${Math.min(3, suggestions.length)}, minmax(0, 1fr))`, gap: 8 }}>
      {suggestions.slice(0, 3).map((s, i) => {
        const active = chosen === s.bodyId;
        return (
          <button
            type="button"
            key={s.bodyId}
            data-testid="suggestion-card"
            data-body-id={s.bodyId}
            data-rank={i + 1}
            data-chosen={active ? 'true' : 'false'}
            onClick={() => onChoose(s)}
            style={{
              textAlign: 'left',
              border: `1px solid ${active ? '#1b5aa6' : '#d9d9d9'}`,
              background: active ? '#e6f0fb' : '#fff',
              borderRadius: 4,
              padding: '8px 10px',
              cursor: 'pointer',
              font: 'inherit',
              minWidth: 0,
            }}
          >
            <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
              <Tag style={{ marginInlineEnd: 0 }} color={active ? 'blue' : undefined}>
                {i + 1}
              </Tag>
              <ActionTag s={s} />
              <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }} title={s.bodyName}>
                {s.bodyName}
              </Typography.Text>
            </div>
            <Progress percent={Math.round(s.confidence * 100)} size="small" showInfo style={{ margin: '4px 0 2px' }} />
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.6)' }}>
              {s.reasons.map((r) => (
                <div key={r}>· {r}</div>
              ))}
            </div>
          </button>
        );
      })}
    </div>
  );
}
