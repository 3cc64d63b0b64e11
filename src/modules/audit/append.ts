import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, max, sql } from 'drizzle-orm';
import { lockXact } from '../../db/locks';
import { events } from '../../db/schema';
import type { Tx } from '../../db/tx';
import { GENESIS_HASH, eventHash } from './chain';

export type EntityType = (typeof events.$inferInsert)['entityType'];

export interface NewEvent {
  entityType: EntityType;
  entityId: string;
  type: string;
  onDate: string;
  occurredAt: Date;
  actorUserId?: string | null;
  actorBodyId?: string | null;
  actorRoles?: string[];
  payload: Record<string, unknown>;
  clockEffects?: unknown[];
}

export type StoredEvent = typeof events.$inferSelect;

/**
 * The trail is this many hash chains. With one, every writing transaction of the province queued for the one lock
 * from its first event to its commit; with several, transactions that picked different chains append side by side.
 * Changing the number is safe: a transaction only ever reads the head of the chain it picked.
 */
export const AUDIT_CHAINS = 16;

/** The chain of each open transaction: all its events go to one chain, so it holds one lock. */
const chainOfTx = new WeakMap<Tx, number>();

/** The chain a transaction appends to: picked by its first event's entity, so the load spreads over the chains. */
function chainFor(tx: Tx, first: NewEvent): number {
  let chain = chainOfTx.get(tx);
  if (chain === undefined) {
    chain = createHash('sha256').update(`${first.entityType}:${first.entityId}`).digest().readUInt16BE(0) % AUDIT_CHAINS;
    chainOfTx.set(tx, chain);
  }
  return chain;
}

/** For bulk writers (the legacy import): thousands of events of thousands of entities in one call. */
export interface AppendOptions {
  /**
   * Entities created in the caller's transaction (`entityType:entityId`), so known to have no earlier events: their
   * seq starts at 1 without a lookup. The other entities of the call are looked up in one query.
   */
  newEntities: ReadonlySet<string>;
}

/** What the hash covers (besides the previous hash), with defaults filled in. */
function eventFields(e: NewEvent, seq: number) {
  return {
    entityType: e.entityType,
    entityId: e.entityId,
    seq,
    type: e.type,
    onDate: e.onDate,
    occurredAt: e.occurredAt,
    actorUserId: e.actorUserId ?? null,
    actorBodyId: e.actorBodyId ?? null,
    actorRoles: e.actorRoles ?? [],
    payload: e.payload,
    clockEffects: e.clockEffects ?? [],
  };
}

/** Rows per INSERT in the bulk path. */
const BULK_CHUNK = 1000;

/**
 * Appends events to the audit trail inside the caller's transaction, so the change and its record commit or fail
 * together (fail-closed). Events of one call are chained in order, in the transaction's chain (`chainFor`).
 *
 * Per-entity `seq` is read as max + 1 under the chain's lock only: two transactions in different chains appending to
 * the same entity at once would collide on the unique (entity, seq) index and one would fail, never both succeed.
 * Writers of an existing matter lock its row first (commands are compare-and-set on it), so they queue there.
 *
 * With `options` (bulk writers), the chain and the seqs are the same, but seqs come from one grouped lookup and the
 * rows go in with multi-row INSERTs (ids follow the chain order), and nothing is returned.
 */
export async function appendEvents(tx: Tx, batch: NewEvent[], options?: AppendOptions): Promise<StoredEvent[]> {
  if (batch.length === 0) return [];
  const chain = chainFor(tx, batch[0]!);
  // The chain's head: one appender at a time per chain, across every app node.
  await lockXact(tx, 'auditChain', String(chain));
  const [head] = await tx.select({ hash: events.hash }).from(events).where(eq(events.chain, chain)).orderBy(desc(events.id)).limit(1);
  let prevHash = head?.hash ?? GENESIS_HASH;
  if (options) {
    await appendBulk(tx, batch, options.newEntities, chain, prevHash);
    return [];
  }
  const nextSeq = new Map<string, number>();
  const stored: StoredEvent[] = [];
  for (const e of batch) {
    const key = `${e.entityType}:${e.entityId}`;
    let seq = nextSeq.get(key);
    if (seq === undefined) {
      const [row] = await tx
        .select({ last: max(events.seq) })
        .from(events)
        .where(and(eq(events.entityType, e.entityType), eq(events.entityId, e.entityId)));
      seq = (row?.last ?? 0) + 1;
    }
    nextSeq.set(key, seq + 1);
    const fields = eventFields(e, seq);
    const hash = eventHash(prevHash, fields);
    const [row] = await tx
      .insert(events)
      .values({ ...fields, chain, prevHash, hash })
      .returning();
    if (!row) throw new Error('event insert returned nothing');
    stored.push(row);
    prevHash = hash;
  }
  return stored;
}

