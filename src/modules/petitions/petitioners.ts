import { and, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { matterPetitioners, petitionPetitioners, petitionerGroupMembers, petitionerGroups, petitioners } from '../../db/schema';
import { queryRows, type DbOrTx, type Tx } from '../../db/tx';
import type { IsoDate } from '../../domain/calendar';
import { normaliseName, parseIdNumber, parsePhone, phoneSearchKey } from '../../domain/identity';
import { XinfangError, notFound } from '../../shared/errors';
import { appendEvents } from '../audit/append';

/**
 * 信访人 registry: one live record per person. A person is recognised by ID number first (one live record per
 * number), then by phone together with the same name; otherwise a new record is made and the clerk can merge it
 * later. Merged records are kept, pointing at the record they were merged into.
 */

export interface PersonInput {
  /** An existing registry record the clerk picked while typing. */
  petitionerId?: string | null;
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
  isRepresentative?: boolean;
}

export interface Person {
  petitionerId: string | null;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  isRepresentative: boolean;
}

export interface FieldProblem {
  field: string;
  messageZh: string;
  message: string;
}

/**
 * Names normalised (traditional → simplified, stray spaces), ID numbers checked (GB 11643), phones normalised.
 * Problems name the petitioner (第1位信访人：…) unless `numbered` is false: a form about one person, the citizen's own.
 */
export function normalisePeople(list: PersonInput[], today: IsoDate, { numbered = true } = {}): { people: Person[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const people = list.map((person, i) => {
    const problem = (field: string, messageZh: string, message: string) =>
      problems.push(numbered ? { field, messageZh: `第${i + 1}位信访人：${messageZh}`, message: `petitioner ${i + 1}: ${message}` } : { field, messageZh, message });
    const name = normaliseName(person.name ?? '');
    if (!name) problem(`petitioners.${i}.name`, '请填写姓名（名称）', 'name is required');
    let idNumber: string | null = null;
    if (person.idNumber && person.idNumber.trim()) {
      const r = parseIdNumber(person.idNumber, today);
      if (r.ok) idNumber = r.id.value;
      else problem(`petitioners.${i}.idNumber`, r.problem.messageZh, r.problem.message);
    }
    let phone: string | null = null;
    if (person.phone && person.phone.trim()) {
      const r = parsePhone(person.phone);
      if (r.ok) phone = r.phone.value;
      else problem(`petitioners.${i}.phone`, r.problem.messageZh, r.problem.message);
    }
    return {
      petitionerId: person.petitionerId ?? null,
      name,
      idNumber,
      phone,
      address: person.address?.trim() || null,
      isRepresentative: person.isRepresentative ?? false,
    };
  });
  return { people, problems };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Follows merges to the live record. */
async function liveRecord(tx: DbOrTx, id: string) {
  let current = id;
  for (let hops = 0; hops < 10; hops++) {
    const [row] = await tx.select().from(petitioners).where(eq(petitioners.id, current));
    if (!row) return null;
    if (!row.mergedIntoId) return row;
    current = row.mergedIntoId;
  }
  return null;
}

/**
 * The registry record for a person: the one picked, the live record with the same ID number, the live record with
 * the same phone and name, or a new one. Missing phone and address are filled in from what the clerk recorded now;
 * nothing recorded before is overwritten.
 */
export async function resolvePetitioner(tx: Tx, person: Person, now: Date): Promise<{ id: string; registryName: string }> {
  let existing: typeof petitioners.$inferSelect | null = null;
  if (person.petitionerId) {
    if (!UUID.test(person.petitionerId)) throw notFound('petitioner', '信访人');
    existing = await liveRecord(tx, person.petitionerId);
    if (!existing) throw notFound('petitioner', '信访人');
    if (person.idNumber && existing.idNumber && existing.idNumber !== person.idNumber) {
      throw new XinfangError('VALIDATION', '所选信访人的身份证号与填写的不一致，请核对', 'the chosen petitioner has a different ID number', { field: 'petitioners.idNumber' });
    }
  } else if (person.idNumber) {
    // One statement, so two desks registering the same new person at once end with one record.
    const rows = await tx.execute(sql`
      INSERT INTO petitioners (name, id_number, phone, address, created_at)
      VALUES (${person.name}, ${person.idNumber}, ${person.phone}, ${person.address}, ${now})
      ON CONFLICT (id_number) WHERE id_number IS NOT NULL AND merged_into_id IS NULL
      DO UPDATE SET phone = coalesce(petitioners.phone, excluded.phone), address = coalesce(petitioners.address, excluded.address)
      RETURNING id, name`);
    const row = (rows as unknown as { rows: { id: string; name: string }[] }).rows[0]!;
    return { id: row.id, registryName: row.name };
  } else if (person.phone) {
    const [row] = await tx
      .select()
      .from(petitioners)
      .where(and(eq(petitioners.phone, person.phone), eq(petitioners.name, person.name), isNull(petitioners.mergedIntoId)))
      .limit(1);
    existing = row ?? null;
  }
  if (existing) {
    const fill: Partial<typeof petitioners.$inferInsert> = {};
    if (!existing.phone && person.phone) fill.phone = person.phone;
    if (!existing.address && person.address) fill.address = person.address;
    if (!existing.idNumber && person.idNumber) fill.idNumber = person.idNumber;
    if (Object.keys(fill).length) await tx.update(petitioners).set(fill).where(eq(petitioners.id, existing.id));
    return { id: existing.id, registryName: existing.name };
  }
  const [row] = await tx
    .insert(petitioners)
    .values({ name: person.name, idNumber: person.idNumber, phone: person.phone, address: person.address, createdAt: now })
    .returning({ id: petitioners.id });
  return { id: row!.id, registryName: person.name };
}

export interface PetitionerHit {
  id: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  matterCount: number;
  lastPetitionOn: string | null;
}

/**
 * Find-as-you-type: a full ID number, the last four of an ID number or phone together with a name, a phone number
 * (or its start; a landline with or without its dash, or its local number alone), or the start of a name. Live
 * records only; most recently active first.
 */
export async function searchPetitioners(db: DbOrTx, q: string, scope: SQL, limit = 10): Promise<PetitionerHit[]> {
  const text = normaliseName(q);
  if (!text) return [];
  const conditions = [];
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{17}[\dX]$/.test(compact)) conditions.push(eq(petitioners.idNumber, compact));
  // Phones are stored normalised (mobiles as 11 digits, landlines as "0351-7654321"): the query is put in that form.
  const phone = phoneSearchKey(q);
  if (phone) {
    conditions.push(sql`${petitioners.phone} LIKE ${`${phone.prefix}%`}`);
    if (phone.localNumber) conditions.push(sql`${petitioners.phone} LIKE ${`%-${phone.localNumber}`}`);
  }
  if (/^\d{3}[\dX]$/.test(compact)) conditions.push(sql`${petitioners.idNumber} LIKE ${`%${compact}`}`);
  if (!/^\d/.test(compact) && !phone) conditions.push(sql`${petitioners.name} LIKE ${`${text.replace(/[%_\\]/g, '\\$&')}%`}`);
  if (conditions.length === 0) return [];
  const rows = await db
    .select({
      id: petitioners.id,
      name: petitioners.name,
      idNumber: petitioners.idNumber,
      phone: petitioners.phone,
      address: petitioners.address,
      matterCount: sql<number>`(SELECT count(*)::int FROM ${matterPetitioners} mp WHERE mp.petitioner_id = ${petitioners.id})`,
      lastPetitionOn: sql<string | null>`(SELECT max(p.received_on)::text FROM petition_petitioners pp JOIN petitions p ON p.id = pp.petition_id WHERE pp.petitioner_id = ${petitioners.id})`,
    })
    .from(petitioners)
    .where(and(isNull(petitioners.mergedIntoId), or(...conditions), scope))
    .orderBy(sql`2`)
    .limit(limit * 3);
  return rows
    .map((r) => ({ ...r, matterCount: Number(r.matterCount) }))
    .sort((a, b) => (b.lastPetitionOn ?? '').localeCompare(a.lastPetitionOn ?? '') || a.name.localeCompare(b.name))
    .slice(0, limit);
}

/** The stored ID numbers and phones of records picked on a form (where they show masked), by id. */
export async function storedIdentities(db: DbOrTx, ids: string[]): Promise<Map<string, { id: string; idNumber: string | null; phone: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: petitioners.id, idNumber: petitioners.idNumber, phone: petitioners.phone }).from(petitioners).where(inArray(petitioners.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** A registry record within `scope` (`petitionerScope`), or null: out of scope and missing read the same. */
export async function petitionerInScope(db: DbOrTx, id: string, scope: SQL) {
  if (!UUID.test(id)) return null;
  const [row] = await db.select().from(petitioners).where(and(eq(petitioners.id, id), scope));
  return row ?? null;
}

/** The records merged into this one, directly or through others merged into them. */
export async function mergedInto(db: DbOrTx, id: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, sql`
    WITH RECURSIVE m(id) AS (
      SELECT id FROM petitioners WHERE merged_into_id = ${id}
      UNION SELECT p.id FROM petitioners p JOIN m ON p.merged_into_id = m.id)
    SELECT id FROM m`);
  return rows.map((r) => r.id);
}

/** Groups by name (a substring; all without one), with their member counts; 50 at most. */
export async function listGroups(db: DbOrTx, q?: string) {
  const rows = await db
    .select({ id: petitionerGroups.id, name: petitionerGroups.name, regionCode: petitionerGroups.regionCode, memberCount: sql<number>`count(${petitionerGroupMembers.petitionerId})::int` })
    .from(petitionerGroups)
    .leftJoin(petitionerGroupMembers, eq(petitionerGroupMembers.groupId, petitionerGroups.id))
    .where(q ? ilike(petitionerGroups.name, `%${q.replace(/[%_\\]/g, '\\$&')}%`) : undefined)
    .groupBy(petitionerGroups.id)
    .orderBy(petitionerGroups.name)
    .limit(50);
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
}

/**
 * What in two registry records says they are not one person: different ID numbers, or different names. A merge moves
 * one record's petitions (and with them who may read its personal data) to the other, so only records that agree on
 * who they are may be merged. Different phones do not contradict: a person changes numbers or has several, and a
 * record without an ID number under a new phone is exactly the one the registry could not recognise by itself (the
 * survivor keeps its phone; the merged record keeps its own).
 */
export function mergeContradictions(a: { name: string; idNumber: string | null }, b: typeof a): { field: 'idNumber' | 'name'; messageZh: string; message: string }[] {
  const out: { field: 'idNumber' | 'name'; messageZh: string; message: string }[] = [];
  if (a.idNumber && b.idNumber && a.idNumber !== b.idNumber) out.push({ field: 'idNumber', messageZh: '身份证号不同', message: 'different ID numbers' });
  if (normaliseName(a.name) !== normaliseName(b.name)) out.push({ field: 'name', messageZh: `姓名不同（${a.name}、${b.name}）`, message: 'different names' });
  return out;
}

/**
 * Merges `mergedId` into `survivorId` (two records of one person): the survivor takes over the petitions, matters and
 * groups; the merged record stays, pointing at the survivor. Both records must lie in the caller's `scope`
 * (`petitionerScope`: out of scope reads as not found) and must not contradict each other (`mergeContradictions`).
 */
export async function mergePetitioners(tx: Tx, survivorId: string, mergedId: string, actor: { userId: string; bodyId: string; roles: string[] }, now: Date, onDate: IsoDate, scope: SQL) {
  if (!UUID.test(survivorId) || !UUID.test(mergedId)) throw notFound('petitioner', '信访人');
  if (survivorId === mergedId) throw new XinfangError('VALIDATION', '不能把信访人合并到自身', 'cannot merge a petitioner into itself');
  const rows = await tx.select().from(petitioners).where(and(inArray(petitioners.id, [survivorId, mergedId]), scope)).for('update');
  const survivor = rows.find((r) => r.id === survivorId);
  const merged = rows.find((r) => r.id === mergedId);
  if (!survivor || !merged) throw notFound('petitioner', '信访人');
  if (survivor.mergedIntoId || merged.mergedIntoId) throw new XinfangError('CONFLICT', '该信访人记录已被合并', 'one of the records was already merged');
  const contradictions = mergeContradictions(survivor, merged);
  if (contradictions.length) {
    throw new XinfangError(
      'REFUSED',
      `两条记录${contradictions.map((c) => c.messageZh).join('、')}，不能认定为同一人，不能合并；如确属同一人，请先更正登记信息`,
      `the two records contradict each other (${contradictions.map((c) => c.message).join(', ')})`,
      { reason: contradictions[0]!.field === 'idNumber' ? 'DIFFERENT_ID_NUMBERS' : 'CONTRADICTING_RECORDS', fields: contradictions.map((c) => c.field) },
    );
  }
  const moved = async (table: typeof petitionPetitioners | typeof matterPetitioners | typeof petitionerGroupMembers, key: 'petitionId' | 'matterId' | 'groupId') => {
    // Rows the survivor already has are dropped for the merged record; the rest are re-pointed.
    const col = (table as unknown as Record<string, unknown>)[key] as typeof petitionPetitioners.petitionId;
    const mine = await tx.select({ k: col }).from(table).where(eq(table.petitionerId, mergedId));
    const theirs = new Set((await tx.select({ k: col }).from(table).where(eq(table.petitionerId, survivorId))).map((r) => r.k));
    for (const { k } of mine) {
      if (theirs.has(k)) await tx.delete(table).where(and(eq(table.petitionerId, mergedId), eq(col, k)));
      else await tx.update(table).set({ petitionerId: survivorId }).where(and(eq(table.petitionerId, mergedId), eq(col, k)));
    }
    return mine.map((r) => r.k);
  };
  const petitionIds = await moved(petitionPetitioners, 'petitionId');
  const matterIds = await moved(matterPetitioners, 'matterId');
  const groupIds = await moved(petitionerGroupMembers, 'groupId');
  // The merged record's ID number moves to the survivor only after the merged record stops being live.
  await tx.update(petitioners).set({ mergedIntoId: survivorId }).where(eq(petitioners.id, mergedId));
  const fill: Partial<typeof petitioners.$inferInsert> = {};
  if (!survivor.idNumber && merged.idNumber) fill.idNumber = merged.idNumber;
  if (!survivor.phone && merged.phone) fill.phone = merged.phone;
  if (!survivor.address && merged.address) fill.address = merged.address;
  if (Object.keys(fill).length) await tx.update(petitioners).set(fill).where(eq(petitioners.id, survivorId));
  const base = { onDate, occurredAt: now, actorUserId: actor.userId, actorBodyId: actor.bodyId, actorRoles: actor.roles };
  await appendEvents(tx, [
    { ...base, entityType: 'petitioner', entityId: survivorId, type: 'petitionerMergedIn', payload: { mergedId, petitionIds, matterIds, groupIds, filled: Object.keys(fill) } },
    { ...base, entityType: 'petitioner', entityId: mergedId, type: 'petitionerMergedInto', payload: { survivorId } },
  ]);
  return { survivorId, petitionIds, matterIds, groupIds };
}

export async function createGroup(tx: Tx, input: { name: string; regionCode?: string | null; note?: string | null; memberIds: string[] }, actor: { userId: string; bodyId: string; roles: string[] }, now: Date, onDate: IsoDate) {
  const [group] = await tx
    .insert(petitionerGroups)
    .values({ name: input.name.trim(), regionCode: input.regionCode ?? null, note: input.note ?? null, createdAt: now })
    .returning();
  await addGroupMembers(tx, group!.id, input.memberIds);
  await appendEvents(tx, [
    { entityType: 'group', entityId: group!.id, type: 'groupCreated', onDate, occurredAt: now, actorUserId: actor.userId, actorBodyId: actor.bodyId, actorRoles: actor.roles, payload: { name: group!.name, memberIds: input.memberIds } },
  ]);
  return group!;
}

export async function addGroupMembers(tx: Tx, groupId: string, petitionerIds: string[]) {
  if (petitionerIds.length === 0) return;
  const live = await tx.select({ id: petitioners.id }).from(petitioners).where(and(inArray(petitioners.id, petitionerIds.filter((id) => UUID.test(id))), isNull(petitioners.mergedIntoId)));
  if (live.length !== new Set(petitionerIds).size) throw notFound('petitioner', '信访人');
  await tx
    .insert(petitionerGroupMembers)
    .values(live.map((r) => ({ groupId, petitionerId: r.id })))
    .onConflictDoNothing();
}
