import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { matters, petitioners } from './matters';
import { users } from './org';

/**
 * The notification outbox (docs/notifications.md). Rows are written in the transaction of the act they report, so a
 * rolled-back act leaves no message; a dispatcher (src/modules/notifications/dispatcher.ts) sends them afterwards.
 *
 * Contract:
 * - one row per (message, channel, recipient); `dedupe_key` names the fact reported (a matter event, a petition's
 *   registration, a clock's due date), and the unique constraint makes enqueuing the same fact twice a no-op;
 * - phones and e-mail addresses are read from the recipient's record when sending, not copied here; `address` holds
 *   only an address given with this one message (the portal's contact phone), and is cleared once sent;
 * - `text` may hold a secret (the portal query code) at `secret_spans` until sent; it is masked then;
 * - status: pending → sending (claimed by a dispatcher until `next_attempt_at`) → sent | pending again (retry with
 *   backoff) | dead (attempts exhausted, or no address). In-app messages are sent by being stored.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    channel: text({ enum: ['inApp', 'sms', 'email'] }).notNull(),
    /** 'user:<id>' or 'petitioner:<id>': one non-null column, so the dedupe constraint holds for both kinds. */
    recipientKey: text().notNull(),
    userId: uuid().references(() => users.id),
    petitionerId: uuid().references(() => petitioners.id),
    address: text(),
    /** What the outbox view shows of the address (138****5678, l***@example.gov.cn). */
    addressMasked: text(),
    kind: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    secretSpans: jsonb().$type<[number, number][]>().notNull().default(sql`'[]'::jsonb`),
    matterId: uuid().references(() => matters.id),
    /** The matter event reported (events.seq of the matter), when it is one. */
    eventSeq: integer(),
    dedupeKey: text().notNull(),
    status: text({ enum: ['pending', 'sending', 'sent', 'dead'] }).notNull(),
    attempts: integer().notNull().default(0),
    /** When a pending row is due, or when a dispatcher's claim on a sending row lapses. */
    nextAttemptAt: timestamp({ withTimezone: true }).notNull(),
    /** Set at each claim: a dispatcher whose claim lapsed and was taken over cannot overwrite the newer outcome. */
    claimToken: uuid(),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    unique('notifications_dedupe_key').on(t.dedupeKey, t.channel, t.recipientKey),
    // The dispatcher's scan: only rows still to send are in it, so it stays small however long the history grows.
    index('notifications_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('pending', 'sending')`),
    index('notifications_inbox_idx').on(t.userId, t.createdAt).where(sql`${t.channel} = 'inApp'`),
    index('notifications_status_idx').on(t.status, t.createdAt),
    index().on(t.matterId),
  ],
);

/** Every send attempt of every notification (全程留痕 for messages): appended, never changed. */
export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    notificationId: uuid()
      .notNull()
      .references(() => notifications.id),
    attemptNo: integer().notNull(),
    at: timestamp({ withTimezone: true }).notNull(),
    ok: boolean().notNull(),
    /** 'inApp', 'dev-sms', 'http-sms', 'smtp', 'dev-email'. */
    provider: text().notNull(),
    providerMessageId: text(),
    error: text(),
  },
  (t) => [primaryKey({ columns: [t.notificationId, t.attemptNo] })],
);

/**
 * 超期提醒, once per clock: a row per deadline clock (matter, name, start) whose overdue alert was written to the
 * outbox. The scanner inserts it in the alert's transaction; a second scan or a second node finds the row and writes
 * nothing (src/modules/notifications/enqueue.ts `enqueueOverdue`). A clock restarted later (a new start) is a new clock.
 */
export const overdueAlerts = pgTable(
  'overdue_alerts',
  {
    matterId: uuid()
      .notNull()
      .references(() => matters.id),
    clock: text().notNull(),
    fromOn: date({ mode: 'string' }).notNull(),
    dueOn: date({ mode: 'string' }).notNull(),
    /** Outbox rows written (0 when nobody could be reached: the alert is still given once). */
    messages: integer().notNull(),
    alertedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.matterId, t.clock, t.fromOn] })],
);
