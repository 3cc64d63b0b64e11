import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { maskUrl } from '../domain/notifications';
import { XinfangError, type ErrorCode } from '../shared/errors';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF: 403,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  REFUSED: 422,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export function errorBody(code: ErrorCode, messageZh: string, message: string, details?: unknown) {
  return details === undefined ? { code, message, messageZh } : { code, message, messageZh, details };
}

/**
 * The one place errors become HTTP responses: domain codes map to statuses, validation issues are listed, and any
 * unexpected error is logged with its request and answered with a generic 500 that reveals nothing.
 */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | XinfangError | Error, request, reply) => {
    if (err instanceof XinfangError) {
      return reply.status(STATUS[err.code]).send(errorBody(err.code, err.messageZh, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return reply
        .status(400)
        .send(
          errorBody('VALIDATION', `输入有误：${issues.map((i) => `${i.path} ${i.message}`).join('；')}`, `invalid input at ${issues.map((i) => i.path).join(', ')}`, { issues }),
        );
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, url: maskUrl(request.url) }, 'response does not match its schema');
    }
    const status = (err as FastifyError).statusCode;
    if (status === 429) {
      return reply.status(429).send(errorBody('RATE_LIMITED', '请求过于频繁，请稍后再试', 'too many requests'));
    }
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send(errorBody('VALIDATION', `请求无效：${err.message}`, err.message));
    }
    request.log.error({ err, url: maskUrl(request.url), method: request.method }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', '服务器内部错误，请稍后再试或联系管理员', 'internal server error'));
  });
}
