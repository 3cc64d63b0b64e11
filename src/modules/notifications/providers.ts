import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import { DEFAULT_RETRY_POLICY, maskEmail, maskPersonalNumbers, maskPhone, type RetryPolicy } from '../../domain/notifications';
import { XinfangError } from '../../shared/errors';

/**
 * How messages leave the platform. Each provider sends one message and says whether it went; it never retries (the
 * dispatcher does, with backoff) and may be called again for a message it already sent, after a crash between
 * sending and recording: the notification id travels with every send (Idempotency-Key, Message-ID) so a provider
 * that honours it delivers once.
 */
export type SendResult = { ok: true; providerMessageId: string | null } | { ok: false; error: string };

export interface SmsMessage {
  /** The notification id: the idempotency key. */
  id: string;
  /** 11-digit mobile. */
  to: string;
  text: string;
}

export interface EmailMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
}

export interface SmsProvider {
  /** Recorded with every attempt. */
  readonly name: string;
  send(message: SmsMessage): Promise<SendResult>;
}

export interface EmailProvider {
  readonly name: string;
  send(message: EmailMessage): Promise<SendResult>;
}

/** What the dispatcher and the scanner need; part of the AppContext, so tests swap providers. */
export interface NotificationSettings {
  sms: SmsProvider;
  email: EmailProvider;
  retry: RetryPolicy;
  /** Approaching-deadline warnings for deadlines due within this many days (0: today only). */
  dueSoonDays: number;
  /** How long a dispatcher's claim on a message lasts before another dispatcher may take it over. */
  claimSeconds: number;
}

function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 500);
}

/**
 * Development: the message is appended as a JSON line to a log file instead of being sent, with phone and ID
 * numbers masked (the real providers below send the full address, of course).
 */
class LogFileProvider {
  constructor(
    readonly name: string,
    private readonly file: string,
    private readonly now: () => Date,
  ) {}

  protected async write(record: Record<string, unknown>): Promise<SendResult> {
    try {
      await mkdir(join(this.file, '..'), { recursive: true });
      await appendFile(this.file, `${JSON.stringify({ at: this.now().toISOString(), ...record })}\n`, 'utf8');
      return { ok: true, providerMessageId: null };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }
}

export class DevSmsProvider extends LogFileProvider implements SmsProvider {
  constructor(dir: string, now: () => Date = () => new Date()) {
    super('dev-sms', join(dir, 'sms.log'), now);
  }
  /** The log keeps the recipient masked and no full phone or ID number of the text: a log file is not an outbox. */
  send(m: SmsMessage): Promise<SendResult> {
    return this.write({ id: m.id, to: maskPhone(m.to), text: maskPersonalNumbers(m.text) });
  }
}

export class DevEmailProvider extends LogFileProvider implements EmailProvider {
  constructor(dir: string, now: () => Date = () => new Date()) {
    super('dev-email', join(dir, 'email.log'), now);
  }
  send(m: EmailMessage): Promise<SendResult> {
    return this.write({ id: m.id, to: maskEmail(m.to), subject: maskPersonalNumbers(m.subject), text: maskPersonalNumbers(m.text) });
  }
}

/**
 * An SMS gateway over HTTP: POST {id, to, text} as JSON with a bearer token and `Idempotency-Key: <notification id>`.
 * 2xx is sent (the gateway's id is taken from `messageId` or `id` in a JSON answer); anything else is a failure.
 */
export class HttpSmsProvider implements SmsProvider {
  readonly name = 'http-sms';
  constructor(private readonly opts: { url: string; token: string | null; timeoutMs?: number }) {}

