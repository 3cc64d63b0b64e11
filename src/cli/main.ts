import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DatabaseSetupError, databaseConfigFromEnv } from '../db/client';
import { Calendar, ScheduleError, officialCalendarData, parseYearSchedule } from '../domain/calendar';
import { buildApp } from '../http/app';
import { consoleLogStream } from '../http/logging';
import { loadSchedule } from '../modules/calendar/load-schedule';
import { seedDemo } from '../modules/demo/seed';
import { trainModel } from '../modules/routing/service';
import { scanClocks, scheduleClockScanner } from '../modules/supervision/scanner';
import { deliverDue, scheduleDispatcher } from '../modules/notifications/dispatcher';
import { DEMO_PASSWORD } from '../modules/org/demo-data';
import { ATTACHMENT_LIMITS } from '../modules/attachments/config';
import { scheduleAttachmentSweep, sweepUnlinkedAttachments } from '../modules/attachments/sweep';
import { verifyChain } from '../modules/audit/verify';
import { XinfangError } from '../shared/errors';
import { openContext } from './boot';
import { backupTo, restoreFrom } from '../modules/backup/backup';
import { hasStaff } from '../modules/auth/first-admin';
import type { RegionsLoad } from '../modules/org/regions';
import { calendarDue, calendarShow } from './commands/calendar';
import { formatSummary, parseImportArgs, runImport } from './commands/import';
import { DUPLICATES_CHECK_USAGE, duplicatesCheck, parseDuplicatesCheckArgs } from './commands/duplicates';
import { parseTokenArgs, runToken } from './commands/token';
import { formatImportResult, parseAdminArgs, parseSheetImportArgs, runAdminCreate, runSheetImport } from './commands/org';
import { CliUsageError } from './errors';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WEB_SRC = join(ROOT, 'web');
const WEB_OUT = join(ROOT, 'dist/web');

