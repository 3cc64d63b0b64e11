import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/modules/audit/verify';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

// 2025-11-20 (Thursday): the demo matters are dated back from here.
describe.each(BACKENDS)('matters over HTTP on %s', (backend) => {
  let t: TestApp;
  let bureau: Session;
  let xd: Session;
  let yz: Session;
  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    bureau = await loginAs(t.app, 'sx.acceptance');
    xd = await loginAs(t.app, 'xd.zjj.handler');
    yz = await loginAs(t.app, 'yz.zjj.handler');
  });
  afterAll(() => t.close());

  const list = async (s: Session, query = '') => (await requestAs(t.app, s, { url: `/api/v1/matters${query}` })).json();

  it('shows the provincial bureau every demo matter and a county body only its own', async () => {
    expect((await list(bureau)).total).toBe(11);
    const mine = await list(xd);
    expect(mine.items.map((m: { responsibleBody: { name: string } }) => m.responsibleBody.name)).toEqual([
      '太原市小店区住房和城乡建设局',
      '太原市小店区住房和城乡建设局',
    ]);
  });

  it('hides another county’s matter: same answer as a matter that does not exist', async () => {
    const xdMatter = (await list(xd)).items[0].id;
    const res = await requestAs(t.app, yz, { url: `/api/v1/matters/${xdMatter}` });
    expect(res.statusCode).toBe(404);
    const missing = await requestAs(t.app, yz, { url: '/api/v1/matters/00000000-0000-0000-0000-000000000000' });
    expect(res.json()).toEqual(missing.json());
  });

  it('shows a matter’s live clocks with rule, article and overdue status, and its timeline', async () => {
    // The assigned matter accepted 66 days ago (2025-09-15): 60 days run out on 2025-11-14, so it is overdue.
    const city = await loginAs(t.app, 'ty.zjj.handler');
    const [m] = (await list(city)).items;
    const page = (await requestAs(t.app, city, { url: `/api/v1/matters/${m.id}` })).json();
    const handling = page.clocks.find((c: { name: string }) => c.name === 'handling');
    expect(handling).toMatchObject({
      from: '2025-09-15',
      due: '2025-11-14',
      status: 'overdue',
      daysLeft: -6,
      provisional: false,
      rule: { text: '受理之日起60日', article: '《信访工作条例》第三十四条' },
    });
    expect(page.events.map((e: { type: string }) => e.type)).toEqual(['registered', 'classified', 'assigned', 'accepted']);
    expect(page.events[3].actor.name).toBe('钱承办');
    expect(page.matter.petitioners[0]).toMatchObject({ name: '王志强', idNumberMasked: '140106********3452', phoneMasked: '135****3456' });
    // The opinion is drafted and signed before it is issued (seed 003): 拟写处理意见 first, 出具 only when signed.
    expect(page.allowedActions.map((a: { type: string }) => a.type)).toContain('draftOpinion');
    expect(page.allowedActions.map((a: { type: string }) => a.type)).not.toContain('reply');
  });

  it('runs a command through the lifecycle and refuses one the actor may not take, with the reason', async () => {
    const [forwarded] = (await list(xd, '?status=dispatched')).items;
    const refused = await requestAs(t.app, yz, { method: 'POST', url: `/api/v1/matters/${forwarded.id}/commands`, payload: { type: 'accept', procedure: 'ordinary' } });
    expect(refused.statusCode).toBe(404); // not even visible to another county
    const ok = await requestAs(t.app, xd, { method: 'POST', url: `/api/v1/matters/${forwarded.id}/commands`, payload: { type: 'accept', procedure: 'ordinary' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().matter.status).toBe('accepted');
    expect(ok.json().clocks.find((c: { name: string }) => c.name === 'handling')).toMatchObject({ from: '2025-11-20', due: '2026-01-19', status: 'running' });
    const again = await requestAs(t.app, xd, { method: 'POST', url: `/api/v1/matters/${forwarded.id}/commands`, payload: { type: 'accept', procedure: 'ordinary' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(again.json().messageZh).toMatch(/./);
  });

  it('answers a malformed command with a clear error, not a server error', async () => {
    const [waiting] = (await list(bureau, '?status=registered')).items;
    for (const payload of [{ type: 'forward' }, { type: 'assign', toBodyId: 'x', dueOn: 'tomorrow' }, { type: 'extend', days: 'many' }, { type: 'fly' }]) {
      const res = await requestAs(t.app, bureau, { method: 'POST', url: `/api/v1/matters/${waiting.id}/commands`, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, JSON.stringify(payload)).toBeLessThan(500);
      expect(res.json().messageZh).toMatch(/[\u4e00-\u9fa5]{2}.*/);
    }
  });

  // Found by fuzzing: the route once checked only `type` and `on` and handed the rest to the guards, which crashed on
  // a string where an array belongs or an object where a string belongs (500). The command union refuses them first.
  it('refuses a command whose fields have the wrong type with 400 VALIDATION, before any guard runs', async () => {
    const [waiting] = (await list(bureau, '?status=registered')).items;
    const before = (await requestAs(t.app, bureau, { url: `/api/v1/matters/${waiting.id}` })).json().events.length;
    const payloads = [
      { type: 'classify', purpose: 'appeal', categoryPath: 5 }, // was a 500: the category check walked a number
      { type: 'classify', purpose: 'appeal', categoryPath: 'housing' },
      { type: 'classify', purpose: 'appeal', categoryPath: [{}] },
      { type: 'sendBackRegistration', reason: { zh: '不规范' } },
      { type: 'correctRegistration', changes: 'title' },
      { type: 'correctRegistration', changes: { title: 42 } },
      { type: 'forward', toBodyId: ['a', 'b'] },
      { type: 'reject', reasonCode: 1, reason: [] },
      { type: 'accept', procedure: 'simple', eligibilityBasis: 'factsClear', likelyNotSupported: 'no', statutoryProcedureAvailable: false, multipleBodies: false },
      { type: 'supervise', method: 'letter', letterKind: null, reason: 'x', replyDueOn: '2025-02-30' },
      { type: 'extend', days: 1e308, reason: 'x' },
      { type: 'startHearing', heldOn: '2025-12-01', place: 'x', presidingOfficer: 'x', officers: 'all', petitionerAgreed: true },
      { type: 'draftOpinion', outcome: 'support', summary: 7 },
      { type: 'redirect', channel: 'legalAffairs', toBodyId: null },
    ];
    for (const payload of payloads) {
      const res = await requestAs(t.app, bureau, { method: 'POST', url: `/api/v1/matters/${waiting.id}/commands`, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json(), JSON.stringify(payload)).toMatchObject({ code: 'VALIDATION', messageZh: expect.stringMatching(/输入有误/) });
    }
    const after = (await requestAs(t.app, bureau, { url: `/api/v1/matters/${waiting.id}` })).json().events.length;
    expect(after).toBe(before);
  });

  it('publishes every command with its fields in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/docs/json' })).json();
    const body = doc.paths['/api/v1/matters/{id}/commands'].post.requestBody.content['application/json'].schema;
    const members = (body.oneOf ?? body.anyOf) as { properties: Record<string, { const?: string; enum?: string[] }>; anyOf?: unknown[]; oneOf?: unknown[] }[];
    const typeOf = (m: { properties?: Record<string, { const?: string; enum?: string[] }>; anyOf?: unknown[]; oneOf?: unknown[] }): string | undefined =>
      m.properties?.type?.const ?? m.properties?.type?.enum?.[0] ?? typeOf(((m.oneOf ?? m.anyOf)?.[0] ?? {}) as never);
    const types = members.map(typeOf);
    expect(types).toContain('startHearing');
    expect(types).not.toContain('register');
    const hearing = members.find((m) => typeOf(m) === 'startHearing')!;
    expect(Object.keys(hearing.properties)).toEqual(expect.arrayContaining(['heldOn', 'place', 'presidingOfficer', 'officers', 'petitionerAgreed']));
  });

  it('registers a visit with checked identity: a bad ID number is refused in Chinese, a valid one stored normalised', async () => {
    const registrar = await loginAs(t.app, 'sx.registrar');
    const body = {
      channel: 'visit', receivedAt: '2025-11-20T09:00:00+08:00', regionCode: '140105', title: '反映工资拖欠', content: '来访人反映某工地拖欠工资三个月。',
      details: { peopleCount: 1 },
      petitioners: [{ name: '刘 洋', idNumber: '140105198506122019', phone: '+86 138-0351-9876' }],
    };
    const bad = await requestAs(t.app, registrar, { method: 'POST', url: '/api/v1/petitions', payload: { ...body, petitioners: [{ ...body.petitioners[0], idNumber: '140105198506122010' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION', messageZh: '第1位信访人：身份证号码校验位不符，请核对' });
    const ok = await requestAs(t.app, registrar, { method: 'POST', url: '/api/v1/petitions', payload: body });
    expect(ok.statusCode).toBe(201);
    // Numbers run per county and year: the demo seed registered three 小店区 matters in 2025 before this one.
    expect(ok.json().matters).toEqual([expect.objectContaining({ number: 'XF1401052025000004', relation: 'origin' })]);
    const page = (await requestAs(t.app, registrar, { url: `/api/v1/matters/${ok.json().matters[0].matterId}` })).json();
    expect(page.matter.status).toBe('registered');
    expect(page.matter.petitioners).toEqual([expect.objectContaining({ name: '刘洋', idNumberMasked: '140105********2019', phoneMasked: '138****9876' })]);
    expect(page.clocks[0]).toMatchObject({ name: 'dispatch', from: '2025-11-20', due: '2025-12-05' });
  });

  it('lists overdue matters and counts them on the dashboard', async () => {
    const overdue = await list(bureau, '?overdue=true');
    expect(overdue.total).toBeGreaterThanOrEqual(2);
    const dash = (await requestAs(t.app, bureau, { url: '/api/v1/dashboard' })).json();
    expect(dash.counts.overdue).toBe(overdue.total);
  });

  it('keeps the audit chain intact through registration and handling', async () => {
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });
});
