import { parseArgs } from 'node:util';
import type { AppContext } from '../../context';
import { DEFAULT_BATCH, importFile, type ImportProgress, type ImportSummary } from '../../modules/import/importer';
import { formatOf } from '../../modules/import/read';
import { CliUsageError } from '../errors';

/**
 * `xinfang import FILE [--batch N] [--restart] [--errors FILE]`: bulk import of a legacy archive (docs/import.md).
 * Progress goes to stderr (a bar on a terminal, a line every few seconds otherwise), the summary to stdout. Exit
 * status 0 when the file was read to the end, bad rows or not; failures to run at all throw.
 */

export const IMPORT_USAGE = 'xinfang import FILE.jsonl|FILE.xlsx [--batch N] [--restart] [--errors FILE]';

export interface ImportArgs {
  file: string;
  batchSize: number;
  restart: boolean;
  errorsPath?: string;
}

export function parseImportArgs(args: string[]): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { batch: { type: 'string' }, restart: { type: 'boolean' }, errors: { type: 'string' } } });
  } catch (err) {
    throw new CliUsageError(`参数有误。用法：${IMPORT_USAGE}`, `${err instanceof Error ? err.message : String(err)}. Usage: ${IMPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliUsageError(`请给出一个导入文件。用法：${IMPORT_USAGE}`, `give one file to import. Usage: ${IMPORT_USAGE}`);
  const file = positionals[0]!;
  if (!formatOf(file)) throw new CliUsageError(`只支持 .jsonl 或 .xlsx 文件：${file}`, `only .jsonl and .xlsx files are supported: ${file}`);
  const batchSize = values.batch === undefined ? DEFAULT_BATCH : Number(values.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 20_000) {
    throw new CliUsageError(`--batch 须为 1 到 20000 之间的整数：${values.batch}`, `--batch must be an integer from 1 to 20000: ${values.batch}`);
  }
  return { file, batchSize, restart: values.restart ?? false, ...(values.errors ? { errorsPath: values.errors } : {}) };
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Draws the progress: a bar on a terminal, otherwise a plain line at most every 5 seconds. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): { update(p: ImportProgress): void; done(): void } {
  const tty = stream.isTTY === true;
  let phase: ImportProgress['phase'] | null = null;
  let phaseStart = Date.now();
  let firstDone = 0;
  let lastPrint = 0;
  return {
    update(p) {
      const now = Date.now();
      if (p.phase !== phase) {
        if (tty && phase) stream.write('\n');
        phase = p.phase;
        phaseStart = now;
        firstDone = p.done;
      }
      if (!tty && now - lastPrint < 5000) return;
      lastPrint = now;
      const rate = (p.done - firstDone) / Math.max(0.001, (now - phaseStart) / 1000);
      const label = p.phase === 'scan' ? '扫描 scan  ' : '导入 import';
      const counts = p.phase === 'import' ? `  imported ${p.totals.imported} skipped ${p.totals.skipped} bad ${p.totals.bad}` : '';
      if (p.total) {
        const share = Math.min(1, p.done / p.total);
        const eta = rate > 0 ? (p.total - p.done) / rate : Number.NaN;
        const bar = tty ? `[${'#'.repeat(Math.round(share * 30)).padEnd(30, '-')}] ` : '';
        const line = `${label} ${bar}${p.done}/${p.total} ${(share * 100).toFixed(1)}%  ${Math.round(rate)}/s  ETA ${duration(eta)}${counts}`;
        stream.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
      } else {
        const line = `${label} ${p.done}  ${Math.round(rate)}/s${counts}`;
        stream.write(tty ? `\r${line}\u001b[K` : `${line}\n`);
      }
    },
    done() {
      if (tty && phase) stream.write('\n');
    },
  };
}

/** The end-of-run summary (stdout): counts, time, rate, where the bad rows are, and the first few of them. */
export function formatSummary(s: ImportSummary): string {
  const t = s.totals;
  const lines = [
    ...s.notes.map((n) => `注意 / note: ${n}`),
    `导入完成 / import finished: ${s.file} (${s.rows} rows${s.resumedAfterLine ? `, resumed after line ${s.resumedAfterLine}` : ''})`,
    `  新导入 imported:            ${t.imported}`,
    `  已存在跳过 skipped (present): ${t.skipped}`,
    `  错误行 bad rows:             ${t.bad}`,
    `  新建事项 matters created:     ${t.mattersCreated}`,
    `  重复件 repeats linked:        ${t.repeatsLinked}`,
    `  用时 seconds:                ${s.seconds.toFixed(1)}  (本次 this run: ${s.thisRun.imported + s.thisRun.skipped + s.thisRun.bad} rows, ${Math.round(s.rate)} rows/s)`,
  ];
  if (t.bad > 0) {
    lines.push(`共 ${t.bad} 行有错误，未导入，详见 / ${t.bad} bad rows not imported, see: ${s.errorsPath}`);
    for (const e of s.firstErrors.slice(0, 5)) {
      lines.push(`  第 ${e.line} 行 line ${e.line}${e.externalId ? ` (${e.externalId})` : ''}: ${e.problems.map((p) => p.messageZh).join('；')} / ${e.problems.map((p) => p.message).join('; ')}`);
    }
    if (t.bad > 5) lines.push('  …');
  }
  return lines.join('\n');
}

export async function runImport(ctx: AppContext, args: ImportArgs): Promise<ImportSummary> {
  const progress = progressPrinter();
  try {
    return await importFile(ctx, args.file, {
      batchSize: args.batchSize,
      restart: args.restart,
      ...(args.errorsPath ? { errorsPath: args.errorsPath } : {}),
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.done();
  }
}
