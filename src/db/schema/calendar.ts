import { sql } from 'drizzle-orm';
import { bigint, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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

/**
 * Versions of what app nodes hold in memory (`calendar`: the calendar in force). A writer bumps the version in the
 * transaction that changes the data; every node compares its copy's version with this row before computing with it
 * and reloads when they differ (src/modules/calendar/service.ts). One primary-key lookup per check.
 */
export const cacheVersions = pgTable('cache_versions', {
  name: text().primaryKey(),
  version: bigint({ mode: 'number' }).notNull(),
});
