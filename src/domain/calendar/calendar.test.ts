import { describe, it, expect } from 'vitest';
import { CALENDAR_MAX_DATE, Calendar, CalendarRangeError, MAX_PERIOD_DAYS, addCalendarDays, officialCalendarData, withSchedules, type DayUnit, type YearSchedule } from './index';

/*
 * Expected dates are worked out by hand from the State Council's holiday notices (国务院办公厅关于 2024/2025/2026 年部分
 * 节假日安排的通知), which `chinese-days` encodes. The schedules these cases rely on:
 *
 * 2024 春节 02-10 (Sat) .. 02-17 (Sat) off; 02-04 (Sun) and 02-18 (Sun) make-up workdays.
 * 2024 劳动节 05-01 .. 05-05 off; 04-28 (Sun) and 05-11 (Sat) make-up workdays.
 * 2024 国庆节 10-01 (Tue) .. 10-07 (Mon) off; 09-29 (Sun) and 10-12 (Sat) make-up workdays.
 * 2025 春节 01-28 (Tue) .. 02-04 (Tue) off; 01-26 (Sun) and 02-08 (Sat) make-up workdays.
 * 2025 清明 04-04 (Fri) .. 04-06 (Sun) off, no make-up day.
 * 2025 劳动节 05-01 .. 05-05 off; 04-27 (Sun) make-up workday.
 * 2025 国庆节+中秋 10-01 (Wed) .. 10-08 (Wed) off, 10-06 being 中秋; 09-28 (Sun) and 10-11 (Sat) make-up workdays.
 * 2026 春节 02-15 (Sun) .. 02-23 (Mon) off; 02-14 (Sat) and 02-28 (Sat) make-up workdays.
 *
 * Rules (RULES.md "Counting days"): the start day is never counted; a calendar-day period whose last day is a rest day
 * (holiday or weekend) ends on the next working day; make-up weekend days are working days.
 */

const calendar = new Calendar(officialCalendarData());

interface Case {
  why: string;
  from: string;
  unit: DayUnit;
  amount: number;
  due: string;
}

const cases: Case[] = [
  // --- Spring Festival 2024
  {
    why: '15 days (Art. 22 forwarding) ending on 02-10 in 春节: rest lasts to 02-17, 02-18 is a make-up Sunday',
    from: '2024-01-26', unit: 'days', amount: 15, due: '2024-02-18',
  },
  {
    why: '5 working days (Art. 23 objection): 02-08, 02-09, make-up Sun 02-18, 02-19, 02-20',
    from: '2024-02-07', unit: 'workingDays', amount: 5, due: '2024-02-20',
  },
  {
    why: '3 working days (simple procedure acceptance): 02-02, make-up Sun 02-04, 02-05',
    from: '2024-02-01', unit: 'workingDays', amount: 3, due: '2024-02-05',
  },
  // --- Spring Festival 2025
  {
    why: '15 days ending on 02-04, the last day of 春节: moves to Wed 02-05',
    from: '2025-01-20', unit: 'days', amount: 15, due: '2025-02-05',
  },
  {
    why: '10 working days (simple procedure opinion): 01-23, 01-24, make-up Sun 01-26, 01-27, 02-05..02-07, make-up Sat 02-08, 02-10, 02-11',
    from: '2025-01-22', unit: 'workingDays', amount: 10, due: '2025-02-11',
  },
  {
    why: '30 days (Art. 35 review request) ending on make-up Saturday 02-08: a working day, so it does not move',
    from: '2025-01-09', unit: 'days', amount: 30, due: '2025-02-08',
  },
  // --- Spring Festival 2026
  {
    why: '5 working days: 02-12, 02-13, make-up Sat 02-14, then 春节 02-15..02-23, 02-24, 02-25',
    from: '2026-02-11', unit: 'workingDays', amount: 5, due: '2026-02-25',
  },
  {
    why: '60 days (Art. 34 handling) from 2025-12-25 end on Mon 02-23, the last day of 春节: moves to 02-24',
    from: '2025-12-25', unit: 'days', amount: 60, due: '2026-02-24',
  },
  {
    why: '15 days ending on make-up Saturday 02-28: does not move',
    from: '2026-02-13', unit: 'days', amount: 15, due: '2026-02-28',
  },
  // --- National Day 2024
  {
    why: '15 days ending on Sat 10-05 inside 国庆节: rest lasts to 10-07, due Tue 10-08',
    from: '2024-09-20', unit: 'days', amount: 15, due: '2024-10-08',
  },
  {
    why: '3 working days: make-up Sun 09-29, 09-30, then 国庆节, 10-08',
    from: '2024-09-27', unit: 'workingDays', amount: 3, due: '2024-10-08',
  },
  {
    why: '30 days ending on make-up Saturday 10-12: does not move',
    from: '2024-09-12', unit: 'days', amount: 30, due: '2024-10-12',
  },
  // --- National Day 2025 (merged with 中秋)
  {
    why: '30 days (Art. 36 re-review) ending on Mon 10-06, 中秋 inside 国庆节: rest lasts to 10-08, due Thu 10-09',
    from: '2025-09-06', unit: 'days', amount: 30, due: '2025-10-09',
  },
  {
    why: '10 working days: 09-26, make-up Sun 09-28, 09-29, 09-30, 10-09, 10-10, make-up Sat 10-11, 10-13, 10-14, 10-15',
    from: '2025-09-25', unit: 'workingDays', amount: 10, due: '2025-10-15',
  },
  {
    why: '5 working days from a Friday: Sat 09-27 rests, make-up Sun 09-28, 09-29, 09-30, 10-09, 10-10',
    from: '2025-09-26', unit: 'workingDays', amount: 5, due: '2025-10-10',
  },
  // --- Ordinary weeks and smaller holidays
  {
    why: '15 days ending on a plain Saturday (03-22): moves to Monday 03-24',
    from: '2025-03-07', unit: 'days', amount: 15, due: '2025-03-24',
  },
  {
    why: '60 days ending on Fri 05-02 inside 劳动节 (05-01..05-05): moves to Tue 05-06',
    from: '2025-03-03', unit: 'days', amount: 60, due: '2025-05-06',
  },
  {
    why: '60 days in leap year 2024 ending on an ordinary Tuesday (04-30): no move',
    from: '2024-03-01', unit: 'days', amount: 60, due: '2024-04-30',
  },
  {
    why: '3 working days across a plain weekend: Fri 03-07, Mon 03-10, Tue 03-11',
    from: '2025-03-06', unit: 'workingDays', amount: 3, due: '2025-03-11',
  },
  {
    why: '10 working days across 清明 04-04..04-06 (no make-up day): 04-01..04-03, 04-07..04-11, 04-14, 04-15',
    from: '2025-03-31', unit: 'workingDays', amount: 10, due: '2025-04-15',
  },
];

