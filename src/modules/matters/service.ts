import { and, eq, sql } from 'drizzle-orm';
import { counters, matterClocks, matterPetitioners, matters, petitioners } from '../../db/schema';
import type { Tx } from '../../db/tx';
import { chinaDateOf, type Calendar, type IsoDate } from '../../domain/calendar';
import {
  clockDue,
  clockList,
  decide,
  type Actor,
  type Channel,
  type Command,
  type MatterEvent,
  type MatterState,
  type Refusal,
  type Role,
} from '../../domain/lifecycle';
import { normaliseName, parseIdNumber, parsePhone } from '../../domain/identity';
import { isBureauFamily } from '../../domain/org';
import type { AppContext } from '../../http/app';
import { XinfangError, conflict } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';
import { getMatterInScope } from './scope';

/**
 * The body a staff member acts for. The petition bureau's own offices (registration desk, acceptance office,
 * supervision offices) act in the bureau's name: a matter is registered by 山西省信访局, not by its 登记接待处.
 */
export function actingBodyId(p: StaffPrincipal): string {
  const office = p.body.kind === 'registrationDesk' || p.body.kind === 'acceptanceOffice' || p.body.kind === 'supervisionOffice';
  return office && p.body.parentId ? p.body.parentId : p.body.id;
}

export function actorOf(p: StaffPrincipal): Actor {
  return { userId: p.userId, bodyId: actingBodyId(p), roles: p.roles as Role[] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refusalError(r: Refusal): XinfangError {
  const code = r.code === 'INVALID_TRANSITION' || r.code === 'FORBIDDEN' || r.code === 'VALIDATION' ? r.code : 'REFUSED';
  return new XinfangError(code, r.messageZh, r.message, { reason: r.code, article: r.article ?? null, guard: r.guard ?? null });
}

async function persistEvents(tx: Tx, matterId: string, list: MatterEvent[], now: Date) {
  await appendEvents(
    tx,
    list.map((e) => ({
      entityType: 'matter' as const,
      entityId: matterId,
      type: e.type,
      onDate: e.on,
      occurredAt: now,
      actorUserId: UUID.test(e.actor.userId) ? e.actor.userId : null,
      actorBodyId: UUID.test(e.actor.bodyId) ? e.actor.bodyId : null,
      actorRoles: e.actor.roles,
      payload: e.payload,
      clockEffects: e.clockEffects,
    })),
  );
}

/**
 * The clock rows are a projection of the state's clocks with due dates from the calendar in force; rewritten after
 * every command and when the calendar changes (src/modules/calendar/load-schedule.ts).
 */
export async function writeClocks(tx: Tx, calendar: Calendar, matterId: string, state: MatterState) {
  await tx.delete(matterClocks).where(eq(matterClocks.matterId, matterId));
  const rows = clockList(state.clocks).map((c) => {
    const due = clockDue(c, calendar);
    return {
      matterId,
      name: c.name,
      kind: c.kind,
      fromOn: c.from,
      unit: c.unit,
      amount: c.amount,
      pausedDays: c.pausedDays,
      paused: c.pausedSince !== null,
      dueOn: due.due,
      stoppedOn: c.stoppedOn,
      provisional: due.provisional,
    };
  });
  if (rows.length) await tx.insert(matterClocks).values(rows);
}

function projection(state: MatterState) {
  return {
    status: state.status,
    procedure: state.procedure,
    responsibleBodyId: state.responsibleBodyId,
    reviewBodyId: state.reviewBodyId,
    reReviewBodyId: state.reReviewBodyId,
    state,
    version: state.version,
  };
}

async function nextMatterNumber(tx: Tx, regionCode: string, year: number): Promise<string> {
  const key = `matter:${regionCode.slice(0, 6)}:${year}`;
  const [row] = await tx
    .insert(counters)
    .values({ key, value: 1 })
    .onConflictDoUpdate({ target: counters.key, set: { value: sql`${counters.value} + 1` } })
    .returning({ value: counters.value });
  return `XF${regionCode.slice(0, 6)}${year}${String(row!.value).padStart(6, '0')}`;
}

export interface RegisterInput {
  channel: Channel;
  receivedOn: IsoDate;
  regionCode: string;
  title: string;
  content: string;
  firstPetition: boolean;
  referredByHigherLevel: boolean;
  collective: boolean;
  petitioners: { name: string; idNumber?: string | null; phone?: string | null; address?: string | null }[];
}

/** Petitioners as stored: names normalised, ID numbers checked (GB 11643) and phones normalised. */
function normalisePetitioners(list: RegisterInput['petitioners'], today: IsoDate) {
  return list.map((person, i) => {
    const who = `第${i + 1}位信访人`;
    let idNumber: string | null = null;
    if (person.idNumber) {
      const r = parseIdNumber(person.idNumber, today);
      if (!r.ok) throw new XinfangError('VALIDATION', `${who}：${r.problem.messageZh}`, `petitioner ${i + 1}: ${r.problem.message}`, { field: `petitioners.${i}.idNumber` });
      idNumber = r.id.value;
    }
    let phone: string | null = null;
    if (person.phone) {
      const r = parsePhone(person.phone);
      if (!r.ok) throw new XinfangError('VALIDATION', `${who}：${r.problem.messageZh}`, `petitioner ${i + 1}: ${r.problem.message}`, { field: `petitioners.${i}.phone` });
      phone = r.phone.value;
    }
    return { name: normaliseName(person.name), idNumber, phone, address: person.address ?? null };
  });
}

/** Registers one matter (登记): the matter row, its petitioners, its first event and its first clock. */
export async function registerMatter(ctx: AppContext, p: StaffPrincipal, input: RegisterInput, onDate?: IsoDate) {
  const now = ctx.now();
  const people = normalisePetitioners(input.petitioners, chinaDateOf(now));
  const actor = actorOf(p);
  const decision = decide(
    null,
    {
      type: 'register',
      on: onDate ?? chinaDateOf(now),
      facts: {
        channel: input.channel,
        receivedOn: input.receivedOn,
        registeringBodyId: actor.bodyId,
        registeredByBureau: isBureauFamily(p.body.kind),
        regionCode: input.regionCode,
        firstPetition: input.firstPetition,
        referredByHigherLevel: input.referredByHigherLevel,
        collective: input.collective,
      },
    },
    { now, actor, calendar: ctx.calendar.calendar, config: ctx.timeLimits },
  );
  if (!decision.ok) throw refusalError(decision.refusal);
  return ctx.db.transaction(async (tx) => {
    const number = await nextMatterNumber(tx, input.regionCode, Number(input.receivedOn.slice(0, 4)));
    const [row] = await tx
      .insert(matters)
      .values({
        number,
        title: input.title,
        content: input.content,
        channel: input.channel,
        regionCode: input.regionCode,
        receivedOn: input.receivedOn,
        registeringBodyId: actor.bodyId,
        ...projection(decision.next),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    for (const person of people) {
      const [pet] = await tx
        .insert(petitioners)
        .values({ ...person, createdAt: now })
        .returning({ id: petitioners.id });
      await tx.insert(matterPetitioners).values({ matterId: row!.id, petitionerId: pet!.id });
    }
    await persistEvents(tx, row!.id, decision.events, now);
    await writeClocks(tx, ctx.calendar.calendar, row!.id, decision.next);
    return row!;
  });
}

/**
 * Runs one lifecycle command on a matter in the principal's scope: decide, then append the events and update the
 * projection in one transaction. The update is compare-and-set on `version`, so two clerks acting at once cannot
 * both succeed on the same state.
 */
export async function executeCommand(ctx: AppContext, p: StaffPrincipal, matterId: string, command: Command) {
  const now = ctx.now();
  const actor = actorOf(p);
  return ctx.db.transaction(async (tx) => {
    const row = await getMatterInScope(tx, p, matterId, { forUpdate: true });
    const state = row.state as MatterState;
    const decision = decide(state, command, { now, actor, calendar: ctx.calendar.calendar, config: ctx.timeLimits });
    if (!decision.ok) throw refusalError(decision.refusal);
    const updated = await tx
      .update(matters)
      .set({ ...projection(decision.next), updatedAt: now })
      .where(and(eq(matters.id, row.id), eq(matters.version, state.version)))
      .returning({ id: matters.id });
    if (updated.length === 0) throw conflict();
    await persistEvents(tx, row.id, decision.events, now);
    await writeClocks(tx, ctx.calendar.calendar, row.id, decision.next);
    return decision.next;
  });
}
