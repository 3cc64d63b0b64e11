import { and, desc, eq, max, sql } from 'drizzle-orm';
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

/** Advisory lock key of the chain head: one appender at a time, across every app node. */
const CHAIN_LOCK = 7100001;

/**
 * Appends events to the audit trail inside the caller's transaction, so the change and its record commit or fail
 * together (fail-closed). Events of one call are chained in order.
 */
export async function appendEvents(tx: Tx, batch: NewEvent[]): Promise<StoredEvent[]> {
  if (batch.length === 0) return [];
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [head] = await tx.select({ hash: events.hash }).from(events).orderBy(desc(events.id)).limit(1);
  let prevHash = head?.hash ?? GENESIS_HASH;
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
    const fields = {
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
    const hash = eventHash(prevHash, fields);
    const [row] = await tx
      .insert(events)
      .values({ ...fields, prevHash, hash })
      .returning();
    if (!row) throw new Error('event insert returned nothing');
    stored.push(row);
    prevHash = hash;
  }
  return stored;
}
