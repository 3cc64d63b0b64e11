import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

const MOBILE = '13912345678';
const ID_NUMBER = '140105198001011233';
const LANDLINE = '0351-7654321';
const TEL = '［电话号码略］';
const ID = '［身份证号码略］';

/**
 * Personal data in free text (the letter, the correction, the opinion, the workspace): the matter page shows it as
 * written to roles with `petitioner.pii.read` (registrar, handler, body leader) and masks ID- and phone-like numbers
 * for everyone else (leader, supervisor, acceptance officer). Masking is read-side: nothing is stored or recorded.
 */
describe.each(BACKENDS)('free text on the matter page by permission on %s', (backend) => {
  let t: TestApp;
  let desk: Session;
  let office: Session;
  let handler: Session;
  let matterId = '';
  let forwardedPage: { matter: { content: string } } | null = null;

  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
    desk = await loginAs(t.app, 'sx.registrar');
    office = await loginAs(t.app, 'sx.acceptance');
    handler = await loginAs(t.app, 'xd.zjj.handler');
    const ids: Record<string, string> = {};
    for (const b of await queryRows<{ id: string; code: string }>(t.ctx.db, sql`SELECT id, code FROM bodies`)) ids[b.code] = b.id;

    const command = async (s: Session, payload: object) => {
      const res = await requestAs(t.app, s, { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload });
      expect(res.statusCode, res.body.slice(0, 400)).toBe(200);
      return res.json();
    };
    const reg = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: {
        channel: 'letter',
        receivedAt: '2025-11-20T09:00:00+08:00',
        regionCode: '140105',
        title: `反映小区电梯停运（联系电话${MOBILE}）`,
        content: `信访人张某，身份证${ID_NUMBER}，联系电话${MOBILE}。自2018年7月起电梯停运，业主垫付维修款310000元。`,
        respondent: `某物业公司（电话${LANDLINE}）`,
        place: `小店区某小区3号楼，门卫${MOBILE}`,
        petitioners: [{ name: '张某', address: '山西省太原市小店区' }],
      },
    });
    expect(reg.statusCode, reg.body.slice(0, 300)).toBe(201);
    matterId = reg.json().matters[0].matterId;
    await command(desk, { type: 'correctRegistration', changes: { content: `信访人张某，身份证${ID_NUMBER}，联系电话${MOBILE}，另留座机${LANDLINE}。自2018年7月起电梯停运，业主垫付维修款310000元。` } });
    await command(office, { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    forwardedPage = await command(office, { type: 'forward', toBodyId: ids['140105-zjj'] });
    await command(handler, { type: 'accept', procedure: 'ordinary' });
    await command(handler, { type: 'recordInvestigation', kind: 'siteVisit', summary: `回访信访人，电话${MOBILE}`, participants: '褚承办' });
    await command(handler, { type: 'draftOpinion', outcome: 'support', summary: `信访人联系电话${MOBILE}，已责令物业公司于2025年12月前恢复电梯运行`, facts: `经查属实（身份证${ID_NUMBER}）` });
  });
  afterAll(() => t.close());

  const page = async (login: string | Session) => {
    const res = await requestAs(t.app, typeof login === 'string' ? await loginAs(t.app, login) : login, { url: `/api/v1/matters/${matterId}` });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res.json();
  };
  const eventCount = async () => (await queryRows<{ n: number }>(t.ctx.db, sql`SELECT count(*)::int AS n FROM events`))[0]!.n;

  it.each(['sx.leader', 'sx.supervisor1'])('masks the numbers in the matter, the workspace, the draft and the timeline for %s', async (login) => {
    const session = await loginAs(t.app, login); // a login is recorded; the reading after it is not
    const before = await eventCount();
    const p = await page(session);
    const all = JSON.stringify({ matter: p.matter, events: p.events });
    for (const n of [MOBILE, ID_NUMBER, LANDLINE, '7654321']) expect(all).not.toContain(n);

    expect(p.matter.title).toBe(`反映小区电梯停运（联系电话${TEL}）`);
    expect(p.matter.content).toBe(`信访人张某，身份证${ID}，联系电话${TEL}，另留座机${TEL}。自2018年7月起电梯停运，业主垫付维修款310000元。`);
    expect(p.matter.respondent).toBe(`某物业公司（电话${TEL}）`);
    expect(p.matter.place).toBe(`小店区某小区3号楼，门卫${TEL}`);
    expect(p.matter.number).toMatch(/^XF1401052025\d{6}$/);
    expect(p.matter.opinionDraft).toMatchObject({ summary: `信访人联系电话${TEL}，已责令物业公司于2025年12月前恢复电梯运行`, facts: `经查属实（身份证${ID}）` });
    expect(p.matter.workspace.investigations[0].summary).toBe(`回访信访人，电话${TEL}`);

    const event = (type: string) => p.events.find((e: { type: string }) => e.type === type);
    expect(event('opinionDrafted').summary).toBe(`予以支持：信访人联系电话${TEL}，已责令物业公司于2025年12月前恢复电梯运行`);
    expect(event('opinionDrafted').payload).toMatchObject({ summary: `信访人联系电话${TEL}，已责令物业公司于2025年12月前恢复电梯运行` });
    expect(event('registrationCorrected').payload.changes.content).toContain(`身份证${ID}，联系电话${TEL}`);
    // Ids in payloads are left alone (the forwarding still names its body).
    expect(event('forwarded').summary).toBe('转至 太原市小店区住房和城乡建设局');
    expect(event('forwarded').payload.toBodyId).toMatch(/^[0-9a-f-]{36}$/);
    // Reading records nothing.
    expect(await eventCount()).toBe(before);
  });

  it('masks the title in the matter list for a role without the permission only', async () => {
    const titles = async (login: string) =>
      (await requestAs(t.app, await loginAs(t.app, login), { url: `/api/v1/matters?q=${encodeURIComponent('反映小区电梯停运')}` })).json().items.map((m: { title: string }) => m.title);
    expect(await titles('sx.leader')).toEqual([`反映小区电梯停运（联系电话${TEL}）`]);
    expect(await titles('sx.registrar')).toEqual([`反映小区电梯停运（联系电话${MOBILE}）`]);
  });

  it('masks the title in the acceptance office’s queue (sx.acceptance has no petitioner.pii.read)', async () => {
    const reg = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: {
        channel: 'letter',
        receivedAt: '2025-11-20T10:00:00+08:00',
        regionCode: '140105',
        title: `反映路灯不亮（回电${MOBILE}）`,
        content: '小区门口路灯已坏两个月。',
        petitioners: [{ name: '李某', address: '山西省太原市小店区' }],
      },
    });
    expect(reg.statusCode, reg.body.slice(0, 300)).toBe(201);
    const queue = (await requestAs(t.app, office, { url: '/api/v1/triage/queue' })).json();
    const item = queue.items.find((m: { id: string }) => m.id === reg.json().matters[0].matterId);
    expect(item.title).toBe(`反映路灯不亮（回电${TEL}）`);
  });

  it('masks the page a command returns to a role without the permission', () => {
    expect(forwardedPage!.matter.content).not.toContain(MOBILE);
    expect(forwardedPage!.matter.content).toContain(TEL);
  });

  it.each(['sx.registrar', 'xd.zjj.handler', 'xd.zjj.leader'])('shows %s (petitioner.pii.read) the text as written', async (login) => {
    const p = await page(login);
    expect(p.matter.content).toBe(`信访人张某，身份证${ID_NUMBER}，联系电话${MOBILE}，另留座机${LANDLINE}。自2018年7月起电梯停运，业主垫付维修款310000元。`);
    expect(p.matter.title).toContain(MOBILE);
    expect(p.matter.respondent).toContain(LANDLINE);
    expect(p.matter.opinionDraft.summary).toContain(MOBILE);
    const drafted = p.events.find((e: { type: string }) => e.type === 'opinionDrafted');
    expect(drafted.summary).toContain(`信访人联系电话${MOBILE}`);
    expect(drafted.payload.facts).toContain(ID_NUMBER);
  });
});
