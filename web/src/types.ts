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
  permissions: Permission[];
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
  name: string;
  idNumberMasked: string;
  phoneMasked: string;
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

export interface MatterDetail extends MatterSummary {
  content: string;
  petitioners: Petitioner[];
  /** The petitions on this matter, oldest first (absent from servers before registration existed). */
  petitions?: MatterPetition[];
  procedure: 'simple' | 'ordinary' | null;
  procedureLabel: string | null;
  registeringBody: BodyRef;
  facts: {
    firstPetition: boolean;
    collective: boolean;
    referredByHigherLevel: boolean;
  };
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
  linkTo?: { matterId: string; relation: 'repeat' | 'joined' } | null;
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
