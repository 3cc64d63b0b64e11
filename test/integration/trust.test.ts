import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { permissionsOf, type StaffRole } from '../../src/domain/org';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

/**
 * Issue 13 (trust), items 1 and 2: a staff member reads personal data only of petitioners of matters their body may
 * see, only with a role that needs it, and every unmasked read is an access event an auditor can list; every action
 * a role lacks is refused the same way on every route; every id-bearing route refuses an id outside the caller's
 * scope as not found.
 */

// Numbers planted in one matter: written into its free text, and held in its identity fields.
const TEXT_MOBILE = '13912345678';
const TEXT_ID = '140105198001011233';
const PERSON_ID = '140105197505051234';
const PERSON_PHONE = '13700001111';
const CALLER = '0351-7654321';
const ADDRESS_DETAIL = '坞城路12号3单元';
const ELSEWHERE_ID = '140106198806061234';

/** One demo login per staff role: the route matrix runs as each. */
const ROLE_LOGINS: Record<StaffRole, string> = {
  registrar: 'sx.registrar',
  acceptanceOfficer: 'sx.acceptance',
  handler: 'sx.handler',
  bodyLeader: 'ty.zjj.leader',
  supervisor: 'sx.supervisor1',
  auditor: 'sx.auditor',
  leader: 'sx.leader',
  admin: 'admin',
};

