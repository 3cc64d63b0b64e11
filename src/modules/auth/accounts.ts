import { randomInt } from 'node:crypto';
import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { bodies, loginFailures, sessions, users } from '../../db/schema';
import { chinaDateOf } from '../../domain/calendar';
import { passwordProblems } from '../../domain/accounts';
import { POSITION_LABELS, type Position } from '../../domain/lifecycle';
import { ROLE_LABELS, type StaffRole } from '../../domain/org';
import { notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { actorFields } from './api-tokens';
import { hashPassword, verifyPassword } from './password';
import type { StaffPrincipal } from './principal';
import { assertNotLocked, lockoutAddress, recordPasswordFailure } from './service';
import { tokenHash } from './tokens';

/**
 * Account verbs: change one's own password, an administrator's reset and unlock, one's own sessions, the user list.
 * Each change is an event of the user in the audit trail, written in the same transaction (fail-closed).
 */

function isUuid(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

async function userById(db: Db, id: string) {
  if (!isUuid(id)) throw notFound('user', '用户');
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) throw notFound('user', '用户');
  return user;
}

function policyCheck(password: string, login: string): void {
  const problems = passwordProblems({ password, login });
  if (problems.length) throw validation(problems.map(({ field, messageZh, message }) => ({ field, messageZh, message })));
}

/**
 * Changes the caller's own password. The current password is required (a wrong one counts towards the lockout of this
 * address, like a failed login); the new one must pass the policy and differ from the current. Every other session of
 * the user ends, the one making the change stays; a pending forced change is cleared.
 */
export async function changeOwnPassword(
  db: Db,
  p: StaffPrincipal,
  input: { currentPassword: string; newPassword: string; ip?: string; sessionToken?: string | null },
  now: Date,
): Promise<{ sessionsEnded: number }> {
  const user = await userById(db, p.userId);
  const ip = lockoutAddress(input.ip);
  await assertNotLocked(db, user.id, ip, now);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordPasswordFailure(db, user, ip, now, 'passwordChange');
    throw validation([{ field: 'currentPassword', messageZh: '当前密码不正确', message: 'the current password is wrong' }]);
  }
  policyCheck(input.newPassword, user.login);
  if (await verifyPassword(user.passwordHash, input.newPassword)) {
    throw validation([{ field: 'newPassword', messageZh: '新密码不能与当前密码相同', message: 'the new password must differ from the current one' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const keep = input.sessionToken ? tokenHash(input.sessionToken) : null;
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, passwordChangedAt: now }).where(eq(users.id, user.id));
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.principalId, user.id), eq(sessions.principalKind, 'staff'), keep ? ne(sessions.tokenHash, keep) : undefined))
      .returning({ id: sessions.id });
    await appendEvents(tx, [
      {
        entityType: 'user',
        entityId: user.id,
        type: 'user.passwordChanged',
        onDate: chinaDateOf(now),
        occurredAt: now,
        ...actorFields(p),
        payload: { sessionsEnded: ended.length, wasForced: user.mustChangePassword, ip: input.ip ?? null },
      },
    ]);
    return { sessionsEnded: ended.length };
  });
}

/** Unambiguous characters for temporary passwords (no 0/O, 1/l/I). */
const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random temporary password: 16 characters in groups of 4 (about 92 bits), e.g. `k7Qm-x3Rt-…`. */
export function temporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let s = '';
    for (let i = 0; i < 4; i++) s += TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)];
    groups.push(s);
  }
  return groups.join('-');
}

/**
 * An administrator resets a user's password: to the one given (it must pass the policy) or to a generated temporary
 * password, returned once. The user must change it at the next login; every session of the user ends and the
 * account's lockouts are cleared (the reset is how a locked-out user gets back in). API tokens are not touched:
 * they are separate credentials, revoked on their own.
 */
export async function resetPassword(
  db: Db,
  actor: StaffPrincipal,
  input: { userId: string; password?: string },
  now: Date,
): Promise<{ temporaryPassword: string | null; sessionsEnded: number }> {
  const user = await userById(db, input.userId);
  if (input.password !== undefined) policyCheck(input.password, user.login);
  const plain = input.password ?? temporaryPassword();
  const passwordHash = await hashPassword(plain);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: true, passwordChangedAt: now }).where(eq(users.id, user.id));
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.principalId, user.id), eq(sessions.principalKind, 'staff')))
      .returning({ id: sessions.id });
    const unlocked = await tx.delete(loginFailures).where(eq(loginFailures.userId, user.id)).returning({ ip: loginFailures.ip });
    await appendEvents(tx, [
      {
        entityType: 'user',
        entityId: user.id,
        type: 'user.passwordReset',
        onDate: chinaDateOf(now),
        occurredAt: now,
        ...actorFields(actor),
        payload: { generated: input.password === undefined, mustChangePassword: true, sessionsEnded: ended.length, lockoutsCleared: unlocked.length },
      },
    ]);
    return { temporaryPassword: input.password === undefined ? plain : null, sessionsEnded: ended.length };
  });
}

/** An administrator clears every lockout and failure count of the account (from all addresses). */
/**
 * An administrator sets a user's position in their body (职务: 承办人, 分管领导, 主要负责人) or clears it. The sign-off
 * chain and the approval of extensions read it (docs/lifecycle.md), so a change is an event of the user.
 */
