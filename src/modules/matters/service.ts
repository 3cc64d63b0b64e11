import { and, eq, sql } from 'drizzle-orm';
import { counters, matterClocks, matterPetitioners, matters } from '../../db/schema';
import type { Tx } from '../../db/tx';
import type { Calendar, IsoDate } from '../../domain/calendar';
import {
  clockDue,
  clockList,
  decide,
  PETITION_COMMANDS,
  type Actor,
  type ArchivedOutcome,
  type Command,
  type LevelSkippingFinding,
  type MatterFacts,
  type MatterEvent,
  type MatterState,
  type Refusal,
  type Role,
} from '../../domain/lifecycle';
import type { AppContext } from '../../context';
import type { CalendarService } from '../calendar/service';
import { XinfangError, conflict } from '../../shared/errors';
import { appendEvents, type NewEvent } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';
import { prepareCommand } from '../dispatch/prepare';
import { issueDocuments } from '../documents/issue';
import { enqueueMatterEvents } from '../notifications/enqueue';
import { projection } from './projection';
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
  return { userId: p.userId, bodyId: actingBodyId(p), roles: p.roles as Role[], ...(p.position ? { position: p.position } : {}) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function refusalError(r: Refusal): XinfangError {
  const code = r.code === 'INVALID_TRANSITION' || r.code === 'FORBIDDEN' || r.code === 'VALIDATION' ? r.code : 'REFUSED';
  return new XinfangError(code, r.messageZh, r.message, { reason: r.code, article: r.article ?? null, guard: r.guard ?? null, ...(r.instead ? { instead: r.instead } : {}) });
}

/** A lifecycle event as an audit-trail event of the matter ('system', 'import' and other non-user actors → null). */
export function matterAuditEvent(matterId: string, e: MatterEvent, now: Date): NewEvent {
  return {
    entityType: 'matter',
    entityId: matterId,
    type: e.type,
    onDate: e.on,
    occurredAt: now,
    actorUserId: UUID.test(e.actor.userId) ? e.actor.userId : null,
    actorBodyId: UUID.test(e.actor.bodyId) ? e.actor.bodyId : null,
    actorRoles: e.actor.roles,
    payload: e.payload,
    clockEffects: e.clockEffects,
  };
}

async function persistEvents(tx: Tx, matterId: string, list: MatterEvent[], now: Date) {
  return appendEvents(tx, list.map((e) => matterAuditEvent(matterId, e, now)));
}

/**
 * The clock rows are a projection of the state's clocks with due dates from the calendar in force; rewritten after
 * every command and when the calendar changes (src/modules/calendar/load-schedule.ts). The calendar is checked
 * against the database's version in this transaction (`forClockRows`), so a node never writes due dates of a
 * calendar another node has replaced.
 */
export async function writeClocks(tx: Tx, calendars: CalendarService, matterId: string, state: MatterState) {
  const calendar = await calendars.forClockRows(tx);
  await tx.delete(matterClocks).where(eq(matterClocks.matterId, matterId));
  const rows = clockRowsOf(calendar, matterId, state);
  if (rows.length) await tx.insert(matterClocks).values(rows);
}

/** The `matter_clocks` rows of a state: its clocks with their due dates under the calendar in force. */
export function clockRowsOf(calendar: Calendar, matterId: string, state: MatterState) {
  return clockList(state.clocks).map((c) => {
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
}

/** Human-readable numbers: letters + county code + year + a sequence per county and year (`counters`). */
export function formatNumber(letters: 'XF' | 'XJ', regionCode: string, year: number | string, seq: number): string {
  return `${letters}${regionCode.slice(0, 6)}${year}${String(seq).padStart(6, '0')}`;
}

async function nextMatterNumber(tx: Tx, regionCode: string, year: number): Promise<string> {
  const key = `matter:${regionCode.slice(0, 6)}:${year}`;
  const [row] = await tx
    .insert(counters)
    .values({ key, value: 1 })
    .onConflictDoUpdate({ target: counters.key, set: { value: sql`${counters.value} + 1` } })
    .returning({ value: counters.value });
  return formatNumber('XF', regionCode, year, row!.value);
}

/** What a new matter is registered with; the petition service (src/modules/petitions) supplies it. */
export interface NewMatter {
  facts: MatterFacts;
  title: string;
  content: string;
  respondent: string | null;
  place: string | null;
  category: string | null;
  /** Screening flags the desk registered it with (levelSkipping, terminated). */
  flags?: string[];
  externalKey?: string | null;
  /** A legacy archive's finished matter (importer only). */
  archived?: ArchivedOutcome;
  /** Screening's level-skipping finding (Art. 19 ¶3): the matter in hand below and its body. */
  levelSkipping?: LevelSkippingFinding;
}

/**
 * Registers one matter (登记) inside the caller's transaction: decides `register`, writes the matter row, its first
 * event and its first clock. Its petitioners and petitions are linked by the caller.
 */
export async function createMatter(tx: Tx, ctx: Pick<AppContext, 'calendar' | 'timeLimits'>, actor: Actor, input: NewMatter, now: Date, onDate: IsoDate) {
  const decision = decide(
    null,
    {
      type: 'register',
      on: onDate,
      facts: input.facts,
      ...(input.archived ? { archived: input.archived } : {}),
      ...(input.levelSkipping ? { levelSkipping: input.levelSkipping } : {}),
    },
    { now, actor, calendar: await ctx.calendar.current(tx), config: ctx.timeLimits },
  );
  if (!decision.ok) throw refusalError(decision.refusal);
  const f = input.facts;
  const number = await nextMatterNumber(tx, f.regionCode, Number(f.receivedOn.slice(0, 4)));
  const [row] = await tx
    .insert(matters)
    .values({
      number,
      externalKey: input.externalKey ?? null,
      title: input.title,
      content: input.content,
      respondent: input.respondent,
      place: input.place,
      category: input.category,
      flags: input.flags ?? [],
      channel: f.channel,
      receivedOn: f.receivedOn,
      registeringBodyId: f.registeringBodyId,
      ...projection(decision.next),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await persistEvents(tx, row!.id, decision.events, now);
  await writeClocks(tx, ctx.calendar, row!.id, decision.next);
  return row!;
}

/** Links petitioners to a matter (its parties: the union of the petitioners of its petitions). */
export async function addMatterPetitioners(tx: Tx, matterId: string, people: { petitionerId: string; isRepresentative: boolean }[]) {
  if (people.length === 0) return;
  await tx
    .insert(matterPetitioners)
    .values(people.map((p) => ({ matterId, petitionerId: p.petitionerId, isRepresentative: p.isRepresentative })))
    .onConflictDoNothing();
}

/** The registration fields a `correctRegistration` rewrites (the region is in the projection, from the facts). */
function correctedColumns(command: Command) {
  if (command.type !== 'correctRegistration') return {};
  const { title, content, respondent, place } = command.changes;
  return {
    ...(title !== undefined ? { title: title.trim() } : {}),
    ...(content !== undefined ? { content: content.trim() } : {}),
    ...(respondent !== undefined ? { respondent: respondent?.trim() || null } : {}),
    ...(place !== undefined ? { place: place?.trim() || null } : {}),
  };
}

/**
 * Runs a lifecycle command on a matter the caller has already locked (`SELECT … FOR UPDATE`), without a scope
 * check: the registration desk records repeat petitions on matters anywhere in the province.
 */
export async function applyCommand(tx: Tx, ctx: Pick<AppContext, 'calendar' | 'timeLimits'>, row: typeof matters.$inferSelect, command: Command, actor: Actor, now: Date) {
  const state = row.state as MatterState;
  const decision = decide(state, command, { now, actor, calendar: await ctx.calendar.current(tx), config: ctx.timeLimits });
  if (!decision.ok) throw refusalError(decision.refusal);
  const updated = await tx
    .update(matters)
    .set({ ...projection(decision.next), ...correctedColumns(command), updatedAt: now })
    .where(and(eq(matters.id, row.id), eq(matters.version, state.version)))
    .returning({ id: matters.id });
  if (updated.length === 0) throw conflict();
  const stored = await persistEvents(tx, row.id, decision.events, now);
  await writeClocks(tx, ctx.calendar, row.id, decision.next);
  await enqueueMatterEvents(tx, { matter: row, events: decision.events, stored, next: decision.next, now });
  return { next: decision.next, event: decision.events[0]!, eventSeq: stored[0]!.seq };
}

/**
 * Runs one lifecycle command on a matter in the principal's scope: decide, then append the events and update the
 * projection in one transaction. The update is compare-and-set on `version`, so two clerks acting at once cannot
 * both succeed on the same state.
 */
export async function executeCommand(ctx: AppContext, p: StaffPrincipal, matterId: string, command: Command) {
  if ((PETITION_COMMANDS as readonly string[]).includes(command.type)) {
    throw new XinfangError(
      'INVALID_TRANSITION',
      '登记、重复信访和并入集体事项须在登记台登记信访件',
      `'${command.type}' comes with a petition: register it at the desk (POST /api/v1/petitions)`,
    );
  }
  return ctx.db.transaction(async (tx) => {
    const row = await getMatterInScope(tx, p, matterId, { forUpdate: true });
    const prepared = await prepareCommand(tx, row, command);
    const applied = await applyCommand(tx, ctx, row, prepared, actorOf(p), ctx.now());
    const documents = await issueDocuments(tx, await ctx.calendar.current(tx), row, prepared, applied.event, applied.next, applied.eventSeq);
    return { ...applied, documents };
  });
}
