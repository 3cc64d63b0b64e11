import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchedule, parseScheduleText } from '../../src/modules/calendar/load-schedule';
import { BACKENDS, openNode, type TestContext } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type Session, type TestApp } from '../helpers/app';

// A made-up 2027 schedule (the real one is not published yet): 2027-01-01..03 off, 2027-01-04 normal Monday,
// and — to make the test sensitive — 2027-01-18..22 declared holidays.
const SCHEDULE_2027 = [
  'date,kind,name',
  '2027-01-01,holiday,元旦',
  '2027-01-02,holiday,元旦',
  '2027-01-03,holiday,元旦',
  ...['18', '19', '20', '21', '22'].map((d) => `2027-01-${d},holiday,测试假期`),
].join('\n');

describe.each(BACKENDS)('loading an official schedule on %s', (backend) => {
  let t: TestApp;
  let admin: Session;
  let handler: Session;
  beforeAll(async () => {
    t = await createTestApp(backend, '2026-11-20T02:00:00Z');
    admin = await loginAs(t.app, 'admin');
    handler = await loginAs(t.app, 'xd.zjj.handler');
  });
  afterAll(() => t.close());

  it('marks due dates in an unpublished year provisional, then recomputes them when the year is loaded', async () => {
    const [m] = (await requestAs(t.app, handler, { url: '/api/v1/matters?status=dispatched' })).json().items;
    // Accepted 2026-11-20: 60 days end 2027-01-19, a year with no official schedule yet.
    const accepted = await requestAs(t.app, handler, { method: 'POST', url: `/api/v1/matters/${m.id}/commands`, payload: { type: 'accept', procedure: 'ordinary' } });
    const before = accepted.json().clocks.find((c: { name: string }) => c.name === 'handling');
    expect(before).toMatchObject({ due: '2027-01-19', provisional: true });

    const load = await requestAs(t.app, admin, { method: 'POST', url: '/api/v1/calendar/schedules', payload: { format: 'csv', text: SCHEDULE_2027, source: 'test' } });
    expect(load.statusCode).toBe(200);
    expect(load.json()).toMatchObject({ year: 2027, holidays: 8, replaced: false });
    expect(load.json().clocksRecomputed).toBeGreaterThan(0);

    const after = (await requestAs(t.app, handler, { url: `/api/v1/matters/${m.id}` })).json().clocks.find((c: { name: string }) => c.name === 'handling');
    // 2027-01-19 is now a holiday: the period ends on the next working day after the run of holidays, Mon 01-25.
    expect(after).toMatchObject({ due: '2027-01-25', provisional: false });
    const due = (await requestAs(t.app, handler, { url: '/api/v1/calendar/due?from=2026-11-20&days=60' })).json();
    expect(due).toEqual({ from: '2026-11-20', due: '2027-01-25', unit: 'days', amount: 60, provisional: false });
  });

  it('rejects a malformed schedule with every problem, in Chinese', async () => {
    const res = await requestAs(t.app, admin, { method: 'POST', url: '/api/v1/calendar/schedules', payload: { format: 'csv', text: 'date,kind,name\n2027-02-30,holiday,x\n2027-03-01,workday,y' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION');
    expect(res.json().details.problems.length).toBeGreaterThanOrEqual(2);
  });
});

/**
 * A schedule load and a clock writer on another node at the same moment: the load waits (retrying, never blocking the
 * writer) until the writer that read the old version has committed, so the load's recompute sees the writer's rows.
 * On PostgreSQL only: on PGlite transactions run one at a time, so the two cannot overlap.
 */
describe.each(BACKENDS.filter((b) => b === 'postgres'))('a schedule load beside a clock writer on %s', (backend) => {
  let t: TestApp;
  let other: TestContext;
  beforeAll(async () => {
    t = await createTestApp(backend, '2026-11-20T02:00:00Z');
    other = await openNode(t.ctx);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('commits only after the writer holding the old calendar has committed, and the writer never waits for it', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let holding!: () => void;
    const isHolding = new Promise<void>((r) => (holding = r));
    const writer = other.db.transaction(async (tx) => {
      const cal = await other.calendar.forClockRows(tx);
      holding();
      await released;
      return cal.addDays('2026-11-20', 60);
    });
    await isHolding;
    let loaded = false;
    const load = loadSchedule(t.ctx.db, t.ctx.calendar, { schedule: parseScheduleText(SCHEDULE_2027, 'csv'), source: 'test', actor: { userId: null, bodyId: null } }, t.ctx.now()).then((r) => {
      loaded = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(loaded).toBe(false);
    release();
    // The writer computed with the calendar it read (provisional), and committed first.
    expect(await writer).toMatchObject({ due: '2027-01-19', provisional: true });
    expect((await load).year).toBe(2027);
    expect((await other.calendar.current()).addDays('2026-11-20', 60)).toMatchObject({ due: '2027-01-25', provisional: false });
  });
});
