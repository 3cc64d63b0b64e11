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

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** pino's own bookkeeping and what the pretty line already shows, left out of its trailing fields. */
const SHOWN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'responseTime', 'err']);

/**
 * One log record as a console line for a person at a terminal: `10:42:07 INFO  req-3 GET /api/v1/matters` on the way
 * in, `10:42:07 INFO  req-3 200 12 ms` on the way out, other records as their message with their fields after it.
 * It formats the record pino wrote, after the serializers and redaction above, so the masking is the JSON log's.
 * A line that is not a record comes back as it was.
 */
export function prettyLogLine(line: string, colour = false): string {
  let r: Record<string, unknown>;
  try {
    r = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = typeof r.level === 'number' ? r.level : 30;
  const name = (LEVEL_NAMES[level] ?? String(level)).padEnd(5);
  const paint = (code: number, s: string) => (colour ? `\u001b[${code}m${s}\u001b[0m` : s);
  const levelText = level >= 50 ? paint(31, name) : level >= 40 ? paint(33, name) : paint(2, name);
  const time = typeof r.time === 'number' ? new Date(r.time).toTimeString().slice(0, 8) : '--:--:--';
  const parts = [time, levelText];
  if (typeof r.reqId === 'string') parts.push(paint(2, r.reqId));
  const req = r.req as { method?: string; url?: string } | undefined;
  const res = r.res as { statusCode?: number } | undefined;
  if (req?.method) parts.push(`${req.method} ${req.url ?? ''}`);
  else if (res?.statusCode) {
    const status = String(res.statusCode);
    parts.push(res.statusCode >= 500 ? paint(31, status) : res.statusCode >= 400 ? paint(33, status) : status);
    if (typeof r.responseTime === 'number') parts.push(`${Math.round(r.responseTime)} ms`);
  } else if (typeof r.msg === 'string') parts.push(r.msg);
  const rest = Object.fromEntries(Object.entries(r).filter(([k]) => !SHOWN.has(k)));
  if (Object.keys(rest).length > 0) parts.push(paint(2, JSON.stringify(rest)));
  const err = r.err as { stack?: string; message?: string } | undefined;
  const tail = err ? `\n${err.stack ?? err.message ?? ''}` : '';
  return `${parts.join(' ')}${tail}\n`;
}

/**
 * Where the server's log goes: JSON lines when stdout is piped or redirected (log shippers read those), readable
 * lines when a person watches a terminal. `XINFANG_LOG_FORMAT=json|pretty` overrides the guess.
 */
export function consoleLogStream(out: NodeJS.WriteStream = process.stdout, format = process.env.XINFANG_LOG_FORMAT): { stream?: { write(line: string): void } } {
  const pretty = format === 'pretty' || (format !== 'json' && out.isTTY === true);
  if (!pretty) return {};
  const colour = out.isTTY === true && !process.env.NO_COLOR;
  return { stream: { write: (line: string) => void out.write(prettyLogLine(line, colour)) } };
}
