import { and, asc, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { matters, bodies, events, matterPetitioners, petitionMatters, petitionPetitioners, petitioners, petitions, users } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import type { Calendar, IsoDate } from '../../domain/calendar';
import {
  CHANNEL_LABELS,
  CLOCK_STATUS_LABELS,
  EVENT_LABELS,
  OUTCOME_LABELS,
  DELIVERY_METHOD_LABELS,
  RATING_LABELS,
  AGREEMENT_KIND_LABELS,
  HEARING_OFFICER_SOURCE_LABELS,
  HEARING_PARTICIPANT_ROLE_LABELS,
  INVESTIGATION_KIND_LABELS,
  POSITION_LABELS,
  PROCEDURE_LABELS,
  STATUS_LABELS,
  guards,
  SUPERVISION_LETTER_LABELS,
  SUPERVISION_METHOD_LABELS,
  SUPERVISION_VERDICT_LABELS,
  APPEAL_DISPOSITION_LABELS,
  clockList,
  clockView,
  draftPredatesHearing,
  reviewedOpinion,
  type AppealDisposition,
  type Channel,
  type ClockName,
  type ClockState,
  type DeliveryMethod,
  type EventType,
  type HearingPlan,
  type Rating,
  type MatterState,
  type SupervisionLetterKind,
  type SupervisionMethod,
  type SupervisionVerdict,
  type TimeLimitConfig,
  type TimeLimitName,
} from '../../domain/lifecycle';

import { ART31_ROUTE_LABELS, PURPOSE_LABELS, categoryNames, type Art31Route, type CategoryNode, type Purpose } from '../../domain/classification';
import { maskIdNumber, maskPhone } from '../../domain/identity';
import { bodyNames, regionNames, userNames } from '../org/names';
import { getSetting } from '../settings/service';

type MatterRow = typeof matters.$inferSelect;


/** Which configured time limit each clock runs on, and from which act it counts (for the rule shown to users). */
const CLOCK_RULES: Record<ClockName, { limit: TimeLimitName | null; fromZh: string; article?: string }> = {
  dispatch: { limit: 'dispatch', fromZh: '收到信访事项之日' },
  acceptanceNotice: { limit: 'acceptanceNotice', fromZh: '收到信访事项之日' },
  returnWindow: { limit: 'returnWindow', fromZh: '收到转送交办之日' },
  assignment: { limit: null, fromZh: '交办之日', article: '《信访工作条例》第二十二条（交办函确定的期限）' },
  handling: { limit: 'ordinaryHandling', fromZh: '受理之日' },
  reviewRequestWindow: { limit: 'reviewRequestWindow', fromZh: '收到书面答复之日' },
  evaluationWindow: { limit: 'evaluationWindow', fromZh: '答复送达之日' },
  reviewDecision: { limit: 'reviewDecision', fromZh: '收到复查请求之日' },
  reReviewRequestWindow: { limit: 'reReviewRequestWindow', fromZh: '收到复查意见之日' },
  reReviewDecision: { limit: 'reReviewDecision', fromZh: '收到复核请求之日' },
  supervisionReply: { limit: null, fromZh: '督办之日', article: '《信访工作条例》第四十条（督办函确定的回复期限）' },
  listedSupervision: { limit: null, fromZh: '挂牌督办之日', article: '《信访工作条例》第三十九条第三款（挂牌督办确定的期限）' },
};

// Personal data is masked for every response at the serializer (src/http/pii.ts, src/domain/identity/mask.ts):
// views return what is stored; they need not know who reads.

export function clockViewWithRule(clock: ClockState, state: MatterState, today: IsoDate, calendar: Calendar, timeLimits: TimeLimitConfig) {
  const v = clockView(clock, today, calendar);
  const meta = CLOCK_RULES[clock.name];
  const limitName: TimeLimitName | null =
    clock.name === 'handling' ? (state.procedure === 'simple' ? 'simpleHandling' : 'ordinaryHandling') : meta.limit;
  const unitZh = clock.unit === 'days' ? '日' : '个工作日';
  const article = limitName ? timeLimits[limitName].article : (meta.article ?? '');
  const extra = clock.pausedDays > 0 ? `（听证等不计入的 ${clock.pausedDays} 日已顺延）` : '';
  // An approved extension (Art. 34) is shown as such: 60日，经批准延长30日 — not as a 90-day limit nobody set.
  const extended = clock.name === 'handling' ? (state.extensionDays ?? 0) : 0;
  const limitText = extended > 0 ? `${v.amount - extended}${unitZh}，经批准延长${extended}日` : `${v.amount}${unitZh}`;
  return {
    name: v.name,
    label: v.labelZh,
    kind: v.kind,
    from: v.from,
    due: v.due,
    unit: v.unit,
    amount: v.amount,
    rule: { text: `${meta.fromZh}起${limitText}${extra}`, article },
    provisional: v.provisional,
    status: v.status,
    statusLabel: CLOCK_STATUS_LABELS[v.status],
    stoppedOn: v.stoppedOn,
    daysLeft: v.daysLeft,
  };
}
export type ClockViewDto = ReturnType<typeof clockViewWithRule>;

/** The clock a user should look at first: the running deadline due soonest, else the running window. */
function nextClock(state: MatterState, today: IsoDate, calendar: Calendar, limits: TimeLimitConfig): ClockViewDto | null {
  const running = clockList(state.clocks)
    .filter((c) => c.stoppedOn === null)
    .map((c) => clockViewWithRule(c, state, today, calendar, limits))
    .sort((a, b) => (a.kind === b.kind ? a.due.localeCompare(b.due) : a.kind === 'deadline' ? -1 : 1));
  return running[0] ?? null;
}

/** List rows. */
export async function toSummaries(db: DbOrTx, rows: MatterRow[], today: IsoDate, calendar: Calendar, limits: TimeLimitConfig) {
  const bodyName = await bodyNames(db, rows.map((r) => r.responsibleBodyId));
  const regionName = await regionNames(db, rows.map((r) => r.regionCode));
  return rows.map((r) => {
    const state = r.state as MatterState;
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      // The state is the typed source; the row's columns are its projection (matters/projection.ts).
      status: state.status,
      statusLabel: STATUS_LABELS[state.status],
      channel: state.facts.channel,
      channelLabel: CHANNEL_LABELS[state.facts.channel] ?? state.facts.channel,
      regionCode: r.regionCode,
      regionName: regionName.get(r.regionCode) ?? r.regionCode,
      responsibleBody: r.responsibleBodyId ? { id: r.responsibleBodyId, name: bodyName.get(r.responsibleBodyId) ?? '' } : null,
      receivedOn: r.receivedOn,
      nextClock: nextClock(state, today, calendar, limits),
    };
  });
}

