import type { DayUnit, IsoDate } from '../calendar';
import type { Art31Route, Purpose } from '../classification';

/**
 * The vocabulary of a matter's course (信访事项的流程). Names follow shared/domain/GLOSSARY.md; Chinese labels live in
 * labels.ts. Everything here is plain JSON data: a `MatterState` is the fold of its `MatterEvent`s (evolve.ts) and
 * survives a JSON round-trip unchanged, so absent values are `null`, never `undefined`.
 */

// ---------------------------------------------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------------------------------------------

export const MATTER_STATUSES = [
  /** 已登记: registered, awaiting dispatch by the bureau (or a decision by the body that received it directly). */
  'registered',
  /** 申请退回中: the responsible body objected that the matter is outside its remit (Art. 23 ¶3). */
  'returnRequested',
  /** 已转送/交办: with the responsible body, not yet accepted. */
  'dispatched',
  /** 办理中: accepted and under handling (simple or ordinary procedure). */
  'accepted',
  /** 已答复: handling opinion issued; delivery is recorded separately (`deliveredOn`). */
  'replied',
  /** 已评价: the petitioner evaluated the reply; the review window may still be open. */
  'evaluated',
  /** 复查中 (Art. 35). */
  'review',
  /** 已复查: review opinion delivered, re-review window open (Art. 36). */
  'reviewed',
  /** 复核中 (Art. 36). */
  'reReview',
  /** 已办结: a stage ended and no further appeal was made in time. */
  'concluded',
  /** 依法终结: re-review done, roadmap completed, in the terminated registry; not accepted again (Art. 36 ¶3). */
  'terminated',
  /** 不予受理. */
  'rejected',
  /** 已导入法定途径: sent to the legal-affairs or discipline channel (诉访分离, Art. 22 ¶2, 28 ¶2, 30). */
  'redirected',
] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];

// ---------------------------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------------------------

export const ROLES = [
  'registrar',
  'acceptanceOfficer',
  'handler',
  'bodyLeader',
  'supervisor',
  'auditor',
  'leader',
  'admin',
  /** The scheduler and the citizen portal acting on the petitioner's behalf. */
  'system',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * A user's position in their body (职务): 承办人, 分管领导, 主要负责人. Roles say what a user may do anywhere (handle,
 * approve); the position says which slot of the body's sign-off chain is theirs (seed 003) and who may approve an
 * extension (Art. 34 "本机关、单位负责人"). Set by an administrator on the account.
 */
export const POSITIONS = ['handler', 'deputyHead', 'principalHead'] as const;
export type Position = (typeof POSITIONS)[number];
/** The positions of a body's heads (负责人: 正职 and 副职). */
export const HEAD_POSITIONS: readonly Position[] = ['deputyHead', 'principalHead'];

/**
 * Who acts. `bodyId` is compared verbatim with the body ids in the state: staff of a bureau's own offices
 * (registration desk, acceptance office, supervision office) must be given the bureau's id, or the matter must be
 * registered with the office's id; the engine does not see the org tree.
 */
