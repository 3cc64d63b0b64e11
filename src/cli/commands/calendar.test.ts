import { describe, it, expect } from 'vitest';
import { Calendar, officialCalendarData, withSchedules } from '../../domain/calendar';
import { CliUsageError } from '../errors';
import { calendarDue, calendarShow } from './calendar';

const calendar = new Calendar(officialCalendarData());

/** The CliUsageError a call throws, or a failure if it returned. */
function usageError(run: () => string): CliUsageError {
  try {
    run();
  } catch (e) {
    if (e instanceof CliUsageError) return e;
    throw e;
  }
  throw new Error('expected a CliUsageError');
}

describe('xinfang calendar due', () => {
  it('prints one JSON line with the keys in contract order', () => {
    // 2025-01-20 + 15 = 02-04, the last day of 春节 2025 → Wed 02-05
    expect(calendarDue(['--from', '2025-01-20', '--days', '15'], calendar)).toBe(
      '{"from":"2025-01-20","due":"2025-02-05","unit":"days","amount":15,"provisional":false}',
    );
  });

  it('counts working days, make-up weekend days included', () => {
    // 5 working days from 2025-01-22: 01-23, 01-24, make-up Sun 01-26, 01-27, then 春节, 02-05
    expect(calendarDue(['--from=2025-01-22', '--working-days=5'], calendar)).toBe(
      '{"from":"2025-01-22","due":"2025-02-05","unit":"workingDays","amount":5,"provisional":false}',
    );
  });

  it('flags a due date in a year without an official schedule, and stops once one is loaded', () => {
    expect(calendarDue(['--from', '2026-12-20', '--days', '15'], calendar)).toBe(
      '{"from":"2026-12-20","due":"2027-01-04","unit":"days","amount":15,"provisional":true}',
    );
    // Made-up 2027 schedule (not the real one): 01-01 off.
    const loaded = new Calendar(
      withSchedules(officialCalendarData(), [
        { year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], makeUpWorkdays: [] },
      ]),
    );
    expect(calendarDue(['--from', '2026-12-28', '--working-days', '5'], loaded)).toBe(
      '{"from":"2026-12-28","due":"2027-01-05","unit":"workingDays","amount":5,"provisional":false}',
    );
  });

  it('accepts 0 as "due the same day"', () => {
    expect(JSON.parse(calendarDue(['--from', '2025-03-09', '--working-days', '0'], calendar))).toMatchObject({
      due: '2025-03-09',
      amount: 0,
    });
  });

  it.each([
    [['--days', '15'], '--from is required'],
    [['--from', '2025-01-20'], 'give exactly one of --days and --working-days'],
    [['--from', '2025-01-20', '--days', '15', '--working-days', '5'], 'give exactly one of --days and --working-days'],
    [['--from', '2025-01-20', '--days', '1.5'], '--days must be a whole number ≥ 0, got "1.5"'],
    [['--from', '2025-01-20', '--days', 'ten'], '--days must be a whole number ≥ 0, got "ten"'],
    [['--from', '2025-01-20', '--days', '1e2'], '--days must be a whole number ≥ 0, got "1e2"'],
    [['--from', '2025-01-20', '--days', '-3'], '--days must be a whole number ≥ 0, got "-3"'],
    [['--from', '2025-01-20', '--working-days=-3'], '--working-days must be a whole number ≥ 0, got "-3"'],
    [['--from', '2025-01-20', '--days', '100000'], '--days must be at most 3650'],
    [['--from', '2025-02-30', '--days', '15'], '--from is not a valid date (YYYY-MM-DD): "2025-02-30"'],
    [['--from', '20250120', '--days', '15'], '--from is not a valid date (YYYY-MM-DD): "20250120"'],
    [['--from', '2025-01-20', '--weeks', '2'], 'unknown option --weeks'],
    [['--from', '2025-01-20', '-d', '15'], 'unknown option -d'],
    [['--from', '2025-01-20', '--days', '15', 'extra'], 'unexpected argument "extra"'],
    [['--from', '2025-01-20', '--from', '2025-01-21', '--days', '1'], 'option --from is given twice'],
    [['--from', '2025-01-20', '--days'], 'option --days needs a value'],
    [['--days', '--from', '2025-01-20'], 'option --days needs a value'],
  ])('rejects %j: %s', (args, english) => {
    const error = usageError(() => calendarDue(args, calendar));
    expect(error.messageEn).toContain(english);
    // Shown to users as "中文 / English".
    expect(error.message).toBe(`${error.messageZh} / ${error.messageEn}`);
    expect(error.messageZh).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('xinfang calendar show', () => {
  it('lists each day with its kind, ISO weekday and name', () => {
    // 2025-01-25 plain Saturday, 01-26 make-up Sunday, 01-27 workday, 01-28 first day of 春节
    expect(calendarShow(['--from', '2025-01-25', '--to', '2025-01-28'], calendar).split('\n')).toEqual([
      '{"date":"2025-01-25","weekday":6,"kind":"weekend","working":false,"official":true}',
      '{"date":"2025-01-26","weekday":7,"kind":"makeUpWorkday","working":true,"name":"春节","official":true}',
      '{"date":"2025-01-27","weekday":1,"kind":"workday","working":true,"official":true}',
      '{"date":"2025-01-28","weekday":2,"kind":"holiday","working":false,"name":"春节","official":true}',
    ]);
  });

  it('shows days of a year without a schedule as not official', () => {
    expect(calendarShow(['--from', '2027-01-01', '--to', '2027-01-01'], calendar)).toBe(
      '{"date":"2027-01-01","weekday":5,"kind":"workday","working":true,"official":false}',
    );
  });

  it.each([
    [['--from', '2025-01-01'], '--to is required'],
    [['--from', '2025-01-10', '--to', '2025-01-01'], '--to (2025-01-01) is before --from (2025-01-10)'],
    [['--from', '2000-01-01', '--to', '2025-01-01'], 'at most 3660 days'],
    [['--from', '2025-01-01', '--to', '2025-01-32'], '--to is not a valid date'],
    [['--from', '2025-01-01', '--to', '2025-01-02', '--days', '3'], 'unknown option --days'],
  ])('rejects %j: %s', (args, english) => {
    expect(usageError(() => calendarShow(args, calendar)).messageEn).toContain(english);
  });
});
