import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

/**
 * The route → permission map of the whole API. A diff in this list is a change of who may do what: review it as
 * one. Routes without a route-level permission are open to any logged-in user (me, calendar due) or public (login,
 * logout, marked `config.public`).
 */
describe('route permissions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t.close());

  it('declares the permission of every API route', () => {
    const table = t.app.routePermissions.map((r) => `${r.method} ${r.url} → ${r.permission}`).sort();
    expect(table).toEqual([
      'GET /api/v1/auth/me → none (any logged-in user, or public)',
      'GET /api/v1/calendar/due → none (any logged-in user, or public)',
      'GET /api/v1/calendar/schedules → calendar.manage',
      'GET /api/v1/dashboard → matter.read',
      'GET /api/v1/matters → matter.read',
      'GET /api/v1/matters/:id → matter.read',
      'POST /api/v1/audit/verify → audit.verify',
      'POST /api/v1/auth/login → none (any logged-in user, or public)',
      'POST /api/v1/auth/logout → none (any logged-in user, or public)',
      'POST /api/v1/calendar/schedules → calendar.manage',
      'POST /api/v1/matters → matter.register',
      'POST /api/v1/matters/:id/commands → matter.read',
    ]);
  });

  it('refuses every non-public route to an anonymous caller', async () => {
    for (const r of t.app.routePermissions) {
      if (r.url === '/api/v1/auth/login' || r.url === '/api/v1/auth/logout') continue;
      const res = await t.app.inject({ method: r.method as 'GET', url: r.url.replace(':id', '00000000-0000-0000-0000-000000000000'), payload: r.method === 'POST' ? {} : undefined });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
  });
});
