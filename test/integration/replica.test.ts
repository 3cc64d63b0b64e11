import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../src/db/client';
import type { ReadReplica } from '../../src/db/replica';
import { queryRows } from '../../src/db/tx';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/http/app';
import { LSN_COOKIE } from '../../src/http/reads';
import { seedDemo } from '../../src/modules/demo/seed';
import { DEMO_PASSWORD } from '../../src/modules/org/demo-data';
import { contextAround, type TestContext } from '../helpers/context';
import { clusterUnavailable, startReplicatedCluster, type ReplicatedCluster } from '../helpers/pg-cluster';

/**
 * DATABASE_READ_URL on a real streaming replica (docs/scaling.md "Primary and replicas"): a primary and a standby made
 * with `pg_basebackup -R`, both our own (test/helpers/pg-cluster.ts). Lists are served by the replica; a user's own
 * write is read back at once (from the primary until the replica has replayed it), everyone's after replication;
 * when the replica stops, reads fall back to the primary with a warning and /api/health says so.
 */
const unavailable = clusterUnavailable();
if (unavailable) console.warn(`replica.test.ts skipped: ${unavailable}`);

/** A browser: keeps the session and the write-position cookie the server sets, like a real one. */
interface Browser {
  cookies: Map<string, string>;
  csrfToken: string;
}

