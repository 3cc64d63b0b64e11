import { and, asc, eq, ilike, like, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { bodies, regions, users } from '../../db/schema';
import type { DbOrTx, Tx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import { issuerPrefix } from '../../domain/documents';
import { BODY_KIND_LABELS, bodyPlacementProblems, type BodyPlacement } from '../../domain/org';
import { XinfangError, notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { actorFields } from '../auth/api-tokens';
import type { StaffPrincipal } from '../auth/principal';
import { assertKnownCategories } from '../dispatch/service';
import { assertAbbreviationFree, normalAbbreviation } from './abbreviations';
import type { AdminBody, BodyChanges, NewBody } from './schemas';

/**
 * 机构管理: the administrator's verbs on bodies. Each change runs in one transaction with its event on the body
 * (`body.created`, `body.updated` with each field's before and after, `body.deactivated`, `body.reactivated`).
 * A body is never deleted: matters, events and documents name it for good; an inactive body leaves the pickers.
 */

type BodyRow = typeof bodies.$inferSelect;

function toAdminBody(b: BodyRow, regionName: string | null, activeUsers: number): AdminBody {
  return {
    id: b.id,
    code: b.code,
    name: b.name,
    kind: b.kind,
    kindLabel: BODY_KIND_LABELS[b.kind],
    level: b.level,
    regionCode: b.regionCode,
    regionName,
    parentId: b.parentId,
    competence: b.competence ?? [],
    remit: b.remit,
    abbreviation: b.abbreviation,
    prefix: issuerPrefix(b.name, b.abbreviation),
    active: b.active,
    activeUsers,
  };
}

const activeUsersOf = sql<number>`(SELECT count(*) FROM users u WHERE u.body_id = ${bodies.id} AND NOT u.disabled)`.mapWith(Number);

/** Every body (a province has some thousands), in region order, for the tree; the page filters in the browser. */
export async function listAdminBodies(db: DbOrTx): Promise<AdminBody[]> {
  const rows = await db
    .select({ body: bodies, regionName: regions.name, activeUsers: activeUsersOf })
    .from(bodies)
    .leftJoin(regions, eq(regions.code, bodies.regionCode))
    .orderBy(asc(bodies.regionCode), asc(bodies.code))
    .limit(20_000);
  return rows.map((r) => toAdminBody(r.body, r.regionName, r.activeUsers));
}

async function adminBody(db: DbOrTx, id: string): Promise<AdminBody> {
  const [r] = await db
    .select({ body: bodies, regionName: regions.name, activeUsers: activeUsersOf })
    .from(bodies)
    .leftJoin(regions, eq(regions.code, bodies.regionCode))
    .where(eq(bodies.id, id));
  if (!r) throw notFound('body', '机构');
  return toAdminBody(r.body, r.regionName, r.activeUsers);
}

/** Whether `candidateId` is `bodyId` or lies below it (walking up from the candidate; the tree is shallow). */
async function isBelowOrSelf(tx: DbOrTx, candidateId: string, bodyId: string | null): Promise<boolean> {
  if (!bodyId) return false;
  let current: string | null = candidateId;
  for (let depth = 0; current && depth < 50; depth++) {
    if (current === bodyId) return true;
    const [row]: { parentId: string | null }[] = await tx.select({ parentId: bodies.parentId }).from(bodies).where(eq(bodies.id, current));
    current = row?.parentId ?? null;
  }
  return false;
}

async function checkPlacement(tx: Tx, placement: BodyPlacement, parentId: string | null, bodyId: string | null): Promise<void> {
  const [region] = await tx.select({ level: regions.level }).from(regions).where(eq(regions.code, placement.regionCode));
  let parent = null;
  if (parentId) {
    const [row] = await tx.select({ id: bodies.id, name: bodies.name, regionCode: bodies.regionCode, active: bodies.active }).from(bodies).where(eq(bodies.id, parentId));
    if (!row) throw validation([{ field: 'parentId', messageZh: '上级机构不存在', message: 'unknown parent body' }]);
    parent = { ...row, descendsFromBody: await isBelowOrSelf(tx, row.id, bodyId) };
  }
  const problems = bodyPlacementProblems(placement, region ?? null, parent);
  if (problems.length) throw validation(problems);
}

export async function createBody(ctx: Pick<AppContext, 'db' | 'now'>, actor: StaffPrincipal, input: NewBody): Promise<AdminBody> {
  const abbreviation = normalAbbreviation(input.abbreviation);
  await assertKnownCategories(ctx.db, input.competence);
  const now = ctx.now();
  const id = await ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ name: bodies.name }).from(bodies).where(eq(bodies.code, input.code));
    if (taken) throw validation([{ field: 'code', messageZh: `机构代码「${input.code}」已由${taken.name}使用`, message: 'the code is taken' }]);
    await checkPlacement(tx, input, input.parentId, null);
    await assertAbbreviationFree(tx, abbreviation, null);
    const values = {
      code: input.code,
      name: input.name,
      kind: input.kind,
      level: input.level,
      regionCode: input.regionCode,
      parentId: input.parentId,
      competence: input.competence,
      remit: input.remit?.trim() || null,
      abbreviation,
      active: true,
    };
    const [row] = await tx.insert(bodies).values(values).returning({ id: bodies.id });
    await appendEvents(tx, [
      { entityType: 'body', entityId: row!.id, type: 'body.created', onDate: chinaDateOf(now), occurredAt: now, ...actorFields(actor), payload: { after: values } },
    ]);
    return row!.id;
  });
  return adminBody(ctx.db, id);
}

