import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvents } from '../../src/modules/audit/append';
import { Calendar } from '../../src/domain/calendar';
import { reusedWhileQuiet } from '../../src/modules/supervision/board';
import { BACKENDS } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type TestApp } from '../helpers/app';

/**
 * The supervision board over the demo province on Thu 2025-11-20. Each supervision office sees its own cities
 * (督查督办一处: 太原、阳泉、晋中、吕梁). Demo facts (src/modules/demo/matters.ts): the 物业费 letter to the provincial
 * bureau was received 20 days ago and never dispatched; a matter assigned to 太原市住建局 was accepted 66 days ago
 * and not concluded; a 迎泽区 matter was evaluated 不满意.
 */
describe.each(BACKENDS)('supervision board on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend, '2025-11-20T02:00:00Z');
  });
  afterAll(() => t.close());

  const board = async (login: string, query = '') => {
    const s = await loginAs(t.app, login);
    return requestAs(t.app, s, { url: `/api/v1/supervision/board${query}` });
  };

  it('shows an office the duty failures of its cities, each with the body and the article', async () => {
    const res = await board('sx.supervisor1');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    const find = (check: string, title: string) => b.failures.find((f: { check: string; title: string }) => f.check === check && f.title === title);
    expect(find('notDispatchedInTime', '反映小区物业公司擅自提高物业费')).toMatchObject({ body: { name: '山西省信访局' }, article: '《信访工作条例》第二十二条、第四十三条' });
    expect(find('notConcludedInTime', '反映商品房逾期交房问题')).toMatchObject({ body: { name: '太原市住房和城乡建设局' }, article: expect.stringContaining('第四十五条第一项') });
    expect(b.failures.some((f: { check: string }) => f.check === 'dissatisfiedEvaluation')).toBe(true);
    expect(b.byCheck.find((c: { check: string }) => c.check === 'notDispatchedInTime').count).toBeGreaterThanOrEqual(1);
    expect(b.overdue.map((c: { clock: string }) => c.clock)).toEqual(expect.arrayContaining(['dispatch', 'handling']));
    expect(b.overdue.every((c: { daysLeft: number }) => c.daysLeft < 0)).toBe(true);
    expect(b.atRisk.every((c: { daysLeft: number }) => c.daysLeft >= 0 && c.daysLeft <= 3)).toBe(true);
  });

  it('keeps other offices’ cities out, and bodies off the board', async () => {
    const other = (await board('sx.supervisor2')).json();
    expect(other.failures.filter((f: { regionName: string }) => ['小店区', '迎泽区', '太原市'].includes(f.regionName))).toEqual([]);
    expect((await board('xd.zjj.handler')).statusCode).toBe(403);
  });

  it('computes the indicators of its cities for a period, per body and per city, with the drill-down to the matters', async () => {
    const s = await loginAs(t.app, 'sx.supervisor1');
    const get = async (q: string) => {
      const res = await requestAs(t.app, s, { url: `/api/v1/supervision/indicators?from=2025-08-01&to=2025-11-20${q}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const byBody = await get('');
    expect(byBody.total.items).toBe(byBody.groups.reduce((n: number, g: { indicators: { items: number } }) => n + g.indicators.items, 0));
    // The one evaluation in these cities was 不满意.
    expect(byBody.total.satisfaction).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(byBody.groups.map((g: { name: string }) => g.name)).toContain('山西省信访局');
    const drill = await get('&drill=timelyAcceptance');
    expect(drill.drill.misses.map((m: { title: string }) => m.title)).toContain('反映小区物业公司擅自提高物业费');
    const byCity = await get('&groupBy=city');
    const taiyuan = byCity.groups.find((g: { key: string }) => g.key === '140100');
    expect(taiyuan.name).toBe('太原市');
    expect(taiyuan.volume.per10kResidents).toBeGreaterThan(0);
    expect(byCity.groups.map((g: { key: string }) => g.key)).not.toContain('140200'); // 大同: another office's city
    const byChannel = await get('&groupBy=channel');
    expect(byChannel.groups.map((g: { name: string }) => g.name)).toEqual(expect.arrayContaining(['来信', '来访']));
    expect(byChannel.total.items).toBe(byBody.total.items);
  });

  it('supervises an overdue matter: 督办函 with a reply date and 挂牌督办, the body replies, the office closes it', async () => {
    const office = await loginAs(t.app, 'sx.supervisor1');
    const b = (await board('sx.supervisor1')).json();
    const failure = b.failures.find((f: { check: string; title: string }) => f.check === 'notConcludedInTime' && f.title === '反映商品房逾期交房问题');
    expect(failure).toBeTruthy();
    const url = `/api/v1/matters/${failure.matterId}/commands`;
    const supervise = {
      type: 'supervise',
      method: 'letter',
      letterKind: 'supervisionLetter',
      reason: '已超过法定办理期限，至今未出具处理意见',
      replyDueOn: '2025-11-27',
      listed: true,
      listedDueOn: '2025-12-20',
      dutyCheck: 'notConcludedInTime',
    };

    // Another office's cities are not its own: the matter does not exist for it.
    const outsider = await loginAs(t.app, 'sx.supervisor2');
    expect((await requestAs(t.app, outsider, { method: 'POST', url, payload: supervise })).statusCode).toBe(404);

    const res = await requestAs(t.app, office, { method: 'POST', url, payload: supervise });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().matter.supervision).toMatchObject({ target: { name: '太原市住房和城乡建设局' }, replyDueOn: '2025-11-27', listed: true, listedDueOn: '2025-12-20', letterLabel: '督办函' });
    expect(res.json().matter.status).toBe('accepted');
    const again = await requestAs(t.app, office, { method: 'POST', url, payload: { ...supervise, letterKind: 'reminderLetter' } });
    expect(again.statusCode).toBe(422);
    expect(again.json().details.reason).toBe('SUPERVISION_OPEN');

    // The letter: numbered in the bureau's 督 sequence, addressed to the body, with the dates in it.
    const docs = (await requestAs(t.app, office, { url: `/api/v1/matters/${failure.matterId}/documents` })).json().items;
    const letter = docs.find((d: { kind: string }) => d.kind === 'supervisionLetter');
    expect(letter.number).toMatch(/^晋信督〔2025〕\d+号$/);
    expect(letter.kindLabel).toBe('督办函');

    // The office's list of supervisions, and the reply clock on the board once it is near.
    const cases = async () => (await requestAs(t.app, office, { url: '/api/v1/supervision/cases' })).json().items.filter((c: { matterId: string }) => c.matterId === failure.matterId);
    expect(await cases()).toEqual([expect.objectContaining({ stage: 'awaitingReply', replyDue: '2025-11-27', daysLeft: 7 })]);
    const near = (await board('sx.supervisor1', '?warningDays=7')).json();
    expect(near.atRisk.some((c: { matterId: string; clock: string }) => c.matterId === failure.matterId && c.clock === 'supervisionReply')).toBe(true);

    // The body: the matter under 督办, the letter downloads; another county's body cannot answer for it.
    const body = await loginAs(t.app, 'ty.zjj.handler');
    const inbox = (await requestAs(t.app, body, { url: '/api/v1/inbox?stage=supervised' })).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(failure.matterId);
    const file = await requestAs(t.app, body, { url: `/api/v1/documents/${letter.id}/docx` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('officedocument.wordprocessingml');
    const stranger = await loginAs(t.app, 'xd.zjj.handler');
    expect((await requestAs(t.app, stranger, { method: 'POST', url, payload: { type: 'replySupervision', summary: '已办理' } })).statusCode).toBe(404);
    const replied = await requestAs(t.app, body, { method: 'POST', url, payload: { type: 'replySupervision', summary: '已约谈开发商，承诺12月15日前交房，已书面答复信访人' } });
    expect(replied.statusCode, replied.body).toBe(200);
    expect((await requestAs(t.app, body, { url: '/api/v1/inbox?stage=supervised' })).json().items.map((i: { id: string }) => i.id)).not.toContain(failure.matterId);

    // The office assesses: unsatisfactory needs a new date; satisfactory closes the supervision.
    expect(await cases()).toEqual([expect.objectContaining({ stage: 'awaitingAssessment' })]);
    const noDate = await requestAs(t.app, office, { method: 'POST', url, payload: { type: 'assessSupervision', verdict: 'unsatisfactory', note: '未附答复材料' } });
    expect(noDate.statusCode).toBe(400);
    const closed = await requestAs(t.app, office, { method: 'POST', url, payload: { type: 'assessSupervision', verdict: 'satisfactory', note: '回复到位' } });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().matter.supervision).toBeNull();
    expect(await cases()).toEqual([]);
    const events = closed.json().events.map((e: { type: string; actor: { name: string } }) => `${e.type}:${e.actor.name}`);
    expect(events).toEqual(expect.arrayContaining(['supervised:孙督查', 'supervisionReplied:钱承办', 'supervisionAssessed:孙督查']));
    expect(closed.json().events.find((e: { type: string }) => e.type === 'supervised').summary).toContain('挂牌督办至 2025-12-20');
  });

  it('reuses a board while nothing is written, for a few seconds at most', async () => {
    const calendar = await t.ctx.calendar.current();
    const at = Date.now();
    let computed = 0;
    const board = (key: string, ms = at) => reusedWhileQuiet(t.ctx.db, [key], calendar, async () => ({ n: ++computed }), ms);
    expect(await board('office')).toEqual({ n: 1 });
    expect(await board('office', at + 1_000)).toEqual({ n: 1 });
    expect(await board('another office')).toEqual({ n: 2 });
    // Any event (a command, a scan, a setting) may change a board: computed again.
    await t.ctx.db.transaction((tx) =>
      appendEvents(tx, [
        { entityType: 'routingModel', entityId: '0', type: 'routingModel.trained', onDate: '2025-11-20', occurredAt: new Date(at), actorUserId: null, actorBodyId: null, payload: {} },
      ]),
    );
    expect(await board('office', at + 1_000)).toEqual({ n: 3 });
    expect(await board('office', at + 2_000)).toEqual({ n: 3 });
    // Another calendar in force: computed again.
    expect(await reusedWhileQuiet(t.ctx.db, ['office'], new Calendar(calendar.data), async () => ({ n: ++computed }), at + 2_000)).toEqual({ n: 4 });
    expect(await board('office', at + 2_000)).toEqual({ n: 5 });
    // Five seconds after it was computed: computed again (a write committed out of id order shows by then).
    expect(await board('office', at + 6_900)).toEqual({ n: 5 });
    expect(await board('office', at + 7_000)).toEqual({ n: 6 });
    // And through the route: the board an office reads twice is the same.
    const s = await loginAs(t.app, 'sx.supervisor1');
    const once = (await requestAs(t.app, s, { url: '/api/v1/supervision/board' })).json();
    expect((await requestAs(t.app, s, { url: '/api/v1/supervision/board' })).json()).toEqual(once);
  });

  it('lets the bureau switch a duty check off and lengthen the delivery grace; the board follows', async () => {
    const admin = await loginAs(t.app, 'admin');
    // 督查设置 is the administrator's (README): the admin reads the checks; a supervisor is refused in words, not codes.
    const read = await requestAs(t.app, admin, { url: '/api/v1/settings/duty-checks' });
    expect(read.statusCode, read.body).toBe(200);
    const get = read.json();
    const refused = await requestAs(t.app, await loginAs(t.app, 'sx.supervisor1'), { url: '/api/v1/settings/duty-checks' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().messageZh).toBe('当前角色无「系统管理」权限');
    expect(get.catalogue.map((c: { code: string }) => c.code)).toContain('supervisionNotAnswered');
    expect(get.config).toEqual({ deliveryGraceDays: 7, disabled: [] });
    const put = (config: object) => requestAs(t.app, admin, { method: 'PUT', url: '/api/v1/settings/duty-checks', payload: config });
    const bad = await put({ deliveryGraceDays: 0, disabled: ['nope'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().messageZh).toContain('送达宽限天数须为 1–60 的整数');
    expect((await put({ deliveryGraceDays: 10, disabled: ['dissatisfiedEvaluation'] })).statusCode).toBe(200);
    const b = (await board('sx.supervisor1')).json();
    expect(b.failures.some((f: { check: string }) => f.check === 'dissatisfiedEvaluation')).toBe(false);
    expect(b.byCheck.map((c: { check: string }) => c.check)).not.toContain('dissatisfiedEvaluation');
    expect((await put({ deliveryGraceDays: 7, disabled: [] })).statusCode).toBe(200);
    expect((await board('sx.supervisor1')).json().failures.some((f: { check: string }) => f.check === 'dissatisfiedEvaluation')).toBe(true);
  });

  // Last: it moves 太原 between offices.
  it('lets the administrator repartition the cities between offices; the boards follow at once', async () => {
    const admin = await loginAs(t.app, 'admin');
    const get = await requestAs(t.app, admin, { url: '/api/v1/supervision/partitions' });
    expect(get.statusCode, get.body).toBe(200);
    const view = get.json();
    expect(view.bureau.name).toBe('山西省信访局');
    const office = (name: string) => view.offices.find((o: { name: string }) => o.name === name);
    expect(office('督查督办一处').regions.map((r: { name: string }) => r.name)).toEqual(['太原市', '阳泉市', '晋中市', '吕梁市']);
    expect(view.unassigned).toEqual([]);
    expect((await requestAs(t.app, await loginAs(t.app, 'sx.supervisor1'), { url: '/api/v1/supervision/partitions' })).statusCode).toBe(403);

    const put = (name: string, regionCodes: string[]) =>
      requestAs(t.app, admin, { method: 'PUT', url: `/api/v1/supervision/partitions/${office(name).id}`, payload: { regionCodes } });
    // 太原 is 一处's: giving it to 二处 as well is refused, with the holder named.
    const overlap = await put('督查督办二处', ['140200', '140600', '140900', '140400', '140100']);
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().messageZh).toContain('已由督查督办一处负责');
    const outside = await put('督查督办二处', ['130100']);
    expect(outside.statusCode).toBe(400);

    // Move it: off 一处 (太原 is then unassigned), onto 二处.
    const moved = await put('督查督办一处', ['140300', '140700', '141100']);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().unassigned.map((r: { name: string }) => r.name)).toEqual(['太原市']);
    expect((await put('督查督办二处', ['140200', '140600', '140900', '140400', '140100'])).statusCode).toBe(200);
    const titles = async (login: string) => (await board(login)).json().failures.map((f: { title: string }) => f.title);
    expect(await titles('sx.supervisor2')).toContain('反映商品房逾期交房问题');
    expect(await titles('sx.supervisor1')).not.toContain('反映商品房逾期交房问题');
  });
});

