import { eq } from 'drizzle-orm';
import { settings } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import {
  DEFAULT_CATEGORY_TREE,
  DEFAULT_REJECTION_REASONS,
  categoryTreeProblems,
  rejectionReasonsProblems,
  type CategoryNode,
  type RejectionReason,
} from '../../domain/classification';
import type { AppContext } from '../../http/app';
import { validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';

/**
 * Deployment settings a bureau edits at run time. Each has a national default (used until someone saves a value), a
 * validator that answers in Chinese, and an event per change so the configuration's history is in the audit trail.
 */
interface SettingDef<T> {
  default: T;
  problems: (value: T) => string[];
}

const DEFS = {
  categoryTree: { default: DEFAULT_CATEGORY_TREE, problems: categoryTreeProblems } satisfies SettingDef<CategoryNode[]>,
  rejectionReasons: { default: DEFAULT_REJECTION_REASONS, problems: rejectionReasonsProblems } satisfies SettingDef<RejectionReason[]>,
};
export type SettingKey = keyof typeof DEFS;
type ValueOf<K extends SettingKey> = (typeof DEFS)[K]['default'];

export async function getSetting<K extends SettingKey>(db: DbOrTx, key: K): Promise<ValueOf<K>> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return (row?.value as ValueOf<K> | undefined) ?? DEFS[key].default;
}

export async function putSetting<K extends SettingKey>(ctx: AppContext, p: StaffPrincipal, key: K, value: ValueOf<K>): Promise<ValueOf<K>> {
  const problems = (DEFS[key].problems as (v: ValueOf<K>) => string[])(value);
  if (problems.length) {
    throw validation(problems.map((messageZh) => ({ field: key, messageZh, message: `invalid ${key}` })));
  }
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key, value, updatedAt: now, updatedByUserId: p.userId })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now, updatedByUserId: p.userId } });
    await appendEvents(tx, [
      { entityType: 'setting', entityId: key, type: 'setting.changed', onDate: chinaDateOf(now), occurredAt: now, actorUserId: p.userId, actorBodyId: p.body.id, actorRoles: p.roles, payload: { key, value } },
    ]);
  });
  return value;
}
