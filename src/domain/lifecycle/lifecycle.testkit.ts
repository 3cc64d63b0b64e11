/**
 * Test support for the lifecycle tests (not used by production code): the real official calendar, a small org, and a
 * `Course` that drives a matter step by step and checks after every step that replaying the events reproduces
 * `decide`'s `next` and that the state survives a JSON round-trip.
 */
import { expect } from 'vitest';
import { Calendar, officialCalendarData, type IsoDate } from '../calendar';
import { clockDue } from './clocks';
import { NATIONAL_TIME_LIMITS, type TimeLimitConfig } from './config';
import { decide, type Decision } from './decide';
import { replay } from './evolve';
import type { Actor, Position, ClockName, Command, CommandOf, CommandType, MatterEvent, MatterFacts, MatterState, MatterStatus, Outcome } from './types';

export const calendar = new Calendar(officialCalendarData());
export const config: TimeLimitConfig = NATIONAL_TIME_LIMITS;

// A small org: a city petition bureau, the housing bureau under the city government, the province above it.
export const BUREAU = 'city-petition-bureau';
export const BODY = 'city-housing-bureau';
export const OTHER_BODY = 'city-education-bureau';
export const REVIEW_BODY = 'city-government';
export const RE_REVIEW_BODY = 'province-housing-department';
export const COURT = 'city-intermediate-court';

function actor(userId: string, bodyId: string, ...roles: Actor['roles']): Actor {
  return { userId, bodyId, roles };
}

/** Staff of a body with their position (职务) in it: the sign-off chain and extensions read it. */
function staffer(userId: string, bodyId: string, position: Position, ...roles: Actor['roles']): Actor {
  return { userId, bodyId, roles, position };
}

export const A = {
  registrar: actor('u-registrar', BUREAU, 'registrar'),
  acceptanceOfficer: actor('u-acceptance', BUREAU, 'acceptanceOfficer'),
  supervisor: actor('u-supervisor', BUREAU, 'supervisor'),
  handler: staffer('u-handler', BODY, 'handler', 'handler'),
  /** The leader in charge (分管领导) of BODY. */
  head: staffer('u-head', BODY, 'deputyHead', 'bodyLeader'),
  /** A second leader of BODY: the principal leader (主要负责人) of the sign-off chain. */
  principal: staffer('u-principal', BODY, 'principalHead', 'bodyLeader'),
  bodyRegistrar: actor('u-body-registrar', BODY, 'registrar'),
  otherHandler: actor('u-other', OTHER_BODY, 'handler'),
  reviewHandler: staffer('u-review', REVIEW_BODY, 'handler', 'handler'),
  reviewHead: staffer('u-review-head', REVIEW_BODY, 'deputyHead', 'bodyLeader'),
  reviewPrincipal: staffer('u-review-principal', REVIEW_BODY, 'principalHead', 'bodyLeader'),
  reReviewHandler: staffer('u-rereview', RE_REVIEW_BODY, 'handler', 'handler'),
  reReviewHead: staffer('u-rereview-head', RE_REVIEW_BODY, 'deputyHead', 'bodyLeader'),
  reReviewPrincipal: staffer('u-rereview-principal', RE_REVIEW_BODY, 'principalHead', 'bodyLeader'),
  system: actor('system', BUREAU, 'system'),
  adminAtBody: actor('u-admin', BODY, 'admin'),
  adminAtBureau: actor('u-admin-bureau', BUREAU, 'admin'),
  auditor: actor('u-auditor', BUREAU, 'auditor'),
} as const;

/** Late enough that every date used in the tests is in the past. */
export const LATER = new Date('2026-12-31T04:00:00Z');

export function facts(over: Partial<MatterFacts> = {}): MatterFacts {
  return {
    channel: 'online',
    receivedOn: '2025-09-19',
    registeringBodyId: BUREAU,
    registeredByBureau: true,
    regionCode: '140100',
    firstPetition: true,
    referredByHigherLevel: false,
    collective: false,
    ...over,
  };
}

export function ctx(actor: Actor, now: Date = LATER) {
  return { now, actor, calendar, config };
}

