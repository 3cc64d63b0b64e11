import { randomUUID } from 'node:crypto';
import { appendFileSync, createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { and, desc, eq, sql } from 'drizzle-orm';
import { events, regions } from '../../db/schema';
import { queryRows, type Tx } from '../../db/tx';
import { chinaDateOf, type IsoDate } from '../../domain/calendar';
import type { ArchivedOutcome } from '../../domain/lifecycle';
import type { AppContext } from '../../context';
import { XinfangError } from '../../shared/errors';
import { appendEvents, type NewEvent } from '../audit/append';
import { activeBureaus } from '../petitions/service';
import { formatOf, readJsonlLines, readRows, type ImportFormat } from './read';
import { PreparePool } from './prepare-pool';
import type { PrepareSetup, RawRow } from './prepare';
import { outcomeFields, type BadRow, type ImportRecord, type MatterOutcome } from './record';
import { ZERO_COUNTS, fingerprintOf, importIdOf, readState, sameFile, writeState, type ImportCounts, type ImportState } from './state';
import { writeBatch, type BatchResult, type WriteEnv } from './write';

/**
 * Bulk import of a legacy archive (docs/import.md): scan the file once to learn each matter's outcome, then read it
 * again in batches, each validated row by row and written in one transaction. Idempotent by externalId, resumable
 * after the last committed line, bad rows reported by line number without stopping the rest.
 */

export const DEFAULT_BATCH = 1000;
/** Rows read between two turns of the event loop while a batch is being written (see pass 2). */
const YIELD_EVERY = 16;

export interface ImportProgress {
  phase: 'scan' | 'import';
  /** Rows read in this phase (including rows done by an earlier, interrupted run when importing). */
  done: number;
  /** Rows in the file; null until known (an .xlsx file during the scan). */
  total: number | null;
  totals: ImportCounts;
}

export interface ImportOptions {
  batchSize?: number;
  /** Ignore the state file and any unfinished run: read from line 1 (rows already present are skipped). */
  restart?: boolean;
  errorsPath?: string;
  statePath?: string;
  /** Petitions imported before the first statistics refresh (`refreshStatistics`); default 20,000. */
  analyzeFrom?: number;
  /** Rows still to import from which band rows are written in bulk at the end (`moveDeferredBands`); default 50,000. */
  deferBandsFrom?: number;
  /** Worker threads preparing the rows (prepare-pool.ts); 0 prepares them on the main thread. Default: cores - 1, at most 4. */
  workers?: number;
  onProgress?(p: ImportProgress): void;
  /** Test hooks: inside each batch's transaction before it commits; after it committed, before the state file is written. */
  hooks?: { beforeCommit?(batch: number): void | Promise<void>; afterCommit?(batch: number): void | Promise<void> };
}

export interface ImportSummary {
  file: string;
  format: ImportFormat;
  importId: string;
  rows: number;
  /** 0 when the run began at line 1. */
  resumedAfterLine: number;
  /** Counts of the whole run, resumptions included. */
  totals: ImportCounts;
  /** Counts of this invocation only. */
  thisRun: ImportCounts;
  seconds: number;
  /** Rows per second in this invocation. */
  rate: number;
  errorsPath: string;
  firstErrors: BadRow[];
  notes: string[];
}

/** A matter's outcome over all its rows in the file: the last given status and concludedOn, and its last receipt. */
interface MatterPlan {
  last: IsoDate | null;
  status: MatterOutcome | null;
  concludedOn: IsoDate | null;
}

function add(a: ImportCounts, b: Partial<ImportCounts>): ImportCounts {
  return {
    imported: a.imported + (b.imported ?? 0),
    skipped: a.skipped + (b.skipped ?? 0),
    bad: a.bad + (b.bad ?? 0),
    mattersCreated: a.mattersCreated + (b.mattersCreated ?? 0),
    repeatsLinked: a.repeatsLinked + (b.repeatsLinked ?? 0),
  };
}

/** Lines of a text file, counted by newline bytes: the progress total of a JSONL file before the scan ends. */
export async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    if (chunk.length) last = chunk[chunk.length - 1]!;
  }
  return last === 10 ? lines : lines + 1;
}

/**
 * A database error caused by the row's data (SQLSTATE class 22 data exception, 23 integrity violation, 54 limit
 * exceeded) or a refusal: the row is reported. Anything else (connection lost, disk full, a bug) stops the run.
 */
