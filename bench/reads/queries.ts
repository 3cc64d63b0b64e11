/**
 * `node --import tsx bench/reads/queries.ts --database-url URL [--runs N]`
 *
 * The read functions behind the endpoints of bench/reads/run.ts, called in-process one after the other (no HTTP, no
 * concurrency): the work each page costs the server and the database, measurable on a machine too busy for
 * throughput figures to mean much. Prints median and p95 in milliseconds per read, and the load average.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client';
import { queryRows } from '../../src/db/tx';
import { NATIONAL_TIME_LIMITS } from '../../src/domain/lifecycle';
import { CalendarService } from '../../src/modules/calendar/service';
import { loadStaffPrincipal } from '../../src/modules/auth/principal';
import { listMatters, matterDashboard, matterPage } from '../../src/modules/matters/queries';
import { triageQueue } from '../../src/modules/dispatch/queries';
import { supervisionBoard } from '../../src/modules/supervision/service';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, runs: { type: 'string', default: '30' } } });
const database = await openDatabase({ kind: 'postgres', url: values['database-url'] ?? '', poolSize: 2 });
const calendar = new CalendarService(database.db);
await calendar.reload();
const ctx = { database, db: database.db, calendar, timeLimits: NATIONAL_TIME_LIMITS, now: () => new Date() };
const as = async (login: string) => {
  const [u] = await queryRows<{ id: string }>(ctx.db, sql`SELECT id FROM users WHERE login = ${login}`);
  return (await loadStaffPrincipal(ctx.db, u!.id, 'session'))!;
};
const province = await as('sx.leader');
const office = await as('sx.supervisor1');
const city = await as('ty.registrar');
const department = await as('ty.zjj.handler');
const first = await listMatters(ctx, province, { pageSize: 20 });
const deep = async () => {
  // The 50th page: keyset costs what the first does.
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) cursor = (await listMatters(ctx, province, { pageSize: 20, ...(cursor ? { cursor } : {}) })).nextCursor ?? undefined;
  return cursor;
};
const cursor50 = await deep();
const reads: [string, () => Promise<unknown>][] = [
  ['matterList.province', () => listMatters(ctx, province, { pageSize: 20 })],
  ['matterList.province.page51', () => listMatters(ctx, province, { pageSize: 20, ...(cursor50 ? { cursor: cursor50 } : {}) })],
  ['matterList.province.overdue', () => listMatters(ctx, province, { pageSize: 20, overdue: true })],
  ['matterList.department', () => listMatters(ctx, department, { pageSize: 20 })],
  ['triageQueue.cityBureau', () => triageQueue(ctx, city, { stage: 'all', pageSize: 50 })],
  ['supervisionBoard.office', () => supervisionBoard(ctx, office, { warningDays: 3 })],
  ['dashboard.province', () => matterDashboard(ctx, province)],
  ['dashboard.department', () => matterDashboard(ctx, department)],
  ['matterPage', () => matterPage(ctx, province, first.items[0]!.id)],
];
const runs = Number(values.runs);
const out: Record<string, { medianMs: number; p95Ms: number }> = {};
for (const [name, f] of reads) {
  await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  out[name] = { medianMs: r(ms[Math.floor(ms.length / 2)]!), p95Ms: r(ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]!) };
}
const [size] = await queryRows<{ matters: number }>(ctx.db, sql`SELECT count(*)::int AS matters FROM matters`);
console.log(JSON.stringify({ matters: size!.matters, runs, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100), reads: out }, null, 2));
await database.close();
