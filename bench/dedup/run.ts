/**
 * `npm run bench:dedup -- [--petitions N] [--queries Q] [--seed S] [--backend pglite|postgres] [--batch B] [--keep]`
 * (`--keep` leaves the generated files and the scratch database; `--reuse DIR [--database-url URL]` screens them again)
 *
 * End to end, on a fresh database: generate a labelled corpus (bench/dedup/generate.ts), import it with the real
 * importer (src/modules/import), then screen every query with the real screening service (src/modules/screening)
 * and compare with the truth. Prints import rate, screening latency p50/p95/p99 and accuracy per query kind, as one
 * JSON object at the end (for bench/README.md).
 *
 * postgres uses DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/test) and creates and drops a
 * scratch database; pglite uses a scratch data directory on disk (as `npm start` does).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '../../src/db/client';
import { queryRows } from '../../src/db/tx';
import { NATIONAL_TIME_LIMITS } from '../../src/domain/lifecycle';
import { chinaDateOf } from '../../src/domain/calendar';
import type { AppContext } from '../../src/context';
import { LocalAttachmentStore } from '../../src/modules/attachments/store';
import { notificationSettingsFromEnv } from '../../src/modules/notifications/providers';
import { CalendarService } from '../../src/modules/calendar/service';
import { seedDemo } from '../../src/modules/demo/seed';
import { importFile } from '../../src/modules/import/importer';
import { draftFromInput, screenDraft } from '../../src/modules/screening/service';
import { isRepeatKind, type QueryRecord, type TruthRecord } from './generate';

const { values } = parseArgs({
  options: {
    petitions: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'postgres' },
    batch: { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** Screen again against a kept run (its directory and, for postgres, its database URL): no generation, no import. */
    reuse: { type: 'string' },
    'database-url': { type: 'string' },
    /** Prefix of the scratch database's name (several people benchmarking on one server). */
    'db-prefix': { type: 'string', default: 'xf_bench' },
  },
});
const petitions = Number(values.petitions);
const queryCount = Number(values.queries);
const backend = values.backend as 'pglite' | 'postgres';
if (backend !== 'pglite' && backend !== 'postgres') throw new Error('--backend pglite|postgres');

