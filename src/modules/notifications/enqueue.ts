import { and, asc, eq, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import { bodies, matterClocks, matterPetitioners, matters, notificationAttempts, notifications, overdueAlerts, petitioners, users } from '../../db/schema';
import { queryRows, type DbOrTx, type Tx } from '../../db/tx';
import { addCalendarDays, type IsoDate } from '../../domain/calendar';
import type { ClockName, MatterEvent, MatterState } from '../../domain/lifecycle';
import {
  NOTIFIED_EVENTS,
  bodiesNamed,
  citizenRecipients,
  deadlineOwner,
  dueSoonMessage,
  maskEmail,
  maskPhone,
  messagesForEvent,
  overdueMessages,
  registrationMessage,
  renderFor,
  type Audience,
  type ChannelName,
  type Message,
} from '../../domain/notifications';
import { parsePhone } from '../../domain/identity';
import { isWithinRegion } from '../../domain/org';
import { bodyNames } from '../org/names';

/**
 * The transactional outbox: messages are written by the act they report, in its transaction, so a refused or
 * rolled-back act tells nobody anything and a committed one cannot lose its messages. Sending happens later
 * (dispatcher.ts). Addresses are looked up here only to decide which channels a recipient can be reached on; the
 * dispatcher reads them again when it sends, so a corrected phone number is the one used.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Offices act in their bureau's name (src/modules/matters/service.ts actingBodyId): their staff are the bureau's. */
const OFFICE_KINDS = ['registrationDesk', 'acceptanceOffice', 'supervisionOffice'];

export function mobileOf(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const parsed = parsePhone(phone);
  return parsed.ok && parsed.phone.kind === 'mobile' ? parsed.phone.value : null;
}

interface Recipient {
  key: string;
  userId: string | null;
  petitionerId: string | null;
  channels: { channel: ChannelName; addressMasked: string | null; address?: string | null }[];
}

/** Active staff acting for the body (its own offices included) with any of the roles (and the position, if given); the actor is left out. */
export async function staffOf(tx: Tx, bodyId: string, roles: readonly string[], exceptUserId: string | null = null, position: string | null = null): Promise<Recipient[]> {
  if (!UUID.test(bodyId)) return [];
  const rows = await queryRows<{ id: string; email: string | null; phone: string | null }>(
    tx,
    sql`SELECT u.id, u.email, u.phone FROM ${users} u JOIN ${bodies} b ON b.id = u.body_id
        WHERE NOT u.disabled
          AND u.roles && ${`{${roles.join(',')}}`}::text[]
          AND (${position}::text IS NULL OR u.position = ${position})
          AND (b.id = ${bodyId} OR (b.parent_id = ${bodyId} AND b.kind IN (${sql.join(OFFICE_KINDS.map((k) => sql`${k}`), sql`, `)})))
        ORDER BY u.login`,
  );
  return rows
    .filter((u) => u.id !== exceptUserId)
    .map((u) => {
      const mobile = mobileOf(u.phone);
      const email = u.email?.trim() || null;
      return {
        key: `user:${u.id}`,
        userId: u.id,
        petitionerId: null,
        channels: [
          { channel: 'inApp' as const, addressMasked: null },
          ...(email ? [{ channel: 'email' as const, addressMasked: maskEmail(email) }] : []),
          ...(mobile ? [{ channel: 'sms' as const, addressMasked: maskPhone(mobile) }] : []),
        ],
      };
    });
}

/** The live record of each petitioner (a merged record stands for the one it was merged into). */
export async function livePetitioners(tx: DbOrTx, ids: readonly string[]): Promise<Map<string, { id: string; phone: string | null }>> {
  const out = new Map<string, { id: string; phone: string | null }>();
  let pending = new Map(ids.map((id) => [id, id]));
  for (let hop = 0; hop < 5 && pending.size; hop++) {
    const rows = await tx
      .select({ id: petitioners.id, phone: petitioners.phone, mergedIntoId: petitioners.mergedIntoId })
      .from(petitioners)
      .where(inArray(petitioners.id, [...new Set(pending.values())]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const next = new Map<string, string>();
    for (const [original, current] of pending) {
      const row = byId.get(current);
      if (!row) continue;
      if (row.mergedIntoId) next.set(original, row.mergedIntoId);
      else out.set(original, { id: row.id, phone: row.phone });
    }
    pending = next;
  }
  return out;
}

async function petitionerRecipients(tx: Tx, parties: { petitionerId: string; isRepresentative: boolean }[], explicitPhone: string | null = null): Promise<Recipient[]> {
  const chosen = citizenRecipients(parties);
  const live = await livePetitioners(tx, chosen.map((p) => p.petitionerId));
  const out = new Map<string, Recipient>();
  for (const p of chosen) {
    const record = live.get(p.petitionerId);
    if (!record) continue;
    const mobile = explicitPhone ? mobileOf(explicitPhone) : mobileOf(record.phone);
    // Citizens have no in-app inbox: a petitioner without a mobile is told on paper (the notices of src/modules/documents).
    if (!mobile) continue;
    out.set(record.id, {
      key: `petitioner:${record.id}`,
      userId: null,
      petitionerId: record.id,
      channels: [{ channel: 'sms', addressMasked: maskPhone(mobile), address: explicitPhone ? mobile : null }],
    });
  }
  return [...out.values()];
}

async function matterParties(tx: Tx, matterId: string) {
  return tx
    .select({ petitionerId: matterPetitioners.petitionerId, isRepresentative: matterPetitioners.isRepresentative })
    .from(matterPetitioners)
    .where(eq(matterPetitioners.matterId, matterId));
}

/** Writes one message to its recipients, once per channel; a message already enqueued (same dedupe key) is skipped. */
export async function writeMessage(
  tx: Tx,
  message: Message,
  recipients: Recipient[],
  base: { dedupeKey: string; matterId: string | null; eventSeq: number | null; now: Date },
): Promise<number> {
  const rows = recipients.flatMap((r) =>
    r.channels.map((c) => {
      const rendered = renderFor(c.channel, message);
      const inApp = c.channel === 'inApp';
      return {
        channel: c.channel,
        recipientKey: r.key,
        userId: r.userId,
        petitionerId: r.petitionerId,
        address: c.address ?? null,
        addressMasked: c.addressMasked,
        kind: message.kind,
        subject: rendered.subject,
        text: rendered.text,
        secretSpans: rendered.secrets,
        matterId: base.matterId,
        eventSeq: base.eventSeq,
        dedupeKey: base.dedupeKey,
        // In-app messages are delivered by being stored.
        status: inApp ? ('sent' as const) : ('pending' as const),
        attempts: inApp ? 1 : 0,
        nextAttemptAt: base.now,
        sentAt: inApp ? base.now : null,
        createdAt: base.now,
      };
    }),
  );
  if (rows.length === 0) return 0;
  const inserted = await tx.insert(notifications).values(rows).onConflictDoNothing().returning({ id: notifications.id, channel: notifications.channel });
  const stored = inserted.filter((r) => r.channel === 'inApp');
  if (stored.length) {
    await tx.insert(notificationAttempts).values(stored.map((r) => ({ notificationId: r.id, attemptNo: 1, at: base.now, ok: true, provider: 'inApp' })));
  }
  return inserted.length;
}

async function recipientsOf(tx: Tx, audience: Audience, matterId: string, actorUserId: string | null): Promise<Recipient[]> {
  if (audience.to === 'staff') return staffOf(tx, audience.bodyId, audience.roles, actorUserId, audience.position ?? null);
  return petitionerRecipients(tx, await matterParties(tx, matterId));
}

/** Body names as the templates take them (a plain record). */
async function bodyNameRecord(tx: Tx, ids: readonly string[]): Promise<Record<string, string>> {
  return Object.fromEntries(await bodyNames(tx, ids));
}

/**
 * The messages of a command's events, in the command's transaction (called by applyCommand after the events and
 * clocks are written). Most events tell nobody anything and cost one array lookup.
 */
export async function enqueueMatterEvents(
  tx: Tx,
  input: { matter: { id: string; number: string; title: string }; events: readonly MatterEvent[]; stored: readonly { seq: number }[]; next: MatterState; now: Date },
): Promise<number> {
  const told = input.events.map((e, i) => ({ e, seq: input.stored[i]?.seq ?? null })).filter(({ e }) => NOTIFIED_EVENTS.includes(e.type));
  if (told.length === 0) return 0;
  const clocks = await tx
    .select({ name: matterClocks.name, dueOn: matterClocks.dueOn })
    .from(matterClocks)
    .where(and(eq(matterClocks.matterId, input.matter.id), isNull(matterClocks.stoppedOn)));
  const due = Object.fromEntries(clocks.map((c) => [c.name, c.dueOn])) as Partial<Record<ClockName, string>>;
  let written = 0;
  for (const { e, seq } of told) {
    const facts = { type: e.type, on: e.on, payload: e.payload, actorBodyId: UUID.test(e.actor.bodyId) ? e.actor.bodyId : null };
    const names = await bodyNameRecord(tx, bodiesNamed(facts, input.next));
    const messages = messagesForEvent(facts, { number: input.matter.number, title: input.matter.title, state: input.next, due, bodyNames: names });
    for (const m of messages) {
      const recipients = await recipientsOf(tx, m.audience, input.matter.id, UUID.test(e.actor.userId) ? e.actor.userId : null);
      written += await writeMessage(tx, m, recipients, { dedupeKey: `matter:${input.matter.id}:${seq ?? e.type}:${m.kind}`, matterId: input.matter.id, eventSeq: seq, now: input.now });
    }
  }
  return written;
}

/**
 * 登记告知: the petitioners of a newly registered petition are told its number (and, from the portal, the query
 * code). Imports report history, not news: nobody is told.
 */
export async function enqueuePetitionRegistered(
  tx: Tx,
  input: {
    source: 'staff' | 'portal' | 'import';
    petitionId: string;
    petitionNumber: string;
    registeringBodyId: string;
    matters: readonly { matterId: string; number: string }[];
    parties: readonly { petitionerId: string; isRepresentative: boolean }[];
    /** The mobile given with this petition on the portal: the code goes there, not to an older number in the registry. */
    contactPhone: string | null;
    queryCode: string | null;
    now: Date;
  },
): Promise<number> {
  if (input.source === 'import') return 0;
  const names = await bodyNameRecord(tx, [input.registeringBodyId]);
  const message = registrationMessage({
    petitionNumber: input.petitionNumber,
    matterNumbers: input.matters.map((m) => m.number),
    bodyName: names[input.registeringBodyId] ?? '信访部门',
    queryCode: input.queryCode,
  });
  const recipients = await petitionerRecipients(tx, [...input.parties], input.source === 'portal' ? input.contactPhone : null);
  return writeMessage(tx, message, recipients, { dedupeKey: `petition:${input.petitionId}:registered`, matterId: input.matters[0]?.matterId ?? null, eventSeq: null, now: input.now });
}

/**
 * 时限预警: deadlines running out within `days` (today included) are told to the body that owes them, once per clock
 * and due date: the dedupe key holds both, so a second scan (or a second node) adds nothing, while a due date moved by
 * an extension is warned of again. Clocks already warned of are skipped in the query, so a scan costs one index
 * lookup per deadline, not a recipient lookup.
 */
export async function enqueueDueSoon(tx: Tx, input: { today: IsoDate; days: number; now: Date }): Promise<number> {
  const dedupeKey = sql`'dueSoon:' || ${matterClocks.matterId} || ':' || ${matterClocks.name} || ':' || to_char(${matterClocks.dueOn}, 'YYYY-MM-DD')`;
  const due = await tx
    .select({ matterId: matterClocks.matterId, clock: matterClocks.name, dueOn: matterClocks.dueOn, number: matters.number, title: matters.title, state: matters.state })
    .from(matterClocks)
    .innerJoin(matters, eq(matters.id, matterClocks.matterId))
    .where(
      and(
        eq(matterClocks.kind, 'deadline'),
        isNull(matterClocks.stoppedOn),
        eq(matterClocks.paused, false),
        gte(matterClocks.dueOn, input.today),
        lte(matterClocks.dueOn, addCalendarDays(input.today, input.days)),
        sql`NOT EXISTS (SELECT 1 FROM ${notifications} WHERE ${notifications.dedupeKey} = ${dedupeKey})`,
      ),
    )
    .orderBy(asc(matterClocks.dueOn));
  let written = 0;
  for (const d of due) {
    const state = d.state as MatterState;
    const message = dueSoonMessage({ number: d.number, title: d.title, clock: d.clock as ClockName, dueOn: d.dueOn, today: input.today, state });
    if (!message || message.audience.to !== 'staff') continue;
    const recipients = await staffOf(tx, message.audience.bodyId, message.audience.roles);
    written += await writeMessage(tx, message, recipients, { dedupeKey: `dueSoon:${d.matterId}:${d.clock}:${d.dueOn}`, matterId: d.matterId, eventSeq: null, now: input.now });
  }
  return written;
}

/** A deadline clock past its due date, not yet alerted (the scanner's list; each is alerted in its own transaction). */
export interface OverdueClock {
  matterId: string;
  clock: string;
  fromOn: IsoDate;
  dueOn: IsoDate;
}

/**
 * Running deadline clocks whose due date passed before `today` and whose overdue alert was not given yet, the oldest
 * first, at most `limit` (the next scan takes the rest).
 */
export async function overdueClocks(db: DbOrTx, today: IsoDate, limit: number): Promise<OverdueClock[]> {
  return db
    .select({ matterId: matterClocks.matterId, clock: matterClocks.name, fromOn: matterClocks.fromOn, dueOn: matterClocks.dueOn })
    .from(matterClocks)
    .where(
      and(
        eq(matterClocks.kind, 'deadline'),
        isNull(matterClocks.stoppedOn),
        eq(matterClocks.paused, false),
        lt(matterClocks.dueOn, today),
        sql`NOT EXISTS (SELECT 1 FROM ${overdueAlerts} a WHERE a.matter_id = ${matterClocks.matterId} AND a.clock = ${matterClocks.name} AND a.from_on = ${matterClocks.fromOn})`,
      ),
    )
    .orderBy(asc(matterClocks.dueOn))
    .limit(limit);
}

/** The active supervision offices watching a region: their partition of the bureau's region, or their own region. */
async function supervisionOfficesOf(tx: Tx, regionCode: string): Promise<string[]> {
  const offices = await tx
    .select({ id: bodies.id, regionCode: bodies.regionCode, watched: bodies.supervisedRegionCodes })
    .from(bodies)
    .where(and(eq(bodies.kind, 'supervisionOffice'), eq(bodies.active, true)));
  return offices.filter((o) => (o.watched?.length ? o.watched : [o.regionCode]).some((code) => isWithinRegion(regionCode, code))).map((o) => o.id);
}

/**
 * 超期提醒: tells the body that owes an overdue deadline and the supervision offices watching the matter's region,
 * once per clock. The `overdue_alerts` row is the key: inserted first, in this transaction, and only the transaction
 * that inserted it writes the messages, so a second scan or a second node adds nothing (and a clock nobody could be
 * told of is not tried again every scan). Returns the outbox rows written, or null when the clock was alerted
 * already or is no longer overdue (stopped, paused, moved by a command since it was listed).
 */
export async function enqueueOverdue(tx: Tx, c: OverdueClock, input: { today: IsoDate; now: Date }): Promise<number | null> {
  const [current] = await tx
    .select({ number: matters.number, title: matters.title, state: matters.state, regionCode: matters.regionCode, dueOn: matterClocks.dueOn })
    .from(matterClocks)
    .innerJoin(matters, eq(matters.id, matterClocks.matterId))
    .where(
      and(
        eq(matterClocks.matterId, c.matterId),
        eq(matterClocks.name, c.clock),
        eq(matterClocks.fromOn, c.fromOn),
        isNull(matterClocks.stoppedOn),
        eq(matterClocks.paused, false),
        lt(matterClocks.dueOn, input.today),
      ),
    );
  if (!current) return null;
  const claimed = await tx
    .insert(overdueAlerts)
    .values({ matterId: c.matterId, clock: c.clock, fromOn: c.fromOn, dueOn: current.dueOn, messages: 0, alertedAt: input.now })
    .onConflictDoNothing()
    .returning({ matterId: overdueAlerts.matterId });
  if (claimed.length === 0) return null;
  const state = current.state as MatterState;
  const officeIds = await supervisionOfficesOf(tx, current.regionCode);
  const owner = deadlineOwner(c.clock as ClockName, state);
  const names = await bodyNameRecord(tx, owner ? [owner.bodyId] : []);
  const messages = overdueMessages({ number: current.number, title: current.title, clock: c.clock as ClockName, dueOn: current.dueOn, today: input.today, state, supervisionOfficeIds: officeIds, bodyNames: names });
  let written = 0;
  for (const m of messages) {
    if (m.audience.to !== 'staff') continue;
    const recipients = await staffOf(tx, m.audience.bodyId, m.audience.roles);
    written += await writeMessage(tx, m, recipients, { dedupeKey: `overdue:${c.matterId}:${c.clock}:${c.fromOn}:${m.kind}`, matterId: c.matterId, eventSeq: null, now: input.now });
  }
  await tx
    .update(overdueAlerts)
    .set({ messages: written })
    .where(and(eq(overdueAlerts.matterId, c.matterId), eq(overdueAlerts.clock, c.clock), eq(overdueAlerts.fromOn, c.fromOn)));
  return written;
}
