import type { SQL } from 'drizzle-orm';
import type { Db } from './client';

/** A transaction handle; every verb that changes data receives one. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** Rows of a raw SQL query; both drivers (node-postgres and PGlite) return them as `rows`. */
export async function queryRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