const RELATION_LABELS: Record<'origin' | 'repeat' | 'joined', string> = { origin: '初次登记', repeat: '重复件', joined: '并入集体事项' };

/** The matter page's matter. */
export async function toDetail(db: DbOrTx, row: MatterRow, today: IsoDate, calendar: Calendar, limits: TimeLimitConfig) {
  const [summary] = await toSummaries(db, [row], today, calendar, limits);
  const state = row.state as MatterState;
  const people = await db
    .select({ id: petitioners.id, name: petitioners.name, idNumber: petitioners.idNumber, phone: petitioners.phone, isRepresentative: matterPetitioners.isRepresentative })
    .from(matterPetitioners)
    .innerJoin(petitioners, eq(petitioners.id, matterPetitioners.petitionerId))
    .where(eq(matterPetitioners.matterId, row.id))
    .orderBy(desc(matterPetitioners.isRepresentative), petitioners.name);
  // The names the petitions gave where the registry holds another under the same ID number (a portal submission or an
  // archive row written under another name is registered to the person of that ID number): shown, never hidden.
  const given = await db
    .selectDistinct({ petitionerId: petitionPetitioners.petitionerId, name: petitionPetitioners.nameAsGiven })
    .from(petitionMatters)
    .innerJoin(petitionPetitioners, eq(petitionPetitioners.petitionId, petitionMatters.petitionId))
    .where(eq(petitionMatters.matterId, row.id));
  const otherNames = (p: { id: string; name: string }) =>
    given.filter((g) => g.petitionerId === p.id && g.name && g.name !== p.name).map((g) => g.name!).sort();
  const carried = await db
    .select({ id: petitions.id, number: petitions.number, channel: petitions.channel, receivedOn: petitions.receivedOn, relation: petitionMatters.relation, source: petitions.source, peopleCount: petitions.peopleCount })
    .from(petitionMatters)
    .innerJoin(petitions, eq(petitions.id, petitionMatters.petitionId))
    .where(eq(petitionMatters.matterId, row.id))
    .orderBy(petitions.receivedAt);
  // One query per kind of name for the whole page.
  const bodyName = await bodyNames(db, [row.registeringBodyId, ...supervisionBodyIds(state), ...appealBodyIds(state)]);
  const userName = await userNames(db, [...opinionDraftUserIds(state), ...workspaceUserIds(state), ...(state.extensionRequest ? [state.extensionRequest.requestedBy] : [])]);
  return {
    ...summary!,
    content: row.content,
    respondent: row.respondent,
    place: row.place,
    category: row.category,
    petitioners: people.map((p) => ({
      id: p.id,
      name: p.name,
      namesAsGiven: otherNames(p),
      idNumberMasked: maskIdNumber(p.idNumber),
      phoneMasked: maskPhone(p.phone),
      isRepresentative: p.isRepresentative,
    })),
    petitions: carried.map(({ peopleCount: _n, ...p }) => ({ ...p, channelLabel: CHANNEL_LABELS[p.channel as Channel] ?? p.channel, relationLabel: RELATION_LABELS[p.relation] })),
    procedure: state.procedure,
    procedureLabel: state.procedure ? PROCEDURE_LABELS[state.procedure] : null,
    registeringBody: { id: row.registeringBodyId, name: bodyName.get(row.registeringBodyId) ?? '' },
    facts: { firstPetition: state.facts.firstPetition, collective: state.facts.collective, referredByHigherLevel: state.facts.referredByHigherLevel },
    peopleCount: Math.max(1, ...carried.map((p) => p.peopleCount)),
    classification: classificationView(state, await getSetting(db, 'categoryTree')),
    supervision: supervisionView(state, bodyName),
    opinionDraft: opinionDraftView(state, userName),
    appeal: appealView(state, bodyName),
    extensionRequest: extensionRequestView(state, userName),
    workspace: workspaceView(state, userName, state.facts.firstPetition ? await getSetting(db, 'firstPetitionChecklist') : []),
    hearings: hearingsView(state),
    completionReportReturns: state.completionReportReturns ?? 0,
    flags: row.flags,
  };
}

