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
import {
  DEFAULT_FIRST_PETITION_CHECKLIST,
  DEFAULT_SIGN_OFF_CHAIN,
  POSITIONS,
  timeLimitOverrideProblems,
  type SignOffStep,
  type TimeLimitOverrides,
} from '../../domain/lifecycle';
import { DOCUMENT_KINDS, templatesInForce, templatesProblems, type DocumentTemplateOverrides } from '../../domain/documents';
import { DUTY_CHECK_DEFAULTS, dutyCheckConfigProblems, type DutyCheckConfig } from '../../domain/supervision';
import type { AppContext } from '../../context';
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

/** Seed 003's chain by default; a deployment may shorten or lengthen it (each step: key, label, the signer's position). */
function signOffChainProblems(chain: SignOffStep[]): string[] {
  if (!Array.isArray(chain) || chain.length === 0) return ['签批流程至少需要一步'];
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const [i, st] of chain.entries()) {
    if (!st.key?.trim() || !st.labelZh?.trim()) problems.push(`第${i + 1}步须有代码和名称`);
    if (keys.has(st.key)) problems.push(`第${i + 1}步的代码「${st.key}」重复`);
    keys.add(st.key);
    if (!st.position || !(POSITIONS as readonly string[]).includes(st.position)) problems.push(`第${i + 1}步「${st.labelZh}」须写明签批人的职务（承办人、分管领导或主要负责人）`);
  }
  return problems;
}

type ChecklistItem = { key: string; labelZh: string };

function checklistProblems(items: ChecklistItem[]): string[] {
  if (!Array.isArray(items) || items.length === 0) return ['办理清单至少需要一项'];
  const keys = new Set<string>();
  const problems: string[] = [];
  for (const [i, it] of items.entries()) {
    if (!it.key?.trim() || !it.labelZh?.trim()) problems.push(`第${i + 1}项须有代码和名称`);
    if (keys.has(it.key)) problems.push(`第${i + 1}项的代码「${it.key}」重复`);
    keys.add(it.key);
  }
  return problems;
}

/** Edited 文书模板 by kind; the word-reuse check against the history is the templates module's (src/modules/documents/templates.ts). */
function documentTemplateProblems(value: DocumentTemplateOverrides): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return ['文书模板格式不正确'];
  const unknown = Object.keys(value).filter((k) => !(DOCUMENT_KINDS as readonly string[]).includes(k));
  if (unknown.length) return unknown.map((k) => `未知的文书种类「${k}」`);
  return templatesProblems(templatesInForce(value));
}

const DEFS = {
  categoryTree: { default: DEFAULT_CATEGORY_TREE, problems: categoryTreeProblems } satisfies SettingDef<CategoryNode[]>,
  signOffChain: { default: [...DEFAULT_SIGN_OFF_CHAIN] as SignOffStep[], problems: signOffChainProblems } satisfies SettingDef<SignOffStep[]>,
  dutyChecks: { default: DUTY_CHECK_DEFAULTS, problems: dutyCheckConfigProblems } satisfies SettingDef<DutyCheckConfig>,
  firstPetitionChecklist: { default: [...DEFAULT_FIRST_PETITION_CHECKLIST], problems: checklistProblems } satisfies SettingDef<ChecklistItem[]>,
  rejectionReasons: { default: DEFAULT_REJECTION_REASONS, problems: rejectionReasonsProblems } satisfies SettingDef<RejectionReason[]>,
  // The deployment's departures from the national time limits (none by default); src/modules/settings/time-limits.ts.
  timeLimits: { default: {} as TimeLimitOverrides, problems: timeLimitOverrideProblems } satisfies SettingDef<TimeLimitOverrides>,
  // Today's texts by default (domain/documents/templates.ts): nothing changes until an administrator edits a kind.
  documentTemplates: { default: {} as DocumentTemplateOverrides, problems: documentTemplateProblems } satisfies SettingDef<DocumentTemplateOverrides>,
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