const USAGE = `xinfang — 信访工作平台 / petition work platform

Usage:
  xinfang start                       build the web app if needed, then serve (npm start)
  xinfang serve [--port N]            serve the API and the built web app
  xinfang migrate                     apply database migrations and load the national regions (GB/T 2260, to towns)
  xinfang seed --demo                 seed the demo province into an empty database
  xinfang admin create --login NAME [--name 姓名] [--body CODE]
                                      create an administrator; prints a one-time password (changed at first login)
  xinfang bodies import FILE.xlsx|FILE.csv
                                      load or update bodies from a spreadsheet (all or nothing; docs/operations.md)
  xinfang users import FILE.xlsx|FILE.csv
                                      load or update users; prints each new user's one-time password
  xinfang token list [--user LOGIN]   API tokens: id, login, status, expiry, last use (never the token)
  xinfang token create --user LOGIN [--name NAME] [--days D]
                                      create an API token (printed once; expires after D days, default
                                      XINFANG_TOKEN_DAYS or 90)
  xinfang token revoke ID             revoke an API token (refused from the next request on)
  xinfang audit verify                check the hash chain of the audit trail
  xinfang backup --out FILE.tar.gz    save the database and the attachments in one archive (PGlite or PostgreSQL,
                                      while running; docs/operations.md)
  xinfang restore FILE.tar.gz         restore an archive into a new, empty database and attachment store
  xinfang calendar due --from YYYY-MM-DD (--days N | --working-days N)
  xinfang calendar show --from YYYY-MM-DD --to YYYY-MM-DD
  xinfang calendar load --file FILE [--format json|csv]
                                      load a year's official holiday schedule
  xinfang import FILE.jsonl|FILE.xlsx [--batch N] [--restart] [--errors FILE]
                                      import legacy petitions (idempotent, resumable; docs/import.md)
  xinfang duplicates check --input FILE.jsonl --output FILE.jsonl [--level LEVEL] [--limit N]
                                      batch duplicate screening, one answer line per input line
  xinfang routing train               retrain the routing-suggestion model on past dispatch decisions
  xinfang scan                        run the clock scanner once (serve runs it every XINFANG_SCAN_MINUTES, default 10)
  xinfang notify                      send the notifications due now once (serve sends every XINFANG_NOTIFY_SECONDS, default 30)
  xinfang attachments sweep [--retention-hours N]
                                      remove uploads no petition took within the retention (default 24 h) once
                                      (serve sweeps every XINFANG_SWEEP_MINUTES, default 60)

Environment: DATABASE_URL (PostgreSQL; default: embedded PGlite under ./data), XINFANG_DATA_DIR (default ./data),
XINFANG_DEMO (on: seed the demo province into an empty database at start, the default; off: production, start empty),
PORT (default 3000), HOST (default 127.0.0.1), XINFANG_TRUST_PROXY (behind a proxy: true or its addresses),
XINFANG_SCAN_MINUTES (clock scanner interval; 0 turns it off on this node), XINFANG_NOTIFY_SECONDS (notification
dispatcher interval; 0 turns it off on this node), XINFANG_SMS_PROVIDER=dev|http, XINFANG_SMS_URL, XINFANG_SMS_TOKEN,
XINFANG_SMTP_URL, XINFANG_MAIL_FROM, XINFANG_NOTIFY_DUE_DAYS (docs/notifications.md), XINFANG_TOKEN_DAYS (default
lifetime of a new API token in days, 90), XINFANG_METRICS_TOKEN (bearer token of /api/metrics; unset: this machine
only), XINFANG_SWEEP_MINUTES (sweep of unlinked uploads; 0 turns it off on this
node), XINFANG_UPLOAD_RETENTION_HOURS (default 24; docs/attachments.md).`;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web app when dist/web is missing or older than its sources, so `npm start` needs no separate step. */
async function ensureWebBuilt(): Promise<void> {
  const stamp = join(WEB_OUT, '.built');
  if (existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= newestMtime(WEB_SRC)) return;
  console.log('正在构建前端… / building the web app…');
  const t0 = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(WEB_SRC, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, String(newestMtime(WEB_SRC)));
  console.log(`前端构建完成 / web app built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function serve(port: number, host: string): Promise<void> {
  const t0 = Date.now();
  const ctx = await openContext();
  reportRegionsLoad(ctx.regionsLoad);
  const demo = demoFromEnv();
  const seeded = demo ? await seedDemo(ctx) : null;
  if (!demo && !(await hasStaff(ctx.db))) {
    console.log('\n未加载演示数据（XINFANG_DEMO=off），尚无用户。请先导入单位（npx xinfang bodies import 单位.xlsx），再创建管理员（npx xinfang admin create --login 登录名 --name 姓名）；见 docs/operations.md。');
    console.log('No demo data (XINFANG_DEMO=off) and no user yet: import the bodies (npx xinfang bodies import FILE), then create the first administrator (npx xinfang admin create --login NAME); see docs/operations.md.\n');
  }
  if (seeded) {
    console.log(`\n已初始化演示省份（山西省）：${seeded.regions} 个行政区划，${seeded.bodies} 个单位。`);
    console.log(`Demo province seeded (Shanxi): ${seeded.regions} regions, ${seeded.bodies} bodies. Demo logins (password: ${DEMO_PASSWORD}):`);
    for (const u of seeded.users) console.log(`  ${u.login.padEnd(16)} ${u.displayName}  ${u.body}  [${u.roles.join(', ')}]`);
    console.log('');
  }
  const app = await buildApp({ ctx, logger: { level: process.env.LOG_LEVEL ?? 'info', ...consoleLogStream() }, webRoot: WEB_OUT, trustProxy: trustProxyFromEnv(), metricsToken: process.env.XINFANG_METRICS_TOKEN || undefined });
  const scanMinutes = Number(process.env.XINFANG_SCAN_MINUTES ?? 10);
  const stopScanner = scanMinutes > 0 ? scheduleClockScanner(ctx, scanMinutes, app.log) : () => {};
  const notifySeconds = Number(process.env.XINFANG_NOTIFY_SECONDS ?? 30);
  const stopDispatcher = notifySeconds > 0 ? scheduleDispatcher(ctx, notifySeconds, app.log) : () => {};
  const sweepMinutes = Number(process.env.XINFANG_SWEEP_MINUTES ?? 60);
  const retentionHours = retentionHoursFrom(process.env.XINFANG_UPLOAD_RETENTION_HOURS);
  const stopSweep = sweepMinutes > 0 ? scheduleAttachmentSweep(ctx, sweepMinutes, { retentionHours }, app.log) : () => {};
  const close = async () => {
    console.log('正在停止… / shutting down…');
    stopScanner();
    stopDispatcher();
    stopSweep();
    await app.close();
    await ctx.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port, host });
  console.log(`信访工作平台已启动 / Xinfang is running: http://${host === '0.0.0.0' ? 'localhost' : host}:${port}  (database: ${ctx.database.kind} ${ctx.database.location}; ready in ${Date.now() - t0} ms)`);
}

/**
 * XINFANG_DEMO: on (default) seeds the demo province into an empty database at start; off starts a production
 * deployment empty (reference regions only), its organisation loaded by `xinfang bodies import` / `users import`.
 */
function demoFromEnv(): boolean {
  const v = (process.env.XINFANG_DEMO ?? 'on').trim().toLowerCase();
  if (['on', 'true', '1', 'yes', ''].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  throw new CliUsageError(`XINFANG_DEMO 只能是 on 或 off：${process.env.XINFANG_DEMO}`, `XINFANG_DEMO must be on or off, got '${process.env.XINFANG_DEMO}'`);
}

function reportRegionsLoad(load: RegionsLoad): void {
  if (load.inserted === 0) return;
  // stderr: commands whose stdout is read by scripts (token create) may be the first to open a new database.
  console.error(`已加载全国行政区划 ${load.inserted} 条（${load.source}，${load.ms} ms）/ national regions loaded: ${load.inserted} rows from ${load.source} in ${load.ms} ms`);
}

/** XINFANG_UPLOAD_RETENTION_HOURS or --retention-hours: how long an upload no petition took is kept. */
function retentionHoursFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return ATTACHMENT_LIMITS.unlinkedRetentionHours;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1) throw new CliUsageError(`保留时长应为不小于 1 的小时数：${value}`, `the retention must be a number of hours ≥ 1, got '${value}'`);
  return n;
}

