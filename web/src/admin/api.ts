// 系统管理: the administrator's bodies, accounts, time limits, calendar and audit trail.
import { BASE, postForFile, request } from '../api';
import type { QueryOf, RequestOf, ResponseOf } from '../types';

// The shapes are generated from the OpenAPI document (../types).
export type AdminBody = ResponseOf<'/api/v1/admin/bodies'>['items'][number];
export type NewBody = RequestOf<'/api/v1/admin/bodies'>;
export type BodyChanges = RequestOf<'/api/v1/admin/bodies/{id}', 'patch'>;
export type RegionItem = ResponseOf<'/api/v1/admin/regions'>['items'][number];
export type NewUser = RequestOf<'/api/v1/admin/users'>;
export type UserChanges = RequestOf<'/api/v1/admin/users/{id}', 'patch'>;
export type UserSession = ResponseOf<'/api/v1/admin/users/{id}/sessions'>['items'][number];
export type TimeLimitsView = ResponseOf<'/api/v1/settings/time-limits'>;
export type TimeLimitItem = TimeLimitsView['items'][number];
export type TimeLimitsInput = RequestOf<'/api/v1/settings/time-limits', 'put'>;
export type TemplatesView = ResponseOf<'/api/v1/settings/document-templates'>;
export type TemplateItem = TemplatesView['items'][number];
export type DocumentTemplate = TemplateItem['template'];
export type YearDays = ResponseOf<'/api/v1/calendar/years/{year}'>;
export type DayItem = YearDays['days'][number];
export type DayChange = RequestOf<'/api/v1/calendar/days/{date}', 'put'>['change'];
export type Schedules = ResponseOf<'/api/v1/calendar/schedules'>;
export type LoadResult = ResponseOf<'/api/v1/calendar/schedules', 'post'>;
export type EventsQuery = QueryOf<'/api/v1/audit/events'>;
export type EventItem = ResponseOf<'/api/v1/audit/events'>['items'][number];
export type VerifyResult = ResponseOf<'/api/v1/audit/verify', 'post'>;

const id = encodeURIComponent;

export const adminApi = {
  bodies: () => request<ResponseOf<'/api/v1/admin/bodies'>>('GET', '/admin/bodies'),
  createBody: (body: NewBody) => request<AdminBody>('POST', '/admin/bodies', { body }),
  updateBody: (bodyId: string, body: BodyChanges) => request<AdminBody>('PATCH', `/admin/bodies/${id(bodyId)}`, { body }),
  setBodyActive: (bodyId: string, active: boolean) => request<AdminBody>('PUT', `/admin/bodies/${id(bodyId)}/active`, { body: { active } }),
  regions: (q: { q?: string; parent?: string }) => request<ResponseOf<'/api/v1/admin/regions'>>('GET', '/admin/regions', { query: q }),
  categories: () => request<ResponseOf<'/api/v1/classification'>>('GET', '/classification'),

  createUser: (body: NewUser) => request<ResponseOf<'/api/v1/admin/users', 'post'>>('POST', '/admin/users', { body }),
  updateUser: (userId: string, body: UserChanges) => request<ResponseOf<'/api/v1/admin/users/{id}', 'patch'>>('PATCH', `/admin/users/${id(userId)}`, { body }),
  userSessions: (userId: string) => request<{ items: UserSession[] }>('GET', `/admin/users/${id(userId)}/sessions`),
  endUserSessions: (userId: string) => request<{ ended: number }>('DELETE', `/admin/users/${id(userId)}/sessions`),

  timeLimits: () => request<TimeLimitsView>('GET', '/settings/time-limits'),
  putTimeLimits: (body: TimeLimitsInput) => request<TimeLimitsView>('PUT', '/settings/time-limits', { body }),

  documentTemplates: () => request<TemplatesView>('GET', '/settings/document-templates'),
  putDocumentTemplate: (kind: string, body: DocumentTemplate) => request<TemplatesView>('PUT', `/settings/document-templates/${id(kind)}`, { body }),
  /** The sample in the saved template: a plain link (the session cookie goes with it). */
  templatePreviewUrl: (kind: string) => `${BASE}/settings/document-templates/${id(kind)}/preview.docx`,
  /** The sample in a draft not yet saved. */
  previewDraft: (kind: string, body: DocumentTemplate) => postForFile(`/settings/document-templates/${id(kind)}/preview.docx`, body),

  schedules: () => request<Schedules>('GET', '/calendar/schedules'),
  yearDays: (year: number) => request<YearDays>('GET', `/calendar/years/${year}`),
  changeDay: (date: string, change: DayChange, name: string) => request<LoadResult>('PUT', `/calendar/days/${id(date)}`, { body: { change, name } }),
  loadSchedule: (body: { format: 'json' | 'csv'; text: string; source: string }) => request<LoadResult>('POST', '/calendar/schedules', { body }),

  events: (q: Partial<EventsQuery>) => request<ResponseOf<'/api/v1/audit/events'>>('GET', '/audit/events', { query: q }),
  verify: () => request<VerifyResult>('POST', '/audit/verify'),
};

export const adminKeys = {
  bodies: ['admin', 'bodies'] as const,
  timeLimits: ['admin', 'time-limits'] as const,
  documentTemplates: ['admin', 'document-templates'] as const,
  schedules: ['admin', 'calendar', 'schedules'] as const,
  year: (y: number) => ['admin', 'calendar', y] as const,
  events: (q: object) => ['admin', 'events', q] as const,
};

export type ImportResult = ResponseOf<'/api/v1/admin/bodies/import', 'post'>;
export type ImportKind = 'bodies' | 'users';

/** 批量导入 (src/modules/org/bulk-routes.ts): a template to fill, and the upload, all or nothing. */
export const bulkImportApi = {
  templateUrl: (kind: ImportKind, format: 'xlsx' | 'csv') => `/api/v1/admin/${kind}/template.${format}`,
  upload: (kind: ImportKind, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<ImportResult>('POST', `/admin/${kind}/import`, { body: form });
  },
};
