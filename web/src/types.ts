// The shapes of the Xinfang HTTP API (v1) as the staff web app uses them: names for the request and response types
// generated from the server's OpenAPI document (./api/schema.d.ts, `npm run gen:api`), and for the domain's code
// unions (src/domain), so a change on the server reaches this code through tsc. Nothing here is written by hand but
// the web's own query state. Labels (`…Label`, `labelZh`, `summary`) come from the server in Chinese.
import type { CommandType, PETITION_COMMANDS } from '../../src/domain/lifecycle';
import type { components, paths } from './api/schema';

export type { Channel, ClockStatus, CommandType, Position, ReceptionKind, Role } from '../../src/domain/lifecycle';
export type { Art31Route, Purpose } from '../../src/domain/classification';
export type { Permission } from '../../src/domain/org';
/** The commands of POST /matters/:id/commands (a repeat or joined petition is registered at the desk instead). */
export type ApiCommandType = Exclude<CommandType, (typeof PETITION_COMMANDS)[number]>;

// ---- Reading the generated document ------------------------------------------------------------------------------

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
type Success<R> = R extends { 200: infer A } ? A : R extends { 201: infer A } ? A : never;

/** The success answer (200, or 201 for a creation) of a route, as its response schema says. */
export type ResponseOf<P extends keyof paths, M extends Method = 'get'> = Json<Success<Operation<P, M>['responses']>>;
/** The JSON body a route takes. */
export type RequestOf<P extends keyof paths, M extends Method = 'post'> = Json<NonNullable<Operation<P, M>['requestBody']>>;
/** The query string a route takes. */
export type QueryOf<P extends keyof paths, M extends Method = 'get'> = NonNullable<Operation<P, M>['parameters']['query']>;

type Item<T> = T extends readonly (infer E)[] ? E : never;

// ---- Session -------------------------------------------------------------------------------------------------------

export type SessionResponse = ResponseOf<'/api/v1/auth/me'>;
export type Me = SessionResponse['user'];
export type MeBody = Me['body'];
export type BodyRef = MatterDetail['registeringBody'];

/** Every 4xx/5xx response body. `messageZh` is what users see. */
export type ApiErrorBody = components['schemas']['Error'];

// ---- Matters -------------------------------------------------------------------------------------------------------

export type MatterDetailResponse = ResponseOf<'/api/v1/matters/{id}'>;
export type MatterDetail = MatterDetailResponse['matter'];
export type ClockView = MatterDetailResponse['clocks'][number];
export type EventView = MatterDetailResponse['events'][number];
export type AllowedAction = MatterDetailResponse['allowedActions'][number];
export type Petitioner = MatterDetail['petitioners'][number];
/** A petition (信访件) that carries a matter: its first registration, a repeat, or a joined petitioner. */
export type MatterPetition = MatterDetail['petitions'][number];
/** A matter registered from the same petition as this one (分诉求登记). */
export type SplitSibling = MatterDetail['splitWith'][number];
export type ClassificationView = NonNullable<MatterDetail['classification']>;
export type SupervisionView = NonNullable<MatterDetail['supervision']>;
export type OpinionDraftView = NonNullable<MatterDetail['opinionDraft']>;
export type AppealView = MatterDetail['appeal'];
export type AppealRequestView = NonNullable<AppealView['reviewRequest']>;
export type ExtensionRequestView = NonNullable<MatterDetail['extensionRequest']>;
export type WorkspaceView = MatterDetail['workspace'];
export type HearingsView = MatterDetail['hearings'];
export type HearingPlanView = NonNullable<NonNullable<HearingsView['current']>['plan']>;

export type MatterSummary = Item<ResponseOf<'/api/v1/matters'>['items']>;
/** The matter list's filters as the page keeps them (the query string carries them as text). */
export interface MatterListQuery {
  status?: string;
  q?: string;
  overdue?: boolean;
  pageSize: number;
}
/** A page of the matter list (keyset: `nextCursor` fetches the next). */
export type MatterPage = ResponseOf<'/api/v1/matters'>;
export type Dashboard = ResponseOf<'/api/v1/dashboard'>;

export interface Page<T> {
  items: T[];
  total: number;
}

// ---- Registration (一口登记): POST /petitions, POST /duplicates/check, GET /petitioners -------------------------

