import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { events, matters, users } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import type { Calendar, IsoDate } from '../../domain/calendar';
import type { MatterEvent, MatterState, Role } from '../../domain/lifecycle';
import { dutyFailures, type DutyCheckConfig, type DutyFailure } from '../../domain/supervision';

type MatterRow = typeof matters.$inferSelect;

/**
 * The duty failures (四应四不) of the matters a supervision office watches. The checks are pure
 * (src/domain/supervision); this finds the matters worth checking in SQL first — a late or overdue deadline, a reply
 * not yet delivered, a dissatisfied evaluation, an extension or a repeat petition on record (the state's counters of
 * both) — so a province's million closed matters are not replayed for every board. The `limit` oldest candidates
 * are checked; `truncated` says there were more.
 */
export async function failuresIn(
  db: DbOrTx,
  scope: SQL,
  today: IsoDate,
  calendar: Calendar,
  config: DutyCheckConfig,
  limit = 500,
): Promise<{ failures: { matter: MatterRow; failures: DutyFailure[] }[]; truncated: boolean }> {
  const candidates = await db
    .select()
    .from(matters)
    .where(
      and(
        scope,
        // Each test reads the matter's own row (its nearest running deadline, its state's counters) or probes by its
        // id: a test over all events or all clocks (a hashed subplan) read the province's whole trail per board.
        sql`(
          ${matters.nextDueOn} < ${today}
          OR EXISTS (SELECT 1 FROM matter_clocks c WHERE c.matter_id = ${matters.id} AND c.kind = 'deadline' AND c.stopped_on > c.due_on)
          OR ${matters.status} = 'replied'
          OR ${matters.state} -> 'evaluation' ->> 'rating' = 'dissatisfied'
          OR (${matters.state} ->> 'extensionDays')::int > 0
          OR (${matters.state} ->> 'repeatPetitions')::int > 0
        )`,
      ),
    )
    .orderBy(asc(matters.receivedOn))
    .limit(limit);
  if (candidates.length === 0) return { failures: [], truncated: false };
  const ids = candidates.map((m) => m.id);
  const rows = await db
    .select({ entityId: events.entityId, type: events.type, onDate: events.onDate, actorUserId: events.actorUserId, actorBodyId: events.actorBodyId, actorRoles: events.actorRoles, payload: events.payload, clockEffects: events.clockEffects })
    .from(events)
    .where(and(eq(events.entityType, 'matter'), inArray(events.entityId, ids)))
    .orderBy(asc(events.entityId), asc(events.seq));
  const byMatter = new Map<string, MatterEvent[]>();
  for (const r of rows) {
    const list = byMatter.get(r.entityId) ?? [];
    list.push({
      type: r.type as MatterEvent['type'],
      on: r.onDate,
      actor: { userId: r.actorUserId ?? 'system', bodyId: r.actorBodyId ?? '', roles: r.actorRoles as Role[] },
      payload: r.payload as Record<string, unknown>,
      clockEffects: r.clockEffects as MatterEvent['clockEffects'],
    });
    byMatter.set(r.entityId, list);
  }
  // Heads (bodyLeader) by user, for the extension check (Art. 34).
  const approvers = [...new Set(rows.filter((r) => r.type === 'extended').map((r) => String((r.payload as { approvedBy?: unknown }).approvedBy ?? r.actorUserId)))];
  const uuid = /^[0-9a-f-]{36}$/i;
  const leaders = approvers.filter((a) => uuid.test(a)).length
    ? await db.select({ id: users.id, bodyId: users.bodyId, roles: users.roles }).from(users).where(inArray(users.id, approvers.filter((a) => uuid.test(a))))
    : [];
  const isBodyLeader = (userId: string, bodyId: string) => leaders.some((u) => u.id === userId && u.bodyId === bodyId && u.roles.includes('bodyLeader'));
  const ctx = { today, calendar, config, isBodyLeader };
  const failures = candidates
    .map((matter) => ({ matter, failures: dutyFailures({ matterId: matter.id, state: matter.state as MatterState, events: byMatter.get(matter.id) ?? [] }, ctx) }))
    .filter((x) => x.failures.length > 0);
  return { failures, truncated: candidates.length === limit };
}

/** How long a computed board may serve: bounds what a write committed out of id order could hide. */
const QUIET_TTL_MS = 5_000;
/** Boards remembered per database (an office, a city of it, …); the oldest goes first. */
const QUIET_KEYS = 200;
const dialect = new PgDialect();
const remembered = new WeakMap<object, Map<string, { head: number; at: number; calendar: Calendar; value: unknown }>>();

/** A scope as text and parameters, to key what is remembered for it. */
export function scopeKey(scope: SQL): unknown[] {
  const q = dialect.sqlToQuery(scope);
  return [q.sql, q.params];
}

/**
 * `compute()`, reused while nothing was written: a board (200 candidates' trails replayed for the duty checks, 400
 * clock rows, the tallies) is read again and again by every office all day, and changes only with an event (a
 * command, a scan, a setting), the date or the calendar. So a result is kept per `key` (scope, date, settings) and
 * serves while the trail's newest event and the calendar in force are those it was computed with — and at most
 * `QUIET_TTL_MS`, since event ids are taken before commit and a slower transaction's event can become visible below
 * the newest id seen. Per process: each node keeps its own. Under steady writes (desks registering anywhere in the
 * province) the newest event changes at nearly every read and the board is computed each time.
 */
export async function reusedWhileQuiet<T>(db: DbOrTx, key: unknown[], calendar: Calendar, compute: () => Promise<T>, nowMs = Date.now()): Promise<T> {
  const k = JSON.stringify(key);
  const [head] = await db.select({ id: events.id }).from(events).orderBy(desc(events.id)).limit(1);
  const headId = head?.id ?? 0;
  let byKey = remembered.get(db);
  if (!byKey) remembered.set(db, (byKey = new Map()));
  const hit = byKey.get(k);
  if (hit && hit.head === headId && hit.calendar === calendar && nowMs - hit.at < QUIET_TTL_MS) return hit.value as T;
  const value = await compute();
  byKey.delete(k);
  if (byKey.size >= QUIET_KEYS) byKey.delete(byKey.keys().next().value!);
  byKey.set(k, { head: headId, at: nowMs, calendar, value });
  return value;
}
