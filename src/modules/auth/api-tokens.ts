import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiTokens, users } from '../../db/schema';
import { chinaDateOf } from '../../domain/calendar';
import { XinfangError, notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { loadStaffPrincipal, type StaffPrincipal } from './principal';
import { newToken, tokenHash } from './tokens';

/**
 * API tokens of integrations. Each has an expiry (XINFANG_TOKEN_DAYS, default 90 days, or per creation) and is refused
 * from the request after it expires or is revoked: resolveApiToken reads the row on every request, with no process
 * cache, so a revocation holds on every app node at once.
 */
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;
/** Tokens created before tokens had an expiry (expires_at null) expire this long after their creation. */
export const LEGACY_TOKEN_DAYS = 90;
const DAY_MS = 86_400_000;

/** XINFANG_TOKEN_DAYS: the default lifetime of a new token, 1–366 days. */
export function tokenDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.XINFANG_TOKEN_DAYS?.trim();
  if (!raw) return DEFAULT_TOKEN_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw new Error(`XINFANG_TOKEN_DAYS must be a whole number of days from 1 to ${MAX_TOKEN_DAYS}, not ${raw}`);
  }
  return days;
}

/** Who does it: a staff member through the API, or the operator at the `xinfang` command line (null). */
export type Actor = StaffPrincipal | null;

export function actorFields(actor: Actor) {
  return actor ? { actorUserId: actor.userId, actorBodyId: actor.body.id, actorRoles: actor.roles } : {};
}

export function effectiveExpiry(t: { expiresAt: Date | null; createdAt: Date }): Date {
  return t.expiresAt ?? new Date(t.createdAt.getTime() + LEGACY_TOKEN_DAYS * DAY_MS);
}

export async function resolveApiToken(db: Db, token: string, now: Date): Promise<StaffPrincipal | null> {
  const [t] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash(token)));
  if (!t || t.revokedAt || effectiveExpiry(t) <= now) return null;
  // Integrations call often: record use at most once a minute rather than writing on every request.
  if (!t.lastUsedAt || now.getTime() - t.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, t.id));
  }
  return loadStaffPrincipal(db, t.userId, 'token');
}

export interface CreatedToken {
  id: string;
  /** The plain token: shown once, never stored. */
  token: string;
  userId: string;
  login: string;
  name: string;
  expiresAt: Date;
}

/** Creates an API token for a staff login; the plain token is returned once and only its SHA-256 is stored. */
export async function createApiToken(
  db: Db,
  input: { login: string; name: string; days?: number; defaultDays?: number; actor?: Actor },
  now: Date,
): Promise<CreatedToken> {
  const days = input.days ?? input.defaultDays ?? DEFAULT_TOKEN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw validation([{ field: 'days', messageZh: `有效期须为 1 至 ${MAX_TOKEN_DAYS} 天`, message: `days must be 1 to ${MAX_TOKEN_DAYS}` }]);
  }
  const name = input.name.trim();
  if (!name || name.length > 100) throw validation([{ field: 'name', messageZh: '令牌名称须为 1 至 100 个字符', message: 'name must be 1 to 100 characters' }]);
  const [user] = await db.select().from(users).where(eq(users.login, input.login));
  if (!user) throw new XinfangError('NOT_FOUND', `用户 ${input.login} 不存在`, `no user with login ${input.login}`);
  if (user.disabled) throw new XinfangError('REFUSED', `用户 ${input.login} 已停用，不能为其创建令牌`, `user ${input.login} is disabled`);
  const token = newToken('xft');
  const expiresAt = new Date(now.getTime() + days * DAY_MS);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: user.id, name, tokenHash: tokenHash(token), createdAt: now, expiresAt })
      .returning({ id: apiTokens.id });
    await appendEvents(tx, [
      {
        entityType: 'user',
        entityId: user.id,
        type: 'user.apiTokenCreated',
        onDate: chinaDateOf(now),
        occurredAt: now,
        ...actorFields(input.actor ?? null),
        payload: { tokenId: row!.id, name, expiresAt: expiresAt.toISOString(), via: input.actor ? 'api' : 'cli' },
      },
    ]);
    return row!.id;
  });
  return { id, token, userId: user.id, login: user.login, name, expiresAt };
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

export interface TokenRow {
  id: string;
  login: string;
  displayName: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  status: TokenStatus;
}

/** Every token (never its value or hash), newest first; optionally of one login. */
export async function listApiTokens(db: Db, input: { login?: string }, now: Date): Promise<TokenRow[]> {
  const rows = await db
    .select({ t: apiTokens, login: users.login, displayName: users.displayName })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(input.login ? eq(users.login, input.login) : undefined)
    .orderBy(desc(apiTokens.createdAt))
    .limit(1000);
  return rows.map(({ t, login, displayName }) => {
    const expiresAt = effectiveExpiry(t);
    return {
      id: t.id,
      login,
      displayName,
      name: t.name,
      createdAt: t.createdAt,
      expiresAt,
      lastUsedAt: t.lastUsedAt,
      revokedAt: t.revokedAt,
      status: t.revokedAt ? 'revoked' : expiresAt <= now ? 'expired' : 'active',
    };
  });
}

/**
 * Revokes a token: compare-and-set on `revoked_at IS NULL`, so two revocations record one event. Revoking a token
 * already revoked answers its first revocation time.
 */
export async function revokeApiToken(db: Db, input: { id: string; actor?: Actor }, now: Date): Promise<{ id: string; revokedAt: Date }> {
  if (!/^[0-9a-f-]{36}$/i.test(input.id)) throw notFound('API token', '访问令牌');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.id, input.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, userId: apiTokens.userId, name: apiTokens.name });
    if (!row) {
      const [existing] = await tx.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, input.id));
      if (!existing?.revokedAt) throw notFound('API token', '访问令牌');
      return { id: input.id, revokedAt: existing.revokedAt };
    }
    await appendEvents(tx, [
      {
        entityType: 'user',
        entityId: row.userId,
        type: 'user.apiTokenRevoked',
        onDate: chinaDateOf(now),
        occurredAt: now,
        ...actorFields(input.actor ?? null),
        payload: { tokenId: row.id, name: row.name, via: input.actor ? 'api' : 'cli' },
      },
    ]);
    return { id: row.id, revokedAt: now };
  });
}