const log = (msg: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const work = values.reuse ?? mkdtempSync(join(tmpdir(), 'xf-bench-dedup-'));

async function openScratch(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (values.reuse) {
    const database =
      backend === 'pglite'
        ? await openDatabase({ kind: 'pglite', dataDir: join(work, 'pglite') })
        : await openDatabase({ kind: 'postgres', url: values['database-url'] ?? '', poolSize: 4 });
    return { database, drop: async () => {} };
  }
  if (backend === 'pglite') {
    const database = await openDatabase({ kind: 'pglite', dataDir: join(work, 'pglite') });
    return { database, drop: async () => {} };
  }
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `${values['db-prefix']}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  let generateSeconds = 0;
  if (!values.reuse) {
    log(`generating ${petitions} petitions and ${queryCount} queries (seed ${values.seed}) in ${work}`);
    const t0 = Date.now();
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/dedup/generate.ts', '--petitions', String(petitions), '--queries', String(queryCount), '--seed', String(values.seed), '--out', work], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    generateSeconds = (Date.now() - t0) / 1000;
  }

  const { database, drop } = await openScratch();
  try {
    await migrateDatabase(database);
    const calendar = new CalendarService(database.db);
    await calendar.reload();
    const ctx: AppContext = { database, db: database.db, calendar, timeLimits: NATIONAL_TIME_LIMITS, now: () => new Date(), attachments: new LocalAttachmentStore(join(work, 'attachments')), notifications: notificationSettingsFromEnv(work, {}) };
    let imported: Awaited<ReturnType<typeof importFile>> | null = null;
    if (!values.reuse) {
      await seedDemo(ctx);
      log(`importing corpus.jsonl on ${backend}`);
      let lastReport = 0;
      imported = await importFile(ctx, join(work, 'corpus.jsonl'), {
        ...(values.batch ? { batchSize: Number(values.batch) } : {}),
        onProgress: (p) => {
          if (Date.now() - lastReport > 10_000) {
            lastReport = Date.now();
            log(`  ${p.phase} ${p.done}/${p.total ?? '?'}`);
          }
        },
      });
      log(`imported: ${JSON.stringify(imported)}`);
    }
    const [size] = await queryRows<{ petitions: number; matters: number }>(ctx.db, sql`SELECT (SELECT count(*)::int FROM petitions) AS petitions, (SELECT count(*)::int FROM matters) AS matters`);

    // Matter ids by import key, to compare the screening answer with the truth.
    const keyOf = new Map<string, string>();
    for (const r of await queryRows<{ id: string; external_key: string }>(ctx.db, sql`SELECT id, external_key FROM matters WHERE external_key IS NOT NULL`)) keyOf.set(r.id, r.external_key);

    const queries = readFileSync(join(work, 'queries.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as QueryRecord);
    const truth = new Map(readFileSync(join(work, 'truth.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TruthRecord).map((t) => [t.externalId, t]));
    const today = chinaDateOf(new Date());
    // Warm-up: the first screens pay for jieba's dictionary and cold caches.
    for (const q of queries.slice(0, 20)) await screen(ctx, q, today);
    const latencies: number[] = [];
    const phases = { queryMs: [] as number[], rankMs: [] as number[], candidates: [] as number[] };
    const perKind = new Map<string, { n: number; saidRepeat: number; right: number; topIsExpected: number; hitAt5: number }>();
    const byShape = { collective: { n: 0, right: 0 }, individual: { n: 0, right: 0 } };
    let t = Date.now();
    for (const [i, q] of queries.entries()) {
      const started = performance.now();
      const result = await screen(ctx, q, today);
      latencies.push(performance.now() - started);
      for (const k of ['queryMs', 'rankMs', 'candidates'] as const) phases[k].push(result.phases[k]);
      const truthOf = truth.get(q.externalId)!;
      const k = perKind.get(truthOf.kind) ?? { n: 0, saidRepeat: 0, right: 0, topIsExpected: 0, hitAt5: 0 };
      k.n++;
      const top = result.candidates[0];
      const topKey = top ? keyOf.get(top.matterId) : undefined;
      if (result.decision === 'repeat') k.saidRepeat++;
      if (truthOf.expectedMatterKey && topKey === truthOf.expectedMatterKey) k.topIsExpected++;
      const right = truthOf.expectedMatterKey ? result.decision === 'repeat' && topKey === truthOf.expectedMatterKey : result.decision === 'new';
      if (right) k.right++;
      if (truthOf.expectedMatterKey && result.candidates.slice(0, 5).some((c) => keyOf.get(c.matterId) === truthOf.expectedMatterKey)) k.hitAt5++;
      if (truthOf.expectedMatterKey) {
        const shape = byShape[truthOf.collective ? 'collective' : 'individual'];
        shape.n++;
        if (right) shape.right++;
      }
      perKind.set(truthOf.kind, k);
      if (Date.now() - t > 10_000) {
        t = Date.now();
        log(`  screened ${i + 1}/${queries.length}`);
      }
    }
    latencies.sort((a, b) => a - b);
    const repeatKinds = [...perKind.entries()].filter(([kind]) => isRepeatKind(kind));
    const otherKinds = [...perKind.entries()].filter(([kind]) => !isRepeatKind(kind));
    const sum = (list: typeof repeatKinds, f: (v: { n: number; saidRepeat: number; right: number; topIsExpected: number; hitAt5: number }) => number) => list.reduce((a, [, v]) => a + f(v), 0);
    const truePositives = sum(repeatKinds, (v) => v.right);
    const saidRepeat = sum(repeatKinds, (v) => v.saidRepeat) + sum(otherKinds, (v) => v.saidRepeat);
    const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
    const recall = truePositives / Math.max(1, sum(repeatKinds, (v) => v.n));
    const precision = truePositives / Math.max(1, saidRepeat);
    const report = {
      backend,
      petitions: size!.petitions,
      matters: size!.matters,
      queries: queries.length,
      generateSeconds: round(generateSeconds, 1),
      import: imported ? { seconds: imported.seconds, rowsPerSecond: Math.round(imported.rate), totals: imported.totals, firstErrors: imported.firstErrors.slice(0, 3) } : 'reused',
      screeningPhases: Object.fromEntries(
        Object.entries(phases).map(([k, v]) => {
          const sorted = [...v].sort((a, b) => a - b);
          return [k, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
        }),
      ),
      screeningMs: { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1), p99: round(percentile(latencies, 99), 1), max: round(latencies.at(-1) ?? NaN, 1) },
      accuracy: {
        recallOfRepeats: round(recall),
        f1: round((2 * precision * recall) / Math.max(1e-9, precision + recall)),
        hitAt5: round(sum(repeatKinds, (v) => v.hitAt5) / Math.max(1, sum(repeatKinds, (v) => v.n))),
        recallByMatter: {
          collective: { queries: byShape.collective.n, recall: round(byShape.collective.right / Math.max(1, byShape.collective.n)) },
          individual: { queries: byShape.individual.n, recall: round(byShape.individual.right / Math.max(1, byShape.individual.n)) },
        },
        recallOfRephrasedRepeats: round((perKind.get('rephrasedRepeat')?.right ?? 0) / Math.max(1, perKind.get('rephrasedRepeat')?.n ?? 0)),
        falseAlarmRate: round(sum(otherKinds, (v) => v.saidRepeat) / Math.max(1, sum(otherKinds, (v) => v.n))),
        precision: round(precision),
        perKind: Object.fromEntries([...perKind.entries()].map(([kind, v]) => [kind, { ...v, rate: round(v.right / v.n) }])),
      },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await database.close();
    // A reused run is never removed (it used to be, without --keep: the files went, the database stayed).
    const keep = values.keep || !!values.reuse;
    if (!keep) await drop();
    if (keep) log(`kept ${work} and the database (${database.location})`);
    else if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  }
}

function screen(ctx: AppContext, q: QueryRecord, today: string) {
  return screenDraft(ctx.db, draftFromInput(q, today), { registeringLevel: 'province', limit: 5 });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
