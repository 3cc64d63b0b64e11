import type { Db } from '../../db/client';
import { addCalendarDays, scheduleOfYear, validateYearSchedule, withDayChanged, yearOf, type DayChange, type DayInfo, type IsoDate } from '../../domain/calendar';
import { XinfangError } from '../../shared/errors';
import type { StaffPrincipal } from '../auth/principal';
import { loadSchedule, type LoadScheduleResult } from './load-schedule';
import type { CalendarService } from './service';

/**
 * 工作日历 for the administrator: every day of a year with its type, and one day changed at a time (a local holiday,
 * a moved 调休 day). A change is a load of the year's schedule with that day changed, through `loadSchedule`, so it is
 * an event with its actor and the affected due dates are recomputed like any load.
 */

export function yearDays(calendarService: CalendarService, year: number): { year: number; official: boolean; days: DayInfo[] } {
  const cal = calendarService.calendar;
  const days: DayInfo[] = [];
  for (let d: IsoDate = `${year}-01-01`; yearOf(d) === year; d = addCalendarDays(d, 1)) days.push(cal.dayInfo(d));
  return { year, official: cal.isOfficialYear(year), days };
}

const CHANGE_ZH: Record<DayChange, string> = { holiday: '休息日（节假日）', makeUpWorkday: '调休上班', ordinary: '按星期（工作日或周末）' };

export async function changeDay(
  db: Db,
  calendarService: CalendarService,
  actor: StaffPrincipal,
  input: { date: IsoDate; change: DayChange; name: string },
  now: Date,
): Promise<LoadScheduleResult> {
  const year = yearOf(input.date);
  const cal = calendarService.calendar;
  // A year without its official schedule would be marked official by the load: the State Council's notice comes first.
  if (!cal.isOfficialYear(year)) {
    throw new XinfangError('REFUSED', `${year} 年的国务院节假日安排尚未载入，请先载入该年安排再调整单日`, `the official schedule of ${year} is not loaded`);
  }
  const name = input.name.trim() || (input.change === 'ordinary' ? '' : '本地节假日');
  const schedule = withDayChanged(scheduleOfYear(cal.data, year), input.date, input.change, name);
  const problems = validateYearSchedule(schedule);
  if (problems.length) throw new XinfangError('VALIDATION', `日历调整有误：${problems.map((p) => p.messageZh).join('；')}`, 'invalid day change', { problems });
  return loadSchedule(
    db,
    calendarService,
    { schedule, source: `单日调整：${input.date} 设为${CHANGE_ZH[input.change]}${name ? `（${name}）` : ''}`, actor: { userId: actor.userId, bodyId: actor.body.id } },
    now,
  );
}
