import { randomBytes, randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodies, events, matters } from '../../src/db/schema';
import { queryRows } from '../../src/db/tx';
import { idCheckCharacter } from '../../src/domain/identity';
import type { Command } from '../../src/domain/lifecycle';
import { buildApp } from '../../src/http/app';
import { verifyChain } from '../../src/modules/audit/verify';
import { seedDemo } from '../../src/modules/demo/seed';
import { applyCommand } from '../../src/modules/matters/service';
import { loginAs, replyWithSignOff, requestAs, SIGNERS } from '../helpers/app';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';

// 2025-11-20 (Thursday), 10:00 in China.
const withCheck = (first17: string) => first17 + idCheckCharacter(first17);

describe.each(BACKENDS)('citizen portal on %s', (backend) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let ip = 0;
  /** Each request from its own address unless told otherwise, so the per-IP limits only bite where a test wants them. */
  const nextIp = () => `198.51.100.${++ip}`;

  beforeAll(async () => {
    ctx = await createTestContext(backend, '2025-11-20T02:00:00Z');
    await seedDemo(ctx);
    app = await buildApp({ ctx, loginRateLimit: 1000, trustProxy: true, portalLimits: { submissionsPerIpPerHour: 3, submissionsPerIdPerDay: 2, queriesPerIpPerMinute: 100, attachmentBytesPerSubmission: 4096 } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  let person = 0;
  /** A new citizen each time (the per-ID daily limit is 2 here). */
  const citizen = () => {
    person += 1;
    const seq = String(100 + person).padStart(3, '0');
    return { name: `刘网民${person}`, idNumber: withCheck(`14010519880808${seq}`), phone: `1393511${String(1000 + person).slice(-4)}`, address: '山西省太原市小店区坞城路1号' };
  };
  const form = (over: object = {}) => ({
    channel: 'mobile',
    ...citizen(),
    regionCode: '140105',
    title: '反映小区门口道路长期积水',
    request: '请求有关部门疏通排水管道，修复路面。',
    facts: '小区门口道路自今年七月起每逢下雨即积水，深处没过脚踝，已持续四个月。',
    reasons: '积水影响居民出行安全，多次向物业反映未果。',
    attachments: [],
    truthful: true,
    ...over,
  });
  const submit = (payload: object, from = nextIp()) =>
    app.inject({ method: 'POST', url: '/api/v1/portal/petitions', payload, headers: { 'x-forwarded-for': from } });
  const query = (payload: object, from = nextIp()) => app.inject({ method: 'POST', url: '/api/v1/portal/query', payload, headers: { 'x-forwarded-for': from } });
  const matterOf = async (number: string) => {
    const [row] = await queryRows<{ id: string }>(ctx.db, sql`SELECT pm.matter_id AS id FROM petition_matters pm JOIN petitions p ON p.id = pm.petition_id WHERE p.number = ${number}`);
    return row!.id;
  };

  it('lists cities and counties for the region picker', async () => {
    const res = await app.inject({ url: '/api/v1/portal/regions' });
    expect(res.statusCode).toBe(200);
    const taiyuan = res.json().cities.find((c: { code: string }) => c.code === '140100');
    expect(taiyuan.name).toBe('太原市');
    expect(taiyuan.counties).toEqual(expect.arrayContaining([{ code: '140105', name: '小店区' }]));
    expect(res.headers['cache-control']).toContain('max-age');
  });

  it('registers a submission like any petition: number, query code, the county bureau, visible to its staff', async () => {
    const who = citizen();
    const res = await submit(form({ ...who, title: '反映坞城路积水（门户测试）' }));
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    expect(receipt.number).toMatch(/^XJ1401052025\d{6}$/);
    expect(receipt.queryCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(receipt.registeringBody).toMatch(/小店区信访局$/);
    expect(receipt.receivedAt).toBe('2025-11-20T02:00:00.000Z');

    // Only the hash of the code is stored.
    const stored = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM petitions WHERE query_code_hash = ${receipt.queryCode}`);
    expect(stored[0]!.n).toBe(0);

    const registrar = await loginAs(app, 'ty.registrar');
    const list = (await requestAs(app, registrar, { url: `/api/v1/matters?q=${encodeURIComponent('门户测试')}` })).json();
    expect(list.items).toEqual([expect.objectContaining({ channel: 'mobile', channelLabel: '手机信访', status: 'registered', regionCode: '140105' })]);
    const page = (await requestAs(app, registrar, { url: `/api/v1/matters/${list.items[0].id}` })).json();
    expect(page.matter.content).toContain('【诉求】请求有关部门疏通排水管道');
    expect(page.matter.petitions[0]).toMatchObject({ number: receipt.number, source: 'portal' });
    expect(page.matter.registeringBody.name).toBe(receipt.registeringBody);
    expect(page.clocks[0]).toMatchObject({ name: 'dispatch', from: '2025-11-20' });

    const online = await submit(form({ channel: 'online', title: '网上渠道（门户测试二）' }));
    const other = (await requestAs(app, registrar, { url: `/api/v1/matters?q=${encodeURIComponent('门户测试二')}` })).json();
    expect(online.statusCode).toBe(201);
    expect(other.items[0]).toMatchObject({ channel: 'online', channelLabel: '网上信访' });

    // 市本级: a matter of the city's own departments goes to the city bureau.
    const city = await submit(form({ regionCode: '140100' }));
    expect(city.statusCode, city.body).toBe(201);
    expect(city.json().registeringBody).toBe('太原市信访局');
  });

  it('answers a query with the last 4 of the ID number or of the phone, and records it', async () => {
    const who = citizen();
    const receipt = (await submit(form(who))).json();
    const byId = await query({ code: receipt.queryCode, last4: who.idNumber.slice(-4) }, '203.0.113.77');
    expect(byId.statusCode, byId.body).toBe(200);
    const view = byId.json();
    expect(view.petition).toMatchObject({ number: receipt.number, channelLabel: '手机信访', receivedOn: '2025-11-20', registeringBody: receipt.registeringBody });
    expect(view.matters).toHaveLength(1);
    expect(view.matters[0]).toMatchObject({ status: 'registered', statusLabel: '已登记', title: '反映小区门口道路长期积水' });
    expect(view.matters[0].timeline).toEqual([{ type: 'registered', label: '已登记', on: '2025-11-20', text: `${receipt.registeringBody}已登记您的信访事项` }]);

    // Typed by a person: lower case, dashes, O for 0 and I for 1 are all read right.
    const typed = receipt.queryCode.toLowerCase().replace(/(.{4})(?!$)/g, '$1-').replace(/0/g, 'o').replace(/1/g, 'i');
    expect((await query({ code: typed, last4: who.phone.slice(-4) })).statusCode).toBe(200);

    const [petition] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM petitions WHERE number = ${receipt.number}`);
    const trail = await ctx.db.select({ type: events.type, payload: events.payload }).from(events).where(and(eq(events.entityType, 'petition'), eq(events.entityId, petition!.id)));
    expect(trail.map((e) => e.type)).toEqual(['petitionRegistered', 'portalSubmitted', 'portalQueried', 'portalQueried']);
    expect(trail[2]!.payload).toEqual({ ip: '203.0.113.77', matchedBy: 'idNumber' });
    expect(trail[3]!.payload).toMatchObject({ matchedBy: 'phone' });
  });

  it('accepts the phone typed on the form even when the registry keeps an earlier phone of the person', async () => {
    // 张建国 of the demo data is registered with 13803511234; he now writes from another phone.
    const receipt = (await submit(form({ name: '张建国', idNumber: '14010519800315123X', phone: '13903519876' }))).json();
    expect((await query({ code: receipt.queryCode, last4: '9876' })).statusCode).toBe(200);
    expect((await query({ code: receipt.queryCode, last4: '1234' })).statusCode).toBe(200);
    expect((await query({ code: receipt.queryCode, last4: '123X' })).statusCode).toBe(200);
  });

  it('gives a wrong last4 and an unknown code the same answer', async () => {
    const who = citizen();
    const receipt = (await submit(form(who))).json();
    const wrong = await query({ code: receipt.queryCode, last4: '0000' });
    const unknown = await query({ code: 'ABCDEFGHJKMNPQRS', last4: who.idNumber.slice(-4) });
    const malformed = await query({ code: 'hello', last4: '0000' });
    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(malformed.statusCode).toBe(404);
    expect(unknown.json()).toEqual(wrong.json());
    expect(malformed.json()).toEqual(wrong.json());
    expect(wrong.json().messageZh).toBe('查询码或证件号码/手机号码后四位不正确，请核对后重试');
  });

  it('locks a code after 5 wrong answers, for 15 minutes, and unknown codes alike', async () => {
    const who = citizen();
    const receipt = (await submit(form(who))).json();
    const right = { code: receipt.queryCode, last4: who.idNumber.slice(-4) };
    for (let i = 0; i < 4; i++) expect((await query({ code: receipt.queryCode, last4: '0000' })).statusCode).toBe(404);
    const fifth = await query({ code: receipt.queryCode, last4: '0000' });
    expect(fifth.statusCode).toBe(429);
    const sixth = await query(right);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(sixth.json().messageZh).toContain('已暂时锁定');

    // An unknown code locks the same way, so a lock tells nothing about existence.
    for (let i = 0; i < 5; i++) await query({ code: 'ZZZZZZZZZZZZZZZZ', last4: '0000' });
    const unknownLocked = await query({ code: 'ZZZZZZZZZZZZZZZZ', last4: '0000' });
    expect(unknownLocked.statusCode).toBe(429);
    expect(unknownLocked.json().messageZh).toBe(sixth.json().messageZh);

    ctx.clock.advanceDays(16 / (24 * 60));
    expect((await query(right)).statusCode).toBe(200);
  });

  it('refuses an ID number with a wrong check character, naming the field, and registers nothing', async () => {
    const before = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM petitions`);
    const good = citizen().idNumber;
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await submit(form({ idNumber: bad, phone: '0351-7654321', address: ' ', truthful: false }));
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION');
    const problems = res.json().details.problems as { field: string; messageZh: string }[];
    expect(problems.map((p) => p.field)).toEqual(['idNumber', 'phone', 'address', 'truthful']);
    expect(problems[0]!.messageZh).toBe('身份证号码校验位不符，请核对');
    const after = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM petitions`);
    expect(after[0]!.n).toBe(before[0]!.n);

    const noRegion = await submit(form({ regionCode: '140105001' }));
    expect(noRegion.statusCode).toBe(400);
    const town = await submit(form({ regionCode: '990101' }));
    expect(town.json().details.problems.map((p: { field: string }) => p.field)).toEqual(['regionCode']);
  });

  it('limits submissions per ID number per day and per IP per hour', async () => {
    const who = citizen();
    expect((await submit(form(who))).statusCode).toBe(201);
    expect((await submit(form(who))).statusCode).toBe(201);
    const third = await submit(form(who));
    expect(third.statusCode).toBe(429);
    expect(third.json().messageZh).toContain('同一身份证号码每天最多可提交 2 件网上信访');
    expect(third.json().details).toMatchObject({ field: 'idNumber' });

    const from = '192.0.2.200';
    for (let i = 0; i < 3; i++) expect((await submit(form(), from)).statusCode).toBe(201);
    const fourth = await submit(form(), from);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toMatchObject({ code: 'RATE_LIMITED', messageZh: '请求过于频繁，请稍后再试' });
  });

  it('shows staff the name a submission gave when its ID number is registered under another name', async () => {
    // 张建国 of the demo province holds this ID number; someone submits under it as 王五.
    const res = await submit(form({ name: '王五', idNumber: '14010519800315123X', phone: '13800000001', title: '反映小区路灯不亮（姓名不符测试）' }));
    expect(res.statusCode, res.body).toBe(201);
    const registrar = await loginAs(app, 'ty.registrar');
    const page = (await requestAs(app, registrar, { url: `/api/v1/matters/${await matterOf(res.json().number)}` })).json();
    expect(page.matter.petitioners).toEqual([expect.objectContaining({ name: '张建国', namesAsGiven: ['王五'] })]);
  });

  it('registers a form sent twice at once (a double tap) only once, and tells the second request its number', async () => {
    const who = citizen();
    const key = randomBytes(16).toString('hex');
    const [a, b] = await Promise.all([submit(form({ ...who, submissionKey: key })), submit(form({ ...who, submissionKey: key }))]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes, `${a.body}\n${b.body}`).toEqual([201, 409]);
    const [ok, refused] = a.statusCode === 201 ? [a, b] : [b, a];
    expect(refused.json()).toMatchObject({ code: 'CONFLICT', details: { reason: 'ALREADY_SUBMITTED', number: ok.json().number } });
    expect(refused.json().messageZh).toContain(`编号 ${ok.json().number}，请勿重复提交`);
    const rows = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM petitions p JOIN petition_petitioners pp ON pp.petition_id = p.id JOIN petitioners pe ON pe.id = pp.petitioner_id WHERE pe.id_number = ${who.idNumber}`,
    );
    expect(rows[0]!.n).toBe(1);
    // A new form (another key) from the same person is a petition of its own.
    expect((await submit(form({ ...who, submissionKey: randomBytes(16).toString('hex') }))).statusCode).toBe(201);
  });

  it('uploads attachments anonymously and links them at submission with their upload tokens only', async () => {
    const boundary = `----portal${randomBytes(8).toString('hex')}`;
    const file = (name: string, content: Buffer) =>
      Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`), content, Buffer.from('\r\n')]);
    const payload = Buffer.concat([file('现场照片说明.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1024).map((b) => (b === 0x2f ? 0x30 : b))])), Buffer.from(`--${boundary}--\r\n`)]);
    const up = await app.inject({ method: 'POST', url: '/api/v1/portal/attachments', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-forwarded-for': nextIp() } });
    expect(up.statusCode, up.body).toBe(201);
    const [item] = up.json().items;
    expect(item).toMatchObject({ fileName: '现场照片说明.pdf', mediaType: 'application/pdf', size: 1033 });
    expect(item.uploadToken.length).toBeGreaterThan(20);

    const before = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM petitions`);
    const forged = await submit(form({ attachments: [{ id: item.id, token: 'not-the-token' }] }));
    expect(forged.statusCode).toBe(404);
    expect(forged.json().messageZh).toBe('附件已失效或不存在，请重新上传');
    expect(forged.json().details.problems[0].field).toBe('attachments');
    const after = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM petitions`);
    expect(after[0]!.n).toBe(before[0]!.n);

    const ok = await submit(form({ attachments: [{ id: item.id, token: item.uploadToken }] }));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().attachmentCount).toBe(1);
    const [linked] = await queryRows<{ number: string }>(ctx.db, sql`SELECT p.number FROM attachments a JOIN petitions p ON p.id = a.petition_id WHERE a.id = ${item.id}`);
    expect(linked!.number).toBe(ok.json().number);
    // Used once: a second submission cannot take it.
    expect((await submit(form({ attachments: [{ id: item.id, token: item.uploadToken }] }))).statusCode).toBe(404);
  });

  it('refuses a submission whose attachments together pass the per-submission budget (413), registering nothing', async () => {
    const boundary = `----portal${randomBytes(8).toString('hex')}`;
    const upload = async () => {
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="扫描件.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2500).map((b) => (b === 0x2f ? 0x30 : b))]),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await app.inject({ method: 'POST', url: '/api/v1/portal/attachments', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-forwarded-for': nextIp() } });
      expect(res.statusCode, res.body).toBe(201);
      const [item] = res.json().items;
      return { id: item.id as string, token: item.uploadToken as string };
    };
    const [a, b] = [await upload(), await upload()];
    const before = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM petitions`);
    const res = await submit(form({ attachments: [a, b] }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'TOO_LARGE', details: { maxBytes: 4096, problems: [{ field: 'attachments' }] } });
    expect(res.json().messageZh).toContain('附件合计不能超过');
    expect((await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM petitions`))[0]!.n).toBe(before[0]!.n);
    expect((await submit(form({ attachments: [a] }))).statusCode).toBe(201);
  });

  it('refuses an oversized body and a bot-filled honeypot', async () => {
    const big = await submit(form({ facts: '事'.repeat(60_000) }));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'TOO_LARGE', messageZh: '提交内容过长，请精简文字后重试（材料请作为附件上传）' });
    const bot = await submit(form({ website: 'http://spam.example' }));
    expect(bot.statusCode).toBe(400);
  });

  it('shows the citizen only what they may see: bodies, not staff; no internal steps; no ID numbers', async () => {
    const who = citizen();
    const receipt = (await submit(form(who))).json();
    const matterId = await matterOf(receipt.number);
    const [county] = await ctx.db.select({ id: bodies.id }).from(bodies).where(eq(bodies.code, '140105-xfj'));
    const [zjj] = await ctx.db.select({ id: bodies.id }).from(bodies).where(eq(bodies.code, '140105-zjj'));
    // The county bureau has no demo login: its acceptance officer acts through the service, as the desk would.
    const asCountyBureau = (command: Command) =>
      ctx.db.transaction(async (tx) => {
        const [row] = await tx.select().from(matters).where(eq(matters.id, matterId)).for('update');
        await applyCommand(tx, ctx, row!, command, { userId: randomUUID(), bodyId: county!.id, roles: ['acceptanceOfficer'] }, ctx.now());
      });
    const handler = await loginAs(app, 'xd.zjj.handler');
    const leader = await loginAs(app, 'xd.zjj.leader');
    const run = async (s: typeof handler, payload: object) => {
      const res = await requestAs(app, s, { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload });
      expect(res.statusCode, res.body).toBe(200);
    };
    await asCountyBureau({ type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await asCountyBureau({ type: 'forward', toBodyId: zjj!.id });
    await run(handler, { type: 'requestReturn', reason: '内部意见：不属于本单位职责' });
    await asCountyBureau({ type: 'dismissReturn', reason: '属于住建部门职责' });
    await run(handler, { type: 'accept', procedure: 'ordinary' });
    await run(handler, { type: 'requestExtension', days: 30, reason: '需会同市政部门现场勘查' });
    await run(leader, { type: 'extend' });
    await replyWithSignOff(app, matterId, { outcome: 'support', summary: '已安排市政部门于下周疏通管道（承办人褚承办）' }, SIGNERS['140105-zjj']);
    await run(handler, { type: 'recordDelivery', method: 'sms' });

    const res = await query({ code: receipt.queryCode, last4: who.phone.slice(-4) });
    expect(res.statusCode, res.body).toBe(200);
    const [m] = res.json().matters;
    expect(m.statusLabel).toBe('已答复');
    expect(m.timeline.map((e: { type: string }) => e.type)).toEqual(['registered', 'forwarded', 'accepted', 'extended', 'replied', 'delivered']);
    const text = m.timeline.map((e: { text: string }) => e.text);
    expect(text[1]).toBe('已转送太原市小店区住房和城乡建设局办理');
    expect(text[2]).toBe('太原市小店区住房和城乡建设局已受理，适用普通程序');
    // 60 days from 2025-11-20 is 2026-01-19; 30 more: 2026-02-18 falls in the Spring Festival holiday, so it moves on.
    expect(text[3]).toMatch(/^办理期限延长 30 日，延长后至 2026-\d\d-\d\d。延期理由：需会同市政部门现场勘查$/);
    expect(text[4]).toBe('太原市小店区住房和城乡建设局已出具信访处理意见：予以支持');
    expect(text[5]).toBe('信访处理意见已送达（短信告知）');

    const body = res.body;
    for (const name of ['褚承办', '卫局长', '李登记', '郑登记']) expect(body).not.toContain(name);
    for (const internal of ['returnRequested', 'returnDismissed', '内部意见', 'completionReport', 'portalSubmitted', 'portalQueried']) expect(body).not.toContain(internal);
    expect(body).not.toContain(who.idNumber);
    expect(body).not.toMatch(/\d{17}[\dX]/);
    expect(body).not.toContain(who.phone);

    // The notices addressed to the petitioner are theirs to download with the same code (受理告知书, 延期办理告知书,
    // 处理意见书); letters between bodies (转送函) are not.
    expect(m.documents.map((d: { kindLabel: string }) => d.kindLabel)).toEqual(['受理告知书', '延期办理告知书', '信访处理意见书']);
    const download = (id: string, last4: string) =>
      app.inject({ method: 'POST', url: `/api/v1/portal/documents/${id}/docx`, payload: { code: receipt.queryCode, last4 }, headers: { 'x-forwarded-for': nextIp() } });
    const file = await download(m.documents[0].id, who.phone.slice(-4));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('wordprocessingml');
    const xml = strFromU8(unzipSync(new Uint8Array(file.rawPayload))['word/document.xml']!);
    expect(xml).toContain(who.name);
    expect(xml).toContain('受理告知书');
    expect(xml).not.toContain(who.phone);
    expect((await download(m.documents[0].id, '0000')).statusCode).toBe(404);
    const [letter] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM documents WHERE kind = 'forwardingLetter' LIMIT 1`);
    expect((await download(letter!.id, who.phone.slice(-4))).statusCode).toBe(404);
  });

  it('documents the portal routes in the OpenAPI description as needing no credentials', async () => {
    const doc = (await app.inject({ url: '/api/docs/json' })).json();
    expect(doc.paths['/api/v1/portal/petitions'].post.security).toEqual([]);
    expect(doc.paths['/api/v1/portal/query'].post.security).toEqual([]);
  });

  it('answers every portal route without a login, and keeps the audit chain intact', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/portal/query', payload: {} })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/v1/portal/petitions', payload: {}, headers: { 'x-forwarded-for': nextIp() } })).statusCode).toBe(400);
    expect((await verifyChain(ctx.db)).ok).toBe(true);
  });
});
