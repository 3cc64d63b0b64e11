import { randomBytes, createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { bodies, counters, matters, petitionEntityKeys as petitionEntityKeysTable, petitionMatters, petitionPetitioners, petitions, regions } from '../../db/schema';
import type { DbOrTx, Tx } from '../../db/tx';
import { chinaDateOf, type IsoDate } from '../../domain/calendar';
import { intakeProblems, isAssignedByHigherLevel, isCollective, peopleCountOf, withCallerNumber } from '../../domain/intake';
import type { Actor, Channel, ReceptionKind, Role } from '../../domain/lifecycle';
import { isBureauFamily, regionAncestors, regionLevelOf } from '../../domain/org';
import { contentSignature, petitionEntityKeys } from '../../domain/screening';
import { petitionKeywords } from '../screening/keywords';
import { writePetitionBands } from '../screening/bands';
import type { AppContext } from '../../context';
import { XinfangError, notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { linkAttachments, type Linker } from '../attachments/service';
import { enqueuePetitionRegistered } from '../notifications/enqueue';
import type { StaffPrincipal } from '../auth/principal';
import { actingBodyId, actorOf, addMatterPetitioners, applyCommand, createMatter, formatNumber } from '../matters/service';
import { draftFromInput, screenDraft, type RawDraft, type ScreeningResult } from '../screening/service';
import { maskIdNumber, maskPhone } from '../../domain/identity';
import { petitionerScope } from '../matters/scope';
import { createGroup, mergedInto, mergePetitioners, normalisePeople, petitionerInScope, resolvePetitioner, searchPetitioners, storedIdentities, type PersonInput } from './petitioners';
import { receivedInstant } from './time';

/**
 * Registration (登记): one petition, kept whatever it turns out to be (信访必登), carrying one or more demands. Each
 * demand becomes a new matter, or is linked to an existing matter as a repeat petition (重复件) or as a further
 * petitioner joining a collective matter; the clerk decides, after duplicate screening shows the candidates.
 */

/** Who registers: a clerk at a desk, the citizen portal, or the legacy importer (both act as 'system'). */
export type Registrar =
  | { kind: 'staff'; principal: StaffPrincipal }
  | { kind: 'portal'; bodyId: string }
  | { kind: 'import'; bodyId: string };

export interface DemandInput {
  title: string;
  content: string;
  respondent?: string | null;
  place?: string | null;
  category?: string | null;
  /**
   * Absent: a new matter. Otherwise the clerk's decision after screening; on a terminated matter the reception given
   * (Art. 37 ¶3) may be recorded with it.
   */
  linkTo?: { matterId: string; relation: 'repeat' | 'joined'; reception?: { kind: ReceptionKind; note?: string } } | null;
}

export interface PetitionInput {
  channel: Channel;
  /** When it arrived: a date-time, or a date (then 00:00 China time). */
  receivedAt: string;
  regionCode: string;
  title: string;
  content: string;
  respondent?: string | null;
  place?: string | null;
  category?: string | null;
  details?: Record<string, unknown>;
  oral?: boolean;
  petitioners: PersonInput[];
  groupId?: string | null;
  attachmentIds?: string[];
  /** Portal uploads: the upload token returned with each attachment id proves the citizen uploaded it. */
  attachmentTokens?: Record<string, string>;
  /** 分诉求登记: several demands, each its own matter. Absent: the petition is one demand. */
  demands?: DemandInput[];
  externalId?: string | null;
}

export interface RegisteredPetition {
  petitionId: string;
  number: string;
  matters: { matterId: string; number: string; relation: 'origin' | 'repeat' | 'joined'; refusedAgain: boolean }[];
  /** Shown once to the portal citizen; never stored in clear. */
  queryCode: string | null;
  screening: ScreeningResult;
}



function actorFor(registrar: Registrar): Actor {
  if (registrar.kind === 'staff') return actorOf(registrar.principal);
  return { userId: registrar.kind, bodyId: registrar.bodyId, roles: ['system'] as Role[] };
}

/** The petition bureau that registers for a region: the nearest bureau at or above it (county, else city, else province). */
export async function bureauForRegion(db: DbOrTx, regionCode: string): Promise<{ id: string; level: string } | null> {
  const codes = bureauRegionsOf(regionCode);
  const rows = await db
    .select({ id: bodies.id, level: bodies.level, regionCode: bodies.regionCode })
    .from(bodies)
    .where(and(eq(bodies.kind, 'petitionBureau'), inArray(bodies.regionCode, codes), eq(bodies.active, true)));
  return nearestBureau(regionCode, rows);
}

/** The regions whose bureau may register a petition of `regionCode`: its county (a town's) and the county's ancestors. */
function bureauRegionsOf(regionCode: string): string[] {
  const county = regionLevelOf(regionCode) === 'town' ? regionCode.slice(0, 6) : regionCode;
  return [county, ...regionAncestors(county)];
}

/** The nearest of the given active bureaus at or above the region (the importer passes them all, loaded once). */
export function nearestBureau<B extends { regionCode: string }>(regionCode: string, bureaus: readonly B[]): B | null {
  const codes = new Set(bureauRegionsOf(regionCode));
  const rows = bureaus.filter((b) => codes.has(b.regionCode));
  rows.sort((a, b) => b.regionCode.replace(/0+$/, '').length - a.regionCode.replace(/0+$/, '').length);
  return rows[0] ?? null;
}

/** Every active petition bureau, for `nearestBureau`. */
export async function activeBureaus(db: DbOrTx): Promise<{ id: string; regionCode: string }[]> {
  return db
    .select({ id: bodies.id, regionCode: bodies.regionCode })
    .from(bodies)
    .where(and(eq(bodies.kind, 'petitionBureau'), eq(bodies.active, true)));
}

async function nextPetitionNumber(tx: Tx, regionCode: string, year: number): Promise<string> {
  const key = `petition:${regionCode.slice(0, 6)}:${year}`;
  const [row] = await tx
    .insert(counters)
    .values({ key, value: 1 })
    .onConflictDoUpdate({ target: counters.key, set: { value: sql`${counters.value} + 1` } })
    .returning({ value: counters.value });
  return formatNumber('XJ', regionCode, year, row!.value);
}

/** An unguessable query code for the portal (Crockford base32, 16 characters = 80 bits), and its stored hash. */
export function newQueryCode(): { code: string; hash: string } {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(16);
  let code = '';
  for (const b of bytes) code += alphabet[b & 31];
  return { code, hash: queryCodeHash(code) };
}

export function queryCodeHash(code: string): string {
  return createHash('sha256').update(code.trim().toUpperCase().replace(/[\s-]/g, '')).digest('hex');
}

/** Checks the input and resolves who registers it; throws VALIDATION with every problem at once. */
async function prepare(ctx: AppContext, registrar: Registrar, input: PetitionInput) {
  const now = ctx.now();
  const today = chinaDateOf(now);
  const at = receivedInstant(input.receivedAt);
  const receivedOn: IsoDate = at ? chinaDateOf(at) : (input.receivedAt as IsoDate);
  const details = input.details ?? {};
  // The portal's form is about one person, the citizen filling it in: its problems do not number the petitioner.
  const { people, problems } = normalisePeople(withCallerNumber(input.channel, details, input.petitioners), today, { numbered: registrar.kind !== 'portal' });
  const all = [
    ...(at ? [] : [{ field: 'receivedAt', messageZh: `收到时间无效：${input.receivedAt}`, message: 'receivedAt is not a date or date-time' }]),
    ...intakeProblems({
      channel: input.channel,
      receivedOn,
      today,
      details,
      petitioners: people.map((p) => ({ name: p.name, isRepresentative: p.isRepresentative })),
      oral: input.oral ?? false,
    }).filter((p) => at || p.field !== 'receivedOn'),
    ...problems,
  ];
  const [region] = regionLevelOf(input.regionCode) ? await ctx.db.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode)) : [];
  if (!region) all.push({ field: 'regionCode', messageZh: `行政区划代码不存在：${input.regionCode}`, message: `unknown region code: ${input.regionCode}` });
  const demands: DemandInput[] = input.demands?.length
    ? input.demands
    : [{ title: input.title, content: input.content, respondent: input.respondent, place: input.place, category: input.category }];
  const split = Boolean(input.demands?.length);
  demands.forEach((d, i) => {
    // Without a split the petition is its own demand: name its fields, not a demand the clerk never saw.
    const field = (f: string) => (split ? `demands.${i}.${f}` : f);
    const what = split ? `第${i + 1}项诉求` : '';
    if (!d.title?.trim()) all.push({ field: field('title'), messageZh: `${what}请填写标题`, message: `${split ? `demand ${i + 1}: ` : ''}title is required` });
    if (!d.content?.trim()) all.push({ field: field('content'), messageZh: `${what}请填写信访内容`, message: `${split ? `demand ${i + 1}: ` : ''}content is required` });
  });
  // A petition split into several demands still keeps its own text: the letter or call as received, shown on the
  // petition page and screened for duplicates; each demand's text is what its matter is handled on. (One demand
  // alone is the form's repeat or joined registration, which sends the petition's own text as that demand.)
  const severalDemands = demands.length > 1;
  if (severalDemands && !input.title?.trim()) all.push({ field: 'title', messageZh: '请填写信访件标题（概要）', message: 'the petition title is required (a split petition keeps its own title)' });
  if (severalDemands && !input.content?.trim()) all.push({ field: 'content', messageZh: '请填写信访件内容（全文）', message: 'the petition content is required (a split petition keeps the text as received)' });
  const linked = demands.flatMap((d) => (d.linkTo ? [d.linkTo.matterId] : []));
  if (new Set(linked).size !== linked.length) all.push({ field: 'demands', messageZh: '同一信访事项不能被两项诉求同时关联', message: 'two demands link the same matter' });
  if (all.length) throw validation(all);

  let registeringBodyId: string;
  let registeredByBureau: boolean;
  if (registrar.kind === 'staff') {
    registeringBodyId = actingBodyId(registrar.principal);
    registeredByBureau = isBureauFamily(registrar.principal.body.kind);
  } else {
    registeringBodyId = registrar.bodyId;
    registeredByBureau = true;
  }
  const [body] = await ctx.db.select({ level: bodies.level }).from(bodies).where(eq(bodies.id, registeringBodyId));
  if (!body) throw notFound('body', '登记机关');
  return { now, today, at: at!, receivedOn, people, details, demands, registeringBodyId, registeredByBureau, registeringLevel: body.level };
}

