import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

/**
 * The desks as a bureau uses them (issue 14): a sign-off slot is signed by the holder of its position, which the
 * administrator sets on the account; an extension is asked by the handler and only a head's approval extends the
 * time limit and tells the petitioner (Art. 34). Today is Thu 2025-11-20: accepted that day, the 60 days end Mon
 * 2026-01-19.
 */
describe.each(BACKENDS)('positions and extension requests on %s', (backend) => {
  let t: TestApp;
  let admin: Session;
  let office: Session;
  let handler: Session;
  let deputy: Session;
  let principal: Session;
  let matterId = '';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    admin = await loginAs(t.app, 'admin');
    office = await loginAs(t.app, 'sx.acceptance');
    handler = await loginAs(t.app, 'xd.zjj.handler');
    deputy = await loginAs(t.app, 'xd.zjj.leader');
    principal = await loginAs(t.app, 'xd.zjj.principal');
    for (const b of await queryRows<{ id: string; code: string }>(t.ctx.db, sql`SELECT id, code FROM bodies`)) ids[b.code] = b.id;
    const desk = await loginAs(t.app, 'sx.registrar');
    const reg = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: {
        channel: 'letter',
        regionCode: '140105',
        receivedAt: '2025-11-20T09:00:00+08:00',
        title: '反映小区地下车库长期渗水',
        content: '信访人反映所住小区地下车库渗水半年，物业公司未予维修，请求督促维修。',
        petitioners: [{ name: '职务甲', address: '山西省太原市小店区' }],
      },
    });
    expect(reg.statusCode, reg.body.slice(0, 300)).toBe(201);
    matterId = reg.json().matters[0].matterId;
    await command(office, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command(office, { type: 'forward', toBodyId: ids['140105-zjj'] });
    await command(handler, { type: 'accept', procedure: 'ordinary' });
  });
  afterAll(() => t.close());

  const send = (s: Session, payload: object) => requestAs(t.app, s, { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload });
  async function command(s: Session, payload: object) {
    const res = await send(s, payload);
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
    return res.json();
  }
  const page = async (s: Session) => (await requestAs(t.app, s, { url: `/api/v1/matters/${matterId}` })).json();
  const handlingDue = (p: { clocks: { name: string; due: string }[] }) => p.clocks.find((c) => c.name === 'handling')!.due;
  const documents = async () => (await requestAs(t.app, handler, { url: `/api/v1/matters/${matterId}/documents` })).json().items as { id: string; kind: string }[];
  async function textOf(id: string): Promise<string> {
    const file = await requestAs(t.app, handler, { url: `/api/v1/documents/${id}/docx` });
    const xml = strFromU8(unzipSync(new Uint8Array(file.rawPayload))['word/document.xml']!);
    return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  }
  const setPosition = (login: string, position: string | null) =>
    queryRows<{ id: string }>(t.ctx.db, sql`SELECT id FROM users WHERE login = ${login}`).then(([u]) =>
      requestAs(t.app, admin, { method: 'PUT', url: `/api/v1/admin/users/${u!.id}/position`, payload: { position } }),
    );

  it('the administrator sees and sets each account’s position; nobody else may', async () => {
    const list = await requestAs(t.app, admin, { url: '/api/v1/admin/users?q=xd.zjj' });
    expect(list.json().items.map((u: { login: string; positionLabel: string | null }) => `${u.login}:${u.positionLabel}`)).toEqual([
      'xd.zjj.handler:承办人',
      'xd.zjj.leader:分管领导',
      'xd.zjj.principal:主要负责人',
    ]);
    const [u] = await queryRows<{ id: string }>(t.ctx.db, sql`SELECT id FROM users WHERE login = 'xd.zjj.principal'`);
    const byLeader = await requestAs(t.app, principal, { method: 'PUT', url: `/api/v1/admin/users/${u!.id}/position`, payload: { position: 'principalHead' } });
    expect(byLeader.statusCode).toBe(403);
    expect((await setPosition('xd.zjj.principal', 'chairman')).statusCode).toBe(400);
    const me = await requestAs(t.app, principal, { url: '/api/v1/auth/me' });
    expect(me.json().user).toMatchObject({ position: 'principalHead', positionLabel: '主要负责人' });
  });

  it('Art. 34: the handler asks, the request waits on the matter, a head refuses it and the time limit stays', async () => {
    const before = handlingDue(await page(handler));
    expect(before).toBe('2026-01-19');
    expect((await page(handler)).allowedActions.map((a: { type: string }) => a.type)).toContain('requestExtension');
    const asked = await command(handler, { type: 'requestExtension', days: 15, reason: '需会同城管部门现场勘查' });
    expect(asked.matter.extensionRequest).toMatchObject({ on: '2025-11-20', days: 15, reason: '需会同城管部门现场勘查', requestedBy: { name: '褚承办' } });
    expect(asked.events.at(-1)).toMatchObject({ type: 'extensionRequested', label: '已申请延期', summary: '申请延期 15 日：需会同城管部门现场勘查' });
    expect(handlingDue(asked)).toBe(before);
    expect((await documents()).map((d) => d.kind)).not.toContain('extensionNotice');
    // Only a head decides; the handler is not offered the decision.
    expect((await page(handler)).allowedActions.map((a: { type: string }) => a.type)).not.toContain('extend');
    expect((await page(deputy)).allowedActions.map((a: { type: string }) => a.type)).toEqual(expect.arrayContaining(['extend', 'refuseExtension']));
    const self = await send(handler, { type: 'extend' });
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ messageZh: '延期须由责任单位负责人批准', details: { guard: 'isExtensionApprover', article: '《信访工作条例》第三十四条' } });

    const refused = await command(deputy, { type: 'refuseExtension', reason: '可在原期限内办结' });
    expect(refused.matter.extensionRequest).toBeNull();
    expect(refused.events.at(-1)).toMatchObject({ type: 'extensionRefused', summary: '不予批准延期：可在原期限内办结' });
    expect(handlingDue(refused)).toBe(before);
    expect((await documents()).map((d) => d.kind)).not.toContain('extensionNotice');
    expect((await send(deputy, { type: 'extend' })).json().details.reason).toBe('NO_EXTENSION_REQUEST');
  });

  it('Art. 34: only the approval extends the clock and issues the 延期办理告知书, for the days approved', async () => {
    await command(handler, { type: 'requestExtension', days: 20, reason: '需会同城管部门现场勘查' });
    const more = await send(principal, { type: 'extend', days: 25 });
    expect(more.json().details.reason).toBe('VALIDATION');
    const approved = await command(principal, { type: 'extend', days: 10 });
    expect(approved.matter.extensionRequest).toBeNull();
    expect(approved.events.at(-1)).toMatchObject({ type: 'extended', summary: '延期 10 日：需会同城管部门现场勘查' });
    expect(handlingDue(approved)).toBe('2026-01-29');
    // The matter page shows the statutory limit and the approved extension, not a 70-day limit nobody set.
    expect(approved.clocks.find((c: { name: string }) => c.name === 'handling')!.rule.text).toBe('受理之日起60日，经批准延长10日');
    const notices = (await documents()).filter((d) => d.kind === 'extensionNotice');
    expect(notices).toHaveLength(1);
    const text = await textOf(notices[0]!.id);
    expect(text).toContain('因需会同城管部门现场勘查，经本机关负责人批准');
    expect(text).toContain('办理期限延长10日，将于2026年1月29日前办结');
  });

  it('a slot is signed only by its position’s holder; the position the administrator sets is the one that counts; the 意见书 names each', async () => {
    await command(handler, { type: 'draftOpinion', outcome: 'support', summary: '已责令物业公司于十日内完成防水维修' });
    await command(handler, { type: 'signOpinion' });
    // The 分管领导 is asked to sign, not the other heads of the body.
    const asked = await queryRows<{ login: string }>(
      t.ctx.db,
      sql`SELECT u.login FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.matter_id = ${matterId} AND n.kind = 'staff.opinionSigned' AND n.channel = 'inApp'`,
    );
    expect(asked.map((r) => r.login)).toEqual(['xd.zjj.leader']);
    const early = await send(principal, { type: 'signOpinion' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ details: { reason: 'SIGN_OFF_OUT_OF_ORDER' }, messageZh: '签批须按顺序进行：当前应由「分管领导」签批' });
    await command(deputy, { type: 'signOpinion', comment: '同意' });

    // Made a 分管领导 by the administrator, the principal can no longer sign the 主要负责人 slot.
    expect((await setPosition('xd.zjj.principal', 'deputyHead')).statusCode).toBe(200);
    const wrong = await send(principal, { type: 'signOpinion' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ details: { reason: 'SIGN_OFF_POSITION_REQUIRED', guard: 'isSignOffSigner' }, messageZh: '「主要负责人」签批须由本机关主要负责人本人签署' });
    const [changed] = await queryRows<{ payload: { from: string; to: string } }>(t.ctx.db, sql`SELECT payload FROM events WHERE type = 'user.positionChanged'`);
    expect(changed!.payload).toEqual({ from: 'principalHead', to: 'deputyHead' });

    expect((await setPosition('xd.zjj.principal', 'principalHead')).statusCode).toBe(200);
    const signed = await command(principal, { type: 'signOpinion', comment: '同意' });
    expect(signed.matter.opinionDraft.signatures.map((x: { stepLabel: string; positionLabel: string; signer: { name: string } }) => `${x.stepLabel}:${x.positionLabel}:${x.signer.name}`)).toEqual([
      '承办人:承办人:褚承办',
      '分管领导:分管领导:卫局长',
      '主要负责人:主要负责人:尤局长',
    ]);
    await command(handler, { type: 'reply' });
    const opinion = (await documents()).find((d) => d.kind === 'handlingOpinion')!;
    expect(await textOf(opinion.id)).toContain('签批：承办人：褚承办　分管领导：卫局长　主要负责人：尤局长');
  });
});
