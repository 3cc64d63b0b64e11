import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, matters } from '../../src/db/schema';
import { scanClocks } from '../../src/modules/supervision/scanner';
import { BACKENDS, openNode, type TestContext } from '../helpers/context';
import { createTestApp, loginAs, replyWithSignOff, requestAs, SIGNERS, type TestApp } from '../helpers/app';

/**
 * The clock scanner concludes a matter whose review window passed unused (Art. 35), once, dated the day after the
 * window closed even when it runs weeks later (catch-up), and two scanners at once act once.
 * Course: received Mon 2025-09-01, forwarded 09-02, accepted 09-03, replied 09-20, delivered Mon 09-22; the 30-day
 * review window ends Wed 10-22, so the matter concludes on 10-23.
 */
describe.each(BACKENDS)('clock scanner on %s', (backend) => {
  let t: TestApp;
  let matterId = '';
  beforeAll(async () => {
    t = await createTestApp(backend, '2025-09-01T02:00:00Z');
  });
  afterAll(() => t.close());

  const on = (day: string) => t.ctx.clock.set(`${day}T02:00:00Z`);

  it('walks a matter to its delivered reply', async () => {
    const desk = await loginAs(t.app, 'sx.registrar');
    const office = await loginAs(t.app, 'sx.acceptance');
    const reg = await requestAs(t.app, desk, {
      method: 'POST',
      url: '/api/v1/petitions',
      payload: {
        channel: 'letter',
        receivedAt: '2025-09-01T09:00:00+08:00',
        regionCode: '140105',
        title: '反映小区路灯损坏',
        content: '信访人反映小区内路灯损坏两个月无人维修，夜间出行不便，请求督促修复。',
        petitioners: [{ name: '白文华', address: '山西省太原市小店区' }],
      },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    matterId = reg.json().matters[0].matterId;
    const bodies = (await requestAs(t.app, office, { url: '/api/v1/bodies?q=小店区住房' })).json().items;
    // Sessions expire while the test clock jumps ahead: each step logs in on its day.
    const run = async (login: string, payload: object) => {
      const s = await loginAs(t.app, login);
      const res = await requestAs(t.app, s, { method: 'POST', url: `/api/v1/matters/${matterId}/commands`, payload });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    on('2025-09-02');
    await run('sx.acceptance', { type: 'classify', purpose: 'request', categoryPath: ['cxjs', 'cxjs.wygl'], art31Route: 'petitionProcedure' });
    await run('sx.acceptance', { type: 'forward', toBodyId: bodies[0].id });
    on('2025-09-03');
    await run('xd.zjj.handler', { type: 'accept', procedure: 'ordinary' });
    on('2025-09-20');
    await replyWithSignOff(t.app, matterId, { outcome: 'explain', summary: '已联系物业维修' }, SIGNERS['140105-zjj']);
    on('2025-09-22');
    const page = await run('xd.zjj.handler', { type: 'recordDelivery', method: 'post' });
    expect(page.clocks.find((c: { name: string }) => c.name === 'reviewRequestWindow')).toMatchObject({ due: '2025-10-22', status: 'running' });
  });

  it('leaves the matter alone while its window is open, on its last day too', async () => {
    on('2025-10-22');
    const r = await scanClocks(t.ctx);
    expect(r.lapsed.map((l) => l.matterId)).not.toContain(matterId);
  });

  it('catches up weeks later: concludes it once, dated the day after the window closed; two scanners act once', async () => {
    on('2025-11-20');
    const [a, b] = await Promise.all([scanClocks(t.ctx), scanClocks(t.ctx)]);
    const all = [...a.lapsed, ...b.lapsed];
    expect(all.filter((l) => l.matterId === matterId)).toEqual([{ matterId, number: expect.any(String), window: 'reviewRequestWindow', on: '2025-10-23' }]);
    expect(new Set(all.map((l) => l.matterId)).size).toBe(all.length);
    const [row] = await t.ctx.db.select({ status: matters.status }).from(matters).where(eq(matters.id, matterId));
    expect(row!.status).toBe('concluded');
    const lapses = await t.ctx.db.select().from(events).where(and(eq(events.entityType, 'matter'), eq(events.entityId, matterId), eq(events.type, 'lapsed')));
    expect(lapses).toHaveLength(1);
    expect(lapses[0]!.onDate).toBe('2025-10-23');
    expect((await scanClocks(t.ctx)).lapsed).toEqual([]);
  });
});

/**
 * A matter a clerk (or another node's scanner) holds is skipped, not waited for, and lapsed by the next scan. On
 * PostgreSQL only: PGlite runs one transaction at a time, so a held matter lock there would hold the scanner too.
 */
describe.each(BACKENDS.filter((b) => b === 'postgres'))('clock scanner beside a held matter on %s', (backend) => {
  let t: TestApp;
  let other: TestContext;
  beforeAll(async () => {
    t = await createTestApp(backend, '2025-09-01T02:00:00Z');
    other = await openNode(t.ctx);
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('skips the matter another transaction holds and lapses it the next time', async () => {
    // The demo's evaluated matter: its review window (30 days from delivery, 11 days before the seed) has closed by now.
    const [held] = await t.ctx.db.select({ id: matters.id }).from(matters).where(eq(matters.status, 'evaluated'));
    expect(held).toBeDefined();
    t.ctx.clock.set('2025-10-30T02:00:00Z');
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = other.db.transaction(async (tx) => {
      await tx.select().from(matters).where(eq(matters.id, held!.id)).for('update');
      locked();
      await released;
    });
    await isLocked;
    const first = await scanClocks(t.ctx);
    release();
    await holder;
    expect(first.lapsed.map((l) => l.matterId)).not.toContain(held!.id);
    expect(first.failed).toEqual([]);
    const second = await scanClocks(t.ctx);
    expect(second.lapsed.map((l) => l.matterId)).toEqual([held!.id]);
  });
});