/**
 * 分诉求登记: the other matters registered from the petitions this matter came from (relation origin on both sides),
 * so each demand's page leads to the others. `scope` is the caller's matter scope: a sibling outside it is listed
 * by number only.
 */
export async function splitSiblings(db: DbOrTx, matterId: string, scope: SQL) {
  const mine = alias(petitionMatters, 'mine');
  const rows = await db
    .select({ id: matters.id, number: matters.number, title: matters.title, status: matters.status, petitionId: petitions.id, petitionNumber: petitions.number, visible: sql<boolean>`${scope}` })
    .from(mine)
    .innerJoin(petitionMatters, and(eq(petitionMatters.petitionId, mine.petitionId), eq(petitionMatters.relation, 'origin'), ne(petitionMatters.matterId, matterId)))
    .innerJoin(matters, eq(matters.id, petitionMatters.matterId))
    .innerJoin(petitions, eq(petitions.id, mine.petitionId))
    .where(and(eq(mine.matterId, matterId), eq(mine.relation, 'origin')))
    .orderBy(asc(matters.number));
  return rows.map((r) => {
    const visible = Boolean(r.visible);
    return { id: r.id, number: r.number, title: visible ? r.title : null, statusLabel: visible ? STATUS_LABELS[r.status as MatterState['status']] : null, petitionId: r.petitionId, petitionNumber: r.petitionNumber, visible };
  });
}

/** 听证 of the re-review (Art. 36 ¶2): the one in progress, those held, and the opinion's publication (公示). */
export function hearingsView(state: MatterState) {
  const plan = (p: HearingPlan | undefined) =>
    p
      ? {
          ...p,
          officers: p.officers.map((o) => ({ name: o.name, affiliation: o.affiliation ?? null, proposedBy: o.proposedBy, proposedByLabel: HEARING_OFFICER_SOURCE_LABELS[o.proposedBy] })),
          participants: p.participants.map((x) => ({ ...x, roleLabel: HEARING_PARTICIPANT_ROLE_LABELS[x.role] })),
        }
      : null;
  return {
    current: state.hearing ? { startedOn: state.hearing.startedOn, plan: plan(state.hearing.plan) } : null,
    held: state.hearings.map((h) => ({ startedOn: h.startedOn, endedOn: h.endedOn, plan: plan(h.plan), outcome: h.outcome ?? null })),
    publication: state.publication ?? null,
  };
}

