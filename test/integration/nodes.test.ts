import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tryLockXact } from '../../src/db/locks';
import { AUDIT_CHAINS } from '../../src/modules/audit/append';
import { events, matters, notifications, overdueAlerts } from '../../src/db/schema';
import { buildApp } from '../../src/http/app';
import { scanClocks, type ScanResult } from '../../src/modules/supervision/scanner';
import { BACKENDS, openNode, type TestContext } from '../helpers/context';
import { createTestApp, loginAs, requestAs, type TestApp } from '../helpers/app';

/**
 * Two app nodes on one database (two `buildApp`, each with its own context: connection pool, calendar cache, rate
 * limiter): what one node does, the other sees. On PostgreSQL each node has its own pool, so their scans really run
 * at once; on PGlite the nodes share the one in-process database (a PGlite data directory opens in one process
 * only), which still proves that nothing a node decides by lives in the node.
 *
 * 1. Node A loads next year's schedule; node B's next command computes its clocks with it.
 * 2. Portal lockouts and rate limits count the requests of both nodes.
 * 3. Both nodes scan at once: every lapse once, each in its own transaction (the audit chain free between matters),
 *    every overdue deadline alerted once to the late body and the supervision office.
 */

// A made-up 2027 schedule with 2027-01-18..22 declared holidays (as in calendar-schedule.test.ts).
const SCHEDULE_2027 = ['date,kind,name', '2027-01-01,holiday,元旦', '2027-01-02,holiday,元旦', '2027-01-03,holiday,元旦', ...['18', '19', '20', '21', '22'].map((d) => `2027-01-${d},holiday,测试假期`)].join('\n');

const LIMITS = { queriesPerIpPerMinute: 4, queryFailuresBeforeLock: 3 };

