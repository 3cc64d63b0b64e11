import { describe, it, expect } from 'vitest';
import {
  Calendar,
  officialCalendarData,
  parseYearSchedule,
  ScheduleError,
  withSchedules,
  scheduleOfYear,
  withDayChanged,
  type ScheduleProblem,
  type YearSchedule,
} from './index';

// Made-up 2027 data in the shape of a State Council notice; NOT the real 2027 calendar. 2027-01-01 is a Friday,
// 2027-02-06 (Spring Festival's eve in this fixture) a Saturday, 2027-02-20 a Saturday.
const expected2027: YearSchedule = {
  year: 2027,
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-06', name: '春节' },
    { date: '2027-02-07', name: '春节' },
    { date: '2027-02-08', name: '春节' },
  ],
  makeUpWorkdays: [{ date: '2027-02-20', name: '春节' }],
};

/** The problems a parse reports, or a failure if it parsed. */
function problemsOf(text: string, format: 'json' | 'csv'): ScheduleProblem[] {
  try {
    parseYearSchedule(text, format);
  } catch (e) {
    if (e instanceof ScheduleError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a ScheduleError');
}

const csv = (...rows: string[]) => ['date,kind,name', ...rows].join('\n');

describe('parseYearSchedule: valid input', () => {
  it('reads the JSON format', () => {
    const text = JSON.stringify(expected2027, null, 2);
    expect(parseYearSchedule(text, 'json')).toEqual(expected2027);
  });

  it('reads the CSV format with English kinds', () => {
    const text = csv(
      '2027-01-01,holiday,元旦',
      '2027-02-06,holiday,春节',
      '2027-02-07,holiday,春节',
      '2027-02-08,holiday,春节',
      '2027-02-20,workday,春节',
    );
    expect(parseYearSchedule(text, 'csv')).toEqual(expected2027);
  });

  it('reads a CSV as Excel saves it: BOM, CRLF, Chinese header and kinds, quoted fields, trailing blank line', () => {
    const text =
      '\uFEFF日期,类型,名称\r\n' +
      '2027-01-01,休,元旦\r\n' +
      '2027-02-06,休,"春节"\r\n' +
      '2027-02-07,休,春节\r\n' +
      ' 2027-02-08 , 休 , 春节 \r\n' +
      '2027-02-20,班,春节\r\n' +
      '\r\n';
    expect(parseYearSchedule(text, 'csv')).toEqual(expected2027);
  });
});

describe('parseYearSchedule: each problem is reported', () => {
  it('an impossible date, with its line', () => {
    const problems = problemsOf(csv('2027-01-01,holiday,元旦', '2027-02-30,holiday,春节'), 'csv');
    expect(problems).toEqual([{ line: 3, messageZh: expect.stringContaining('2027-02-30'), message: expect.stringContaining('invalid date') }]);
  });

  it('a date outside the schedule’s year', () => {
    const json = JSON.stringify({ ...expected2027, holidays: [...expected2027.holidays, { date: '2026-12-31', name: '元旦' }] });
    expect(problemsOf(json, 'json')).toEqual([
      { messageZh: 'holidays[4]：2026-12-31 不在 2027 年内', message: 'holidays[4]: 2026-12-31 is not in 2027' },
    ]);
  });

  it('a CSV date outside the year most rows are in, on its own line', () => {
    const problems = problemsOf(csv('2026-01-01,holiday,元旦', '2027-02-06,holiday,春节', '2027-02-07,holiday,春节'), 'csv');
    expect(problems).toEqual([{ line: 2, messageZh: '2026-01-01 不在 2027 年内', message: '2026-01-01 is not in 2027' }]);
  });

  it('a date that is both a holiday and a make-up workday', () => {
    const problems = problemsOf(csv('2027-02-06,holiday,春节', '2027-02-06,workday,春节'), 'csv');
    expect(problems).toEqual([
      {
        line: 3,
        messageZh: '2027-02-06 既是放假日又是调休上班日（另见第 2 行）',
        message: '2027-02-06 is both a holiday and a make-up workday (see also line 2)',
      },
    ]);
  });

  it('a duplicate date', () => {
    const problems = problemsOf(csv('2027-01-01,holiday,元旦', '2027-01-01,holiday,元旦'), 'csv');
    expect(problems).toEqual([
      { line: 3, messageZh: '2027-01-01 重复（已见于第 2 行）', message: '2027-01-01 is listed twice (also at line 2)' },
    ]);
  });

  it('a make-up workday on a weekday', () => {
    const problems = problemsOf(csv('2027-01-01,holiday,元旦', '2027-02-19,workday,春节'), 'csv');
    expect(problems).toEqual([
      {
        line: 3,
        messageZh: '2027-02-19 是星期五，调休上班日须在周六或周日',
        message: '2027-02-19 is a Friday; a make-up workday must fall on a Saturday or Sunday',
      },
    ]);
  });

  it('no holidays at all, which would otherwise wipe the year', () => {
    expect(problemsOf(csv('2027-02-20,workday,春节'), 'csv')).toEqual([
      { messageZh: '没有任何放假日', message: 'the schedule lists no holidays' },
    ]);
    expect(problemsOf('date,kind,name\n', 'csv')).toEqual([
      { messageZh: '没有任何放假日', message: 'the schedule lists no holidays' },
    ]);
    expect(problemsOf(JSON.stringify({ year: 2027, holidays: [], makeUpWorkdays: [] }), 'json')).toEqual([
      { messageZh: '没有任何放假日', message: 'the schedule lists no holidays' },
    ]);
  });

  it('a missing name', () => {
    expect(problemsOf(csv('2027-01-01,holiday,'), 'csv')).toEqual([
      { line: 2, messageZh: '缺少名称（如 春节）', message: 'name is missing (e.g. 春节)' },
    ]);
  });

  it('CSV shape: header, column count, kind, open quote', () => {
    expect(problemsOf('2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦', 'csv')).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('header') }),
    ]);
    expect(problemsOf(csv('2027-01-01,holiday,元旦', '2027-01-02,holiday'), 'csv')).toEqual([
      expect.objectContaining({ line: 3, message: 'expected 3 columns (date,kind,name), found 2' }),
    ]);
    expect(problemsOf(csv('2027-01-01,holiday,元旦', '2027-01-02,假,元旦'), 'csv')).toEqual([
      expect.objectContaining({ line: 3, message: 'kind must be holiday (休) or workday (班), got "假"' }),
    ]);
    expect(problemsOf(csv('2027-01-01,holiday,元旦', '2027-01-02,holiday,"元旦'), 'csv')).toEqual([
      expect.objectContaining({ line: 3, message: 'unterminated quote' }),
    ]);
  });

  it('JSON shape: syntax error with its line, a misspelt field, a bad year, an entry that is not an object', () => {
    expect(problemsOf('{"year": 2027\n"holidays": []}', 'json')).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining('not valid JSON') }),
    ]);
    // "makeupWorkdays" (lower-case u) must not be silently ignored: the make-up days would be lost.
    expect(
      problemsOf(JSON.stringify({ year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], makeupWorkdays: [] }), 'json'),
    ).toEqual([
      { messageZh: '未知字段 "makeupWorkdays"', message: 'unknown field "makeupWorkdays"' },
      { messageZh: 'makeUpWorkdays 须为数组', message: 'makeUpWorkdays must be an array' },
    ]);
    expect(problemsOf(JSON.stringify({ ...expected2027, year: '2027' }), 'json')).toEqual([
      expect.objectContaining({ message: 'year must be a whole year between 1900 and 2999, got "2027"' }),
    ]);
    expect(problemsOf(JSON.stringify({ ...expected2027, holidays: [...expected2027.holidays, '2027-01-02'] }), 'json')).toEqual([
      expect.objectContaining({ message: 'holidays[4] must be {"date":…,"name":…}' }),
    ]);
    expect(problemsOf('[]', 'json')).toHaveLength(1);
  });
});

