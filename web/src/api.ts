// A small typed client for the Xinfang HTTP API.
// - Always same-origin with the session cookie (httpOnly, set by the server).
// - Every non-GET request carries `x-csrf-token`, taken from the last login or /auth/me response.
// - Errors become `ApiError`; show `messageZh` to users.
import type {
  ApiErrorBody,
  BodyOption,
  BulkResponse,
  ClassificationScheme,
  CommandBody,
  Dashboard,
  InboxStage,
  MatterDetailResponse,
  MatterDocument,
  MatterListQuery,
  MatterPage,
  Page,
  QueueItem,
  RejectionReason,
  RoutingModelInfo,
  RoutingSuggestion,
  SessionResponse,
  TriageQuery,
  TriageQueue,
  MutualSupervisionOffice,
  SupervisionBoard,
  SupervisionCase,
  IndicatorsResponse,
} from './types';
import type { NotificationInbox, OutboxChannel, OutboxPage, OutboxStatus } from './types';

export const BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  /** The server's English message, for logs and integrators: never shown to a user. */
  readonly messageEn: string;
  readonly details: unknown;

  constructor(status: number, body: ApiErrorBody) {
    // `message` is what any generic display picks up (antd's Upload list, an error boundary, a console): make it the
    // Chinese text, so no page can show the English one or a bare code by reading `.message`.
    super(body.messageZh);
    this.messageEn = body.message;
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.messageZh = body.messageZh;
    this.details = body.details;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

/** The text to show a user for any error thrown by a request. */
export function errorText(err: unknown): string {
  if (isApiError(err)) return err.messageZh;
  return '操作失败，请稍后重试';
}

/** The provision a refusal cites (`details.article` of a lifecycle refusal), or null. */
export function errorArticle(err: unknown): string | null {
  if (!isApiError(err)) return null;
  const article = (err.details as { article?: unknown } | null | undefined)?.article;
  return typeof article === 'string' && article ? article : null;
}

/** The refusal with its provision: 「超过申请退回期限（《信访工作条例》第二十三条第三款）」. */
export function refusalText(err: unknown): string {
  const article = errorArticle(err);
  const text = errorText(err);
  return article && !text.includes(article) ? `${text}（${article}）` : text;
}

/** Where a document downloads as .docx (same origin: the session cookie goes with the link). */
export function documentDocxUrl(id: string): string {
  return `${BASE}/documents/${encodeURIComponent(id)}/docx`;
}

let csrfToken: string | null = null;

/**
 * A file the server renders from a posted body (a preview of a draft): the same cookie and CSRF token as `request`,
 * the answer as a Blob; an error answer as ApiError.
 */
export async function postForFile(path: string, body: unknown): Promise<Blob> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`${BASE}${path}`, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  if (!res.ok) {
    const data: unknown = await res.json().catch(() => undefined);
    throw new ApiError(res.status, isErrorBody(data) ? data : { code: 'HTTP_ERROR', message: `HTTP ${res.status}`, messageZh: `请求失败（HTTP ${res.status}）` });
  }
  return res.blob();
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Query = Record<string, string | number | boolean | undefined | null>;

function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  if (query) {
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null || value === '' || value === false) continue;
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return `${BASE}${path}${qs ? `?${qs}` : ''}`;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorBody).code === 'string' &&
    typeof (value as ApiErrorBody).messageZh === 'string'
  );
}

/** One API call: same-origin cookie, x-csrf-token on every non-GET request, JSON or multipart body, errors as ApiError. */
export async function request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const isForm = typeof FormData !== 'undefined' && opts.body instanceof FormData;
  if (opts.body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : isForm ? (opts.body as FormData) : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new ApiError(0, {
      code: 'NETWORK_ERROR',
      message: 'Network error',
      messageZh: '无法连接服务器，请检查网络后重试',
    });
  }

  if (res.status === 204) return undefined as T;

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    if (isErrorBody(data)) throw new ApiError(res.status, data);
    throw new ApiError(res.status, {
      code: res.status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR',
      message: `HTTP ${res.status}`,
      messageZh: res.status >= 500 ? `服务暂时不可用（HTTP ${res.status}），请稍后重试` : `请求失败（HTTP ${res.status}）`,
    });
  }
  return data as T;
}

