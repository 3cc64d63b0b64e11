import { eq, sql } from 'drizzle-orm';
import { bodies, counters, documents, matterPetitioners, petitioners, regions, users, type matters } from '../../db/schema';
import type { Tx } from '../../db/tx';
import type { Calendar } from '../../domain/calendar';
import {
  acceptanceNotice,
  assignmentLetter,
  documentNumber,
  forwardingLetter,
  issuerPrefix,
  applyTemplate,
  templatesInForce,
  redirectionLetter,
  rejectionNotice,
  supervisionLetter,
  handlingOpinion,
  extensionNotice,
  conversionNotice,
  appealOpinion,
  hearingNotice,
  hearingRecord,
  type DocumentKind,
  type OpinionOutcome,
  type DocumentText,
  type NoticeMatter,
  type SignOffLine,
} from '../../domain/documents';
import {
  CHANNEL_LABELS,
  clockDue,
  LEVEL_SKIPPING_GROUND,
  POSITION_LABELS,
  reviewedOpinion,
  type AppealDisposition,
  type Channel,
  type Command,
  type MatterEvent,
  type MatterState,
  type OpinionDraft,
} from '../../domain/lifecycle';
import { getSetting } from '../settings/service';

type MatterRow = typeof matters.$inferSelect;

export interface IssuedDocument {
  id: string;
  number: string;
  kind: DocumentKind;
}

