import { and, asc, count, desc, eq, exists, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { events, matterClocks, matters } from '../../db/schema';
import { addCalendarDays, chinaDateOf } from '../../domain/calendar';
import { STATUS_LABELS, allowedCommands, type MatterState, type MatterStatus } from '../../domain/lifecycle';
import type { AppContext } from '../../context';
import type { StaffPrincipal } from '../auth/principal';
import { bodyNames, regionNames } from '../org/names';
import { getMatterInScope, matterScope } from './scope';
import { actorOf } from './service';
import { clocksOf, eventsOf, splitSiblings, toDetail, toSummaries } from './views';

/**
 * The reads of the matter pages: the list, one matter's page, the dashboard counts and the terminated registry, each
 * within the caller's scope (`matterScope`). The commands that change a matter are in service.ts.
 */

type Reader = Pick<AppContext, 'db' | 'calendar' | 'timeLimits' | 'now'>;

const today = (ctx: Pick<AppContext, 'now'>) => chinaDateOf(ctx.now());

/** A matter with its live time limits, its timeline and the commands the caller may run now. */
export async function matterPage(ctx: Reader, p: StaffPrincipal, id: string) {
  const row = await getMatterInScope(ctx.db, p, id);
  const cal = await ctx.calendar.current();
  const state = row.state as MatterState;
  return {
    matter: { ...(await toDetail(ctx.db, row, today(ctx), cal, ctx.timeLimits)), splitWith: await splitSiblings(ctx.db, row.id, matterScope(p)) },
    clocks: clocksOf(row, today(ctx), cal, ctx.timeLimits),
    events: await eventsOf(ctx.db, row.id),
    allowedActions: allowedCommands(state, actorOf(p), { now: ctx.now(), calendar: cal, config: ctx.timeLimits }),
  };
}

export interface MatterFilter {
  status?: MatterStatus;
  q?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

/** The matters in the caller's scope, newest first. */
export async function listMatters(ctx: Reader, p: StaffPrincipal, { status, q, overdue, page, pageSize }: MatterFilter) {
  const conditions = [matterScope(p)];
  if (status) conditions.push(eq(matters.status, status));
  if (q) {
    const pattern = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
    // A run of digits long enough to be part of a phone or an ID number searches the matter numbers only for a
    // caller without petitioner.pii.read: titles would tell them whether someone wrote that number.
    const numbersOnly = /\d{7,}/.test(q) && !p.permissions.has('petitioner.pii.read');
    conditions.push(numbersOnly ? ilike(matters.number, pattern) : or(ilike(matters.title, pattern), ilike(matters.number, pattern))!);
  }
  if (overdue) {
    conditions.push(
      exists(
        ctx.db
          .select({ one: sql`1` })
          .from(matterClocks)
          .where(and(eq(matterClocks.matterId, matters.id), runningDeadline(), lt(matterClocks.dueOn, today(ctx)))),
      ),
    );
  }
  const where = and(...conditions);
  const [total] = await ctx.db.select({ n: count() }).from(matters).where(where);
  const rows = await ctx.db
    .select()
    .from(matters)
    .where(where)
    .orderBy(desc(matters.receivedOn), desc(matters.number))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { items: await toSummaries(ctx.db, rows, today(ctx), await ctx.calendar.current(), ctx.timeLimits), total: total?.n ?? 0 };
}

/** A deadline clock still counting (not stopped, not paused for a hearing). */
function runningDeadline(): SQL {
  return and(eq(matterClocks.kind, 'deadline'), isNull(matterClocks.stoppedOn), eq(matterClocks.paused, false))!;
}

const CLOSED: readonly string[] = ['concluded', 'terminated', 'rejected', 'redirected'];

/** Counts for the caller's scope: open, overdue, due within 3 days, and by status. */
export async function matterDashboard(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal) {
  const scope = matterScope(p);
  const t = today(ctx);
  const byStatus = await ctx.db.select({ status: matters.status, n: count() }).from(matters).where(scope).groupBy(matters.status);
  const clockCount = async (cond: SQL | undefined) => {
    const [r] = await ctx.db
      .select({ n: sql<number>`count(DISTINCT ${matters.id})::int` })
      .from(matters)
      .innerJoin(matterClocks, eq(matterClocks.matterId, matters.id))
      .where(and(scope, runningDeadline(), cond));
    return Number(r?.n ?? 0);
  };
  return {
    counts: {
      open: byStatus.filter((s) => !CLOSED.includes(s.status)).reduce((a, s) => a + s.n, 0),
      overdue: await clockCount(lt(matterClocks.dueOn, t)),
      dueSoon: await clockCount(and(sql`${matterClocks.dueOn} >= ${t}`, sql`${matterClocks.dueOn} <= ${addCalendarDays(t, 3)}`)),
    },
    byStatus: byStatus.map((s) => ({ status: s.status, statusLabel: STATUS_LABELS[s.status as keyof typeof STATUS_LABELS] ?? s.status, count: s.n })),
  };
}

/**
 * 复杂疑难信访事项备案库 (seed 000): the terminated matters in the caller's scope, with the petitions refused on each
 * since and the receptions recorded (Art. 37 ¶3).
 */
export async function terminatedRegistry(ctx: Pick<AppContext, 'db'>, p: StaffPrincipal, { q, page, pageSize }: { q?: string; page: number; pageSize: number }) {
  const where = and(
    matterScope(p),
    eq(matters.status, 'terminated'),
    q ? sql`(${matters.number} ILIKE ${`%${q}%`} OR ${matters.title} ILIKE ${`%${q}%`})` : undefined,
  );
  const [total] = await ctx.db.select({ n: count() }).from(matters).where(where);
  const rows = await ctx.db
    .select()
    .from(matters)
    .where(where)
    .orderBy(desc(matters.updatedAt), asc(matters.number))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const states = rows.map((r) => r.state as MatterState);
  const bodyName = await bodyNames(ctx.db, states.map((s) => s.reReviewBodyId));
  // Petitions since termination are the ones the engine refused again (repeats before it do not count).
  const ids = rows.map((r) => r.id);
  const refused = ids.length
    ? await ctx.db
        .select({ matterId: events.entityId, n: count() })
        .from(events)
        .where(and(eq(events.entityType, 'matter'), inArray(events.entityId, ids), sql`${events.payload} ->> 'refusedAgain' = 'true'`))
        .groupBy(events.entityId)
    : [];
  const laterPetitions = new Map(refused.map((r) => [r.matterId, r.n]));
  const regionName = await regionNames(ctx.db, rows.map((r) => r.regionCode));
  return {
    total: total?.n ?? 0,
    items: rows.map((r, i) => {
      const s = states[i]!;
      return {
        id: r.id,
        number: r.number,
        title: r.title,
        regionName: regionName.get(r.regionCode) ?? r.regionCode,
        terminatedOn: s.reReviewOpinion?.on ?? null,
        reReviewBody: s.reReviewBodyId ? { id: s.reReviewBodyId, name: bodyName.get(s.reReviewBodyId) ?? '' } : null,
        laterPetitions: laterPetitions.get(r.id) ?? 0,
        receptions: s.receptions,
      };
    }),
  };
}