/**
 * Registers a petition. Screening runs first (outside the transaction: it only reads) and its result is recorded
 * with the petition, so the audit trail shows what the clerk saw when deciding.
 */
export interface RegisterOptions {
  /**
   * Further facts of the petition to record in the same transaction (e.g. the portal's IP and contact digest), as
   * events on the petition after `petitionRegistered`.
   */
  alsoRecord?: (registered: { petitionId: string; queryCode: string | null }) => { type: string; payload: Record<string, unknown> }[];
  /**
   * Checks that must still hold when the registration commits, run first in its transaction (the portal's limits per
   * ID number, under a lock of its own); throwing refuses the registration and keeps nothing.
   */
  beforeWrite?: (tx: Tx) => Promise<void>;
}

export async function registerPetition(ctx: AppContext, registrar: Registrar, input: PetitionInput, options: RegisterOptions = {}): Promise<RegisteredPetition> {
  const p = await prepare(ctx, registrar, input);
  const actor = actorFor(registrar);
  const screening = await screenDraft(ctx.db, {
    channel: input.channel,
    receivedOn: p.receivedOn,
    regionCode: input.regionCode,
    title: input.title,
    content: input.content,
    respondent: input.respondent ?? null,
    place: input.place ?? null,
    category: input.category ?? null,
    petitioners: p.people.map((x) => ({ name: x.name, idNumber: x.idNumber, phone: x.phone })),
  }, { registeringLevel: p.registeringLevel as 'province' | 'city' | 'county' | 'town', limit: 5 });
  const collective = isCollective(input.channel, p.details, p.people.length);
  // A demand registered as new although a likely repeat was flagged keeps the flag, for the acceptance office: it
  // may be a level-skipping petition (Art. 19 ¶3) or one on a terminated matter (Art. 36 ¶3).
  const newMatterFlags = [...new Set(screening.candidates.filter((c) => c.likelyRepeat).flatMap((c) => c.flags.map((f) => f.code)))];
  // The best-ranked matter in hand below (越级访): the new matter carries it as its level-skipping finding, the only
  // ground on which it may be refused as level-skipping, and the notice names it and its body (Art. 19 ¶3).
  const inHand = screening.candidates.find((c) => c.likelyRepeat && c.flags.some((f) => f.code === 'levelSkipping')) ?? null;
  const query = registrar.kind === 'portal' ? newQueryCode() : null;

  const { bands } = contentSignature({ title: input.title, content: input.content, respondent: input.respondent ?? null, place: input.place ?? null, category: input.category ?? null, keywords: [] });
  const result = await ctx.db.transaction(async (tx) => {
    await options.beforeWrite?.(tx);
    const number = await nextPetitionNumber(tx, input.regionCode, Number(p.receivedOn.slice(0, 4)));
    const [petition] = await tx
      .insert(petitions)
      .values({
        number,
        externalId: input.externalId ?? null,
        channel: input.channel,
        receivedAt: p.at,
        receivedOn: p.receivedOn,
        regionCode: input.regionCode,
        registeringBodyId: p.registeringBodyId,
        registeredByUserId: registrar.kind === 'staff' ? registrar.principal.userId : null,
        source: registrar.kind === 'staff' ? 'desk' : registrar.kind,
        title: input.title.trim(),
        content: input.content.trim(),
        respondent: input.respondent?.trim() || null,
        place: input.place?.trim() || null,
        collective,
        peopleCount: peopleCountOf(input.channel, p.details, p.people.length),
        details: { ...p.details, ...(input.oral ? { oral: true } : {}) },
        lshBands: bands,
        keywords: petitionKeywords(input.title.trim(), input.content.trim()),
        queryCodeHash: query?.hash ?? null,
        groupId: input.groupId ?? null,
        createdAt: p.now,
      })
      .returning();
    const petitionId = petition!.id;
    await writePetitionBands(tx, petitionId, bands);

    const parties: { petitionerId: string; isRepresentative: boolean; nameAsGiven: string }[] = [];
    for (const [i, person] of p.people.entries()) {
      const { id: petitionerId, registryName } = await resolvePetitioner(tx, person, p.now);
      // At the desk a known ID number under another name is usually a typing error: the clerk checks before saving.
      // The portal and the importer keep what the petitioner or the archive wrote (nameAsGiven) and register it.
      if (registrar.kind === 'staff' && person.idNumber && !person.petitionerId && registryName !== person.name) {
        throw validation([
          {
            field: `petitioners.${i}.idNumber`,
            messageZh: `第${i + 1}位信访人：该身份证号已登记为「${registryName}」，与填写的姓名「${person.name}」不一致，请核对`,
            message: `petitioner ${i + 1}: this ID number is registered under another name`,
          },
        ]);
      }
      if (!parties.some((x) => x.petitionerId === petitionerId)) parties.push({ petitionerId, isRepresentative: person.isRepresentative, nameAsGiven: person.name });
    }
    await tx.insert(petitionPetitioners).values(parties.map((x) => ({ petitionId, ...x })));
    const entityKeys = petitionEntityKeys({ title: input.title, content: input.content, respondent: input.respondent ?? null, regionCode: input.regionCode, petitionerNames: p.people.map((x) => x.name) });
    if (entityKeys.length) await tx.insert(petitionEntityKeysTable).values(entityKeys.map((key) => ({ key, petitionId })));

    if (input.attachmentIds?.length) {
      if (registrar.kind === 'import') throw new XinfangError('VALIDATION', '导入不支持附件', 'imports carry no attachments');
      const linker: Linker = registrar.kind === 'staff' ? { via: 'staff', principal: registrar.principal } : { via: 'portal', uploadTokens: input.attachmentTokens ?? {} };
      await linkAttachments(tx, petitionId, input.attachmentIds, linker, p.now);
    }

    const [handling] = inHand
      ? await tx.select({ bodyId: matters.responsibleBodyId }).from(matters).where(eq(matters.id, inHand.matterId))
      : [];
    const levelSkipping = inHand && handling?.bodyId ? { matterId: inHand.matterId, matterNumber: inHand.number, bodyId: handling.bodyId } : undefined;

    const linkedMatters: RegisteredPetition['matters'] = [];
    for (const demand of p.demands) {
      if (!demand.linkTo) {
        const matter = await createMatter(
          tx,
          ctx,
          actor,
          {
            facts: {
              channel: input.channel,
              receivedOn: p.receivedOn,
              registeringBodyId: p.registeringBodyId,
              registeredByBureau: p.registeredByBureau,
              regionCode: input.regionCode,
              firstPetition: true,
              referredByHigherLevel: input.channel === 'referral',
              assignedByHigherLevel: isAssignedByHigherLevel(input.channel, p.details),
              collective,
            },
            title: demand.title.trim(),
            content: demand.content.trim(),
            respondent: demand.respondent?.trim() || null,
            place: demand.place?.trim() || null,
            category: demand.category ?? null,
            flags: newMatterFlags,
            ...(levelSkipping ? { levelSkipping } : {}),
          },
          p.now,
          p.today,
        );
        await tx.insert(petitionMatters).values({ petitionId, matterId: matter.id, relation: 'origin', createdAt: p.now });
        await addMatterPetitioners(tx, matter.id, parties);
        linkedMatters.push({ matterId: matter.id, number: matter.number, relation: 'origin', refusedAgain: false });
        continue;
      }
      const { matterId, relation } = demand.linkTo;
      if (!/^[0-9a-f-]{36}$/i.test(matterId)) throw notFound('matter', '信访事项');
      const [row] = await tx.select().from(matters).where(eq(matters.id, matterId)).for('update');
      if (!row) throw notFound('matter', '信访事项');
      const { next } = await applyCommand(
        tx,
        ctx,
        row,
        { type: relation === 'repeat' ? 'recordRepeatPetition' : 'joinPetition', on: p.today, petitionId, receivedOn: p.receivedOn },
        actor,
        p.now,
      );
      await tx.insert(petitionMatters).values({ petitionId, matterId, relation, createdAt: p.now });
      await addMatterPetitioners(tx, matterId, parties);
      linkedMatters.push({ matterId, number: row.number, relation, refusedAgain: next.status === 'terminated' });
      // Art. 37 ¶3: not accepted again, but received; the engine refuses a reception on a matter not terminated.
      if (demand.linkTo.reception) {
        const [after] = await tx.select().from(matters).where(eq(matters.id, matterId));
        await applyCommand(tx, ctx, after!, { type: 'recordReception', on: p.today, kind: demand.linkTo.reception.kind, ...(demand.linkTo.reception.note ? { note: demand.linkTo.reception.note } : {}) }, actor, p.now);
      }
    }

    await appendEvents(tx, [
      {
        entityType: 'petition',
        entityId: petitionId,
        type: 'petitionRegistered',
        onDate: p.today,
        occurredAt: p.now,
        actorUserId: registrar.kind === 'staff' ? registrar.principal.userId : null,
        actorBodyId: p.registeringBodyId,
        actorRoles: actor.roles,
        payload: {
          number,
          channel: input.channel,
          source: petition!.source,
          externalId: input.externalId ?? null,
          matters: linkedMatters.map(({ matterId, relation }) => ({ matterId, relation })),
          petitionerIds: parties.map((x) => x.petitionerId),
          attachmentIds: input.attachmentIds ?? [],
          screening: {
            decision: screening.decision,
            candidates: screening.candidates.map((c) => ({ matterId: c.matterId, score: c.score, flags: c.flags.map((f) => f.code) })),
          },
        },
      },
      ...(options.alsoRecord?.({ petitionId, queryCode: query?.code ?? null }) ?? []).map((e) => ({
        entityType: 'petition' as const,
        entityId: petitionId,
        type: e.type,
        onDate: p.today,
        occurredAt: p.now,
        actorUserId: registrar.kind === 'staff' ? registrar.principal.userId : null,
        actorBodyId: p.registeringBodyId,
        actorRoles: actor.roles,
        payload: e.payload,
      })),
    ]);
    await enqueuePetitionRegistered(tx, {
      source: registrar.kind,
      petitionId,
      petitionNumber: number,
      registeringBodyId: p.registeringBodyId,
      matters: linkedMatters,
      parties,
      contactPhone: p.people[0]?.phone ?? null,
      queryCode: query?.code ?? null,
      now: p.now,
    });
    return { petitionId, number, matters: linkedMatters };
  });
  return { ...result, queryCode: query?.code ?? null, screening };
}

