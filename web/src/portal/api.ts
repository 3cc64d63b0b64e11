// The citizen portal's client for /api/v1/portal. Anonymous by design: requests never carry the staff session
// cookie (`credentials: 'omit'`), so a citizen on a computer where staff are logged in is still anonymous, and no
// CSRF token is involved. Errors are the staff app's `ApiError` (show `messageZh`).
import { ApiError } from '../api';
import type { ApiErrorBody, RequestOf, ResponseOf } from '../types';

const BASE = '/api/v1/portal';

// The portal's request and response types are generated from the OpenAPI document (../types, ./api/schema.d.ts).
export type RegionTree = ResponseOf<'/api/v1/portal/regions'>;
export type PortalSubmission = RequestOf<'/api/v1/portal/petitions'>;
export type PortalReceipt = ResponseOf<'/api/v1/portal/petitions', 'post'>;
export type PortalUpload = ResponseOf<'/api/v1/portal/attachments', 'post'>['items'][number];
export type CitizenView = ResponseOf<'/api/v1/portal/query', 'post'>;
export type CitizenMatter = CitizenView['matters'][number];
export type CitizenTimelineEntry = CitizenMatter['timeline'][number];
/** 满意度评价, 请求复查 or 请求复核, with the last day of its window; an appeal names the bodies it may go to. */
export type CitizenAction = CitizenMatter['actions'][number];
/** A notice addressed to the petitioner (受理告知书, 不予受理告知书 …). */
export type CitizenDocument = CitizenMatter['documents'][number];
export type Rating = RequestOf<'/api/v1/portal/matters/{number}/evaluation'>['rating'];
export type AppealStage = RequestOf<'/api/v1/portal/matters/{number}/appeal'>['stage'];

/** A field problem the server reported: `details.problems` (our checks) or `details.issues` (schema, path "/facts"). */
export interface FieldProblem {
  field: string;
  messageZh: string;
}

export function fieldProblems(err: unknown): FieldProblem[] {
  if (!(err instanceof ApiError) || typeof err.details !== 'object' || err.details === null) return [];
  const d = err.details as { problems?: { field?: unknown; messageZh?: unknown }[]; issues?: { path?: unknown; message?: unknown }[] };
  if (Array.isArray(d.problems)) {
    return d.problems.filter((p) => typeof p.field === 'string').map((p) => ({ field: String(p.field), messageZh: String(p.messageZh ?? '') }));
  }
  if (Array.isArray(d.issues)) {
    return d.issues
      .filter((i) => typeof i.path === 'string')
      .map((i) => ({ field: String(i.path).replace(/^\//, '').split('/')[0] ?? '', messageZh: String(i.message ?? '') }));
  }
  return [];
}

const NETWORK_ERROR: ApiErrorBody = { code: 'NETWORK_ERROR', message: 'Network error', messageZh: '无法连接服务器，请检查网络后重试' };

function errorOf(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as ApiErrorBody;
    if (typeof body.code === 'string' && typeof body.messageZh === 'string') return new ApiError(status, body);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(status, {
    code: status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR',
    message: `HTTP ${status}`,
    messageZh: status === 413 ? '提交内容过大，请精简后重试' : status >= 500 ? `服务暂时不可用（HTTP ${status}），请稍后重试` : `请求失败（HTTP ${status}）`,
  });
}

function firstItem(text: string): PortalUpload {
  const item = (JSON.parse(text) as { items: PortalUpload[] }).items[0];
  if (!item) throw new ApiError(500, { code: 'SERVER_ERROR', message: 'no item', messageZh: '上传失败，请重试' });
  return item;
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, {
      method,
      credentials: 'omit',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, NETWORK_ERROR);
  }
  const text = await res.text();
  if (!res.ok) throw errorOf(res.status, text);
  return JSON.parse(text) as T;
}

export type PublishedOpinion = ResponseOf<'/api/v1/portal/published-opinions'>['items'][number];

export const portalApi = {
  regions: () => call<RegionTree>('GET', '/regions'),
  publishedOpinions: (page: number) => call<{ total: number; items: PublishedOpinion[] }>('GET', `/published-opinions?page=${page}&pageSize=10`),
  submit: (submission: PortalSubmission) => call<PortalReceipt>('POST', '/petitions', submission),
  query: (code: string, last4: string) => call<CitizenView>('POST', '/query', { code, last4 }),
  evaluate: (matterNumber: string, code: string, last4: string, rating: Rating, comment: string) =>
    call<CitizenView>('POST', `/matters/${encodeURIComponent(matterNumber)}/evaluation`, { code, last4, rating, comment: comment.trim() || null }),
  appeal: (matterNumber: string, code: string, last4: string, stage: AppealStage, bodyId: string | null, reasons: string) =>
    call<CitizenView>('POST', `/matters/${encodeURIComponent(matterNumber)}/appeal`, { code, last4, stage, bodyId, reasons }),

  /** A notice as a file; the code and last4 travel in the body, never in a URL. Saved through a temporary link. */
  async downloadDocument(id: string, code: string, last4: string): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${BASE}/documents/${encodeURIComponent(id)}/docx`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, last4 }),
      });
    } catch {
      throw new ApiError(0, NETWORK_ERROR);
    }
    if (!res.ok) throw errorOf(res.status, await res.text());
    const disposition = res.headers.get('content-disposition') ?? '';
    const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? 'document.docx');
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },

  /**
   * One file, with upload progress (fetch cannot report it; XMLHttpRequest can). A same-origin XMLHttpRequest always
   * sends cookies: when a staff session in this browser makes the server ask for its CSRF token, the file is sent
   * again with fetch, without cookies (and without progress).
   */
  upload(file: File, onProgress: (percent: number) => void): { promise: Promise<PortalUpload>; abort: () => void } {
    const xhr = new XMLHttpRequest();
    const controller = new AbortController();
    const form = () => {
      const data = new FormData();
      data.append('file', file, file.name);
      return data;
    };
    const first = (body: FormData) =>
      new Promise<PortalUpload>((resolve, reject) => {
        xhr.open('POST', `${BASE}/attachments`);
        xhr.setRequestHeader('accept', 'application/json');
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
        };
        xhr.onload = () => {
          if (xhr.status >= 200 && xhr.status < 300) resolve(firstItem(xhr.responseText));
          else reject(errorOf(xhr.status, xhr.responseText));
        };
        xhr.onerror = () => reject(new ApiError(0, NETWORK_ERROR));
        xhr.onabort = () => reject(new ApiError(0, { code: 'ABORTED', message: 'aborted', messageZh: '已取消上传' }));
        xhr.send(body);
      });
    const again = async () => {
      let res: Response;
      try {
        res = await fetch(`${BASE}/attachments`, { method: 'POST', credentials: 'omit', body: form(), signal: controller.signal, headers: { accept: 'application/json' } });
      } catch {
        throw new ApiError(0, NETWORK_ERROR);
      }
      const text = await res.text();
      if (!res.ok) throw errorOf(res.status, text);
      onProgress(100);
      return firstItem(text);
    };
    const promise = first(form()).catch((err: unknown) => {
      if (err instanceof ApiError && err.code === 'CSRF') return again();
      throw err;
    });
    return {
      promise,
      abort: () => {
        xhr.abort();
        controller.abort();
      },
    };
  },
};
