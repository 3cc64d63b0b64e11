import { addCalendarDays, assertIsoDate, dayOfWeek, yearOf, type IsoDate } from './dates';

/**
 * The official working calendar: which days are rest days and which weekend days are make-up workdays (调休).
 *
 * Rules (RULES.md "Counting days"; 民法典 Art. 201–203):
 * - the start day is not counted;
 * - a calendar-day period whose last day is a rest day ends on the next working day;
 * - a working-day period ends on the N-th working day after the start.
 * A result that touches a year without an official schedule is `provisional`: weekends are assumed to be rest days
 * and no holiday is known, so the real due date may move once the State Council publishes that year's calendar.
 */

export type DayUnit = 'days' | 'workingDays';

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export interface DayInfo {
  date: IsoDate;
  kind: DayKind;
  working: boolean;
  /** Holiday or make-up day name, e.g. 春节. */
  name?: string;
  /** False when the year has no official schedule loaded. */
  official: boolean;
}

export interface CalendarData {
  /** Statutory holidays (rest days even on a weekday). */
  holidays: ReadonlyMap<IsoDate, string>;
  /** Weekend days that are working days (调休). */
  makeUpWorkdays: ReadonlyMap<IsoDate, string>;
  /** Years whose official schedule is known. */
  officialYears: ReadonlySet<number>;
}

export interface DueResult {
  from: IsoDate;
  due: IsoDate;
  unit: DayUnit;
  amount: number;
  provisional: boolean;
}

export class Calendar {
  constructor(readonly data: CalendarData) {}

  isOfficialYear(year: number): boolean {
    return this.data.officialYears.has(year);
  }

  dayInfo(date: IsoDate): DayInfo {
    return this.info(assertIsoDate(date));
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.info(assertIsoDate(date)).working;
  }

  /**
   * `amount` calendar days after `from`; a last day that is a rest day moves to the next working day.
   * 0 days is an empty period with no last day to move, so it ends on `from` itself, as `addWorkingDays(from, 0)` does.
   */
  addDays(from: IsoDate, amount: number): DueResult {
    assertIsoDate(from);
    assertAmount(amount);
    if (amount === 0) return { from, due: from, unit: 'days', amount, provisional: !this.isOfficialYear(yearOf(from)) };
    const years = new Set<number>([yearOf(from)]);
    let due = addCalendarDays(from, amount);
    years.add(yearOf(due));
    // No schedule has a year of rest days, but a loaded one is data: stop rather than trust it.
    for (let guard = 0; !this.info(due).working; guard += 1) {
      if (guard > MAX_REST_RUN) throw new RangeError(`连续休息日超过 ${MAX_REST_RUN} 天，日历数据有误 / more than ${MAX_REST_RUN} rest days in a row: the calendar data is wrong (${due})`);
      due = addCalendarDays(due, 1);
      years.add(yearOf(due));
    }
    return { from, due, unit: 'days', amount, provisional: this.anyUnofficial(years) };
  }

  /** The `amount`-th working day after `from` (from itself is never counted; 0 working days is `from`). */
  addWorkingDays(from: IsoDate, amount: number): DueResult {
    assertIsoDate(from);
    assertAmount(amount);
    const years = new Set<number>([yearOf(from)]);
    let due = from;
    let counted = 0;
    // Bounded: `amount` is at most MAX_PERIOD_DAYS and addCalendarDays throws past CALENDAR_MAX_DATE.
    while (counted < amount) {
      due = addCalendarDays(due, 1);
      years.add(yearOf(due));
      if (this.info(due).working) counted += 1;
    }
    return { from, due, unit: 'workingDays', amount, provisional: this.anyUnofficial(years) };
  }

  due(from: IsoDate, unit: DayUnit, amount: number): DueResult {
    return unit === 'days' ? this.addDays(from, amount) : this.addWorkingDays(from, amount);
  }

  /** Working days strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    assertIsoDate(from);
    assertIsoDate(to);
    let n = 0;
    // Bounded by the calendar's range: both ends were checked by assertIsoDate.
    for (let d = from; d < to; ) {
      d = addCalendarDays(d, 1);
      if (this.info(d).working) n += 1;
    }
    return n;
  }

  // Loops call this on dates they built themselves, so only the public entry points pay for validation.
  private info(date: IsoDate): DayInfo {
    const official = this.isOfficialYear(yearOf(date));
    const holiday = this.data.holidays.get(date);
    if (holiday !== undefined) return { date, kind: 'holiday', working: false, name: holiday, official };
    const makeUp = this.data.makeUpWorkdays.get(date);
    if (makeUp !== undefined) return { date, kind: 'makeUpWorkday', working: true, name: makeUp, official };
    const dow = dayOfWeek(date);
    if (dow === 0 || dow === 6) return { date, kind: 'weekend', working: false, official };
    return { date, kind: 'workday', working: true, official };
  }

  private anyUnofficial(years: Iterable<number>): boolean {
    for (const y of years) if (!this.isOfficialYear(y)) return true;
    return false;
  }
}

// A fractional or negative period has no statutory meaning: unchecked, addDays would quietly return a rounded date or
// one before `from`, and an infinite amount would never end the working-day loop.
// A period longer than MAX_PERIOD_DAYS is no statutory period and would only make the loops long.
function assertAmount(amount: number): void {
  if (!Number.isInteger(amount) || amount < 0 || amount > MAX_PERIOD_DAYS) {
    throw new RangeError(`天数须为 0 至 ${MAX_PERIOD_DAYS} 之间的整数 / the number of days must be a whole number from 0 to ${MAX_PERIOD_DAYS}: ${amount}`);
  }
}

/** The longest period the calendar counts (100 years): every statutory period is far shorter. */
export const MAX_PERIOD_DAYS = 36_500;
/** The longest run of rest days the calendar accepts before it calls its data wrong. */
const MAX_REST_RUN = 366;
