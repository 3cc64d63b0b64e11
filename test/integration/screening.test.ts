import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { duplicatesCheck } from '../../src/cli/commands/duplicates';
import { queryRows } from '../../src/db/tx';
import { entityCandidates } from '../../src/modules/screening/service';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

// 2025-11-20. Demo matters (src/modules/demo/matters.ts): 张建国 wrote about his property company raising fees
// (letter, 小店区, registered at the provincial bureau, not yet dispatched); 李秀英's complaint about night-time
// construction noise was forwarded 8 days ago to 小店区住建局 (a county body) and is within its time limits.
const ZHANG = { name: '张建国', idNumber: '14010519800315123X', phone: '13803511234' };
const LI = { name: '李秀英', idNumber: '140105197507082341', phone: '13935112345' };

interface Candidate {
  matterId: string;
  number: string;
  title: string;
  score: number;
  likelyRepeat: boolean;
  reasons: { code: string; messageZh: string }[];
  flags: { code: string; article: string }[];
}

describe.each(BACKENDS)('duplicate screening on %s', (backend) => {
  let t: TestApp;
  let desk: Session;
  let matterOf: (q: string) => Promise<{ id: string; number: string }>;
  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    desk = await loginAs(t.app, 'sx.registrar');
    matterOf = async (q) => (await requestAs(t.app, desk, { url: `/api/v1/matters?q=${encodeURIComponent(q)}` })).json().items[0];
    // 张建国 has a second, unrelated matter: his daughter's school place.
    const res = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: {
        channel: 'letter',
        receivedAt: '2025-11-03',
        regionCode: '140105',
        title: '反映女儿入学学位分配问题',
        content: '信访人反映其女儿今年小学入学，按学区应就近入读，但被教育部门调剂到距家五公里外的学校，请求重新安排学位。',
        respondent: '太原市小店区教育局',
        petitioners: [ZHANG],
      },
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const check = async (draft: object): Promise<{ decision: string; candidates: Candidate[] }> => {
    const res = await requestAs(t.app, desk, { method: 'POST', url: '/api/v1/duplicates/check', payload: { channel: 'phone', receivedAt: '2025-11-20T09:00:00+08:00', regionCode: '140105', ...draft } });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('finds a rephrased repeat by the same person through another channel, with checkable reasons', async () => {
    const target = await matterOf('物业费');
    const r = await check({
      title: '物业涨价问题',
      content: '来电人称，他家小区的物业公司今年没开业主大会就把物业费从一块二涨到了一块八，他之前写过信，想问问怎么处理的，要求恢复原价。',
      petitioners: [{ name: '张建国', phone: '138-0351-1234' }],
    });
    expect(r.decision).toBe('repeat');
    expect(r.candidates[0]).toMatchObject({ matterId: target.id, likelyRepeat: true });
    const codes = r.candidates[0]!.reasons.map((x) => x.code);
    expect(codes).toContain('samePhone');
    expect(r.candidates[0]!.reasons.map((x) => x.messageZh).join('；')).toMatch(/手机号|电话/);
  });

  it('registers a caller by the number they called from, and puts their first call before the clerk when they call again under another name', async () => {
    const call = (name: string, content: string) => ({
      channel: 'phone',
      receivedAt: '2025-11-20T09:30:00+08:00',
      regionCode: '140105',
      title: '反映楼下烧烤店油烟扰民',
      content,
      details: { callerNumber: '139-0351-2222', calledAt: '2025-11-20T09:30:00+08:00' },
      // Only the caller's name: the number is in the call's details, where the form puts it.
      petitioners: [{ name }],
    });
    const first = await requestAs(t.app, desk, { method: 'POST', url: '/api/v1/petitions', payload: call('刘翠花', '来电人称楼下烧烤店每晚油烟直排进窗户，营业到凌晨，要求整治。') });
    expect(first.statusCode, first.body).toBe(201);
    const hits = (await requestAs(t.app, desk, { url: '/api/v1/petitioners?q=13903512222' })).json().items;
    expect(hits.map((h: { name: string }) => h.name)).toEqual(['刘翠花']);
    // The next call: the name heard differently, the complaint in other words.
    const r = await check(call('刘翠华', '来电反映楼下那家烧烤店油烟还是直接排到她家窗户里，半夜还在营业，之前打过电话。'));
    expect(r.candidates[0]!.number).toBe(first.json().matters[0].number);
    expect(r.candidates[0]!.reasons.map((x) => x.code)).toContain('samePhone');
  });

  it('screens a person picked from the registry by their stored identity, not the masked one on the form', async () => {
    const target = await matterOf('物业费');
    const zhang = (await requestAs(t.app, desk, { url: `/api/v1/petitioners?q=${encodeURIComponent('张建国')}` })).json().items[0];
    // The form only has the masked ID and phone; the region is the province, so a name alone would find nothing.
    const r = await check({
      regionCode: '140000',
      title: '物业费上涨',
      content: '反映小区物业公司未开业主大会就把物业费由每平方米1.2元涨到1.8元，要求恢复。',
      petitioners: [{ petitionerId: zhang.id, name: '张建国' }],
    });
    expect(r.candidates[0]).toMatchObject({ matterId: target.id, likelyRepeat: true });
  });

  it('does not take a different matter by the same person for a repeat', async () => {
    const r = await check({
      title: '反映小区门口占道经营',
      content: '来电人反映小区门口长期有摊贩占道经营，早晚高峰堵塞交通，请求城管部门整治。',
      respondent: '小店区城市管理局',
      petitioners: [ZHANG],
    });
    expect(r.decision).toBe('new');
    expect(r.candidates.every((c) => !c.likelyRepeat)).toBe(true);
    // The person's other matters are still shown, lower, so the clerk sees the history.
    expect(r.candidates.length).toBeGreaterThan(0);
  });

  it('does not make a different person’s complaint about the same company a repeat', async () => {
    const r = await check({
      title: '反映物业公司擅自提高物业费',
      content: '来电人反映所住小区物业公司未经业主大会同意，自本年起将物业费由每平方米1.2元提高至1.8元，请求查处。',
      petitioners: [{ name: '刘芳', phone: '13700001111' }],
    });
    expect(r.decision).toBe('new');
    for (const c of r.candidates) expect(c.likelyRepeat).toBe(false);
  });

  it('recognises a name written in traditional characters', async () => {
    const target = await matterOf('物业费');
    const r = await check({
      title: '物業費上漲',
      content: '張建國來電反映小區物業公司未經業主大會同意擅自把物業費從每平方米1.2元提高到1.8元，要求恢復原收費標準。',
      petitioners: [{ name: '張建國', phone: '13803511234' }],
    });
    expect(r.candidates[0]).toMatchObject({ matterId: target.id, likelyRepeat: true });
  });

  it('flags level-skipping: a repeat at the province while a county body handles it within its limit', async () => {
    const target = await matterOf('施工扰民');
    const r = await check({
      title: '再次反映工地夜间施工噪音',
      content: '信访人再次反映小店区老旧小区改造工地晚上施工，噪音很大影响休息，要求规定施工时间。',
      petitioners: [LI],
    });
    const hit = r.candidates.find((c) => c.matterId === target.id);
    expect(hit?.likelyRepeat).toBe(true);
    expect(hit?.flags.map((f) => f.code)).toContain('levelSkipping');
    expect(hit?.flags.find((f) => f.code === 'levelSkipping')?.article).toContain('第十九条');
  });

  it('screens a file from the command line: one answer line per draft, best candidate first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xf-dup-'));
    try {
      const input = join(dir, 'q.jsonl');
      const output = join(dir, 'a.jsonl');
      writeFileSync(
        input,
        [
          JSON.stringify({ externalId: 'Q1', channel: 'online', receivedAt: '2025-11-19', regionCode: '140105', title: '物业费涨价', content: '小区物业没开业主大会就把物业费从每平米1.2元涨到1.8元，要求恢复原标准。', petitioners: [ZHANG] }),
          '{not json',
          JSON.stringify({ externalId: 'Q3', channel: 'letter', receivedAt: '2025-11-19', regionCode: '140107', title: '反映养老金发放', content: '退休后养老金一直没有按时足额发放，请求核查。', petitioners: [{ name: '钱多多', phone: '13111112222' }] }),
        ].join('\n'),
      );
      const summary = await duplicatesCheck(t.ctx, { input, output, level: 'province', limit: 5 });
      expect(summary).toMatchObject({ lines: 3, errors: 1, repeats: 1 });
      const lines = readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatchObject({ externalId: 'Q1', decision: 'repeat' });
      expect(typeof lines[0].ms).toBe('number');
      expect(lines[0].candidates[0]).toMatchObject({ matterId: (await matterOf('物业费')).id, externalIds: [] });
      expect(lines[0].candidates[0].score).toBeGreaterThan(lines[0].candidates.at(-1).score - 1e-9);
      expect(lines[1]).toMatchObject({ line: 2, externalId: null });
      expect(lines[2]).toMatchObject({ externalId: 'Q3', decision: 'new' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('records what screening showed when the petition is registered', async () => {
    const target = await matterOf('物业费');
    const res = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: {
        channel: 'online',
        receivedAt: '2025-11-20T08:00:00+08:00',
        regionCode: '140105',
        title: '物业费涨价',
        content: '小区物业没开业主大会就把物业费从每平米1.2元涨到1.8元，要求恢复原标准。',
        petitioners: [ZHANG],
        demands: [{ title: '物业费涨价', content: '要求恢复原物业费标准。', linkTo: { matterId: target.id, relation: 'repeat' } }],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().screening.candidates[0].matterId).toBe(target.id);
  });

  describe('the facts a clerk recognises a matter by (petition_entity_keys)', () => {
    let group: { id: string; petitionId: string };
    // A member of the group who never signed calls about the group's demand: other words, the same facts.
    const memberCall = (name: string, phone: string) => ({
      title: '讨要工资',
      content: '来电人称其在鑫源花园工地打工，承建方是金泰建筑，2024年3月起干了8个月，工钱一直没给，大伙儿一共被欠了465000元。要求结清欠薪。',
      respondent: '金泰建筑',
      petitioners: [{ name, phone }],
    });
    beforeAll(async () => {
      // A collective matter (联名信): three workers of one project, one respondent, one amount, one month.
      const res = await requestAs(t.app, desk, {
        method: 'POST',
        url: '/api/v1/petitions',
        payload: {
          channel: 'letter',
          receivedAt: '2025-10-09',
          regionCode: '140105',
          title: '反映拖欠农民工工资问题',
          content:
            '我们是在山西金泰建筑工程有限公司承建的鑫源花园项目干活的农民工，2024年3月开始干活，一共干了8个月，公司至今拖欠我们工资46.5万元，多次讨要无果。请求督促金泰建筑尽快支付拖欠的工资。',
          respondent: '山西金泰建筑工程有限公司',
          petitioners: [
            { name: '郭振华', phone: '13700002001' },
            { name: '任保平', phone: '13700002002' },
            { name: '薛德胜', phone: '13700002003' },
          ],
        },
      });
      expect(res.statusCode).toBe(201);
      group = { id: res.json().matters[0].matterId, petitionId: res.json().petitionId };
    });

    it('stores the petition’s entity keys at registration', async () => {
      const rows = await queryRows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM petition_entity_keys WHERE petition_id = ${group.petitionId}`);
      expect(rows[0]!.n).toBeGreaterThan(3);
    });

    it('takes a member of the group filing alone for the first time, with nobody in common, for a repeat of the group’s matter', async () => {
      const r = await check(memberCall('闫喜平', '13900003003'));
      expect(r.decision).toBe('repeat');
      expect(r.candidates[0]).toMatchObject({ matterId: group.id, likelyRepeat: true });
      const codes = r.candidates[0]!.reasons.map((x) => x.code);
      expect(codes).toContain('groupMember');
      expect(codes).toContain('differentPetitioner');
    });

    it('recognises the same worker written with a homophone, a new phone and no ID number', async () => {
      const r = await check({
        title: '农民工工资',
        content: '来访人郭振骅反映：其在鑫源花园项目干了8个月，承建单位山西金泰建筑工程有限公司拖欠工资46.5万余元，从2024年3月干到现在一分没拿到。',
        channel: 'visit',
        respondent: '山西金泰建筑工程有限公司',
        petitioners: [{ name: '郭振骅', phone: '13900004004' }],
      });
      expect(r.candidates[0]).toMatchObject({ matterId: group.id, likelyRepeat: true });
      expect(r.candidates[0]!.reasons.map((x) => x.code)).toContain('sameNameSound');
    });

    it('does not take the same person about another project and other wages for a repeat', async () => {
      const r = await check({
        title: '反映拖欠工资问题',
        content: '来电人反映其2025年5月到山西金泰建筑工程有限公司承建的汇通家园项目当钢筋工，干了4个月，被拖欠工资3.8万元，要求支付。',
        respondent: '山西金泰建筑工程有限公司',
        petitioners: [{ name: '郭振华', phone: '13700002001' }],
      });
      expect(r.decision).toBe('new');
      const same = r.candidates.find((c) => c.matterId === group.id);
      expect(same?.likelyRepeat ?? false).toBe(false);
      if (same) expect(same.reasons.map((x) => x.code)).toContain('differentFacts');
    });

    it('looks entity keys up through the B-tree, one bounded probe per key, never a scan', async () => {
      // A small table's plan may prefer a scan whatever the query; forbidding it leaves a Seq Scan only where no index
      // can serve the lookup. The lookup never touches `petitions`: keys → petition ids → petition_matters.
      const plan = await t.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        const rows = await queryRows<{ 'QUERY PLAN': string }>(tx, sql`EXPLAIN ${entityCandidates([1, 2, 3])}`);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      // An ordered index scan (large keys) or a bitmap probe (small ones): both by key through the primary key.
      expect(plan).toMatch(/(Index (Only )?Scan (Backward )?using|Bitmap Index Scan on) petition_entity_keys_key_petition_id_pk/);
      expect(plan).not.toMatch(/Seq Scan on petition_entity_keys/);
      expect(plan).toMatch(/Limit/);
    });

    it('finds the group member through the entity lookup: without the matter’s keys it is not a candidate at all', async () => {
      const member = memberCall('白润生', '13900005005');
      expect((await check(member)).candidates.map((c) => c.matterId)).toContain(group.id);
      await t.ctx.db.execute(sql`DELETE FROM petition_entity_keys WHERE petition_id = ${group.petitionId}`);
      expect((await check(member)).candidates.map((c) => c.matterId)).not.toContain(group.id);
    });
  });
});
