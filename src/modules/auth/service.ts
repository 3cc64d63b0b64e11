import { randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { loginFailures, sessions, users } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import { XinfangError } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { decoyHash, verifyPassword } from './password';
import { loadStaffPrincipal, type StaffPrincipal } from './principal';
import { newToken, tokenHash } from './tokens';

export const SESSION_TTL_MS = 12 * 3_600_000;
/** Consecutive failures from one client address before the account locks for that address, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  principal: StaffPrincipal;
  expiresAt: Date;
}

const invalid = () => new XinfangError('INVALID_CREDENTIALS', '用户名或密码错误', 'invalid login or password');

function lockedError(lockedUntil: Date): XinfangError {
  return new XinfangError(
    'ACCOUNT_LOCKED',
    `登录失败次数过多，账号已锁定（仅对本地址）至 ${lockedUntil.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}，可联系系统管理员解锁`,
    `too many failed logins from this address; locked until ${lockedUntil.toISOString()}`,
    { lockedUntil: lockedUntil.toISOString() },
  );
}

/** The address a lockout is keyed on: the client's IP (an unknown one is its own key, never a shared wildcard). */
export function lockoutAddress(ip: string | undefined | null): string {
  return ip?.trim() || 'unknown';
}

/** Refuses at once when the account is locked for this address. */
export async function assertNotLocked(db: DbOrTx, userId: string, ip: string, now: Date): Promise<void> {
  const [row] = await db
    .select({ lockedUntil: loginFailures.lockedUntil })
    .from(loginFailures)
    .where(and(eq(loginFailures.userId, userId), eq(loginFailures.ip, ip)));
  if (row?.lockedUntil && row.lockedUntil > now) throw lockedError(row.lockedUntil);
}

/**
 * Counts a failed password check of (user, address) — a login, or a wrong current password when changing it — and
 * locks that pair after LOCKOUT_THRESHOLD consecutive failures. An expired lock starts the count again. The row is
 * updated with one upsert, so concurrent failures on several nodes all count.
 */
export async function recordPasswordFailure(
  db: Db,
  user: { id: string; bodyId: string },
  ip: string,
  now: Date,
  what: 'login' | 'passwordChange',
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const at = now.toISOString();
  const expired = sql`(${loginFailures.lockedUntil} IS NOT NULL AND ${loginFailures.lockedUntil} <= ${at}::timestamptz)`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(loginFailures)
      .values({ userId: user.id, ip, failures: 1, lastFailedAt: now })
      .onConflictDoUpdate({
        target: [loginFailures.userId, loginFailures.ip],
        set: {
          failures: sql`CASE WHEN ${expired} THEN 1 ELSE ${loginFailures.failures} + 1 END`,
          lockedUntil: sql`CASE WHEN ${expired} THEN NULL ELSE ${loginFailures.lockedUntil} END`,
          lastFailedAt: now,
        },
      })
      .returning({ failures: loginFailures.failures });
    const failures = row!.failures;
    const lock = failures >= LOCKOUT_THRESHOLD;
    const lockedUntil = lock ? new Date(now.getTime() + LOCKOUT_MS) : null;
    if (lock) {
      await tx
        .update(loginFailures)
        .set({ lockedUntil, failures: 0 })
        .where(and(eq(loginFailures.userId, user.id), eq(loginFailures.ip, ip)));
    }
    await appendEvents(tx, [
      {
        entityType: 'user',
        entityId: user.id,
        type: lock ? 'user.locked' : 'user.loginFailed',
        onDate: chinaDateOf(now),
        occurredAt: now,
        actorUserId: user.id,
        payload: lock ? { failures, lockedUntil: lockedUntil!.toISOString(), ip, during: what } : { failures, ip, during: what },
      },
    ]);
    return { failures, lockedUntil };
  });
}

/**
 * Password login. Failures count towards a lockout of this account from this client address only (so nobody can
 * lock a colleague out from elsewhere); every outcome that changes the account is an event in the audit trail.
 */
export async function login(
  db: Db,
  input: { login: string; password: string; ip?: string; userAgent?: string },
  now: Date,
): Promise<LoginResult> {
  const [user] = await db.select().from(users).where(eq(users.login, input.login));
  if (!user || user.disabled) {
    await verifyPassword(await decoyHash(), input.password);
    throw invalid();
  }
  const ip = lockoutAddress(input.ip);
  await assertNotLocked(db, user.id, ip, now);
  const ok = await verifyPassword(user.passwordHash, input.password);
  const onDate = chinaDateOf(now);
  if (!ok) {
    await recordPasswordFailure(db, user, ip, now, 'login');
    throw invalid();
  }
  const sessionToken = newToken('xfs');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.delete(loginFailures).where(and(eq(loginFailures.userId, user.id), eq(loginFailures.ip, ip)));
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({
      tokenHash: tokenHash(sessionToken),
      principalKind: 'staff',
      principalId: user.id,
      csrfToken,
      createdAt: now,
      expiresAt,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    // Old expired sessions of this user are swept here rather than by a job: logins are frequent enough.
    await tx.delete(sessions).where(and(eq(sessions.principalId, user.id), lt(sessions.expiresAt, now)));
    await appendEvents(tx, [
      {
        entityType: 'user',
        entityId: user.id,
        type: 'user.loggedIn',
        onDate,
        occurredAt: now,
        actorUserId: user.id,
        actorBodyId: user.bodyId,
        payload: { ip: input.ip ?? null, mustChangePassword: user.mustChangePassword },
      },
    ]);
  });
  const principal = await loadStaffPrincipal(db, user.id, 'session');
  if (!principal) throw invalid();
  return { sessionToken, csrfToken, principal, expiresAt };
}

export async function logout(db: Db, sessionToken: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash(sessionToken)));
}

export async function resolveSession(
  db: Db,
  sessionToken: string,
  now: Date,
): Promise<{ principal: StaffPrincipal; csrfToken: string } | null> {
  const [s] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash(sessionToken)), gt(sessions.expiresAt, now)));
  if (!s || s.principalKind !== 'staff') return null;
  const principal = await loadStaffPrincipal(db, s.principalId, 'session');
  return principal ? { principal, csrfToken: s.csrfToken } : null;
}

export { createApiToken, resolveApiToken } from './api-tokens';