/** The due date of a clock in a state (fails if the clock does not exist). */
export function dueOf(state: MatterState, clock: ClockName): IsoDate {
  const c = state.clocks[clock];
  if (!c) throw new Error(`no clock ${clock}`);
  return clockDue(c, calendar).due;
}

export function refusalOf(d: Decision) {
  if (d.ok) throw new Error(`expected a refusal, got ${d.events.map((e) => e.type).join(',')}`);
  return d.refusal;
}

/** A matter driven step by step. */
export class Course {
  state: MatterState | null = null;
  readonly events: MatterEvent[] = [];

  get current(): MatterState {
    if (!this.state) throw new Error('not registered');
    return this.state;
  }

  get status(): MatterStatus {
    return this.current.status;
  }

  /**
   * 出具处理意见 the way the statute and seed 003 require: drafted by the handler, signed by the handler, the leader in
   * charge and the principal leader (DEFAULT_SIGN_OFF_CHAIN), then issued; every step dated `on`.
   */
  reply(on: IsoDate, outcome: Outcome, summary: string): MatterEvent {
    this.step({ type: 'draftOpinion', on, outcome, summary }, A.handler);
    this.step({ type: 'signOpinion', on }, A.handler);
    this.step({ type: 'signOpinion', on }, A.head);
    this.step({ type: 'signOpinion', on }, A.principal);
    return this.step({ type: 'reply', on }, A.handler);
  }

  /** The review (复查) or re-review (复核) body drafts its opinion and its handler, leader in charge and principal sign it. */
  signAppealOpinion(stage: 'review' | 'reReview', on: IsoDate, outcome: Outcome = 'notSupport', summary = '维持原意见'): void {
    const [handler, head, principal] = stage === 'review' ? [A.reviewHandler, A.reviewHead, A.reviewPrincipal] : [A.reReviewHandler, A.reReviewHead, A.reReviewPrincipal];
    // 维持 when the outcome stays, 变更 when it changes (guards.dispositionValid).
    const reviewed = stage === 'review' ? this.current.opinion : this.current.reviewOpinion;
    const disposition = reviewed?.outcome === outcome ? 'uphold' : 'modify';
    this.step({ type: 'draftOpinion', on, outcome, summary, disposition }, handler);
    for (const signer of [handler, head, principal]) this.step({ type: 'signOpinion', on }, signer);
  }

  /** …and issues it (出具复查意见 / 复核意见), delivered on `deliveredOn`. */
  appealOpinion(stage: 'review' | 'reReview', on: IsoDate, deliveredOn: IsoDate, outcome: Outcome = 'notSupport', summary = '维持原意见'): MatterEvent {
    this.signAppealOpinion(stage, on, outcome, summary);
    const type = stage === 'review' ? 'issueReviewOpinion' : 'issueReReviewOpinion';
    return this.step({ type, on, deliveredOn }, stage === 'review' ? A.reviewHandler : A.reReviewHandler);
  }

  /** 申请延期 by the handler, 批准延期 by the head (分管领导), both on `on`: Art. 34. Returns the approval's event. */
  extend(on: IsoDate, days: number, reason: string): MatterEvent {
    this.step({ type: 'requestExtension', on, days, reason }, A.handler);
    return this.step({ type: 'extend', on }, A.head);
  }

  /** Decide without applying. */
  try(command: Command, by: Actor, now: Date = LATER): Decision {
    return decide(this.state, command, ctx(by, now));
  }

  /** Decide, expect success, apply, and check replay + JSON round-trip. Returns the event. */
  step(command: Command, by: Actor, now: Date = LATER): MatterEvent {
    const d = decide(this.state, command, ctx(by, now));
    if (!d.ok) throw new Error(`${command.type} refused: ${d.refusal.code} ${d.refusal.messageZh}`);
    expect(d.events).toHaveLength(1);
    const event = d.events[0]!;
    this.events.push(event);
    this.state = d.next;
    expect(replay(this.events)).toStrictEqual(d.next);
    expect(JSON.parse(JSON.stringify(d.next))).toStrictEqual(d.next);
    expect(JSON.parse(JSON.stringify(event))).toStrictEqual(event);
    expect(d.next.version).toBe(this.events.length);
    return event;
  }

