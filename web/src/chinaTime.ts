// Dates in China time (Asia/Shanghai, UTC+8, no daylight saving) whatever the browser's time zone. The statutory
// clocks count China dates (the server's chinaDateOf), so a form must default and check dates as they are in China:
// at 07:00 in Beijing a browser set to UTC is still on the previous day, and dayjs() there gave the wrong receipt date.
//
// The form pickers hold "China wall-clock" values: a Dayjs whose year … minute fields are the China date and time
// (in the browser's zone, but that zone is never consulted). `chinaNow()` makes one, `chinaDateTimeString()` sends one
// with +08:00, `formatChina()` shows an instant the server sent as China date-time text.
import dayjs, { type Dayjs } from 'dayjs';

const CHINA = 'Asia/Shanghai';

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: CHINA,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The China wall-clock fields of an instant, as 'YYYY-MM-DDTHH:mm:ss'. */
function chinaWallClock(at: Date): string {
  const p = Object.fromEntries(PARTS.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

/** Today in China, 'YYYY-MM-DD'. `at` for tests. */
export function chinaToday(at: Date = new Date()): string {
  return chinaWallClock(at).slice(0, 10);
}

/** Now in China as a picker value (China wall-clock fields), to the minute. */
export function chinaNow(at: Date = new Date()): Dayjs {
  return dayjs(chinaWallClock(at)).second(0).millisecond(0);
}

/** Today in China as a date picker value (midnight of the China date). */
export function chinaTodayValue(at: Date = new Date()): Dayjs {
  return dayjs(chinaToday(at));
}

/** A date picker's "not in the future": days after today in China. */
export function isAfterChinaToday(d: Dayjs): boolean {
  return d.format('YYYY-MM-DD') > chinaToday();
}

/** A date picker's "not in the past": days before today in China. */
export function isBeforeChinaToday(d: Dayjs): boolean {
  return d.format('YYYY-MM-DD') < chinaToday();
}

/** A date picker's "after today only" (a due date): today in China and before. */
export function isNotAfterChinaToday(d: Dayjs): boolean {
  return !isAfterChinaToday(d);
}

/** A picker's China wall-clock value as the API takes a date-time: '2025-11-20T07:00:00+08:00'. */
export function chinaDateTimeString(d: Dayjs): string {
  return `${d.format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}

/** An instant (ISO string from the server, or a Date) as China date-time text, by a dayjs pattern. */
export function formatChina(at: string | Date, pattern = 'YYYY-MM-DD HH:mm'): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return typeof at === 'string' ? at : '';
  return dayjs(chinaWallClock(d)).format(pattern);
}
