import { and, asc, eq, inArray } from 'drizzle-orm';
import { bodies, documents, events, matters, petitionMatters, type petitions } from '../../db/schema';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '../../domain/documents';
import type { DbOrTx } from '../../db/tx';
import type { Calendar } from '../../domain/calendar';
import { citizenActions, type CitizenAction } from './actions';
import {
  CHANNEL_LABELS,
  DELIVERY_METHOD_LABELS,
  OUTCOME_LABELS,
  PROCEDURE_LABELS,
  RATING_LABELS,
  REDIRECT_CHANNEL_LABELS,
  STATUS_LABELS,
  applyClockEffect,
  clockDue,
  type Channel,
  type ClockEffect,
  type ClockMap,
  type DeliveryMethod,
  type EventType,
  type MatterState,
  type MatterStatus,
  type Outcome,
  type Procedure,
  type Rating,
  type RedirectChannel,
  type TimeLimitConfig,
} from '../../domain/lifecycle';

/**
 * What a citizen sees of a petition through the query code (Art. 21 ¶2: 方便信访人查询). Built from an allow-list:
 * only the event types below appear, each worded for the petitioner, naming bodies but never staff, and carrying
 * only the payload fields the petitioner is told anyway (the outcome, a refusal's reason and article, an extension's
 * reason and new date, a hearing's day and place). Internal steps — return requests (申请退回), completion reports
 * (办结报告), supervision, notes, repeat bookkeeping — are left out. A new event type stays hidden until it is added here.
 */

type Payload = Record<string, unknown>;

interface Wording {
  label: string;
  text: (p: Payload, w: WordingContext) => string;
}

interface WordingContext {
  /** The body that acted (its name), or '' when unknown. */
  actor: string;
  body: (id: unknown) => string;
  /** The due date of `clock` right after this event (extensions). */
  dueAfter: (clock: string) => string | null;
}

