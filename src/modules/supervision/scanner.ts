import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { matterClocks, matters } from '../../db/schema';
import { queryRows } from '../../db/tx';
import { addCalendarDays, chinaDateOf, type IsoDate } from '../../domain/calendar';
import type { Actor, MatterState } from '../../domain/lifecycle';
import type { AppContext } from '../../context';
import { appendEvents } from '../audit/append';
import { applyCommand } from '../matters/service';
import { enqueueDueSoon } from '../notifications/enqueue';
import { repeat, type JobLog } from '../../shared/repeat';

/**
 * The clock scanner: what the calendar alone decides is done by the system, not by a clerk remembering it. It
 * concludes matters whose review or re-review window passed unused (`lapse`, Art. 35, 36), and warns the bodies
 * whose deadlines run out within `notifications.dueSoonDays` (时限预警, through the notification outbox).
 *
 * - Safe with several app nodes: one transaction-scoped advisory lock; a scanner that does not get it does nothing.
 * - Idempotent: a lapse is a lifecycle step valid once; a matter already concluded is not found again; a warning is
 *   keyed by matter, clock and due date, so a clock is warned of once per due date.
 * - Catches up after downtime: every window past due is found, and each lapse is dated the day after the window
 *   closed (or the matter's latest act, if later), not the day the scanner happened to run.
 */

/** Advisory lock key of the scanner (the audit chain uses 7100001, routing-model versions 7100002). */
const SCANNER_LOCK = 7100003;
const WINDOWS = ['reviewRequestWindow', 'reReviewRequestWindow'] as const;

export interface ScanResult {
  /** False when another node holds the scanner lock: it is scanning now. */
  ran: boolean;
  today: IsoDate;
  lapsed: { matterId: string; number: string; window: string; on: IsoDate }[];
  /** Approaching-deadline messages written to the outbox (one per recipient and channel). */
  warned: number;
}

export async function scanClocks(ctx: AppContext): Promise<ScanResult> {
  const now = ctx.now();
  const today = chinaDateOf(now);
  return ctx.db.transaction(async (tx) => {
    const [lock] = await queryRows<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${SCANNER_LOCK}) AS ok`);
    if (!lock?.ok) return { ran: false, today, lapsed: [], warned: 0 };
    const due = await tx
      .select({ id: matters.id, window: matterClocks.name, dueOn: matterClocks.dueOn })
      .from(matterClocks)
      .innerJoin(matters, eq(matters.id, matterClocks.matterId))
      .where(
        and(
          inArray(matterClocks.name, [...WINDOWS]),
          isNull(matterClocks.stoppedOn),
          eq(matterClocks.paused, false),
          lt(matterClocks.dueOn, today),
          inArray(matters.status, ['replied', 'evaluated', 'reviewed']),
        ),
      )
      .orderBy(asc(matterClocks.dueOn));
    const lapsed: ScanResult['lapsed'] = [];
    for (const d of due) {
      const [row] = await tx.select().from(matters).where(eq(matters.id, d.id)).for('update');
      if (!row) continue;
      const state = row.state as MatterState;
      const dayAfter = addCalendarDays(d.dueOn, 1);
      const on = state.lastEventOn > dayAfter ? state.lastEventOn : dayAfter;
      const actor: Actor = { userId: 'system', bodyId: state.facts.registeringBodyId, roles: ['system'] };
      await applyCommand(tx, ctx, row, { type: 'lapse', on }, actor, now);
      lapsed.push({ matterId: row.id, number: row.number, window: d.window, on });
    }
    // After the lapses: a concluded matter's clocks are stopped and are not warned of.
    const warned = await enqueueDueSoon(tx, { today, days: ctx.notifications.dueSoonDays, now });
    if (lapsed.length || warned) {
      await appendEvents(tx, [
        { entityType: 'system', entityId: 'scanner', type: 'clockScan.completed', onDate: today, occurredAt: now, actorRoles: ['system'], payload: { lapsed: lapsed.length, warned } },
      ]);
    }
    return { ran: true, today, lapsed, warned };
  });
}

/**
 * Runs the scanner now and then every `minutes`, logging what it did; errors are logged and the next run retries.
 * Returns the function that stops it.
 */
export function scheduleClockScanner(ctx: AppContext, minutes: number, log: JobLog): () => void {
  return repeat('clock scan', minutes * 60_000, () => scanClocks(ctx), log, (r) =>
    r.lapsed.length || r.warned ? { fields: { lapsed: r.lapsed.length, warned: r.warned }, message: 'windows closed, deadlines warned of' } : null,
  );
}
