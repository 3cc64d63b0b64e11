import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/tx';
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

  it('pages through the list with a cursor: every matter once, newest first, the total from the read model', async () => {
    const all = await list(bureau, '?pageSize=100');
    expect(all.nextCursor).toBeNull();
    expect(all.totalExact).toBe(true);
    expect(all.total).toBe(all.items.length);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(bureau, `?pageSize=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(all.total);
      walked.push(...page.items.map((m: { id: string }) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all.items.map((m: { id: string }) => m.id));
    const keys = all.items.map((m: { receivedOn: string; number: string }) => `${m.receivedOn} ${m.number}`);
    expect(keys).toEqual([...keys].sort().reverse());
    // A county body's scope is matched by its body columns alone: the same walk, its own matters.
    const mine = await list(xd, '?pageSize=1');
    expect(mine.items).toHaveLength(1);
    expect((await list(xd, `?pageSize=1&cursor=${mine.nextCursor}`)).items[0].id).not.toBe(mine.items[0].id);
  });

  it('counts a text search up to the cap and says whether the count is exact', async () => {
    const found = await list(bureau, `?q=${encodeURIComponent('工资')}`);
    expect(found.totalExact).toBe(true);
    expect(found.total).toBe(found.items.length);
  });

  it('refuses a cursor it did not make with 400, not a server error', async () => {
    for (const bad of ['xyz', Buffer.from('["2025-01-01"]').toString('base64url'), Buffer.from('["1 OR 1=1","x"]').toString('base64url')]) {
      const res = await requestAs(t.app, bureau, { url: `/api/v1/matters?cursor=${bad}` });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION');
    }
  });

  it('keeps the read model equal to the matters and their clocks through registration and commands', async () => {
    const db = t.ctx.db;
    const [m] = await queryRows<{ n: number }>(db, sql`
      SELECT count(*)::int AS n FROM matters m
      WHERE m.next_due_on IS DISTINCT FROM (SELECT min(c.due_on) FROM matter_clocks c WHERE c.matter_id = m.id AND c.kind = 'deadline' AND c.stopped_on IS NULL AND NOT c.paused)`);
    expect(m!.n).toBe(0);
    const diff = (tally: string, live: string) =>
      queryRows<{ n: number }>(db, sql.raw(`SELECT count(*)::int AS n FROM ((SELECT * FROM (${tally}) a EXCEPT SELECT * FROM (${live}) b) UNION ALL (SELECT * FROM (${live}) c EXCEPT SELECT * FROM (${tally}) d)) x`));
    const cols = 'region_code, registering_body_id, responsible_body_id, review_body_id, re_review_body_id';
    const [counts] = await diff(
      `SELECT ${cols}, status, running, n FROM matter_tallies WHERE n <> 0`,
      `SELECT ${cols}, status, next_due_on IS NOT NULL AS running, count(*)::int AS n FROM matters GROUP BY ${cols}, status, next_due_on IS NOT NULL`,
    );
    expect(counts!.n).toBe(0);
    const [dues] = await diff(
      `SELECT ${cols}, due_on, n FROM matter_due_tallies WHERE n <> 0`,
      `SELECT ${cols}, next_due_on, count(*)::int AS n FROM matters WHERE next_due_on IS NOT NULL GROUP BY ${cols}, next_due_on`,
    );
    expect(dues!.n).toBe(0);
    const dash = (await requestAs(t.app, bureau, { url: '/api/v1/dashboard' })).json();
    expect(dash.byStatus.reduce((a: number, s: { count: number }) => a + s.count, 0)).toBe((await list(bureau)).total);
  });

  it.runIf(backend === 'postgres')('reads each page of the list and the triage queue from an index in its order (EXPLAIN)', async () => {
    // The demo database is small enough for a sequential scan to win; with it off, the plan shows the index the
    // query shape can use, in order (no Sort): what the planner takes at a province's size (bench/README.md, goal 4).
    await t.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const [bureauRow] = await queryRows<{ id: string }>(tx, sql`SELECT id FROM bodies WHERE code = 'ty-xfj'`);
      const b = bureauRow!.id;
      const list = JSON.stringify(await queryRows(tx, sql`EXPLAIN (FORMAT JSON) SELECT id FROM matters WHERE responsible_body_id = ${b}
        AND (received_on, number) < ('2025-11-01', 'XF') ORDER BY received_on DESC, number DESC LIMIT 21`));
      expect(list).toContain('matters_responsible_received_idx');
      expect(list).not.toContain('"Sort"');
      const queue = JSON.stringify(await queryRows(tx, sql`EXPLAIN (FORMAT JSON) SELECT id FROM matters WHERE registering_body_id = ${b}
        AND status IN ('registered', 'returnRequested') AND (status = 'returnRequested' OR responsible_body_id IS NULL)
        ORDER BY coalesce(next_due_on, '9999-12-31'::date), received_on, number LIMIT 51`));
      expect(queue).toContain('matters_triage_idx');
      expect(queue).not.toContain('"Sort"');
    });
  });

  it('keeps the audit chain intact through registration and handling', async () => {
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });
});
