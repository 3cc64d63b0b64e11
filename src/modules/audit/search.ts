import { sql, type SQL } from 'drizzle-orm';
import { events } from '../../db/schema';
import { queryRows, type DbOrTx } from '../../db/tx';
import type { StaffPrincipal } from '../auth/principal';
import { matterScope, petitionerScope } from '../matters/scope';
import type { EntityType } from './append';

/**
 * 审计查询: the audit trail searched by entity, actor and date, newest first (keyset on the event id). The
 * administration's own entities (users, bodies, settings, the calendar, imports, the system) are deployment-wide;
 * a case's events (matter, petition, petitioner, document) only of cases in the viewer's scope, like every other read.
 * Groups' and attachments' events are left out: they are read on their matter's page.
 */

/** The kinds of entity the trail records (the events table's own list). */
export const EVENT_ENTITY_TYPES = events.entityType.enumValues;

export interface EventFilter {
  entityType?: EntityType;
  entityId?: string;
  /** A staff login. */
  actor?: string;
  /** China dates, inclusive. */
  from?: string;
  to?: string;
  /** An event type, or its start (`user.` finds every account event). */
  type?: string;
  before?: number;
  limit: number;
}

export interface EventRow {
  id: number;
  entityType: string;
  entityId: string;
  seq: number;
  type: string;
  onDate: string;
  occurredAt: string;
  actor: { id: string; login: string | null; name: string | null; bodyName: string | null } | null;
  payload: unknown;
  hash: string;
}


function caseScope(p: StaffPrincipal): SQL {
  const uuidOf = sql`(CASE WHEN e.entity_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN e.entity_id::uuid END)`;
  return sql`(
    e.entity_type IN ('user', 'session', 'calendar', 'system', 'setting', 'routingModel', 'body', 'import')
    OR (e.entity_type = 'matter' AND EXISTS (SELECT 1 FROM matters WHERE matters.id = ${uuidOf} AND ${matterScope(p)}))
    OR (e.entity_type = 'petition' AND EXISTS (SELECT 1 FROM petition_matters pm JOIN matters ON matters.id = pm.matter_id WHERE pm.petition_id = ${uuidOf} AND ${matterScope(p)}))
    OR (e.entity_type = 'document' AND EXISTS (SELECT 1 FROM documents d JOIN matters ON matters.id = d.matter_id WHERE d.id = ${uuidOf} AND ${matterScope(p)}))
    OR (e.entity_type = 'petitioner' AND ${uuidOf} IS NOT NULL AND ${petitionerScope(p, uuidOf)})
  )`;
}

export async function searchEvents(db: DbOrTx, viewer: StaffPrincipal, f: EventFilter): Promise<{ items: EventRow[]; nextBefore: number | null }> {
  const conditions: SQL[] = [caseScope(viewer)];
  if (f.entityType) conditions.push(sql`e.entity_type = ${f.entityType}`);
  if (f.entityId) conditions.push(sql`e.entity_id = ${f.entityId}`);
  if (f.actor) conditions.push(sql`e.actor_user_id = (SELECT id FROM users WHERE login = ${f.actor})`);
  if (f.from) conditions.push(sql`e.on_date >= ${f.from}`);
  if (f.to) conditions.push(sql`e.on_date <= ${f.to}`);
  if (f.type) conditions.push(f.type.endsWith('.') ? sql`starts_with(e.type, ${f.type})` : sql`e.type = ${f.type}`);
  if (f.before !== undefined) conditions.push(sql`e.id < ${f.before}`);
  const rows = await queryRows<{
    id: string | number;
    entity_type: string;
    entity_id: string;
    seq: number;
    type: string;
    on_date: string;
    occurred_at: string | Date;
    actor_user_id: string | null;
    login: string | null;
    display_name: string | null;
    body_name: string | null;
    payload: unknown;
    hash: string;
  }>(
    db,
    sql`SELECT e.id, e.entity_type, e.entity_id, e.seq, e.type, e.on_date::text AS on_date, e.occurred_at, e.actor_user_id, u.login, u.display_name,
               b.name AS body_name, e.payload, e.hash
        FROM events e
        LEFT JOIN users u ON u.id = e.actor_user_id
        LEFT JOIN bodies b ON b.id = e.actor_body_id
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY e.id DESC
        LIMIT ${f.limit + 1}`,
  );
  const { page, nextBefore } = keysetPage(rows, f.limit);
  return {
    nextBefore,
    items: page.map((r) => ({
      id: Number(r.id),
      entityType: r.entity_type,
      entityId: r.entity_id,
      seq: Number(r.seq),
      type: r.type,
      onDate: r.on_date,
      occurredAt: new Date(r.occurred_at).toISOString(),
      actor: r.actor_user_id ? { id: r.actor_user_id, login: r.login, name: r.display_name, bodyName: r.body_name } : null,
      payload: r.payload,
      hash: r.hash,
    })),
  };
}


/** One page of rows fetched newest first with `limit + 1`, and the id the next page starts before (null: last page). */
export function keysetPage<T extends { id: string | number }>(rows: readonly T[], limit: number): { page: T[]; nextBefore: number | null } {
  const page = rows.slice(0, limit);
  return { page, nextBefore: rows.length > limit ? Number(page[page.length - 1]!.id) : null };
}
