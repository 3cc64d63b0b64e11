import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiTokens, sessions, users } from '../../db/schema';
import { chinaDateOf } from '../../domain/calendar';
import { XinfangError } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { decoyHash, verifyPassword } from './password';
import { loadStaffPrincipal, type StaffPrincipal } from './principal';
import { newToken, tokenHash } from './tokens';

export const SESSION_TTL_MS = 12 * 3_600_000;
/** Consecutive failures before the account locks, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  principal: StaffPrincipal;
  expiresAt: Date;
}

const invalid = () => new XinfangError('INVALID_CREDENTIALS', '用户名或密码错误', 'invalid login or password');

/**
 * Password login. Failures count towards a lockout; every outcome that changes the account (lock, success after
 * failures) is an event in the audit trail.
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
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new XinfangError(
      'ACCOUNT_LOCKED',
      `登录失败次数过多，账号已锁定至 ${user.lockedUntil.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}`,
      `too many failed logins; locked until ${user.lockedUntil.toISOString()}`,
      { lockedUntil: user.lockedUntil.toISOString() },
    );
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  const onDate = chinaDateOf(now);
  if (!ok) {
    const failures = user.failedLogins + 1;
    const lock = failures >= LOCKOUT_THRESHOLD;
    const lockedUntil = lock ? new Date(now.getTime() + LOCKOUT_MS) : null;
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({ failedLogins: lock ? 0 : failures, lockedUntil })
        .where(eq(users.id, user.id));
      await appendEvents(tx, [
        {
          entityType: 'user',
          entityId: user.id,
          type: lock ? 'user.locked' : 'user.loginFailed',
          onDate,
          occurredAt: now,
          actorUserId: user.id,
          payload: lock ? { failures, lockedUntil: lockedUntil!.toISOString(), ip: input.ip ?? null } : { failures, ip: input.ip ?? null },
        },
      ]);
    });
    throw invalid();
  }
  const sessionToken = newToken('xfs');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
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
        payload: { ip: input.ip ?? null },
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

export async function resolveApiToken(db: Db, token: string, now: Date): Promise<StaffPrincipal | null> {
  const [t] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash(token)), isNull(apiTokens.revokedAt)));
  if (!t) return null;
  // Integrations call often: record use at most once a minute rather than writing on every request.
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, t.id));
  }
  return loadStaffPrincipal(db, t.userId, 'token');
}

/** Creates an API token for a staff login; the plain token is returned once and never stored. */
export async function createApiToken(db: Db, input: { login: string; name: string }, now: Date): Promise<{ token: string; userId: string }> {
  const [user] = await db.select().from(users).where(eq(users.login, input.login));
  if (!user) throw new XinfangError('NOT_FOUND', `用户 ${input.login} 不存在`, `no user with login ${input.login}`);
  const token = newToken('xft');
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: user.id, name: input.name, tokenHash: tokenHash(token), createdAt: now })
      .returning({ id: apiTokens.id });
    await appendEvents(tx, [
      {
        entityType: 'user',
        entityId: user.id,
        type: 'user.apiTokenCreated',
        onDate: chinaDateOf(now),
        occurredAt: now,
        payload: { tokenId: row!.id, name: input.name },
      },
    ]);
  });
  return { token, userId: user.id };
}
