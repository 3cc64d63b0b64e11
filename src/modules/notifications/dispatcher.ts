import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { notificationAttempts, notifications, users } from '../../db/schema';
import { afterFailure, maskSecrets } from '../../domain/notifications';
import type { AppContext } from '../../context';
import { livePetitioners, mobileOf } from './enqueue';
import type { SendResult } from './providers';
import { repeat, type JobLog } from '../../shared/repeat';

/**
 * The dispatcher: sends the outbox's due messages. Safe with any number of dispatchers on any number of nodes:
 *
 * 1. Claim: in a short transaction, due rows are locked with `FOR UPDATE SKIP LOCKED` (a row another dispatcher is
 *    claiming is skipped, not waited for) and marked `sending` until now + claimSeconds with a fresh claim token.
 *    Another dispatcher sees a claimed row only once the claim has lapsed (its owner crashed or hung).
 * 2. Send, outside any transaction: a slow gateway holds no lock and, on PGlite, does not block the app.
 * 3. Record: the attempt row, and the outcome (sent, pending again with backoff, or dead), written only if the claim
 *    token still matches, so a dispatcher whose claim lapsed and was taken over cannot overwrite the newer outcome.
 *
 * Delivery is at least once: a crash between 2 and 3 sends the message again after the claim lapses. The
 * notification id goes with every send (Idempotency-Key, Message-ID) for providers that deduplicate.
 */

export interface DeliveryReport {
  claimed: number;
  sent: number;
  /** Failed and rescheduled. */
  retrying: number;
  /** Failed for the last time (or could not be sent at all). */
  dead: number;
}

type Claimed = typeof notifications.$inferSelect;
type DispatchContext = Pick<AppContext, 'db' | 'now' | 'notifications'>;

async function claim(ctx: DispatchContext, limit: number): Promise<{ token: string; rows: Claimed[] }> {
  const now = ctx.now();
  const token = randomUUID();
  const until = new Date(now.getTime() + ctx.notifications.claimSeconds * 1000);
  const rows = await ctx.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(inArray(notifications.status, ['pending', 'sending']), lte(notifications.nextAttemptAt, now)))
      .orderBy(asc(notifications.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(notifications)
      .set({ status: 'sending', attempts: sql`${notifications.attempts} + 1`, claimToken: token, nextAttemptAt: until })
      .where(inArray(notifications.id, due.map((d) => d.id)))
      .returning();
  });
  return { token, rows };
}

/** The address to send to, read now: a phone or e-mail corrected since the message was written is the one used. */
async function addressOf(ctx: DispatchContext, n: Claimed): Promise<string | null> {
  if (n.address) return n.address;
  if (n.userId) {
    const [u] = await ctx.db.select({ email: users.email, phone: users.phone, disabled: users.disabled }).from(users).where(eq(users.id, n.userId));
    if (!u || u.disabled) return null;
    return n.channel === 'email' ? u.email?.trim() || null : mobileOf(u.phone);
  }
  if (n.petitionerId && n.channel === 'sms') {
    const live = await livePetitioners(ctx.db, [n.petitionerId]);
    return mobileOf(live.get(n.petitionerId)?.phone);
  }
  return null;
}

async function send(ctx: DispatchContext, n: Claimed): Promise<{ provider: string; result: SendResult; permanent: boolean }> {
  const provider = n.channel === 'email' ? ctx.notifications.email : ctx.notifications.sms;
  if (n.channel === 'inApp') return { provider: 'inApp', result: { ok: true, providerMessageId: null }, permanent: false };
  const to = await addressOf(ctx, n);
  if (!to) {
    const what = n.channel === 'email' ? '电子邮箱' : '手机号码';
    return { provider: provider.name, result: { ok: false, error: `收件人没有可用的${what} / no ${n.channel === 'email' ? 'e-mail address' : 'mobile number'} on record` }, permanent: true };
  }
  try {
    const result = n.channel === 'email' ? await ctx.notifications.email.send({ id: n.id, to, subject: n.subject, text: n.text }) : await ctx.notifications.sms.send({ id: n.id, to, text: n.text });
    return { provider: provider.name, result, permanent: false };
  } catch (err) {
    // A provider should answer with { ok: false }; one that throws is treated the same way.
    return { provider: provider.name, result: { ok: false, error: err instanceof Error ? err.message : String(err) }, permanent: false };
  }
}

async function record(ctx: DispatchContext, n: Claimed, token: string, outcome: Awaited<ReturnType<typeof send>>): Promise<keyof Omit<DeliveryReport, 'claimed'> | null> {
  const now = ctx.now();
  const { result } = outcome;
  return ctx.db.transaction(async (tx) => {
    await tx
      .insert(notificationAttempts)
      .values({
        notificationId: n.id,
        attemptNo: n.attempts,
        at: now,
        ok: result.ok,
        provider: outcome.provider,
        providerMessageId: result.ok ? result.providerMessageId : null,
        error: result.ok ? null : result.error.slice(0, 1000),
      })
      .onConflictDoNothing();
    const mine = and(eq(notifications.id, n.id), eq(notifications.claimToken, token), eq(notifications.status, 'sending'));
    if (result.ok) {
      // Sent: the secret (query code) and the one-off address have done their job and are not kept.
      const updated = await tx
        .update(notifications)
        .set({ status: 'sent', sentAt: now, lastError: null, claimToken: null, text: maskSecrets(n.text, n.secretSpans), secretSpans: [], address: null })
        .where(mine)
        .returning({ id: notifications.id });
      return updated.length ? 'sent' : null;
    }
    const next = afterFailure(n.attempts, now, ctx.notifications.retry, outcome.permanent);
    const updated = await tx
      .update(notifications)
      .set(next.status === 'dead' ? { status: 'dead', lastError: result.error.slice(0, 1000), claimToken: null } : { status: 'pending', nextAttemptAt: next.nextAttemptAt, lastError: result.error.slice(0, 1000), claimToken: null })
      .where(mine)
      .returning({ id: notifications.id });
    if (!updated.length) return null;
    return next.status === 'dead' ? 'dead' : 'retrying';
  });
}

/**
 * Sends what is due now, at most `limit` messages, in batches; returns what happened. Several calls may run at once
 * (here or on other nodes): each message is claimed by one of them.
 */
export async function deliverDue(ctx: DispatchContext, opts: { limit?: number; batch?: number } = {}): Promise<DeliveryReport> {
  const limit = opts.limit ?? 500;
  const batch = Math.max(1, Math.min(opts.batch ?? 20, limit));
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, dead: 0 };
  while (report.claimed < limit) {
    const { token, rows } = await claim(ctx, Math.min(batch, limit - report.claimed));
    if (rows.length === 0) break;
    report.claimed += rows.length;
    for (const n of rows) {
      const outcome = await send(ctx, n);
      const status = await record(ctx, n, token, outcome);
      if (status) report[status]++;
    }
  }
  return report;
}

/**
 * Runs the dispatcher now and then every `seconds`, logging what it did; an error is logged and the next run
 * retries. Returns the function that stops it.
 */
export function scheduleDispatcher(ctx: DispatchContext, seconds: number, log: JobLog): () => void {
  return repeat('notifications', seconds * 1000, () => deliverDue(ctx), log, (r) => (r.claimed ? { fields: { ...r }, message: 'outbox delivered' } : null));
}
