import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { NATIONAL_TIME_LIMITS } from '../../src/domain/lifecycle';
import { adoptTimeLimitFile, refreshTimeLimits } from '../../src/modules/settings/time-limits';
import { BACKENDS, createTestContext } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

/**
 * Issue 18, 系统管理: the administrator manages bodies, accounts, the time limits, the calendar and reads the audit
 * trail through the API; every change is an event with its actor; nobody else may.
 */
describe.each(BACKENDS)('administration on %s', (backend) => {
  let t: TestApp;
  let admin: Session;
  const body: Record<string, string> = {};
  const eventsOf = (entityType: string, entityId: string) =>
    queryRows<{ type: string; actor_user_id: string | null; payload: Record<string, unknown> }>(
      t.ctx.db,
      sql`SELECT type, actor_user_id, payload FROM events WHERE entity_type = ${entityType} AND entity_id = ${entityId} ORDER BY seq`,
    );

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    admin = await loginAs(t.app, 'admin');
    for (const b of await queryRows<{ id: string; code: string }>(t.ctx.db, sql`SELECT id, code FROM bodies`)) body[b.code] = b.id;
  });
  afterAll(() => t.close());

  describe('机构管理', () => {
    it('creates a body in the tree, refuses one out of place, edits it with the changes in its event, and deactivates it only when empty', async () => {
      const create = (payload: object) => requestAs(t.app, admin, { method: 'POST', url: '/api/v1/admin/bodies', payload });
      const base = { code: '140105-sjj', name: '太原市小店区审计局', kind: 'department', level: 'county', regionCode: '140105', parentId: body['140105-gov'] };

      const wrongLevel = await create({ ...base, level: 'city' });
      expect(wrongLevel.statusCode).toBe(400);
      expect(wrongLevel.json().messageZh).toContain('层级须与所在行政区划一致');
      const outside = await create({ ...base, parentId: body['140106-gov'] ?? body['dt-gov'] });
      expect(outside.statusCode).toBe(400);
      expect(outside.json().messageZh).toContain('不包含本机构所在区划');
      const unknownRegion = await create({ ...base, regionCode: '999999' });
      expect(unknownRegion.json().messageZh).toContain('行政区划代码不存在');

      const created = await create({ ...base, competence: [], remit: '负责本区审计监督工作。', abbreviation: '小店审' });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect(created.json()).toMatchObject({ level: 'county', regionName: '小店区', prefix: '小店审', active: true, activeUsers: 0 });
      const dup = await create(base);
      expect(dup.json().messageZh).toContain('已由太原市小店区审计局使用');

      const patch = (bodyId: string, payload: object) => requestAs(t.app, admin, { method: 'PATCH', url: `/api/v1/admin/bodies/${bodyId}`, payload });
      const edited = await patch(id, { name: '太原市小店区审计局（新）', remit: '负责本区审计监督和经济责任审计。' });
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json()).toMatchObject({ name: '太原市小店区审计局（新）', remit: '负责本区审计监督和经济责任审计。' });
      // Its own parent would make a loop: refused.
      const child = await create({ ...base, code: '140105-sjj-1', name: '审计科', parentId: id });
      expect(child.statusCode).toBe(201);
      const loop = await patch(id, { parentId: child.json().id });
      expect(loop.statusCode).toBe(400);
      expect(loop.json().messageZh).toContain('不能是本机构或其下级');
      const taken = await patch(id, { abbreviation: '晋信' });
      expect(taken.json().messageZh).toContain('已由');

      const deactivate = (bodyId: string, active: boolean) => requestAs(t.app, admin, { method: 'PUT', url: `/api/v1/admin/bodies/${bodyId}/active`, payload: { active } });
      const busy = await deactivate(id, false);
      expect(busy.statusCode).toBe(422);
      expect(busy.json().messageZh).toContain('1 个在用下级机构');
      expect((await deactivate(child.json().id, false)).json().active).toBe(false);
      expect((await deactivate(id, false)).json().active).toBe(false);
      const withUsers = await deactivate(body['140105-zjj']!, false);
      expect(withUsers.json().messageZh).toContain('在用账号');

      const trail = await eventsOf('body', id);
      expect(trail.map((e) => e.type)).toEqual(['body.created', 'body.updated', 'body.deactivated']);
      expect(trail[1]!.payload).toMatchObject({ changes: { name: { before: '太原市小店区审计局', after: '太原市小店区审计局（新）' } } });
      expect(trail.every((e) => e.actor_user_id === admin.user.id)).toBe(true);

      const list = await requestAs(t.app, admin, { url: '/api/v1/admin/bodies' });
      expect(list.json().items.find((b: { id: string }) => b.id === id)).toMatchObject({ active: false, parentId: body['140105-gov'] });
      const regions = await requestAs(t.app, admin, { url: '/api/v1/admin/regions?parent=140100' });
      expect(regions.json().items.map((r: { name: string }) => r.name)).toContain('小店区');
    });
  });

  describe('用户管理', () => {
    it('creates an account with a one-time password, changes its roles and body, disables it and ends its sessions', async () => {
      const created = await requestAs(t.app, admin, {
        method: 'POST',
        url: '/api/v1/admin/users',
        payload: { login: 'xd.zjj.new', displayName: '新承办', bodyId: body['140105-zjj'], roles: ['handler'], position: 'handler' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const { id, temporaryPassword } = created.json() as { id: string; temporaryPassword: string };
      const first = await loginAs(t.app, 'xd.zjj.new', temporaryPassword);
      expect((await requestAs(t.app, first, { url: '/api/v1/matters' })).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
      const again = await requestAs(t.app, admin, { method: 'POST', url: '/api/v1/admin/users', payload: { login: 'xd.zjj.new', displayName: '重名', bodyId: body['140105-zjj'], roles: ['handler'] } });
      expect(again.json().messageZh).toContain('已存在');

      const sessions = await requestAs(t.app, admin, { url: `/api/v1/admin/users/${id}/sessions` });
      expect(sessions.json().items).toHaveLength(1);
      const patch = (payload: object, as = admin) => requestAs(t.app, as, { method: 'PATCH', url: `/api/v1/admin/users/${id}`, payload });
      const moved = await patch({ roles: ['handler', 'bodyLeader'], bodyId: body['ty-zjj'] });
      expect(moved.json()).toMatchObject({ sessionsEnded: 1 });
      const disabled = await patch({ disabled: true });
      expect(disabled.statusCode).toBe(200);
      const refused = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'xd.zjj.new', password: temporaryPassword } });
      expect(refused.statusCode).toBe(401);

      const self = await requestAs(t.app, admin, { method: 'PATCH', url: `/api/v1/admin/users/${admin.user.id}`, payload: { disabled: true } });
      expect(self.statusCode).toBe(422);

      const trail = await eventsOf('user', id);
      expect(trail.map((e) => e.type)).toEqual(['user.created', 'user.loggedIn', 'user.updated', 'user.updated']);
      // Recorded as an account made at the command line or from a sheet is: the same fields under the same names.
      expect(trail[0]!.payload).toMatchObject({ login: 'xd.zjj.new', name: '新承办', bodyCode: '140105-zjj', roles: ['handler'], position: 'handler', mustChangePassword: true, via: 'admin' });
      const updates = trail.filter((e) => e.type === 'user.updated');
      expect(updates[0]!.payload).toMatchObject({ changes: { roles: { before: ['handler'], after: ['handler', 'bodyLeader'] }, bodyId: { after: body['ty-zjj'] } } });
      expect(updates[1]!.payload).toMatchObject({ changes: { disabled: { before: false, after: true } } });

      const other = await loginAs(t.app, 'sx.leader');
      const ended = await requestAs(t.app, admin, { method: 'DELETE', url: `/api/v1/admin/users/${other.user.id}/sessions` });
      expect(ended.json().ended).toBeGreaterThanOrEqual(1);
      expect((await requestAs(t.app, other, { url: '/api/v1/matters' })).statusCode).toBe(401);
    });
  });

  describe('办理时限', () => {
    it('shows the limits with their bounds, refuses a limit beyond the statute or without its own basis, and the next matter counts by the new one', async () => {
      const view = await requestAs(t.app, admin, { url: '/api/v1/settings/time-limits' });
      expect(view.statusCode).toBe(200);
      const dispatch = view.json().items.find((i: { name: string }) => i.name === 'dispatch');
      expect(dispatch).toMatchObject({ amount: 15, unit: 'days', bounds: { min: 1, max: 15 }, overridden: false });

      const put = (limits: object) => requestAs(t.app, admin, { method: 'PUT', url: '/api/v1/settings/time-limits', payload: { limits } });
      const tooLong = await put({ ordinaryHandling: { unit: 'days', amount: 70, article: '《某省信访条例》第三十条' } });
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json().messageZh).toContain('办理时限：不得超过法定的 60 日');
      const narrowed = await put({ reviewRequestWindow: { unit: 'days', amount: 20, article: '《某省信访条例》第四十条' } });
      expect(narrowed.json().messageZh).toContain('不得少于 30 日');
      const noBasis = await put({ dispatch: { unit: 'days', amount: 10, article: NATIONAL_TIME_LIMITS.dispatch.article } });
      expect(noBasis.json().messageZh).toContain('须写明本省依据');

      const ok = await put({ dispatch: { unit: 'days', amount: 10, article: '《山西省信访条例》第二十条' }, acceptanceNotice: { ...NATIONAL_TIME_LIMITS.acceptanceNotice } });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().items.find((i: { name: string }) => i.name === 'dispatch')).toMatchObject({ amount: 10, overridden: true });
      expect(ok.json().items.find((i: { name: string }) => i.name === 'acceptanceNotice')).toMatchObject({ overridden: false });
      expect(ok.json().history[0]).toMatchObject({ actor: { login: 'admin' }, changes: [{ name: 'dispatch', before: { amount: 15 }, after: { amount: 10 } }] });
      expect(t.ctx.timeLimits.dispatch.amount).toBe(10);

      const desk = await loginAs(t.app, 'sx.registrar');
      const reg = await requestAs(t.app, desk, {
        method: 'POST',
        url: '/api/v1/petitions',
        payload: { channel: 'letter', receivedAt: '2025-11-20T09:00:00+08:00', regionCode: '140200', title: '反映道路破损', content: '道路破损。', petitioners: [{ name: '孙某' }] },
      });
      expect(reg.statusCode, reg.body.slice(0, 300)).toBe(201);
      const page = await requestAs(t.app, desk, { url: `/api/v1/matters/${reg.json().matters[0].matterId}` });
      const clock = page.json().clocks.find((c: { name: string }) => c.name === 'dispatch');
      // 10 days from 2025-11-20 is Sunday 11-30: the period ends on Monday 12-01.
      expect(clock).toMatchObject({ amount: 10, due: '2025-12-01', rule: { article: '《山西省信访条例》第二十条' } });
    });

    it('reaches another node through the database, and adopts the XINFANG_TIME_LIMITS file only when the database has none', async () => {
      const otherNode = { ...t.ctx, timeLimits: NATIONAL_TIME_LIMITS };
      expect(await refreshTimeLimits(otherNode)).toBe(true);
      expect(otherNode.timeLimits.dispatch.amount).toBe(10);
      expect(await refreshTimeLimits(otherNode)).toBe(false);

      const file = { path: '/etc/xinfang/limits.json', overrides: { dispatch: { amount: 12, article: '《某省信访条例》' } } };
      expect(await adoptTimeLimitFile(otherNode, file)).toEqual({ source: 'database', ignoredFile: true });
      expect(otherNode.timeLimits.dispatch.amount).toBe(10);
    });
  });

  describe('the XINFANG_TIME_LIMITS file on a database without limits', () => {
    it('is written to the database once, as the system, naming the file', async () => {
      const fresh = await createTestContext(backend);
      try {
        const file = { path: '/etc/xinfang/limits.json', overrides: { acceptanceNotice: { unit: 'workingDays' as const, article: '《浙江省信访条例》第二十条' } } };
        expect(await adoptTimeLimitFile(fresh, file)).toEqual({ source: 'file', ignoredFile: false });
        expect(fresh.timeLimits.acceptanceNotice).toMatchObject({ unit: 'workingDays', amount: 15, article: '《浙江省信访条例》第二十条' });
        const [event] = await queryRows<{ actor_user_id: string | null; payload: { value: unknown; source: string } }>(
          fresh.db,
          sql`SELECT actor_user_id, payload FROM events WHERE entity_type = 'setting' AND entity_id = 'timeLimits'`,
        );
        expect(event).toMatchObject({ actor_user_id: null, payload: { value: file.overrides, source: '/etc/xinfang/limits.json' } });
        // The next start finds the database's copy and leaves the file alone.
        expect(await adoptTimeLimitFile(fresh, file)).toEqual({ source: 'database', ignoredFile: false });
      } finally {
        await fresh.close();
      }
    });
  });

  describe('工作日历', () => {
    it('lists a year day by day and changes one day of a loaded year, recorded with its actor', async () => {
      const year = await requestAs(t.app, admin, { url: '/api/v1/calendar/years/2025' });
      expect(year.statusCode).toBe(200);
      expect(year.json()).toMatchObject({ year: 2025, official: true });
      const days = year.json().days as { date: string; kind: string; name?: string }[];
      expect(days).toHaveLength(365);
      expect(days.find((d) => d.date === '2025-10-01')).toMatchObject({ kind: 'holiday' });
      expect(days.find((d) => d.date === '2025-09-28')).toMatchObject({ kind: 'makeUpWorkday' });

      const put = (date: string, payload: object) => requestAs(t.app, admin, { method: 'PUT', url: `/api/v1/calendar/days/${date}`, payload });
      const local = await put('2025-12-05', { change: 'holiday', name: '本地纪念日' });
      expect(local.statusCode, local.body).toBe(200);
      expect(t.ctx.calendar.calendar.dayInfo('2025-12-05')).toMatchObject({ kind: 'holiday', name: '本地纪念日' });
      expect(t.ctx.calendar.calendar.dayInfo('2025-10-01').kind).toBe('holiday');
      const back = await put('2025-12-05', { change: 'ordinary' });
      expect(back.statusCode).toBe(200);
      expect(t.ctx.calendar.calendar.dayInfo('2025-12-05').kind).toBe('workday');
      const future = await put('2031-03-03', { change: 'holiday', name: '某节' });
      expect(future.statusCode).toBe(422);
      expect(future.json().messageZh).toContain('尚未载入');
      const trail = await eventsOf('calendar', '2025');
      expect(trail.at(-1)!.payload).toMatchObject({ source: '单日调整：2025-12-05 设为按星期（工作日或周末）' });
      expect(trail.at(-1)!.actor_user_id).toBe(admin.user.id);
    });
  });

  describe('督查分片', () => {
    it('gives the province’s own departments to an office, whose board then sees their matters in any city', async () => {
      const reg = await requestAs(t.app, await loginAs(t.app, 'sx.registrar'), {
        method: 'POST',
        url: '/api/v1/petitions',
        payload: { channel: 'letter', receivedAt: '2025-11-20T09:00:00+08:00', regionCode: '140100', title: '反映全省住房公积金政策', content: '请求解释政策。', petitioners: [{ name: '吴某' }] },
      });
      const matterId = reg.json().matters[0].matterId as string;
      const office = await loginAs(t.app, 'sx.acceptance');
      for (const payload of [
        { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' },
        { type: 'forward', toBodyId: body['sx-zjj'] },
      ]) {
        const res = await requestAs(t.app, office, { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload });
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      }
      const second = await loginAs(t.app, 'sx.supervisor2');
      expect((await requestAs(t.app, second, { url: `/api/v1/matters/${matterId}` })).statusCode).toBe(404);

      const view = await requestAs(t.app, admin, { url: '/api/v1/supervision/partitions' });
      expect(view.json().unassignedBodies.map((b: { name: string }) => b.name)).toContain('山西省住房和城乡建设厅');
      const [dc1, dc2] = view.json().offices as { id: string }[];
      const assign = (officeId: string, bodyIds: string[]) => requestAs(t.app, admin, { method: 'PUT', url: `/api/v1/supervision/partitions/${officeId}/bodies`, payload: { bodyIds } });
      const assigned = await assign(dc2!.id, [body['sx-zjj']!]);
      expect(assigned.statusCode, assigned.body).toBe(200);
      expect(assigned.json().offices[1].bodies).toEqual([{ id: body['sx-zjj'], name: '山西省住房和城乡建设厅' }]);
      expect(assigned.json().unassignedBodies.map((b: { name: string }) => b.name)).not.toContain('山西省住房和城乡建设厅');
      expect((await requestAs(t.app, second, { url: `/api/v1/matters/${matterId}` })).statusCode).toBe(200);

      const taken = await assign(dc1!.id, [body['sx-zjj']!]);
      expect(taken.statusCode).toBe(400);
      expect(taken.json().messageZh).toContain('已由督查督办二处负责');
      const notLevel = await assign(dc1!.id, [body['ty-zjj']!]);
      expect(notLevel.json().messageZh).toContain('不是本级机构');
      const trail = await eventsOf('body', dc2!.id);
      expect(trail.at(-1)).toMatchObject({ type: 'body.supervisedBodiesChanged', actor_user_id: admin.user.id, payload: { before: [], after: [body['sx-zjj']] } });
    });
  });

  describe('审计', () => {
    it('searches the trail by entity, actor and date, and an auditor sees a case’s events only in scope', async () => {
      const byEntity = await requestAs(t.app, admin, { url: '/api/v1/audit/events?entityType=setting&entityId=timeLimits' });
      expect(byEntity.statusCode, byEntity.body).toBe(200);
      expect(byEntity.json().items[0]).toMatchObject({ type: 'setting.changed', actor: { login: 'admin' } });
      const byActor = await requestAs(t.app, admin, { url: '/api/v1/audit/events?actor=admin&type=body.&from=2025-11-20&to=2025-11-20' });
      expect(byActor.json().items.length).toBeGreaterThan(0);
      expect(byActor.json().items.every((e: { type: string; actor: { login: string } }) => e.type.startsWith('body.') && e.actor.login === 'admin')).toBe(true);
      const nextDay = await requestAs(t.app, admin, { url: '/api/v1/audit/events?actor=admin&from=2025-11-21' });
      expect(nextDay.json().items).toEqual([]);
      const page = await requestAs(t.app, admin, { url: '/api/v1/audit/events?limit=2' });
      const next = await requestAs(t.app, admin, { url: `/api/v1/audit/events?limit=2&before=${page.json().nextBefore}` });
      expect(next.json().items[0].id).toBeLessThan(page.json().items[1].id);

      // A case's events follow the case's scope: a county bureau's auditor sees its county's matters, not the next county's.
      const reg = await requestAs(t.app, await loginAs(t.app, 'ty.registrar'), {
        method: 'POST',
        url: '/api/v1/petitions',
        payload: { channel: 'letter', receivedAt: '2025-11-20T10:00:00+08:00', regionCode: '140106', title: '反映供暖不热', content: '供暖不热。', petitioners: [{ name: '钱某' }] },
      });
      const yz = reg.json().matters[0].matterId as string;
      const made = await requestAs(t.app, admin, { method: 'POST', url: '/api/v1/admin/users', payload: { login: 'xd.auditor', displayName: '小店评查', bodyId: body['140105-xfj'], roles: ['auditor'] } });
      expect(made.statusCode, made.body).toBe(201);
      const first = await loginAs(t.app, 'xd.auditor', made.json().temporaryPassword);
      const changed = await requestAs(t.app, first, { method: 'POST', url: '/api/v1/auth/password', payload: { currentPassword: made.json().temporaryPassword, newPassword: '汾河 晋祠 双塔 迎泽 小店' } });
      expect(changed.statusCode, changed.body).toBe(200);
      const county = await requestAs(t.app, first, { url: `/api/v1/audit/events?entityType=matter&entityId=${yz}` });
      expect(county.json().items).toEqual([]);
      const province = await requestAs(t.app, await loginAs(t.app, 'sx.auditor'), { url: `/api/v1/audit/events?entityType=matter&entityId=${yz}` });
      expect(province.json().items.map((e: { type: string }) => e.type)).toContain('registered');
      const verify = await requestAs(t.app, admin, { method: 'POST', url: '/api/v1/audit/verify' });
      expect(verify.json()).toMatchObject({ ok: true });
    });

    it('refuses every administration route to a role without admin.manage', async () => {
      const handler = await loginAs(t.app, 'xd.zjj.handler');
      for (const [method, url] of [
        ['GET', '/api/v1/admin/bodies'],
        ['POST', '/api/v1/admin/bodies'],
        ['POST', '/api/v1/admin/users'],
        ['GET', '/api/v1/settings/time-limits'],
        ['PUT', '/api/v1/settings/time-limits'],
        ['PUT', '/api/v1/calendar/days/2025-12-05'],
        ['GET', '/api/v1/audit/events'],
      ] as const) {
        const res = await requestAs(t.app, handler, { method, url, payload: method === 'GET' ? undefined : {} });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
      }
    });
  });
});
