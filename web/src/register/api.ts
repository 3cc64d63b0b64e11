// Endpoints of the registration desk (see ../api.ts `request` for the transport rules).
import { ApiError, request } from '../api';
import type { AttachmentRow, FieldProblem, PetitionDraft, PetitionerHit, RegisterPetitionBody, RegisteredPetition, ScreeningResult } from '../types';

export const registrationApi = {
  checkDuplicates: (draft: PetitionDraft, signal?: AbortSignal) => request<ScreeningResult>('POST', '/duplicates/check', { body: draft, signal }),
  searchPetitioners: (q: string, signal?: AbortSignal) => request<{ items: PetitionerHit[] }>('GET', '/petitioners', { query: { q, limit: 8 }, signal }),
  register: (body: RegisterPetitionBody) => request<RegisteredPetition>('POST', '/petitions', { body }),
  uploadAttachments: (files: File[]) => {
    const form = new FormData();
    for (const f of files) form.append('file', f, f.name);
    return request<{ items: AttachmentRow[] }>('POST', '/attachments', { body: form });
  },
};

export const registrationKeys = {
  screening: (draft: PetitionDraft) => ['duplicates', draft] as const,
  petitioners: (q: string) => ['petitioners', q] as const,
};

/** The field problems of a 400 VALIDATION answer, or [] for any other error. */
export function fieldProblems(err: unknown): FieldProblem[] {
  if (!(err instanceof ApiError) || err.status !== 400) return [];
  const details = err.details as { problems?: unknown; issues?: unknown; field?: unknown } | undefined;
  // Schema errors (a value too long, a malformed code) come as `issues` with JSON-pointer paths.
  if (Array.isArray(details?.issues)) {
    return details.issues.flatMap((i: { path?: unknown; message?: unknown }) =>
      typeof i?.path === 'string' && i.path !== '/' ? [{ field: i.path.slice(1).replace(/\//g, '.'), messageZh: String(i.message ?? err.messageZh) }] : [],
    );
  }
  if (Array.isArray(details?.problems)) {
    return details.problems.filter(
      (p): p is FieldProblem => typeof p === 'object' && p !== null && typeof (p as FieldProblem).field === 'string' && typeof (p as FieldProblem).messageZh === 'string',
    );
  }
  // A single-field refusal, e.g. a picked petitioner whose ID number differs from the one typed.
  if (typeof details?.field === 'string') return [{ field: details.field, messageZh: err.messageZh }];
  return [];
}
