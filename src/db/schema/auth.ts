import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './org';

/** Browser sessions. The cookie holds a random token; only its SHA-256 is stored, so a leaked table opens nothing. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text().primaryKey(),
    /** What the user sees and ends a session by (「我的登录会话」); the token hash never leaves the server. */
    id: uuid().notNull().defaultRandom().unique(),
    principalKind: text({ enum: ['staff', 'citizen'] }).notNull(),
    principalId: uuid().notNull(),
    csrfToken: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index().on(t.principalId)],
);

/**
 * Failed password logins per (account, client address). The lockout is keyed on both, so someone guessing from one
 * address locks out only that address, never the user working from theirs. A success from an address clears its row;
 * an administrator's unlock clears every row of the account.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** The client address as Fastify sees it (XINFANG_TRUST_PROXY decides whether X-Forwarded-For counts). */
    ip: text().notNull(),
    /** Consecutive failures from this address since its last success or lock. */
    failures: integer().notNull(),
    lastFailedAt: timestamp({ withTimezone: true }).notNull(),
    lockedUntil: timestamp({ withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ip] })],
);

/** Bearer tokens for integrations (`xinfang token create`). Stored hashed; the plain token is shown once. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    name: text().notNull(),
    tokenHash: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
    /** Null only for tokens made before expiry existed: they expire LEGACY_TOKEN_DAYS after creation. */
    expiresAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId)],
);

/**
 * Wrong answers per portal query code (查询码错误次数), shared by every app node: `key` is the SHA-256 of the code, kept
 * for codes that do not exist too, so that a lock says nothing about whether a code exists (src/modules/portal/lockout.ts).
 */
export const portalQueryFailures = pgTable('portal_query_failures', {
  key: text().primaryKey(),
  failures: integer().notNull(),
  lastFailedAt: timestamp({ withTimezone: true }).notNull(),
  lockedUntil: timestamp({ withTimezone: true }),
});

/**
 * Request counters of the per-IP rate limits (@fastify/rate-limit's store, src/modules/auth/rate-limit-store.ts), shared by
 * every app node: one row per route and client key, counting the requests of the window that ends at `window_ends_at`.
 */
export const rateLimitHits = pgTable(
  'rate_limit_hits',
  {
    key: text().primaryKey(),
    hits: integer().notNull(),
    windowEndsAt: timestamp({ withTimezone: true }).notNull(),
  },
  // The occasional sweep of ended windows.
  (t) => [index().on(t.windowEndsAt)],
);