/*
 * The 信访人 registry at the desk: find, reveal, merge, group. Scope is `petitionerScope`: a record the caller may not
 * see reads as not found.
 */

/** Duplicate screening of a draft as typed; a person picked from the registry screens with the stored identity. */
export async function screenPetitionDraft(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal, draft: RawDraft): Promise<ScreeningResult> {
  const stored = await storedIdentities(ctx.db, draft.petitioners.flatMap((x) => (x.petitionerId ? [x.petitionerId] : [])));
  return screenDraft(ctx.db, draftFromInput(draft, chinaDateOf(ctx.now()), stored), { registeringLevel: p.body.level as 'province' | 'city' | 'county' | 'town' });
}

/** Find-as-you-type over the records in scope, ID numbers and phones masked (addresses are masked at the serializer). */
export async function findPetitioners(ctx: Pick<AppContext, 'db'>, p: StaffPrincipal, q: string, limit: number) {
  const hits = await searchPetitioners(ctx.db, q, petitionerScope(p), limit);
  return hits.map(({ idNumber, phone, ...h }) => ({ ...h, idNumberMasked: maskIdNumber(idNumber), phoneMasked: maskPhone(phone) }));
}

/**
 * The unmasked ID number, phone and address of a record in scope, for a stated purpose. Every read is an access
 * event (`piiViewed`, with the IP), written before the data is returned: no event, no data.
 */
