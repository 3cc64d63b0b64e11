import type { FastifyServerOptions } from 'fastify';
import { stdSerializers } from 'pino';
import { maskPersonalNumbers, maskUrl } from '../domain/notifications';

/**
 * What the logs may keep of a request. Logs are read by operators and shipped to other systems, so they carry no
 * credentials and no personal numbers:
 * - credentials: the Authorization, Cookie and X-CSRF-Token headers and Set-Cookie are redacted wherever a log
 *   object carries headers (Fastify's own request log does not, but a handler logging `request.headers` would);
 * - the URL is logged with phone and ID numbers masked in the path and the query (`?q=13800001234` searches);
 * - bodies are never logged (Fastify does not, and nothing here adds them);
 * - an error's message and stack (a database error may quote a value) are masked the same way.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'request.headers.authorization',
  'request.headers.cookie',
  'request.headers["x-csrf-token"]',
];

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

function request(req: LoggedRequest) {
  return { method: req.method, url: maskUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

function error(err: Error): { type: string; message: string; stack: string; [key: string]: unknown } {
  const out = stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string') out[key] = maskPersonalNumbers(value);
    else if (value && typeof value === 'object' && key !== 'cause') out[key] = JSON.parse(maskPersonalNumbers(JSON.stringify(value))) as unknown;
  }
  return out as { type: string; message: string; stack: string };
}

type LoggerOption = FastifyServerOptions['logger'];

/** The app's logger options with the redaction and masking above; `false` stays off. */
export function safeLoggerOptions(logger: LoggerOption): LoggerOption {
  if (!logger) return false;
  const base = logger === true ? {} : (logger as Exclude<LoggerOption, boolean | undefined> & Record<string, unknown>);
  return {
    ...base,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { ...(base.serializers as object | undefined), req: request, err: error },
  } as LoggerOption;
}
