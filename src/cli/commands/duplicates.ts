import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { chinaDateOf } from '../../domain/calendar';
import type { AppContext } from '../../context';
import type { PersonInput } from '../../modules/petitions/petitioners';
import { draftFromInput, screenDraft } from '../../modules/screening/service';
import { CliUsageError } from '../errors';

export const DUPLICATES_CHECK_USAGE = 'xinfang duplicates check --input FILE.jsonl --output FILE.jsonl [--level province|city|county|town] [--limit N]';

const LEVELS = ['province', 'city', 'county', 'town'] as const;
type Level = (typeof LEVELS)[number];

export interface DuplicatesCheckOptions {
  input: string;
  output: string;
  level: Level;
  limit: number;
}

export function parseDuplicatesCheckArgs(args: string[]): DuplicatesCheckOptions {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { input: { type: 'string' }, output: { type: 'string' }, level: { type: 'string' }, limit: { type: 'string' } } }));
  } catch (err) {
    throw new CliUsageError(`参数无效：${(err as Error).message}。用法：${DUPLICATES_CHECK_USAGE}`, `${(err as Error).message}. Usage: ${DUPLICATES_CHECK_USAGE}`);
  }
  if (!values.input || !values.output) throw new CliUsageError(`缺少 --input 或 --output。用法：${DUPLICATES_CHECK_USAGE}`, `missing --input or --output. Usage: ${DUPLICATES_CHECK_USAGE}`);
  const level = (values.level ?? 'province') as Level;
  if (!LEVELS.includes(level)) throw new CliUsageError(`--level 只能是 ${LEVELS.join('、')}`, `--level must be one of ${LEVELS.join(', ')}`);
  const limit = Number(values.limit ?? 5);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new CliUsageError('--limit 须为 1–50 的整数', '--limit must be an integer from 1 to 50');
  return { input: values.input, output: values.output, level, limit };
}

interface DraftLine {
  externalId?: unknown;
  channel?: unknown;
  receivedAt?: unknown;
  regionCode?: unknown;
  title?: unknown;
  content?: unknown;
  respondent?: unknown;
  place?: unknown;
  category?: unknown;
  petitioners?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Batch screening: one output line per input line, in input order:
 * {"externalId","ms","decision":"repeat"|"new","candidates":[{"matterId","externalIds","score","reasons","flags"}]}.
 * A line that cannot be read gets {"line","externalId","error"} instead, and the run goes on.
 * `level` is the level of the body receiving the petitions (it decides the level-skipping flag).
 */
export async function duplicatesCheck(ctx: AppContext, opts: DuplicatesCheckOptions, onProgress?: (done: number) => void): Promise<{ lines: number; repeats: number; errors: number }> {
  const out = createWriteStream(opts.output, { encoding: 'utf8' });
  const lines = createInterface({ input: createReadStream(opts.input, { encoding: 'utf8' }), crlfDelay: Infinity });
  const today = chinaDateOf(ctx.now());
  let n = 0;
  let repeats = 0;
  let errors = 0;
  const write = async (obj: unknown) => {
    if (!out.write(`${JSON.stringify(obj)}\n`)) await once(out, 'drain');
  };
  for await (const raw of lines) {
    n++;
    if (!raw.trim()) continue;
    let rec: DraftLine;
    try {
      rec = JSON.parse(raw) as DraftLine;
    } catch {
      errors++;
      await write({ line: n, externalId: null, error: '不是有效的 JSON / not valid JSON' });
      continue;
    }
    const externalId = str(rec.externalId);
    const title = str(rec.title) ?? '';
    const content = str(rec.content) ?? '';
    const regionCode = str(rec.regionCode);
    if (!regionCode || !/^\d{6}(\d{3})?$/.test(regionCode) || (!title && !content) || !Array.isArray(rec.petitioners)) {
      errors++;
      await write({ line: n, externalId, error: '缺少 regionCode、title/content 或 petitioners / missing regionCode, title/content or petitioners' });
      continue;
    }
    const result = await screenDraft(
      ctx.db,
      draftFromInput(
        { channel: str(rec.channel), receivedAt: str(rec.receivedAt), regionCode, title, content, respondent: str(rec.respondent), place: str(rec.place), category: str(rec.category), petitioners: rec.petitioners as PersonInput[] },
        today,
      ),
      { registeringLevel: opts.level, limit: opts.limit },
    );
    if (result.decision === 'repeat') repeats++;
    await write({
      externalId,
      ms: result.ms,
      decision: result.decision,
      candidates: result.candidates.map((c) => ({
        matterId: c.matterId,
        externalIds: c.externalIds,
        score: c.score,
        reasons: c.reasons.map((r) => ({ code: r.code, messageZh: r.messageZh })),
        flags: c.flags.map((f) => f.code),
      })),
    });
    onProgress?.(n);
  }
  out.end();
  await once(out, 'finish');
  return { lines: n, repeats, errors };
}