describe('parseYearSchedule: a file with several mistakes', () => {
  it('reports every problem at once, in line order, and says how many in its message', () => {
    const text = csv(
      '2027-01-01,holiday,元旦',
      '2027-13-01,holiday,春节', // 3: impossible date
      '2027-02-19,workday,春节', // 4: a Friday
      '2027-01-01,holiday,元旦', // 5: duplicate of line 2
      '2027-02-06,holiday', // 6: two columns
      '2027-02-07,x,春节', // 7: unknown kind
    );
    let error: unknown;
    try {
      parseYearSchedule(text, 'csv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScheduleError);
    const { problems, message } = error as ScheduleError;
    expect(problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(message).toContain('日历安排有 5 处错误 / the schedule has 5 problem(s)');
    expect(message).toContain('第 4 行 / line 4: 2027-02-19 是星期五');
  });
});

describe('withSchedules', () => {
  const base = officialCalendarData();

  it('replaces everything the base had for the year and keeps other years', () => {
    // A local rule for 2025 that knows only 元旦: the official 春节 days and make-up days must disappear.
    const local2025: YearSchedule = { year: 2025, holidays: [{ date: '2025-01-01', name: '元旦' }], makeUpWorkdays: [] };
    const cal = new Calendar(withSchedules(base, [local2025]));
    expect(cal.dayInfo('2025-01-01')).toMatchObject({ kind: 'holiday', official: true });
    expect(cal.dayInfo('2025-01-28')).toMatchObject({ kind: 'workday', working: true }); // was 春节
    expect(cal.dayInfo('2025-01-26')).toMatchObject({ kind: 'weekend', working: false }); // was a make-up Sunday
    expect(cal.dayInfo('2024-02-12')).toMatchObject({ kind: 'holiday', name: '春节' }); // 2024 untouched
    expect(cal.dayInfo('2026-02-14')).toMatchObject({ kind: 'makeUpWorkday' }); // 2026 untouched
  });

  it('marks a new year official', () => {
    const data = withSchedules(base, [expected2027]);
    expect(data.officialYears.has(2027)).toBe(true);
    const cal = new Calendar(data);
    expect(cal.dayInfo('2027-02-08')).toEqual({ date: '2027-02-08', kind: 'holiday', working: false, name: '春节', official: true });
    expect(cal.dayInfo('2027-02-20')).toMatchObject({ kind: 'makeUpWorkday', working: true });
  });

  it('lets a later schedule for the same year win entirely', () => {
    const corrected: YearSchedule = { year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], makeUpWorkdays: [] };
    const cal = new Calendar(withSchedules(base, [expected2027, corrected]));
    expect(cal.dayInfo('2027-02-08').kind).toBe('workday'); // only in the earlier one
    expect(cal.dayInfo('2027-02-20').kind).toBe('weekend');
    expect(cal.dayInfo('2027-01-01').kind).toBe('holiday');
  });

  it('leaves the base calendar unchanged', () => {
    withSchedules(base, [{ year: 2025, holidays: [{ date: '2025-01-01', name: '元旦' }], makeUpWorkdays: [] }]);
    expect(base.holidays.get('2025-01-28')).toBe('春节');
    expect(base.makeUpWorkdays.get('2025-01-26')).toBe('春节');
    expect(base.officialYears.has(2027)).toBe(false);
  });

  it('refuses a schedule that would not pass parsing', () => {
    const bad: YearSchedule = { year: 2027, holidays: [{ date: '2028-01-01', name: '元旦' }], makeUpWorkdays: [] };
    expect(() => withSchedules(base, [bad])).toThrow(ScheduleError);
  });
});

describe('one day changed by an administrator', () => {
  it('adds a local holiday, moves it back to an ordinary day, and leaves the rest of the year alone', () => {
    const base = scheduleOfYear(officialCalendarData(), 2025);
    expect(base.holidays.some((d) => d.date === '2025-10-01')).toBe(true);
    const local = withDayChanged(base, '2025-12-05', 'holiday', '本地纪念日');
    expect(local.holidays.at(-1)).toEqual({ date: '2025-12-05', name: '本地纪念日' });
    expect(local.makeUpWorkdays).toEqual(base.makeUpWorkdays);
    expect(withDayChanged(local, '2025-12-05', 'ordinary', '')).toEqual(base);
  });
});
