import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

/**
 * The documents of handling and appeal (Art. 32–36), issued with the act that makes them. Today is Thu 2025-11-20.
 * Accepted that day, the 60 days end Mon 2026-01-19; 20 more days end Sun 02-08, a rest day, so the extended limit
 * is Mon 02-09 (民法典 Art. 203) — and the 延期办理告知书 must print that date, not the naive one.
 */
describe.each(BACKENDS)('handling and appeal documents on %s', (backend) => {
  let t: TestApp;
  let desk: Session;
  let office: Session;
  let handler: Session;
  let head: Session;
  const ids: Record<string, string> = {};
  let matterId = '';

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    desk = await loginAs(t.app, 'sx.registrar');
    office = await loginAs(t.app, 'sx.acceptance');
    handler = await loginAs(t.app, 'xd.zjj.handler');
    head = await loginAs(t.app, 'xd.zjj.leader');
    for (const b of await queryRows<{ id: string; code: string }>(t.ctx.db, sql`SELECT id, code FROM bodies`)) ids[b.code] = b.id;
  });
  afterAll(() => t.close());

  const post = (s: Session, url: string, payload: object) => requestAs(t.app, s, { method: 'POST', url, payload });
  /** A letter to 小店区 registered at the desk; its matter's id. */
  const registerLetter = async (p: { receivedAt: string; name: string; title: string; content: string; respondent?: string }) => {
    const { name, ...rest } = p;
    const reg = await post(desk, '/api/v1/petitions', { channel: 'letter', regionCode: '140105', ...rest, petitioners: [{ name, address: '山西省太原市小店区' }] });
    expect(reg.statusCode, reg.body.slice(0, 300)).toBe(201);
    return reg.json().matters[0].matterId as string;
  };
  const command = async (s: Session, payload: object) => {
    const res = await post(s, `/api/v1/matters/${matterId}/commands`, payload);
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
    return res.json();
  };
  const documents = async (s: Session) => (await requestAs(t.app, s, { url: `/api/v1/matters/${matterId}/documents` })).json().items as { id: string; kind: string; number: string }[];
  async function textOf(s: Session, id: string): Promise<string> {
    const file = await requestAs(t.app, s, { url: `/api/v1/documents/${id}/docx` });
    expect(file.statusCode).toBe(200);
    const xml = strFromU8(unzipSync(new Uint8Array(file.rawPayload))['word/document.xml']!);
    return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  }

  it('a 延期办理告知书 with the reason and the calendar-true new date, a 处理意见书 with Art. 32’s parts, and the right addressees', async () => {
    matterId = await registerLetter({ receivedAt: '2025-11-20T09:00:00+08:00', name: '意见书甲', title: '反映小区物业公司擅自提高物业费', content: '信访人反映所住小区物业公司未经业主大会同意，自2025年10月起将物业费由每平方米1.2元提高到1.8元，请求恢复原收费标准。', respondent: '山西某物业管理有限公司' });
    await command(office, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command(office, { type: 'forward', toBodyId: ids['140105-zjj'] });
    await command(handler, { type: 'accept', procedure: 'ordinary' });

    // The handling workspace: a site visit, its checklist item, the case leader, a mediation agreement (Art. 33).
    await command(handler, { type: 'recordInvestigation', kind: 'siteVisit', summary: '到小区核查收费公示栏和调价通知', participants: '褚承办、物业经理' });
    const unknownItem = await post(handler, `/api/v1/matters/${matterId}/commands`, { type: 'checkItem', item: 'coffee' });
    expect(unknownItem.statusCode).toBe(400);
    await command(handler, { type: 'checkItem', item: 'siteVisit', note: '已到现场' });
    await command(head, { type: 'nameCaseLeader', name: '卫局长', title: '分管副局长' });
    const ws = (await command(handler, { type: 'recordAgreement', kind: 'mediation', summary: '物业公司同意暂停执行新收费标准', parties: '业主代表、物业公司' })).matter.workspace;
    expect(ws.caseLeader).toMatchObject({ name: '卫局长', title: '分管副局长' });
    expect(ws.investigations.map((x: { kindLabel: string; byName: string }) => `${x.kindLabel}:${x.byName}`)).toEqual(['实地调查:褚承办']);
    expect(ws.agreements.map((x: { kindLabel: string }) => x.kindLabel)).toEqual(['调解协议']);
    expect(ws.checklist).toHaveLength(7);
    expect(ws.checklist.filter((c: { done: boolean }) => c.done).map((c: { labelZh: string }) => c.labelZh)).toEqual(['实地调查（一现场）']);

    await command(handler, { type: 'requestExtension', days: 20, reason: '需会同价格主管部门核查收费标准' });
    const extended = await command(head, { type: 'extend' });
    expect(extended.clocks.find((c: { name: string }) => c.name === 'handling').due).toBe('2026-02-09');
    const notice = (await documents(handler)).find((d) => d.kind === 'extensionNotice')!;
    expect(notice.number).toMatch(/延告〔2025〕1号$/);
    const noticeText = await textOf(handler, notice.id);
    expect(noticeText).toContain('因需会同价格主管部门核查收费标准，经本机关负责人批准');
    expect(noticeText).toContain('办理期限延长20日，将于2026年2月9日前办结');

    // Seed 003: drafted and signed by the handler; a leader cannot jump the queue; signed by both leaders; issued.
    await command(handler, {
      type: 'draftOpinion',
      outcome: 'support',
      summary: '已责令物业公司自2025年12月起恢复原收费标准，并退还多收费用',
      facts: '经查，该物业公司调价未经业主大会表决',
      legalBasis: '《物业管理条例》第四十一条',
    });
    const early = await post(head, `/api/v1/matters/${matterId}/commands`, { type: 'signOpinion' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ details: { reason: 'SIGN_OFF_OUT_OF_ORDER' }, messageZh: '签批须按顺序进行：当前应由「承办人」签批' });
    const notYet = await post(handler, `/api/v1/matters/${matterId}/commands`, { type: 'reply' });
    expect(notYet.json().details.reason).toBe('OPINION_NOT_SIGNED');
    await command(handler, { type: 'signOpinion' });
    // The 分管领导 slot is not the principal leader's (seed 003: each slot by the holder of its position).
    const principal = await loginAs(t.app, 'xd.zjj.principal');
    const swapped = await post(principal, `/api/v1/matters/${matterId}/commands`, { type: 'signOpinion' });
    expect(swapped.json()).toMatchObject({ details: { reason: 'SIGN_OFF_OUT_OF_ORDER' }, messageZh: '签批须按顺序进行：当前应由「分管领导」签批' });
    await command(head, { type: 'signOpinion', comment: '同意' });
    const signed = await command(principal, { type: 'signOpinion', comment: '同意' });
    expect(signed.matter.opinionDraft.signatures.map((x: { stepLabel: string; signer: { name: string } }) => `${x.stepLabel}:${x.signer.name}`)).toEqual([
      '承办人:褚承办',
      '分管领导:卫局长',
      '主要负责人:尤局长',
    ]);
    await command(handler, { type: 'reply' });
    const opinion = (await documents(handler)).find((d) => d.kind === 'handlingOpinion')!;
    expect(opinion.number).toMatch(/处意〔2025〕1号$/);
    const opinionText = await textOf(handler, opinion.id);
    expect(opinionText).toContain('意见书甲：');
    expect(opinionText).toContain('二、事实和理由：经查，该物业公司调价未经业主大会表决。');
    expect(opinionText).toContain('请求事实清楚，符合法律、法规、规章或者其他有关规定，予以支持。已责令物业公司');
    expect(opinionText).toContain('四、法律法规依据：《物业管理条例》第四十一条。');
    expect(opinionText).toContain('30日内请求原办理机关、单位的上一级机关、单位复查');
    expect(opinionText).toContain('签批：承办人：褚承办　分管领导：卫局长　主要负责人：尤局长');

    await command(handler, { type: 'recordDelivery', method: 'post' });
    // Addressed to the petitioner: the documents the portal lets the citizen download.
    const rows = await queryRows<{ kind: string; for_petitioner: boolean }>(t.ctx.db, sql`SELECT kind, for_petitioner FROM documents WHERE matter_id = ${matterId}`);
    expect(rows.filter((r) => r.for_petitioner).map((r) => r.kind).sort()).toEqual(['acceptanceNotice', 'extensionNotice', 'handlingOpinion']);
  });

  it('the sign-off chain is the configured one, not the client’s; a government finds its region’s matters at its counter', async () => {
    const admin = await loginAs(t.app, 'admin');
    const shortChain = [
      { key: 'handler', labelZh: '承办人', position: 'handler' },
      { key: 'head', labelZh: '单位负责人', position: 'principalHead' },
    ];
    // A step names the position that signs it; a step naming roles only is refused.
    const bad = await requestAs(t.app, admin, { method: 'PUT', url: '/api/v1/settings/sign-off-chain', payload: { steps: [{ key: 'x', labelZh: '审核', roles: ['bodyLeader'] }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().messageZh).toContain('须写明签批人的职务');
    const put = await requestAs(t.app, admin, { method: 'PUT', url: '/api/v1/settings/sign-off-chain', payload: { steps: shortChain } });
    expect(put.statusCode, put.body).toBe(200);
    expect((await requestAs(t.app, handler, { method: 'PUT', url: '/api/v1/settings/sign-off-chain', payload: { steps: shortChain } })).statusCode).toBe(403);

    matterId = await registerLetter({ receivedAt: '2025-11-20T10:00:00+08:00', name: '意见书乙', title: '反映小区电梯长期停运', content: '信访人反映所住小区电梯停运三个月，物业公司未予维修，请求督促维修。' });
    await command(office, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command(office, { type: 'forward', toBodyId: ids['140105-zjj'] });
    await command(handler, { type: 'accept', procedure: 'ordinary' });
    // A one-step chain sent by the client is ignored: the configured two steps bind.
    const drafted = await command(handler, { type: 'draftOpinion', outcome: 'explain', summary: '已督促物业维修', chain: [{ key: 'me', labelZh: '自批', roles: ['handler'] }] });
    expect(drafted.matter.opinionDraft.chain.map((x: { labelZh: string }) => x.labelZh)).toEqual(['承办人', '单位负责人']);
    await command(handler, { type: 'signOpinion' });
    const deputy = await post(head, `/api/v1/matters/${matterId}/commands`, { type: 'signOpinion' });
    expect(deputy.json()).toMatchObject({ details: { reason: 'SIGN_OFF_POSITION_REQUIRED' }, messageZh: '「单位负责人」签批须由本机关主要负责人本人签署' });
    await command(await loginAs(t.app, 'xd.zjj.principal'), { type: 'signOpinion' });
    const issued = await command(handler, { type: 'reply' });
    expect(issued.matter.status).toBe('replied');
    // The timeline names each signature by the step of the chain the draft was made under.
    expect(issued.events.filter((e: { type: string }) => e.type === 'opinionSigned').map((e: { summary: string }) => e.summary)).toEqual(['承办人签批', '单位负责人签批']);

    // 太原市人民政府 sees a 小店区 matter before anyone appeals to it (属地管理; it is the appeal body above).
    const gov = await loginAs(t.app, 'ty.gov.handler');
    expect((await requestAs(t.app, gov, { url: `/api/v1/matters/${matterId}` })).statusCode).toBe(200);
    expect((await requestAs(t.app, await loginAs(t.app, 'yz.zjj.handler'), { url: `/api/v1/matters/${matterId}` })).statusCode).toBe(404);
  });

  it('a completion report returned for re-handling is recorded with its reason and counted (Art. 22 (三))', async () => {
    matterId = await registerLetter({ receivedAt: '2025-11-20T11:00:00+08:00', name: '意见书丙', title: '反映小区垃圾清运不及时', content: '信访人反映小区垃圾站垃圾堆积多日无人清运，请求督促清运。' });
    await command(office, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command(office, { type: 'assign', toBodyId: ids['140105-zjj'], dueOn: '2025-12-31' });
    await command(handler, { type: 'accept', procedure: 'ordinary' });
    // The chain configured by the previous test: handler, then the body's principal head.
    await command(handler, { type: 'draftOpinion', outcome: 'support', summary: '已安排环卫公司每日清运' });
    await command(handler, { type: 'signOpinion' });
    await command(await loginAs(t.app, 'xd.zjj.principal'), { type: 'signOpinion' });
    await command(handler, { type: 'reply' });
    await command(handler, { type: 'recordDelivery', method: 'post' });
    await command(handler, { type: 'fileCompletionReport', summary: '已清运并答复信访人' });
    const back = await command(office, { type: 'returnCompletionReport', reason: '未附清运后的现场照片，请补充核实' });
    expect(back.matter).toMatchObject({ status: 'accepted', completionReportReturns: 1 });
    expect(back.events.at(-1)).toMatchObject({ type: 'completionReportReturned', summary: '未附清运后的现场照片，请补充核实' });
    const supervisor = await loginAs(t.app, 'sx.supervisor1');
    const ind = await requestAs(t.app, supervisor, { url: '/api/v1/supervision/indicators?from=2025-11-01&to=2025-11-30&groupBy=body' });
    expect(ind.statusCode, ind.body.slice(0, 300)).toBe(200);
    expect(ind.json().total.reportReturns).toBe(1);
    const drill = await requestAs(t.app, supervisor, { url: '/api/v1/supervision/indicators?from=2025-11-01&to=2025-11-30&groupBy=body&drill=reportReturns' });
    expect(drill.json().drill.hits.map((h: { id: string }) => h.id)).toEqual([matterId]);
  });
  it('the simple procedure: a higher level’s 交办 excludes it, a 转送 does not; the fifth ground needs a reason; conversion is told in writing and by SMS', async () => {
    // The provincial bureau assigns (交办) to a county body: a higher level's assignment, so no simple procedure.
    const assigned = await registerLetter({ receivedAt: '2025-11-20T09:00:00+08:00', name: '简易甲', title: '咨询公租房申请条件', content: '信访人咨询小店区公租房的申请条件和办理流程。' });
    await post(office, `/api/v1/matters/${assigned}/commands`, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    const assign = await post(office, `/api/v1/matters/${assigned}/commands`, { type: 'assign', toBodyId: ids['140105-zjj'], dueOn: '2026-01-20' });
    expect(assign.statusCode, assign.body.slice(0, 300)).toBe(200);
    const simple = { type: 'accept', procedure: 'simple', eligibilityBasis: 'consultation', likelyNotSupported: false, statutoryProcedureAvailable: false, multipleBodies: false };
    const refused = await post(handler, `/api/v1/matters/${assigned}/commands`, simple);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ details: { reason: 'SIMPLE_ASSIGNED_BY_HIGHER_LEVEL' } });
    expect(refused.json().messageZh).toContain('上级信访工作机构、行政机关交办的');

    // A higher level's referral that only forwards (转送) may be handled simply, on the fifth ground with its reason.
    const referred = await post(desk, '/api/v1/petitions', {
      channel: 'referral',
      receivedAt: '2025-11-20T09:00:00+08:00',
      regionCode: '140105',
      title: '反映小区门口路灯损坏',
      content: '信访人反映小区门口路灯损坏多日，夜间出行不便，请求尽快维修。',
      details: { sourceBody: '太原市信访局', referralNumber: '并信转〔2025〕88号', kind: 'forward' },
      petitioners: [{ name: '简易乙', address: '山西省太原市小店区', phone: '13912345678' }],
    });
    expect(referred.statusCode, referred.body.slice(0, 300)).toBe(201);
    matterId = referred.json().matters[0].matterId;
    await command(office, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await command(office, { type: 'forward', toBodyId: ids['140105-zjj'] });
    const noReason = await post(handler, `/api/v1/matters/${matterId}/commands`, { ...simple, eligibilityBasis: 'other' });
    expect(noReason.json()).toMatchObject({ details: { reason: 'SIMPLE_OTHER_BASIS_REASON_REQUIRED' } });
    // The deployment's simple-procedure limit (8 working days here) is the one the acceptance notice states.
    const limits = t.ctx.timeLimits;
    t.ctx.timeLimits = { ...limits, simpleHandling: { ...limits.simpleHandling, amount: 8 } };
    try {
      await command(handler, { ...simple, eligibilityBasis: 'other', eligibilityReason: '路灯维修属日常事务，可即时处理' });
    } finally {
      t.ctx.timeLimits = limits;
    }
    const acceptance = (await documents(handler)).find((d) => d.kind === 'acceptanceNotice')!;
    const acceptanceText = await textOf(handler, acceptance.id);
    expect(acceptanceText).toContain('自受理之日起8个工作日内');
    expect(acceptanceText).not.toContain('10个工作日');

    // The head approves the conversion: a 转为普通程序告知书 to the petitioner and an SMS in the outbox.
    const converted = await command(head, { type: 'convert', reason: '需会同供电部门核查线路产权' });
    expect(converted.matter.procedure).toBe('ordinary');
    const notice = (await documents(handler)).find((d) => d.kind === 'conversionNotice')!;
    expect(notice.number).toMatch(/转程告〔2025〕1号$/);
    const noticeText = await textOf(handler, notice.id);
    expect(noticeText).toContain('简易乙：');
    expect(noticeText).toContain('因需会同供电部门核查线路产权，经本机关负责人批准');
    expect(noticeText).toContain('办理期限自受理之日起计算为60日，即于2026年1月19日前办结');
    const sms = await queryRows<{ text: string }>(t.ctx.db, sql`SELECT text FROM notifications WHERE matter_id = ${matterId} AND kind = 'citizen.converted' AND channel = 'sms'`);
    expect(sms.map((m) => m.text)).toEqual([expect.stringContaining('经批准由简易办理转为普通程序办理，办理期限自受理之日起计算，至2026年1月19日')]);
  });
});

