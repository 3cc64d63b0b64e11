import { addCalendarDays, dayOfWeek, daysBetween, isIsoDate, type Calendar, type IsoDate } from '../../domain/calendar';
import { CliUsageError } from '../errors';

/**
 * `xinfang calendar due` and `xinfang calendar show`. Each takes the words after its subcommand and the calendar in
 * force (official data plus any loaded schedules), and returns its output without a trailing newline; printing is
 * the entry point's job so that these stay testable without capturing stdout.
 */

export const CALENDAR_DUE_USAGE = 'xinfang calendar due --from YYYY-MM-DD (--days N | --working-days N)';
export const CALENDAR_SHOW_USAGE = 'xinfang calendar show --from YYYY-MM-DD --to YYYY-MM-DD';

// No statutory period comes near ten years; a bigger number is a typo, and a working-day count would scan day by day.
const MAX_AMOUNT = 3650;
// Ten years of lines is already more than anyone reads when checking a loaded schedule.
const MAX_SHOW_DAYS = 3660;

/** One JSON line: {"from","due","unit","amount","provisional"} in that order. */
export function calendarDue(args: string[], calendar: Calendar): string {
  const flags = parseFlags(args, ['from', 'days', 'working-days'], CALENDAR_DUE_USAGE);
  const from = requireDate(flags, 'from', CALENDAR_DUE_USAGE);
  const days = flags.get('days');
  const workingDays = flags.get('working-days');
  if ((days === undefined) === (workingDays === undefined)) {
    throw new CliUsageError(
      `--days 与 --working-days 须且只能给出一个。用法：${CALENDAR_DUE_USAGE}`,
      `give exactly one of --days and --working-days. Usage: ${CALENDAR_DUE_USAGE}`,
    );
  }
  const result =
    days !== undefined
      ? calendar.addDays(from, parseAmount('days', days))
      : calendar.addWorkingDays(from, parseAmount('working-days', workingDays as string));
  // Built field by field so the key order is part of the output contract, whatever DueResult grows later.
  return JSON.stringify({
    from: result.from,
    due: result.due,
    unit: result.unit,
    amount: result.amount,
    provisional: result.provisional,
  });
}

/**
 * One JSON line per day from --from to --to inclusive, e.g.
 * {"date":"2025-01-26","weekday":7,"kind":"makeUpWorkday","working":true,"name":"春节","official":true};
 * weekday is ISO (1 = Monday … 7 = Sunday) so that a make-up workday can be seen to fall on a weekend.
 */
export function calendarShow(args: string[], calendar: Calendar): string {
  const flags = parseFlags(args, ['from', 'to'], CALENDAR_SHOW_USAGE);
  const from = requireDate(flags, 'from', CALENDAR_SHOW_USAGE);
  const to = requireDate(flags, 'to', CALENDAR_SHOW_USAGE);
  const span = daysBetween(from, to);
  if (span < 0) {
    throw new CliUsageError(`--to（${to}）早于 --from（${from}）`, `--to (${to}) is before --from (${from})`);
  }
  if (span >= MAX_SHOW_DAYS) {
    throw new CliUsageError(
      `一次最多显示 ${MAX_SHOW_DAYS} 天，请缩小 --from 与 --to 的范围`,
      `at most ${MAX_SHOW_DAYS} days at a time: narrow --from and --to`,
    );
  }
  const lines: string[] = [];
  for (let date = from; date <= to; date = addCalendarDays(date, 1)) {
    const info = calendar.dayInfo(date);
    lines.push(
      JSON.stringify({
        date: info.date,
        weekday: dayOfWeek(date) === 0 ? 7 : dayOfWeek(date),
        kind: info.kind,
        working: info.working,
        ...(info.name === undefined ? {} : { name: info.name }),
        official: info.official,
      }),
    );
  }
  return lines.join('\n');
}

/** `--name value` or `--name=value`, each allowed flag at most once, nothing else. */
function parseFlags(args: string[], allowed: readonly string[], usage: string): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (!arg.startsWith('-')) {
      throw new CliUsageError(`多余的参数 "${arg}"。用法：${usage}`, `unexpected argument "${arg}". Usage: ${usage}`);
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!arg.startsWith('--') || !allowed.includes(name)) {
      const shown = eq === -1 ? arg : arg.slice(0, eq);
      throw new CliUsageError(`未知选项 ${shown}。用法：${usage}`, `unknown option ${shown}. Usage: ${usage}`);
    }
    if (flags.has(name)) {
      throw new CliUsageError(`选项 --${name} 重复`, `option --${name} is given twice`);
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      value = args[i + 1];
      // "--days --from …" means the value was forgotten, not that the value is "--from".
      if (value === undefined || value.startsWith('--')) value = undefined;
      else i += 1;
    }
    if (value === undefined || value === '') {
      throw new CliUsageError(`选项 --${name} 缺少取值`, `option --${name} needs a value`);
    }
    flags.set(name, value);
  }
  return flags;
}

function requireDate(flags: Map<string, string>, name: string, usage: string): IsoDate {
  const value = flags.get(name);
  if (value === undefined) {
    throw new CliUsageError(`缺少 --${name}。用法：${usage}`, `--${name} is required. Usage: ${usage}`);
  }
  if (!isIsoDate(value)) {
    throw new CliUsageError(
      `--${name} 不是有效日期（YYYY-MM-DD）："${value}"`,
      `--${name} is not a valid date (YYYY-MM-DD): "${value}"`,
    );
  }
  return value;
}

function parseAmount(name: string, value: string): number {
  // Digits only: Number() would also accept "1e2", "0x10", " 5" and "1.0".
  if (!/^\d+$/.test(value)) {
    throw new CliUsageError(
      `--${name} 须为不小于 0 的整数，实为 "${value}"`,
      `--${name} must be a whole number ≥ 0, got "${value}"`,
    );
  }
  const amount = Number(value);
  if (amount > MAX_AMOUNT) {
    throw new CliUsageError(`--${name} 不能超过 ${MAX_AMOUNT}，实为 ${value}`, `--${name} must be at most ${MAX_AMOUNT}, got ${value}`);
  }
  return amount;
}
