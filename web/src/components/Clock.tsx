import { Tag, Tooltip, Typography } from 'antd';
import type { ClockStatus, ClockView } from '../types';

export const PROVISIONAL_HINT =
  '该年度国务院办公厅法定节假日安排尚未载入系统，此到期日按现有工作日历暂定计算；节假日安排载入后，到期日可能调整。';

export function ProvisionalTag() {
  return (
    <Tooltip title={PROVISIONAL_HINT}>
      <Tag color="gold" data-testid="clock-provisional" style={{ marginInlineEnd: 0, cursor: 'help' }}>
        暂定
      </Tag>
    </Tooltip>
  );
}

export type ClockTone = 'overdue' | 'warning' | 'normal' | 'stopped';

/**
 * How to colour a clock. Overdue is the server's `status`; the ≤ 3 days warning is a display threshold
 * on the server's `daysLeft`. Nothing here recomputes a due date.
 */
export function clockTone(clock: Pick<ClockView, 'status' | 'daysLeft'>): ClockTone {
  if (clock.status === 'overdue') return 'overdue';
  if (clock.status === 'running' && clock.daysLeft !== null && clock.daysLeft <= 3) return 'warning';
  if (clock.status === 'running' || clock.status === 'paused') return 'normal';
  return 'stopped';
}

export const TONE_COLOR: Record<ClockTone, string | undefined> = {
  overdue: '#cf1322',
  warning: '#d46b08',
  normal: undefined,
  stopped: 'rgba(0,0,0,0.45)',
};

/** 「剩 5 天」「今日到期」「超期 3 天」 or, for a stopped clock, its status label. */
export function daysLeftText(clock: Pick<ClockView, 'status' | 'statusLabel' | 'daysLeft'>): string {
  const { status, daysLeft } = clock;
  if (status === 'overdue') return daysLeft !== null && daysLeft < 0 ? `超期 ${-daysLeft} 天` : clock.statusLabel;
  if (status === 'running' && daysLeft !== null) {
    if (daysLeft > 0) return `剩 ${daysLeft} 天`;
    if (daysLeft === 0) return '今日到期';
    return `超期 ${-daysLeft} 天`;
  }
  return clock.statusLabel;
}

const STATUS_COLORS: Record<ClockStatus, string> = {
  running: 'processing',
  paused: 'warning',
  met: 'success',
  late: 'volcano',
  overdue: 'error',
  closed: 'default',
};

export function ClockStatusTag({ clock }: { clock: ClockView }) {
  return (
    <Tag color={STATUS_COLORS[clock.status]} style={{ marginInlineEnd: 0 }}>
      {clock.statusLabel}
    </Tag>
  );
}

export function periodText(clock: Pick<ClockView, 'amount' | 'unit'>): string {
  return clock.unit === 'workingDays' ? `${clock.amount}个工作日` : `${clock.amount}日`;
}

/** The compact form used in tables and lists: label, due date, days left, 暂定. */
export function NextClock({ clock }: { clock: ClockView | null }) {
  if (!clock) return <Typography.Text type="secondary">—</Typography.Text>;
  const tone = clockTone(clock);
  const color = TONE_COLOR[tone];
  return (
    <div data-clock-name={clock.name} data-clock-tone={tone} style={{ lineHeight: 1.5 }}>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {clock.label}
        </Typography.Text>{' '}
        {clock.provisional && <ProvisionalTag />}
      </div>
      <div style={{ whiteSpace: 'nowrap' }}>
        <span style={{ color }}>{clock.due}</span>
        <span style={{ color, fontWeight: tone === 'overdue' || tone === 'warning' ? 600 : undefined, marginInlineStart: 8 }}>
          {daysLeftText(clock)}
        </span>
      </div>
    </div>
  );
}
