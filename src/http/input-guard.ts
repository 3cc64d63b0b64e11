import type { FastifyInstance, FastifyRequest } from 'fastify';
import { XinfangError } from '../shared/errors';

/**
 * One gate for every string that enters through the API, so no route can forget it:
 *
 * - control characters (C0 except tab, line feed and carriage return, and DEL) are refused wherever they appear — in
 *   path parameters, the query string, and any string or key of a JSON body. PostgreSQL refuses U+0000 in `text`
 *   (so a NUL used to surface as a 500), and the others have no place in a petition, a name or an identifier. So is
 *   a lone surrogate (`"\ud800"` is valid JSON but no Unicode text: it would be stored as U+FFFD);
 * - a JSON body nested deeper than MAX_DEPTH is refused before any schema walks it.
 *
 * Runs as a preValidation hook: after the body is parsed, before the route's zod schema and before any handler.
 * Multipart bodies are streamed by their handler (src/modules/attachments) and are not seen here.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const MAX_DEPTH = 32;

/** True when a string carries a control character or an unpaired surrogate (see above). */
export function hasForbiddenCharacters(s: string): boolean {
  return CONTROL.test(s) || LONE_SURROGATE.test(s);
}

/** Where the first offending value is (e.g. `body.petitioners[0].name`), or null when the input is clean. */
export function findControlCharacter(value: unknown, where: string): { path: string; problem: 'control' | 'depth' } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: where, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      if (hasForbiddenCharacters(v)) return { path: item.path, problem: 'control' };
    } else if (v !== null && typeof v === 'object') {
      if (item.depth >= MAX_DEPTH) return { path: item.path, problem: 'depth' };
      if (Array.isArray(v)) {
        v.forEach((x, i) => stack.push({ value: x, path: `${item.path}[${i}]`, depth: item.depth + 1 }));
      } else {
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          if (hasForbiddenCharacters(k)) return { path: `${item.path}.${JSON.stringify(k)}`, problem: 'control' };
          stack.push({ value: x, path: `${item.path}.${k}`, depth: item.depth + 1 });
        }
      }
    }
  }
  return null;
}

export function checkRequestInput(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): void {
  const found =
    findControlCharacter(request.params, 'params') ??
    findControlCharacter(request.query, 'query') ??
    (Buffer.isBuffer(request.body) ? null : findControlCharacter(request.body, 'body'));
  if (!found) return;
  if (found.problem === 'depth') {
    throw new XinfangError(
      'VALIDATION',
      `输入有误：${found.path} 嵌套层级超过 ${MAX_DEPTH} 层`,
      `invalid input at ${found.path}: nested deeper than ${MAX_DEPTH} levels`,
      { issues: [{ path: found.path, message: 'too deep' }] },
    );
  }
  throw new XinfangError(
    'VALIDATION',
    `输入有误：${found.path} 含有不允许的控制字符（如 NUL）或无效的 Unicode 字符`,
    `invalid input at ${found.path}: control characters (such as NUL) and unpaired surrogates are not allowed`,
    { issues: [{ path: found.path, message: 'control character' }] },
  );
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => checkRequestInput(request));
}
