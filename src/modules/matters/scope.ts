import { and, eq, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { matters, petitioners } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import { notFound } from '../../shared/errors';
import type { StaffPrincipal } from '../auth/principal';

/**
 * Which matters a principal may see, as one SQL condition (set-based, so lists and single reads use the same rule):
 * matters in the regions of their bureau (or supervision partition, with the bodies assigned to the office), or
 * matters their body registered, handles or reviews. Everything else does not exist for them.
 */
export function matterScope(p: StaffPrincipal): SQL {
  return or(...scopeTerms(p, matters))!;
}

/** The columns a scope tests: `matters` has them, and so has the read model of counts (`matter_tallies`). */
export interface ScopeColumns {
  regionCode: AnyColumn;
  registeringBodyId: AnyColumn;
  responsibleBodyId: AnyColumn;
  reviewBodyId: AnyColumn;
  reReviewBodyId: AnyColumn;
}

/**
 * The scope's alternatives, each a condition on one column: their OR is the scope. The matter list runs one keyset
 * scan per alternative (each has an index ordered by date) and merges them; the counts test the same terms on the
 * tallies.
 */
export function scopeTerms(p: StaffPrincipal, t: ScopeColumns): SQL[] {
  const terms: SQL[] = [
    eq(t.registeringBodyId, p.scope.bodyId),
    eq(t.responsibleBodyId, p.scope.bodyId),
    eq(t.reviewBodyId, p.scope.bodyId),
    eq(t.reReviewBodyId, p.scope.bodyId),
  ];
  for (const prefix of p.scope.regionPrefixes) terms.push(sql`${t.regionCode} LIKE ${`${prefix}%`}`);
  // A supervision office also watches the bodies of its own level assigned to it (省直, 中直驻晋), wherever their matters are.
  if (p.body.kind === 'supervisionOffice') {
    terms.push(sql`${t.responsibleBodyId} IN (SELECT sb.id FROM bodies sb WHERE sb.supervising_office_id = ${p.scope.bodyId})`);
  }
  return terms;
}

/**
 * Which registry records (信访人) a principal may see: the petitioners of matters in their scope, and those of
 * petitions their own body registered (a desk finds the person it has just registered before dispatch).
 * `petitioner` is the SQL expression of the record's id (default: the `petitioners` table's own).
 */
export function petitionerScope(p: StaffPrincipal, petitioner: SQL = sql`${petitioners.id}`): SQL {
  return or(
    sql`EXISTS (SELECT 1 FROM matter_petitioners mp JOIN matters ON matters.id = mp.matter_id WHERE mp.petitioner_id = ${petitioner} AND ${matterScope(p)})`,
    sql`EXISTS (SELECT 1 FROM petition_petitioners pp JOIN petitions pt ON pt.id = pp.petition_id WHERE pp.petitioner_id = ${petitioner} AND pt.registering_body_id = ${p.scope.bodyId})`,
  )!;
}

/** Fetch-or-throw inside the principal's scope; out of scope and missing are the same NOT_FOUND. */
export async function getMatterInScope(db: DbOrTx, p: StaffPrincipal, id: string, opts: { forUpdate?: boolean } = {}) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('matter', '信访事项');
  const q = db.select().from(matters).where(and(eq(matters.id, id), matterScope(p)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('matter', '信访事项');
  return row;
}