export async function revealPetitionerPii(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal, id: string, request: { purpose: string; ip: string }) {
  const row = await petitionerInScope(ctx.db, id, petitionerScope(p));
  if (!row) throw notFound('petitioner', '信访人');
  // A record that others were merged into may carry their numbers: the event names them, so an auditor asking
  // who read a person's data finds the read whichever record it went through.
  const mergedFrom = await mergedInto(ctx.db, id);
  const now = ctx.now();
  await ctx.db.transaction((tx) =>
    appendEvents(tx, [
      {
        entityType: 'petitioner',
        entityId: id,
        type: 'piiViewed',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorUserId: p.userId,
        actorBodyId: p.body.id,
        actorRoles: p.roles,
        payload: { purpose: request.purpose, fields: ['idNumber', 'phone', 'address'], mergedFrom, ip: request.ip },
      },
    ]),
  );
  return { id: row.id, name: row.name, idNumber: row.idNumber, phone: row.phone, address: row.address };
}

/** Merges `mergedId` into `survivorId`, both in scope (see `mergePetitioners`). */
export async function mergePetitionerRecords(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal, survivorId: string, mergedId: string) {
  const now = ctx.now();
  return ctx.db.transaction((tx) => mergePetitioners(tx, survivorId, mergedId, actorOf(p), now, chinaDateOf(now), petitionerScope(p)));
}

export async function createPetitionerGroup(ctx: Pick<AppContext, 'db' | 'now'>, p: StaffPrincipal, input: Parameters<typeof createGroup>[1]) {
  const now = ctx.now();
  return ctx.db.transaction((tx) => createGroup(tx, input, actorOf(p), now, chinaDateOf(now)));
}
