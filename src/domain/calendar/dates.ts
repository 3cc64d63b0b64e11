/**
 * Local calendar dates as ISO strings ('YYYY-MM-DD').
 *
 * Statutory periods count whole days in China Standard Time; a time of day never matters, so dates are plain strings
 * and all arithmetic runs in UTC to stay clear of the host's time zone and of daylight-saving shifts.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isIsoDate(value: string): value is IsoDate {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function assertIsoDate(value: string): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${value}`);
  return value;
}

function toUtcMs(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The date in China Standard Time (UTC+8, no daylight saving) of an instant. */
export function chinaDateOf(instant: Date): IsoDate {
  return fromUtcMs(instant.getTime() + CHINA_OFFSET_MS);
}
