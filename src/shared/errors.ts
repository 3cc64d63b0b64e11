/**
 * Errors verbs throw. Each has a stable code the UI and integrations rely on, a Chinese message for users and an
 * English one for the API; the HTTP layer maps codes to statuses in one place (src/http/error-handler.ts).
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'CSRF'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'REFUSED'
  | 'TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export class XinfangError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly messageZh: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'XinfangError';
  }
}

/** Not found and out of scope look the same, so a denial does not reveal that a matter exists. */
export function notFound(what: string, whatZh: string): XinfangError {
  return new XinfangError('NOT_FOUND', `${whatZh}不存在或无权访问`, `${what} not found`);
}

/** `labelZh` says what the permission lets one do (PERMISSION_LABELS): users read that, not the code. */
export function forbidden(permission: string, labelZh?: string): XinfangError {
  return new XinfangError('FORBIDDEN', `当前角色无「${labelZh ?? permission}」权限`, `missing permission ${permission}`, { permission });
}

export function conflict(): XinfangError {
  return new XinfangError(
    'CONFLICT',
    '该记录已被他人更新，请刷新后重试',
    'the record was changed by someone else; reload and try again',
  );
}

/** One thing wrong with the input, named by its field; a form shows every problem at once. */
export interface Problem {
  field: string;
  messageZh: string;
  message: string;
  article?: string;
}

export function validation(problems: Problem[]): XinfangError {
  return new XinfangError('VALIDATION', problems.map((p) => p.messageZh).join('；'), problems.map((p) => `${p.field}: ${p.message}`).join('; '), { problems });
}
