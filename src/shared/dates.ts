import { z } from 'zod';

/**
 * The dates the API accepts: from the founding of the People's Republic (the oldest archive a bureau could import) to
 * the end of this century. A date outside it is a typo or an attack, and refusing it at the schema keeps every date
 * loop in src/domain/calendar short (a due date of 9999-12-31 + 15 days once spun the process for ever).
 */
export const API_MIN_YEAR = 1949;
export const API_MAX_YEAR = 2100;
const DATE_RANGE_ZH = `${API_MIN_YEAR}-01-01 至 ${API_MAX_YEAR}-12-31`;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** YYYY-MM-DD, optionally followed by a time of day and an offset (no offset: China time). */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** True for a date that exists in the calendar (no 2025-02-30) and lies within the API's range. */
function isRealDate(year: number, month: number, day: number): boolean {
  if (year < API_MIN_YEAR || year > API_MAX_YEAR) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function isApiDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isApiDateTime(value: string): boolean {
  const m = ISO_DATE_TIME.exec(value);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (m[4] === undefined) return true;
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return false;
  const offset = m[7];
  if (offset && offset.toUpperCase() !== 'Z') {
    const digits = offset.replace(':', '');
    if (Number(digits.slice(1, 3)) > 14 || Number(digits.slice(3, 5)) > 59) return false;
  }
  return true;
}

/** A calendar date, YYYY-MM-DD, real and within 1949–2100: the one schema every route uses for a date. */
export const IsoDateString = z
  .string()
  .max(10, `日期应为 YYYY-MM-DD 格式，且在 ${DATE_RANGE_ZH} 之间`)
  .refine(isApiDate, `日期应为 YYYY-MM-DD 格式的真实日期，且在 ${DATE_RANGE_ZH} 之间`)
  .meta({ format: 'date', description: `YYYY-MM-DD, ${API_MIN_YEAR}-01-01 … ${API_MAX_YEAR}-12-31` });

/**
 * An instant as a date, or a date and time of day with an optional offset (none: China time), e.g.
 * `2025-09-26`, `2025-09-26T09:30`, `2025-09-26T09:30:00+08:00`, `2025-09-26T01:30:00Z`; real and within 1949–2100.
 */
export const IsoDateTimeString = z
  .string()
  .max(40, `时间应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM[:SS][时区] 格式`)
  .refine(isApiDateTime, `时间应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM[:SS][时区] 格式的真实时间，日期在 ${DATE_RANGE_ZH} 之间`)
  .meta({ description: `YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM] (no offset: China time), ${API_MIN_YEAR}–${API_MAX_YEAR}` });
