import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { yearOf, type IsoDate } from './dates';
import type { CalendarData } from './calendar';

/**
 * The State Council's published schedules as shipped by the `chinese-days` package (2004 up to its latest release).
 * Entries look like "Spring Festival,春节,4": the Chinese name is the second field.
 */
function chineseName(entry: string): string {
  return entry.split(',')[1] ?? entry;
}

export function officialCalendarData(): CalendarData {
  const holidays = new Map<IsoDate, string>();
  const makeUpWorkdays = new Map<IsoDate, string>();
  const officialYears = new Set<number>();
  for (const [date, entry] of Object.entries(chineseDays.holidays as Record<string, string>)) {
    holidays.set(date, chineseName(entry));
    officialYears.add(yearOf(date));
  }
  for (const [date, entry] of Object.entries(chineseDays.workdays as Record<string, string>)) {
    makeUpWorkdays.set(date, chineseName(entry));
    officialYears.add(yearOf(date));
  }
  return { holidays, makeUpWorkdays, officialYears };
}
