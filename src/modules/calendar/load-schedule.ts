import { and, eq, gte, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calendarSchedules, matterClocks, matters } from '../../db/schema';
import type { Tx } from '../../db/tx';
import { chinaDateOf, type Calendar, type YearSchedule } from '../../domain/calendar';
import type { MatterState } from '../../domain/lifecycle';
import { appendEvents } from '../audit/append';
import { writeClocks } from '../matters/service';
import type { CalendarService } from './service';

/**
 * Rewrites the clock rows of every matter a newly loaded year can affect, through the same projection as a command
 * (`writeClocks`). A due-date computation only looks at the days from its start to its due date, so the affected
 * clocks are the provisional ones and those whose span overlaps that year.
 */
export async function recomputeClocks(tx: Tx, calendar: Calendar, year: number): Promise<number> {
  const affected = await tx
    .selectDistinct({ matterId: matterClocks.matterId })
    .from(matterClocks)
    .where(
      or(
        eq(matterClocks.provisional, true),
        and(lte(matterClocks.fromOn, `${year}-12-31`), gte(matterClocks.dueOn, `${year}-01-01`)),
      ),
    );
  for (const { matterId } of affected) {
    const [row] = await tx.select({ state: matters.state }).from(matters).where(eq(matters.id, matterId));
    if (row) await writeClocks(tx, calendar, matterId, row.state as MatterState);
  }
  return affected.length;
}

export interface LoadScheduleResult {
  year: number;
  holidays: number;
  makeUpWorkdays: number;
  replaced: boolean;
  /** Matters whose clock rows were rewritten. */
  clocksRecomputed: number;
}

/** Stores a year's official schedule (replacing an earlier load of that year) and corrects affected due dates. */
export async function loadSchedule(
  db: Db,
  calendarService: CalendarService,
  input: { schedule: YearSchedule; source: string; actor: { userId: string | null; bodyId: string | null } },
  now: Date,
): Promise<LoadScheduleResult> {
  const { schedule } = input;
  let replaced = false;
  await db.transaction(async (tx) => {
    const [existing] = await tx.select({ year: calendarSchedules.year }).from(calendarSchedules).where(eq(calendarSchedules.year, schedule.year));
    replaced = Boolean(existing);
    await tx
      .insert(calendarSchedules)
      .values({ year: schedule.year, schedule, source: input.source, loadedBy: input.actor.userId, loadedAt: now })
      .onConflictDoUpdate({
        target: calendarSchedules.year,
        set: { schedule, source: input.source, loadedBy: input.actor.userId, loadedAt: now },
      });
    await appendEvents(tx, [
      {
        entityType: 'calendar',
        entityId: String(schedule.year),
        type: replaced ? 'calendar.scheduleReplaced' : 'calendar.scheduleLoaded',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorUserId: input.actor.userId,
        actorBodyId: input.actor.bodyId,
        payload: { year: schedule.year, source: input.source, holidays: schedule.holidays, makeUpWorkdays: schedule.makeUpWorkdays },
      },
    ]);
  });
  const calendar = await calendarService.reload();
  const clocksRecomputed = await db.transaction((tx) => recomputeClocks(tx, calendar, schedule.year));
  return {
    year: schedule.year,
    holidays: schedule.holidays.length,
    makeUpWorkdays: schedule.makeUpWorkdays.length,
    replaced,
    clocksRecomputed,
  };
}