const EMPTY_WORKSPACE = { investigations: [], agreements: [], caseLeader: null, checklist: [] };

function workspaceUserIds(state: MatterState): string[] {
  const w = state.workspace ?? EMPTY_WORKSPACE;
  return [...w.investigations.map((x) => x.by), ...w.agreements.map((x) => x.by), ...w.checklist.map((x) => x.by)];
}

/** The handling workspace (办理工作台) with labels and names; the first-time checklist with every item done or missing. */
export function workspaceView(state: MatterState, userName: Map<string, string>, items: readonly { key: string; labelZh: string }[]) {
  const w = state.workspace ?? EMPTY_WORKSPACE;
  const name = (id: string) => userName.get(id) ?? id;
  return {
    investigations: w.investigations.map((x) => ({ ...x, kindLabel: INVESTIGATION_KIND_LABELS[x.kind], byName: name(x.by) })),
    agreements: w.agreements.map((x) => ({ ...x, kindLabel: AGREEMENT_KIND_LABELS[x.kind], byName: name(x.by) })),
    caseLeader: w.caseLeader,
    checklist: items.map((it) => {
      const done = w.checklist.find((c) => c.item === it.key);
      return { key: it.key, labelZh: it.labelZh, done: !!done, on: done?.on ?? null, byName: done ? name(done.by) : null, note: done?.note ?? null };
    }),
  };
}

function opinionDraftUserIds(state: MatterState): string[] {
  const d = state.opinionDraft;
  return d ? [d.draftedBy, ...d.signatures.map((x) => x.userId)] : [];
}

/** The handling opinion being signed (处理意见 签批): its text, the chain, who signed each step and whose turn it is. */
export function opinionDraftView(state: MatterState, userName: Map<string, string>) {
  const d = state.opinionDraft ?? null;
  if (!d) return null;
  const name = (id: string) => userName.get(id) ?? id;
  const next = d.chain[d.signatures.length] ?? null;
  return {
    outcome: d.outcome,
    outcomeLabel: OUTCOME_LABELS[d.outcome],
    summary: d.summary,
    request: d.request,
    facts: d.facts,
    legalBasis: d.legalBasis,
    draftedOn: d.draftedOn,
    draftedBy: { id: d.draftedBy, name: name(d.draftedBy) },
    chain: d.chain.map((st) => ({ key: st.key, labelZh: st.labelZh, position: guards.signOffPosition(st) })),
    signatures: d.signatures.map((x) => ({
      step: x.step,
      stepLabel: d.chain.find((st) => st.key === x.step)?.labelZh ?? x.step,
      signer: { id: x.userId, name: name(x.userId) },
      /** The position it was signed as (absent for signatures made before positions). */
      positionLabel: x.position ? POSITION_LABELS[x.position] : null,
      on: x.on,
      comment: x.comment,
    })),
    next: next ? { key: next.key, labelZh: next.labelZh, position: guards.signOffPosition(next) } : null,
    disposition: d.disposition ?? null,
    dispositionLabel: d.disposition ? APPEAL_DISPOSITION_LABELS[d.disposition] : null,
    /** The hearing record the draft predates (Art. 36 ¶2): it is drafted again before it is signed on or issued. */
    supersededByHearingOn: draftPredatesHearing(state),
  };
}

/** The appeal bodies a matter names (for one name query per page). */
export function appealBodyIds(state: MatterState): string[] {
  return [state.responsibleBodyId, state.reviewBodyId, state.reReviewBodyId].filter((x): x is string => !!x);
}

/**
 * 复查 / 复核 as the appeal body reads it: each request with the petitioner's reasons, and the opinion the current
 * appeal disposes of (维持 / 撤销 / 变更), with its outcome, body and date.
 */