export const api = {
  async login(login: string, password: string): Promise<SessionResponse> {
    // Any token still held is sent: the server checks CSRF on a non-GET request whenever a live session cookie
    // comes with it, login included; a stale token of an expired session is ignored.
    const session = await request<SessionResponse>('POST', '/auth/login', { body: { login, password } });
    setCsrfToken(session.csrfToken);
    return session;
  },

  async logout(): Promise<void> {
    try {
      await request<void>('POST', '/auth/logout');
    } finally {
      setCsrfToken(null);
    }
  },

  /** The current session, or null when not signed in (401). */
  async me(): Promise<SessionResponse | null> {
    try {
      const session = await request<SessionResponse>('GET', '/auth/me');
      setCsrfToken(session.csrfToken);
      return session;
    } catch (err) {
      if (isApiError(err) && err.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw err;
    }
  },

  dashboard(): Promise<Dashboard> {
    return request<Dashboard>('GET', '/dashboard');
  },

  /** A page of the matter list; `cursor`: where the previous page ended (its `nextCursor`). */
  matters(query: MatterListQuery, cursor?: string): Promise<MatterPage> {
    return request<MatterPage>('GET', '/matters', {
      query: {
        status: query.status,
        q: query.q?.trim(),
        overdue: query.overdue ? 'true' : undefined,
        cursor,
        pageSize: query.pageSize,
      },
    });
  },

  matter(id: string): Promise<MatterDetailResponse> {
    return request<MatterDetailResponse>('GET', `/matters/${encodeURIComponent(id)}`);
  },

  /** Runs a lifecycle command; answers the matter page as it is afterwards. Refusals are ApiError with messageZh. */
  command(id: string, command: CommandBody): Promise<MatterDetailResponse> {
    return request<MatterDetailResponse>('POST', `/matters/${encodeURIComponent(id)}/commands`, { body: command });
  },

  documents(id: string): Promise<{ items: MatterDocument[] }> {
    return request<{ items: MatterDocument[] }>('GET', `/matters/${encodeURIComponent(id)}/documents`);
  },

  triageQueue(query: TriageQuery, cursor?: string): Promise<TriageQueue> {
    return request<TriageQueue>('GET', '/triage/queue', {
      query: {
        stage: query.stage,
        regionCode: query.regionCode,
        channel: query.channel,
        purpose: query.purpose,
        category: query.category,
        unclassified: query.unclassified ? 'true' : undefined,
        flag: query.flag,
        daysLeftMax: query.daysLeftMax,
        q: query.q?.trim(),
        cursor,
        pageSize: query.pageSize,
      },
    });
  },

  /** One decision for many matters; each succeeds or fails on its own. `toBodyId: 'topSuggestion'` = each its own first suggestion. */
  triageBulk(matterIds: string[], command: CommandBody): Promise<BulkResponse> {
    return request<BulkResponse>('POST', '/triage/bulk', { body: { matterIds, command } });
  },

  inbox(stage: InboxStage, page = 1, pageSize = 50): Promise<Page<QueueItem>> {
    return request<Page<QueueItem>>('GET', '/inbox', { query: { stage, page, pageSize } });
  },

  routing(id: string): Promise<{ modelVersion: number | null; suggestions: RoutingSuggestion[] }> {
    return request('GET', `/matters/${encodeURIComponent(id)}/routing`);
  },

  /** `targets`: only bodies a matter may be sent to (the server leaves out petition bureaus and their offices). */
  bodies(query: { q?: string; kind?: string; regionCode?: string; targets?: boolean; limit?: number }): Promise<{ items: BodyOption[] }> {
    return request<{ items: BodyOption[] }>('GET', '/bodies', {
      query: { q: query.q?.trim(), kind: query.kind, regionCode: query.regionCode, targets: query.targets, limit: query.limit },
    });
  },

  classification(): Promise<ClassificationScheme> {
    return request<ClassificationScheme>('GET', '/classification');
  },

  rejectionReasons(): Promise<RejectionReason[]> {
    return request<RejectionReason[]>('GET', '/rejection-reasons');
  },

  routingModel(): Promise<RoutingModelInfo | null> {
    return request<RoutingModelInfo | null>('GET', '/routing/model');
  },

  trainRoutingModel(): Promise<RoutingModelInfo> {
    return request<RoutingModelInfo>('POST', '/routing/model/train');
  },

  indicators(query: { from: string; to: string; groupBy: 'body' | 'city' | 'county' | 'channel'; drill?: string; group?: string }): Promise<IndicatorsResponse> {
    return request<IndicatorsResponse>('GET', '/supervision/indicators', { query });
  },

  supervisionCases(): Promise<{ today: string; items: SupervisionCase[] }> {
    return request('GET', '/supervision/cases');
  },
  supervisionBoard(warningDays: number): Promise<SupervisionBoard> {
    return request<SupervisionBoard>('GET', '/supervision/board', { query: { warningDays } });
  },

  mutualSupervision(from: string, to: string): Promise<{ offices: MutualSupervisionOffice[] }> {
    return request('GET', '/triage/mutual-supervision', { query: { from, to } });
  },
};

/** TanStack Query keys, in one place so invalidation stays consistent. */
export const queryKeys = {
  me: ['me'] as const,
  dashboard: ['dashboard'] as const,
  matters: (query: MatterListQuery) => ['matters', query] as const,
  matter: (id: string) => ['matter', id] as const,
  documents: (id: string) => ['documents', id] as const,
  triage: (query: TriageQuery) => ['triage', query] as const,
  triageCount: (stage: string) => ['triage', 'count', stage] as const,
  inbox: (stage: InboxStage, page: number, pageSize: number) => ['inbox', stage, page, pageSize] as const,
  routing: (id: string) => ['routing', id] as const,
  bodies: (q: string, kind: string | undefined) => ['bodies', q, kind ?? ''] as const,
  classification: ['classification'] as const,
  rejectionReasons: ['rejection-reasons'] as const,
  routingModel: ['routing-model'] as const,
};

/** The queries a lifecycle command can change: lists, counts, the matter, its documents and suggestions. */
export const AFTER_COMMAND_KEYS = [
  ['matters'],
  ['matter'],
  ['dashboard'],
  ['triage'],
  ['inbox'],
  ['documents'],
  ['routing'],
  ['supervision-board'],
  ['supervision-cases'],
] as const;

// ---- Notifications: the bell (站内通知) and the outbox (通知发送记录) ----------------------------------------------

export const notificationApi = {
  inbox(limit = 30): Promise<NotificationInbox> {
    return request<NotificationInbox>('GET', '/notifications', { query: { limit } });
  },
  markRead(id: string): Promise<{ ok: true }> {
    return request('POST', `/notifications/${encodeURIComponent(id)}/read`);
  },
  markAllRead(): Promise<{ updated: number }> {
    return request('POST', '/notifications/read-all');
  },
  outbox(query: { status?: OutboxStatus; channel?: OutboxChannel; limit: number; offset: number }): Promise<OutboxPage> {
    return request<OutboxPage>('GET', '/notifications/outbox', { query });
  },
  retry(id: string): Promise<{ ok: true }> {
    return request('POST', `/notifications/${encodeURIComponent(id)}/retry`);
  },
};

export const notificationKeys = {
  inbox: ['notifications', 'inbox'] as const,
  outbox: (query: object) => ['notifications', 'outbox', query] as const,
};
