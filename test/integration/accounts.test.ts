import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokenArgs, runToken } from '../../src/cli/commands/token';
import { CliUsageError } from '../../src/cli/errors';
import { events, users } from '../../src/db/schema';
import { verifyChain } from '../../src/modules/audit/verify';
import { DEFAULT_TOKEN_DAYS, tokenDaysFromEnv } from '../../src/modules/auth/api-tokens';
import { LOCKOUT_THRESHOLD } from '../../src/modules/auth/service';
import { DEMO_PASSWORD } from '../../src/modules/org/demo-data';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';
import { BACKENDS } from '../helpers/context';

const DAY = 86_400_000;

/** Logs in from a given client address; answers the raw response. */
function loginFrom(app: FastifyInstance, login: string, password: string, remoteAddress: string) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password }, remoteAddress });
}

function bearer(app: FastifyInstance, token: string, url = '/api/v1/auth/me') {
  return app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

describe.each(BACKENDS)('accounts and API tokens on %s', (backend) => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await createTestApp(backend);
    admin = await loginAs(t.app, 'admin');
  });
  afterAll(() => t.close());

  async function userId(login: string): Promise<string> {
    const [u] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.login, login));
    return u!.id;
  }
  async function userEvents(login: string, type: string) {
    return t.ctx.db
      .select()
      .from(events)
      .where(and(eq(events.entityType, 'user'), eq(events.entityId, await userId(login)), eq(events.type, type)));
  }
  async function adminUser(login: string) {
    const res = await requestAs(t.app, admin, { url: `/api/v1/admin/users?q=${encodeURIComponent(login)}` });
    expect(res.statusCode).toBe(200);
    return (res.json().items as { login: string; id: string; locked: boolean; mustChangePassword: boolean; lastLoginAt: string | null }[]).find((u) => u.login === login)!;
  }

  it('refuses a new password against the policy with a clear Chinese message, and a wrong current password', async () => {
    const s = await loginAs(t.app, 'sx.registrar');
    const change = (currentPassword: string, newPassword: string) =>
      requestAs(t.app, s, { method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword, newPassword } });

    const demo = await change(DEMO_PASSWORD, 'Xinfang@2026');
    expect(demo.statusCode).toBe(400);
    expect(demo.json()).toMatchObject({ code: 'VALIDATION', messageZh: expect.stringMatching(/常见密码.*演示密码/) });
    const short = await change(DEMO_PASSWORD, 'Short#1');
    expect(short.json().messageZh).toMatch(/至少 12 个字符/);
    const asLogin = await change(DEMO_PASSWORD, 'SX.Registrar');
    expect(asLogin.json().messageZh).toMatch(/不能与登录名相同/);
    const long = await change(DEMO_PASSWORD, 'x'.repeat(129));
    expect(long.json().messageZh).toMatch(/最长 128 个字符/);
    const wrongCurrent = await change('not-my-password', 'a good long passphrase');
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().messageZh).toBe('当前密码不正确');
    // Nothing changed: the demo password still opens the account.
    expect((await loginFrom(t.app, 'sx.registrar', DEMO_PASSWORD, '127.0.0.1')).statusCode).toBe(200);
  });

  it('changes one’s own password: other sessions end, this one stays, the old password stops working', async () => {
    const here = await loginAs(t.app, 'sx.handler');
    const elsewhere = await loginAs(t.app, 'sx.handler');
    const res = await requestAs(t.app, here, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: DEMO_PASSWORD, newPassword: '汾河 晋祠 双塔 迎泽' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ sessionsEnded: 1 });
    expect((await requestAs(t.app, elsewhere, { url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await requestAs(t.app, here, { url: '/api/v1/matters' })).statusCode).toBe(200);
    expect((await loginFrom(t.app, 'sx.handler', DEMO_PASSWORD, '127.0.0.1')).statusCode).toBe(401);
    expect((await loginFrom(t.app, 'sx.handler', '汾河 晋祠 双塔 迎泽', '127.0.0.1')).statusCode).toBe(200);
    // The same password again is refused: a change must change it.
    const same = await requestAs(t.app, here, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: '汾河 晋祠 双塔 迎泽', newPassword: '汾河 晋祠 双塔 迎泽' },
    });
    expect(same.json().messageZh).toMatch(/不能与当前密码相同/);
    const [event] = await userEvents('sx.handler', 'user.passwordChanged');
    expect(event).toMatchObject({ actorUserId: await userId('sx.handler'), payload: { sessionsEnded: 1, wasForced: false } });
    expect(event!.occurredAt).toEqual(t.ctx.now());
  });

  it('lists one’s own sessions and ends one of them, but not another user’s', async () => {
    const a = await loginAs(t.app, 'sx.leader');
    const b = await loginAs(t.app, 'sx.leader');
    const list = await requestAs(t.app, a, { url: '/api/v1/auth/sessions' });
    const items = list.json().items as { id: string; current: boolean; ip: string }[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.filter((i) => i.current)).toHaveLength(1);
    const other = items.find((i) => !i.current)!;
    expect(JSON.stringify(list.json())).not.toMatch(/tokenHash|csrf/i);

    const stranger = await loginAs(t.app, 'sx.registrar');
    const foreign = await requestAs(t.app, stranger, { method: 'DELETE', url: `/api/v1/auth/sessions/${other.id}` });
    expect(foreign.statusCode).toBe(404);

    const end = await requestAs(t.app, a, { method: 'DELETE', url: `/api/v1/auth/sessions/${other.id}` });
    expect(end.json()).toEqual({ ended: 1 });
    expect((await requestAs(t.app, b, { url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await requestAs(t.app, a, { url: '/api/v1/auth/me' })).statusCode).toBe(200);

    const c = await loginAs(t.app, 'sx.leader');
    const all = await requestAs(t.app, a, { method: 'DELETE', url: '/api/v1/auth/sessions' });
    expect(all.json().ended).toBeGreaterThanOrEqual(1);
    expect((await requestAs(t.app, c, { url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await requestAs(t.app, a, { url: '/api/v1/auth/me' })).statusCode).toBe(200);
    expect(await userEvents('sx.leader', 'user.sessionsEnded')).toHaveLength(2);
  });

  it('admin reset: every session ends, the temporary password forces a change before anything else', async () => {
    const before = await loginAs(t.app, 'ty.zjj.handler');
    const id = (await adminUser('ty.zjj.handler')).id;
    const reset = await requestAs(t.app, admin, { method: 'POST', url: `/api/v1/admin/users/${id}/password-reset`, payload: {} });
    expect(reset.statusCode).toBe(200);
    const { temporaryPassword, sessionsEnded } = reset.json();
    expect(temporaryPassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    expect(sessionsEnded).toBe(1);
    expect((await requestAs(t.app, before, { url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await adminUser('ty.zjj.handler')).mustChangePassword).toBe(true);

    const forced = await loginAs(t.app, 'ty.zjj.handler', temporaryPassword);
    expect(forced.user).toMatchObject({ mustChangePassword: true });
    for (const url of ['/api/v1/matters', '/api/v1/inbox?stage=accept', '/api/v1/auth/sessions']) {
      const res = await requestAs(t.app, forced, { url });
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', messageZh: expect.stringContaining('请先修改密码'), message: expect.stringContaining('change it') });
    }
    expect((await requestAs(t.app, forced, { url: '/api/v1/auth/me' })).json().user.mustChangePassword).toBe(true);
    const changed = await requestAs(t.app, forced, {
      method: 'POST',
      url: '/api/v1/auth/password',
      payload: { currentPassword: temporaryPassword, newPassword: 'my own long password' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await requestAs(t.app, forced, { url: '/api/v1/matters' })).statusCode).toBe(200);
    expect((await adminUser('ty.zjj.handler')).mustChangePassword).toBe(false);

    const [event] = await userEvents('ty.zjj.handler', 'user.passwordReset');
    expect(event).toMatchObject({ actorUserId: admin.user.id, payload: { generated: true, sessionsEnded: 1, mustChangePassword: true } });
    expect(JSON.stringify(event!.payload)).not.toContain(temporaryPassword);
    expect((await userEvents('ty.zjj.handler', 'user.passwordChanged'))[0]!.payload).toMatchObject({ wasForced: true });
  });

  it('admin reset to a chosen password applies the policy; the admin API refuses non-admins', async () => {
    const id = (await adminUser('ty.zjj.leader')).id;
    const bad = await requestAs(t.app, admin, { method: 'POST', url: `/api/v1/admin/users/${id}/password-reset`, payload: { password: DEMO_PASSWORD } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().messageZh).toMatch(/演示密码/);
    const good = await requestAs(t.app, admin, { method: 'POST', url: `/api/v1/admin/users/${id}/password-reset`, payload: { password: 'temporary but long' } });
    expect(good.json()).toMatchObject({ temporaryPassword: null });
    expect((await loginAs(t.app, 'ty.zjj.leader', 'temporary but long')).user).toMatchObject({ mustChangePassword: true });

    const unknown = await requestAs(t.app, admin, { method: 'POST', url: '/api/v1/admin/users/00000000-0000-0000-0000-000000000000/unlock' });
    expect(unknown.statusCode).toBe(404);
    const handler = await loginAs(t.app, 'xd.zjj.handler');
    for (const [method, url] of [
      ['GET', '/api/v1/admin/users'],
      ['GET', '/api/v1/admin/tokens'],
      ['POST', `/api/v1/admin/users/${id}/password-reset`],
      ['POST', `/api/v1/admin/users/${id}/unlock`],
    ] as const) {
      const res = await requestAs(t.app, handler, { method, url, payload: method === 'POST' ? {} : undefined });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
  });

  it('lists users for the admin without personal data beyond login, name, body, roles, position, lock, must-change and last login', async () => {
    const res = await requestAs(t.app, admin, { url: '/api/v1/admin/users' });
    const items = res.json().items as Record<string, unknown>[];
    expect(items.length).toBeGreaterThan(20);
    const me = items.find((u) => u.login === 'admin')!;
    expect(Object.keys(me).sort()).toEqual(['body', 'disabled', 'displayName', 'id', 'lastLoginAt', 'locked', 'lockedUntil', 'login', 'mustChangePassword', 'position', 'positionLabel', 'roleLabels', 'roles']);
    expect(me.lastLoginAt).toBe(t.ctx.now().toISOString());
    expect(JSON.stringify(items)).not.toMatch(/@|passwordHash|phone|email/);
  });

  it(`locks an account after ${LOCKOUT_THRESHOLD} failures from one address only: the user still logs in from another`, async () => {
    const attacker = '203.0.113.66';
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      expect((await loginFrom(t.app, 'sx.auditor', `guess${i}`, attacker)).statusCode).toBe(401);
    }
    const locked = await loginFrom(t.app, 'sx.auditor', DEMO_PASSWORD, attacker);
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED', messageZh: expect.stringMatching(/账号已锁定/) });
    const office = await loginFrom(t.app, 'sx.auditor', DEMO_PASSWORD, '10.1.2.3');
    expect(office.statusCode).toBe(200);
    // A success from the office does not clear the attacker's lock.
    expect((await loginFrom(t.app, 'sx.auditor', DEMO_PASSWORD, attacker)).statusCode).toBe(423);
    expect(await adminUser('sx.auditor')).toMatchObject({ locked: true });
    const [lockEvent] = await userEvents('sx.auditor', 'user.locked');
    expect(lockEvent!.payload).toMatchObject({ ip: attacker, failures: LOCKOUT_THRESHOLD });
  });

  it('admin unlock clears the lock from every address and is recorded', async () => {
    const attacker = '198.51.100.9';
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await loginFrom(t.app, 'sx.acceptance', `guess${i}`, attacker);
    expect((await loginFrom(t.app, 'sx.acceptance', DEMO_PASSWORD, attacker)).statusCode).toBe(423);
    const id = (await adminUser('sx.acceptance')).id;
    const res = await requestAs(t.app, admin, { method: 'POST', url: `/api/v1/admin/users/${id}/unlock` });
    expect(res.json()).toEqual({ cleared: 1 });
    expect((await loginFrom(t.app, 'sx.acceptance', DEMO_PASSWORD, attacker)).statusCode).toBe(200);
    expect(await adminUser('sx.acceptance')).toMatchObject({ locked: false });
    const [event] = await userEvents('sx.acceptance', 'user.unlocked');
    expect(event).toMatchObject({ actorUserId: admin.user.id, payload: { addresses: [expect.objectContaining({ ip: attacker })] } });
    // Nothing to unlock: no change, no event.
    expect((await requestAs(t.app, admin, { method: 'POST', url: `/api/v1/admin/users/${id}/unlock` })).json()).toEqual({ cleared: 0 });
    expect(await userEvents('sx.acceptance', 'user.unlocked')).toHaveLength(1);
  });

  it('counts wrong current passwords on a password change towards the lockout of that address', async () => {
    const s = await loginAs(t.app, 'sx.supervisor2');
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      await requestAs(t.app, s, { method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: `guess${i}`, newPassword: 'a fine new passphrase' } });
    }
    const res = await requestAs(t.app, s, { method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: DEMO_PASSWORD, newPassword: 'a fine new passphrase' } });
    expect(res.statusCode).toBe(423);
  });

  it('revokes a token through the admin API: refused from the very next request', async () => {
    const created = await requestAs(t.app, admin, { method: 'POST', url: '/api/v1/admin/tokens', payload: { login: 'sx.leader', name: '12345 热线对接' } });
    expect(created.statusCode).toBe(200);
    const { id, token, expiresAt } = created.json();
    expect(token).toMatch(/^xft_/);
    expect(new Date(expiresAt).getTime()).toBe(t.ctx.now().getTime() + DEFAULT_TOKEN_DAYS * DAY);
    expect((await bearer(t.app, token)).statusCode).toBe(200);

    const list = await requestAs(t.app, admin, { url: '/api/v1/admin/tokens?login=sx.leader' });
    expect(list.json().items).toContainEqual(expect.objectContaining({ id, name: '12345 热线对接', status: 'active', lastUsedAt: t.ctx.now().toISOString() }));
    expect(list.body).not.toContain(token);

    const revoked = await requestAs(t.app, admin, { method: 'DELETE', url: `/api/v1/admin/tokens/${id}` });
    expect(revoked.statusCode).toBe(200);
    const refused = await bearer(t.app, token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().messageZh).toMatch(/已吊销/);
    const again = await requestAs(t.app, admin, { url: '/api/v1/admin/tokens?login=sx.leader' });
    expect(again.json().items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'revoked' });
    expect((await requestAs(t.app, admin, { method: 'DELETE', url: '/api/v1/admin/tokens/00000000-0000-0000-0000-000000000000' })).statusCode).toBe(404);
    const [event] = await userEvents('sx.leader', 'user.apiTokenRevoked');
    expect(event).toMatchObject({ actorUserId: admin.user.id, payload: { tokenId: id } });
  });

  it('the CLI lists, creates (with days) and revokes tokens through the same service functions', async () => {
    const ctx = { db: t.ctx.db, now: t.ctx.now, tokenDays: 30 };
    const { out: token, note: meta } = await runToken(ctx, parseTokenArgs('create', ['--user', 'sx.auditor', '--name', 'nightly export']));
    expect(token).toMatch(/^xft_[\w-]{43}$/);
    const id = /id (\S+)/.exec(meta!)![1]!;
    expect(meta).toContain(`expires ${new Date(t.ctx.now().getTime() + 30 * DAY).toISOString()}`);
    expect((await bearer(t.app, token!)).json().user.login).toBe('sx.auditor');

    const { out: listed } = await runToken(ctx, parseTokenArgs('list', ['--user', 'sx.auditor']));
    expect(listed).toContain(id);
    expect(listed).toContain('active');
    expect(listed).not.toContain(token);
    expect((await runToken(ctx, parseTokenArgs('list', ['--user', 'nobody']))).note).toMatch(/没有访问令牌/);

    const short = await runToken(ctx, parseTokenArgs('create', ['--user', 'sx.auditor', '--days', '7']));
    expect(short.note).toContain(`expires ${new Date(t.ctx.now().getTime() + 7 * DAY).toISOString()}`);

    expect((await runToken(ctx, parseTokenArgs('revoke', [id]))).out).toMatch(/revoked/);
    expect((await bearer(t.app, token!)).statusCode).toBe(401);
    expect((await runToken(ctx, parseTokenArgs('list', ['--user', 'sx.auditor']))).out).toMatch(new RegExp(`${id}.*revoked`));
    const [event] = await userEvents('sx.auditor', 'user.apiTokenRevoked');
    expect(event).toMatchObject({ actorUserId: null, payload: { via: 'cli' } });

    expect(() => parseTokenArgs('revoke', [])).toThrow(CliUsageError);
    expect(() => parseTokenArgs('create', [])).toThrow(CliUsageError);
    expect(() => parseTokenArgs('create', ['--user', 'x', '--days', 'many'])).toThrow(CliUsageError);
    expect(() => parseTokenArgs('rotate', [])).toThrow(CliUsageError);
    await expect(runToken(ctx, parseTokenArgs('create', ['--user', 'nobody']))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(runToken(ctx, parseTokenArgs('create', ['--user', 'sx.auditor', '--days', '9999']))).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(tokenDaysFromEnv({})).toBe(DEFAULT_TOKEN_DAYS);
    expect(tokenDaysFromEnv({ XINFANG_TOKEN_DAYS: '30' })).toBe(30);
    expect(() => tokenDaysFromEnv({ XINFANG_TOKEN_DAYS: '0' })).toThrow(/XINFANG_TOKEN_DAYS/);
  });

  // Moves the test clock: keep it last.
  it('refuses a token once it has expired', async () => {
    const created = await requestAs(t.app, admin, { method: 'POST', url: '/api/v1/admin/tokens', payload: { login: 'sx.leader', name: 'short', days: 1 } });
    const { id, token } = created.json();
    t.ctx.clock.advanceDays(0.99);
    expect((await bearer(t.app, token)).statusCode).toBe(200);
    t.ctx.clock.advanceDays(0.02);
    const refused = await bearer(t.app, token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().messageZh).toMatch(/已过期/);
    const fresh = await loginAs(t.app, 'admin');
    const list = await requestAs(t.app, fresh, { url: '/api/v1/admin/tokens' });
    expect(list.json().items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'expired' });
  });

  it('keeps every account change in an intact audit chain', async () => {
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });
});