describe.skipIf(unavailable !== null)('read replica (PostgreSQL streaming replication)', () => {
  let cluster: ReplicatedCluster;
  const opened: { database: Database; ctx: TestContext; app: FastifyInstance }[] = [];
  let node1: FastifyInstance;
  let node2: FastifyInstance;
  let replica1: ReadReplica;
  let replica2: ReadReplica;
  const warnings: string[] = [];

  /** An app node on the cluster; `checkMs` is how long it trusts its last look at the replica. */
  async function startNode(checkMs: number, seed: boolean) {
    const database = await openDatabase({ kind: 'postgres', url: cluster.primaryUrl, readUrl: cluster.replicaUrl, poolSize: 4, replica: { checkMs } });
    if (seed) await migrateDatabase(database);
    const ctx = await contextAround(database, '2025-11-20T02:00:00Z');
    if (seed) await seedDemo(ctx);
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) {
          const entry = JSON.parse(line) as { level: number; msg: string };
          if (entry.level >= 40) warnings.push(entry.msg);
        }
        done();
      },
    });
    const app = await buildApp({ ctx, loginRateLimit: 1000, logger: { level: 'warn', stream } });
    await app.ready();
    opened.push({ database, ctx, app });
    return { app, replica: database.replica! };
  }

  beforeAll(async () => {
    cluster = await startReplicatedCluster();
    // Node 1 trusts a look at the replica for a minute, so a replica that stops is found by a failing read; node 2
    // looks every time, so it is found by the check.
    ({ app: node1, replica: replica1 } = await startNode(60_000, true));
    ({ app: node2, replica: replica2 } = await startNode(0, false));
  });
  afterAll(async () => {
    for (const o of opened.reverse()) {
      await o.app.close();
      await o.ctx.close();
    }
    await cluster?.stop();
  });

  async function login(app: FastifyInstance, login: string): Promise<Browser> {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password: DEMO_PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    const browser = { cookies: new Map<string, string>(), csrfToken: res.json().csrfToken as string };
    for (const c of res.cookies) browser.cookies.set(c.name, c.value);
    return browser;
  }

  async function call(app: FastifyInstance, b: Browser, method: 'GET' | 'POST', url: string, payload?: object) {
    const cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await app.inject({ method, url, payload, headers: { cookie, 'x-csrf-token': b.csrfToken } });
    for (const c of res.cookies) b.cookies.set(c.name, c.value);
    return res;
  }

  /** The matters titled `title` that `b` sees in the list, and where the node sent the read. */
  async function listed(app: FastifyInstance, replica: ReadReplica, b: Browser, title: string) {
    const before = { ...replica.routed };
    const res = await call(app, b, 'GET', `/api/v1/matters?q=${encodeURIComponent(title)}`);
    expect(res.statusCode, res.body).toBe(200);
    const sentTo = replica.routed.replica > before.replica ? 'replica' : 'primary';
    return { total: res.json().total as number, sentTo };
  }

  async function primaryLsn(): Promise<string> {
    const [row] = await queryRows<{ lsn: string }>(opened[0]!.ctx.db, sql`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
    return row!.lsn;
  }

  const TITLE = '反映小区电梯长期停运（副本测试）';
  const petition = {
    channel: 'visit',
    receivedAt: '2025-11-20T09:10:00+08:00',
    regionCode: '140105',
    title: TITLE,
    content: '来访人反映所住小区电梯停运两个月，物业以维修资金未到位为由拒不维修，请求督促恢复运行。',
    respondent: '太原某物业服务有限公司',
    details: { peopleCount: 1 },
    petitioners: [{ name: '贾明远', phone: '139 3511 0777' }],
  };

  let registrar: Browser;
  let leader: Browser;

  it('serves the list from the replica, a standby, and reports it in /api/health', async () => {
    registrar = await login(node1, 'sx.registrar');
    leader = await login(node1, 'sx.leader');
    await cluster.waitForReplay(await primaryLsn());

    const reader = await replica1.choose(null);
    expect(reader).not.toBeNull();
    const [row] = await queryRows<{ standby: boolean }>(reader!, sql`SELECT pg_is_in_recovery() AS standby`);
    expect(row!.standby).toBe(true);

    const page = await listed(node1, replica1, leader, '');
    expect(page.sentTo).toBe('replica');
    expect(page.total).toBeGreaterThan(0);

    const health = (await node2.inject({ url: '/api/health' })).json();
    expect(health).toMatchObject({ ok: true, database: 'postgres', replica: { up: true, servingReads: true, reason: null } });
    expect(health.replica.lagSeconds).toBeGreaterThanOrEqual(0);
    expect(health.replica.lagBytes).toBeGreaterThanOrEqual(0);
  });

  it('reads a user’s own write back at once and everyone’s after replication', async () => {
    // Replay paused: the replica is behind from here on, as under load.
    await cluster.onReplica('SELECT pg_wal_replay_pause()');
    const created = await call(node1, registrar, 'POST', '/api/v1/petitions', petition);
    expect(created.statusCode, created.body).toBe(201);
    const written = registrar.cookies.get(LSN_COOKIE);
    expect(written).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);

    // The writer sees it at once: the replica has not replayed its write, so the primary answers.
    expect(await listed(node1, replica1, registrar, TITLE)).toEqual({ total: 1, sentTo: 'primary' });
    // On another node the cookie carries the write's position: the same.
    expect(await listed(node2, replica2, registrar, TITLE)).toEqual({ total: 1, sentTo: 'primary' });
    // Someone else reads the replica, which does not have it yet: proof the list comes from there.
    expect(await listed(node1, replica1, leader, TITLE)).toEqual({ total: 0, sentTo: 'replica' });

    await cluster.onReplica('SELECT pg_wal_replay_resume()');
    await cluster.waitForReplay(written!);
    // Replicated: everyone reads it from the replica, the writer too.
    expect(await listed(node1, replica1, leader, TITLE)).toEqual({ total: 1, sentTo: 'replica' });
    expect(await listed(node1, replica1, registrar, TITLE)).toEqual({ total: 1, sentTo: 'replica' });
    expect(await listed(node2, replica2, registrar, TITLE)).toEqual({ total: 1, sentTo: 'replica' });
    // The other routed reads answer from the replica too.
    for (const url of ['/api/v1/dashboard', '/api/v1/registry/terminated']) {
      const before = replica1.routed.replica;
      const res = await call(node1, leader, 'GET', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      expect(replica1.routed.replica, url).toBe(before + 1);
    }
  });

  it('falls back to the primary with a warning when the replica stops, and says so in /api/health', async () => {
    await cluster.stopReplica();
    // Node 1 still believes the replica is up: its read fails there and runs again on the primary.
    // (It was sent to the replica, which is down: the answer can only have come from the primary.)
    expect(await listed(node1, replica1, leader, TITLE)).toEqual({ total: 1, sentTo: 'replica' });
    // Node 2 checks first and goes straight to the primary.
    expect(await listed(node2, replica2, leader, TITLE)).toEqual({ total: 1, sentTo: 'primary' });
    expect(warnings.filter((w) => w.includes('reads fall back to the primary')).length).toBeGreaterThanOrEqual(2);

    const health = (await node1.inject({ url: '/api/health' })).json();
    expect(health).toMatchObject({ ok: true, replica: { up: false, servingReads: false } });
    expect(health.replica.reason).toBeTruthy();
    // Writes are untouched by the replica's absence.
    const again = await call(node1, registrar, 'POST', '/api/v1/petitions', { ...petition, title: `${TITLE}（二）`, petitioners: [{ name: '贾明远', phone: '139 3511 0778' }] });
    expect(again.statusCode, again.body).toBe(201);
    expect((await listed(node1, replica1, leader, `${TITLE}（二）`)).total).toBe(1);
  });
});
