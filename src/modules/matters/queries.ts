import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { events, matterDueTallies, matterTallies, matters } from '../../db/schema';
import { queryRows } from '../../db/tx';
import { validation } from '../../shared/errors';
import { addCalendarDays, chinaDateOf } from '../../domain/calendar';
import { STATUS_LABELS, allowedCommands, type MatterState, type MatterStatus } from '../../domain/lifecycle';
import type { AppContext } from '../../context';
import type { StaffPrincipal } from '../auth/principal';
import { bodyNames, regionNames } from '../org/names';
import { getMatterInScope, matterScope, scopeTerms } from './scope';
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
  /** Where the previous page ended (`nextCursor` of its answer); none: the first page. */
  cursor?: string;
  pageSize: number;
}

/** Up to this many matching matters are counted one by one; beyond it the total says "more than" (`totalExact`). */
export const COUNT_CAP = 1000;

/**
 * A page's end as the client carries it (opaque): the last row's sort key, dates first and the matter number last.
 * Shared by every keyset list (the matter list, the triage queue).
 */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const ok = Array.isArray(v) && v.length === length && v.every((x, i) => typeof x === 'string' && (i === length - 1 || /^\d{4}-\d{2}-\d{2}$/.test(x)));
    if (ok) return v as string[];
  } catch {
    /* answered below */
  }
  throw validation([{ field: 'cursor', messageZh: '分页位置无效，请从第一页重新查看', message: 'invalid cursor' }]);
}

/**
 * The matters in the caller's scope, newest first, a page at a time (keyset: after `cursor`, never OFFSET).
 *
 * Each alternative of the scope (its region, or one of the body columns) is read in date order from its own index and
 * only the page's worth is taken from each, so a page costs the same on the first page as on the thousandth and for
 * a bureau as for a department. The total comes from the read model (`matter_tallies`) when the filter is one it
 * keeps (status, overdue); a text search is counted up to `COUNT_CAP` and then said to be more (`totalExact`).
 */
export async function listMatters(ctx: Reader, p: StaffPrincipal, { status, q, overdue, cursor, pageSize }: MatterFilter) {
  const filters: SQL[] = [];
  if (status) filters.push(eq(matters.status, status));
  if (q) {
    const pattern = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
    // A run of digits long enough to be part of a phone or an ID number searches the matter numbers only for a
    // caller without petitioner.pii.read: titles would tell them whether someone wrote that number.
    const numbersOnly = /\d{7,}/.test(q) && !p.permissions.has('petitioner.pii.read');
    filters.push(numbersOnly ? ilike(matters.number, pattern) : or(ilike(matters.title, pattern), ilike(matters.number, pattern))!);
  }
  if (overdue) filters.push(lt(matters.nextDueOn, today(ctx)));
  const after = cursor ? decodeCursor(cursor, 2) : null;
  const keyset = after ? sql`(${matters.receivedOn}, ${matters.number}) < (${after[0]}, ${after[1]})` : undefined;
  const order = sql`${matters.receivedOn} DESC, ${matters.number} DESC`;
  const take = pageSize + 1;
  const branches = scopeTerms(p, matters).map(
    (term) => sql`(SELECT ${matters.id} FROM ${matters} WHERE ${and(term, ...filters, keyset)} ORDER BY ${order} LIMIT ${take})`,
  );
  const rows = await ctx.db
    .select()
    .from(matters)
    .where(sql`${matters.id} IN (${sql.join(branches, sql` UNION ALL `)})`)
    .orderBy(desc(matters.receivedOn), desc(matters.number))
    .limit(take);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  const nextCursor = rows.length > pageSize && last ? encodeCursor([last.receivedOn, last.number]) : null;
  const { total, exact } = q ? await cappedCount(ctx, and(matterScope(p), ...filters)) : await tallyCount(ctx, p, { status, overdue });
  return { items: await toSummaries(ctx.db, page, today(ctx), await ctx.calendar.current(), ctx.timeLimits), total, totalExact: exact, nextCursor };
}