const EDITABLE = ['name', 'kind', 'parentId', 'competence', 'remit', 'abbreviation'] as const;

/** Changes the fields given; an event lists each changed field's before and after (no event when nothing changed). */
export async function updateBody(ctx: Pick<AppContext, 'db' | 'now'>, actor: StaffPrincipal, id: string, input: BodyChanges): Promise<AdminBody> {
  const next: Partial<Pick<BodyRow, (typeof EDITABLE)[number]>> = { ...input };
  if (input.abbreviation !== undefined) next.abbreviation = normalAbbreviation(input.abbreviation);
  if (input.remit !== undefined) next.remit = input.remit?.trim() || null;
  if (input.competence !== undefined) await assertKnownCategories(ctx.db, input.competence);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(bodies).where(eq(bodies.id, id)).for('update');
    if (!before) throw notFound('body', '机构');
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const field of EDITABLE) {
      const after = next[field];
      if (after === undefined) continue;
      if (JSON.stringify(after) !== JSON.stringify(before[field] ?? (field === 'competence' ? [] : null))) changes[field] = { before: before[field] ?? null, after };
    }
    if (Object.keys(changes).length === 0) return;
    const merged = { ...before, ...next };
    await checkPlacement(tx, merged, merged.parentId, id);
    if ('abbreviation' in changes) await assertAbbreviationFree(tx, merged.abbreviation, id);
    await tx.update(bodies).set(next).where(eq(bodies.id, id));
    await appendEvents(tx, [{ entityType: 'body', entityId: id, type: 'body.updated', onDate: chinaDateOf(now), occurredAt: now, ...actorFields(actor), payload: { changes } }]);
  });
  return adminBody(ctx.db, id);
}

/**
 * Deactivates or reactivates a body. Deactivating is refused while it has active accounts or active bodies under it
 * (their work would lose its place); reactivating is refused under an inactive parent.
 */
export async function setBodyActive(ctx: Pick<AppContext, 'db' | 'now'>, actor: StaffPrincipal, id: string, active: boolean): Promise<AdminBody> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(bodies).where(eq(bodies.id, id)).for('update');
    if (!before) throw notFound('body', '机构');
    if (before.active === active) return;
    if (!active) {
      const [u] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(users).where(and(eq(users.bodyId, id), eq(users.disabled, false)));
      const [c] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(bodies).where(and(eq(bodies.parentId, id), eq(bodies.active, true)));
      if (u!.n > 0 || c!.n > 0) {
        const parts = [u!.n > 0 ? `${u!.n} 个在用账号` : '', c!.n > 0 ? `${c!.n} 个在用下级机构` : ''].filter(Boolean);
        throw new XinfangError('REFUSED', `${before.name}还有${parts.join('和')}，请先停用或调整后再停用本机构`, 'the body still has active users or active child bodies', { users: u!.n, children: c!.n });
      }
    } else if (before.parentId) {
      const [parent] = await tx.select({ name: bodies.name, active: bodies.active }).from(bodies).where(eq(bodies.id, before.parentId));
      if (parent && !parent.active) throw new XinfangError('REFUSED', `上级机构「${parent.name}」已停用，请先启用上级机构`, 'the parent body is inactive');
    }
    await tx.update(bodies).set({ active }).where(eq(bodies.id, id));
    await appendEvents(tx, [
      { entityType: 'body', entityId: id, type: active ? 'body.reactivated' : 'body.deactivated', onDate: chinaDateOf(now), occurredAt: now, ...actorFields(actor), payload: {} },
    ]);
  });
  return adminBody(ctx.db, id);
}

/** Regions for the administrator's picker: the children of one region, or those matching a name or a code's start. */
export async function findRegions(db: DbOrTx, f: { q?: string; parent?: string }) {
  const q = f.q?.trim();
  const conditions = [
    f.parent ? eq(regions.parentCode, f.parent) : undefined,
    q ? (/^\d+$/.test(q) ? like(regions.code, `${q}%`) : or(ilike(regions.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))) : undefined,
    !f.parent && !q ? sql`${regions.parentCode} IS NULL` : undefined,
  ];
  return db
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode })
    .from(regions)
    .where(and(...conditions))
    .orderBy(asc(regions.code))
    .limit(200);
}