  clone(): Course {
    const c = new Course();
    c.state = this.state;
    c.events.push(...this.events);
    return c;
  }
}

/** 依法分类 (Art. 29–31): a 求决 about property management, to be handled in the petition procedure (Art. 31 (六)). */
export const CLASSIFY: CommandOf<'classify'> = { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' };

/** A bureau-registered matter, classified by the acceptance office on `on` (the receipt day by default). */
export function classified(f: Partial<MatterFacts> = {}, on: IsoDate = f.receivedOn ?? '2025-09-19'): Course {
  const c = new Course();
  c.step({ type: 'register', on: f.receivedOn ?? '2025-09-19', facts: facts(f) }, A.registrar);
  c.step({ ...CLASSIFY, on }, f.registeredByBureau === false ? A.handler : A.acceptanceOfficer);
  return c;
}

/** A bureau-registered matter classified, then assigned/forwarded to BODY on `dispatchOn`. */
export function dispatched(kind: 'forward' | 'assign' = 'forward', dispatchOn: IsoDate = '2025-09-24', f: Partial<MatterFacts> = {}): Course {
  const c = classified(f);
  if (kind === 'forward') c.step({ type: 'forward', on: dispatchOn, toBodyId: BODY }, A.acceptanceOfficer);
  else c.step({ type: 'assign', on: dispatchOn, toBodyId: BODY, dueOn: '2025-12-10' }, A.acceptanceOfficer);
  return c;
}

/** …dispatched on 2025-09-24, then accepted under the ordinary procedure on `acceptOn` (not before 09-24). */
export function accepted(acceptOn: IsoDate = '2025-09-26', kind: 'forward' | 'assign' = 'forward'): Course {
  const c = dispatched(kind, '2025-09-24');
  c.step({ type: 'accept', on: acceptOn, procedure: 'ordinary' }, A.handler);
  return c;
}

/** …then replied on 2025-12-05 and delivered on `deliveredOn`. */
export function delivered(deliveredOn: IsoDate = '2025-12-08', kind: 'forward' | 'assign' = 'forward'): Course {
  const c = accepted('2025-09-26', kind);
  c.reply('2025-12-05', 'explain', '政策解释');
  c.step({ type: 'recordDelivery', on: deliveredOn, method: 'post' }, A.handler);
  return c;
}

/** …then review requested (2025-12-20) and its opinion issued (2026-01-16) and delivered (2026-01-19). */
export function reviewed(): Course {
  const c = delivered();
  c.step({ type: 'requestReview', on: '2025-12-20', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' }, A.reviewHandler);
  c.appealOpinion('review', '2026-01-16', '2026-01-19');
  return c;
}

/** …then re-review requested on 2026-02-10. */
export function inReReview(): Course {
  const c = reviewed();
  c.step({ type: 'requestReReview', on: '2026-02-10', reReviewBodyId: RE_REVIEW_BODY, reasons: '复查意见未回应补偿标准' }, A.reReviewHandler);
  return c;
}

/** 决定听证: the notice issued on `on` for a hearing held on `heldOn`, officers agreed with the petitioner. */
export function hearingNotice(on: IsoDate, heldOn: IsoDate = on): CommandOf<'startHearing'> {
  return { ...SAMPLE_COMMANDS.startHearing, on, heldOn };
}

/** 听证结束: held, recorded, with a conclusion. */
export function hearingRecord(on: IsoDate): CommandOf<'endHearing'> {
  return { ...SAMPLE_COMMANDS.endHearing, on };
}

/** One valid-looking command of every type, so the forbidden-pair matrix covers a new command automatically. */
export const SAMPLE_COMMANDS: { [T in CommandType]: CommandOf<T> } = {
  register: { type: 'register', facts: facts() },
  classify: { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' },
  sendBackRegistration: { type: 'sendBackRegistration', reason: '诉求内容记录不完整' },
  correctRegistration: { type: 'correctRegistration', changes: { title: '反映物业费上涨问题' } },
  forward: { type: 'forward', toBodyId: BODY },
  retain: { type: 'retain' },
  assign: { type: 'assign', toBodyId: BODY, dueOn: '2026-12-30' },
  requestReturn: { type: 'requestReturn', reason: '不属于本单位职权范围' },
  upholdReturn: { type: 'upholdReturn' },
  dismissReturn: { type: 'dismissReturn', reason: '属于本单位职责' },
  accept: { type: 'accept', procedure: 'ordinary' },
  reject: { type: 'reject', reasonCode: 'levelSkipping', article: '《信访工作条例》第十九条第三款', reason: '正在办理期限内' },
  redirect: { type: 'redirect', channel: 'legalAffairs', toBodyId: COURT },
  requestExtension: { type: 'requestExtension', days: 10, reason: '情况复杂' },
  extend: { type: 'extend', days: 10, reason: '情况复杂' },
  refuseExtension: { type: 'refuseExtension', reason: '可在原期限内办结' },
  convert: { type: 'convert', reason: '不宜简易办理' },
  recordInvestigation: { type: 'recordInvestigation', kind: 'siteVisit', summary: '到小区查看电梯' },
  recordAgreement: { type: 'recordAgreement', kind: 'mediation', summary: '物业公司同意退还多收费用' },
  nameCaseLeader: { type: 'nameCaseLeader', name: '王副局长' },
  checkItem: { type: 'checkItem', item: 'siteVisit' },
  draftOpinion: { type: 'draftOpinion', outcome: 'support', summary: '予以支持' },
  signOpinion: { type: 'signOpinion' },
  reply: { type: 'reply' },
  recordDelivery: { type: 'recordDelivery', method: 'post' },
  fileCompletionReport: { type: 'fileCompletionReport' },
  approveCompletionReport: { type: 'approveCompletionReport' },
  returnCompletionReport: { type: 'returnCompletionReport', reason: '未见答复材料' },
  evaluate: { type: 'evaluate', rating: 'satisfied' },
  requestReview: { type: 'requestReview', reviewBodyId: REVIEW_BODY, reasons: '处理意见认定事实有误' },
  issueReviewOpinion: { type: 'issueReviewOpinion', outcome: 'notSupport', deliveredOn: '2026-12-30' },
  requestReReview: { type: 'requestReReview', reReviewBodyId: RE_REVIEW_BODY, reasons: '复查意见未回应补偿标准' },
  startHearing: {
    type: 'startHearing',
    heldOn: '2026-12-30',
    place: '市信访局听证室',
    presidingOfficer: '赵主任',
    officers: [
      { name: '钱律师', affiliation: '律师', proposedBy: 'petitioner' },
      { name: '孙代表', affiliation: '人大代表', proposedBy: 'body' },
    ],
    petitionerAgreed: true,
  },
  rescheduleHearing: { type: 'rescheduleHearing', heldOn: '2026-12-30', reason: '信访人因病申请延期' },
  endHearing: { type: 'endHearing', record: '信访人陈述，原办理机关答辩，听证员询问', conclusion: '听证员一致认为原处理意见事实清楚', petitionerAttended: true },
  issueReReviewOpinion: { type: 'issueReReviewOpinion', outcome: 'notSupport', deliveredOn: '2026-12-30' },
  publishReReviewOpinion: { type: 'publishReReviewOpinion', text: '某小区电梯维修资金信访事项，经听证复核，维持复查意见。' },
  lapse: { type: 'lapse' },
  recordRepeatPetition: { type: 'recordRepeatPetition' },
  joinPetition: { type: 'joinPetition' },
  recordReception: { type: 'recordReception', kind: 'counselling' },
  flagDispatch: { type: 'flagDispatch', reason: '应转送区住建局而非市住建局' },
  supervise: { type: 'supervise', method: 'letter', letterKind: 'supervisionLetter', reason: '超期未办结', replyDueOn: '2026-12-30' },
  replySupervision: { type: 'replySupervision', summary: '已约谈物业公司，正在整改' },
  assessSupervision: { type: 'assessSupervision', verdict: 'satisfactory' },
  escalateSupervision: { type: 'escalateSupervision', toLeader: '分管副局长', reason: '两次回复不到位' },
};