function rowError(err: unknown): string | null {
  if (err instanceof XinfangError) return err.code === 'VALIDATION' || err.code === 'REFUSED' ? err.message : null;
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(22|23|54)[0-9A-Z]{3}$/.test(code)) return (e as Error).message;
  }
  return null;
}

/**
 * The batch's commit does not wait for its WAL to reach the disk (`synchronous_commit = off`, this transaction only).
 * A crash of the database server can then lose the last few commits (at most about three times `wal_writer_delay`,
 * 0.6 s by default), never half of one: the batch's rows, its audit events and its import event go together. The run
 * then resumes from what the database holds (`resumePoint`: the last import event, not the state file) and the lost
 * batches are read and written again, so this costs nothing but a repeat of work. Saves a WAL flush per batch.
 */
async function batchSettings(tx: Tx): Promise<void> {
  await tx.execute(sql`SET LOCAL synchronous_commit = off`);
}

/** Rows still to import from which the import defers the petitions' band rows (`moveDeferredBands`). */
export const DEFER_BANDS_ROWS = 50_000;

/**
 * The band rows of the petitions a large import noted in `petition_bands_pending`, added in one statement sorted by
 * the primary key (so each index page is written once, instead of 20 random descents per petition as the batches
 * went), and the notes removed with them. Run at the end of an import, and at the start of every import so that one
 * killed before its end is completed by the next run (which resumes it anyway). Until then, those petitions are not
 * found by content screening (docs/import.md).
 */
async function moveDeferredBands(ctx: AppContext): Promise<void> {
  await ctx.db.transaction(async (tx: Tx) => {
    await tx.execute(sql`SELECT set_config('work_mem', '256MB', true), set_config('synchronous_commit', 'off', true)`);
    await tx.execute(sql`WITH moved AS (DELETE FROM petition_bands_pending RETURNING petition_id)
      INSERT INTO petition_bands (band, petition_id)
      SELECT DISTINCT b, p.id FROM moved JOIN petitions p ON p.id = moved.petition_id, unnest(p.lsh_bands) AS b
      ORDER BY 1, 2
      ON CONFLICT DO NOTHING`);
  });
}

async function bandsPending(ctx: AppContext): Promise<boolean> {
  const [row] = await queryRows<{ any: boolean }>(ctx.db, sql`SELECT EXISTS (SELECT 1 FROM petition_bands_pending) AS any`);
  return row?.any ?? false;
}

/** Petitions imported before the first statistics refresh of a run (`refreshStatistics`). */
export const ANALYZE_FROM = 20_000;
/** The tables the import grows, whose statistics its own statements are planned with. */
const IMPORTED_TABLES = 'petitions, petition_bands, petition_matters, petition_petitioners, petitioners, matter_petitioners, matters, matter_clocks, events';

/**
 * Fresh statistics for the tables the import is growing, whenever it has added as many petitions as the table held at
 * the last refresh (and at least `ANALYZE_FROM`): 6 times over an import of 1M petitions into an empty database, each
 * reading a sample of at most 30,000 rows per table (the default statistics target). Without them the batch statements are planned with what the statistics said before
 * the import, and for a table that was empty or never analysed the planner falls back on default selectivities: it
 * took `merged_into_id IS NULL` to keep 0.5 % of the petitioners and looked people up by phone with a sequential scan
 * of the whole table, once per batch, 300 of 700 s at 1M (bench/README.md). Autovacuum would analyse them too, but
 * later than a batch needs, and not at all where it is off or in PGlite (which has no autovacuum).
 */
async function refreshStatistics(ctx: AppContext): Promise<void> {
  await ctx.db.execute(sql.raw(`ANALYZE ${IMPORTED_TABLES}`));
}

