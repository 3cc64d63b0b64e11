import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { DbOrTx } from '../../db/tx';
import { bodies } from '../../db/schema';
import { chinaDateOf } from '../../domain/calendar';
import { abbreviationProblem, issuerPrefix } from '../../domain/documents';
import { notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { actorFields } from '../auth/api-tokens';
import type { StaffPrincipal } from '../auth/principal';

/** The 代字 as stored (trimmed; blank is none), refused unless it is 1–8 Chinese characters. */
export function normalAbbreviation(abbreviation: string | null | undefined): string | null {
  const value = abbreviation?.trim() || null;
  const problem = value === null ? null : abbreviationProblem(value);
  if (problem) throw validation([{ field: 'abbreviation', messageZh: problem, message: 'an abbreviation is 1–8 Chinese characters' }]);
  return value;
}

/** Two bodies with one 代字 would issue documents under the same numbers: refused when another body holds it. */
export async function assertAbbreviationFree(tx: DbOrTx, value: string | null, bodyId: string | null): Promise<void> {
  if (value === null) return;
  const [holder] = await tx
    .select({ name: bodies.name })
    .from(bodies)
    .where(and(eq(bodies.abbreviation, value), bodyId ? ne(bodies.id, bodyId) : undefined))
    .limit(1);
  if (holder) throw validation([{ field: 'abbreviation', messageZh: `机关代字「${value}」已由${holder.name}使用`, message: 'the abbreviation is taken by another body' }]);
}

/**
 * Set (or, with null, clear) a body's 机关代字: the prefix of the document numbers it issues. Refused when another
 * body holds it, because two bodies with one 代字 would issue documents under the same numbers.
 */
export async function setBodyAbbreviation(db: Db, actor: StaffPrincipal, input: { bodyId: string; abbreviation: string | null }, now: Date) {
  const value = normalAbbreviation(input.abbreviation);
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ name: bodies.name, abbreviation: bodies.abbreviation }).from(bodies).where(eq(bodies.id, input.bodyId));
    if (!before) throw notFound('body', '单位');
    await assertAbbreviationFree(tx, value, input.bodyId);
    await tx.update(bodies).set({ abbreviation: value }).where(eq(bodies.id, input.bodyId));
    await appendEvents(tx, [
      {
        entityType: 'body',
        entityId: input.bodyId,
        type: 'body.abbreviationChanged',
        onDate: chinaDateOf(now),
        occurredAt: now,
        ...actorFields(actor),
        payload: { before: before.abbreviation, after: value },
      },
    ]);
    return { id: input.bodyId, name: before.name, abbreviation: value, prefix: issuerPrefix(before.name, value) };
  });
}