/** Counts up to `COUNT_CAP` matching matters: bounded work whatever the filter. */
export async function cappedCount(ctx: Pick<AppContext, 'db'>, where: SQL | undefined) {
  const [r] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${matters} WHERE ${where} LIMIT ${COUNT_CAP + 1}) x`);
  const n = r?.n ?? 0;
  return { total: Math.min(n, COUNT_CAP), exact: n <= COUNT_CAP };
}

/**
 * Counts from the read model: per status from `matter_tallies`; overdue as the matters with a running deadline less
 * those due from today on (`matter_due_tallies`, which keeps no status: overdue with a status is counted up to the cap).
 */
async function tallyCount(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal, f: { status?: string; overdue?: boolean }) {
  if (f.overdue && f.status) return cappedCount(ctx, and(matterScope(p), eq(matters.status, f.status), lt(matters.nextDueOn, today(ctx))));
  const t = await scopeTallies(ctx, p);
  if (f.overdue) return { total: t.overdue, exact: true };
  return { total: f.status ? (t.byStatus.get(f.status) ?? 0) : [...t.byStatus.values()].reduce((a, n) => a + n, 0), exact: true };
}

/**
 * The caller's counts from the read model: matters per status, and overdue / due within `soonDays` (by each matter's
 * nearest running deadline); `regionPrefix` narrows to a city or county.
 */
export async function scopeTallies(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal, { soonDays = 3, regionPrefix }: { soonDays?: number; regionPrefix?: string } = {}) {
  const t = today(ctx);
  const within = (table: typeof matterTallies | typeof matterDueTallies) =>
    and(or(...scopeTerms(p, table)), regionPrefix ? sql`${table.regionCode} LIKE ${`${regionPrefix}%`}` : undefined);
  const byRow = await ctx.db
    .select({ status: matterTallies.status, running: matterTallies.running, n: sql<number>`sum(${matterTallies.n})::int` })
    .from(matterTallies)
    .where(within(matterTallies))
    .groupBy(matterTallies.status, matterTallies.running);
  const [future] = await ctx.db
    .select({
      all: sql<number>`coalesce(sum(${matterDueTallies.n}), 0)::int`,
      soon: sql<number>`coalesce(sum(${matterDueTallies.n}) FILTER (WHERE ${matterDueTallies.dueOn} <= ${addCalendarDays(t, soonDays)}), 0)::int`,
    })
    .from(matterDueTallies)
    .where(and(gte(matterDueTallies.dueOn, t), within(matterDueTallies)));
  const byStatus = new Map<string, number>();
  let running = 0;
  for (const r of byRow) {
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.n);
    if (r.running) running += r.n;
  }
  for (const [k, n] of byStatus) if (n === 0) byStatus.delete(k);
  return { byStatus, overdue: running - (future?.all ?? 0), dueSoon: future?.soon ?? 0 };
}

const CLOSED: readonly string[] = ['concluded', 'terminated', 'rejected', 'redirected'];

/**
 * Counts for the caller's scope: open, overdue, due within 3 days, and by status, from the read model (no scan of
 * matters or clocks). Overdue and due soon go by each matter's nearest running deadline (`matters.next_due_on`).
 */
export async function matterDashboard(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal) {
  const t = await scopeTallies(ctx, p);
  const byStatus = [...t.byStatus.entries()].map(([status, count]) => ({ status, count }));
  return {
    counts: {
      open: byStatus.filter((s) => !CLOSED.includes(s.status)).reduce((a, s) => a + s.count, 0),
      overdue: t.overdue,
      dueSoon: t.dueSoon,
    },
    byStatus: byStatus.map((s) => ({ status: s.status, statusLabel: STATUS_LABELS[s.status as keyof typeof STATUS_LABELS] ?? s.status, count: s.count })),
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
