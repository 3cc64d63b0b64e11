import { and, desc, eq, gt } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { bodies, sessions, users } from '../../db/schema';
import type { Tx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import { XinfangError, notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { temporaryPassword } from './accounts';
import { actorFields, type Actor } from './api-tokens';
import { hashPassword } from './password';
import type { StaffPrincipal } from './principal';
import type { NewUser, UserChanges } from './schemas';
import type { Position } from '../../domain/lifecycle';
import type { StaffRole } from '../../domain/org';

/**
 * 用户管理: the administrator creates accounts and changes their body, roles and whether they are active, and sees and
 * ends a user's sessions. Each change is an event of the user (fail-closed, in the change's transaction).
 */

type Ctx = Pick<AppContext, 'db' | 'now'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The body an account is put in, which must exist and be active; its code goes into the account's events. */
async function activeBody(tx: Tx, bodyId: string): Promise<{ id: string; code: string }> {
  const [b] = await tx.select({ id: bodies.id, code: bodies.code, name: bodies.name, active: bodies.active }).from(bodies).where(eq(bodies.id, bodyId));
  if (!b) throw validation([{ field: 'bodyId', messageZh: '所属机构不存在', message: 'unknown body' }]);
  if (!b.active) throw validation([{ field: 'bodyId', messageZh: `机构「${b.name}」已停用，不能在其下设账号`, message: 'the body is inactive' }]);
  return b;
}

async function endSessions(tx: Tx, userId: string): Promise<string[]> {
  const ended = await tx.delete(sessions).where(and(eq(sessions.principalId, userId), eq(sessions.principalKind, 'staff'))).returning({ id: sessions.id });
  return ended.map((s) => s.id);
}

/**
 * Inserts one account with a fresh one-time password (changed at first login) and records it: the one way an account
 * is made singly, from 系统管理 (`via: 'admin'`) or by `xinfang admin create` (`via: 'cli'`, no staff actor); a
 * spreadsheet's accounts go in by the batch with the same record (org/bulk-load.ts).
 */
export async function insertAccount(
  tx: Tx,
  now: Date,
  account: { login: string; displayName: string; body: { id: string; code: string }; roles: StaffRole[]; position?: Position | null },
  made: { actor: Actor; via: 'admin' | 'cli' },
): Promise<{ id: string; temporaryPassword: string }> {
  const plain = temporaryPassword();
  const passwordHash = await hashPassword(plain);
  const roles = [...new Set(account.roles)];
  const position = account.position ?? null;
  const [row] = await tx
    .insert(users)
    .values({ login: account.login, displayName: account.displayName, bodyId: account.body.id, roles, position, passwordHash, mustChangePassword: true, passwordChangedAt: now, createdAt: now })
    .returning({ id: users.id });
  await appendEvents(tx, [
    {
      entityType: 'user',
      entityId: row!.id,
      type: 'user.created',
      onDate: chinaDateOf(now),
      occurredAt: now,
      ...actorFields(made.actor),
      payload: { login: account.login, name: account.displayName, bodyCode: account.body.code, roles, position, mustChangePassword: true, via: made.via },
    },
  ]);
  return { id: row!.id, temporaryPassword: plain };
}

/**
 * Creates a staff account with a generated one-time password, shown once: the user must change it at first login.
 */
export async function createUser(ctx: Ctx, actor: StaffPrincipal, input: NewUser): Promise<{ id: string; login: string; temporaryPassword: string }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.login, input.login));
    if (taken) throw validation([{ field: 'login', messageZh: `账号「${input.login}」已存在`, message: 'the login is taken' }]);
    const body = await activeBody(tx, input.bodyId);
    const made = await insertAccount(tx, now, { login: input.login, displayName: input.displayName, body, roles: input.roles, position: input.position }, { actor, via: 'admin' });
    return { id: made.id, login: input.login, temporaryPassword: made.temporaryPassword };
  });
}

/**
 * Changes a user's name, body, roles or active flag. Disabling ends every session at once (tokens stop with the
 * account, src/modules/auth/principal.ts). An administrator cannot disable themselves or drop their own admin role:
 * the deployment would lose the person who can undo it.
 */
export async function updateUser(ctx: Ctx, actor: StaffPrincipal, userId: string, input: UserChanges): Promise<{ id: string; sessionsEnded: number }> {
  if (!UUID.test(userId)) throw notFound('user', '用户');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!before) throw notFound('user', '用户');
    const roles = input.roles ? [...new Set(input.roles)] : undefined;
    if (userId === actor.userId && (input.disabled === true || (roles && !roles.includes('admin')))) {
      throw new XinfangError('REFUSED', '不能停用自己的账号或取消自己的系统管理员角色，请由另一位管理员操作', 'an administrator cannot disable themselves or drop their own admin role');
    }
    const next = { displayName: input.displayName, bodyId: input.bodyId, roles, disabled: input.disabled };
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    for (const [field, after] of Object.entries(next) as [keyof typeof next, unknown][]) {
      if (after !== undefined && JSON.stringify(after) !== JSON.stringify(before[field])) changes[field] = { before: before[field], after };
    }
    if (Object.keys(changes).length === 0) return { id: userId, sessionsEnded: 0 };
    if (changes.bodyId) await activeBody(tx, input.bodyId!);
    await tx
      .update(users)
      .set(Object.fromEntries(Object.keys(changes).map((f) => [f, next[f as keyof typeof next]])))
      .where(eq(users.id, userId));
    // A change of body or roles changes what the sessions may see; a disabled account keeps none.
    const ended = changes.disabled || changes.bodyId || changes.roles ? await endSessions(tx, userId) : [];
    await appendEvents(tx, [
      { entityType: 'user', entityId: userId, type: 'user.updated', onDate: chinaDateOf(now), occurredAt: now, ...actorFields(actor), payload: { changes, sessionsEnded: ended.length } },
    ]);
    return { id: userId, sessionsEnded: ended.length };
  });
}

/** A user's live sessions, newest first (the token itself never leaves the server). */
export async function listUserSessions(ctx: Ctx, userId: string) {
  if (!UUID.test(userId)) throw notFound('user', '用户');
  const [user] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!user) throw notFound('user', '用户');
  const rows = await ctx.db
    .select({ id: sessions.id, createdAt: sessions.createdAt, expiresAt: sessions.expiresAt, ip: sessions.ip, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.principalId, userId), eq(sessions.principalKind, 'staff'), gt(sessions.expiresAt, ctx.now())))
    .orderBy(desc(sessions.createdAt));
  return rows.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString() }));
}

/** The administrator logs a user out everywhere (a lost laptop, a suspected leak). */
export async function endUserSessions(ctx: Ctx, actor: StaffPrincipal, userId: string): Promise<{ ended: number }> {
  if (!UUID.test(userId)) throw notFound('user', '用户');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound('user', '用户');
    const ended = await endSessions(tx, userId);
    if (ended.length > 0) {
      await appendEvents(tx, [
        { entityType: 'user', entityId: userId, type: 'user.sessionsEnded', onDate: chinaDateOf(now), occurredAt: now, ...actorFields(actor), payload: { sessionIds: ended, reason: 'administrator' } },
      ]);
    }
    return { ended: ended.length };
  });
}