/** XINFANG_TRUST_PROXY: unset = direct connections only; 'true'; or a comma-separated list of proxy addresses. */
function trustProxyFromEnv(): boolean | string {
  const v = process.env.XINFANG_TRUST_PROXY?.trim();
  if (!v || v === 'false') return false;
  return v === 'true' ? true : v;
}

/** The calendar in force: built-in data plus admin-loaded years when the database can be opened. */
async function calendarInForce(): Promise<Calendar> {
  const config = databaseConfigFromEnv();
  if (config.kind === 'pglite' && (!config.dataDir || !existsSync(config.dataDir))) return new Calendar(officialCalendarData());
  try {
    const ctx = await openContext(config);
    const cal = ctx.calendar.calendar;
    await ctx.close();
    return cal;
  } catch (err) {
    if (err instanceof DatabaseSetupError) {
      console.error(`注意：${err.messageZh} 仅使用内置官方日历。 / note: ${err.message} Using the built-in official calendar only.`);
      return new Calendar(officialCalendarData());
    }
    throw err;
  }
}

async function withContext<T>(fn: (ctx: Awaited<ReturnType<typeof openContext>>) => Promise<T>): Promise<T> {
  const ctx = await openContext();
  reportRegionsLoad(ctx.regionsLoad);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'start':
    case 'serve': {
      const { values } = parseArgs({ args: argv.slice(1), options: { port: { type: 'string' }, host: { type: 'string' } } });
      const port = Number(values.port ?? process.env.PORT ?? 3000);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliUsageError(`端口无效：${values.port}`, `invalid port ${values.port}`);
      if (command === 'start') await ensureWebBuilt();
      await serve(port, values.host ?? process.env.HOST ?? '127.0.0.1');
      return -1; // keep running
    }
    case 'migrate':
      await withContext(async (ctx) => {
        console.log(`数据库已是最新 / migrations applied (${ctx.database.kind} ${ctx.database.location}); 行政区划 / regions: ${ctx.regionsLoad.total}`);
      });
      return 0;
    case 'seed': {
      if (sub !== '--demo') throw new CliUsageError('用法：xinfang seed --demo', 'usage: xinfang seed --demo');
      const result = await withContext(seedDemo);
      console.log(result ? `已初始化演示数据 / demo seeded: ${result.bodies} bodies, ${result.users.length} logins (password ${DEMO_PASSWORD})` : '数据库已有数据，未重复初始化 / database not empty: nothing seeded');
      return 0;
    }
    case 'token': {
      const args = parseTokenArgs(sub, rest);
      const { out, note } = await withContext((ctx) => runToken(ctx, args));
      if (out) console.log(out);
      if (note) console.error(note);
      return 0;
    }
    case 'audit': {
      if (sub !== 'verify') throw new CliUsageError('用法：xinfang audit verify', 'usage: xinfang audit verify');
      const result = await withContext((ctx) =>
        verifyChain(ctx.db, { onProgress: (n) => process.stderr.write(`\r已校验 / checked ${n}`) }),
      );
      process.stderr.write('\n');
      console.log(JSON.stringify(result));
      if (result.firstBreak) {
        const b = result.firstBreak;
        console.error(`审计链在第 ${b.id} 条事件处断裂（${b.entityType} ${b.entityId} #${b.seq} ${b.type}）：${b.reasonZh} / chain broken at event ${b.id}: ${b.reason}`);
        return 1;
      }
      return 0;
    }
    case 'calendar': {
      if (sub === 'due') {
        calendarDue(rest, new Calendar(officialCalendarData())); // bad arguments fail before the database is opened
        console.log(calendarDue(rest, await calendarInForce()));
        return 0;
      }
      if (sub === 'show') {
        calendarShow(rest, new Calendar(officialCalendarData()));
        console.log(calendarShow(rest, await calendarInForce()));
        return 0;
      }
      if (sub === 'load') {
        const { values } = parseArgs({ args: rest, options: { file: { type: 'string' }, format: { type: 'string' } } });
        if (!values.file) throw new CliUsageError('缺少 --file FILE', 'missing --file FILE');
        const format = (values.format ?? (values.file.endsWith('.csv') ? 'csv' : 'json')) as 'json' | 'csv';
        if (format !== 'json' && format !== 'csv') throw new CliUsageError('--format 只能是 json 或 csv', '--format must be json or csv');
        const schedule = parseYearSchedule(readFileSync(values.file, 'utf8'), format);
        const result = await withContext((ctx) =>
          loadSchedule(ctx.db, ctx.calendar, { schedule, source: `file ${values.file}`, actor: { userId: null, bodyId: null } }, ctx.now()),
        );
        console.log(JSON.stringify(result));
        return 0;
      }
      throw new CliUsageError('用法：xinfang calendar due|show|load …', 'usage: xinfang calendar due|show|load …');
    }
    case 'duplicates': {
      if (sub !== 'check') throw new CliUsageError(`用法：${DUPLICATES_CHECK_USAGE}`, `usage: ${DUPLICATES_CHECK_USAGE}`);
      const opts = parseDuplicatesCheckArgs(rest);
      if (!existsSync(opts.input)) throw new CliUsageError(`找不到输入文件：${opts.input}`, `input file not found: ${opts.input}`);
      const t0 = Date.now();
      const result = await withContext((ctx) => duplicatesCheck(ctx, opts, (n) => n % 100 === 0 && process.stderr.write(`\r已甄别 / screened ${n}`)));
      process.stderr.write('\n');
      console.log(JSON.stringify({ ...result, seconds: Math.round((Date.now() - t0) / 100) / 10, output: opts.output }));
      return 0;
    }
    case 'scan': {
      const result = await withContext((ctx) => scanClocks(ctx));
      console.log(JSON.stringify(result));
      return 0;
    }
    case 'notify': {
      const result = await withContext((ctx) => deliverDue(ctx, { limit: 10_000 }));
      console.log(`通知发送 / notifications: ${result.claimed} due, ${result.sent} sent, ${result.retrying} to retry, ${result.dead} failed for good`);
      return 0;
    }
    case 'attachments': {
      if (sub !== 'sweep') throw new CliUsageError('用法：xinfang attachments sweep [--retention-hours N]', 'usage: xinfang attachments sweep [--retention-hours N]');
      const { values } = parseArgs({ args: rest, options: { 'retention-hours': { type: 'string' } } });
      const retentionHours = retentionHoursFrom(values['retention-hours'] ?? process.env.XINFANG_UPLOAD_RETENTION_HOURS);
      const result = await withContext((ctx) => sweepUnlinkedAttachments(ctx, { retentionHours }));
      console.log(`已清理未使用的上传 / unlinked uploads removed (older than ${retentionHours} h): ${JSON.stringify(result)}`);
      return 0;
    }
    case 'routing': {
      if (sub !== 'train') throw new CliUsageError('用法：xinfang routing train', 'usage: xinfang routing train');
      console.log('正在训练分办建议模型… / training the routing model…');
      const result = await withContext((ctx) => trainModel(ctx, { userId: null, bodyId: null }));
      console.log(JSON.stringify(result));
      return 0;
    }
    case 'import': {
      const args = parseImportArgs(argv.slice(1));
      if (!existsSync(args.file)) throw new CliUsageError(`找不到导入文件：${args.file}`, `file not found: ${args.file}`);
      const summary = await withContext((ctx) => runImport(ctx, args));
      console.log(formatSummary(summary));
      return 0;
    }
    case 'backup': {
      const { values } = parseArgs({ args: argv.slice(1), options: { out: { type: 'string' } } });
      if (!values.out) throw new CliUsageError('用法：xinfang backup --out FILE.tar.gz', 'usage: xinfang backup --out FILE.tar.gz');
      const out = values.out;
      const r = await withContext((ctx) => backupTo(ctx, out));
      console.log(`已备份 / backed up: ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB; ${r.tables} tables, ${r.rows} rows, ${r.attachments} attachments; ${r.ms} ms)`);
      return 0;
    }
    case 'restore': {
      const { positionals } = parseArgs({ args: argv.slice(1), allowPositionals: true, options: {} });
      if (positionals.length !== 1) throw new CliUsageError('用法：xinfang restore FILE.tar.gz', 'usage: xinfang restore FILE.tar.gz');
      const file = positionals[0]!;
      if (!existsSync(file)) throw new CliUsageError(`找不到备份文件：${file}`, `backup file not found: ${file}`);
      const ctx = await openContext(undefined, undefined, { referenceData: false });
      try {
        const r = await restoreFrom(ctx, file);
        console.log(`已恢复 / restored: ${r.tables} tables, ${r.rows} rows, ${r.attachments} attachments; audit chain verified (${r.chainVerified} events); ${r.ms} ms`);
      } finally {
        await ctx.close();
      }
      return 0;
    }
    case 'admin': {
      const args = parseAdminArgs(sub, rest);
      console.log(await withContext((ctx) => runAdminCreate(ctx, args)));
      return 0;
    }
    case 'bodies':
    case 'users': {
      const { file } = parseSheetImportArgs(command, sub, rest);
      const result = await withContext((ctx) => runSheetImport(ctx, command, file));
      console.log(formatImportResult(command, result));
      return result.applied ? 0 : 1;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      throw new CliUsageError(`未知命令：${command}`, `unknown command: ${command}\n\n${USAGE}`);
  }
}

/** Known failures print a clear message (Chinese / English) without a stack trace. */
export function reportError(err: unknown): number {
  if (err instanceof CliUsageError) {
    console.error(err.message);
    return err.exitCode;
  }
  if (err instanceof DatabaseSetupError) {
    console.error(`${err.messageZh}\n${err.message}`);
    return 1;
  }
  if (err instanceof ScheduleError) {
    console.error(err.message);
    return 1;
  }
  if (err instanceof XinfangError) {
    console.error(`${err.messageZh} / ${err.message}`);
    return 1;
  }
  console.error(err);
  return 1;
}
