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

/**
 * The dates the calendar computes with: the years a schedule may be loaded for (schedule.ts), which is far beyond any
 * statutory period. Every day loop in this module stops at these bounds, so no input can make it spin: past
 * 9999-12-31 `Date#toISOString` no longer yields YYYY-MM-DD and a loop over days once never ended.
 */
export const CALENDAR_MIN_DATE: IsoDate = '1900-01-01';
export const CALENDAR_MAX_DATE: IsoDate = '2999-12-31';

/** A date arithmetic result or argument outside CALENDAR_MIN_DATE … CALENDAR_MAX_DATE. */
export class CalendarRangeError extends RangeError {
  override readonly name = 'CalendarRangeError';
  constructor(readonly value: string) {
    super(`日期超出日历可计算的范围（${CALENDAR_MIN_DATE} 至 ${CALENDAR_MAX_DATE}）/ date outside the calendar's range ${CALENDAR_MIN_DATE} … ${CALENDAR_MAX_DATE}: ${value}`);
  }
}

export function assertIsoDate(value: string): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${value}`);
  if (value < CALENDAR_MIN_DATE || value > CALENDAR_MAX_DATE) throw new CalendarRangeError(value);
  return value;
}

function toUtcMs(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

const MIN_MS = Date.parse('1900-01-01T00:00:00Z');
const MAX_MS = Date.parse('2999-12-31T00:00:00Z');

/** Throws CalendarRangeError when the result falls outside CALENDAR_MIN_DATE … CALENDAR_MAX_DATE. */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const ms = toUtcMs(date) + days * DAY_MS;
  if (!(ms >= MIN_MS && ms <= MAX_MS)) throw new CalendarRangeError(`${date} + ${days}`);
  return fromUtcMs(ms);
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
