/**
 * `node --import tsx bench/replica/run.ts [--petitions N] [--reads R]`
 *
 * The read replica under the heaviest write load the platform makes, an archive import: starts a primary and a
 * streaming replica of our own (test/helpers/pg-cluster.ts, with the servers' default durability), imports N
 * generated petitions (bench/dedup/generate.ts) into the primary with the real importer, and samples the replica's
 * lag every 100 ms as /api/health reports it (src/db/replica.ts). Then R list reads through the HTTP app
 * (`GET /api/v1/matters`, 50 a page, as the province's leader) routed to the replica and R on the primary, alternating,
 * for the cost of routing. Prints one JSON object (for bench/README.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '../../src/db/client';
import { ReadReplica } from '../../src/db/replica';
import { buildApp } from '../../src/http/app';
import { seedDemo } from '../../src/modules/demo/seed';
import { importFile } from '../../src/modules/import/importer';
import { DEMO_PASSWORD } from '../../src/modules/org/demo-data';
import { contextAround } from '../../test/helpers/context';
import { startReplicatedCluster } from '../../test/helpers/pg-cluster';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    petitions: { type: 'string', default: '50000' },
    reads: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
  },
});
const petitions = Number(values.petitions);
const reads = Number(values.reads);
const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! : NaN;
};
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const silent = { warn: () => {}, info: () => {} };

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'xf-bench-replica-'));
  log(`generating ${petitions} petitions in ${work}`);
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/dedup/generate.ts', '--petitions', String(petitions), '--queries', '1', '--seed', String(values.seed), '--out', work], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const cluster = await startReplicatedCluster({ durable: true });
  const database = await openDatabase({ kind: 'postgres', url: cluster.primaryUrl, readUrl: cluster.replicaUrl, poolSize: 4 });
  // The sampler's own view of the replica, checked afresh each time (the app's is cached for a second).
  const primaryPool = new pg.Pool({ connectionString: cluster.primaryUrl, max: 1 });
  const probe = new ReadReplica(primaryPool, 'probe', cluster.replicaUrl, { checkMs: 0, poolSize: 1 });
  try {
    await migrateDatabase(database);
    const ctx = await contextAround(database, new Date().toISOString());
    ctx.now = () => new Date();
    await seedDemo(ctx);

    const samples: { t: number; bytes: number; seconds: number; sinceCommit: number }[] = [];
    let sampling = true;
    const t0 = Date.now();
    // For comparison, the usual measure: the time since the last replayed commit while WAL waits to be replayed.
    const replicaClient = new pg.Client({ connectionString: cluster.replicaUrl });
    await replicaClient.connect();
    const sinceCommit = async () =>
      Number(
        (
          await replicaClient.query<{ lag: number }>(
            `SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                    ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8, 0) END AS lag`,
          )
        ).rows[0]!.lag,
      );
    const sampler = (async () => {
      while (sampling) {
        const [h, c] = await Promise.all([probe.health(silent), sinceCommit()]);
        if (h.lagBytes !== null && h.lagSeconds !== null) samples.push({ t: Date.now() - t0, bytes: h.lagBytes, seconds: h.lagSeconds, sinceCommit: c });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    log('importing');
    const imported = await importFile(ctx, join(work, 'corpus.jsonl'), {});
    const importSeconds = (Date.now() - t0) / 1000;
    // How long the replica takes to catch up once the import stops.
    const [{ lsn }] = (await primaryPool.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows as [{ lsn: string }];
    const tEnd = Date.now();
    await cluster.waitForReplay(lsn, 600_000);
    const catchUpSeconds = (Date.now() - tEnd) / 1000;
    sampling = false;
    await sampler;
    await replicaClient.end();
    const [{ wal }] = (await primaryPool.query<{ wal: string }>(`SELECT pg_size_pretty(pg_current_wal_lsn() - '0/0'::pg_lsn) AS wal`)).rows as [{ wal: string }];

    // Routed list reads: on the replica (caught up), then with the replica gone from the context (the primary).
    // Warnings (the replica not used, and why) to stderr, beside the progress lines.
    const app = await buildApp({ ctx, loginRateLimit: 1000, logger: { level: 'warn', stream: process.stderr } });
    await app.ready();
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'sx.leader', password: DEMO_PASSWORD } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    // Alternating, so neither side is favoured by what the other just brought into the machine's caches.
    const replica = database.replica!;
    const ms = { replica: [] as number[], primary: [] as number[] };
    const before = { ...replica.routed };
    for (let i = 0; i < 2 * reads; i++) {
      const side = i % 2 === 0 ? 'replica' : 'primary';
      database.replica = side === 'replica' ? replica : undefined;
      const started = performance.now();
      const res = await app.inject({ url: `/api/v1/matters?page=${1 + (Math.floor(i / 2) % 20)}&pageSize=50`, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`list: ${res.statusCode} ${res.body}`);
      ms[side].push(performance.now() - started);
    }
    database.replica = replica;
    const routedToReplica = replica.routed.replica - before.replica;
    const summary = (xs: number[]) => ({ p50: round(quantile(xs, 0.5)), p99: round(quantile(xs, 0.99)) });
    const onReplica = summary(ms.replica);
    const onPrimary = summary(ms.primary);
    await app.close();

    const bytes = samples.map((s) => s.bytes);
    const seconds = samples.map((s) => s.seconds);
    const result = {
      petitions,
      imported: imported.totals,
      importSeconds: round(importSeconds),
      rowsPerSecond: imported.rate,
      walWritten: wal,
      lagSamples: samples.length,
      lagBytes: { p50: quantile(bytes, 0.5), p99: quantile(bytes, 0.99), max: Math.max(...bytes) },
      lagSeconds: { p50: round(quantile(seconds, 0.5), 2), p99: round(quantile(seconds, 0.99), 2), max: round(Math.max(...seconds), 2) },
      lagSinceLastCommit: {
        p50: round(quantile(samples.map((x) => x.sinceCommit), 0.5), 2),
        p99: round(quantile(samples.map((x) => x.sinceCommit), 0.99), 2),
        max: round(Math.max(...samples.map((x) => x.sinceCommit)), 2),
      },
      samplesOverMaxLag: { lagSeconds: seconds.filter((x) => x > 10).length, sinceLastCommit: samples.filter((x) => x.sinceCommit > 10).length },
      catchUpSecondsAfterImport: round(catchUpSeconds, 2),
      listReads: { reads, onReplica, routedToReplica, onPrimary },
      loadAverage: (await import('node:os')).loadavg().map((x) => round(x, 2)),
    };
    console.log(JSON.stringify(result, null, 2));
    await ctx.close();
  } finally {
    await probe.close();
    await primaryPool.end();
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