export interface Actor {
  userId: string;
  bodyId: string;
  roles: Role[];
  /** The user's position in `bodyId`, or null/absent for a user without one (system, importer, older events). */
  position?: Position | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Facts fixed at registration
// ---------------------------------------------------------------------------------------------------------------

export const CHANNELS = ['letter', 'visit', 'phone', 'online', 'mobile', 'fax', 'email', 'referral'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface MatterFacts {
  channel: Channel;
  /** The date the petition reached the registering body: the 15-day clocks count from it (Art. 22, 23). */
  receivedOn: IsoDate;
  registeringBodyId: string;
  /** True when the registering body is a petition bureau (信访部门, Art. 22); false for a body receiving directly (Art. 23). */
  registeredByBureau: boolean;
  regionCode: string;
  /** 初信初访. */
  firstPetition: boolean;
  /** 上级转办/交办: came through the referral channel from a higher level (转送 or 交办). */
  referredByHigherLevel: boolean;
  /**
   * 上级交办: the referral assigned it (交办, a report owed), which excludes the simple procedure; a higher level's mere
   * 转送 does not. Absent in facts stored before it existed: `referredByHigherLevel` stands in for it.
   */
  assignedByHigherLevel?: boolean;
  /** 集体访/联名信: excluded from the simple procedure. */
  collective: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Small enumerations
// ---------------------------------------------------------------------------------------------------------------

export const PROCEDURES = ['simple', 'ordinary'] as const;
export type Procedure = (typeof PROCEDURES)[number];

/** 简易办理 eligibility (《信访事项简易办理办法（试行）》). */
/** `other` is the fifth ground (其他可以简易办理的), and needs a stated reason (`eligibilityReason`). */
export const SIMPLE_ELIGIBILITY_BASES = ['factsClear', 'consultation', 'timeSensitive', 'alreadyCommitted', 'other'] as const;
export type SimpleEligibilityBasis = (typeof SIMPLE_ELIGIBILITY_BASES)[number];

/** Art. 32: 予以支持 / 解释说明 / 不予支持. */
export const OUTCOMES = ['support', 'explain', 'notSupport'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * What a 复查 / 复核 opinion does to the opinion under review (《山东省信访条例》第四十五条; the national 条例 Art. 35–36
 * require the opinion, the province names its forms): 维持 keeps its outcome, 撤销 sets it aside, 变更 replaces its
 * outcome with another.
 */
export const APPEAL_DISPOSITIONS = ['uphold', 'revoke', 'modify'] as const;
export type AppealDisposition = (typeof APPEAL_DISPOSITIONS)[number];

export const DELIVERY_METHODS = ['inPerson', 'post', 'sms', 'online'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export const RATINGS = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * 诉访分离 and Art. 31 (一)–(四): litigation to 政法部门, accusations to 纪检监察机关, and matters another statutory
 * procedure settles (arbitration, administrative reconsideration, party-member appeal…) into that procedure.
 */
export const REDIRECT_CHANNELS = ['legalAffairs', 'discipline', 'statutoryProcedure'] as const;
export type RedirectChannel = (typeof REDIRECT_CHANNELS)[number];

/** Art. 37 ¶3: 帮扶救助 / 释法说理 / 心理疏导. */
export const RECEPTION_KINDS = ['assistance', 'legalExplanation', 'counselling'] as const;
export type ReceptionKind = (typeof RECEPTION_KINDS)[number];

/** 调查核实 records of the handling workspace: talks, site visits, document checks, meetings with the petitioner. */
export const INVESTIGATION_KINDS = ['talk', 'siteVisit', 'documentReview', 'meeting'] as const;
export type InvestigationKind = (typeof INVESTIGATION_KINDS)[number];

/** Art. 33: 调解 and 和解 agreements reached while handling. */
export const AGREEMENT_KINDS = ['mediation', 'settlement'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/**
 * Seed 001's 双签双核两见面一现场 for first-time petitions, as the default checklist (a deployment configures its own):
 * two signatures, two checks, two meetings with the petitioner, one site visit.
 */
export const DEFAULT_FIRST_PETITION_CHECKLIST: readonly { key: string; labelZh: string }[] = [
  { key: 'handlerSigned', labelZh: '承办人签字（双签）' },
  { key: 'leaderSigned', labelZh: '分管领导签字（双签）' },
  { key: 'factsChecked', labelZh: '核实事实（双核）' },
  { key: 'opinionChecked', labelZh: '审核处理意见（双核）' },
  { key: 'firstMeeting', labelZh: '见面听取诉求（两见面）' },
  { key: 'replyMeeting', labelZh: '见面答复（两见面）' },
  { key: 'siteVisit', labelZh: '实地调查（一现场）' },
];

/** 听证员 are chosen jointly by the petitioner and the hearing body (seed 001): each is proposed by one side. */
export const HEARING_OFFICER_SOURCES = ['petitioner', 'body'] as const;
export type HearingOfficerSource = (typeof HEARING_OFFICER_SOURCES)[number];

/** Who takes part in a hearing besides its officers (信访人及其代理人、利害关系人、原办理机关工作人员…). */
export const HEARING_PARTICIPANT_ROLES = ['petitioner', 'agent', 'interestedParty', 'handlingStaff', 'other'] as const;
export type HearingParticipantRole = (typeof HEARING_PARTICIPANT_ROLES)[number];

export interface HearingOfficer {
  name: string;
  /** 工作单位或身份: 人大代表, 律师, 村民代表 … */
  affiliation?: string;
  proposedBy: HearingOfficerSource;
}

export interface HearingParticipant {
  name: string;
  role: HearingParticipantRole;
}

/** What the hearing notice (听证通知书) announces. */
export interface HearingPlan {
  /** The day the hearing is held (听证日期); the notice is issued on the start event's date. */
  heldOn: IsoDate;
  /** Earlier dates it was announced for, with why it moved (听证改期); absent when it never moved. */
  rescheduled?: { from: IsoDate; on: IsoDate; reason: string }[];
  /** 'HH:MM', China time. */
  time: string | null;
  place: string;
  /** 听证主持人: appointed by the body's head, not one of the investigators. */
  presidingOfficer: string;
  officers: HearingOfficer[];
  participants: HearingParticipant[];
  /** Why the hearing is not public (国家秘密、商业秘密、个人隐私), or null for a public hearing. */
  closedReason: string | null;
}

/** What the hearing record (听证笔录) keeps when the hearing ends. */
export interface HearingOutcome {
  /** 听证笔录: statements, questions, debate, in summary. */
  record: string;
  /** 听证结论 / 听证员评议意见; null when the hearing was withdrawn. */
  conclusion: string | null;
  petitionerAttended: boolean | null;
  /** The petitioner withdrew the hearing request before it was held (撤回听证). */
  withdrawn: boolean;
}

/** 督办方式 (Art. 38–40): how the supervision office follows a matter up. */
export const SUPERVISION_METHODS = ['online', 'onSite', 'phone', 'letter', 'interview'] as const;
export type SupervisionMethod = (typeof SUPERVISION_METHODS)[number];

/** 督办函 / 提醒函 / 建议函 (Art. 40: 督办, and the 改进工作建议 that must be answered in writing). */
export const SUPERVISION_LETTER_KINDS = ['supervisionLetter', 'reminderLetter', 'adviceLetter'] as const;
export type SupervisionLetterKind = (typeof SUPERVISION_LETTER_KINDS)[number];

/** The supervision office's assessment of a body's reply: closes the supervision, or sends it back for another reply. */
export const SUPERVISION_VERDICTS = ['satisfactory', 'unsatisfactory'] as const;
export type SupervisionVerdict = (typeof SUPERVISION_VERDICTS)[number];

/** 转送, 交办, or 本级办理 (the bureau keeps a matter within its own remit). */
export type DispatchKind = 'forward' | 'assign' | 'retain';

/** 办结报告 of an assigned matter: owed (`due`), filed, approved, or returned for more handling. */
export type CompletionReportStatus = 'due' | 'filed' | 'approved' | 'returned';

// ---------------------------------------------------------------------------------------------------------------
// Clocks (the data; the maths is in clocks.ts)
// ---------------------------------------------------------------------------------------------------------------

export const CLOCK_NAMES = [
  'dispatch',
  'acceptanceNotice',
  'returnWindow',
  'assignment',
  'handling',
  'reviewRequestWindow',
  'evaluationWindow',
  'reviewDecision',
  'reReviewRequestWindow',
  'reReviewDecision',
  /** The reply a supervision letter asks of the supervised body (Art. 40). */
  'supervisionReply',
  /** 挂牌督办 (Art. 39 ¶3): the date by which the listed matter must be resolved. */
  'listedSupervision',
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

/** A deadline binds an organ (late = a duty failure); a window bounds what the petitioner or a body may still ask. */
export type ClockKind = 'deadline' | 'window';

export const CLOCK_KINDS: Readonly<Record<ClockName, ClockKind>> = {
  dispatch: 'deadline',
  acceptanceNotice: 'deadline',
  returnWindow: 'window',
  assignment: 'deadline',
  handling: 'deadline',
  reviewRequestWindow: 'window',
  evaluationWindow: 'window',
  reviewDecision: 'deadline',
  reReviewRequestWindow: 'window',
  reReviewDecision: 'deadline',
  supervisionReply: 'deadline',
  listedSupervision: 'deadline',
};

/**
 * One clock. The due date is NOT stored: `clockDue` recomputes it from (from, unit, amount + pausedDays) so that a
 * later official holiday schedule corrects it. `amount` includes extensions; `pausedDays` counts in the clock's unit.
 */
export interface ClockState {
  name: ClockName;
  kind: ClockKind;
  from: IsoDate;
  unit: DayUnit;
  amount: number;
  pausedDays: number;
  /** First day of the pause in progress, or null. */
  pausedSince: IsoDate | null;
  stoppedOn: IsoDate | null;
  /** The event type that (re)started it. */
  startedBy: EventType;
}

export type ClockMap = { [K in ClockName]?: ClockState };

export type ClockEffect =
  | { type: 'start'; clock: ClockName; from: IsoDate; unit: DayUnit; amount: number }
  | { type: 'stop'; clock: ClockName; on: IsoDate }
  | { type: 'extend'; clock: ClockName; amount: number }
  | { type: 'pause'; clock: ClockName; on: IsoDate }
  /** `days`: length of the pause in the clock's unit, both ends included (computed by `decide` with the calendar). */
  | { type: 'resume'; clock: ClockName; on: IsoDate; days: number };

// ---------------------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------------------

export interface MatterState {
  status: MatterStatus;
  facts: MatterFacts;
  procedure: Procedure | null;
  simpleEligibility: SimpleEligibilityBasis | null;
  responsibleBodyId: string | null;
  dispatch: DispatchKind | null;
  /** The responsible body's receipt: the dispatch date (or null for a body that received the petition directly). */
  dispatchedOn: IsoDate | null;
  /** 交办 deadline set by the bureau. */
  assignmentDueOn: IsoDate | null;
  /** The matter was assigned (交办) by a bureau of a higher level than the body: no simple procedure. Absent before it existed. */
  assignedByHigherLevel?: boolean;
  /** A pending return request (申请退回). */
  returnRequest: { on: IsoDate; reason: string } | null;
  /** Bodies whose return request was upheld: routing does not suggest them again for this matter. */
  returnedBy: string[];
  /** Kept when simple converts to ordinary: the 60 days count from it. */
  acceptedOn: IsoDate | null;
  /** Days of extension used so far (Art. 34: at most 30 in total). */
  extensionDays: number;
  opinion: { outcome: Outcome; summary: string; on: IsoDate } | null;
  /** The handling opinion being drafted and signed (处理意见书 审批), or null. Absent in states stored before it existed. */
  opinionDraft?: OpinionDraft | null;
  deliveredOn: IsoDate | null;
  deliveryMethod: DeliveryMethod | null;
  evaluation: { rating: Rating; comment: string | null; on: IsoDate } | null;
  completionReport: CompletionReportStatus | null;
  /**
   * A handler's extension request awaiting the head (申请延期, Art. 34), or null. Absent in states stored before
   * extensions were requested.
   */
  extensionRequest?: ExtensionRequest | null;
  /** Times the bureau returned the completion report for re-handling (退回重办). Absent in states stored before it existed. */
  completionReportReturns?: number;
  rejection: { reasonCode: string; article: string; reason: string } | null;
  redirection: { channel: RedirectChannel; toBodyId: string } | null;
  /**
   * The level-skipping finding the matter was registered with (Art. 19 ¶3), or null/absent: the only ground on which
   * it may be rejected as 越级访.
   */
  levelSkipping?: LevelSkippingFinding | null;
  /** 分类: purpose, content category, Art. 31 route; null until the acceptance office classifies it. */
  classification: { purpose: Purpose; categoryPath: string[]; art31Route: Art31Route | null } | null;
  /** The acceptance office sent the registration back to the desk (互相监督); cleared when the desk corrects it. */
  registrationQuery: { on: IsoDate; reason: string } | null;
  /** Times the supervision office flagged the dispatch as imprecise (分办不精准). */
  dispatchFlags: number;
  /** The supervision in progress (督办), or null; closed ones live in the events. Absent in states stored before it existed. */
  supervision?: SupervisionState | null;
  /** Supervisions opened on this matter so far. */
  supervisions?: number;
  /** The handling workspace (办理工作台): what the responsible body did to find the facts and settle the matter. */
  workspace?: HandlingWorkspace;
  reviewBodyId: string | null;
  reviewRequestedOn: IsoDate | null;
  reviewOpinion: { outcome: Outcome; summary: string | null; on: IsoDate; deliveredOn: IsoDate; disposition?: AppealDisposition | null } | null;
  reReviewBodyId: string | null;
  reReviewRequestedOn: IsoDate | null;
  reReviewOpinion: { outcome: Outcome; summary: string | null; on: IsoDate; deliveredOn: IsoDate; disposition?: AppealDisposition | null } | null;
  /** The petitioner's reasons for asking a review / re-review (不服的理由); absent in states stored before they were asked. */
  reviewRequestReasons?: string | null;
  reReviewRequestReasons?: string | null;
  /**
   * The hearing in progress (Art. 36 ¶2), or null: from the notice (start) to the record (end), the time the hearing
   * needs, which the re-review clock does not count. `plan` is absent in states stored before hearings had one.
   */
  hearing: { startedOn: IsoDate; plan?: HearingPlan } | null;
  /** Hearings held, both ends inclusive. */
  hearings: { startedOn: IsoDate; endedOn: IsoDate; plan?: HearingPlan; outcome?: HearingOutcome }[];
  /** 复核意见向社会公示 (Art. 36 ¶2: only an opinion reached through a hearing), or null/absent. */
  publication?: { on: IsoDate; text: string } | null;
  repeatPetitions: number;
  receptions: number;
  clocks: ClockMap;
  /** Legal date of the latest event: no later act may be dated before it. */
  lastEventOn: IsoDate;
  /** Number of events folded: the compare-and-set version. */
  version: number;
}

export interface HandlingWorkspace {
  investigations: { kind: InvestigationKind; on: IsoDate; summary: string; participants: string | null; by: string }[];
  agreements: { kind: AgreementKind; on: IsoDate; summary: string; parties: string | null; by: string }[];
  /** 包案领导, where one is named. */
  caseLeader: { name: string; title: string | null; on: IsoDate } | null;
  /** Checklist items done (first-time petitions): item key, when, by whom. */
  checklist: { item: string; on: IsoDate; by: string; note: string | null }[];
}

/** 申请延期: what the handler asked the head for (Art. 34). */
export interface ExtensionRequest {
  on: IsoDate;
  days: number;
  reason: string;
  requestedBy: string;
}

/** One step of the sign-off chain of a handling opinion (seed 003: 承办人 → 分管领导 → 主要负责人). */
export interface SignOffStep {
  key: string;
  labelZh: string;
  /** The position in the body giving the opinion whose holder signs this step. */
  position?: Position;
  /**
   * Roles that may sign this step: chains stored before positions existed name only these; the engine then reads the
   * position from the step's key where it is one of the default chain's (guards.signOffPosition).
   */
  roles?: Role[];
}

/** Seed 003's chain: the handler drafts and signs, the leader in charge and then the principal leader approve. */
export const DEFAULT_SIGN_OFF_CHAIN: readonly SignOffStep[] = [
  { key: 'handler', labelZh: '承办人', position: 'handler', roles: ['handler'] },
  { key: 'leaderInCharge', labelZh: '分管领导', position: 'deputyHead', roles: ['bodyLeader'] },
  { key: 'principalLeader', labelZh: '主要负责人', position: 'principalHead', roles: ['bodyLeader'] },
];

export interface OpinionDraft {
  outcome: Outcome;
  summary: string;
  request: string | null;
  facts: string | null;
  legalBasis: string | null;
  draftedOn: IsoDate;
  draftedBy: string;
  /** The chain in force when it was drafted: later configuration changes do not move a draft's goalposts. */
  chain: SignOffStep[];
  /** In chain order; each by a different person. */
  signatures: { step: string; userId: string; on: IsoDate; comment: string | null; position?: Position | null }[];
  /** Under appeal: what the opinion does to the one under review (维持 / 撤销 / 变更); null for a handling opinion. */
  disposition?: AppealDisposition | null;
  /**
   * The date of a hearing record (听证笔录) made after this draft: the draft was written (and signed) before the hearing
   * was heard, so it is drafted again before it can be signed on or issued (Art. 36 ¶2). Null or absent otherwise.
   */
  supersededByHearingOn?: IsoDate | null;
}

/** One supervision (督办件) from its letter to the office's assessment. */
export interface SupervisionState {
  openedOn: IsoDate;
  /** The office's body (its bureau): only it assesses and escalates. */
  byBodyId: string;
  /** The body supervised: the responsible body, or the registering bureau while the matter waits for dispatch. */
  targetBodyId: string;
  method: SupervisionMethod;
  letterKind: SupervisionLetterKind | null;
  reason: string;
  replyDueOn: IsoDate;
  /** 挂牌督办 and its own deadline. */
  listed: boolean;
  listedDueOn: IsoDate | null;
  /** The body's latest reply, cleared when the office asks for another. */
  reply: { on: IsoDate; summary: string } | null;
  /** Unsatisfactory assessments so far: each asks for another reply. */
  rounds: number;
  /** The leaders it was escalated to, in order. */
  escalatedTo: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------------------------

interface CommandBase {
  /** Legal date of the act. Default: today in China time. Never in the future, never before the previous event. */
  on?: IsoDate;
}

export interface RegisterCommand extends CommandBase {
  type: 'register';
  facts: MatterFacts;
  /**
   * A matter brought in from a legacy archive already finished: registered in its final status, with no clocks
   * (its history is in the archive, not here). Only the importer ('system') registers archived matters.
   */
  archived?: ArchivedOutcome;
  /**
   * Duplicate screening's level-skipping finding (Art. 19 ¶3, src/domain/screening/flags.ts): the desk registered
   * this demand as new although it repeats a matter a lower body is accepting or handling within its time limit.
   */
  levelSkipping?: LevelSkippingFinding;
}
/** The matter already in hand (越级访, Art. 19 ¶3) and the body accepting or handling it. */
export interface LevelSkippingFinding {
  matterId: string;
  /** Its number, as the petitioner's notice names it. */
  matterNumber: string;
  /** The body accepting or handling it within its time limit. */
  bodyId: string;
}
/** How an archived matter ended before it came into the platform. */
export interface ArchivedOutcome {
  status: 'concluded' | 'terminated';
  concludedOn: IsoDate;
}
/** What the routing suggestions offered when a clerk chose a body: kept so that every override is countable. */
export interface RoutingRecord {
  /** The suggested bodies, best first. */
  suggested: string[];
  modelVersion: number | null;
  /** 1-based rank of the chosen body among the suggestions; null when the clerk chose another (an override). */
  chosenRank: number | null;
}
export interface ForwardCommand extends CommandBase {
  type: 'forward';
  toBodyId: string;
  /** 转送说明: what the bureau tells the body. */
  note?: string;
  routing?: RoutingRecord;
}
export interface AssignCommand extends CommandBase {
  type: 'assign';
  toBodyId: string;
  /** The handling deadline the bureau sets (Art. 22 (三)). */
  dueOn: IsoDate;
  note?: string;
  routing?: RoutingRecord;
  /** The assigning bureau is of a higher level than the body (filled in from the org tree): excludes the simple procedure. */
  byHigherLevel?: boolean;
}
/** 本级办理: a bureau keeps a matter that falls within its own remit instead of dispatching it. */
export interface RetainCommand extends CommandBase {
  type: 'retain';
  note?: string;
}
/** Art. 29–31: what the petition asks, fixed by the acceptance office (and corrected by the responsible body). */
export interface ClassifyCommand extends CommandBase {
  type: 'classify';
  purpose: Purpose;
  categoryPath: string[];
  art31Route?: Art31Route | null;
}
/** 互相监督 (seed 000): the acceptance office sends an irregular registration back to the desk. */
export interface SendBackRegistrationCommand extends CommandBase {
  type: 'sendBackRegistration';
  reason: string;
}
/** The desk corrects what it registered; every changed field is in the event. */
export interface CorrectRegistrationCommand extends CommandBase {
  type: 'correctRegistration';
  changes: RegistrationChanges;
  note?: string;
}
export interface RegistrationChanges {
  title?: string;
  content?: string;
  respondent?: string | null;
  place?: string | null;
  regionCode?: string;
}
/** 互相监督 (seed 000): the supervision office flags an imprecise dispatch. */
export interface FlagDispatchCommand extends CommandBase {
  type: 'flagDispatch';
  reason: string;
}
/** 督办 (Art. 40; 挂牌督办 Art. 39 ¶3): the supervision office opens a supervision with a reply deadline. */
export interface SuperviseCommand extends CommandBase {
  type: 'supervise';
  method: SupervisionMethod;
  /** The letter issued with it; null for a phone call or an on-site visit recorded without one. */
  letterKind: SupervisionLetterKind | null;
  reason: string;
  replyDueOn: IsoDate;
  listed?: boolean;
  listedDueOn?: IsoDate;
  /** The duty-failure check that prompted it, when it came from the board. */
  dutyCheck?: string;
}
/** The supervised body answers in writing (Art. 40 ¶4: 书面反馈). */
export interface ReplySupervisionCommand extends CommandBase {
  type: 'replySupervision';
  summary: string;
}
/** The office assesses the reply: satisfactory closes the supervision; unsatisfactory asks again by a new date. */
export interface AssessSupervisionCommand extends CommandBase {
  type: 'assessSupervision';
  verdict: SupervisionVerdict;
  note?: string;
  /** Required when unsatisfactory: the new reply deadline. */
  replyDueOn?: IsoDate;
}
/** The office escalates to a higher leader (分管领导 → 主要领导; Art. 38 ¶2 重要问题向本级党委和政府报告). */
export interface EscalateSupervisionCommand extends CommandBase {
  type: 'escalateSupervision';
  toLeader: string;
  reason: string;
}
export interface RequestReturnCommand extends CommandBase {
  type: 'requestReturn';
  reason: string;
}
export interface UpholdReturnCommand extends CommandBase {
  type: 'upholdReturn';
  note?: string;
}
export interface DismissReturnCommand extends CommandBase {
  type: 'dismissReturn';
  reason: string;
}
export interface AcceptOrdinaryCommand extends CommandBase {
  type: 'accept';
  procedure: 'ordinary';
}
/** The three booleans are the handler's assertions; each must be false for the simple procedure. */
export interface AcceptSimpleCommand extends CommandBase {
  type: 'accept';
  procedure: 'simple';
  eligibilityBasis: SimpleEligibilityBasis;
  /** Why the matter suits the simple procedure: required for the basis `other` (其他可以简易办理的). */
  eligibilityReason?: string;
  likelyNotSupported: boolean;
  statutoryProcedureAvailable: boolean;
  multipleBodies: boolean;
}
export type AcceptCommand = AcceptOrdinaryCommand | AcceptSimpleCommand;
export interface RejectCommand extends CommandBase {
  type: 'reject';
  reasonCode: string;
  /** The provision relied on, e.g. '《信访工作条例》第十九条第三款'. */
  article: string;
  reason: string;
}
export interface RedirectCommand extends CommandBase {
  type: 'redirect';
  channel: RedirectChannel;
  toBodyId: string;
  reason?: string;
  routing?: RoutingRecord;
}
/** 申请延期 (Art. 34): the handler asks the body's head for more days, with the reason the petitioner will be told. */
export interface RequestExtensionCommand extends CommandBase {
  type: 'requestExtension';
  days: number;
  reason: string;
}
/**
 * 批准延期 (Art. 34): the body's head approves the pending request; only this extends the handling clock and issues the
 * 延期办理告知书. `days` (at most the days asked) and `reason` default to the request's.
 */
export interface ExtendCommand extends CommandBase {
  type: 'extend';
  days?: number;
  reason?: string;
  /** The head who approved; defaults to the acting head. */
  approvedBy?: string;
}
/** 不予批准延期: the head refuses the pending request, saying why; the time limit stays. */
export interface RefuseExtensionCommand extends CommandBase {
  type: 'refuseExtension';
  reason: string;
}
export interface ConvertCommand extends CommandBase {
  type: 'convert';
  reason: string;
  approvedBy?: string;
}
/** The parts of an opinion Art. 32 requires besides the outcome: printed in the 处理意见书 / 复查 / 复核意见书. */
export interface OpinionText {
  /** 投诉请求 (default: the matter's title). */
  request?: string;
  /** 事实和理由 as investigated. */
  facts?: string;
  /** 法律法规依据. */
  legalBasis?: string;
}
/** 调查核实: a talk, site visit, document check or meeting, recorded as it happens. */
export interface RecordInvestigationCommand extends CommandBase {
  type: 'recordInvestigation';
  kind: InvestigationKind;
  summary: string;
  participants?: string;
}
/** Art. 33: a mediation or settlement agreement reached. */
export interface RecordAgreementCommand extends CommandBase {
  type: 'recordAgreement';
  kind: AgreementKind;
  summary: string;
  parties?: string;
}
/** 包案领导: the leader who takes personal charge of the matter. */
export interface NameCaseLeaderCommand extends CommandBase {
  type: 'nameCaseLeader';
  name: string;
  title?: string;
}
/** A checklist item of a first-time petition done (seed 001); the service checks the key against the configuration. */
export interface CheckItemCommand extends CommandBase {
  type: 'checkItem';
  item: string;
  note?: string;
}
/**
 * An opinion drafted (or redrafted: the signatures start again) by the body that gives it: the 处理意见书 by the
 * responsible body, the 复查意见书 by the review body, the 复核意见书 by the re-review body.
 */
export interface DraftOpinionCommand extends CommandBase, OpinionText {
  type: 'draftOpinion';
  outcome: Outcome;
  summary: string;
  /** The sign-off chain; the service fills the configured one, the engine defaults to DEFAULT_SIGN_OFF_CHAIN. */
  chain?: SignOffStep[];
  /** Required under review / re-review, absent for a handling opinion: 维持 / 撤销 / 变更 of the opinion under review. */
  disposition?: AppealDisposition;
}
/** The next person of the chain signs (签批). */
export interface SignOpinionCommand extends CommandBase {
  type: 'signOpinion';
  comment?: string;
}
/**
 * 出具处理意见: issues the fully signed draft. The opinion's content is the draft's; the engine copies it into the
 * event. `outcome` / `summary`, if sent, must be the draft's.
 */
export interface ReplyCommand extends CommandBase, OpinionText {
  type: 'reply';
  outcome?: Outcome;
  summary?: string;
}
/** `on` is the delivery date: it starts the review and evaluation windows. */
export interface RecordDeliveryCommand extends CommandBase {
  type: 'recordDelivery';
  method: DeliveryMethod;
}
export interface FileCompletionReportCommand extends CommandBase {
  type: 'fileCompletionReport';
  summary?: string;
}
export interface ApproveCompletionReportCommand extends CommandBase {
  type: 'approveCompletionReport';
  note?: string;
}
export interface ReturnCompletionReportCommand extends CommandBase {
  type: 'returnCompletionReport';
  reason: string;
}
export interface EvaluateCommand extends CommandBase {
  type: 'evaluate';
  rating: Rating;
  comment?: string;
}
export interface RequestReviewCommand extends CommandBase {
  type: 'requestReview';
  /** Resolved by the service as "one level above the handler" from the org tree. */
  reviewBodyId: string;
  /** 请求复查的理由: why the petitioner disagrees with the handling opinion, in their words. */
  reasons: string;
}
/**
 * 出具复查意见: issues the review body's fully signed draft (the same draftOpinion / signOpinion chain as the handling
 * opinion). `outcome` / `summary`, if sent, must be the draft's.
 */
export interface IssueReviewOpinionCommand extends CommandBase, OpinionText {
  type: 'issueReviewOpinion';
  outcome?: Outcome;
  summary?: string;
  /** When the petitioner received it: starts the re-review window. */
  deliveredOn: IsoDate;
  /** If sent, must be the draft's. */
  disposition?: AppealDisposition;
}
export interface RequestReReviewCommand extends CommandBase {
  type: 'requestReReview';
  reReviewBodyId: string;
  /** 请求复核的理由: why the petitioner disagrees with the review opinion. */
  reasons: string;
}
/**
 * 决定举行听证 (Art. 31 (六), 36 ¶2): the re-review body issues the hearing notice; `on` is its date, from which the
 * re-review clock stops counting. The officers must have the petitioner's agreement (共同选定, seed 001).
 */
export interface StartHearingCommand extends CommandBase {
  type: 'startHearing';
  heldOn: IsoDate;
  time?: string;
  place: string;
  presidingOfficer: string;
  officers: HearingOfficer[];
  /** The petitioner agreed to the officers (共同选定). */
  petitionerAgreed: boolean;
  participants?: HearingParticipant[];
  closedReason?: string;
}
/**
 * 听证改期: the hearing announced is moved to another day (and time or place), with the reason; a new notice goes out.
 * The officers stay as agreed. The clock stays paused: the hearing has not ended.
 */
export interface RescheduleHearingCommand extends CommandBase {
  type: 'rescheduleHearing';
  heldOn: IsoDate;
  time?: string;
  place?: string;
  reason: string;
}
/** 听证结束: the record and the conclusion, or the petitioner's withdrawal; the re-review clock counts again. */
export interface EndHearingCommand extends CommandBase {
  type: 'endHearing';
  record: string;
  conclusion?: string;
  petitionerAttended?: boolean;
  withdrawn?: boolean;
}
/** 复核意见向社会公示 (Art. 36 ¶2): the text published, with personal details left out by the body. */
export interface PublishReReviewOpinionCommand extends CommandBase {
  type: 'publishReReviewOpinion';
  text: string;
}
/** 出具复核意见: issues the re-review body's fully signed draft, as issueReviewOpinion does. */
export interface IssueReReviewOpinionCommand extends CommandBase, OpinionText {
  type: 'issueReReviewOpinion';
  outcome?: Outcome;
  summary?: string;
  deliveredOn: IsoDate;
  disposition?: AppealDisposition;
}
/** Scheduler: a review / re-review request window closed unused → concluded. */
export interface LapseCommand extends CommandBase {
  type: 'lapse';
}
export interface RecordRepeatPetitionCommand extends CommandBase {
  type: 'recordRepeatPetition';
  petitionId?: string;
  receivedOn?: IsoDate;
}
/** Another petitioner of a collective matter petitions on it (joins it): recorded, not counted as a repeat. */
export interface JoinPetitionCommand extends CommandBase {
  type: 'joinPetition';
  petitionId?: string;
  receivedOn?: IsoDate;
}
export interface RecordReceptionCommand extends CommandBase {
  type: 'recordReception';
  kind: ReceptionKind;
  note?: string;
}

export type Command =
  | RegisterCommand
  | ForwardCommand
  | AssignCommand
  | RetainCommand
  | ClassifyCommand
  | SendBackRegistrationCommand
  | CorrectRegistrationCommand
  | FlagDispatchCommand
  | SuperviseCommand
  | ReplySupervisionCommand
  | AssessSupervisionCommand
  | EscalateSupervisionCommand
  | RequestReturnCommand
  | UpholdReturnCommand
  | DismissReturnCommand
  | AcceptCommand
  | RejectCommand
  | RedirectCommand
  | ExtendCommand
  | RequestExtensionCommand
  | RefuseExtensionCommand
  | ConvertCommand
  | RecordInvestigationCommand
  | RecordAgreementCommand
  | NameCaseLeaderCommand
  | CheckItemCommand
  | DraftOpinionCommand
  | SignOpinionCommand
  | ReplyCommand
  | RecordDeliveryCommand
  | FileCompletionReportCommand
  | ApproveCompletionReportCommand
  | ReturnCompletionReportCommand
  | EvaluateCommand
  | RequestReviewCommand
  | IssueReviewOpinionCommand
  | RequestReReviewCommand
  | StartHearingCommand
  | RescheduleHearingCommand
  | EndHearingCommand
  | IssueReReviewOpinionCommand
  | PublishReReviewOpinionCommand
  | LapseCommand
  | RecordRepeatPetitionCommand
  | JoinPetitionCommand
  | RecordReceptionCommand;

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/**
 * Commands that come with a petition: the registration desk runs them when it registers one (src/modules/petitions),
 * so that every repeat or joined petition is itself kept (信访必登). They are never run bare on a matter.
 */
export const PETITION_COMMANDS = ['register', 'recordRepeatPetition', 'joinPetition'] as const satisfies readonly CommandType[];

/** Every command type, in the order of the statute; tests iterate it, so a new command is covered automatically. */
export const COMMAND_TYPES = [
  'register',
  'classify',
  'sendBackRegistration',
  'correctRegistration',
  'forward',
  'assign',
  'retain',
  'requestReturn',
  'upholdReturn',
  'dismissReturn',
  'accept',
  'reject',
  'redirect',
  'requestExtension',
  'extend',
  'refuseExtension',
  'convert',
  'recordInvestigation',
  'recordAgreement',
  'nameCaseLeader',
  'checkItem',
  'draftOpinion',
  'signOpinion',
  'reply',
  'recordDelivery',
  'fileCompletionReport',
  'approveCompletionReport',
  'returnCompletionReport',
  'evaluate',
  'requestReview',
  'issueReviewOpinion',
  'requestReReview',
  'startHearing',
  'rescheduleHearing',
  'endHearing',
  'issueReReviewOpinion',
  'publishReReviewOpinion',
  'lapse',
  'recordRepeatPetition',
  'joinPetition',
  'recordReception',
  'flagDispatch',
  'supervise',
  'replySupervision',
  'assessSupervision',
  'escalateSupervision',
] as const satisfies readonly CommandType[];

// Compile-time check that COMMAND_TYPES lists every command of the union.
type MissingCommandTypes = Exclude<CommandType, (typeof COMMAND_TYPES)[number]>;
const _allCommandTypesListed: MissingCommandTypes extends never ? true : never = true;
void _allCommandTypesListed;

// ---------------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------------

/** The past-tense event each command produces. */
export const EVENT_OF = {
  register: 'registered',
  classify: 'classified',
  sendBackRegistration: 'registrationSentBack',
  correctRegistration: 'registrationCorrected',
  forward: 'forwarded',
  assign: 'assigned',
  retain: 'retained',
  requestReturn: 'returnRequested',
  upholdReturn: 'returnUpheld',
  dismissReturn: 'returnDismissed',
  accept: 'accepted',
  reject: 'rejected',
  redirect: 'redirected',
  requestExtension: 'extensionRequested',
  extend: 'extended',
  refuseExtension: 'extensionRefused',
  convert: 'converted',
  recordInvestigation: 'investigationRecorded',
  recordAgreement: 'agreementRecorded',
  nameCaseLeader: 'caseLeaderNamed',
  checkItem: 'checklistItemChecked',
  draftOpinion: 'opinionDrafted',
  signOpinion: 'opinionSigned',
  reply: 'replied',
  recordDelivery: 'delivered',
  fileCompletionReport: 'completionReportFiled',
  approveCompletionReport: 'completionReportApproved',
  returnCompletionReport: 'completionReportReturned',
  evaluate: 'evaluated',
  requestReview: 'reviewRequested',
  issueReviewOpinion: 'reviewOpinionIssued',
  requestReReview: 'reReviewRequested',
  startHearing: 'hearingStarted',
  rescheduleHearing: 'hearingRescheduled',
  endHearing: 'hearingEnded',
  issueReReviewOpinion: 'reReviewOpinionIssued',
  publishReReviewOpinion: 'reReviewOpinionPublished',
  lapse: 'lapsed',
  recordRepeatPetition: 'repeatPetitionRecorded',
  joinPetition: 'petitionJoined',
  recordReception: 'receptionRecorded',
  flagDispatch: 'dispatchFlagged',
  supervise: 'supervised',
  replySupervision: 'supervisionReplied',
  assessSupervision: 'supervisionAssessed',
  escalateSupervision: 'supervisionEscalated',
} as const satisfies Record<CommandType, string>;

export type EventType = (typeof EVENT_OF)[CommandType];

export const EVENT_TYPES = COMMAND_TYPES.map((c) => EVENT_OF[c]) as readonly EventType[];

export const COMMAND_OF_EVENT = Object.fromEntries(COMMAND_TYPES.map((c) => [EVENT_OF[c], c])) as Readonly<
  Record<EventType, CommandType>
>;

export interface MatterEvent {
  type: EventType;
  /** Legal date of the act (China time). */
  on: IsoDate;
  actor: Actor;
  /** JSON only: the command's own fields (without `type` and `on`), plus facts the engine derived (see decide.ts). */
  payload: Record<string, unknown>;
  clockEffects: ClockEffect[];
}

// ---------------------------------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------------------------------

/**
 * Why a command was refused. `code` is stable: 'INVALID_TRANSITION' (no such step in this status), 'FORBIDDEN'
 * (wrong actor), 'VALIDATION' (malformed payload or date) or a statutory code such as 'REVIEW_WINDOW_CLOSED'.
 * `guard` names the guard that refused (absent for INVALID_TRANSITION).
 */
export interface Refusal {
  code: string;
  messageZh: string;
  message: string;
  article?: string;
  guard?: string;
  /**
   * The step to take instead, where the refusal can name it: a matter another statutory procedure settles is led
   * there with `redirect` (导入法定途径), to a body of `bodyKind` where the law names one (政法部门 for litigation).
   */
  instead?: { command: 'redirect'; channel: RedirectChannel; bodyKind: 'legalAffairsBody' | 'disciplineBody' | null };
}

// ---------------------------------------------------------------------------------------------------------------
// Event payloads (what `decide` writes and `evolve` reads)
// ---------------------------------------------------------------------------------------------------------------

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What the engine adds to a command's own fields when it records the event. */
export interface EventPayloadExtras {
  extend: { approvedBy: string; totalExtensionDays: number; days: number; reason: string; requestedBy: string | null };
  convert: { approvedBy: string; acceptedOn: IsoDate };
  lapse: { window: ClockName };
  /** refusedAgain: the matter is terminated (Art. 36 ¶3, 不再受理); pendingHandling: it is still being handled. */
  recordRepeatPetition: { refusedAgain: boolean; pendingHandling: boolean };
  joinPetition: { refusedAgain: boolean; pendingHandling: boolean };
  supervise: { targetBodyId: string };
  draftOpinion: { chain: SignOffStep[] };
  signOpinion: { step: string; position: Position | null };
  reply: IssuedOpinion;
  issueReviewOpinion: IssuedOpinion;
  issueReReviewOpinion: IssuedOpinion;
}

/** What an issued opinion's event carries: the signed draft's content and who signed it. */
interface IssuedOpinion {
  outcome: Outcome;
  summary: string;
  signatures: OpinionDraft['signatures'];
  /** A 复查 / 复核 opinion's disposition, copied from the draft. */
  disposition?: AppealDisposition;
}

/** The payload of the event a command produces: the command without `type`/`on`, undefined fields dropped, plus extras. */
export type EventPayload<T extends CommandType> = DistributiveOmit<CommandOf<T>, 'type' | 'on'> &
  (T extends keyof EventPayloadExtras ? EventPayloadExtras[T] : unknown);