const outcome = (v: unknown) => OUTCOME_LABELS[v as Outcome] ?? '';
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export const CITIZEN_EVENTS = {
  registered: { label: '已登记', text: (_p, w) => `${w.actor || '信访部门'}已登记您的信访事项` },
  forwarded: { label: '已转送', text: (p, w) => `已转送${w.body(p.toBodyId)}办理` },
  assigned: { label: '已交办', text: (p, w) => `已交办${w.body(p.toBodyId)}办理` },
  retained: { label: '本级办理', text: (_p, w) => `${w.actor || '信访部门'}决定由本机关办理` },
  accepted: {
    label: '已受理',
    text: (p, w) => `${w.actor || '有权处理机关'}已受理${PROCEDURE_LABELS[p.procedure as Procedure] ? `，适用${PROCEDURE_LABELS[p.procedure as Procedure]}` : ''}`,
  },
  rejected: {
    label: '不予受理',
    text: (p, w) => `${w.actor || '有权处理机关'}决定不予受理${str(p.reason) ? `。理由：${str(p.reason)}` : ''}${str(p.article) ? `（依据：${str(p.article)}）` : ''}`,
  },
  redirected: {
    label: '已导入法定途径',
    text: (p, w) =>
      `该事项依法应通过其他法定途径解决，已导入${REDIRECT_CHANNEL_LABELS[p.channel as RedirectChannel] ?? '相应法定途径'}${w.body(p.toBodyId) ? `（${w.body(p.toBodyId)}）` : ''}`,
  },
  extended: {
    label: '已延期',
    text: (p, w) => {
      const due = w.dueAfter('handling');
      return `办理期限延长${typeof p.days === 'number' ? ` ${p.days} 日` : ''}${due ? `，延长后至 ${due}` : ''}${str(p.reason) ? `。延期理由：${str(p.reason)}` : ''}`;
    },
  },
  replied: { label: '已出具处理意见', text: (p, w) => `${w.actor || '有权处理机关'}已出具信访处理意见：${outcome(p.outcome)}` },
  delivered: {
    label: '已送达',
    text: (p) => `信访处理意见已送达${DELIVERY_METHOD_LABELS[p.method as DeliveryMethod] ? `（${DELIVERY_METHOD_LABELS[p.method as DeliveryMethod]}）` : ''}`,
  },
  evaluated: { label: '已评价', text: (p) => `满意度评价：${RATING_LABELS[p.rating as Rating] ?? ''}${str(p.comment).trim() ? `。评价意见：${str(p.comment).trim()}` : ''}` },
  reviewRequested: { label: '已请求复查', text: (p, w) => `已提出复查请求，复查机关：${w.body(p.reviewBodyId)}` },
  reviewOpinionIssued: {
    label: '已出具复查意见',
    text: (p, w) => `${w.actor || '复查机关'}已出具复查意见：${outcome(p.outcome)}${str(p.deliveredOn) ? `（${str(p.deliveredOn)} 送达）` : ''}`,
  },
  reReviewRequested: { label: '已请求复核', text: (p, w) => `已提出复核请求，复核机关：${w.body(p.reReviewBodyId)}` },
  // The petitioner is told of the hearing anyway (听证通知书); its record and conclusion are in the 听证笔录.
  hearingStarted: {
    label: '决定举行听证',
    text: (p, w) => {
      const place = str(p.place);
      const when = `${str(p.heldOn)}${str(p.time) ? ` ${str(p.time)}` : ''}`;
      return `${w.actor || '复核机关'}决定举行听证${when.trim() ? `，时间：${when}` : ''}${place ? `，地点：${place}` : ''}。听证所需时间不计入复核期限`;
    },
  },
  hearingRescheduled: {
    label: '听证改期',
    text: (p, w) =>
      `${w.actor || '复核机关'}将听证改期至${str(p.heldOn)}${str(p.time) ? ` ${str(p.time)}` : ''}${str(p.place) ? `，地点：${str(p.place)}` : ''}${str(p.reason) ? `。改期理由：${str(p.reason)}` : ''}`,
  },
  hearingEnded: {
    label: '听证结束',
    text: (p) => (p.withdrawn === true ? '听证申请已撤回，听证未举行' : '听证已举行，听证笔录可在下方文书中查看'),
  },
  reReviewOpinionIssued: {
    label: '已出具复核意见',
    text: (p, w) =>
      `${w.actor || '复核机关'}已出具复核意见：${outcome(p.outcome)}${str(p.deliveredOn) ? `（${str(p.deliveredOn)} 送达）` : ''}。复核意见为最终意见，以同一事实和理由再提出的诉求不再受理（《信访工作条例》第三十六条）`,
  },
  reReviewOpinionPublished: { label: '复核意见已公示', text: (_p, w) => `${w.actor || '复核机关'}已将经过听证的复核意见依法向社会公示` },
  lapsed: {
    label: '已办结',
    text: (p) => `${p.window === 'reReviewRequestWindow' ? '申请复核' : '申请复查'}期限届满，未提出请求，信访事项已办结`,
  },
} as const satisfies Partial<Record<EventType, Wording>>;

const CITIZEN_EVENT_TYPES = Object.keys(CITIZEN_EVENTS) as (keyof typeof CITIZEN_EVENTS)[];

/** Statuses as the petitioner sees them: a pending return request is the handling body's internal matter. */
export function citizenStatusLabel(status: string): string {
  if (status === 'returnRequested') return STATUS_LABELS.dispatched;
  return STATUS_LABELS[status as MatterStatus] ?? status;
}

export interface CitizenTimelineEntry {
  type: string;
  label: string;
  on: string;
  text: string;
}

export interface CitizenMatter {
  number: string;
  title: string;
  status: string;
  statusLabel: string;
  timeline: CitizenTimelineEntry[];
  documents: { id: string; number: string; title: string; kindLabel: string; issuedOn: string }[];
  /** What the petitioner may do now (evaluate, request a review or re-review), with each window's last day. */
  actions: CitizenAction[];
}

export interface CitizenView {
  petition: {
    number: string;
    title: string;
    receivedAt: string;
    receivedOn: string;
    channelLabel: string;
    registeringBody: string;
  };
  matters: CitizenMatter[];
}

type PetitionRow = typeof petitions.$inferSelect;