describe('statutory due dates on the official 2024–2026 calendar', () => {
  it.each(cases)('$amount $unit from $from → $due: $why', ({ from, unit, amount, due }) => {
    expect(calendar.due(from, unit, amount)).toEqual({ from, due, unit, amount, provisional: false });
  });

  it.each(cases.filter((c) => c.unit === 'workingDays'))(
    'counts $amount working days back between $from and $due',
    ({ from, amount, due }) => {
      // What a supervisor sees as "working days used": it must agree with how the due date was computed.
      expect(calendar.workingDaysBetween(from, due)).toBe(amount);
    },
  );
});

describe('day kinds', () => {
  it('knows make-up weekend days as working days and holidays on weekdays as rest days', () => {
    expect(calendar.dayInfo('2025-01-26')).toEqual({
      date: '2025-01-26', kind: 'makeUpWorkday', working: true, name: '春节', official: true,
    });
    expect(calendar.dayInfo('2025-10-06')).toEqual({
      date: '2025-10-06', kind: 'holiday', working: false, name: '中秋', official: true,
    });
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true); // make-up Saturday
    expect(calendar.isWorkingDay('2025-03-08')).toBe(false); // plain Saturday
    expect(calendar.isWorkingDay('2025-01-29')).toBe(false); // Wednesday in 春节
  });
});

describe('the start day', () => {
  it('is never counted', () => {
    expect(calendar.addDays('2025-03-10', 1).due).toBe('2025-03-11');
    expect(calendar.addWorkingDays('2025-03-10', 1).due).toBe('2025-03-11'); // Monday itself not counted
    expect(calendar.addWorkingDays('2025-03-07', 1).due).toBe('2025-03-10'); // Friday → Monday
    expect(calendar.addWorkingDays('2025-03-08', 1).due).toBe('2025-03-10'); // from a Saturday
  });

  it('is the due date of a zero-length period, even on a rest day', () => {
    // A period of 0 has no last day to move: "due the same day" (e.g. an on-the-spot notice) stays on that day.
    expect(calendar.addWorkingDays('2025-03-09', 0).due).toBe('2025-03-09');
    expect(calendar.addDays('2025-03-09', 0).due).toBe('2025-03-09');
  });
});

