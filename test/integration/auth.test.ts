import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_THRESHOLD } from '../../src/modules/auth/service';
import { createApiToken } from '../../src/modules/auth/service';
import { verifyChain } from '../../src/modules/audit/verify';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type TestApp } from '../helpers/app';

describe.each(BACKENDS)('authentication on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t.close());

  it('logs in with an httpOnly session cookie and reports the user, body, roles and permissions', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'ty.zjj.handler', password: 'Xinfang@2026' } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'xf_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const body = res.json();
    expect(body.user).toMatchObject({ login: 'ty.zjj.handler', roles: ['handler'], roleLabels: ['承办人'] });
    expect(body.user.body).toMatchObject({ name: '太原市住房和城乡建设局', kind: 'department', regionCode: '140100', regionName: '太原市' });
    expect(body.user.permissions).toContain('matter.handle');
    expect(body.user.permissions).not.toContain('admin.manage');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `xf_session=${cookie!.value}` } });
    expect(me.json().user.login).toBe('ty.zjj.handler');
  });

  it('answers a wrong password with one message in Chinese and English, whether or not the login exists', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'sx.leader', password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'nobody', password: 'nope' } });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: 'invalid login or password', messageZh: '用户名或密码错误' });
    }
  });

  it(`locks an account after ${LOCKOUT_THRESHOLD} failures from one address, even against the right password, until the lock expires`, async () => {
    for (let i = 0; i < LOCKOUT_THRESHOLD; i++) {
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'sx.auditor', password: 'guess' + i } });
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'sx.auditor', password: 'Xinfang@2026' } });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    expect(locked.json().messageZh).toMatch(/账号已锁定/);
    t.ctx.clock.advanceDays(1 / 48); // 30 minutes later
    const after = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'sx.auditor', password: 'Xinfang@2026' } });
    expect(after.statusCode).toBe(200);
  });

  it('requires the CSRF token on state-changing requests made with the session cookie', async () => {
    const s = await loginAs(t.app, 'admin');
    const body = { format: 'json', text: '{}' };
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/calendar/schedules', payload: body, headers: { cookie: s.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('CSRF');
    const withToken = await requestAs(t.app, s, { method: 'POST', url: '/api/v1/calendar/schedules', payload: body });
    expect(withToken.statusCode).toBe(400); // reached the handler: the schedule itself is invalid
  });

  it('accepts an API token as Bearer without a cookie or CSRF token, and rejects a wrong one', async () => {
    const { token } = await createApiToken(t.ctx.db, { login: 'sx.leader', name: 'integration' }, t.ctx.now());
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(ok.json().user.login).toBe('sx.leader');
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Bearer xft_wrong' } });
    expect(bad.statusCode).toBe(401);
  });

  it('refuses a route to a role without its permission', async () => {
    const s = await loginAs(t.app, 'ty.zjj.handler');
    const res = await requestAs(t.app, s, { url: '/api/v1/calendar/schedules' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('logs out: the cookie no longer opens a session', async () => {
    const s = await loginAs(t.app, 'sx.registrar');
    expect((await requestAs(t.app, s, { method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
    expect((await requestAs(t.app, s, { url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/v1/auth/login');
  });

  it('records logins, failures and lockouts in an intact audit chain', async () => {
    const result = await verifyChain(t.ctx.db);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThan(LOCKOUT_THRESHOLD);
  });
});
