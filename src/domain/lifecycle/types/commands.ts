import type { IsoDate } from '../../calendar';
import type { Art31Route, Purpose } from '../../classification';
import type {
  AgreementKind,
  AppealDisposition,
  DeliveryMethod,
  HearingOfficer,
  HearingParticipant,
  InvestigationKind,
  Outcome,
  Rating,
  ReceptionKind,
  RedirectChannel,
  SimpleEligibilityBasis,
  SupervisionLetterKind,
  SupervisionMethod,
  SupervisionVerdict,
} from './enumerations';
import type { MatterFacts } from './facts';
import type { SignOffStep } from './sign-off';

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
