import { Link } from 'react-router-dom';

/**
 * A matter in a list: its title linking to the matter page (which offers a way back to `from`) over its number.
 */
export function MatterCell({ id, title, number, from, testId }: { id: string; title: string; number: string; from: { path: string; label: string }; testId: string }) {
  return (
    <div style={{ lineHeight: 1.35 }}>
      <Link to={`/matters/${id}`} state={{ from }} data-testid={testId}>
        {title}
      </Link>
      <div style={{ fontFamily: 'ui-monospace, Consolas, monospace', fontSize: 12, color: '#8c8c8c' }}>{number}</div>
    </div>
  );
}