/**
 * The notices and letters a decision produces (受理告知书, 不予受理告知书, 转送函, 交办函, 督办函/提醒函/建议函,
 * 处理意见书, 延期办理告知书, 转为普通程序告知书, 复查意见书, 复核意见书, 听证通知书, 听证笔录), issued in the same
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
  if (plans.length === 0) return [];
  // The templates in force now: a document keeps the words it was issued with (the text is stored), so an edit
  // reaches the next document, never one already issued.
  const templates = templatesInForce(await getSetting(tx, 'documentTemplates'));
  const out: IssuedDocument[] = [];
  for (const p of plans) {
    const template = templates[p.kind];
    const [issuer] = await tx.select({ name: bodies.name, abbreviation: bodies.abbreviation }).from(bodies).where(eq(bodies.id, p.issuingBodyId));
    const year = Number(event.on.slice(0, 4));
    const [seq] = await tx
      .insert(counters)
      .values({ key: `document:${p.issuingBodyId}:${p.kind}:${year}`, value: 1 })
      .onConflictDoUpdate({ target: counters.key, set: { value: sql`${counters.value} + 1` } })
      .returning({ value: counters.value });
    // The counter is keyed by kind, not by 文种代字: a word changed mid-year continues the kind's sequence
    // (docs/documents.md), and the templates refuse a word another kind ever had, so numbers stay unique.
    const number = documentNumber(issuerPrefix(issuer!.name, issuer!.abbreviation), p.kind, year, seq!.value, template.kindWord);
    const text = applyTemplate(p.kind, p.text, template);
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
        title: text.title,
        content: text,
        forPetitioner: p.recipientBodyId === null,
      })
      .returning({ id: documents.id });
    out.push({ id: doc!.id, number, kind: p.kind });
  }
  return out;
}

/** The commands that issue a document. */
const DOCUMENTED = new Set<Command['type']>([
  'forward',
  'assign',
  'redirect',
  'accept',
  'reject',
  'supervise',
  'reply',
  'extend',
  'convert',
  'issueReviewOpinion',
  'issueReReviewOpinion',
  'startHearing',
  'rescheduleHearing',
  'endHearing',
]);

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
  if (!DOCUMENTED.has(command.type)) return [];
  if (command.type === 'supervise' && command.letterKind === null) return [];
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
          text: acceptanceNotice(m, {
            issuer,
            acceptedOn: event.on,
            procedure: command.procedure,
            dueOn: due('handling'),
            handlerBody: issuer,
            // The limit the handling clock was started with: the configured simple-procedure limit (settings).
            ...(command.procedure === 'simple' && next.clocks.handling ? { simpleLimit: { unit: next.clocks.handling.unit, amount: next.clocks.handling.amount } } : {}),
          }),
        },
      ];
    }
    case 'reject': {
      const reasons = await getSetting(tx, 'rejectionReasons');
      const ground = reasons.find((r) => r.code === command.reasonCode);
      // 越级访 (Art. 19 ¶3): name the matter in hand and the body handling it (the finding the matter carries).
      const finding = command.reasonCode === LEVEL_SKIPPING_GROUND ? next.levelSkipping : null;
      const inHand = finding ? { body: await bodyName(tx, finding.bodyId), matterNumber: finding.matterNumber } : null;
      return [
        {
          kind: 'rejectionNotice',
          issuingBodyId,
          recipientBodyId: null,
          text: rejectionNotice(m, { issuer, on: event.on, reason: command.reason, article: command.article, advice: ground?.advice ?? null, inHand }),
        },
      ];
    }
    case 'reply': {
      const p = signedContent(event);
      const signOff = await signOffLines(tx, row, p.signatures);
      return [
        {
          kind: 'handlingOpinion',
          issuingBodyId,
          recipientBodyId: null,
          text: handlingOpinion(m, { issuer, on: event.on, outcome: p.outcome, summary: p.summary, request: p.request, facts: p.facts, legalBasis: p.legalBasis, signOff }),
        },
      ];
    }
    case 'extend': {
      // The approval's event carries the days approved and the reason asked (the engine completed them).
      const p = event.payload as { days: number; reason: string };
      return [
        {
          kind: 'extensionNotice',
          issuingBodyId,
          recipientBodyId: null,
          text: extensionNotice(m, { issuer, on: event.on, days: p.days, reason: p.reason, dueOn: due('handling') }),
        },
      ];
    }
    case 'convert':
      return [
        {
          kind: 'conversionNotice',
          issuingBodyId,
          recipientBodyId: null,
          text: conversionNotice(m, { issuer, on: event.on, reason: command.reason, acceptedOn: next.acceptedOn ?? event.on, dueOn: due('handling') }),
        },
      ];
    case 'issueReviewOpinion':
    case 'issueReReviewOpinion': {
      const review = command.type === 'issueReviewOpinion';
      const stage = review ? 'review' : 'reReview';
      const requestedOn = (review ? next.reviewRequestedOn : next.reReviewRequestedOn) ?? event.on;
      const requestReasons = (review ? next.reviewRequestReasons : next.reReviewRequestReasons) ?? null;
      const { outcome, summary, request, facts, legalBasis, disposition, signatures } = signedContent(event);
      // The opinion disposed of: the handling opinion under review, the review opinion under re-review.
      const under = reviewedOpinion(next, stage);
      const reviewed = under ? { issuer: under.bodyId ? await bodyName(tx, under.bodyId) : '', on: under.on, outcome: under.outcome } : null;
      const signOff = await signOffLines(tx, row, signatures);
      return [
        {
          kind: review ? 'reviewOpinion' : 'reReviewOpinion',
          issuingBodyId,
          recipientBodyId: null,
          text: appealOpinion(m, { stage, requestedOn, issuer, on: event.on, outcome, summary, request, facts, legalBasis, requestReasons, disposition: disposition ?? null, reviewed, signOff }),
        },
      ];
    }
    case 'startHearing':
    case 'rescheduleHearing': {
      const plan = next.hearing?.plan;
      if (!plan) return [];
      const requestedOn = next.reReviewRequestedOn ?? event.on;
      return [{ kind: 'hearingNotice', issuingBodyId, recipientBodyId: null, text: hearingNotice(m, { issuer, on: event.on, requestedOn, plan }) }];
    }
    case 'endHearing': {
      const held = next.hearings.at(-1);
      if (!held?.outcome) return [];
      return [{ kind: 'hearingRecord', issuingBodyId, recipientBodyId: null, text: hearingRecord(m, { issuer, on: event.on, plan: held.plan ?? null, outcome: held.outcome }) }];
    }
    case 'supervise': {
      const target = next.supervision?.targetBodyId;
      if (!command.letterKind || !target) return [];
      const toBody = await bodyName(tx, target);
      return [
        {
          kind: command.letterKind,
          issuingBodyId,
          recipientBodyId: target,
          text: supervisionLetter(m, {
            kind: command.letterKind,
            issuer,
            on: event.on,
            toBody,
            reason: command.reason,
            replyDueOn: command.replyDueOn,
            listedDueOn: command.listed ? (command.listedDueOn ?? null) : null,
          }),
        },
      ];
    }
    default:
      return [];
  }
}

type Signature = OpinionDraft['signatures'][number];

/** An issued opinion's event carries the signed draft's content (the engine copied it there). */
function signedContent(event: MatterEvent) {
  return event.payload as {
    outcome: OpinionOutcome;
    summary: string;
    request?: string;
    facts?: string;
    legalBasis?: string;
    disposition?: AppealDisposition;
    signatures?: Signature[];
  };
}

/**
 * 签批 as printed: each signer's name under the position they signed as — recorded with the signature, or for a
 * signature made before positions the label of the step in the chain it was drafted under.
 */
async function signOffLines(tx: Tx, row: MatterRow, signatures: readonly Signature[] = []): Promise<SignOffLine[]> {
  const chain = (row.state as MatterState).opinionDraft?.chain ?? [];
  const out: SignOffLine[] = [];
  for (const s of signatures) {
    const [u] = UUID.test(s.userId) ? await tx.select({ name: users.displayName }).from(users).where(eq(users.id, s.userId)) : [];
    const positionZh = s.position ? POSITION_LABELS[s.position] : (chain.find((st) => st.key === s.step)?.labelZh ?? s.step);
    out.push({ positionZh, name: u?.name ?? s.userId });
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
