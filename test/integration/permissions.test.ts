import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app';

/** Reachable without logging in (`config.public`): login, logout and the citizen portal (网上信访). */
const PUBLIC_ROUTES = new Set([
  '/api/v1/auth/login',
  '/api/v1/auth/logout',
  '/api/v1/portal/regions',
  '/api/v1/portal/published-opinions',
  '/api/v1/portal/petitions',
  '/api/v1/portal/query',
  '/api/v1/portal/attachments',
  '/api/v1/portal/documents/:id/docx',
  '/api/v1/portal/matters/:number/evaluation',
  '/api/v1/portal/matters/:number/appeal',
]);

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
      'DELETE /api/v1/admin/tokens/:id → admin.manage',
      'DELETE /api/v1/admin/users/:id/sessions → admin.manage',
      'DELETE /api/v1/auth/sessions → none (any logged-in user, or public)',
      'DELETE /api/v1/auth/sessions/:id → none (any logged-in user, or public)',
      'GET /api/v1/admin/bodies → admin.manage',
      'GET /api/v1/admin/bodies/template.csv → admin.manage',
      'GET /api/v1/admin/bodies/template.xlsx → admin.manage',
      'GET /api/v1/admin/regions → admin.manage',
      'GET /api/v1/admin/tokens → admin.manage',
      'GET /api/v1/admin/users → admin.manage',
      'GET /api/v1/admin/users/:id/sessions → admin.manage',
      'GET /api/v1/admin/users/template.csv → admin.manage',
      'GET /api/v1/admin/users/template.xlsx → admin.manage',
      'GET /api/v1/attachments/:id → matter.read',
      'GET /api/v1/audit/events → audit.read',
      'GET /api/v1/audit/pii-access → audit.read',
      'GET /api/v1/audit/pii-access/export → audit.read',
      'GET /api/v1/auth/me → none (any logged-in user, or public)',
      'GET /api/v1/auth/sessions → none (any logged-in user, or public)',
      'GET /api/v1/bodies → matter.read',
      'GET /api/v1/calendar/due → none (any logged-in user, or public)',
      'GET /api/v1/calendar/schedules → calendar.manage',
      'GET /api/v1/calendar/years/:year → calendar.manage',
      'GET /api/v1/classification → matter.read',
      'GET /api/v1/competence → matter.read',
      'GET /api/v1/dashboard → matter.read',
      'GET /api/v1/documents/:id/docx → matter.read',
      'GET /api/v1/inbox → matter.read',
      'GET /api/v1/matters → matter.read',
      'GET /api/v1/matters/:id → matter.read',
      'GET /api/v1/matters/:id/appeal-body → matter.read',
      'GET /api/v1/matters/:id/documents → matter.read',
      'GET /api/v1/matters/:id/routing → matter.read',
      'GET /api/v1/notifications → none (any logged-in user, or public)',
      'GET /api/v1/notifications/outbox → admin.manage',
      'GET /api/v1/petitioner-groups → matter.register',
      'GET /api/v1/petitioners → matter.register',
      'GET /api/v1/petitioners/:id/pii → petitioner.pii.read',
      'GET /api/v1/petitions/:id → matter.read',
      'GET /api/v1/portal/published-opinions → none (any logged-in user, or public)',
      'GET /api/v1/portal/regions → none (any logged-in user, or public)',
      'GET /api/v1/registry/terminated → matter.read',
      'GET /api/v1/rejection-reasons → matter.read',
      'GET /api/v1/routing/model → matter.dispatch',
      'GET /api/v1/settings/document-templates → admin.manage',
      'GET /api/v1/settings/document-templates/:kind → admin.manage',
      'GET /api/v1/settings/document-templates/:kind/preview.docx → admin.manage',
      'GET /api/v1/settings/duty-checks → admin.manage',
      'GET /api/v1/settings/first-petition-checklist → matter.read',
      'GET /api/v1/settings/sign-off-chain → matter.read',
      'GET /api/v1/settings/time-limits → admin.manage',
      'GET /api/v1/supervision/board → supervision.read',
      'GET /api/v1/supervision/cases → supervision.read',
      'GET /api/v1/supervision/indicators → supervision.read',
      'GET /api/v1/supervision/partitions → admin.manage',
      'GET /api/v1/triage/mutual-supervision → matter.read',
      'GET /api/v1/triage/queue → matter.dispatch',
      'PATCH /api/v1/admin/bodies/:id → admin.manage',
      'PATCH /api/v1/admin/users/:id → admin.manage',
      'POST /api/v1/admin/bodies → admin.manage',
      'POST /api/v1/admin/bodies/import → admin.manage',
      'POST /api/v1/admin/tokens → admin.manage',
      'POST /api/v1/admin/users → admin.manage',
      'POST /api/v1/admin/users/:id/password-reset → admin.manage',
      'POST /api/v1/admin/users/:id/unlock → admin.manage',
      'POST /api/v1/admin/users/import → admin.manage',
      'POST /api/v1/attachments → matter.register',
      'POST /api/v1/audit/verify → audit.verify',
      'POST /api/v1/auth/login → none (any logged-in user, or public)',
      'POST /api/v1/auth/logout → none (any logged-in user, or public)',
      'POST /api/v1/auth/password → none (any logged-in user, or public)',
      'POST /api/v1/calendar/schedules → calendar.manage',
      'POST /api/v1/duplicates/check → matter.register',
      'POST /api/v1/matters/:id/commands → matter.read',
      'POST /api/v1/notifications/:id/read → none (any logged-in user, or public)',
      'POST /api/v1/notifications/:id/retry → admin.manage',
      'POST /api/v1/notifications/read-all → none (any logged-in user, or public)',
      'POST /api/v1/petitioner-groups → matter.register',
      'POST /api/v1/petitioners/:id/merge → matter.register',
      'POST /api/v1/petitions → matter.register',
      'POST /api/v1/portal/attachments → none (any logged-in user, or public)',
      'POST /api/v1/portal/documents/:id/docx → none (any logged-in user, or public)',
      'POST /api/v1/portal/matters/:number/appeal → none (any logged-in user, or public)',
      'POST /api/v1/portal/matters/:number/evaluation → none (any logged-in user, or public)',
      'POST /api/v1/portal/petitions → none (any logged-in user, or public)',
      'POST /api/v1/portal/query → none (any logged-in user, or public)',
      'POST /api/v1/routing/model/train → matter.dispatch',
      'POST /api/v1/settings/document-templates/:kind/preview.docx → admin.manage',
      'POST /api/v1/triage/bulk → matter.dispatch',
      'PUT /api/v1/admin/bodies/:id/active → admin.manage',
      'PUT /api/v1/admin/users/:id/position → admin.manage',
      'PUT /api/v1/bodies/:id/abbreviation → admin.manage',
      'PUT /api/v1/bodies/:id/competence → admin.manage',
      'PUT /api/v1/calendar/days/:date → calendar.manage',
      'PUT /api/v1/classification/categories → admin.manage',
      'PUT /api/v1/rejection-reasons → admin.manage',
      'PUT /api/v1/settings/document-templates → admin.manage',
      'PUT /api/v1/settings/document-templates/:kind → admin.manage',
      'PUT /api/v1/settings/duty-checks → admin.manage',
      'PUT /api/v1/settings/first-petition-checklist → admin.manage',
      'PUT /api/v1/settings/sign-off-chain → admin.manage',
      'PUT /api/v1/settings/time-limits → admin.manage',
      'PUT /api/v1/supervision/partitions/:officeId → admin.manage',
      'PUT /api/v1/supervision/partitions/:officeId/bodies → admin.manage',
    ]);
  });

  it('reveals personal data unmasked on one route only, the one that records each read', () => {
    expect(t.app.routePermissions.filter((r) => r.revealsPii).map((r) => `${r.method} ${r.url} → ${r.permission}`)).toEqual([
      'GET /api/v1/petitioners/:id/pii → petitioner.pii.read',
    ]);
  });

  it('refuses every non-public route to an anonymous caller', async () => {
    for (const r of t.app.routePermissions) {
      if (PUBLIC_ROUTES.has(r.url)) continue;
      const res = await t.app.inject({ method: r.method as 'GET', url: r.url.replace(':id', '00000000-0000-0000-0000-000000000000'), payload: r.method === 'POST' ? {} : undefined });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
  });
});
