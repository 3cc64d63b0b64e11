import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calendarSchedules } from '../../db/schema';
import { Calendar, officialCalendarData, withSchedules, type YearSchedule } from '../../domain/calendar';

/**
 * The calendar in force: the built-in official schedules plus every year an admin has loaded. Held in memory because
 * every clock computation reads it; `reload` after a schedule is loaded (and on other nodes at their next start or
 * reload — a loaded year changes rarely, once each autumn).
 */
export class CalendarService {
  private current: Calendar;

  constructor(private readonly db: Db) {
    this.current = new Calendar(officialCalendarData());
  }

  get calendar(): Calendar {
    return this.current;
  }

  async reload(): Promise<Calendar> {
    const rows = await this.db.select().from(calendarSchedules).orderBy(asc(calendarSchedules.year));
    this.current = new Calendar(withSchedules(officialCalendarData(), rows.map((r) => r.schedule as YearSchedule)));
    return this.current;
  }
}
