import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit trail (全程留痕): every change of every entity, append-only and hash-chained.
 *
 * Contract:
 * - rows are only ever inserted; a trigger (migration 0001) refuses UPDATE, DELETE and TRUNCATE;
 * - no foreign keys, by design: history must outlive the rows it describes;
 * - `id` orders the chain; each row's `prevHash` is the `hash` of the row before it, and `hash` covers the row's
 *   content and `prevHash` (see src/modules/audit/chain.ts), so an edit, insertion or deletion behind the
 *   application's back breaks the chain at that row (`xinfang audit verify`);
 * - writers take one advisory lock per transaction to append (src/modules/audit/append.ts), so the chain is linear
 *   even with several app nodes;
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
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [
    uniqueIndex().on(t.entityType, t.entityId, t.seq),
    index().on(t.actorBodyId),
    // The auditor's list of personal-data reads (GET /audit/pii-access), newest first, without scanning the trail.
    index('events_pii_viewed_idx').on(t.id).where(sql`${t.type} = 'piiViewed'`),
  ],
);