async function appendBulk(tx: Tx, batch: NewEvent[], newEntities: ReadonlySet<string>, chain: number, head: string): Promise<void> {
  const nextSeq = new Map<string, number>();
  const known = new Map<EntityType, Set<string>>();
  for (const e of batch) {
    const key = `${e.entityType}:${e.entityId}`;
    if (newEntities.has(key) || nextSeq.has(key)) continue;
    nextSeq.set(key, 1);
    let ids = known.get(e.entityType);
    if (!ids) known.set(e.entityType, (ids = new Set()));
    ids.add(e.entityId);
  }
  for (const [entityType, ids] of known) {
    const rows = await tx
      .select({ entityId: events.entityId, last: max(events.seq) })
      .from(events)
      .where(and(eq(events.entityType, entityType), inArray(events.entityId, [...ids])))
      .groupBy(events.entityId);
    for (const r of rows) nextSeq.set(`${entityType}:${r.entityId}`, (r.last ?? 0) + 1);
  }
  let prevHash = head;
  const rows: Record<string, unknown>[] = [];
  for (const e of batch) {
    const key = `${e.entityType}:${e.entityId}`;
    const seq = nextSeq.get(key) ?? 1;
    nextSeq.set(key, seq + 1);
    const fields = eventFields(e, seq);
    const hash = eventHash(prevHash, fields);
    rows.push({
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      seq,
      type: fields.type,
      on_date: fields.onDate,
      occurred_at: fields.occurredAt,
      actor_user_id: fields.actorUserId,
      actor_body_id: fields.actorBodyId,
      actor_roles: fields.actorRoles,
      payload: fields.payload,
      clock_effects: fields.clockEffects,
      chain,
      prev_hash: prevHash,
      hash,
    });
    prevHash = hash;
  }
  // The rows travel as one JSON parameter per chunk (no per-value query building), read as `json`, not `jsonb`: the
  // text is parsed once, straight into the columns (only payload and clock_effects become jsonb), instead of being
  // built into one jsonb value first (as for the import's petitions, bench/README.md). Ids are drawn from the sequence
  // after the ORDER BY (volatile defaults are evaluated after sorting), and the chain's advisory lock keeps its other
  // appenders out until commit, so id order is chain order.
  for (let i = 0; i < rows.length; i += BULK_CHUNK) {
    await tx.execute(sql`
      INSERT INTO events (entity_type, entity_id, seq, type, on_date, occurred_at, actor_user_id, actor_body_id, actor_roles, payload, clock_effects, chain, prev_hash, hash)
      SELECT entity_type, entity_id, seq, type, on_date, occurred_at, actor_user_id, actor_body_id, actor_roles, payload, clock_effects, chain, prev_hash, hash
      FROM ROWS FROM (json_to_recordset(${JSON.stringify(rows.slice(i, i + BULK_CHUNK))}::json) AS (entity_type text, entity_id text, seq int,
        type text, on_date date, occurred_at timestamptz, actor_user_id uuid, actor_body_id uuid, actor_roles text[], payload jsonb,
        clock_effects jsonb, chain smallint, prev_hash text, hash text)) WITH ORDINALITY AS x(entity_type, entity_id, seq, type, on_date, occurred_at,
        actor_user_id, actor_body_id, actor_roles, payload, clock_effects, chain, prev_hash, hash, n)
      ORDER BY n`);
  }
}
