import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit trail (全程留痕): every change of every entity, append-only and hash-chained.
 *
 * Contract:
 * - rows are only ever inserted; a trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE;
 * - no foreign keys, by design: history must outlive the rows it describes;
 * - the trail is `AUDIT_CHAINS` hash chains (`chain`), so that appenders in different chains do not wait for each
 *   other; `id` orders each chain; each row's `prevHash` is the `hash` of the row before it in its chain, and `hash`
 *   covers the row's content and `prevHash` (see src/modules/audit/chain.ts), so an edit, insertion or deletion
 *   behind the application's back breaks its chain at that row (`xinfang audit verify`);
 * - a transaction appends to one chain under that chain's advisory lock (src/modules/audit/append.ts), so each chain
 *   is linear even with several app nodes; rows written before the chains were split are all in chain 0;
 * - personal data in payloads is what the action needs; reads of it are themselves events (`petitioner.piiViewed`).
 */
export const events = pgTable(
  'events',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    entityType: text({ enum: ['matter', 'petition', 'petitioner', 'group', 'attachment', 'import', 'user', 'session', 'calendar', 'system', 'document', 'setting', 'routingModel', 'body'] }).notNull(),
    entityId: text().notNull(),
    /** 1, 2, 3 … within one entity. */
    seq: integer().notNull(),
    type: text().notNull(),
    /** The legal date of the act (China time); for matters it drives the clocks. */
    onDate: date({ mode: 'string' }).notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
    actorUserId: uuid(),
    actorBodyId: uuid(),
    actorRoles: text().array().notNull().default(sql`'{}'::text[]`),
    payload: jsonb().notNull(),
    clockEffects: jsonb().notNull().default(sql`'[]'::jsonb`),
    /** Which of the trail's hash chains the row belongs to (append.ts picks it per transaction). */
    chain: smallint().notNull().default(0),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    // The head of a chain (append.ts): its newest row, without reading the others' rows.
    index('events_chain_idx').on(t.chain, t.id),
    uniqueIndex().on(t.entityType, t.entityId, t.seq),
    index().on(t.actorBodyId),
    // The auditor's list of personal-data reads (GET /audit/pii-access), newest first, without scanning the trail.
    index('events_pii_viewed_idx').on(t.id).where(sql`${t.type} = 'piiViewed'`),
  ],
);
