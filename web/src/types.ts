// The shapes of the Xinfang HTTP API (v1) as the staff web app uses them.
// Labels (`…Label`, `labelZh`, `summary`) come from the server in Chinese; the UI shows them as given.

export type Role =
  | 'registrar'
  | 'acceptanceOfficer'
  | 'handler'
  | 'bodyLeader'
  | 'supervisor'
  | 'auditor'
  | 'leader'
  | 'admin';

/** Permission strings, e.g. 'matter.read'. Kept open: the server may add more. */
export type Permission = string;

export interface BodyRef {
  id: string;
  name: string;
}

export interface MeBody extends BodyRef {
  kind: string;
  kindLabel: string;
  regionCode: string;
  regionName: string;
}

export interface Me {
  id: string;
  login: string;
  displayName: string;
  roles: Role[];
  roleLabels: string[];
  /** 职务 in the body (absent from servers before positions). */
  position?: Position | null;
  positionLabel?: string | null;
  permissions: Permission[];
  /** Set after an administrator's reset: only the change-password screen is shown until it is changed. */
  mustChangePassword: boolean;
  body: MeBody;
}

export interface SessionResponse {
  user: Me;
  csrfToken: string;
}

/** Every 4xx/5xx response body. `messageZh` is what users see. */
export interface ApiErrorBody {
  code: string;
  message: string;
  messageZh: string;
  details?: unknown;
}

export type ClockStatus = 'running' | 'paused' | 'met' | 'late' | 'overdue' | 'closed';

export interface ClockView {
  name: string;
  label: string;
  kind: 'deadline' | 'window';
  from: string;
  due: string;
  unit: 'days' | 'workingDays';
  amount: number;
  rule: { text: string; article: string };
  provisional: boolean;
  status: ClockStatus;
  statusLabel: string;
  stoppedOn: string | null;
  daysLeft: number | null;
}

export interface MatterSummary {
  id: string;
  number: string;
  title: string;
  status: string;
  statusLabel: string;
  channel: string;
  channelLabel: string;
  regionCode: string;
  regionName: string;
  responsibleBody: BodyRef | null;
  receivedOn: string;
  nextClock: ClockView | null;
}

export interface Petitioner {
  id?: string;
  name: string;
  /** Other names the petitions gave for this person (same ID number, registered under `name`). */
  namesAsGiven?: string[];
  idNumberMasked: string | null;
  phoneMasked: string | null;
  isRepresentative?: boolean;
}

/** A petition (信访件) that carries a matter: its first registration, a repeat, or a joined petitioner. */
export interface MatterPetition {
  id: string;
  number: string;
  channel: string;
  channelLabel: string;
  receivedOn: string;
  relation: 'origin' | 'repeat' | 'joined' | string;
  relationLabel: string;
  source: string;
}

/** A matter registered from the same petition as this one (分诉求登记). */
export interface SplitSibling {
  id: string;
  number: string;
  title: string | null;
  statusLabel: string | null;
  petitionId: string;
  petitionNumber: string;
  visible: boolean;
}

export interface MatterDetail extends MatterSummary {
  content: string;
  /** 被反映人/单位, 问题发生地, 内容分类 as registered (absent from servers before registration existed). */
  respondent?: string | null;
  place?: string | null;
  category?: string | null;
  petitioners: Petitioner[];
  /** The petitions on this matter, oldest first (absent from servers before registration existed). */
  petitions?: MatterPetition[];
  /** 人数: the head count of the largest petition on the matter (a collective visit's people; 1 for one person). */
  peopleCount?: number;
  /** 分诉求: the other matters registered from the same petition (outside the reader's scope: number only). */
  splitWith?: SplitSibling[];
  procedure: 'simple' | 'ordinary' | null;
  procedureLabel: string | null;
  registeringBody: BodyRef;
  facts: {
    firstPetition: boolean;
    collective: boolean;
    referredByHigherLevel: boolean;
  };
  /** 分类, null until the acceptance office classifies the matter. */
  classification?: ClassificationView | null;
  /** The supervision in progress (督办), or null. */
  supervision?: SupervisionView | null;
  /** The handling opinion being signed (签批), or null. */
  opinionDraft?: OpinionDraftView | null;
  /** 复查 / 复核: the requests with the petitioner's reasons, and the opinion the current appeal disposes of. */
  appeal?: AppealView;
  /** 申请延期 awaiting a head's decision (Art. 34), or null. */
  extensionRequest?: ExtensionRequestView | null;
  /** The handling workspace (办理工作台). */
  workspace?: WorkspaceView;
  /** Hearings of the re-review (听证) and the opinion's publication (absent from servers before hearings had records). */
  hearings?: HearingsView;
  /** Times the completion report was returned for re-handling (退回重办). */
  completionReportReturns?: number;
  /** Screening flags it was registered with (levelSkipping, terminated). */
  flags?: string[];
}

