import { and, asc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { matterClocks, matters } from '../../db/schema';
import { addCalendarDays, chinaDateOf, type IsoDate } from '../../domain/calendar';
import type { Actor, MatterState } from '../../domain/lifecycle';
import type { AppContext } from '../../context';
import { appendEvents } from '../audit/append';
import { applyCommand } from '../matters/service';
import { enqueueDueSoon, enqueueOverdue, overdueClocks } from '../notifications/enqueue';
import { repeat, type JobLog } from '../../shared/repeat';

/**
 * The clock scanner: what the calendar alone decides is done by the system, not by a clerk remembering it. It
 * concludes matters whose review or re-review window passed unused (`lapse`, Art. 35, 36), warns the bodies whose
 * deadlines run out within `notifications.dueSoonDays` (时限预警), and tells the late body and the supervision offices
 * of a deadline that ran out (超期提醒), through the notification outbox.
 *
 * - One unit of work per transaction: each lapse locks its one matter (`FOR UPDATE SKIP LOCKED`) and commits with
 *   its event, so the audit chain is held for one matter at a time and the commands of staff interleave with a long
 *   catch-up; each overdue alert is its own short transaction too.
 * - Safe with any number of scanners on any number of nodes: a matter another scanner (or a clerk) holds is skipped
 *   and found by the next scan if still due; a lapse is valid once (the matter is re-read under its lock); an alert
 *   is keyed by its clock (`overdue_alerts`), a warning by clock and due date.
 * - Catches up after downtime: every window past due is found, and each lapse is dated the day after the window
 *   closed (or the matter's latest act, if later), not the day the scanner happened to run.
 * - One matter failing (a refusal, a conflict) is reported and the others go on.
 */

const WINDOWS = ['reviewRequestWindow', 'reReviewRequestWindow'] as const;
const LAPSE_STATUSES = ['replied', 'evaluated', 'reviewed'] as const;
/** Overdue alerts per scan: a first scan over a large archive spreads its alerts over several runs. */
const OVERDUE_PER_SCAN = 500;

export interface ScanResult {
  today: IsoDate;
  lapsed: { matterId: string; number: string; window: string; on: IsoDate }[];
  /** Approaching-deadline messages written to the outbox (one per recipient and channel). */
  warned: number;
  /** Deadline clocks alerted as overdue by this scan, and the messages written for them. */
  overdue: { clocks: number; messages: number };
  /** Matters whose lapse failed (left for the next scan). */
  failed: { matterId: string; error: string }[];
}

export interface ScanOptions {
  /** Called after each lapse has committed (tests watch the scanner between two matters). */
  afterLapse?: (lapse: ScanResult['lapsed'][number]) => Promise<void> | void;
}

const dueWindow = (today: IsoDate) =>
  and(
    inArray(matterClocks.name, [...WINDOWS]),
    isNull(matterClocks.stoppedOn),
    eq(matterClocks.paused, false),
    lt(matterClocks.dueOn, today),
    inArray(matters.status, [...LAPSE_STATUSES]),
  );

/** Concludes one matter whose window closed, in its own transaction; null when it is taken or no longer due. */
async function lapseOne(ctx: AppContext, matterId: string, today: IsoDate, now: Date): Promise<ScanResult['lapsed'][number] | null> {
  return ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ row: matters, window: matterClocks.name, dueOn: matterClocks.dueOn })
      .from(matters)
      .innerJoin(matterClocks, eq(matterClocks.matterId, matters.id))
      .where(and(eq(matters.id, matterId), dueWindow(today)))
      .limit(1)
      .for('update', { of: matters, skipLocked: true });
    if (!found) return null;
    const { row } = found;
    const state = row.state as MatterState;
    const dayAfter = addCalendarDays(found.dueOn, 1);
    const on = state.lastEventOn > dayAfter ? state.lastEventOn : dayAfter;
    const actor: Actor = { userId: 'system', bodyId: state.facts.registeringBodyId, roles: ['system'] };
    await applyCommand(tx, ctx, row, { type: 'lapse', on }, actor, now);
    return { matterId: row.id, number: row.number, window: found.window, on };
  });
}

