import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
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

/**
 * Errors the router raises before any route or hook runs (a path that is not valid percent-encoded UTF-8, a path
 * parameter longer than the router allows): the same error shape as everything else. Passed to Fastify as
 * `frameworkErrors`.
 */
export function frameworkErrorHandler(err: FastifyError, _request: unknown, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const zh = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? '请求路径参数过长' : '请求路径无效（不是有效的 URL 编码）';
  void reply.status(status).send(errorBody('VALIDATION', zh, err.message));
}

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
      const { code, zh } = clientError(status, (err as FastifyError).code);
      return reply.status(status).send(errorBody(code, `${zh}（${err.message}）`, err.message));
    }
    request.log.error({ err, url: maskUrl(request.url), method: request.method }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', '服务器内部错误，请稍后再试或联系管理员', 'internal server error'));
  });
}

/**
 * Errors Fastify and its plugins raise before a route runs (body parsing, content types, multipart), as a stable code
 * and a Chinese sentence; the English message is the framework's own.
 */
function clientError(status: number, fastifyCode: string | undefined): { code: ErrorCode; zh: string } {
  if (status === 413) return { code: 'TOO_LARGE', zh: '请求内容过大' };
  if (status === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', zh: '不支持的请求内容类型（Content-Type）' };
  if (status === 404) return { code: 'NOT_FOUND', zh: '请求的资源不存在' };
  switch (fastifyCode) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'VALIDATION', zh: '请求体不是有效的 JSON' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'VALIDATION', zh: '请求体为空' };
    case 'FST_PROTO_VIOLATION':
    case 'FST_CONSTRUCTOR_VIOLATION':
      return { code: 'VALIDATION', zh: '请求体含有不允许的字段' };
    default:
      return { code: 'VALIDATION', zh: '请求无效' };
  }
}