export async function setUserPosition(db: Db, actor: StaffPrincipal, input: { userId: string; position: Position | null }, now: Date): Promise<{ position: Position | null }> {
  const user = await userById(db, input.userId);
  if (user.position === input.position) return { position: input.position };
  return db.transaction(async (tx) => {
    await tx.update(users).set({ position: input.position }).where(eq(users.id, user.id));
    await appendEvents(tx, [
      {
        entityType: 'user',
        entityId: user.id,
        type: 'user.positionChanged',
        onDate: chinaDateOf(now),
        occurredAt: now,
        ...actorFields(actor),
        payload: { from: user.position ?? null, to: input.position },
      },
    ]);
    return { position: input.position };
  });
}

export async function unlockUser(db: Db, actor: StaffPrincipal, input: { userId: string }, now: Date): Promise<{ cleared: number }> {
  const user = await userById(db, input.userId);
  return db.transaction(async (tx) => {
    const rows = await tx.delete(loginFailures).where(eq(loginFailures.userId, user.id)).returning();
    if (rows.length === 0) return { cleared: 0 };
    await appendEvents(tx, [
      {
        entityType: 'user',
        entityId: user.id,
        type: 'user.unlocked',
        onDate: chinaDateOf(now),
        occurredAt: now,
        ...actorFields(actor),
        payload: {
          addresses: rows.map((r) => ({ ip: r.ip, failures: r.failures, lockedUntil: r.lockedUntil?.toISOString() ?? null })),
        },
      },
    ]);
    return { cleared: rows.length };
  });
}

export interface SessionRow {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** The caller's live sessions, newest first; `current` marks the one asking. */
export async function listOwnSessions(db: Db, p: StaffPrincipal, sessionToken: string | null, now: Date): Promise<SessionRow[]> {
  const current = sessionToken ? tokenHash(sessionToken) : null;
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.principalId, p.userId), eq(sessions.principalKind, 'staff'), gt(sessions.expiresAt, now)))
    .orderBy(sql`${sessions.createdAt} DESC`);
  return rows.map((s) => ({ id: s.id, createdAt: s.createdAt, expiresAt: s.expiresAt, ip: s.ip, userAgent: s.userAgent, current: s.tokenHash === current }));
}

/**
 * Ends sessions of the caller: one by id, or (`id` absent) every one but the current. Another user's session id
 * answers not-found, like an unknown one.
 */
export async function endOwnSessions(db: Db, p: StaffPrincipal, input: { id?: string; sessionToken: string | null }, now: Date): Promise<{ ended: number }> {
  if (input.id !== undefined && !isUuid(input.id)) throw notFound('session', '会话');
  const keep = input.sessionToken ? tokenHash(input.sessionToken) : null;
  return db.transaction(async (tx) => {
    const ended = await tx
      .delete(sessions)
      .where(
        and(
          eq(sessions.principalId, p.userId),
          eq(sessions.principalKind, 'staff'),
          input.id !== undefined ? eq(sessions.id, input.id) : keep ? ne(sessions.tokenHash, keep) : undefined,
        ),
      )
      .returning({ id: sessions.id });
    if (input.id !== undefined && ended.length === 0) throw notFound('session', '会话');
    if (ended.length > 0) {
      await appendEvents(tx, [
        {
          entityType: 'user',
          entityId: p.userId,
          type: 'user.sessionsEnded',
          onDate: chinaDateOf(now),
          occurredAt: now,
          ...actorFields(p),
          payload: { sessionIds: ended.map((s) => s.id), reason: input.id !== undefined ? 'one' : 'allOthers' },
        },
      ]);
    }
    return { ended: ended.length };
  });
}

export interface UserRow {
  id: string;
  login: string;
  displayName: string;
  body: { id: string; name: string };
  roles: StaffRole[];
  roleLabels: string[];
  /** 职务 in the body (承办人, 分管领导, 主要负责人), or null until an administrator sets it. */
  position: Position | null;
  positionLabel: string | null;
  disabled: boolean;
  locked: boolean;
  lockedUntil: Date | null;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
}

/**
 * Staff accounts for the administrator: who, which body, which roles, whether locked (from any address) or waiting
 * for a password change, and when last logged in. No e-mail or phone: the administrator needs none of it here.
 */
export async function listUsers(db: Db, input: { q?: string }, now: Date): Promise<UserRow[]> {
  const q = input.q?.trim();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db
    .select({ user: users, bodyName: bodies.name })
    .from(users)
    .innerJoin(bodies, eq(bodies.id, users.bodyId))
    .where(pattern ? sql`(${users.login} ILIKE ${pattern} OR ${users.displayName} ILIKE ${pattern})` : undefined)
    .orderBy(asc(users.login))
    .limit(500);
  const ids = rows.map((r) => r.user.id);
  const locks = ids.length
    ? await db
        .select({ userId: loginFailures.userId, until: sql<Date>`max(${loginFailures.lockedUntil})`.mapWith(loginFailures.lockedUntil) })
        .from(loginFailures)
        .where(and(inArray(loginFailures.userId, ids), gt(loginFailures.lockedUntil, now)))
        .groupBy(loginFailures.userId)
    : [];
  const lockedUntil = new Map(locks.map((l) => [l.userId, l.until]));
  return rows.map(({ user, bodyName }) => {
    const roles = user.roles as StaffRole[];
    const until = lockedUntil.get(user.id) ?? null;
    return {
      id: user.id,
      login: user.login,
      displayName: user.displayName,
      body: { id: user.bodyId, name: bodyName },
      roles,
      roleLabels: roles.map((r) => ROLE_LABELS[r]),
      position: user.position ?? null,
      positionLabel: user.position ? POSITION_LABELS[user.position] : null,
      disabled: user.disabled,
      locked: until !== null,
      lockedUntil: until,
      mustChangePassword: user.mustChangePassword,
      lastLoginAt: user.lastLoginAt,
    };
  });
}
