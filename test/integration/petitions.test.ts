import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/tx';
import { verifyChain } from '../../src/modules/audit/verify';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

// 2025-11-20 (Thursday). Demo petitioner 张建国 (14010519800315123X, 13803511234) wrote 20 days earlier about a
// property company raising fees in 小店区 (140105); see src/modules/demo/matters.ts.
const ZHANG = { name: '张建国', idNumber: '14010519800315123X', phone: '13803511234' };

describe.each(BACKENDS)('petition registration on %s', (backend) => {
  let t: TestApp;
  let desk: Session;
  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    desk = await loginAs(t.app, 'sx.registrar');
  });
  afterAll(() => t.close());

  const post = (url: string, payload: object, as = desk) => requestAs(t.app, as, { method: 'POST', url, payload });
  const get = (url: string, as = desk) => requestAs(t.app, as, { url });
  const visit = (over: object = {}) => ({
    channel: 'visit',
    receivedAt: '2025-11-20T09:10:00+08:00',
    regionCode: '140105',
    title: '反映欠薪',
    content: '来访人反映在某建筑工地务工，工资被拖欠三个月共计两万四千元，请求督促支付。',
    respondent: '山西某建筑劳务有限公司',
    details: { peopleCount: 1 },
    petitioners: [{ name: '马小军', idNumber: '140105199001010024', phone: '139 3511 0001' }],
    ...over,
  });

  it('refuses a group visit with six representatives, naming the article, and stores nothing', async () => {
    const before = await queryRows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM petitions`);
    const reps = ['甲', '乙', '丙', '丁', '戊', '己'].map((s) => ({ name: `李${s}`, isRepresentative: true }));
    const res = await post('/api/v1/petitions', visit({ details: { peopleCount: 60 }, petitioners: reps }));
    expect(res.statusCode).toBe(400);
    expect(res.json().messageZh).toContain('代表人数不得超过 5 人（现为 6 人）');
    expect(res.json().details.problems[0]).toMatchObject({ field: 'petitioners', article: '《信访工作条例》第二十条第三款' });
    const after = await queryRows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM petitions`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  // Art. 20 ¶3: the group is the larger of details.peopleCount and the people listed; above 5 it names 1–5 representatives.
  it.each([
    ['30 came, 1 named, no representative', 30, [{ name: '郭一', isRepresentative: false }], 400, ['petitioners']],
    ['30 came, 1 named representative', 30, [{ name: '郭二', isRepresentative: true }], 201, []],
    ['7 listed but peopleCount 2', 2, ['甲', '乙', '丙', '丁', '戊', '己', '庚'].map((s, i) => ({ name: `孙${s}`, isRepresentative: i === 0 })), 400, ['details.peopleCount']],
  ])('group visit: %s', async (_label, peopleCount, petitioners, status, fields) => {
    const res = await post('/api/v1/petitions', visit({ title: `反映征地补偿（${String(_label)}）`, details: { peopleCount }, petitioners }));
    expect(res.statusCode, res.body).toBe(status);
    if (status === 400) expect(res.json().details.problems.map((p: { field: string }) => p.field)).toEqual(fields);
  });

  it('says why a group visit of 30 with no representative is sent back', async () => {
    const res = await post('/api/v1/petitions', visit({ details: { peopleCount: 30 }, petitioners: [{ name: '郭三' }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems[0]).toMatchObject({
      field: 'petitioners',
      messageZh: '30 人走访同一事项，请标明推选的代表（不超过 5 人）',
      article: '《信访工作条例》第二十条第三款',
    });
  });

  it('reports every problem of a phone call at once', async () => {
    const res = await post('/api/v1/petitions', { ...visit({ channel: 'phone', details: {} }), petitioners: [{ name: '马小军', idNumber: '140105199001010020', phone: '12345' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems.map((p: { field: string }) => p.field)).toEqual([
      'details.callerNumber',
      'details.calledAt',
      'petitioners.0.idNumber',
      'petitioners.0.phone',
    ]);
  });

  it('refuses a region code that does not exist, and names the missing title as the form’s own field', async () => {
    const res = await post('/api/v1/petitions', visit({ regionCode: '999999', title: ' ' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems.map((p: { field: string }) => p.field)).toEqual(['regionCode', 'title']);
    expect(res.json().messageZh).toContain('行政区划代码不存在：999999');
  });

  it('registers a group visit of 40 with 5 representatives as one collective matter', async () => {
    const reps = ['甲', '乙', '丙', '丁', '戊'].map((s, i) => ({ name: `王${s}`, phone: `1393511010${i}`, isRepresentative: true }));
    const res = await post('/api/v1/petitions', visit({ title: '反映小区供暖不达标', details: { peopleCount: 40 }, petitioners: reps }));
    expect(res.statusCode).toBe(201);
    const page = (await get(`/api/v1/matters/${res.json().matters[0].matterId}`)).json();
    expect(page.matter.facts.collective).toBe(true);
    expect(page.matter.petitioners).toHaveLength(5);
    expect(page.matter.petitioners.every((p: { isRepresentative: boolean }) => p.isRepresentative)).toBe(true);
    const petition = (await get(`/api/v1/petitions/${res.json().petitionId}`)).json();
    expect(petition).toMatchObject({ peopleCount: 40, collective: true, channel: 'visit', source: 'desk' });
  });

  it('splits one letter into two matters, each with its own course (分诉求登记)', async () => {
    const res = await post('/api/v1/petitions', {
      channel: 'letter',
      receivedAt: '2025-11-18',
      regionCode: '140106',
      title: '反映拆迁补偿及子女入学问题',
      content: '信访人来信反映两件事：一是拆迁补偿款未足额发放；二是子女因户籍问题无法就近入学。',
      details: { postmarkOn: '2025-11-15', pages: 3 },
      petitioners: [{ name: '陈国华', idNumber: '140106197812303311' }],
      demands: [
        { title: '反映拆迁补偿款未足额发放', content: '拆迁补偿款尚欠八万元未发放。', respondent: '迎泽区某街道办事处' },
        { title: '反映子女无法就近入学', content: '子女因户籍迁移手续未办完无法就近入学。', respondent: '迎泽区教育局' },
      ],
    });
    expect(res.statusCode).toBe(201);
    const { matters, petitionId } = res.json();
    expect(matters.map((m: { relation: string }) => m.relation)).toEqual(['origin', 'origin']);
    expect(new Set(matters.map((m: { number: string }) => m.number)).size).toBe(2);
    for (const m of matters) {
      const page = (await get(`/api/v1/matters/${m.matterId}`)).json();
      expect(page.matter.petitions).toEqual([expect.objectContaining({ id: petitionId, relation: 'origin', channelLabel: '来信' })]);
      expect(page.clocks[0]).toMatchObject({ name: 'dispatch', from: '2025-11-18' });
    }
  });

  it('links a repeat petition to an existing matter: the petition is kept and the repeat counted', async () => {
    const demo = (await get('/api/v1/matters?q=物业费')).json().items[0];
    const res = await post('/api/v1/petitions', {
      channel: 'phone',
      receivedAt: '2025-11-20T10:05:00+08:00',
      regionCode: '140105',
      title: '再次反映物业涨价',
      content: '来电人称此前来信反映的物业公司涨物业费一事至今没有答复。',
      details: { callerNumber: '13803511234', calledAt: '2025-11-20T10:05:00+08:00' },
      oral: true,
      petitioners: [ZHANG],
      demands: [{ title: '再次反映物业涨价', content: '物业费涨价至今没有答复。', linkTo: { matterId: demo.id, relation: 'repeat' } }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().matters).toEqual([{ matterId: demo.id, number: demo.number, relation: 'repeat', refusedAgain: false }]);
    const page = (await get(`/api/v1/matters/${demo.id}`)).json();
    expect(page.matter.petitions.map((p: { relation: string }) => p.relation)).toEqual(['origin', 'repeat']);
    expect(page.events.at(-1)).toMatchObject({ type: 'repeatPetitionRecorded' });
    expect(page.events.at(-1).payload).toMatchObject({ petitionId: res.json().petitionId, receivedOn: '2025-11-20' });
    // The same person: one registry record for 张建国, not two.
    expect(page.matter.petitioners).toHaveLength(1);
    const [state] = await queryRows<{ repeats: number }>(t.ctx.db, sql`SELECT (state->>'repeatPetitions')::int AS repeats FROM matters WHERE id = ${demo.id}`);
    expect(state!.repeats).toBe(1);
  });

  it('joins another petitioner to a collective matter without counting a repeat', async () => {
    const first = await post('/api/v1/petitions', visit({ title: '反映村集体土地补偿分配', content: '反映村集体土地征收补偿款分配不公开。', respondent: '某村村民委员会', petitioners: [{ name: '赵大有', phone: '13935110011' }] }));
    const matterId = first.json().matters[0].matterId;
    const joined = await post('/api/v1/petitions', {
      ...visit({ petitioners: [{ name: '赵二有', phone: '13935110012' }] }),
      demands: [{ title: '同一土地补偿事项', content: '与赵大有反映的为同一事项。', linkTo: { matterId, relation: 'joined' } }],
    });
    expect(joined.statusCode).toBe(201);
    const page = (await get(`/api/v1/matters/${matterId}`)).json();
    expect(page.matter.petitioners.map((p: { name: string }) => p.name).sort()).toEqual(['赵二有', '赵大有']);
    expect(page.events.at(-1).type).toBe('petitionJoined');
    const [state] = await queryRows<{ repeats: number }>(t.ctx.db, sql`SELECT (state->>'repeatPetitions')::int AS repeats FROM matters WHERE id = ${matterId}`);
    expect(state!.repeats).toBe(0);
  });

  it('refuses a known ID number under another name at the desk, so the clerk checks', async () => {
    const res = await post('/api/v1/petitions', visit({ petitioners: [{ name: '张健国', idNumber: ZHANG.idNumber }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().messageZh).toContain('该身份证号已登记为「张建国」');
  });

  it('does not run repeat or join as bare commands on a matter: they come with a petition', async () => {
    const demo = (await get('/api/v1/matters?q=物业费')).json().items[0];
    const res = await post(`/api/v1/matters/${demo.id}/commands`, { type: 'recordRepeatPetition' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('INVALID_TRANSITION');
    expect(res.json().messageZh).toContain('登记台');
  });

  it('finds a petitioner as the clerk types, masked, and merges two records of one person', async () => {
    const byName = (await get(`/api/v1/petitioners?q=${encodeURIComponent('张建')}`)).json().items;
    expect(byName[0]).toMatchObject({ name: '张建国', idNumberMasked: '140105********123X', phoneMasked: '138****1234' });
    expect(byName[0].idNumber).toBeUndefined();
    const byLast4 = (await get('/api/v1/petitioners?q=123X')).json().items;
    expect(byLast4.map((h: { name: string }) => h.name)).toContain('张建国');
    const byPhone = (await get('/api/v1/petitioners?q=1380351')).json().items;
    expect(byPhone.map((h: { name: string }) => h.name)).toContain('张建国');

    // A phone caller recorded without ID, later recognised as the same person as an ID-carrying record.
    expect((await post('/api/v1/petitions', visit())).statusCode).toBe(201);
    expect((await post('/api/v1/petitions', visit({ petitioners: [{ name: '马小军', phone: '13935119999' }] }))).statusCode).toBe(201);
    const records = (await get(`/api/v1/petitioners?q=${encodeURIComponent('马小军')}`)).json().items as { id: string; idNumberMasked: string | null }[];
    const withId = records.find((r) => r.idNumberMasked);
    const withoutId = records.find((r) => !r.idNumberMasked);
    expect(withId && withoutId).toBeTruthy();
    const merged = await post(`/api/v1/petitioners/${withId!.id}/merge`, { mergedId: withoutId!.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().petitionIds).toHaveLength(1);
    const after = (await get(`/api/v1/petitioners?q=${encodeURIComponent('马小军')}`)).json().items;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: withId!.id, phoneMasked: '139****0001' });
    // The merged record carries no petition any more, so it is in nobody's scope: it cannot be merged again.
    const again = await post(`/api/v1/petitioners/${withId!.id}/merge`, { mergedId: withoutId!.id });
    expect(again.statusCode).toBe(404);
  });

  it('finds a petitioner by landline, however the clerk types it', async () => {
    // Demo petitioner 赵丽 is stored with the landline 0351-7654321 (normalised "AREA-LOCAL").
    for (const q of ['0351-7654321', '03517654321', '(0351) 765 4321', '0351 7654321', '+86 0351-7654321', '0351-765', '03517654', '7654321']) {
      const items = (await get(`/api/v1/petitioners?q=${encodeURIComponent(q)}`)).json().items;
      expect(items.map((h: { name: string }) => h.name), q).toContain('赵丽');
    }
    const [zhao] = (await get('/api/v1/petitioners?q=03517654321')).json().items;
    expect(zhao).toMatchObject({ name: '赵丽', phoneMasked: '035****4321' });
    expect((await get('/api/v1/petitioners?q=0351-7654320')).json().items).toEqual([]);
  });

  it('refuses to merge two records with different ID numbers', async () => {
    const a = (await get(`/api/v1/petitioners?q=${encodeURIComponent('张建国')}`)).json().items[0];
    const b = (await get(`/api/v1/petitioners?q=${encodeURIComponent('陈国华')}`)).json().items[0];
    const res = await post(`/api/v1/petitioners/${a.id}/merge`, { mergedId: b.id });
    expect(res.statusCode).toBe(422);
    expect(res.json().messageZh).toContain('身份证号不同');
    expect(res.json().details).toMatchObject({ reason: 'DIFFERENT_ID_NUMBERS', fields: ['idNumber', 'name'] });
  });

  it('shows the unmasked ID only to a role that needs it, with a purpose, and records the read', async () => {
    const zhang = (await get(`/api/v1/petitioners?q=${encodeURIComponent('张建国')}`)).json().items[0];
    const read = await get(`/api/v1/petitioners/${zhang.id}/pii?purpose=${encodeURIComponent('电话回访核实身份')}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ idNumber: ZHANG.idNumber, phone: ZHANG.phone });
    const logged = await queryRows<{ type: string; purpose: string; actor: string }>(
      t.ctx.db,
      sql`SELECT type, payload->>'purpose' AS purpose, actor_user_id::text AS actor FROM events WHERE entity_type = 'petitioner' AND entity_id = ${zhang.id} AND type = 'piiViewed'`,
    );
    expect(logged).toEqual([{ type: 'piiViewed', purpose: '电话回访核实身份', actor: desk.user.id }]);
    const acceptance = await loginAs(t.app, 'sx.acceptance');
    expect((await get(`/api/v1/petitioners/${zhang.id}/pii?purpose=x1`, acceptance)).statusCode).toBe(403);
  });

  it('keeps the audit chain intact', async () => {
    expect((await verifyChain(t.ctx.db)).ok).toBe(true);
  });
});
