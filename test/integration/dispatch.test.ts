import { unzipSync, strFromU8 } from 'fflate';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

/**
 * The acceptance office over HTTP (Art. 22–23, 28–31). Today is Thu 2025-11-20 (China time). A petition received
 * that day has its 15-day dispatch limit on Fri 12-05; a body receiving a dispatch on 11-20 may object until
 * Thu 11-27 (5 working days, no holiday in between) and must tell the petitioner by 12-05.
 */
describe.each(BACKENDS)('acceptance office and dispatch on %s', (backend) => {
  let t: TestApp;
  let desk: Session;
  let office: Session;
  let xd: Session;
  let yz: Session;
  let supervisor: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    desk = await loginAs(t.app, 'sx.registrar');
    office = await loginAs(t.app, 'sx.acceptance');
    xd = await loginAs(t.app, 'xd.zjj.handler');
    yz = await loginAs(t.app, 'yz.zjj.handler');
    supervisor = await loginAs(t.app, 'sx.supervisor1');
    const bodies = await queryRows<{ id: string; code: string }>(t.ctx.db, sql`SELECT id, code FROM bodies`);
    for (const b of bodies) ids[b.code] = b.id;
  });
  afterAll(() => t.close());

  const get = (s: Session, url: string) => requestAs(t.app, s, { url });
  const post = (s: Session, url: string, payload: object) => requestAs(t.app, s, { method: 'POST', url, payload });
  const command = (s: Session, matterId: string, payload: object) => post(s, `/api/v1/matters/${matterId}/commands`, payload);

  let seq = 0;
  async function register(over: object = {}): Promise<string> {
    seq += 1;
    const res = await post(desk, '/api/v1/petitions', {
      channel: 'letter',
      receivedAt: '2025-11-20T09:00:00+08:00',
      regionCode: '140105',
      title: `反映小区物业服务问题${seq}`,
      content: `信访人反映所住小区（第${seq}栋）物业公司长期不履行维修义务，电梯多次停运，请求督促物业公司整改。`,
      respondent: `山西某物业管理有限公司${seq}`,
      petitioners: [{ name: `测试人${'甲乙丙丁戊己庚辛壬癸'[seq % 10]}${'子丑寅卯辰巳午未申酉'[Math.floor(seq / 10) % 10]}`, address: '山西省太原市小店区' }],
      ...over,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    return res.json().matters[0].matterId;
  }

  it('queues a new registration with its 15-day clock, and keeps bodies out of the queue', async () => {
    const id = await register();
    const queue = (await get(office, '/api/v1/triage/queue?stage=undecided')).json();
    const item = queue.items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({ status: 'registered', classification: null, nextClock: { name: 'dispatch', due: '2025-12-05', daysLeft: 15 } });
    expect((await get(xd, '/api/v1/triage/queue')).statusCode).toBe(403);
    // Screening reads the petition's jieba keywords from the row, written at registration.
    const [p] = await queryRows<{ keywords: string[] }>(t.ctx.db, sql`SELECT p.keywords FROM petitions p JOIN petition_matters pm ON pm.petition_id = p.id WHERE pm.matter_id = ${id}`);
    expect(p!.keywords).toEqual(expect.arrayContaining(['电梯']));
  });

  it('classifies against the configured tree and refuses a category it does not have', async () => {
    const id = await register();
    const bad = await command(office, id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'nope'], art31Route: 'petitionProcedure' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().messageZh).toContain('不在分类体系中');
    const ok = await command(office, id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    expect(ok.statusCode, ok.body).toBe(200);
    const queue = (await get(office, '/api/v1/triage/queue?category=cxjs.wygl')).json();
    const item = queue.items.find((i: { id: string }) => i.id === id);
    expect(item.classification).toMatchObject({ purposeLabel: '求决', categoryNames: ['城乡建设', '物业管理'] });
    // 属地管理、谁主管: the county housing bureau of 小店区 comes first.
    expect(item.suggestions[0]).toMatchObject({ bodyId: ids['140105-zjj'], action: 'dispatch' });
    expect(item.suggestions[0].reasons.join('')).toMatch(/城乡建设/);
  });

  it('assigns with a deadline, records the suggestion it followed, issues the 交办函, and the body finds it in its inbox', async () => {
    const id = await register();
    await command(office, id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    const res = await command(office, id, { type: 'assign', toBodyId: ids['140105-zjj'], dueOn: '2026-01-15', note: '请于期限内报送办结报告' });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.matter.status).toBe('dispatched');
    const assigned = page.events.find((e: { type: string }) => e.type === 'assigned');
    expect(assigned.payload.routing).toMatchObject({ chosenRank: 1 });
    expect(assigned.payload.routing.suggested[0]).toBe(ids['140105-zjj']);

    const docs = (await get(office, `/api/v1/matters/${id}/documents`)).json().items;
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ kind: 'assignmentLetter', kindLabel: '交办函', issuingBody: '山西省信访局', forPetitioner: false });
    expect(docs[0].number).toMatch(/^晋信交〔2025〕\d+号$/);
    const file = await get(xd, `/api/v1/documents/${docs[0].id}/docx`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('wordprocessingml');
    const xml = strFromU8(unzipSync(new Uint8Array(file.rawPayload))['word/document.xml']!);
    expect(xml).toContain(docs[0].number);
    expect(xml).toContain('太原市小店区住房和城乡建设局');
    expect(xml).toContain('2026年1月15日');

    const inbox = (await get(xd, '/api/v1/inbox')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(inbox.items.find((i: { id: string }) => i.id === id).dispatchedOn).toBe('2025-11-20');
    expect((await get(yz, '/api/v1/inbox')).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await get(yz, `/api/v1/documents/${docs[0].id}/docx`)).statusCode).toBe(404);
  });

  it('a return within 5 working days goes to the office, which upholds it and re-routes; the new body accepts with a notice', async () => {
    const id = await register();
    await command(office, id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command(office, id, { type: 'forward', toBodyId: ids['140106-zjj'] });
    const ret = await command(yz, id, { type: 'requestReturn', reason: '事发地在小店区，不属于本单位管辖' });
    expect(ret.statusCode, ret.body).toBe(200);
    const returns = (await get(office, '/api/v1/triage/queue?stage=returns')).json();
    expect(returns.items.find((i: { id: string }) => i.id === id).returnRequest.reason).toContain('小店区');

    await command(office, id, { type: 'upholdReturn', note: '核实属实' });
    // The body whose return was upheld is not suggested for this matter again.
    const again = (await get(office, `/api/v1/matters/${id}/routing`)).json().suggestions.map((s: { bodyId: string }) => s.bodyId);
    expect(again).not.toContain(ids['140106-zjj']);
    expect(again.length).toBeGreaterThan(0);
    const forward = await command(office, id, { type: 'forward', toBodyId: ids['140105-zjj'] });
    expect(forward.json().matter.responsibleBody.id).toBe(ids['140105-zjj']);
    const accept = await command(xd, id, { type: 'accept', procedure: 'ordinary' });
    expect(accept.statusCode, accept.body).toBe(200);
    const handling = accept.json().clocks.find((c: { name: string }) => c.name === 'handling');
    expect(handling).toMatchObject({ from: '2025-11-20', due: '2026-01-19' }); // 60 days: 01-19 (Mon)
    const docs = (await get(xd, `/api/v1/matters/${id}/documents`)).json().items;
    expect(docs.map((d: { kind: string }) => d.kind)).toEqual(['forwardingLetter', 'forwardingLetter', 'acceptanceNotice']);
    expect(docs[2]).toMatchObject({ forPetitioner: true, issuingBody: '太原市小店区住房和城乡建设局' });
  });

  it('refuses a return after 5 working days, with the article', async () => {
    // Demo: forwarded to 小店区住建局 on 2025-11-12; its 5 working days ended on 11-19.
    const list = (await get(xd, '/api/v1/inbox')).json().items;
    const late = list.find((i: { title: string }) => i.title === '反映老旧小区改造工程施工扰民');
    const res = await command(xd, late.id, { type: 'requestReturn', reason: '不属于本单位' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'REFUSED', details: { reason: 'RETURN_WINDOW_CLOSED', article: '《信访工作条例》第二十三条第三款' } });
  });

  it('rejects on a configured ground (article filled in) with a notice for the petitioner; an unknown ground is refused', async () => {
    const id = await register();
    expect((await command(office, id, { type: 'reject', reasonCode: 'whatever', reason: 'x' })).statusCode).toBe(400);
    const res = await command(office, id, { type: 'reject', reasonCode: 'outsideRemit', reason: '你反映的事项属于企业内部管理事务，不属于本机关职权范围' });
    expect(res.statusCode, res.body).toBe(200);
    const rejected = res.json().events.find((e: { type: string }) => e.type === 'rejected');
    expect(rejected.payload).toMatchObject({ reasonCode: 'outsideRemit', article: '《信访工作条例》第二十三条第一款' });
    const [doc] = (await get(office, `/api/v1/matters/${id}/documents`)).json().items;
    expect(doc).toMatchObject({ kind: 'rejectionNotice', forPetitioner: true });
  });

  it('refuses to reject a first-time matter as 越级访: nothing is being handled (Art. 19 ¶3)', async () => {
    const id = await register();
    const res = await command(office, id, { type: 'reject', reasonCode: 'levelSkipping', reason: '该事项正在办理期限内' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ details: { reason: 'NO_LEVEL_SKIPPING_FINDING', article: '《信访工作条例》第十九条第三款' } });
    expect(res.json().messageZh).toContain('越级');
    expect((await get(office, `/api/v1/matters/${id}/documents`)).json().items).toEqual([]);
  });

  it('rejects as 越级访 a matter screening found in hand below, and the notice names that matter and its body', async () => {
    // The demo's 施工扰民 matter was forwarded to 小店区住建局 8 days ago and is within its time limit; its petitioner
    // now writes to the province, and the desk registers the letter as new despite the flag.
    const [inHand] = (await get(desk, `/api/v1/matters?q=${encodeURIComponent('施工扰民')}`)).json().items;
    const id = await register({
      title: '再次反映工地夜间施工噪音',
      content: '信访人再次反映小店区老旧小区改造工地晚上施工，噪音很大影响休息，要求规定施工时间。',
      respondent: null,
      petitioners: [{ name: '李秀英', idNumber: '140105197507082341', phone: '13935112345', address: '山西省太原市小店区' }],
    });
    const queued = (await get(office, '/api/v1/triage/queue?flag=levelSkipping')).json().items.map((i: { id: string }) => i.id);
    expect(queued).toContain(id);
    const res = await command(office, id, { type: 'reject', reasonCode: 'levelSkipping', reason: '你反映的事项已由有关机关受理，尚在规定期限内' });
    expect(res.statusCode, res.body).toBe(200);
    const [doc] = (await get(office, `/api/v1/matters/${id}/documents`)).json().items;
    expect(doc).toMatchObject({ kind: 'rejectionNotice', forPetitioner: true });
    const file = await get(office, `/api/v1/documents/${doc.id}/docx`);
    const xml = strFromU8(unzipSync(new Uint8Array(file.rawPayload))['word/document.xml']!);
    expect(xml).toContain(inHand.number);
    expect(xml).toContain('向太原市小店区住房和城乡建设局了解办理进展');
    expect(xml).not.toContain('向正在办理该事项的机关、单位');
  });

  it('forwards, assigns, keeps or accepts nothing that is not classified by law first, one by one in bulk too (Art. 29–31)', async () => {
    const id = await register();
    for (const payload of [
      { type: 'forward', toBodyId: ids['140105-zjj'] },
      { type: 'assign', toBodyId: ids['140105-zjj'], dueOn: '2026-01-15' },
      { type: 'retain' },
    ]) {
      const res = await command(office, id, payload);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'REFUSED', details: { reason: 'NOT_CLASSIFIED', guard: 'classifiedByLaw', article: '《信访工作条例》第二十九条、第三十条、第三十一条' } });
      expect(res.json().messageZh).toContain('先依法分类');
    }
    const classified = await register();
    await command(office, classified, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    const bulk = await post(office, '/api/v1/triage/bulk', { matterIds: [id, classified], command: { type: 'forward', toBodyId: ids['140105-zjj'] } });
    expect(bulk.statusCode, bulk.body).toBe(200);
    expect(bulk.json()).toMatchObject({ succeeded: 1, failed: 1 });
    expect(bulk.json().results[0]).toMatchObject({ matterId: id, ok: false, error: { code: 'REFUSED', reason: 'NOT_CLASSIFIED', article: '《信访工作条例》第二十九条、第三十条、第三十一条' } });
    expect(bulk.json().results[0].error.messageZh).toContain('先依法分类');
    expect(bulk.json().results[1]).toMatchObject({ matterId: classified, ok: true, command: 'forward' });
  });

  it('sends a litigation matter (Art. 31 (一)) to no administrative body, and points to 导入法定途径 at a 政法 body', async () => {
    const id = await register({ title: '不服法院判决要求再审', content: '信访人对小店区人民法院的民事判决不服，请求重新审理。' });
    await command(office, id, { type: 'classify', purpose: 'appeal', categoryPath: ['zf'], art31Route: 'litigation' });
    const res = await command(office, id, { type: 'forward', toBodyId: ids['140105-zjj'] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      details: { reason: 'OTHER_STATUTORY_PROCEDURE', article: '《信访工作条例》第三十一条第一项', instead: { command: 'redirect', channel: 'legalAffairs', bodyKind: 'legalAffairsBody' } },
    });
    expect(res.json().messageZh).toContain('导入法定途径');
    const bulk = (await post(office, '/api/v1/triage/bulk', { matterIds: [id], command: { type: 'assign', toBodyId: ids['140105-zjj'], dueOn: '2026-01-15' } })).json();
    expect(bulk.results[0]).toMatchObject({ ok: false, error: { reason: 'OTHER_STATUTORY_PROCEDURE', instead: { channel: 'legalAffairs', bodyKind: 'legalAffairsBody' } } });
    // The routing suggestions name the 政法 body to redirect to, and the redirect goes through.
    const top = (await get(office, `/api/v1/matters/${id}/routing`)).json().suggestions[0];
    expect(top).toMatchObject({ action: 'redirect', bodyKind: 'legalAffairsBody' });
    const ok = await command(office, id, { type: 'redirect', channel: 'legalAffairs', toBodyId: top.bodyId, reason: '涉诉事项，导入诉讼程序' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().matter.status).toBe('redirected');
  });

  it('redirects only to a body of the channel (诉访分离)', async () => {
    const id = await register({ title: '不服法院判决', content: '信访人对小店区人民法院的民事判决不服，请求重新审理。' });
    const wrong = await command(office, id, { type: 'redirect', channel: 'legalAffairs', toBodyId: ids['140105-zjj'] });
    expect(wrong.statusCode).toBe(400);
    const ok = await command(office, id, { type: 'redirect', channel: 'legalAffairs', toBodyId: ids['ty-zfw'], reason: '涉诉事项' });
    expect(ok.json().matter.status).toBe('redirected');
  });

  it('keeps a matter within the bureau’s remit (本级办理), which its own handler then accepts', async () => {
    const id = await register({ title: '咨询信访事项办理程序', content: '信访人咨询信访事项复查复核的程序和期限。' });
    await command(office, id, { type: 'classify', purpose: 'consultation', categoryPath: ['qt'] });
    const res = await command(office, id, { type: 'retain', note: '属信访工作咨询' });
    expect(res.json().matter.responsibleBody.id).toBe(ids['sx-xfj']);
    const handler = await loginAs(t.app, 'sx.handler');
    const accept = await command(handler, id, { type: 'accept', procedure: 'simple', eligibilityBasis: 'consultation', likelyNotSupported: false, statutoryProcedureAvailable: false, multipleBodies: false });
    expect(accept.statusCode, accept.body).toBe(200);
    expect(accept.json().matter.procedure).toBe('simple');
  });

  it('refuses the simple procedure for a collective matter, saying why', async () => {
    const id = await register({
      channel: 'visit',
      details: { peopleCount: 6 },
      petitioners: [{ name: '赵大', isRepresentative: true }, { name: '赵二', isRepresentative: true }],
    });
    await command(office, id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command(office, id, { type: 'forward', toBodyId: ids['140105-zjj'] });
    const res = await command(xd, id, { type: 'accept', procedure: 'simple', eligibilityBasis: 'factsClear', likelyNotSupported: false, statutoryProcedureAvailable: false, multipleBodies: false });
    expect(res.statusCode).toBe(422);
    expect(res.json().details.reason).toBe('SIMPLE_COLLECTIVE');
  });

  it('bulk-forwards to each matter’s own top suggestion; a matter out of scope fails alone', async () => {
    const a = await register();
    const b = await register({ regionCode: '140106', respondent: '山西某物业公司' });
    for (const id of [a, b]) await command(office, id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs'], art31Route: 'petitionProcedure' });
    const res = await post(office, '/api/v1/triage/bulk', {
      matterIds: [a, b, '00000000-0000-4000-8000-000000000000'],
      command: { type: 'forward', toBodyId: 'topSuggestion' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(body.results[0]).toMatchObject({ ok: true, toBodyId: ids['140105-zjj'] });
    expect(body.results[1]).toMatchObject({ ok: true, toBodyId: ids['140106-zjj'] });
    expect(body.results[2]).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(body.results[0].documents[0].kind).toBe('forwardingLetter');
  });

  it('records mutual supervision both ways and counts it per office', async () => {
    const id = await register();
    const back = await command(office, id, { type: 'sendBackRegistration', reason: '未记录信访人住址' });
    expect(back.statusCode, back.body).toBe(200);
    const queued = (await get(office, '/api/v1/triage/queue?flag=sentBack')).json().items.map((i: { id: string }) => i.id);
    expect(queued).toContain(id);
    const fix = await command(desk, id, { type: 'correctRegistration', changes: { content: '补充：信访人住址为小店区某小区。' } });
    expect(fix.json().matter.content).toBe('补充：信访人住址为小店区某小区。');

    await command(office, id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command(office, id, { type: 'forward', toBodyId: ids['140106-zjj'] });
    const flag = await command(supervisor, id, { type: 'flagDispatch', reason: '事发地在小店区，应转送小店区住建局' });
    expect(flag.statusCode, flag.body).toBe(200);

    const counts = (await get(office, '/api/v1/triage/mutual-supervision?from=2025-11-01&to=2025-11-30')).json().offices;
    const byName = Object.fromEntries(counts.map((o: { name: string }) => [o.name, o]));
    expect(byName['受理处'].registrationsSentBack).toBeGreaterThanOrEqual(1);
    expect(byName['督查督办一处'].dispatchesFlagged).toBe(1);
  });

  it('follows the competence table an administrator edits, and refuses a category the tree does not have', async () => {
    const admin = await loginAs(t.app, 'admin');
    const id = await register({ title: '反映小区供暖温度不达标', content: '信访人反映所住小区冬季供暖温度长期不达标，请求督促供热企业整改。', respondent: '太原某热力公司' });
    await command(office, id, { type: 'classify', purpose: 'request', categoryPath: ['qt'], art31Route: 'petitionProcedure' });
    const before = (await get(office, `/api/v1/matters/${id}/routing`)).json().suggestions[0];
    expect(before.bodyId).not.toBe(ids['140105-rsj']);
    const bad = await requestAs(t.app, admin, { method: 'PUT', url: `/api/v1/bodies/${ids['140105-rsj']}/competence`, payload: { competence: ['供暖'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().messageZh).toContain('供暖');
    const ok = await requestAs(t.app, admin, { method: 'PUT', url: `/api/v1/bodies/${ids['140105-rsj']}/competence`, payload: { competence: ['劳动社保', '其他'] } });
    expect(ok.statusCode, ok.body).toBe(200);
    const after = (await get(office, `/api/v1/matters/${id}/routing`)).json().suggestions[0];
    expect(after.bodyId).toBe(ids['140105-rsj']);
    expect((await requestAs(t.app, office, { method: 'PUT', url: `/api/v1/bodies/${ids['140105-rsj']}/competence`, payload: { competence: [] } })).statusCode).toBe(403);
  });

  it('trains the routing model on past decisions and reports its held-out accuracy', async () => {
    const res = await post(office, '/api/v1/routing/model/train', {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().version).toBe(1);
    expect(res.json().examples).toBeGreaterThanOrEqual(5);
    const info = (await get(office, '/api/v1/routing/model')).json();
    expect(info).toMatchObject({ version: 1 });
    const id = await register();
    const routing = (await get(office, `/api/v1/matters/${id}/routing`)).json();
    expect(routing.modelVersion).toBe(1);
    expect(routing.suggestions.length).toBeGreaterThan(0);
  });

  it('stores the suggestions it scores, and scores again when the matter, the model, the bodies or the tree change', async () => {
    const stored = async (id: string) =>
      (await queryRows<{ matter_version: number; model_version: number; suggestions: { bodyId: string }[] }>(
        t.ctx.db,
        sql`SELECT matter_version, model_version, suggestions FROM routing_suggestions WHERE matter_id = ${id}`,
      ))[0];
    const versionOf = async (id: string) => (await queryRows<{ version: number }>(t.ctx.db, sql`SELECT version FROM matters WHERE id = ${id}`))[0]!.version;
    const queued = async (id: string) => (await get(office, '/api/v1/triage/queue?stage=undecided&pageSize=100')).json().items.find((i: { id: string }) => i.id === id);

    const id = await register();
    const model = (await get(office, '/api/v1/triage/queue?stage=undecided')).json().modelVersion ?? 0;
    const first = await queued(id);
    expect(first.suggestions.length).toBeGreaterThan(0);
    expect(await stored(id)).toMatchObject({ matter_version: await versionOf(id), model_version: model, suggestions: first.suggestions });
    // Read back, not scored again: a stored row for the present version is what the page shows.
    await t.ctx.db.execute(sql`UPDATE routing_suggestions SET suggestions = '[]'::jsonb WHERE matter_id = ${id}`);
    expect((await queued(id)).suggestions).toEqual([]);

    // A command changes the matter's version: scored again, with the classification.
    await command(office, id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    const classified = await queued(id);
    expect(classified.suggestions[0]).toMatchObject({ bodyId: ids['140105-zjj'] });
    expect(await stored(id)).toMatchObject({ matter_version: await versionOf(id), suggestions: classified.suggestions });

    // A body changed or the category tree saved: everything stored is forgotten in that transaction.
    await t.ctx.db.execute(sql`UPDATE bodies SET name = name WHERE id = ${ids['140105-zjj']}`);
    expect(await stored(id)).toBeUndefined();
    await queued(id);
    expect(await stored(id)).toBeDefined();
    const admin = await loginAs(t.app, 'admin');
    const tree = (await get(office, '/api/v1/classification')).json().categories;
    const saved = await requestAs(t.app, admin, { method: 'PUT', url: '/api/v1/classification/categories', payload: tree });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await stored(id)).toBeUndefined();

    // A newer model: the page scores with it and stores under its number.
    expect((await post(office, '/api/v1/routing/model/train', {})).json().version).toBe(model + 1);
    const queue = (await get(office, '/api/v1/triage/queue?stage=undecided&pageSize=100')).json();
    expect(queue.modelVersion).toBe(model + 1);
    expect(queue.items.find((i: { id: string }) => i.id === id).suggestions[0]).toMatchObject({ bodyId: ids['140105-zjj'] });
    expect(await stored(id)).toMatchObject({ model_version: model + 1 });
  });
});
