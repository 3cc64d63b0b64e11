const CHINA_OFFSET = '+08:00';

/**
 * The instant a petition arrived; a bare date means the start of that day in China, and a time of day without an
 * offset is China time (the API documents both: src/http/schemas.ts `IsoDateTimeString`).
 */
export function receivedInstant(value: string): Date | null {
  const v = value.trim();
  const s = /^\d{4}-\d{2}-\d{2}$/.test(v)
    ? `${v}T00:00:00${CHINA_OFFSET}`
    : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(v)
      ? `${v.replace(' ', 'T')}${CHINA_OFFSET}`
      : v;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}