export interface EventView {
  seq: number;
  type: string;
  label: string;
  on: string;
  occurredAt: string;
  actor: BodyRef;
  body: BodyRef;
  summary: string;
  payload: unknown;
}

export interface AllowedAction {
  type: string;
  labelZh: string;
}

export interface MatterDetailResponse {
  matter: MatterDetail;
  clocks: ClockView[];
  events: EventView[];
  allowedActions: AllowedAction[];
}

export interface MatterListQuery {
  status?: string;
  q?: string;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface Dashboard {
  counts: { open: number; overdue: number; dueSoon: number };
  byStatus: { status: string; statusLabel: string; count: number }[];
}

// ---- Registration (一口登记): POST /petitions, POST /duplicates/check, GET /petitioners -------------------------

export type Channel = 'letter' | 'visit' | 'phone' | 'online' | 'mobile' | 'fax' | 'email' | 'referral';

export interface PersonInput {
  petitionerId?: string;
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  address?: string | null;
  isRepresentative?: boolean;
}

export interface DemandInput {
  title: string;
  content: string;
  respondent?: string | null;
  place?: string | null;
  category?: string | null;
  linkTo?: { matterId: string; relation: 'repeat' | 'joined'; reception?: { kind: string; note?: string } } | null;
}

/** What duplicate screening looks at. */
export interface PetitionDraft {
  channel: Channel;
  receivedAt: string;
  regionCode: string;
  title: string;
  content: string;
  respondent?: string | null;
  place?: string | null;
  category?: string | null;
  petitioners: PersonInput[];
  details?: Record<string, unknown>;
}

export interface RegisterPetitionBody extends PetitionDraft {
  details: Record<string, unknown>;
  oral?: boolean;
  groupId?: string | null;
  attachmentIds?: string[];
  demands?: DemandInput[];
}

export interface ScreeningReason {
  code: string;
  /** For or against a repeat of the candidate (the server's, per reason code). */
  polarity: 'for' | 'against';
  messageZh: string;
  weight: number;
}

export interface ScreeningFlag {
  /** 'levelSkipping' (越级, Art. 19 ¶3) or 'terminated' (已终结, 不再受理). */
  code: string;
  messageZh: string;
  article: string;
}

export interface ScreeningCandidate {
  matterId: string;
  number: string;
  title: string;
  status: string;
  statusLabel: string;
  receivedOn: string;
  regionCode: string;
  registeringBodyName: string;
  externalIds: string[];
  petitionCount: number;
  /** 0..1 */
  score: number;
  likelyRepeat: boolean;
  reasons: ScreeningReason[];
  flags: ScreeningFlag[];
}

export interface ScreeningResult {
  decision: 'repeat' | 'new';
  /** The matter a "repeat" decision names (the best likely repeat), null for "new". */
  repeatOf: string | null;
  ms: number;
  candidates: ScreeningCandidate[];
}

export interface PetitionerHit {
  id: string;
  name: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  address: string | null;
  matterCount: number;
  lastPetitionOn: string | null;
}

export interface RegisteredPetition {
  petitionId: string;
  number: string;
  matters: { matterId: string; number: string; relation: 'origin' | 'repeat' | 'joined'; refusedAgain: boolean }[];
  screening: ScreeningResult;
}

/** One field problem of a 400 VALIDATION answer (`details.problems`). */
export interface FieldProblem {
  field: string;
  messageZh: string;
  article?: string;
}

export interface AttachmentRow {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

// ---- Acceptance and dispatch (受理分办): /triage/*, /inbox, /bodies, /classification, /routing/*, documents -------

export type TriageStage = 'undecided' | 'returns' | 'all';
export type TriageFlag = 'levelSkipping' | 'terminated' | 'sentBack';

/** One routing suggestion: a body to send the matter to, best first (at most three). */
export interface RoutingSuggestion {
  bodyId: string;
  bodyName: string;
  bodyKind: string;
  /** 'redirect' = lead it into the legal-affairs or discipline channel (诉访分离). */
  action: 'dispatch' | 'redirect';
  /** 0..1 */
  confidence: number;
  source: 'competence' | 'model' | 'both';
  reasons: string[];
}

/** The supervision board (GET /supervision/board). */
export interface BoardClockRow {
  matterId: string;
  number: string;
  title: string;
  regionName: string;
  status: string;
  clock: string;
  clockLabel: string;
  due: string;
  daysLeft: number;
  body: { id: string; name: string } | null;
}

export interface DutyFailureRow {
  matterId: string;
  number: string;
  title: string;
  regionName: string;
  check: string;
  labelZh: string;
  article: string;
  since: string;
  detailZh: string;
  body: { id: string; name: string } | null;
}

export interface SupervisionBoard {
  today: string;
  warningDays: number;
  atRisk: BoardClockRow[];
  overdue: BoardClockRow[];
  failures: DutyFailureRow[];
  byCheck: { check: string; labelZh: string; article: string; count: number }[];
}

export interface RatioView {
  numerator: number;
  denominator: number;
  value: number | null;
}

export interface IndicatorsView {
  timelyAcceptance: RatioView;
  onTimeConclusion: RatioView;
  satisfaction: RatioView;
  evaluation: RatioView;
  /** leftOut: repeats of terminated matters (依法终结), not counted (终结事项不通报). */
  repeat: RatioView & { leftOut: number };
  firstTimeResolution: RatioView;
  /** 办结报告退回重办 (absent from servers before it was counted). */
  reportReturns?: number;
  open: number;
  overdue: number;
  averageDaysToDispatch: number | null;
  averageDaysToConclude: number | null;
  items: number;
}

export interface IndicatorsResponse {
  from: string;
  to: string;
  total: IndicatorsView;
  groups: { key: string; name: string; indicators: IndicatorsView; volume: { per10kResidents: number | null; perHundredMillionYuan: number | null } }[];
  drill: { hits: { id: string; number: string; title: string; status: string; regionCode: string }[]; misses: { id: string; number: string; title: string; status: string; regionCode: string }[] } | null;
}

/** 互相监督 counts of one office over a period. */
export interface MutualSupervisionOffice {
  bodyId: string;
  name: string;
  registrationsSentBack: number;
  dispatchesFlagged: number;
  returnsUpheld: number;
}

export interface ClassificationView {
  purpose: string;
  purposeLabel: string;
  categoryPath: string[];
  categoryNames: string[];
  art31Route: string | null;
  art31RouteLabel: string | null;
}

/** A matter in the acceptance office's queue or in a body's inbox. */
export interface QueueItem extends MatterSummary {
  category: string | null;
  classification: ClassificationView | null;
  /** 'levelSkipping' (越级), 'terminated' (已终结) from screening. */
  flags: string[];
  /** Sent back to the registration desk (互相监督) and not corrected yet. */
  registrationQuery: { on: string; reason: string } | null;
  returnRequest: { on: string; reason: string } | null;
  /** How it was routed: 'forward' | 'assign' | 'retain', or null. */
  dispatch: string | null;
  suggestions: RoutingSuggestion[];
  /** When the body received it by forward or assignment; null for a matter it received directly or kept. */
  dispatchedOn?: string | null;
}

export interface TriageQuery {
  stage: TriageStage;
  regionCode?: string;
  channel?: string;
  purpose?: string;
  category?: string;
  unclassified?: boolean;
  flag?: TriageFlag;
  daysLeftMax?: number;
  q?: string;
  page: number;
  pageSize: number;
}

export interface TriageQueue extends Page<QueueItem> {
  modelVersion: number | null;
}

export type InboxStage = 'toAccept' | 'handling' | 'supervised' | 'appeals' | 'all';

/** A command for POST /matters/:id/commands or /triage/bulk: its type and its own fields. */
export interface CommandBody {
  type: string;
  on?: string;
  [field: string]: unknown;
}

export interface BulkResult {
  matterId: string;
  ok: boolean;
  command: string | null;
  toBodyId: string | null;
  documents: { id: string; number: string; kind: string }[];
  error: { code: string; messageZh: string; message: string } | null;
}

export interface BulkResponse {
  results: BulkResult[];
  succeeded: number;
  failed: number;
}

export interface BodyOption {
  id: string;
  name: string;
  kind: string;
  kindLabel: string;
  level: string;
  regionCode: string;
}

export interface CategoryNode {
  code: string;
  name: string;
  children?: CategoryNode[];
}

export interface ClassificationScheme {
  purposes: { code: string; label: string; needsArt31Route: boolean }[];
  art31Routes: { code: string; label: string; article: string }[];
  categories: CategoryNode[];
  /** 诉访分离 and other statutory procedures, with the kind of body each leads to (null: any competent body). */
  redirectChannels: { code: string; label: string; bodyKind: string | null }[];
}

export interface RejectionReason {
  code: string;
  label: string;
  article: string;
  /** The clause the notice prints after 「经审查，」; the clerk starts from it. */
  noticeText: string;
  advice?: string | null;
}

export interface RoutingModelInfo {
  version: number;
  trainedAt: string;
  examples: number;
  /** Held-out accuracy on the newest 20% of decisions; null / {} when there were too few. */
  evaluation: { top1?: number; top3?: number; n?: number } | null;
}

export interface MatterDocument {
  id: string;
  number: string;
  kind: string;
  kindLabel: string;
  title: string;
  issuedOn: string;
  issuingBody: string;
  recipientBodyId: string | null;
  forPetitioner: boolean;
  eventSeq: number;
}

// ---- Supervision actions (督办): /supervision/cases and the matter's supervision ----------------------------------

export interface SupervisionView {
  openedOn: string;
  by: { id: string; name: string };
  target: { id: string; name: string };
  method: string;
  methodLabel: string;
  letterKind: string | null;
  letterLabel: string | null;
  reason: string;
  replyDueOn: string;
  listed: boolean;
  listedDueOn: string | null;
  reply: { on: string; summary: string } | null;
  rounds: number;
  escalatedTo: string[];
}

export interface SupervisionCase {
  matterId: string;
  number: string;
  title: string;
  regionName: string;
  stage: 'awaitingReply' | 'awaitingAssessment';
  stageLabel: string;
  replyDue: string;
  daysLeft: number;
  supervision: SupervisionView;
}

// ---- Notifications (站内通知; 通知发送记录 for administrators): /notifications ---------------------------------------

export interface InboxMessage {
  id: string;
  kind: string;
  subject: string;
  text: string;
  matterId: string | null;
  matterNumber: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationInbox {
  items: InboxMessage[];
  unread: number;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dead';
export type OutboxChannel = 'inApp' | 'sms' | 'email';

export interface OutboxAttempt {
  attemptNo: number;
  at: string;
  ok: boolean;
  provider: string;
  providerMessageId: string | null;
  error: string | null;
}

export interface OutboxItem {
  id: string;
  channel: OutboxChannel;
  kind: string;
  subject: string;
  /** Query codes not yet sent are masked here too. */
  text: string;
  recipient: { kind: 'user' | 'petitioner'; name: string };
  addressMasked: string | null;
  matterId: string | null;
  matterNumber: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
  history: OutboxAttempt[];
}

export interface OutboxPage {
  total: number;
  counts: Partial<Record<OutboxStatus, number>>;
  items: OutboxItem[];
}

// ---- Handling opinion sign-off (处理意见 签批) ----------------------------------------------------------------------

export interface OpinionDraftView {
  outcome: string;
  outcomeLabel: string;
  summary: string;
  request: string | null;
  facts: string | null;
  legalBasis: string | null;
  draftedOn: string;
  draftedBy: { id: string; name: string };
  chain: { key: string; labelZh: string; position?: Position | null }[];
  signatures: { step: string; stepLabel: string; signer: { id: string; name: string }; positionLabel?: string | null; on: string; comment: string | null }[];
  next: { key: string; labelZh: string; position?: Position | null } | null;
  /** Under appeal: uphold 维持 / revoke 撤销 / modify 变更 of the opinion under review. */
  disposition?: string | null;
  dispositionLabel?: string | null;
  /** The hearing record this draft predates (Art. 36 ¶2): it must be drafted again before signing on or issuing. */
  supersededByHearingOn?: string | null;
}

export interface AppealRequestView {
  on: string;
  reasons: string | null;
  body: { id: string; name: string } | null;
}

export interface AppealView {
  reviewRequest: AppealRequestView | null;
  reReviewRequest: AppealRequestView | null;
  underReview: { noun: string; outcome: string; outcomeLabel: string; on: string; body: { id: string; name: string } | null } | null;
}

/** 职务 in a body: the sign-off slot a user signs (承办人 / 分管领导 / 主要负责人). */
export type Position = 'handler' | 'deputyHead' | 'principalHead';

export interface ExtensionRequestView {
  on: string;
  days: number;
  reason: string;
  requestedBy: { id: string; name: string };
}

export interface WorkspaceView {
  investigations: { kind: string; kindLabel: string; on: string; summary: string; participants: string | null; byName: string }[];
  agreements: { kind: string; kindLabel: string; on: string; summary: string; parties: string | null; byName: string }[];
  caseLeader: { name: string; title: string | null; on: string } | null;
  checklist: { key: string; labelZh: string; done: boolean; on: string | null; byName: string | null; note: string | null }[];
}

export interface HearingPlanView {
  heldOn: string;
  rescheduled?: { from: string; on: string; reason: string }[];
  time: string | null;
  place: string;
  presidingOfficer: string;
  officers: { name: string; affiliation: string | null; proposedBy: string; proposedByLabel: string }[];
  participants: { name: string; role: string; roleLabel: string }[];
  closedReason: string | null;
}

export interface HearingsView {
  current: { startedOn: string; plan: HearingPlanView | null } | null;
  held: {
    startedOn: string;
    endedOn: string;
    plan: HearingPlanView | null;
    outcome: { record: string; conclusion: string | null; petitionerAttended: boolean | null; withdrawn: boolean } | null;
  }[];
  publication: { on: string; text: string } | null;
}
