import { eq, sql } from 'drizzle-orm';
import { bodies, counters, documents, matterPetitioners, petitioners, regions, type matters } from '../../db/schema';
import type { Tx } from '../../db/tx';
import type { Calendar } from '../../domain/calendar';
import {
  acceptanceNotice,
  assignmentLetter,
  documentNumber,
  forwardingLetter,
  issuerPrefix,
  redirectionLetter,
  rejectionNotice,
  type DocumentKind,
  type DocumentText,
  type NoticeMatter,
} from '../../domain/documents';
import { CHANNEL_LABELS, clockDue, type Channel, type Command, type MatterEvent, type MatterState } from '../../domain/lifecycle';
import { getSetting } from '../settings/service';

type MatterRow = typeof matters.$inferSelect;

export interface IssuedDocument {
  id: string;
  number: string;
  kind: DocumentKind;
}

/**
 * The notices and letters a decision produces (受理告知书, 不予受理告知书, 转送函, 交办函), issued in the same
 * transaction as the event they record: a decision and its document exist together or not at all. The text is
 * composed now and stored; numbering runs per issuing body, kind and year.
 */
export async function issueDocuments(
  tx: Tx,
  calendar: Calendar,
  row: MatterRow,
  command: Command,
  event: MatterEvent,
  next: MatterState,
  eventSeq: number,
): Promise<IssuedDocument[]> {
  const plans = await plan(tx, calendar, row, command, event, next);
  const out: IssuedDocument[] = [];
  for (const p of plans) {
    const [issuer] = await tx.select({ name: bodies.name, abbreviation: bodies.abbreviation }).from(bodies).where(eq(bodies.id, p.issuingBodyId));
    const year = Number(event.on.slice(0, 4));
    const [seq] = await tx
      .insert(counters)
      .values({ key: `document:${p.issuingBodyId}:${p.kind}:${year}`, value: 1 })
      .onConflictDoUpdate({ target: counters.key, set: { value: sql`${counters.value} + 1` } })
      .returning({ value: counters.value });
    const number = documentNumber(issuerPrefix(issuer!.name, issuer!.abbreviation), p.kind, year, seq!.value);
    const [doc] = await tx
      .insert(documents)
      .values({
        number,
        kind: p.kind,
        matterId: row.id,
        eventSeq,
        issuingBodyId: p.issuingBodyId,
        recipientBodyId: p.recipientBodyId,
        issuedOn: event.on,
        title: p.text.title,
        content: p.text,
        forPetitioner: p.recipientBodyId === null,
      })
      .returning({ id: documents.id });
    out.push({ id: doc!.id, number, kind: p.kind });
  }
  return out;
}

interface Plan {
  kind: DocumentKind;
  issuingBodyId: string;
  recipientBodyId: string | null;
  text: DocumentText;
}

async function plan(tx: Tx, calendar: Calendar, row: MatterRow, command: Command, event: MatterEvent, next: MatterState): Promise<Plan[]> {
  const issuingBodyId = event.actor.bodyId;
  const due = (name: 'acceptanceNotice' | 'returnWindow' | 'handling') => {
    const c = next.clocks[name];
    return c ? clockDue(c, calendar).due : event.on;
  };
  if (!['forward', 'assign', 'redirect', 'accept', 'reject'].includes(command.type)) return [];
  // One query at a time: a transaction is one connection (pg queues concurrent queries on it, and deprecates that).
  const m = await noticeMatter(tx, row);
  const issuer = await bodyName(tx, issuingBodyId);
  switch (command.type) {
    case 'forward':
    case 'assign': {
      const toBody = await bodyName(tx, command.toBodyId);
      const base = { issuer, on: event.on, toBody, note: command.note ?? null, acceptanceDueOn: due('acceptanceNotice'), returnDueOn: due('returnWindow') };
      return [
        command.type === 'forward'
          ? { kind: 'forwardingLetter', issuingBodyId, recipientBodyId: command.toBodyId, text: forwardingLetter(m, base) }
          : { kind: 'assignmentLetter', issuingBodyId, recipientBodyId: command.toBodyId, text: assignmentLetter(m, { ...base, dueOn: command.dueOn }) },
      ];
    }
    case 'redirect': {
      // 诉访分离 (Art. 22 ¶2): the materials go to the legal-affairs or discipline body with a 转送函; that body tells
      // the petitioner under its own rules (Art. 23 ¶4), so the letter sets it no petition-procedure dates.
      const toBody = await bodyName(tx, command.toBodyId);
      return [
        {
          kind: 'forwardingLetter',
          issuingBodyId,
          recipientBodyId: command.toBodyId,
          text: redirectionLetter(m, { issuer, on: event.on, toBody, channel: command.channel, note: command.reason ?? null }),
        },
      ];
    }
    case 'accept': {
      return [
        {
          kind: 'acceptanceNotice',
          issuingBodyId,
          recipientBodyId: null,
          text: acceptanceNotice(m, { issuer, acceptedOn: event.on, procedure: command.procedure, dueOn: due('handling'), handlerBody: issuer }),
        },
      ];
    }
    case 'reject': {
      const reasons = await getSetting(tx, 'rejectionReasons');
      const ground = reasons.find((r) => r.code === command.reasonCode);
      return [
        {
          kind: 'rejectionNotice',
          issuingBodyId,
          recipientBodyId: null,
          text: rejectionNotice(m, { issuer, on: event.on, reason: command.reason, article: command.article, advice: ground?.advice ?? null }),
        },
      ];
    }
    default:
      return [];
  }
}

async function bodyName(tx: Tx, id: string): Promise<string> {
  const [b] = await tx.select({ name: bodies.name }).from(bodies).where(eq(bodies.id, id));
  return b?.name ?? id;
}

/** What a notice may say about the matter: names only, never an ID number or phone. */
async function noticeMatter(tx: Tx, row: MatterRow): Promise<NoticeMatter> {
  const people = await tx
    .select({ name: petitioners.name })
    .from(matterPetitioners)
    .innerJoin(petitioners, eq(petitioners.id, matterPetitioners.petitionerId))
    .where(eq(matterPetitioners.matterId, row.id));
  const [region] = await tx.select({ name: regions.name }).from(regions).where(eq(regions.code, row.regionCode));
  return {
    number: row.number,
    title: row.title,
    receivedOn: row.receivedOn,
    channelLabel: CHANNEL_LABELS[row.channel as Channel] ?? row.channel,
    petitionerNames: people.map((p) => p.name),
    regionName: region?.name ?? row.regionCode,
    content: row.content,
  };
}