describe('bad input', () => {
  it('rejects impossible dates instead of rolling them over', () => {
    // Date.parse accepts 2025-02-30 as 03-02; a due date computed from it would look plausible and be wrong.
    expect(() => calendar.addDays('2025-02-30', 1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-02-30', 1)).toThrow(RangeError);
    expect(() => calendar.workingDaysBetween('2025-01-01', '2025-02-30')).toThrow(RangeError);
  });

  it('rejects negative and fractional amounts', () => {
    expect(() => calendar.addDays('2025-03-10', -1)).toThrow(RangeError);
    expect(() => calendar.addDays('2025-03-10', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-03-10', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-03-10', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  // 9999-12-31 + 15 days once froze the whole server: past year 9999 the ISO string is '+010000-01', which never moves
  // and is a Saturday, so the rest-day loop never ended. Every loop now stops at the calendar's range.
  it('ends, with a CalendarRangeError, on dates and results beyond the calendar range', () => {
    expect(() => calendar.addDays('9999-12-31', 15)).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays('9999-12-31', 15)).toThrow(CalendarRangeError);
    expect(() => calendar.addDays('2999-12-20', 15)).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays('2999-12-20', 30)).toThrow(CalendarRangeError);
    expect(() => calendar.addDays('1899-12-31', 1)).toThrow(CalendarRangeError);
    expect(() => calendar.workingDaysBetween('2025-01-01', '9999-12-31')).toThrow(CalendarRangeError);
    expect(() => addCalendarDays('2025-01-01', 1e9)).toThrow(CalendarRangeError);
    expect(() => addCalendarDays('2025-01-01', Number.NaN)).toThrow(CalendarRangeError);
    expect(calendar.addDays(CALENDAR_MAX_DATE, 0).due).toBe(CALENDAR_MAX_DATE);
  }, 1000);

  it('refuses periods longer than a hundred years', () => {
    expect(() => calendar.addWorkingDays('2025-03-10', MAX_PERIOD_DAYS + 1)).toThrow(RangeError);
    expect(calendar.addDays('2025-03-10', MAX_PERIOD_DAYS).due > '2124-01-01').toBe(true);
  });

  it('stops at a loaded schedule that rests for more than a year', () => {
    const allRest = new Calendar({ holidays: new Map(), makeUpWorkdays: new Map(), officialYears: new Set() });
    // Every day a rest day: a weekend-only calendar still ends; a map of 400 holidays in a row does not pretend to.
    const holidays = new Map<string, string>();
    for (let d = '2030-01-01'; d < '2031-03-01'; d = addCalendarDays(d, 1)) holidays.set(d, '假');
    const broken = new Calendar({ holidays, makeUpWorkdays: new Map(), officialYears: new Set([2030]) });
    expect(allRest.addDays('2030-01-03', 2).due).toBe('2030-01-07');
    expect(() => broken.addDays('2029-12-31', 1)).toThrow(/366/);
  });
});

describe('workingDaysBetween', () => {
  it('counts make-up days and skips holidays, excluding the start day', () => {
    // after Fri 01-24: make-up Sun 01-26, 01-27, 02-05, 02-06, 02-07, make-up Sat 02-08, 02-10
    expect(calendar.workingDaysBetween('2025-01-24', '2025-02-10')).toBe(7);
    // after 09-30: 10-09, 10-10, make-up Sat 10-11 (Sun 10-12 rests)
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-12')).toBe(3);
  });

  it('is 0 when the end is not after the start', () => {
    expect(calendar.workingDaysBetween('2025-03-10', '2025-03-10')).toBe(0);
    expect(calendar.workingDaysBetween('2025-03-10', '2025-03-03')).toBe(0);
  });
});

describe('provisional due dates', () => {
  // A made-up 2027 schedule for tests only: it is NOT the State Council's 2027 calendar.
  const test2027: YearSchedule = {
    year: 2027,
    holidays: [{ date: '2027-01-01', name: '元旦' }],
    makeUpWorkdays: [{ date: '2027-01-09', name: '元旦' }],
  };
  const loaded = new Calendar(withSchedules(officialCalendarData(), [test2027]));

  it('are final while the period stays inside 2026', () => {
    expect(calendar.addDays('2026-12-01', 15)).toMatchObject({ due: '2026-12-16', provisional: false });
    // 12-29, 12-30, 12-31: the count stops before 2027
    expect(calendar.addWorkingDays('2026-12-28', 3)).toMatchObject({ due: '2026-12-31', provisional: false });
  });

  it('are provisional once the period reaches 2027, which has no official schedule yet', () => {
    // 2026-12-20 + 15 = Mon 2027-01-04
    expect(calendar.addDays('2026-12-20', 15)).toMatchObject({ due: '2027-01-04', provisional: true });
    // 12-29, 12-30, 12-31, Fri 2027-01-01 (assumed a workday), Mon 01-04
    expect(calendar.addWorkingDays('2026-12-28', 5)).toMatchObject({ due: '2027-01-04', provisional: true });
    expect(calendar.dayInfo('2027-03-01').official).toBe(false);
  });

  it('become final, and may move, once a 2027 schedule is loaded', () => {
    expect(loaded.addDays('2026-12-20', 15)).toMatchObject({ due: '2027-01-04', provisional: false });
    // 01-01 is now a holiday: 12-29, 12-30, 12-31, 01-04, 01-05
    expect(loaded.addWorkingDays('2026-12-28', 5)).toMatchObject({ due: '2027-01-05', provisional: false });
    // Sat 01-09 is now a make-up workday: 01-04..01-08, 01-09
    expect(loaded.addWorkingDays('2027-01-01', 6)).toMatchObject({ due: '2027-01-09', provisional: false });
  });

  it('stay provisional for a year after the loaded one', () => {
    expect(loaded.addDays('2027-12-20', 15)).toMatchObject({ due: '2028-01-04', provisional: true });
  });
});