const PIXEL_PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function form(name: string, content: Buffer, type: string) {
  const boundary = `----xinfang${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8'),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(BACKENDS)('trust on %s', (backend) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const body: Record<string, string> = {};
  /** 小店区: registered by the county bureau, forwarded to its housing bureau and accepted (documents issued). */
  const xd = { matterId: '', petitionId: '', petitionerId: '', attachmentId: '', documentId: '' };
  /** 迎泽区: registered by the city bureau; no county body of 小店区 may see it. */
  const yz = { matterId: '', petitionId: '', petitionerId: '' };

  const as = (login: string) => s[login]!;
  const register = async (login: string, payload: object) => {
    const res = await requestAs(t.app, as(login), { method: 'POST', url: '/api/v1/petitions', payload });
    expect(res.statusCode, res.body.slice(0, 400)).toBe(201);
    return res.json() as { petitionId: string; matters: { matterId: string }[] };
  };
  const command = async (login: string, matterId: string, payload: object) => {
    const res = await requestAs(t.app, as(login), { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload });
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
  };
  const petitionersOf = async (matterId: string) =>
    queryRows<{ id: string; name: string }>(t.ctx.db, sql`SELECT p.id, p.name FROM matter_petitioners mp JOIN petitioners p ON p.id = mp.petitioner_id WHERE mp.matter_id = ${matterId}`);

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    for (const login of [...Object.values(ROLE_LOGINS), 'xd.xfj', 'xd.zjj.handler', 'yz.zjj.handler', 'ty.registrar', 'sx.supervisor2']) s[login] = await loginAs(t.app, login);
    for (const b of await queryRows<{ id: string; code: string }>(t.ctx.db, sql`SELECT id, code FROM bodies`)) body[b.code] = b.id;

    const upload = form('现场照片.png', PIXEL_PNG, 'image/png');
    const up = await t.app.inject({ method: 'POST', url: '/api/v1/attachments', payload: upload.payload, headers: { 'content-type': upload.contentType, cookie: as('xd.xfj').cookie, 'x-csrf-token': as('xd.xfj').csrfToken } });
    expect(up.statusCode, up.body.slice(0, 300)).toBe(201);
    xd.attachmentId = up.json().items[0].id;

    const a = await register('xd.xfj', {
      channel: 'phone',
      receivedAt: '2025-11-20T09:00:00+08:00',
      regionCode: '140105',
      title: `反映小区电梯停运（联系电话${TEXT_MOBILE}）`,
      content: `来电人身份证${TEXT_ID}，回电${TEXT_MOBILE}。电梯停运两年。`,
      petitioners: [{ name: '赵铁柱', idNumber: PERSON_ID, phone: PERSON_PHONE, address: `山西省太原市小店区${ADDRESS_DETAIL}` }],
      details: { callerNumber: CALLER, recordingRef: 'REC-T-1', calledAt: '2025-11-20T09:00:00+08:00' },
      attachmentIds: [xd.attachmentId],
    });
    xd.petitionId = a.petitionId;
    xd.matterId = a.matters[0]!.matterId;
    xd.petitionerId = (await petitionersOf(xd.matterId))[0]!.id;
    await command('xd.xfj', xd.matterId, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command('xd.xfj', xd.matterId, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command('xd.xfj', xd.matterId, { type: 'forward', toBodyId: body['140105-zjj'] });
    await command('xd.zjj.handler', xd.matterId, { type: 'accept', procedure: 'ordinary' });
    const docs = await requestAs(t.app, as('xd.zjj.handler'), { url: `/api/v1/matters/${xd.matterId}/documents` });
    xd.documentId = docs.json().items[0]?.id ?? '';

    const b = await register('ty.registrar', {
      channel: 'letter',
      receivedAt: '2025-11-20T10:00:00+08:00',
      regionCode: '140106',
      title: '反映供暖不热',
      content: '供暖温度不达标。',
      petitioners: [{ name: '钱多多', idNumber: ELSEWHERE_ID, phone: '13655556666', address: '山西省太原市迎泽区双塔西街38号' }],
    });
    yz.petitionId = b.petitionId;
    yz.matterId = b.matters[0]!.matterId;
    yz.petitionerId = (await petitionersOf(yz.matterId))[0]!.id;
  });
  afterAll(() => t.close());

  describe('the petitioner registry stays inside the caller’s scope', () => {
    it('refuses to merge, reveal or find a person of another county for a county desk, and leaves the record alone', async () => {
      const shell = await register('xd.xfj', { channel: 'letter', receivedAt: '2025-11-20T11:00:00+08:00', regionCode: '140105', title: '咨询', content: '咨询政策。', petitioners: [{ name: '钱多多' }] });
      const shellId = (await petitionersOf(shell.matters[0]!.matterId))[0]!.id;

      const merge = await requestAs(t.app, as('xd.xfj'), { method: 'POST', url: `/api/v1/petitioners/${shellId}/merge`, payload: { mergedId: yz.petitionerId } });
      expect(merge.statusCode).toBe(404);
      expect(merge.json().code).toBe('NOT_FOUND');
      const pii = await requestAs(t.app, as('xd.xfj'), { url: `/api/v1/petitioners/${yz.petitionerId}/pii?purpose=${encodeURIComponent('核实身份')}` });
      expect(pii.statusCode).toBe(404);
      const found = await requestAs(t.app, as('xd.xfj'), { url: `/api/v1/petitioners?q=${encodeURIComponent('钱多多')}` });
      expect(found.json().items.map((h: { id: string }) => h.id)).toEqual([shellId]);
      const [victim] = await queryRows<{ merged_into_id: string | null }>(t.ctx.db, sql`SELECT merged_into_id FROM petitioners WHERE id = ${yz.petitionerId}`);
      expect(victim!.merged_into_id).toBeNull();
      // The city bureau sees both counties: it finds both records, masked.
      const city = await requestAs(t.app, as('ty.registrar'), { url: `/api/v1/petitioners?q=${encodeURIComponent('钱多多')}` });
      expect(city.json().items.map((h: { id: string }) => h.id).sort()).toEqual([shellId, yz.petitionerId].sort());
      const hit = city.json().items.find((h: { id: string }) => h.id === yz.petitionerId);
      expect(hit).toMatchObject({ idNumberMasked: '140106********1234', phoneMasked: '136****6666', address: '山西省太原市迎泽区****' });
    });

    it('refuses to merge records whose names contradict, and merges records of one name under two phones', async () => {
      const reg = async (name: string, phone?: string) => {
        const r = await register('xd.xfj', { channel: 'letter', receivedAt: '2025-11-20T11:00:00+08:00', regionCode: '140105', title: '咨询', content: '咨询政策。', petitioners: [{ name, ...(phone ? { phone } : {}) }] });
        return (await petitionersOf(r.matters[0]!.matterId))[0]!.id;
      };
      const merge = (survivor: string, merged: string) => requestAs(t.app, as('xd.xfj'), { method: 'POST', url: `/api/v1/petitioners/${survivor}/merge`, payload: { mergedId: merged } });

      const wang = await reg('王小五', '13811112222');
      const other = await reg('王小六');
      const byName = await merge(wang, other);
      expect(byName.statusCode).toBe(422);
      expect(byName.json()).toMatchObject({ code: 'REFUSED', details: { reason: 'CONTRADICTING_RECORDS', fields: ['name'] } });
      expect(byName.json().messageZh).toContain('姓名不同');

      const wangNewPhone = await reg('王小五', '13833334444');
      const ok = await merge(wang, wangNewPhone);
      expect(ok.statusCode, ok.body).toBe(200);
      const [survivor] = await queryRows<{ phone: string }>(t.ctx.db, sql`SELECT phone FROM petitioners WHERE id = ${wang}`);
      expect(survivor!.phone).toBe('13811112222');
    });
  });

  describe('personal data leaves the server masked, whoever asks and through whatever route', () => {
    /** Every GET route of the API with what it needs to answer; a new GET route must be added here to be walked. */
    const getUrl = (url: string): string | null => {
      const fill: Record<string, string> = {
        '/api/v1/petitioners': `/api/v1/petitioners?q=${encodeURIComponent('赵铁柱')}`,
        '/api/v1/calendar/due': '/api/v1/calendar/due?from=2025-11-20&days=15',
        '/api/v1/calendar/years/:year': '/api/v1/calendar/years/2025',
        '/api/v1/matters': `/api/v1/matters?q=${encodeURIComponent('电梯')}`,
      };
      if (fill[url]) return fill[url];
      if (url === '/api/v1/petitioners/:id/pii') return null; // the logged reveal: tested below
      if (url.includes('/portal/')) return url.includes(':') ? null : url;
      return url
        .replace('/matters/:id', `/matters/${xd.matterId}`)
        .replace('/petitions/:id', `/petitions/${xd.petitionId}`)
        .replace('/attachments/:id', `/attachments/${xd.attachmentId}`)
        .replace('/documents/:id', `/documents/${xd.documentId}`);
    };
    const SECRET_IDENTITY = [PERSON_ID, PERSON_PHONE, CALLER, '7654321', ADDRESS_DETAIL];
    const SECRET_TEXT = [TEXT_MOBILE, TEXT_ID];

    it('shows no identity number or address detail to anyone, and no number in free text to a role without petitioner.pii.read', async () => {
      const gets = t.app.routePermissions.filter((r) => r.method === 'GET' && !r.url.endsWith('/docx') && !/\/attachments\/:id$/.test(r.url));
      let walked = 0;
      for (const login of [...Object.values(ROLE_LOGINS), 'xd.xfj', 'xd.zjj.handler']) {
        const session = as(login);
        const readsPii = session.user.permissions.includes('petitioner.pii.read');
        for (const r of gets) {
          const url = getUrl(r.url);
          if (!url) continue;
          const res = await requestAs(t.app, session, { url });
          expect(res.statusCode, `${login} GET ${url}`).toBeLessThan(500);
          walked++;
          for (const secret of [...SECRET_IDENTITY, ...(readsPii ? [] : SECRET_TEXT)]) {
            expect(res.body.includes(secret), `${login} GET ${url} shows ${secret}`).toBe(false);
          }
        }
      }
      expect(walked).toBeGreaterThan(200);
      // The matter's handler does read the letter as written (it is the case they handle).
      const page = await requestAs(t.app, as('xd.zjj.handler'), { url: `/api/v1/matters/${xd.matterId}` });
      expect(page.json().matter.content).toContain(TEXT_MOBILE);
      const petition = await requestAs(t.app, as('xd.zjj.handler'), { url: `/api/v1/petitions/${xd.petitionId}` });
      expect(petition.json().details.callerNumber).toBe('035****4321');
    });

    it('reveals a petitioner only through the logged read, with its purpose, which an auditor lists and exports', async () => {
      const before = await requestAs(t.app, as('sx.auditor'), { url: '/api/v1/audit/pii-access' });
      expect(before.statusCode, before.body).toBe(200);
      const read = await requestAs(t.app, as('xd.zjj.handler'), { url: `/api/v1/petitioners/${xd.petitionerId}/pii?purpose=${encodeURIComponent('电话回访核实')}` });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ idNumber: PERSON_ID, phone: PERSON_PHONE, address: `山西省太原市小店区${ADDRESS_DETAIL}` });

      const list = await requestAs(t.app, as('sx.auditor'), { url: `/api/v1/audit/pii-access?petitionerId=${xd.petitionerId}` });
      expect(list.json().items.length).toBe(before.json().items.filter((i: { petitioner: { id: string } }) => i.petitioner.id === xd.petitionerId).length + 1);
      expect(list.json().items[0]).toMatchObject({
        actor: { login: 'xd.zjj.handler', name: '褚承办' },
        petitioner: { id: xd.petitionerId, name: '赵铁柱' },
        purpose: '电话回访核实',
        fields: ['idNumber', 'phone', 'address'],
      });
      const byActor = await requestAs(t.app, as('sx.auditor'), { url: '/api/v1/audit/pii-access?actor=xd.zjj.handler&from=2025-11-20&to=2025-11-20' });
      expect(byActor.json().items.every((i: { actor: { login: string } }) => i.actor.login === 'xd.zjj.handler')).toBe(true);
      expect(byActor.json().items.length).toBeGreaterThan(0);
      const nextDay = await requestAs(t.app, as('sx.auditor'), { url: '/api/v1/audit/pii-access?actor=xd.zjj.handler&from=2025-11-21' });
      expect(nextDay.json().items).toEqual([]);

      const csv = await requestAs(t.app, as('sx.auditor'), { url: `/api/v1/audit/pii-access/export?petitionerId=${xd.petitionerId}` });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.body.startsWith('\uFEFF时间（北京时间）,查阅人账号')).toBe(true);
      expect(csv.body).toContain('xd.zjj.handler,褚承办');
      expect(csv.body).toContain('电话回访核实,身份证号、联系电话、住址');

      // Neither a leader nor the reading handler lists who read what.
      for (const login of ['sx.leader', 'xd.zjj.handler']) {
        expect((await requestAs(t.app, as(login), { url: '/api/v1/audit/pii-access' })).statusCode).toBe(403);
      }
    });

    it('searches titles by a run of digits only for a role that may read personal data', async () => {
      const q = `/api/v1/matters?q=${TEXT_MOBILE.slice(0, 8)}`;
      const leader = await requestAs(t.app, as('sx.leader'), { url: q });
      expect(leader.json().items).toEqual([]);
      const desk = await requestAs(t.app, as('xd.xfj'), { url: q });
      expect(desk.json().items.map((m: { id: string }) => m.id)).toContain(xd.matterId);
    });
  });

  describe('one refusal for a missing permission, on every route, whatever the body', () => {
    it('refuses every route whose permission the role lacks with 403 FORBIDDEN, for every role', async () => {
      const guarded = t.app.routePermissions.filter((r) => r.permission.includes('.'));
      let refused = 0;
      for (const [role, login] of Object.entries(ROLE_LOGINS) as [StaffRole, string][]) {
        const granted = permissionsOf([role]);
        for (const r of guarded) {
          if (granted.has(r.permission as never)) continue;
          const url = r.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
          // A body the route would refuse as invalid: the permission is checked first, so it is never read.
          const res = await requestAs(t.app, as(login), { method: r.method as 'POST', url, payload: r.method === 'GET' ? undefined : { nonsense: ['\u0000'] } });
          expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
          expect(res.json().code).toBe('FORBIDDEN');
          expect(res.json().messageZh).toMatch(/权限/);
          refused++;
        }
      }
      expect(refused).toBeGreaterThan(150);
    });

    it('refuses a registrar the acceptance office’s commands through the matter route as the triage routes do', async () => {
      const fresh = await register('sx.registrar', { channel: 'letter', receivedAt: '2025-11-20T09:00:00+08:00', regionCode: '140200', title: '反映道路破损', content: '道路破损。', petitioners: [{ name: '孙某' }] });
      const id = fresh.matters[0]!.matterId;
      const bodyId = body['dt-gov']!;
      for (const payload of [
        { type: 'forward', toBodyId: bodyId },
        { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' },
        { type: 'retain' },
      ]) {
        const res = await requestAs(t.app, as('sx.registrar'), { method: 'POST', url: `/api/v1/matters/${id}/commands`, payload });
        expect(res.statusCode, `${payload.type}: ${res.body}`).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
      const bulk = await requestAs(t.app, as('sx.registrar'), { method: 'POST', url: '/api/v1/triage/bulk', payload: { matterIds: [id], command: { type: 'forward', toBodyId: bodyId } } });
      expect(bulk.statusCode).toBe(403);
      expect(bulk.json().code).toBe('FORBIDDEN');
      const allowed = await requestAs(t.app, as('sx.registrar'), { url: `/api/v1/matters/${id}` });
      expect(allowed.json().allowedActions.map((c: { type: string }) => c.type)).not.toContain('forward');
    });
  });

  describe('an id outside the caller’s scope does not exist for them', () => {
    /**
     * Every API route with a path parameter, with who calls it with which out-of-scope id — or why it has no scope.
     * A new id-bearing route fails here until it is placed in this table.
     */
    const cases = (): Record<string, { login: string; id: string; payload?: object; query?: string } | { unscoped: string }> => ({
      'GET /api/v1/matters/:id': { login: 'yz.zjj.handler', id: xd.matterId },
      'GET /api/v1/matters/:id/appeal-body': { login: 'yz.zjj.handler', id: xd.matterId },
      'GET /api/v1/matters/:id/documents': { login: 'yz.zjj.handler', id: xd.matterId },
      'GET /api/v1/matters/:id/routing': { login: 'xd.xfj', id: yz.matterId },
      'POST /api/v1/matters/:id/commands': { login: 'yz.zjj.handler', id: xd.matterId, payload: { type: 'accept', procedure: 'ordinary' } },
      'GET /api/v1/petitions/:id': { login: 'yz.zjj.handler', id: xd.petitionId },
      'GET /api/v1/petitioners/:id/pii': { login: 'yz.zjj.handler', id: xd.petitionerId, query: '?purpose=核实' },
      'POST /api/v1/petitioners/:id/merge': { login: 'xd.xfj', id: yz.petitionerId, payload: { mergedId: xd.petitionerId } },
      'GET /api/v1/attachments/:id': { login: 'yz.zjj.handler', id: xd.attachmentId },
      'GET /api/v1/documents/:id/docx': { login: 'yz.zjj.handler', id: xd.documentId },
      'POST /api/v1/notifications/:id/read': { unscoped: 'marks only the caller’s own message: another’s id changes nothing (notifications.test.ts)' },
      'POST /api/v1/notifications/:id/retry': { unscoped: 'the outbox is the administrator’s, for the whole deployment' },
      'DELETE /api/v1/auth/sessions/:id': { unscoped: 'ends only the caller’s own session: another’s id answers 404 (accounts.test.ts)' },
      'POST /api/v1/admin/users/:id/password-reset': { unscoped: 'accounts are the administrator’s, deployment-wide (admin.manage)' },
      'POST /api/v1/admin/users/:id/unlock': { unscoped: 'accounts are the administrator’s, deployment-wide (admin.manage)' },
      'PUT /api/v1/admin/users/:id/position': { unscoped: 'accounts are the administrator’s, deployment-wide (admin.manage)' },
      'DELETE /api/v1/admin/tokens/:id': { unscoped: 'API tokens are the administrator’s, deployment-wide (admin.manage)' },
      'PUT /api/v1/bodies/:id/competence': { unscoped: 'administration of the organisation (admin.manage), province-wide' },
      'PUT /api/v1/bodies/:id/abbreviation': { unscoped: 'administration of the organisation (admin.manage), province-wide' },
      'PUT /api/v1/supervision/partitions/:officeId': { unscoped: 'administration of the organisation (admin.manage), province-wide' },
      'PUT /api/v1/supervision/partitions/:officeId/bodies': { unscoped: 'administration of the organisation (admin.manage), province-wide' },
      'PATCH /api/v1/admin/bodies/:id': { unscoped: 'administration of the organisation (admin.manage), deployment-wide' },
      'PUT /api/v1/admin/bodies/:id/active': { unscoped: 'administration of the organisation (admin.manage), deployment-wide' },
      'PATCH /api/v1/admin/users/:id': { unscoped: 'accounts are the administrator’s, deployment-wide (admin.manage)' },
      'GET /api/v1/admin/users/:id/sessions': { unscoped: 'accounts are the administrator’s, deployment-wide (admin.manage)' },
      'DELETE /api/v1/admin/users/:id/sessions': { unscoped: 'accounts are the administrator’s, deployment-wide (admin.manage)' },
      'GET /api/v1/calendar/years/:year': { unscoped: 'the calendar is the deployment’s (calendar.manage); a year is no id' },
      'PUT /api/v1/calendar/days/:date': { unscoped: 'the calendar is the deployment’s (calendar.manage); a date is no id' },
      'GET /api/v1/settings/document-templates/:kind': { unscoped: 'document templates are the deployment’s (admin.manage); a kind is no id' },
      'PUT /api/v1/settings/document-templates/:kind': { unscoped: 'document templates are the deployment’s (admin.manage); a kind is no id' },
      'GET /api/v1/settings/document-templates/:kind/preview.docx': { unscoped: 'document templates are the deployment’s (admin.manage); a kind is no id' },
      'POST /api/v1/settings/document-templates/:kind/preview.docx': { unscoped: 'document templates are the deployment’s (admin.manage); a kind is no id' },
    });

    it('answers 404 NOT_FOUND, as for an id that does not exist, on every id-bearing route', async () => {
      const table = cases();
      const withIds = t.app.routePermissions.filter((r) => r.url.includes(':') && !r.url.startsWith('/api/v1/portal/'));
      for (const r of withIds) {
        const key = `${r.method} ${r.url}`;
        const c = table[key];
        expect(c, `${key} is not in the scope table`).toBeDefined();
        if (!c || 'unscoped' in c) continue;
        expect(c.id, key).toMatch(/^[0-9a-f-]{36}$/);
        const res = await requestAs(t.app, as(c.login), { method: r.method as 'POST', url: r.url.replace(/:\w+/, c.id) + (c.query ? encodeURI(c.query) : ''), payload: c.payload });
        expect(res.statusCode, `${key} as ${c.login}: ${res.body.slice(0, 200)}`).toBe(404);
        expect(res.json().code).toBe('NOT_FOUND');
      }
    });
  });
});