export function appealView(state: MatterState, names: Map<string, string>) {
  const ref = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
  const request = (on: IsoDate | null, reasons: string | null | undefined, bodyId: string | null) => (on ? { on, reasons: reasons ?? null, body: ref(bodyId) } : null);
  const stage = state.status === 'review' ? 'review' : state.status === 'reReview' ? 'reReview' : null;
  const under = stage ? reviewedOpinion(state, stage) : null;
  return {
    reviewRequest: request(state.reviewRequestedOn, state.reviewRequestReasons, state.reviewBodyId),
    reReviewRequest: request(state.reReviewRequestedOn, state.reReviewRequestReasons, state.reReviewBodyId),
    underReview: under ? { noun: under.noun, outcome: under.outcome, outcomeLabel: OUTCOME_LABELS[under.outcome], on: under.on, body: ref(under.bodyId) } : null,
  };
}

/** 申请延期 awaiting the head (Art. 34), or null. */
export function extensionRequestView(state: MatterState, userName: Map<string, string>) {
  const r = state.extensionRequest ?? null;
  return r ? { on: r.on, days: r.days, reason: r.reason, requestedBy: { id: r.requestedBy, name: userName.get(r.requestedBy) ?? r.requestedBy } } : null;
}

/** The bodies a supervision names (for one name query per page). */
export function supervisionBodyIds(state: MatterState): string[] {
  return state.supervision ? [state.supervision.byBodyId, state.supervision.targetBodyId] : [];
}

/** The supervision in progress (督办) with its labels and the names of the bodies, or null. */
export function supervisionView(state: MatterState, names: Map<string, string>) {
  const s = state.supervision ?? null;
  if (!s) return null;
  return {
    openedOn: s.openedOn,
    by: { id: s.byBodyId, name: names.get(s.byBodyId) ?? '' },
    target: { id: s.targetBodyId, name: names.get(s.targetBodyId) ?? '' },
    method: s.method,
    methodLabel: SUPERVISION_METHOD_LABELS[s.method],
    letterKind: s.letterKind,
    letterLabel: s.letterKind ? SUPERVISION_LETTER_LABELS[s.letterKind] : null,
    reason: s.reason,
    replyDueOn: s.replyDueOn,
    listed: s.listed,
    listedDueOn: s.listedDueOn,
    reply: s.reply,
    rounds: s.rounds,
    escalatedTo: s.escalatedTo,
  };
}

export function clocksOf(row: MatterRow, today: IsoDate, calendar: Calendar, limits: TimeLimitConfig) {
  const state = row.state as MatterState;
  return clockList(state.clocks).map((c) => clockViewWithRule(c, state, today, calendar, limits));
}

/** A matter's classification with its labels (分类), or null before the acceptance office classified it. */
export function classificationView(state: MatterState, tree: readonly CategoryNode[]) {
  const c = state.classification ?? null;
  if (!c) return null;
  return {
    purpose: c.purpose,
    purposeLabel: PURPOSE_LABELS[c.purpose] ?? c.purpose,
    categoryPath: c.categoryPath,
    categoryNames: categoryNames(tree, c.categoryPath),
    art31Route: c.art31Route,
    art31RouteLabel: c.art31Route ? ART31_ROUTE_LABELS[c.art31Route] : null,
  };
}

const CORRECTED_FIELD_LABELS: Record<string, string> = { title: '标题', content: '诉求内容', respondent: '被反映单位', place: '地点', regionCode: '行政区划' };

/** What a summary needs besides the event: names and the configured labels. */
interface SummaryContext {
  bodyName: (id: unknown) => string;
  tree: readonly CategoryNode[];
  itemLabel: (key: string) => string;
  /** The label of a sign-off step in the chain of the draft being signed (recorded with the draft). */
  stepLabel: (key: string) => string;
}

