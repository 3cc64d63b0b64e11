import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/**
 * One row naming a related matter: its number and title as a link to it, or, when the server says it is outside the
 * reader's scope (`visible: false`, no title), its number only.
 */
export function MatterRefRow({
  matter,
  testId,
  linkTestId,
  before,
}: {
  matter: { id: string; number: string; title: string | null; statusLabel: string | null; visible: boolean };
  testId: string;
  linkTestId: string;
  before?: ReactNode;
}) {
  return (
    <div data-testid={testId} data-visible={matter.visible} style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '8px 12px', borderBottom: '1px solid #f0f0f0' }}>
      {before}
      {matter.visible ? (
        <Link to={`/matters/${matter.id}`} data-testid={linkTestId}>
          {matter.number} {matter.title}
        </Link>
      ) : (
        <Typography.Text type="secondary">{matter.number}（不在您的权限范围内）</Typography.Text>
      )}
      <span style={{ flex: 1 }} />
      {matter.statusLabel && <Typography.Text type="secondary">{matter.statusLabel}</Typography.Text>}
    </div>
  );
}
