import { inArray } from 'drizzle-orm';
import { bodies, regions, users } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names for ids, one query per kind for a whole page. Ids that are not database ids ('system', 'import', '') are
 * skipped rather than sent to a uuid column, where PostgreSQL would reject them.
 */
export async function bodyNames(db: DbOrTx, ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id && UUID.test(id)))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: bodies.id, name: bodies.name }).from(bodies).where(inArray(bodies.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function userNames(db: DbOrTx, ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id && UUID.test(id)))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function regionNames(db: DbOrTx, codes: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes)];
  if (!wanted.length) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, wanted));
  return new Map(rows.map((r) => [r.code, r.name]));
}
