import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Official holiday schedules loaded by admins (e.g. 2027 once the State Council publishes it, or a local rule).
 * A loaded year replaces what the built-in `chinese-days` data has for it.
 */
export const calendarSchedules = pgTable('calendar_schedules', {
  year: integer().primaryKey(),
  /** A YearSchedule (src/domain/calendar/schedule.ts). */
  schedule: jsonb().notNull(),
  source: text().notNull(),
  loadedBy: uuid(),
  loadedAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
});
