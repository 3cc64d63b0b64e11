import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matters, users } from '../../src/db/schema';
import { queryRows } from '../../src/db/tx';
import { idCheckCharacter } from '../../src/domain/identity';
import { buildApp } from '../../src/http/app';
import { verifyChain } from '../../src/modules/audit/verify';
import { hashPassword } from '../../src/modules/auth/password';
import { seedDemo } from '../../src/modules/demo/seed';
import { DEMO_PASSWORD } from '../../src/modules/org/demo-data';
import { loginAs, replyWithSignOff, requestAs, SIGNERS, type Session } from '../helpers/app';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';

/**
 * Evaluation, review and re-review through the citizen portal (Art. 21 ¶2, 35, 36), and the appeal body from the org
 * tree. Today is Mon 2025-12-01 (China). Two citizens submit online on 140105 (小店区): their petitions are registered
 * by 小店区信访局, forwarded to 小店区住建局, accepted, answered and delivered the same day, so the 30-day review and
 * evaluation windows run to Wed 2025-12-31 (day 30); 2026-01-01 is day 31.
 */
const withCheck = (first17: string) => first17 + idCheckCharacter(first17);

interface Citizen {
  idNumber: string;
  queryCode: string;
  petitionNumber: string;
  matterId: string;
  matterNumber: string;
}

