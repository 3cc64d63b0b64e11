import { and, eq, gte, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calendarSchedules, matterClocks } from '../../db/schema';
import type { Tx } from '../../db/tx';
import { chinaDateOf, type Calendar, type YearSchedule } from '../../domain/calendar';
import { appendEvents } from '../audit/append';
import type { CalendarService } from './service';

/**
 * Recomputes due dates with the calendar now in force. Due dates are derived data (from, unit, amount, paused
 * days), and a computation only looks at the days from its start to its due date: so the clocks a newly loaded year
 * can move are the provisional ones and those whose span overlaps that year.
 */
export async function recomputeClocks(tx: Tx, calendar: Calendar, year: number): Promise<number> {
  const rows = await tx
    .select()
    .from(matterClocks)
    .where(
      or(
        eq(matterClocks.provisional, true),
        and(lte(matterClocks.fromOn, `${year}-12-31`), gte(matterClocks.dueOn, `${year}-01-01`)),
      ),
    );
  let changed = 0;
  for (const row of rows) {
    const r = calendar.due(row.fromOn, row.unit, row.amount + row.pausedDays);
    if (r.due !== row.dueOn || r.provisional !== row.provisional) {
      await tx
        .update(matterClocks)
        .set({ dueOn: r.due, provisional: r.provisional })
        .where(and(eq(matterClocks.matterId, row.matterId), eq(matterClocks.name, row.name)));
      changed += 1;
    }
  }
  return changed;
}

export interface LoadScheduleResult {
  year: number;
  holidays: number;
  makeUpWorkdays: number;
  replaced: boolean;
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