describe.each(BACKENDS)('two app nodes on one %s database', (backend) => {
  let a: TestApp;
  let bCtx: TestContext;
  let b: FastifyInstance;
  beforeAll(async () => {
    a = await createTestApp(backend, '2026-11-20T02:00:00Z', { portalLimits: LIMITS });
    bCtx = await openNode(a.ctx);
    b = await buildApp({ ctx: bCtx, loginRateLimit: 1000, portalLimits: LIMITS });
    await b.ready();
  });
  afterAll(async () => {
    await b?.close();
    await bCtx?.close();
    await a?.close();
  });

  const handlingClock = (page: { clocks: { name: string }[] }) => page.clocks.find((c) => c.name === 'handling');

  it('node B computes clocks with the schedule node A loaded, from its next command on', async () => {
    const handler = await loginAs(b, 'xd.zjj.handler');
    const due = async () => (await requestAs(b, handler, { url: '/api/v1/calendar/due?from=2026-11-20&days=60' })).json();
    // B loaded its calendar before 2027 had a schedule: 60 days from 2026-11-20 end 2027-01-19, provisionally.
    expect(await due()).toMatchObject({ due: '2027-01-19', provisional: true });

    const admin = await loginAs(a.app, 'admin');
    const load = await requestAs(a.app, admin, { method: 'POST', url: '/api/v1/calendar/schedules', payload: { format: 'csv', text: SCHEDULE_2027, source: 'test' } });
    expect(load.statusCode, load.body).toBe(200);

    // Nobody told B: its next command checks the version and counts with the loaded year (01-19 is a holiday now).
    const [m] = (await requestAs(b, handler, { url: '/api/v1/matters?status=dispatched' })).json().items;
    const accepted = await requestAs(b, handler, { method: 'POST', url: `/api/v1/matters/${m.id}/commands`, payload: { type: 'accept', procedure: 'ordinary' } });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(handlingClock(accepted.json())).toMatchObject({ due: '2027-01-25', provisional: false });
    const [row] = await bCtx.db.execute(sql`SELECT due_on::text AS due, provisional FROM matter_clocks WHERE matter_id = ${m.id} AND name = 'handling'`).then((r) => (r as unknown as { rows: { due: string; provisional: boolean }[] }).rows);
    expect(row).toEqual({ due: '2027-01-25', provisional: false });
    expect(await due()).toMatchObject({ due: '2027-01-25', provisional: false });
  });

  const query = (app: FastifyInstance, ip: string, code: string) =>
    app.inject({ method: 'POST', url: '/api/v1/portal/query', remoteAddress: ip, payload: { code, last4: '1234' } });

  it('counts wrong answers for a query code on both nodes towards one lock', async () => {
    const code = 'ZZZZZZZZZZZZZZZ1';
    // Three addresses, so only the code's lock is in play: 2 wrong answers on A and 1 on B lock it (the limit is 3).
    expect((await query(a.app, '10.0.1.1', code)).statusCode).toBe(404);
    expect((await query(b, '10.0.1.2', code)).statusCode).toBe(404);
    const third = await query(a.app, '10.0.1.3', code);
    expect(third.statusCode).toBe(429);
    expect(third.json().details.lockedUntil).toBeTruthy();
    // Locked on B as well, from an address B has never seen.
    const onB = await query(b, '10.0.1.4', code);
    expect(onB.statusCode).toBe(429);
    expect(onB.json().details.lockedUntil).toBe(third.json().details.lockedUntil);
  });

  it('counts one address’s requests on both nodes towards one rate limit', async () => {
    const ip = '10.0.2.1';
    // Each request a different unknown code, so no code is locked: only the per-address limit (4 a minute) binds.
    const codes = ['ZZZZZZZZZZZZZZZ2', 'ZZZZZZZZZZZZZZZ3', 'ZZZZZZZZZZZZZZZ4', 'ZZZZZZZZZZZZZZZ5', 'ZZZZZZZZZZZZZZZ6'];
    expect((await query(a.app, ip, codes[0]!)).statusCode).toBe(404);
    expect((await query(b, ip, codes[1]!)).statusCode).toBe(404);
    expect((await query(a.app, ip, codes[2]!)).statusCode).toBe(404);
    expect((await query(b, ip, codes[3]!)).statusCode).toBe(404);
    const fifth = await query(a.app, ip, codes[4]!);
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().details?.lockedUntil).toBeUndefined();
    // Another address is not limited.
    expect((await query(b, '10.0.2.2', codes[4]!)).statusCode).toBe(404);
  });

  it('scans on both nodes at once: each lapse once in its own transaction, each overdue deadline alerted once', async () => {
    // 60 days on: the demo's evaluated matter's review window has closed, and many deadlines have run out.
    a.ctx.clock.set('2027-01-19T02:00:00Z');
    const chainFreeBetweenMatters: boolean[] = [];
    const concludedSeenByB: string[] = [];
    // After each lapse has committed, node B finds every audit chain free and the matter concluded.
    const afterLapse = async (lapse: ScanResult['lapsed'][number]) => {
      const free = await bCtx.db.transaction(async (tx) => {
        for (let chain = 0; chain < AUDIT_CHAINS; chain++) if (!(await tryLockXact(tx, 'auditChain', String(chain)))) return false;
        return true;
      });
      chainFreeBetweenMatters.push(free);
      const [row] = await bCtx.db.select({ status: matters.status }).from(matters).where(eq(matters.id, lapse.matterId));
      if (row?.status === 'concluded') concludedSeenByB.push(lapse.matterId);
    };
    const [onA, onB] = await Promise.all([scanClocks(a.ctx, { afterLapse }), scanClocks(bCtx, { afterLapse })]);
    expect([...onA.failed, ...onB.failed]).toEqual([]);

    const lapsed = [...onA.lapsed, ...onB.lapsed].map((l) => l.matterId);
    expect(lapsed.length).toBeGreaterThanOrEqual(1);
    expect(new Set(lapsed).size).toBe(lapsed.length);
    expect(chainFreeBetweenMatters.every(Boolean)).toBe(true);
    expect(concludedSeenByB.sort()).toEqual([...lapsed].sort());
    const lapseEvents = await a.ctx.db.select({ id: events.entityId }).from(events).where(and(eq(events.entityType, 'matter'), eq(events.type, 'lapsed'), inArray(events.entityId, lapsed)));
    expect(lapseEvents.map((e) => e.id).sort()).toEqual([...lapsed].sort());

    // Overdue: every alerted clock once, split between the nodes however they raced.
    const alerts = await a.ctx.db.select().from(overdueAlerts);
    expect(alerts.length).toBeGreaterThan(0);
    expect(onA.overdue.clocks + onB.overdue.clocks).toBe(alerts.length);
    const kinds = await a.ctx.db
      .select({ kind: notifications.kind, key: notifications.dedupeKey, channel: notifications.channel, recipient: notifications.recipientKey, n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(inArray(notifications.kind, ['staff.overdue', 'supervision.overdue']))
      .groupBy(notifications.kind, notifications.dedupeKey, notifications.channel, notifications.recipientKey);
    expect(kinds.every((k) => k.n === 1)).toBe(true);
    expect(onA.overdue.messages + onB.overdue.messages).toBe(kinds.length);

    // The assignment the demo's 太原 bureau set with a due date: the late body and the office watching 太原 are told.
    const assignment = alerts.find((x) => x.clock === 'assignment');
    expect(assignment).toBeDefined();
    const told = await a.ctx.db.execute(sql`
      SELECT n.kind, u.login FROM notifications n JOIN users u ON u.id = n.user_id
      WHERE n.matter_id = ${assignment!.matterId} AND n.channel = 'inApp' AND n.kind IN ('staff.overdue', 'supervision.overdue') ORDER BY n.kind, u.login`);
    const rows = (told as unknown as { rows: { kind: string; login: string }[] }).rows;
    expect(rows.filter((r) => r.kind === 'staff.overdue').map((r) => r.login)).toContain('ty.zjj.handler');
    expect(rows.filter((r) => r.kind === 'supervision.overdue').map((r) => r.login).length).toBeGreaterThan(0);

    // Scanning again, on both nodes, adds nothing.
    const again = await Promise.all([scanClocks(a.ctx), scanClocks(bCtx)]);
    expect(again.flatMap((r) => r.lapsed)).toEqual([]);
    expect(again.reduce((n, r) => n + r.overdue.clocks, 0)).toBe(0);
    expect(await a.ctx.db.select().from(overdueAlerts)).toHaveLength(alerts.length);
  });
});