describe.each(BACKENDS)('portal evaluation and appeals on %s', (backend) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let ip = 0;
  const nextIp = () => `198.51.100.${++ip}`;
  const ids: Record<string, string> = {};
  let a: Citizen;
  let b: Citizen;

  beforeAll(async () => {
    ctx = await createTestContext(backend, '2025-12-01T02:00:00Z');
    await seedDemo(ctx);
    // The query limit per IP is raised so that only the per-code lockout (the default: 5 wrong answers) is in play.
    app = await buildApp({ ctx, loginRateLimit: 1000, trustProxy: true, portalLimits: { queriesPerIpPerMinute: 1000 } });
    await app.ready();
    for (const r of await queryRows<{ id: string; code: string }>(ctx.db, sql`SELECT id, code FROM bodies`)) ids[r.code] = r.id;
    a = await deliveredMatter(1);
    b = await deliveredMatter(2);
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  const portal = (url: string, payload: object) => app.inject({ method: 'POST', url: `/api/v1/portal${url}`, payload, headers: { 'x-forwarded-for': nextIp() } });
  const creds = (c: Citizen) => ({ code: c.queryCode, last4: c.idNumber.slice(-4) });
  const query = (c: Citizen) => portal('/query', creds(c));
  const evaluate = (c: Citizen, body: object) => portal(`/matters/${c.matterNumber}/evaluation`, { ...creds(c), ...body });
  const appeal = (c: Citizen, body: object) => portal(`/matters/${c.matterNumber}/appeal`, { ...creds(c), reasons: '电梯至今未修复，处理意见没有解决问题', ...body });
  /** The text of the matter's latest document of a kind, as issued (the .docx renders the same paragraphs). */
  const documentText = async (matterId: string, kind: string) => {
    const rows = await queryRows<{ content: { paragraphs: string[] } }>(
      ctx.db,
      sql`SELECT content FROM documents WHERE matter_id = ${matterId} AND kind = ${kind} ORDER BY created_at DESC LIMIT 1`,
    );
    return rows[0]!.content.paragraphs.join('\n');
  };
  const command = (s: Session, matterId: string, payload: object) => requestAs(app, s, { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload });
  const ok = async (p: Promise<{ statusCode: number; body: string }>) => {
    const res = await p;
    expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
  };
  const actions = async (c: Citizen) => {
    const res = await query(c);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().matters[0].actions as { type: string; dueOn: string; windowZh: string; article: string; appealBodies: { id: string; name: string; isDefault: boolean }[] | null; noteZh: string | null }[];
  };

  /** A portal submission taken through the HTTP API to the delivery of the reply, all today. */
  async function deliveredMatter(n: number): Promise<Citizen> {
    const idNumber = withCheck(`14010519900101${String(300 + n)}`);
    const res = await portal('/petitions', {
      channel: 'mobile',
      name: `吴网民${n}`,
      idNumber,
      phone: `1393512${String(1000 + n)}`,
      address: '山西省太原市小店区坞城路2号',
      regionCode: '140105',
      title: `反映小区电梯长期停运（评价测试${n}）`,
      request: '请求督促物业公司修复电梯。',
      facts: '小区3号楼电梯自九月起停运，物业公司以维修资金未到位为由拖延。',
      reasons: '楼内多为老人，出行困难。',
      attachments: [],
      truthful: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const receipt = res.json();
    const [m] = await queryRows<{ id: string; number: string }>(
      ctx.db,
      sql`SELECT m.id, m.number FROM petition_matters pm JOIN petitions p ON p.id = pm.petition_id JOIN matters m ON m.id = pm.matter_id WHERE p.number = ${receipt.number}`,
    );
    const bureau = await loginAs(app, 'xd.xfj');
    const handler = await loginAs(app, 'xd.zjj.handler');
    await ok(command(bureau, m!.id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' }));
    await ok(command(bureau, m!.id, { type: 'forward', toBodyId: ids['140105-zjj'] }));
    await ok(command(handler, m!.id, { type: 'accept', procedure: 'ordinary' }));
    await replyWithSignOff(app, m!.id, { outcome: 'explain', summary: '维修资金已申请，电梯将于下月修复。' }, SIGNERS['140105-zjj']);
    await ok(command(handler, m!.id, { type: 'recordDelivery', method: 'online' }));
    return { idNumber, queryCode: receipt.queryCode, petitionNumber: receipt.number, matterId: m!.id, matterNumber: m!.number };
  }

  it('shows the citizen what they may do now, with the last day of each window and the review body', async () => {
    const list = await actions(a);
    expect(list.map((x) => [x.type, x.dueOn])).toEqual([
      ['evaluate', '2025-12-31'],
      ['requestReview', '2025-12-31'],
    ]);
    const review = list[1]!;
    expect(review.windowZh).toBe('自收到书面答复之日起30日内（至2025-12-31）');
    expect(review.article).toBe('《信访工作条例》第三十五条');
    // Art. 35: one level above 小店区住建局 — its own government by default, or the city's housing bureau.
    expect(review.appealBodies).toEqual([
      expect.objectContaining({ name: '太原市小店区人民政府', isDefault: true }),
      expect.objectContaining({ name: '太原市住房和城乡建设局', isDefault: false }),
    ]);
    expect(review.noteZh).toContain('默认向太原市小店区人民政府请求复查');
  });

  it('names the basis of the evaluation window as the article and the platform’s setting, never “实践”', async () => {
    const evaluation = (await actions(a)).find((x) => x.type === 'evaluate')!;
    expect(evaluation.article).toBe('本平台设置（评价权利见《信访工作条例》第二十一条第二款）');
    expect(evaluation.article).not.toContain('实践');
  });

  it('records a 不满意 evaluation once, shows it on the timeline, and puts the matter on the supervision board', async () => {
    const res = await evaluate(a, { rating: 'dissatisfied', comment: '电梯仍未修复' });
    expect(res.statusCode, res.body).toBe(200);
    const [m] = res.json().matters;
    expect(m.status).toBe('evaluated');
    expect(m.timeline.at(-1)).toMatchObject({ type: 'evaluated', label: '已评价', on: '2025-12-01', text: '满意度评价：不满意。评价意见：电梯仍未修复' });
    expect(m.actions.map((x: { type: string }) => x.type)).toEqual(['requestReview']);

    // The event is the lifecycle's, recorded for the portal ('system'), never as a staff member.
    const [ev] = await queryRows<{ actor_roles: string[]; actor_user_id: string | null; payload: { rating: string } }>(
      ctx.db,
      sql`SELECT actor_roles, actor_user_id, payload FROM events WHERE entity_type = 'matter' AND entity_id = ${a.matterId} AND type = 'evaluated'`,
    );
    expect(ev).toMatchObject({ actor_roles: ['system'], actor_user_id: null, payload: { rating: 'dissatisfied' } });

    // 小店区 is in 太原, one of 督查督办一处's cities: a dissatisfied petitioner is a supervision focus.
    const office = await loginAs(app, 'sx.supervisor1');
    const board = (await requestAs(app, office, { url: '/api/v1/supervision/board' })).json();
    expect(board.failures).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'dissatisfiedEvaluation', matterId: a.matterId })]));

    const again = await evaluate(a, { rating: 'satisfied' });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'REFUSED', messageZh: '已于2025-12-01评价为「不满意」，每件信访事项只评价一次', details: { reason: 'ALREADY_EVALUATED' } });
  });

  it('refuses a wrong query code or last4 on every action alike, counting towards the same lockout', async () => {
    const wrongLast4 = { code: b.queryCode, last4: '0000' };
    const e = await portal(`/matters/${b.matterNumber}/evaluation`, { ...wrongLast4, rating: 'satisfied' });
    const r = await portal(`/matters/${b.matterNumber}/appeal`, { ...wrongLast4, stage: 'review', reasons: '不服' });
    const unknown = await portal(`/matters/${b.matterNumber}/appeal`, { code: 'ABCDEFGHJKMNPQRS', last4: b.idNumber.slice(-4), stage: 'review', reasons: '不服' });
    for (const res of [e, r, unknown]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().messageZh).toBe('查询码或证件号码/手机号码后四位不正确，请核对后重试');
    }
    // Two wrong answers above, three more (on the query and the actions) lock the code, for every route.
    expect((await portal('/query', wrongLast4)).statusCode).toBe(404);
    expect((await portal(`/matters/${b.matterNumber}/evaluation`, { ...wrongLast4, rating: 'satisfied' })).statusCode).toBe(404);
    const fifth = await portal(`/matters/${b.matterNumber}/appeal`, { ...wrongLast4, stage: 'review', reasons: '不服' });
    expect(fifth.statusCode).toBe(429);
    const right = await evaluate(b, { rating: 'satisfied' });
    expect(right.statusCode).toBe(429);
    expect(right.json().messageZh).toContain('已暂时锁定');
    // Nothing was recorded on the matter while locked.
    const [row] = await ctx.db.select({ status: matters.status }).from(matters).where(eq(matters.id, b.matterId));
    expect(row!.status).toBe('replied');
    ctx.clock.advanceDays(16 / (24 * 60));
    expect((await query(b)).statusCode).toBe(200);
  });

  it('refuses a matter of another petition with the same answer as one that does not exist', async () => {
    const other = await portal(`/matters/${b.matterNumber}/evaluation`, { ...creds(a), rating: 'satisfied' });
    const missing = await portal('/matters/XF1401052025999999/evaluation', { ...creds(a), rating: 'satisfied' });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual(missing.json());
  });

  it('tells staff the review body from the org tree, within their scope only', async () => {
    const city = await loginAs(app, 'ty.registrar');
    const res = await requestAs(app, city, { url: `/api/v1/matters/${a.matterId}/appeal-body?stage=review` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ stage: 'review', stageLabel: '复查', article: '《信访工作条例》第三十五条', from: { name: '太原市小店区住房和城乡建设局' }, defaultBodyId: ids['140105-gov'] });
    expect(body.candidates.map((c: { name: string; relation: string; isDefault: boolean }) => [c.name, c.relation, c.isDefault])).toEqual([
      ['太原市小店区人民政府', 'superior', true],
      ['太原市住房和城乡建设局', 'higherCounterpart', false],
    ]);
    expect(body.candidates[0].reasonZh).toContain('本级人民政府是其上一级机关');
    // No review yet: no re-review body to name.
    const early = await requestAs(app, city, { url: `/api/v1/matters/${a.matterId}/appeal-body?stage=reReview` });
    expect(early.statusCode).toBe(409);
    expect(early.json().messageZh).toBe('该事项尚未复查，无从确定复核机关');
    const outside = await loginAs(app, 'yz.zjj.handler');
    expect((await requestAs(app, outside, { url: `/api/v1/matters/${a.matterId}/appeal-body` })).statusCode).toBe(404);
  });

  it('lets a staff member of the review body record a review without naming the body, and refuses a body not one level up', async () => {
    // 太原市人民政府 registers a petition it received directly and forwards it to its housing bureau; the petitioner
    // then asks the government itself to review the bureau's answer. Its reception desk has no demo login: added here,
    // registering and dispatching (a registrar alone may not forward: matter.dispatch).
    await ctx.db.insert(users).values({ login: 'ty.gov.desk', displayName: '沈接待', passwordHash: await hashPassword(DEMO_PASSWORD), bodyId: ids['ty-gov']!, roles: ['registrar', 'acceptanceOfficer'] });
    const desk = await loginAs(app, 'ty.gov.desk');
    const reg = await requestAs(app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: {
        channel: 'visit',
        receivedAt: '2025-12-01T09:00:00+08:00',
        regionCode: '140100',
        title: '反映商品房公摊面积计算不实',
        content: '来访人反映所购商品房公摊面积与合同约定不符，请求核查。',
        details: { peopleCount: 1 },
        petitioners: [{ name: '严某某', address: '山西省太原市杏花岭区' }],
      },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const id = reg.json().matters[0].matterId as string;
    const handler = await loginAs(app, 'ty.zjj.handler');
    await ok(command(desk, id, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' }));
    await ok(command(desk, id, { type: 'forward', toBodyId: ids['ty-zjj'] }));
    await ok(command(handler, id, { type: 'accept', procedure: 'ordinary' }));
    await replyWithSignOff(app, id, { outcome: 'notSupport', summary: '经测绘复核，公摊面积计算符合规定。' }, SIGNERS['ty-zjj']);
    await ok(command(handler, id, { type: 'recordDelivery', method: 'inPerson' }));

    const bare = await command(desk, id, { type: 'requestReview' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().messageZh).toContain('reasons 此项必填');
    const wrong = await command(desk, id, { type: 'requestReview', reviewBodyId: ids['140105-gov'], reasons: '来访人称公摊面积测绘有误' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'VALIDATION' });
    expect(wrong.json().messageZh).toBe('复查机关应为太原市住房和城乡建设局的上一级机关（太原市人民政府、山西省住房和城乡建设厅），所选机关不符');
    expect(wrong.json().details.problems[0]).toMatchObject({ field: 'reviewBodyId', article: '《信访工作条例》第三十五条' });

    const res = await command(desk, id, { type: 'requestReview', reasons: '来访人称公摊面积测绘有误' });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.matter.status).toBe('review');
    expect(page.events.at(-1)).toMatchObject({ type: 'reviewRequested', payload: { reviewBodyId: ids['ty-gov'], reasons: '来访人称公摊面积测绘有误' } });
    // The review body now sees the matter; its handler, leader in charge and principal sign the opinion it issues.
    const gov = await loginAs(app, 'ty.gov.handler');
    await replyWithSignOff(app, id, { outcome: 'notSupport', summary: '维持原处理意见。', disposition: 'uphold' }, SIGNERS['ty-gov'], { type: 'issueReviewOpinion', deliveredOn: '2025-12-01' });
    const next = (await requestAs(app, gov, { url: `/api/v1/matters/${id}/appeal-body?stage=reReview` })).json();
    expect(next.candidates.map((c: { name: string }) => c.name)).toEqual(['山西省人民政府']);
  });

  it('accepts a review request on day 30 to the body shown, and refuses a body that is not one level up', async () => {
    ctx.clock.set('2025-12-31T02:00:00Z');
    const shown = (await actions(a)).find((x) => x.type === 'requestReview')!;
    expect(shown.dueOn).toBe('2025-12-31');

    const notAbove = await appeal(a, { stage: 'review', bodyId: ids['ty-gov'] });
    expect(notAbove.statusCode).toBe(400);
    expect(notAbove.json().messageZh).toBe('复查机关应为太原市小店区住房和城乡建设局的上一级机关（太原市小店区人民政府、太原市住房和城乡建设局），所选机关不符');

    // The petitioner says why they disagree, or the request is not taken.
    const bare = await appeal(a, { stage: 'review', reasons: '  ' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().messageZh).toContain('请写明请求复查（复核）的理由');

    const chosen = shown.appealBodies!.find((x) => x.isDefault)!;
    const res = await appeal(a, { stage: 'review', bodyId: chosen.id });
    expect(res.statusCode, res.body).toBe(200);
    const [m] = res.json().matters;
    expect(m.status).toBe('review');
    expect(m.timeline.at(-1)).toEqual({ type: 'reviewRequested', label: '已请求复查', on: '2025-12-31', text: '已提出复查请求，复查机关：太原市小店区人民政府' });
    expect(m.actions).toEqual([]);
    // Under review the evaluation stays possible in principle, but only once.
    const third = await evaluate(a, { rating: 'satisfied' });
    expect(third.statusCode).toBe(422);
    expect(third.json()).toMatchObject({ code: 'REFUSED', messageZh: '已于2025-12-01评价为「不满意」，每件信访事项只评价一次', details: { reason: 'ALREADY_EVALUATED' } });
    const [row] = await ctx.db.select({ reviewBodyId: matters.reviewBodyId }).from(matters).where(eq(matters.id, a.matterId));
    expect(row!.reviewBodyId).toBe(ids['140105-gov']);
    // Received by the review body, for the portal; the petition keeps the request's IP.
    const [ev] = await queryRows<{ actor_body_id: string; actor_roles: string[] }>(
      ctx.db,
      sql`SELECT actor_body_id, actor_roles FROM events WHERE entity_type = 'matter' AND entity_id = ${a.matterId} AND type = 'reviewRequested'`,
    );
    expect(ev).toEqual({ actor_body_id: ids['140105-gov'], actor_roles: ['system'] });
    const acted = await queryRows<{ payload: { command: string; ip: string } }>(
      ctx.db,
      sql`SELECT e.payload FROM events e JOIN petitions p ON p.id::text = e.entity_id WHERE e.entity_type = 'petition' AND p.number = ${a.petitionNumber} AND e.type = 'portalActed' ORDER BY e.seq`,
    );
    expect(acted.map((e) => e.payload.command)).toEqual(['evaluate', 'requestReview']);
    expect(acted[1]!.payload.ip).toMatch(/^198\.51\.100\.\d+$/);
  });

  it('refuses a review request on day 31 with the reason and the article', async () => {
    ctx.clock.set('2026-01-01T02:00:00Z');
    expect((await actions(b)).map((x) => x.type)).toEqual([]);
    const res = await appeal(b, { stage: 'review' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'REFUSED', details: { reason: 'REVIEW_WINDOW_CLOSED', article: '《信访工作条例》第三十五条' } });
    expect(res.json().messageZh).toBe('申请复查期限已于2025-12-31届满（自2025-12-01起30日），不能请求复查（依据：《信访工作条例》第三十五条）');
    const [row] = await ctx.db.select({ status: matters.status }).from(matters).where(eq(matters.id, b.matterId));
    expect(row!.status).toBe('replied');
  });

  it('offers a re-review after the review opinion, to the body above the reviewer, and records it', async () => {
    // 小店区人民政府 finds the request under 复查复核 in its inbox and issues the review opinion.
    const county = await loginAs(app, 'xd.gov.handler');
    const inbox = (await requestAs(app, county, { url: '/api/v1/inbox?stage=appeals' })).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toEqual([a.matterId]);
    expect((await requestAs(app, await loginAs(app, 'ty.gov.handler'), { url: '/api/v1/inbox?stage=appeals' })).json().items).toEqual([]);
    // The review body reads the petitioner's reasons and the opinion it disposes of.
    const page = (await requestAs(app, county, { url: `/api/v1/matters/${a.matterId}` })).json();
    expect(page.matter.appeal).toMatchObject({
      reviewRequest: { on: '2025-12-31', reasons: '电梯至今未修复，处理意见没有解决问题', body: { id: ids['140105-gov'] } },
      underReview: { noun: '处理意见', outcome: 'explain', outcomeLabel: '解释说明', on: '2025-12-01', body: { name: '太原市小店区住房和城乡建设局' } },
    });
    // 变更 must change the outcome (the handling opinion was 解释说明).
    const same = await command(county, a.matterId, { type: 'draftOpinion', outcome: 'explain', summary: '维持原处理意见', disposition: 'modify' });
    expect(same.statusCode).toBe(422);
    expect(same.json()).toMatchObject({ code: 'REFUSED', details: { reason: 'DISPOSITION_INCONSISTENT' } });
    await replyWithSignOff(app, a.matterId, { outcome: 'explain', summary: '维持原处理意见', disposition: 'uphold' }, SIGNERS['140105-gov'], { type: 'issueReviewOpinion', deliveredOn: '2026-01-01' });
    const opinion = await documentText(a.matterId, 'reviewOpinion');
    expect(opinion).toContain('请求复查的理由：电梯至今未修复，处理意见没有解决问题。');
    expect(opinion).toContain('二、复查意见：经复查，维持太原市小店区住房和城乡建设局2025年12月1日作出的处理意见（解释说明）。');
    expect((await requestAs(app, county, { url: '/api/v1/inbox?stage=appeals' })).json().items).toEqual([]);
    const list = await actions(a);
    expect(list).toHaveLength(1);
    // Art. 36: 30 days from the delivery of the review opinion; 01-31 is a Saturday, so the window runs to Monday.
    expect(list[0]).toMatchObject({ type: 'requestReReview', dueOn: '2026-02-02', article: '《信访工作条例》第三十六条第一款', noteZh: null });
    expect(list[0]!.appealBodies!.map((x) => x.name)).toEqual(['太原市人民政府']);

    const res = await appeal(a, { stage: 'reReview' });
    expect(res.statusCode, res.body).toBe(200);
    const [m] = res.json().matters;
    expect(m.status).toBe('reReview');
    expect(m.timeline.map((e: { type: string }) => e.type).slice(-3)).toEqual(['reviewRequested', 'reviewOpinionIssued', 'reReviewRequested']);
    expect(m.timeline.at(-1).text).toBe('已提出复核请求，复核机关：太原市人民政府');
    // The city government now has the matter in its scope and its 复查复核 inbox.
    const gov = await loginAs(app, 'ty.gov.handler');
    expect((await requestAs(app, gov, { url: `/api/v1/matters/${a.matterId}` })).json().matter.status).toBe('reReview');
    expect((await requestAs(app, gov, { url: '/api/v1/inbox?stage=appeals' })).json().items.map((i: { id: string }) => i.id)).toEqual([a.matterId]);
  });

  it('holds a hearing (notice, record, clock paused), issues the re-review opinion, publishes it without personal data', async () => {
    // Sessions expire while the clock moves on days: log in again after each move.
    let gov = await loginAs(app, 'ty.gov.handler');
    // Re-review requested on 2026-01-01 → 30 days → Sat 01-31 → Mon 02-02.
    const due = async () => (await requestAs(app, gov, { url: `/api/v1/matters/${a.matterId}` })).json().clocks.find((c: { name: string }) => c.name === 'reReviewDecision');
    expect((await due()).due).toBe('2026-02-02');
    const notice = {
      type: 'startHearing',
      heldOn: '2026-01-08',
      time: '09:30',
      place: '太原市人民政府信访听证室',
      presidingOfficer: '郑主任',
      officers: [
        { name: '冯律师', affiliation: '律师', proposedBy: 'petitioner' },
        { name: '陈代表', affiliation: '人大代表', proposedBy: 'body' },
        { name: '褚教授', affiliation: '专家学者', proposedBy: 'body' },
      ],
      participants: [{ name: '吴网民1', role: 'petitioner' }],
    };
    const unagreed = await command(gov, a.matterId, { ...notice, petitionerAgreed: false });
    expect(unagreed.statusCode).toBe(422);
    expect(unagreed.json().details.reason).toBe('HEARING_OFFICERS_NOT_AGREED');
    ctx.clock.set('2026-01-05T02:00:00Z');
    gov = await loginAs(app, 'ty.gov.handler');
    await ok(command(gov, a.matterId, { ...notice, petitionerAgreed: true }));
    // 听证改期: a day later, moved to 01-09 at the petitioner's request; a second notice goes out.
    ctx.clock.set('2026-01-06T02:00:00Z');
    gov = await loginAs(app, 'ty.gov.handler');
    await ok(command(gov, a.matterId, { type: 'rescheduleHearing', heldOn: '2026-01-09', reason: '信访人因病申请延期' }));
    ctx.clock.set('2026-01-09T08:00:00Z');
    gov = await loginAs(app, 'ty.gov.handler');
    const early = await command(gov, a.matterId, { type: 'endHearing', on: '2026-01-08', record: 'x', conclusion: 'y', petitionerAttended: true });
    expect(early.json().details.reason).toBe('HEARING_NOT_YET_HELD');
    // A re-review opinion drafted and signed while the hearing is pending…
    await ok(command(gov, a.matterId, { type: 'draftOpinion', outcome: 'explain', summary: '维持复查意见', disposition: 'uphold' }));
    await ok(command(gov, a.matterId, { type: 'signOpinion' }));
    await ok(command(gov, a.matterId, { type: 'endHearing', record: '信访人陈述电梯停运情况，原办理机关说明维修资金申请进度，听证员询问。', conclusion: '听证员一致认为原处理意见和复查意见事实清楚。', petitionerAttended: true }));
    // Notice 01-05 to record 01-09: five days not counted → 35 days from 01-01 → Thu 02-05.
    expect(await due()).toMatchObject({ due: '2026-02-05', rule: { text: expect.stringContaining('听证等不计入的 5 日已顺延') } });

    ctx.clock.set('2026-01-12T02:00:00Z');
    gov = await loginAs(app, 'ty.gov.handler');
    // Nothing to publish before the opinion exists.
    const before = await command(gov, a.matterId, { type: 'publishReReviewOpinion', text: '维持' });
    expect(before.statusCode).toBe(409);
    // …is neither signed on nor issued after the hearing record: it is drafted again, after the hearing (Art. 36 ¶2).
    const stale = await command(await loginAs(app, 'ty.gov.leader'), a.matterId, { type: 'signOpinion' });
    expect(stale.statusCode).toBe(422);
    expect(stale.json()).toMatchObject({ details: { reason: 'OPINION_PREDATES_HEARING', article: '《信访工作条例》第三十六条第二款' } });
    expect(stale.json().messageZh).toContain('请在听证后重新拟写复核意见（可沿用原文）并重新签批');
    const page = (await requestAs(app, gov, { url: `/api/v1/matters/${a.matterId}` })).json();
    expect(page.matter.opinionDraft).toMatchObject({ supersededByHearingOn: '2026-01-09', disposition: 'uphold', dispositionLabel: '维持' });
    expect(page.allowedActions.map((x: { type: string }) => x.type)).not.toContain('issueReReviewOpinion');
    await replyWithSignOff(app, a.matterId, { outcome: 'explain', summary: '维持复查意见', disposition: 'uphold' }, SIGNERS['ty-gov'], { type: 'issueReReviewOpinion', deliveredOn: '2026-01-12' });
    expect(await documentText(a.matterId, 'reReviewOpinion')).toContain('经复核，维持太原市小店区人民政府2026年1月1日作出的复查意见（解释说明）。');
    // The body's wording names the petitioner and their phone: the public listing shows neither.
    const [{ name } = { name: '' }] = await queryRows<{ name: string }>(
      ctx.db,
      sql`SELECT pe.name FROM matter_petitioners mp JOIN petitioners pe ON pe.id = mp.petitioner_id WHERE mp.matter_id = ${a.matterId}`,
    );
    expect(name).toMatch(/^吴网民\d+$/);
    await ok(command(gov, a.matterId, { type: 'publishReReviewOpinion', text: `${name}反映小店区某小区电梯停运信访事项，经听证复核，维持复查意见。联系电话13935121001。` }));

    // The citizen sees the hearing in the timeline and downloads the notice, the record and the opinion.
    const res = await query(a);
    const [m] = res.json().matters;
    expect(m.status).toBe('terminated');
    expect(m.timeline.map((e: { type: string }) => e.type).slice(-5)).toEqual(['hearingStarted', 'hearingRescheduled', 'hearingEnded', 'reReviewOpinionIssued', 'reReviewOpinionPublished']);
    expect(m.timeline.find((e: { type: string }) => e.type === 'hearingStarted').text).toBe(
      '太原市人民政府决定举行听证，时间：2026-01-08 09:30，地点：太原市人民政府信访听证室。听证所需时间不计入复核期限',
    );
    expect(m.timeline.find((e: { type: string }) => e.type === 'hearingRescheduled').text).toBe('太原市人民政府将听证改期至2026-01-09。改期理由：信访人因病申请延期');
    expect(m.documents.filter((d: { kindLabel: string }) => d.kindLabel === '听证通知书')).toHaveLength(2);
    expect(m.documents.map((d: { kindLabel: string }) => d.kindLabel)).toEqual(expect.arrayContaining(['听证通知书', '听证笔录', '复核意见书']));
    const noticeDoc = m.documents.find((d: { kindLabel: string }) => d.kindLabel === '听证通知书');
    const file = await portal(`/documents/${noticeDoc.id}/docx`, creds(a));
    expect(file.statusCode).toBe(200);

    // 复核意见公示: public, no name, numbers masked.
    const pub = await app.inject({ url: '/api/v1/portal/published-opinions' });
    expect(pub.statusCode).toBe(200);
    const item = pub.json().items.find((x: { number: string }) => x.number === a.matterNumber);
    expect(item).toMatchObject({ reReviewBody: '太原市人民政府', outcomeLabel: '解释说明', publishedOn: '2026-01-12' });
    expect(item.text).toBe('吴某反映小店区某小区电梯停运信访事项，经听证复核，维持复查意见。联系电话［电话号码略］。');
    expect(pub.body).not.toContain('13935121001');
    expect(pub.body).not.toContain('吴网民');
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyChain(ctx.db)).ok).toBe(true);
  });
});
