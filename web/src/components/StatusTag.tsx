import { Tag } from 'antd';

// Colours are cosmetic only; the status and its label come from the server. Unknown statuses are blue.
const COLORS: Record<string, string> = {
  registered: 'default',
  dispatched: 'cyan',
  forwarded: 'cyan',
  assigned: 'geekblue',
  accepted: 'blue',
  handling: 'processing',
  extended: 'orange',
  replied: 'purple',
  evaluated: 'purple',
  review: 'magenta',
  reReview: 'magenta',
  concluded: 'success',
  terminated: 'default',
  rejected: 'default',
  returned: 'warning',
  redirected: 'default',
};

export function StatusTag({ status, label }: { status: string; label: string }) {
  return (
    <Tag color={COLORS[status] ?? 'blue'} data-status={status} style={{ marginInlineEnd: 0 }}>
      {label}
    </Tag>
  );
}