/** What this process's last scan of a database did, for /api/metrics (wall-clock time, not the injected clock). */
export interface ScanRecord {
  finishedAt: Date;
  seconds: number;
  /** False when the scan itself failed (its error); a scan with some failed lapses is ok, with `failed` > 0. */
  ok: boolean;
  lapsed: number;
  failed: number;
  overdue: number;
  warned: number;
}

// Keyed by the database, not the context: routes and jobs may hold copies of one context.
const lastScans = new WeakMap<AppContext['database'], ScanRecord>();

/** The last scan this process ran on the context's database, or null when it ran none (XINFANG_SCAN_MINUTES=0). */
export function lastClockScan(ctx: Pick<AppContext, 'database'>): ScanRecord | null {
  return lastScans.get(ctx.database) ?? null;
}

export async function scanClocks(ctx: AppContext, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const record = (r: ScanResult | null) =>
    lastScans.set(ctx.database, {
      finishedAt: new Date(),
      seconds: (performance.now() - started) / 1_000,
      ok: r !== null,
      lapsed: r?.lapsed.length ?? 0,
      failed: r?.failed.length ?? 0,
      overdue: r?.overdue.clocks ?? 0,
      warned: r?.warned ?? 0,
    });
  try {
    const result = await scan(ctx, options);
    record(result);
    return result;
  } catch (err) {
    record(null);
    throw err;
  }
}

async function scan(ctx: AppContext, options: ScanOptions): Promise<ScanResult> {
  const now = ctx.now();
  const today = chinaDateOf(now);
  const result: ScanResult = { today, lapsed: [], warned: 0, overdue: { clocks: 0, messages: 0 }, failed: [] };

  // The list is read without locks; each matter is taken and checked again in its own transaction.
  const due = await ctx.db
    .selectDistinct({ id: matters.id, dueOn: matterClocks.dueOn })
    .from(matterClocks)
    .innerJoin(matters, eq(matters.id, matterClocks.matterId))
    .where(dueWindow(today))
    .orderBy(asc(matterClocks.dueOn), asc(matters.id));
  for (const d of new Set(due.map((x) => x.id))) {
    try {
      const lapse = await lapseOne(ctx, d, today, now);
      if (!lapse) continue;
      result.lapsed.push(lapse);
      await options.afterLapse?.(lapse);
    } catch (err) {
      result.failed.push({ matterId: d, error: err instanceof Error ? err.message : String(err) });
    }
  }

  // After the lapses: a concluded matter's clocks are stopped and are not warned of. No audit append here, so this
  // transaction holds no chain lock.
  result.warned = await ctx.db.transaction((tx) => enqueueDueSoon(tx, { today, days: ctx.notifications.dueSoonDays, now }));

  for (const clock of await overdueClocks(ctx.db, today, OVERDUE_PER_SCAN)) {
    const written = await ctx.db.transaction((tx) => enqueueOverdue(tx, clock, { today, now }));
    if (written === null) continue;
    result.overdue.clocks += 1;
    result.overdue.messages += written;
  }

  if (result.lapsed.length || result.warned || result.overdue.clocks) {
    const payload = { lapsed: result.lapsed.length, warned: result.warned, overdue: result.overdue.clocks, failed: result.failed.length };
    await ctx.db.transaction((tx) =>
      appendEvents(tx, [{ entityType: 'system', entityId: 'scanner', type: 'clockScan.completed', onDate: today, occurredAt: now, actorRoles: ['system'], payload }]),
    );
  }
  return result;
}

/**
 * Runs the scanner now and then every `minutes`, logging what it did; errors are logged and the next run retries.
 * Returns the function that stops it.
 */
export function scheduleClockScanner(ctx: AppContext, minutes: number, log: JobLog): () => void {
  return repeat('clock scan', minutes * 60_000, () => scanClocks(ctx), log, (r) => {
    if (r.failed.length) log.error({ failed: r.failed }, 'clock scan: some lapses failed; the next scan retries them');
    return r.lapsed.length || r.warned || r.overdue.clocks
      ? { fields: { lapsed: r.lapsed.length, warned: r.warned, overdue: r.overdue.clocks }, message: 'windows closed, deadlines warned of, overdue alerted' }
      : null;
  });
}