async function petitionCount(ctx: AppContext): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM petitions`);
  return row?.n ?? 0;
}

interface Resume {
  runId: string;
  afterLine: number;
  totals: ImportCounts;
  startedAt: string;
  note: string | null;
}

async function lastImportEvent(ctx: AppContext, importId: string) {
  const [row] = await ctx.db
    .select({ type: events.type, payload: events.payload })
    .from(events)
    .where(and(eq(events.entityType, 'import'), eq(events.entityId, importId)))
    .orderBy(desc(events.seq))
    .limit(1);
  return row ? { type: row.type, payload: row.payload as { runId: string; toLine: number; totals: ImportCounts; startedAt: string } } : null;
}

/**
 * Where to start. The database is the authority: each batch's audit event commits with the batch, while the state
 * file is written just after, so after a crash between the two the database is one batch ahead. A state file that
 * the database does not know (another database, or a run that was rolled back entirely) is ignored.
 */
async function resumePoint(ctx: AppContext, importId: string, state: ImportState | null, restart: boolean, now: Date): Promise<Resume> {
  const fresh = (note: string | null): Resume => ({ runId: randomUUID(), afterLine: 0, totals: ZERO_COUNTS, startedAt: now.toISOString(), note });
  if (restart) return fresh(null);
  const last = await lastImportEvent(ctx, importId);
  if (!last || last.type === 'importFinished') {
    if (state && !state.finished && state.lastCommittedLine > 0) {
      return fresh('状态文件与本数据库的导入记录不符，从第 1 行开始 / the state file does not match this database: starting at line 1');
    }
    return fresh(last ? '该文件此前已导入完毕，重新核对（已有的记录将跳过） / this file was imported before: checking it again (present rows are skipped)' : null);
  }
  const p = last.payload;
  return { runId: p.runId, afterLine: p.toLine, totals: p.totals, startedAt: p.startedAt, note: `从第 ${p.toLine} 行之后继续 / resuming after line ${p.toLine}` };
}

/** Bad rows already reported up to the resume point are kept; later ones will be reported again. */
function trimErrors(path: string, afterLine: number): void {
  if (afterLine === 0 || !existsSync(path)) {
    writeFileSync(path, '');
    return;
  }
  const kept = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => {
      if (!l.trim()) return false;
      try {
        return (JSON.parse(l) as { line: number }).line <= afterLine;
      } catch {
        return false;
      }
    });
  writeFileSync(path, kept.length ? `${kept.join('\n')}\n` : '');
}

export async function importFile(ctx: AppContext, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const t0 = Date.now();
  const format = formatOf(path);
  if (!format) throw new XinfangError('VALIDATION', `不支持的文件类型：${path}（应为 .jsonl 或 .xlsx）`, `unsupported file type: ${path} (expected .jsonl or .xlsx)`);
  if (!existsSync(path)) throw new XinfangError('NOT_FOUND', `文件不存在：${path}`, `no such file: ${path}`);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const statePath = options.statePath ?? `${path}.import-state.json`;
  const errorsPath = options.errorsPath ?? `${path}.errors.jsonl`;
  const fingerprint = fingerprintOf(path);
  const importId = importIdOf(fingerprint);
  const startNow = ctx.now();
  const today = chinaDateOf(startNow);
  const notes: string[] = [];

  // What the validator needs to know about the organisation, loaded once and handed to the preparation workers.
  const setup: PrepareSetup = {
    today,
    regions: (await ctx.db.select({ code: regions.code }).from(regions)).map((r) => r.code),
    bureaus: await activeBureaus(ctx.db),
  };

  // Pass 1: each matter's outcome and last receipt over all its rows (an archived matter is registered in its final
  // state with its first petition, so this must be known before that petition is written). Read cheaply: rows are
  // validated in pass 2.
  let total: number | null = format === 'jsonl' ? await countLines(path) : null;
  const plan = new Map<string, MatterPlan>();
  let scanned = 0;
  for await (const row of readRows(path, format)) {
    scanned += 1;
    if (scanned % 20_000 === 0) options.onProgress?.({ phase: 'scan', done: scanned, total, totals: ZERO_COUNTS });
    if ('problem' in row) continue;
    const r = outcomeFields(row.value, today);
    if (!r) continue;
    const entry = plan.get(r.matterKey);
    if (!entry) plan.set(r.matterKey, { last: r.receivedOn, status: r.status, concludedOn: r.concludedOn });
    else {
      if (r.receivedOn && (!entry.last || r.receivedOn > entry.last)) entry.last = r.receivedOn;
      if (r.status) entry.status = r.status;
      if (r.concludedOn) entry.concludedOn = r.concludedOn;
    }
  }
  total = scanned;
  const outcomeOf = (record: ImportRecord): ArchivedOutcome | null => {
    const entry = plan.get(record.matterKey);
    const status = entry?.status ?? record.status ?? 'open';
    if (status === 'open') return null;
    return { status, concludedOn: entry?.concludedOn ?? record.concludedOn ?? entry?.last ?? record.receivedOn };
  };

  // Where to start, and the run's running totals.
  const saved = options.restart ? null : readState(statePath);
  const state = saved && sameFile(saved.fingerprint, fingerprint) ? saved : null;
  if (saved && !state) notes.push('输入文件已改变，忽略旧的状态文件 / the input file changed: its old state file is ignored');
  const resume = await resumePoint(ctx, importId, state, options.restart ?? false, startNow);
  if (resume.note) notes.push(resume.note);
  trimErrors(errorsPath, resume.afterLine);
  if (await bandsPending(ctx)) await moveDeferredBands(ctx);
  const deferBands = (total ?? 0) - resume.afterLine >= (options.deferBandsFrom ?? DEFER_BANDS_ROWS);
  let totals = resume.totals;
  let thisRun: ImportCounts = ZERO_COUNTS;
  const analyzeFrom = options.analyzeFrom ?? ANALYZE_FROM;
  let analyzedSize = await petitionCount(ctx);
  let sinceAnalyze = 0;
  let lastLine = resume.afterLine;
  const firstErrors: BadRow[] = [];
  const file = basename(path);

  const saveState = (finished: boolean) =>
    writeState(statePath, {
      version: 1,
      file,
      fingerprint,
      importId,
      runId: resume.runId,
      lastCommittedLine: lastLine,
      totals,
      finished,
      startedAt: resume.startedAt,
      updatedAt: new Date().toISOString(),
    });

  const importEvent = (type: 'importBatchCommitted' | 'importFinished', payload: Record<string, unknown>, now: Date): NewEvent => ({
    entityType: 'import',
    entityId: importId,
    type,
    onDate: chinaDateOf(now),
    occurredAt: now,
    actorRoles: ['system'],
    payload: { file, format, runId: resume.runId, startedAt: resume.startedAt, ...payload },
  });

  const report = (rows: BadRow[]) => {
    if (rows.length === 0) return;
    rows.sort((a, b) => a.line - b.line);
    appendFileSync(errorsPath, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    for (const r of rows) if (firstErrors.length < 10) firstErrors.push(r);
  };

  let batchNo = 0;
  let rowsDone = 0;
  const countsOf = (r: BatchResult, badRows: number): ImportCounts => ({
    imported: r.imported,
    skipped: r.skipped,
    bad: badRows,
    mattersCreated: r.mattersCreated,
    repeatsLinked: r.repeatsLinked,
  });
  const commit = async (valid: ImportRecord[], bad: BadRow[], fromLine: number, toLine: number, rows: number) => {
    batchNo += 1;
    const now = ctx.now();
    const env: WriteEnv = { ctx, now, today: chinaDateOf(now), outcomeOf, deferBands };
    const eventFor = (c: ImportCounts) => importEvent('importBatchCommitted', { fromLine, toLine, batch: c, totals: add(totals, c) }, now);
    let counts: ImportCounts;
    try {
      counts = await ctx.db.transaction(async (tx: Tx) => {
        await batchSettings(tx);
        const r = await writeBatch(tx, { ...env, batchEvent: (res) => eventFor(countsOf(res, bad.length + res.bad.length)) }, valid);
        await options.hooks?.beforeCommit?.(batchNo);
        // Reported before the commit: after a crash, a resumed run trims the report back to its resume point.
        report([...bad, ...r.bad]);
        return countsOf(r, bad.length + r.bad.length);
      });
    } catch (err) {
      if (rowError(err) === null) throw err;
      // Find the culprit: the rows one by one, each in its own transaction, then the batch's import event.
      trimErrors(errorsPath, fromLine - 1);
      firstErrors.splice(0, firstErrors.length, ...firstErrors.filter((e) => e.line < fromLine));
      const rows = [...bad];
      const sum: BatchResult = { imported: 0, skipped: 0, mattersCreated: 0, repeatsLinked: 0, bad: [] };
      for (const record of valid) {
        try {
          const r = await ctx.db.transaction((tx: Tx) => writeBatch(tx, env, [record]));
          sum.imported += r.imported;
          sum.skipped += r.skipped;
          sum.mattersCreated += r.mattersCreated;
          sum.repeatsLinked += r.repeatsLinked;
          rows.push(...r.bad);
        } catch (single) {
          const message = rowError(single);
          if (message === null) throw single;
          rows.push({
            line: record.line,
            externalId: record.externalId,
            problems: [{ field: '(database)', messageZh: `数据库拒绝了该记录：${message}`, message: `the database refused the row: ${message}` }],
          });
        }
      }
      counts = countsOf(sum, rows.length);
      report(rows);
      const c = counts;
      await ctx.db.transaction((tx: Tx) => appendEvents(tx, [eventFor(c)], { newEntities: new Set() }));
    }
    await options.hooks?.afterCommit?.(batchNo);
    totals = add(totals, counts);
    thisRun = add(thisRun, counts);
    lastLine = toLine;
    saveState(false);
    sinceAnalyze += counts.imported;
    if (sinceAnalyze >= Math.max(analyzeFrom, analyzedSize)) {
      await refreshStatistics(ctx);
      analyzedSize += sinceAnalyze;
      sinceAnalyze = 0;
    }
    rowsDone += rows;
    options.onProgress?.({ phase: 'import', done: rowsDone, total, totals });
  };

  // Pass 2: the rows after the resume point, in batches. While one batch is written, the next is read, validated and
  // fingerprinted (the database and this process work at the same time); batches still commit one after another.
  let pending: RawRow[] = [];
  let fromLine = 0;
  let inBatch = 0;
  let lastRowLine = 0;
  let inflight: Promise<void> | null = null;
  const pool = new PreparePool(setup, options.workers ?? PreparePool.defaultSize());
  const flush = async (toLine: number) => {
    const [raws, from, rows] = [pending, fromLine, inBatch];
    pending = [];
    inBatch = 0;
    // The workers prepare this batch while the previous one is written; batches still commit one after another.
    const prepared = pool.prepare(raws);
    prepared.catch(() => {}); // awaited below; this only keeps it from counting as unhandled meanwhile
    if (inflight) await inflight;
    inflight = prepared.then((done) => {
      const valid: ImportRecord[] = [];
      const bad: BadRow[] = [];
      for (const p of done) {
        if (p.ok) valid.push(p.record);
        else bad.push(p.bad);
      }
      return commit(valid, bad, from, toLine, rows);
    });
    inflight.catch(() => {}); // awaited before the next batch or at the end; this only keeps it from counting as unhandled
  };
  try {
    let sinceYield = 0;
    // JSONL lines travel to the workers as text (they parse them); XLSX rows are parsed by the reader.
    const source: AsyncIterable<RawRow> = format === 'jsonl' ? readJsonlLines(path) : readRows(path, format);
    for await (const row of source) {
      if (row.line <= resume.afterLine) {
        rowsDone += 1;
        continue;
      }
      // The reader hands out a buffered chunk of lines through promises that are already resolved, so without this the
      // loop would read a whole batch before the in-flight batch's next statement result is even looked at.
      if (inflight && ++sinceYield >= YIELD_EVERY) {
        sinceYield = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      lastRowLine = row.line;
      if (inBatch === 0) fromLine = row.line;
      inBatch += 1;
      pending.push(row);
      if (inBatch >= batchSize) await flush(row.line);
    }
    if (inBatch > 0) await flush(lastRowLine);
    if (inflight) await inflight;
  } finally {
    await pool.close();
  }

  if (deferBands) await moveDeferredBands(ctx);
  const end = ctx.now();
  await ctx.db.transaction(async (tx: Tx) => {
    await appendEvents(tx, [importEvent('importFinished', { toLine: lastLine, rows: total, totals }, end)], { newEntities: new Set() });
  });
  saveState(true);
  // Fresh statistics at the end too, for the rest of the application's queries on the new volume; and a vacuum, so the
  // visibility map lets screening's lookups (petition_bands, the covering indexes) be read index-only
  // (docs/screening.md), and the notes of deferred bands, all deleted, leave no dead rows to step over. 10 s at 1M.
  if (thisRun.imported > 0) await ctx.db.execute(sql`VACUUM (ANALYZE) petitions, petition_bands, petition_bands_pending, petition_matters, petition_petitioners, petitioners, matter_petitioners, matters, matter_clocks`);

  const seconds = (Date.now() - t0) / 1000;
  const rowsThisRun = thisRun.imported + thisRun.skipped + thisRun.bad;
  return {
    file: path,
    format,
    importId,
    rows: total,
    resumedAfterLine: resume.afterLine,
    totals,
    thisRun,
    seconds,
    rate: seconds > 0 ? rowsThisRun / seconds : rowsThisRun,
    errorsPath,
    firstErrors,
    notes,
  };
}