function summarise(type: string, payload: Record<string, unknown>, { bodyName, tree, itemLabel, stepLabel }: SummaryContext): string {
  const p = payload;
  switch (type) {
    case 'classified': {
      const route = ART31_ROUTE_LABELS[p.art31Route as Art31Route];
      return [PURPOSE_LABELS[p.purpose as Purpose] ?? '', categoryNames(tree, (p.categoryPath as string[]) ?? []).join(' › '), route ?? ''].filter(Boolean).join('｜');
    }
    case 'retained':
    case 'returnUpheld':
      return String(p.note ?? '');
    case 'registrationSentBack':
    case 'dispatchFlagged':
      return String(p.reason ?? '');
    case 'registrationCorrected':
      return `更正${Object.keys((p.changes as object) ?? {}).map((k) => CORRECTED_FIELD_LABELS[k] ?? k).join('、')}${p.note ? `：${String(p.note)}` : ''}`;
    case 'accepted':
      return PROCEDURE_LABELS[p.procedure as keyof typeof PROCEDURE_LABELS] ?? '';
    case 'registered':
      return `收到日期 ${String((p.facts as { receivedOn?: string } | undefined)?.receivedOn ?? '')}`;
    case 'forwarded':
    case 'assigned':
      return `转至 ${bodyName(p.toBodyId)}${p.dueOn ? `，办理期限 ${String(p.dueOn)}` : ''}`;
    case 'redirected':
      return `转至 ${bodyName(p.toBodyId)}${p.reason ? `：${String(p.reason)}` : ''}`;
    case 'extended':
      return `延期 ${String(p.days)} 日：${String(p.reason ?? '')}`;
    case 'extensionRequested':
      return `申请延期 ${String(p.days)} 日：${String(p.reason ?? '')}`;
    case 'extensionRefused':
      return `不予批准延期：${String(p.reason ?? '')}`;
    case 'rejected':
    case 'returnRequested':
    case 'returnDismissed':
    case 'completionReportReturned':
      return String(p.reason ?? '');
    case 'replied':
    case 'supervisionReplied':
      return String(p.summary ?? '');
    case 'investigationRecorded':
      return `${INVESTIGATION_KIND_LABELS[p.kind as keyof typeof INVESTIGATION_KIND_LABELS] ?? ''}：${String(p.summary ?? '')}`;
    case 'agreementRecorded':
      return `${AGREEMENT_KIND_LABELS[p.kind as keyof typeof AGREEMENT_KIND_LABELS] ?? ''}：${String(p.summary ?? '')}`;
    case 'caseLeaderNamed':
      return `包案领导：${String(p.name ?? '')}${p.title ? `（${String(p.title)}）` : ''}`;
    case 'checklistItemChecked':
      return `${itemLabel(String(p.item ?? ''))}${p.note ? `：${String(p.note)}` : ''}`;
    case 'opinionDrafted':
      return `${OUTCOME_LABELS[p.outcome as keyof typeof OUTCOME_LABELS] ?? ''}：${String(p.summary ?? '')}`;
    case 'opinionSigned':
      return `${stepLabel(String(p.step ?? ''))}签批${p.comment ? `：${String(p.comment)}` : ''}`;
    case 'supervised':
      return [
        `${SUPERVISION_METHOD_LABELS[p.method as SupervisionMethod] ?? ''}${p.letterKind ? `（${SUPERVISION_LETTER_LABELS[p.letterKind as SupervisionLetterKind]}）` : ''}`,
        `督办 ${bodyName(p.targetBodyId)}：${String(p.reason ?? '')}`,
        `回复期限 ${String(p.replyDueOn ?? '')}`,
        p.listed ? `挂牌督办至 ${String(p.listedDueOn ?? '')}` : '',
      ]
        .filter(Boolean)
        .join('，');
    case 'supervisionAssessed':
      return `${SUPERVISION_VERDICT_LABELS[p.verdict as SupervisionVerdict] ?? ''}${p.note ? `：${String(p.note)}` : ''}${p.replyDueOn ? `，新回复期限 ${String(p.replyDueOn)}` : ''}`;
    case 'supervisionEscalated':
      return `提级至${String(p.toLeader ?? '')}：${String(p.reason ?? '')}`;
    case 'delivered':
      return DELIVERY_METHOD_LABELS[p.method as DeliveryMethod] ?? '';
    case 'evaluated':
      return `${RATING_LABELS[p.rating as Rating] ?? ''}${p.comment ? `：${String(p.comment)}` : ''}`;
    case 'reviewRequested':
      return `复查机关：${bodyName(p.reviewBodyId)}${p.reasons ? `；理由：${String(p.reasons)}` : ''}`;
    case 'reReviewRequested':
      return `复核机关：${bodyName(p.reReviewBodyId)}${p.reasons ? `；理由：${String(p.reasons)}` : ''}`;
    case 'reviewOpinionIssued':
    case 'reReviewOpinionIssued': {
      const disposition = p.disposition ? `${APPEAL_DISPOSITION_LABELS[p.disposition as AppealDisposition]}原${type === 'reviewOpinionIssued' ? '处理意见' : '复查意见'}，` : '';
      return `${disposition}${OUTCOME_LABELS[p.outcome as keyof typeof OUTCOME_LABELS] ?? ''}${p.summary ? `：${String(p.summary)}` : ''}（${String(p.deliveredOn ?? '')} 送达）`;
    }
    case 'hearingStarted': {
      // Hearings recorded before they had a notice carry no plan.
      if (typeof p.place !== 'string') return '';
      const officers = Array.isArray(p.officers) ? (p.officers as { name?: string }[]).map((o) => o.name ?? '').join('、') : '';
      return `听证定于 ${String(p.heldOn ?? '')}${p.time ? ` ${String(p.time)}` : ''}，地点：${p.place}，主持人：${String(p.presidingOfficer ?? '')}，听证员：${officers}`;
    }
    case 'hearingRescheduled':
      return `改期至 ${String(p.heldOn ?? '')}${p.time ? ` ${String(p.time)}` : ''}${p.place ? `，地点：${String(p.place)}` : ''}：${String(p.reason ?? '')}`;
    case 'hearingEnded':
      return p.withdrawn === true ? `撤回听证：${String(p.record ?? '')}` : p.conclusion ? `听证结论：${String(p.conclusion)}` : '';
    case 'reReviewOpinionPublished':
      return String(p.text ?? '');
    default:
      return '';
  }
}

