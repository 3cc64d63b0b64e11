import { TransactionRollbackError, and, asc, eq, gt, gte, lte, or } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { calendarSchedules, matterClocks, matters } from '../../db/schema';
import { ScheduleError, chinaDateOf, parseYearSchedule, type Calendar, type YearSchedule } from '../../domain/calendar';
import type { MatterState } from '../../domain/lifecycle';
import { XinfangError } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { writeClocks } from '../matters/service';
import { bumpCalendarVersion, type CalendarService } from './service';

/** Matters per recompute transaction: a load over a province locks a few hundred matters at a time, not all. */
const RECOMPUTE_BATCH = 500;

/**
 * Rewrites the clock rows of every matter a newly loaded year can affect, through the same projection as a command
 * (`writeClocks`). A due-date computation only looks at the days from its start to its due date, so the affected
 * clocks are the provisional ones and those whose span overlaps that year. Matters are taken in id order, a batch per
 * transaction, each locked while its rows are rewritten: a command on it commits first (and its rows are rewritten
 * here) or runs after, with the new calendar.
 */
export async function recomputeClocks(db: Db, calendars: CalendarService, year: number): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const from: string | null = after;
    const batch: string[] = await db.transaction(async (tx): Promise<string[]> => {
      const affected = await tx
        .selectDistinct({ matterId: matterClocks.matterId })
        .from(matterClocks)
        .where(
          and(
            from ? gt(matterClocks.matterId, from) : undefined,
            or(eq(matterClocks.provisional, true), and(lte(matterClocks.fromOn, `${year}-12-31`), gte(matterClocks.dueOn, `${year}-01-01`))),
          ),
        )
        .orderBy(asc(matterClocks.matterId))
        .limit(RECOMPUTE_BATCH);
      for (const { matterId } of affected) {
        const [row] = await tx.select({ state: matters.state }).from(matters).where(eq(matters.id, matterId)).for('update');
        if (row) await writeClocks(tx, calendars, matterId, row.state as MatterState);
      }
      return affected.map((a) => a.matterId);
    });
    total += batch.length;
    if (batch.length < RECOMPUTE_BATCH) return total;
    after = batch.at(-1)!;
  }
}

export interface LoadScheduleResult {
  year: number;
  holidays: number;
  makeUpWorkdays: number;
  replaced: boolean;
  /** Matters whose clock rows were rewritten. */
  clocksRecomputed: number;
}

/** How long a load waits for the clock writers of the moment to finish (it retries rather than queue behind them). */
const CALENDAR_LOCK_ATTEMPTS = 100;
const CALENDAR_LOCK_PAUSE_MS = 100;

/**
 * Stores a year's official schedule (replacing an earlier load of that year), bumps the calendar version every node
 * follows, and corrects the affected due dates.
 *
 * The version is bumped under the calendar lock, taken exclusively with a try: a load holds the audit chain by then
 * and must not wait for a clock writer that may itself wait for the chain; it rolls back and tries again instead
 * (a load is a yearly act; ten seconds of retries cover any burst of commands).
 */
export async function loadSchedule(
  db: Db,
  calendarService: CalendarService,
  input: { schedule: YearSchedule; source: string; actor: { userId: string | null; bodyId: string | null } },
  now: Date,
): Promise<LoadScheduleResult> {
  const { schedule } = input;
  let replaced = false;
  for (let attempt = 1; ; attempt++) {
    const done = await db.transaction(async (tx) => {
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
      if (!(await bumpCalendarVersion(tx))) {
        tx.rollback();
      }
      return true;
    }).catch((err: unknown) => {
      if (err instanceof TransactionRollbackError) return false;
      throw err;
    });
    if (done) break;
    if (attempt >= CALENDAR_LOCK_ATTEMPTS) {
      throw new XinfangError('CONFLICT', '日历正被大量办理操作使用，请稍后重试', 'the calendar lock stayed busy; try again');
    }
    await new Promise((resolve) => setTimeout(resolve, CALENDAR_LOCK_PAUSE_MS));
  }
  const clocksRecomputed = await recomputeClocks(db, calendarService, schedule.year);
  return {
    year: schedule.year,
    holidays: schedule.holidays.length,
    makeUpWorkdays: schedule.makeUpWorkdays.length,
    replaced,
    clocksRecomputed,
  };
}

/** A year's schedule as an admin sends it (JSON or CSV text); a malformed one is refused with every problem, in Chinese. */
export function parseScheduleText(text: string, format: 'json' | 'csv'): YearSchedule {
  try {
    return parseYearSchedule(text, format);
  } catch (err) {
    if (err instanceof ScheduleError) {
      throw new XinfangError(
        'VALIDATION',
        `日历安排有误：${err.problems.map((p) => (p.line ? `第${p.line}行 ` : '') + p.messageZh).join('；')}`,
        'invalid schedule',
        { problems: err.problems },
      );
    }
    throw err;
  }
}

export interface LoadedSchedules {
  /** Years of the built-in official data that no admin load replaced. */
  builtinYears: number[];
  loaded: { year: number; source: string; loadedAt: string; holidays: number; makeUpWorkdays: number }[];
}

/** Which years' official schedules are in force: built in, or loaded by an admin (which replaces the built-in year). */
export async function loadedSchedules(db: Db, calendar: Calendar): Promise<LoadedSchedules> {
  const rows = await db.select().from(calendarSchedules).orderBy(asc(calendarSchedules.year));
  const official = [...calendar.data.officialYears].sort((a, b) => a - b);
  return {
    builtinYears: official.filter((y) => !rows.some((r) => r.year === y)),
    loaded: rows.map((r) => {
      const s = r.schedule as { holidays: unknown[]; makeUpWorkdays: unknown[] };
      return { year: r.year, source: r.source, loadedAt: r.loadedAt.toISOString(), holidays: s.holidays.length, makeUpWorkdays: s.makeUpWorkdays.length };
    }),
  };
}
