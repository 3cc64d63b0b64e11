import { addCalendarDays, dayOfWeek, yearOf, type IsoDate } from './dates';

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
    const official = this.isOfficialYear(yearOf(date));
    const holiday = this.data.holidays.get(date);
    if (holiday !== undefined) return { date, kind: 'holiday', working: false, name: holiday, official };
    const makeUp = this.data.makeUpWorkdays.get(date);
    if (makeUp !== undefined) return { date, kind: 'makeUpWorkday', working: true, name: makeUp, official };
    const dow = dayOfWeek(date);
    if (dow === 0 || dow === 6) return { date, kind: 'weekend', working: false, official };
    return { date, kind: 'workday', working: true, official };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.dayInfo(date).working;
  }

  /** `amount` calendar days after `from`; a last day that is a rest day moves to the next working day. */
  addDays(from: IsoDate, amount: number): DueResult {
    const years = new Set<number>([yearOf(from)]);
    let due = addCalendarDays(from, amount);
    years.add(yearOf(due));
    while (!this.isWorkingDay(due)) {
      due = addCalendarDays(due, 1);
      years.add(yearOf(due));
    }
    return { from, due, unit: 'days', amount, provisional: this.anyUnofficial(years) };
  }

  /** The `amount`-th working day after `from` (from itself is never counted). */
  addWorkingDays(from: IsoDate, amount: number): DueResult {
    if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`working days must be a whole number ≥ 0`);
    const years = new Set<number>([yearOf(from)]);
    let due = from;
    let counted = 0;
    while (counted < amount) {
      due = addCalendarDays(due, 1);
      years.add(yearOf(due));
      if (this.isWorkingDay(due)) counted += 1;
    }
    return { from, due, unit: 'workingDays', amount, provisional: this.anyUnofficial(years) };
  }

  due(from: IsoDate, unit: DayUnit, amount: number): DueResult {
    return unit === 'days' ? this.addDays(from, amount) : this.addWorkingDays(from, amount);
  }

  /** Working days strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    let n = 0;
    for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
      if (this.isWorkingDay(d)) n += 1;
    }
    return n;
  }

  private anyUnofficial(years: Iterable<number>): boolean {
    for (const y of years) if (!this.isOfficialYear(y)) return true;
    return false;
  }
}
