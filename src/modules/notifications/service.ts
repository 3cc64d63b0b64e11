import { and, count, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { matters, notificationAttempts, notifications, users } from '../../db/schema';
import type { Db } from '../../db/client';
import { chinaDateOf } from '../../domain/calendar';
import { maskSecrets } from '../../domain/notifications';
import { XinfangError, notFound } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's in-app messages, newest first, and how many are unread. */
export async function inbox(db: Db, userId: string, opts: { limit: number; unreadOnly: boolean }) {
  const mine = and(eq(notifications.userId, userId), eq(notifications.channel, 'inApp'));
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      subject: notifications.subject,
      text: notifications.text,
      matterId: notifications.matterId,
      matterNumber: matters.number,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .leftJoin(matters, eq(matters.id, notifications.matterId))
    .where(opts.unreadOnly ? and(mine, isNull(notifications.readAt)) : mine)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit);
  const [unread] = await db.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt)));
  return {
    items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), readAt: r.readAt?.toISOString() ?? null })),
    unread: unread?.n ?? 0,
  };
}

/** Marks one of the caller's messages read; someone else's message does not exist for them. */
export async function markRead(db: Db, userId: string, id: string, now: Date): Promise<void> {
  if (!UUID.test(id)) throw notFound('notification', '通知');
  const mine = and(eq(notifications.id, id), eq(notifications.userId, userId), eq(notifications.channel, 'inApp'));
  const [row] = await db.select({ readAt: notifications.readAt }).from(notifications).where(mine);
  if (!row) throw notFound('notification', '通知');
  if (!row.readAt) await db.update(notifications).set({ readAt: now }).where(and(mine, isNull(notifications.readAt)));
}

export async function markAllRead(db: Db, userId: string, now: Date): Promise<number> {
  const updated = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), eq(notifications.channel, 'inApp'), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return updated.length;
}

export type OutboxStatus = (typeof notifications.$inferSelect)['status'];
export type OutboxChannel = (typeof notifications.$inferSelect)['channel'];

/**
 * The outbox for administrators: every message with its attempts. Addresses are masked and secrets (query codes not
 * yet sent) are masked here too: running the outbox does not need them.
 */
export async function outbox(db: Db, opts: { status?: OutboxStatus; channel?: OutboxChannel; limit: number; offset: number }) {
  const conditions: SQL[] = [];
  if (opts.status) conditions.push(eq(notifications.status, opts.status));
  if (opts.channel) conditions.push(eq(notifications.channel, opts.channel));
  const where = conditions.length ? and(...conditions) : undefined;
  const rows = await db
    .select({
      n: notifications,
      matterNumber: matters.number,
      userName: users.displayName,
    })
    .from(notifications)
    .leftJoin(matters, eq(matters.id, notifications.matterId))
    .leftJoin(users, eq(users.id, notifications.userId))
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(opts.limit)
    .offset(opts.offset);
  const [total] = await db.select({ n: count() }).from(notifications).where(where);
  const byStatus = await db.select({ status: notifications.status, n: count() }).from(notifications).groupBy(notifications.status);
  const ids = rows.map((r) => r.n.id);
  const attempts = ids.length
    ? await db.select().from(notificationAttempts).where(inArray(notificationAttempts.notificationId, ids)).orderBy(notificationAttempts.attemptNo)
    : [];
  return {
    total: total?.n ?? 0,
    counts: Object.fromEntries(byStatus.map((s) => [s.status, s.n])) as Partial<Record<OutboxStatus, number>>,
    items: rows.map(({ n, matterNumber, userName }) => ({
      id: n.id,
      channel: n.channel,
      kind: n.kind,
      subject: n.subject,
      text: maskSecrets(n.text, n.secretSpans),
      recipient: n.userId ? { kind: 'user' as const, name: userName ?? '' } : { kind: 'petitioner' as const, name: '信访人' },
      addressMasked: n.addressMasked,
      matterId: n.matterId,
      matterNumber,
      status: n.status,
      attempts: n.attempts,
      nextAttemptAt: n.status === 'pending' || n.status === 'sending' ? n.nextAttemptAt.toISOString() : null,
      lastError: n.lastError,
      sentAt: n.sentAt?.toISOString() ?? null,
      createdAt: n.createdAt.toISOString(),
      history: attempts
        .filter((a) => a.notificationId === n.id)
        .map((a) => ({ attemptNo: a.attemptNo, at: a.at.toISOString(), ok: a.ok, provider: a.provider, providerMessageId: a.providerMessageId, error: a.error })),
    })),
  };
}

/**
 * An administrator sends a dead message again (after fixing the gateway, or the recipient's number): it is due at
 * once and gets one more attempt; failing that, it is dead again. Recorded in the audit trail.
 */
export async function retryDead(db: Db, p: StaffPrincipal, id: string, now: Date): Promise<void> {
  if (!UUID.test(id)) throw notFound('notification', '通知');
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ status: notifications.status, attempts: notifications.attempts }).from(notifications).where(eq(notifications.id, id)).for('update');
    if (!row) throw notFound('notification', '通知');
    if (row.status !== 'dead') {
      throw new XinfangError('CONFLICT', '只能重发发送失败的通知', `only a dead notification can be retried (this one is ${row.status})`);
    }
    await tx.update(notifications).set({ status: 'pending', nextAttemptAt: now }).where(eq(notifications.id, id));
    await appendEvents(tx, [
      {
        entityType: 'system',
        entityId: `notification:${id}`,
        type: 'notification.retried',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorUserId: p.userId,
        actorBodyId: p.body.id,
        actorRoles: p.roles,
        payload: { notificationId: id, attemptsBefore: row.attempts },
      },
    ]);
  });
}