export async function citizenView(
  db: DbOrTx,
  calendar: Calendar,
  petition: PetitionRow,
  opts: { now: Date; config: TimeLimitConfig },
): Promise<CitizenView> {
  const linked = await db
    .select({ id: matters.id, number: matters.number, title: matters.title, status: matters.status, state: matters.state })
    .from(petitionMatters)
    .innerJoin(matters, eq(matters.id, petitionMatters.matterId))
    .where(eq(petitionMatters.petitionId, petition.id))
    .orderBy(asc(matters.number));
  const ids = linked.map((m) => m.id);
  const rows = ids.length
    ? await db
        .select({ entityId: events.entityId, type: events.type, onDate: events.onDate, actorBodyId: events.actorBodyId, payload: events.payload, clockEffects: events.clockEffects })
        .from(events)
        .where(and(eq(events.entityType, 'matter'), inArray(events.entityId, ids)))
        .orderBy(asc(events.entityId), asc(events.seq))
    : [];

  // Notices addressed to the petitioner; letters between bodies stay internal.
  const docs = ids.length
    ? await db
        .select({ id: documents.id, matterId: documents.matterId, number: documents.number, title: documents.title, kind: documents.kind, issuedOn: documents.issuedOn })
        .from(documents)
        .where(and(inArray(documents.matterId, ids), eq(documents.forPetitioner, true)))
        .orderBy(asc(documents.createdAt))
    : [];

  const mentioned = new Set<string>([petition.registeringBodyId]);
  for (const r of rows) {
    if (r.actorBodyId) mentioned.add(r.actorBodyId);
    const p = r.payload as Payload;
    for (const k of ['toBodyId', 'reviewBodyId', 'reReviewBodyId']) if (typeof p[k] === 'string') mentioned.add(p[k]);
  }
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const bodyIds = [...mentioned].filter((id) => UUID.test(id));
  const names = new Map(
    bodyIds.length ? (await db.select({ id: bodies.id, name: bodies.name }).from(bodies).where(inArray(bodies.id, bodyIds))).map((b) => [b.id, b.name]) : [],
  );
  const body = (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? '') : '');

  const actions = new Map<string, CitizenAction[]>();
  for (const m of linked) actions.set(m.id, await citizenActions(db, m.state as MatterState, { now: opts.now, calendar, config: opts.config }));

  return {
    petition: {
      number: petition.number,
      title: petition.title,
      receivedAt: petition.receivedAt.toISOString(),
      receivedOn: petition.receivedOn,
      channelLabel: CHANNEL_LABELS[petition.channel as Channel] ?? petition.channel,
      registeringBody: body(petition.registeringBodyId),
    },
    matters: linked.map((m) => {
      let clocks: ClockMap = {};
      const timeline: CitizenTimelineEntry[] = [];
      for (const r of rows) {
        if (r.entityId !== m.id) continue;
        // The clocks are folded along, for the due dates an event sets (an extension's new date).
        try {
          for (const effect of (r.clockEffects as ClockEffect[]) ?? []) clocks = applyClockEffect(clocks, effect, r.type as EventType);
        } catch {
          clocks = {};
        }
        if (!(CITIZEN_EVENT_TYPES as string[]).includes(r.type)) continue;
        const wording: Wording = CITIZEN_EVENTS[r.type as keyof typeof CITIZEN_EVENTS];
        const snapshot = clocks;
        timeline.push({
          type: r.type,
          label: wording.label,
          on: r.onDate,
          text: wording.text(r.payload as Payload, {
            actor: body(r.actorBodyId),
            body,
            dueAfter: (name) => {
              const c = snapshot[name as keyof ClockMap];
              return c ? clockDue(c, calendar).due : null;
            },
          }),
        });
      }
      const notices = docs
        .filter((d) => d.matterId === m.id)
        .map((d) => ({ id: d.id, number: d.number, title: d.title, kindLabel: DOCUMENT_KIND_LABELS[d.kind as DocumentKind] ?? d.kind, issuedOn: d.issuedOn }));
      return { number: m.number, title: m.title, status: m.status, statusLabel: citizenStatusLabel(m.status), timeline, documents: notices, actions: actions.get(m.id) ?? [] };
    }),
  };
}
