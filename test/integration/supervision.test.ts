import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