/** A matter's timeline. */
export async function eventsOf(db: DbOrTx, matterId: string) {
  const rows = await db
    .select({ e: events, actorName: users.displayName, bodyName: bodies.name })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorUserId))
    .leftJoin(bodies, eq(bodies.id, events.actorBodyId))
    .where(and(eq(events.entityType, 'matter'), eq(events.entityId, matterId)))
    .orderBy(asc(events.seq));
  const mentioned = rows
    .flatMap((r) => {
      const p = r.e.payload as Record<string, unknown>;
      return [p.toBodyId, p.targetBodyId, p.reviewBodyId, p.reReviewBodyId] as (string | undefined)[];
    })
    .filter(Boolean) as string[];
  const names = await bodyNames(db, mentioned);
  const tree = await getSetting(db, 'categoryTree');
  const items = await getSetting(db, 'firstPetitionChecklist');
  const itemLabel = (key: string) => items.find((i) => i.key === key)?.labelZh ?? key;
  // Signatures name their step by key; its label is in the chain the latest draft recorded (the stream is in order).
  let chain: readonly { key: string; labelZh: string }[] = [];
  const stepLabel = (key: string) => chain.find((st) => st.key === key)?.labelZh ?? key;
  // Drafts and signatures after a review or re-review request are the appeal body's 复查意见 / 复核意见.
  let opinionNoun = '处理意见';
  return rows.map(({ e, actorName, bodyName }) => {
    if (e.type === 'opinionDrafted') chain = (e.payload as { chain?: typeof chain }).chain ?? [];
    if (e.type === 'reviewRequested') opinionNoun = '复查意见';
    if (e.type === 'reReviewRequested') opinionNoun = '复核意见';
    const label = EVENT_LABELS[e.type as EventType] ?? e.type;
    const summary = summarise(e.type, e.payload as Record<string, unknown>, { bodyName: (id) => names.get(String(id)) ?? String(id ?? ''), tree, itemLabel, stepLabel });
    const payload = e.payload as Record<string, unknown>;
    return {
      seq: e.seq,
      type: e.type,
      label: e.type === 'opinionDrafted' || e.type === 'opinionSigned' ? label.replace('处理意见', opinionNoun) : label,
      on: e.onDate,
      occurredAt: e.occurredAt.toISOString(),
      actor: { id: e.actorUserId ?? 'system', name: actorName ?? (e.actorRoles.includes('system') ? '系统' : '') },
      body: { id: e.actorBodyId ?? '', name: bodyName ?? '' },
      summary,
      payload,
    };
  });
}
