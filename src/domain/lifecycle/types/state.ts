import type { IsoDate } from '../../calendar';
import type { Art31Route, Purpose } from '../../classification';
import type { ClockMap } from './clocks';
import type { LevelSkippingFinding } from './commands';
import type {
  AgreementKind,
  AppealDisposition,
  CompletionReportStatus,
  DeliveryMethod,
  DispatchKind,
  HearingOutcome,
  HearingPlan,
  InvestigationKind,
  Outcome,
  Procedure,
  Rating,
  RedirectChannel,
  SimpleEligibilityBasis,
  SupervisionLetterKind,
  SupervisionMethod,
} from './enumerations';
import type { MatterFacts } from './facts';
import type { OpinionDraft } from './sign-off';
import type { MatterStatus } from './statuses';

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
