const CHINA_OFFSET = '+08:00';

/** The instant a petition arrived; a bare date means the start of that day in China. */
export function receivedInstant(value: string): Date | null {
  const s = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00${CHINA_OFFSET}` : value;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}
