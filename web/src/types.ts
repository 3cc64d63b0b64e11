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

export interface MatterDetail extends MatterSummary {
  content: string;
  petitioners: Petitioner[];
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