  async send(m: SmsMessage): Promise<SendResult> {
    try {
      const res = await fetch(this.opts.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': m.id,
          ...(this.opts.token ? { authorization: `Bearer ${this.opts.token}` } : {}),
        },
        body: JSON.stringify({ id: m.id, to: m.to, text: m.text }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      const body = await res.text();
      if (!res.ok) return { ok: false, error: `HTTP ${res.status}: ${body.slice(0, 200)}` };
      let providerMessageId: string | null = null;
      try {
        const json = JSON.parse(body) as { messageId?: unknown; id?: unknown };
        const id = json.messageId ?? json.id;
        providerMessageId = typeof id === 'string' || typeof id === 'number' ? String(id) : null;
      } catch {
        // A gateway that answers 2xx without JSON has still accepted the message.
      }
      return { ok: true, providerMessageId };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }
}

/** E-mail over SMTP (nodemailer); the Message-ID is derived from the notification id, so a re-send is recognisable. */
export class SmtpEmailProvider implements EmailProvider {
  readonly name = 'smtp';
  private readonly transport: Transporter;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(url);
  }

  async send(m: EmailMessage): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: `<${m.id}@xinfang.notifications>`,
        headers: { 'X-Xinfang-Notification': m.id },
      });
      if (info.rejected?.length) return { ok: false, error: `rejected: ${info.rejected.map(String).join(', ')}` };
      return { ok: true, providerMessageId: info.messageId ?? null };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }

  close(): void {
    this.transport.close();
  }
}

function positiveNumber(value: string | undefined, fallback: number, what: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new XinfangError('VALIDATION', `${what} 应为不小于 0 的数字：${value}`, `${what} must be a number ≥ 0, got '${value}'`);
  return n;
}

/**
 * The notification settings of this node from the environment (docs/notifications.md):
 * XINFANG_SMS_PROVIDER=dev|http, XINFANG_SMS_URL, XINFANG_SMS_TOKEN, XINFANG_SMTP_URL, XINFANG_MAIL_FROM,
 * XINFANG_NOTIFY_DUE_DAYS (default 3), XINFANG_NOTIFY_MAX_ATTEMPTS (default 10). Without a gateway or SMTP server the
 * messages go to log files under `<dataDir>/notifications/`.
 */
export function notificationSettingsFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): NotificationSettings {
  const dir = join(dataDir, 'notifications');
  const smsKind = (env.XINFANG_SMS_PROVIDER ?? 'dev').trim();
  let sms: SmsProvider;
  if (smsKind === 'http') {
    const url = env.XINFANG_SMS_URL?.trim();
    if (!url) throw new XinfangError('VALIDATION', 'XINFANG_SMS_PROVIDER=http 时须设置短信网关地址 XINFANG_SMS_URL', 'XINFANG_SMS_PROVIDER=http needs XINFANG_SMS_URL');
    sms = new HttpSmsProvider({ url, token: env.XINFANG_SMS_TOKEN?.trim() || null });
  } else if (smsKind === 'dev') {
    sms = new DevSmsProvider(dir, now);
  } else {
    throw new XinfangError('VALIDATION', `XINFANG_SMS_PROVIDER 只能是 dev 或 http：${smsKind}`, `XINFANG_SMS_PROVIDER must be 'dev' or 'http', got '${smsKind}'`);
  }
  const smtp = env.XINFANG_SMTP_URL?.trim();
  const email: EmailProvider = smtp ? new SmtpEmailProvider(smtp, env.XINFANG_MAIL_FROM?.trim() || '信访工作平台 <noreply@localhost>') : new DevEmailProvider(dir, now);
  const maxAttempts = positiveNumber(env.XINFANG_NOTIFY_MAX_ATTEMPTS, DEFAULT_RETRY_POLICY.maxAttempts, 'XINFANG_NOTIFY_MAX_ATTEMPTS');
  return {
    sms,
    email,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: Math.max(1, Math.floor(maxAttempts)) },
    dueSoonDays: Math.floor(positiveNumber(env.XINFANG_NOTIFY_DUE_DAYS, 3, 'XINFANG_NOTIFY_DUE_DAYS')),
    claimSeconds: 300,
  };
}