export type RegisterPetitionBody = RequestOf<'/api/v1/petitions'>;
export type PersonInput = RegisterPetitionBody['petitioners'][number];
export type DemandInput = NonNullable<RegisterPetitionBody['demands']>[number];
/** What duplicate screening looks at. */
export type PetitionDraft = RequestOf<'/api/v1/duplicates/check'>;
export type ScreeningResult = ResponseOf<'/api/v1/duplicates/check', 'post'>;
export type ScreeningCandidate = ScreeningResult['candidates'][number];
export type ScreeningReason = ScreeningCandidate['reasons'][number];
export type ScreeningFlag = ScreeningCandidate['flags'][number];
export type PetitionerHit = Item<ResponseOf<'/api/v1/petitioners'>['items']>;
export type RegisteredPetition = ResponseOf<'/api/v1/petitions', 'post'>;
export type AttachmentRow = ResponseOf<'/api/v1/attachments', 'post'>['items'][number];

/** One field problem of a 400 VALIDATION answer (`details.problems`; `details` is open in the document). */
export interface FieldProblem {
  field: string;
  messageZh: string;
  article?: string;
}

// ---- Acceptance and dispatch (受理分办): /triage/*, /inbox, /bodies, /classification, /routing/*, documents -------

export type TriageQueue = ResponseOf<'/api/v1/triage/queue'>;
/** A matter in the acceptance office's queue or in a body's inbox. */
export type QueueItem = TriageQueue['items'][number];
/** One routing suggestion: a body to send the matter to, best first (at most three). */
export type RoutingSuggestion = QueueItem['suggestions'][number];
/** The queue's filters as the page keeps them (the query string carries them as text). */
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
  pageSize: number;
}
export type TriageStage = NonNullable<QueryOf<'/api/v1/triage/queue'>['stage']>;
export type TriageFlag = NonNullable<QueryOf<'/api/v1/triage/queue'>['flag']>;
export type InboxStage = NonNullable<QueryOf<'/api/v1/inbox'>['stage']>;

/** A command for POST /matters/:id/commands: its type and its own fields (the server's command union). */
export type CommandBody = Extract<RequestOf<'/api/v1/matters/{id}/commands'>, { type: ApiCommandType }>;
/** The command of one type. */
export type CommandOfType<T extends ApiCommandType> = Extract<CommandBody, { type: T }>;

export type BulkResponse = ResponseOf<'/api/v1/triage/bulk', 'post'>;
export type BulkResult = BulkResponse['results'][number];

export type BodyOption = ResponseOf<'/api/v1/bodies'>['items'][number];
export type ClassificationScheme = ResponseOf<'/api/v1/classification'>;
export type CategoryNode = ClassificationScheme['categories'][number];
export type RejectionReason = Item<ResponseOf<'/api/v1/rejection-reasons'>>;
export type RoutingModelInfo = NonNullable<ResponseOf<'/api/v1/routing/model'>>;
/** 互相监督 counts of one office over a period. */
export type MutualSupervisionOffice = Item<ResponseOf<'/api/v1/triage/mutual-supervision'>['offices']>;
export type MatterDocument = ResponseOf<'/api/v1/matters/{id}/documents'>['items'][number];

// ---- Supervision (督办, 监督): /supervision/* ----------------------------------------------------------------------

export type SupervisionBoard = ResponseOf<'/api/v1/supervision/board'>;
export type BoardClockRow = SupervisionBoard['atRisk'][number];
export type DutyFailureRow = SupervisionBoard['failures'][number];
export type IndicatorsResponse = ResponseOf<'/api/v1/supervision/indicators'>;
export type IndicatorsView = IndicatorsResponse['total'];
export type RatioView = IndicatorsView['timelyAcceptance'];
export type SupervisionCase = Item<ResponseOf<'/api/v1/supervision/cases'>['items']>;

// ---- Notifications (站内通知; 通知发送记录 for administrators): /notifications ---------------------------------------

export type NotificationInbox = ResponseOf<'/api/v1/notifications'>;
export type InboxMessage = NotificationInbox['items'][number];
export type OutboxPage = ResponseOf<'/api/v1/notifications/outbox'>;
export type OutboxItem = OutboxPage['items'][number];
export type OutboxAttempt = OutboxItem['history'][number];
export type OutboxStatus = OutboxItem['status'];
export type OutboxChannel = OutboxItem['channel'];
