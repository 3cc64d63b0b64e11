import { dayOfWeek, isIsoDate, yearOf, type IsoDate } from './dates';
import type { CalendarData } from './calendar';

/**
 * One year's rest days and make-up workdays as an admin loads them: the State Council's notice for a year that
 * `chinese-days` does not ship yet (it publishes the next year's calendar each autumn, RULES.md "Counting days"), or a
 * local rule. A loaded year replaces whatever the base calendar had for it, so the schedule must be complete.
 */

export interface ScheduleDay {
  date: IsoDate;
  /** e.g. 春节; for a make-up workday, the holiday it makes up for. */
  name: string;
}

export interface YearSchedule {
  year: number;
  holidays: ScheduleDay[];
  makeUpWorkdays: ScheduleDay[];
}

export interface ScheduleProblem {
  /** 1-based line in the loaded text, when the problem has one. */
  line?: number;
  messageZh: string;
  message: string;
}

/** Every problem found in a schedule at once, so an admin can fix the file in one pass. */
export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';

  constructor(readonly problems: readonly ScheduleProblem[]) {
    super(
      [
        `日历安排有 ${problems.length} 处错误 / the schedule has ${problems.length} problem(s):`,
        ...problems.map((p) => {
          const at = p.line === undefined ? '' : `第 ${p.line} 行 / line ${p.line}: `;
          return `  ${at}${p.messageZh} / ${p.message}`;
        }),
      ].join('\n'),
    );
  }
}

// A year outside this range is a typo (e.g. 207), not a calendar anyone will load.
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

type Kind = 'holiday' | 'workday';

/** Where an entry came from, so every problem can point at it. */
interface Place {
  line?: number;
  zh: string;
  en: string;
}

interface RawEntry {
  place: Place;
  /** Undefined when the source gave no usable kind; the date is still checked. */
  kind: Kind | undefined;
  date: unknown;
  name: unknown;
}

export function parseYearSchedule(text: string, format: 'json' | 'csv'): YearSchedule {
  // Excel and Notepad on Windows save UTF-8 with a byte-order mark, which JSON.parse rejects.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return format === 'json' ? parseJson(body) : parseCsv(body);
}

/** The problems in a schedule built by code (e.g. read back from the database); empty when it is valid. */
export function validateYearSchedule(schedule: YearSchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const year = checkYear(schedule.year, problems);
  const entries = [
    ...jsonEntries(schedule.holidays, 'holiday', 'holidays', problems, false),
    ...jsonEntries(schedule.makeUpWorkdays, 'workday', 'makeUpWorkdays', problems, false),
  ];
  return [...problems, ...checkEntries(year, entries)];
}

/**
 * `base` with each schedule's year replaced wholesale and marked official. A later schedule for the same year replaces
 * an earlier one entirely: nothing of the earlier one is merged in, so removing a day from a schedule really removes it.
 */
export function withSchedules(base: CalendarData, schedules: readonly YearSchedule[]): CalendarData {
  const problems = schedules.flatMap((s) =>
    validateYearSchedule(s).map((p) => ({
      ...p,
      messageZh: `${String(s.year)} 年：${p.messageZh}`,
      message: `${String(s.year)}: ${p.message}`,
    })),
  );
  if (problems.length > 0) throw new ScheduleError(problems);

  const latest = new Map<number, YearSchedule>();
  for (const s of schedules) latest.set(s.year, s);
  const kept = (date: IsoDate) => !latest.has(yearOf(date));

  const holidays = new Map([...base.holidays].filter(([d]) => kept(d)));
  const makeUpWorkdays = new Map([...base.makeUpWorkdays].filter(([d]) => kept(d)));
  const officialYears = new Set(base.officialYears);
  for (const s of latest.values()) {
    for (const h of s.holidays) holidays.set(h.date, h.name.trim());
    for (const w of s.makeUpWorkdays) makeUpWorkdays.set(w.date, w.name.trim());
    officialYears.add(s.year);
  }
  return { holidays, makeUpWorkdays, officialYears };
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

const TOP_KEYS = new Set(['year', 'holidays', 'makeUpWorkdays']);
const ENTRY_KEYS = new Set(['date', 'name']);

function parseJson(text: string): YearSchedule {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const detail = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
    throw new ScheduleError([
      { line: jsonErrorLine(text, detail), messageZh: `不是有效的 JSON：${detail}`, message: `not valid JSON: ${detail}` },
    ]);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ScheduleError([
      {
        messageZh: '应为一个对象 {"year":…,"holidays":[…],"makeUpWorkdays":[…]}',
        message: 'expected one object {"year":…,"holidays":[…],"makeUpWorkdays":[…]}',
      },
    ]);
  }
  const record = doc as Record<string, unknown>;
  const problems: ScheduleProblem[] = [];
  // An unknown key is most likely a misspelt one (e.g. "makeupWorkdays"); ignoring it would silently drop those days.
  for (const key of Object.keys(record)) {
    if (!TOP_KEYS.has(key)) problems.push({ messageZh: `未知字段 "${key}"`, message: `unknown field "${key}"` });
  }
  const year = checkYear(record.year, problems);
  const entries = [
    ...jsonEntries(record.holidays, 'holiday', 'holidays', problems, true),
    ...jsonEntries(record.makeUpWorkdays, 'workday', 'makeUpWorkdays', problems, true),
  ];
  problems.push(...checkEntries(year, entries));
  if (problems.length > 0 || year === undefined) throw new ScheduleError(problems);
  return toSchedule(year, entries);
}

// V8 reports either "(line L column C)" or "at position N" depending on the Node version.
function jsonErrorLine(text: string, detail: string): number | undefined {
  const line = /line (\d+) column/.exec(detail);
  if (line) return Number(line[1]);
  const position = /at position (\d+)/.exec(detail);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  return undefined;
}

function checkYear(value: unknown, problems: ScheduleProblem[]): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= MIN_YEAR && value <= MAX_YEAR) return value;
  problems.push({
    messageZh: `year 须为 ${MIN_YEAR}–${MAX_YEAR} 之间的整数年份，实为 ${JSON.stringify(value) ?? '空'}`,
    message: `year must be a whole year between ${MIN_YEAR} and ${MAX_YEAR}, got ${JSON.stringify(value) ?? 'nothing'}`,
  });
  return undefined;
}

/** `strictKeys` for files people type; objects built by code (e.g. from database rows) may carry extra fields. */
function jsonEntries(value: unknown, kind: Kind, field: string, problems: ScheduleProblem[], strictKeys: boolean): RawEntry[] {
  if (!Array.isArray(value)) {
    problems.push({ messageZh: `${field} 须为数组`, message: `${field} must be an array` });
    return [];
  }
  const entries: RawEntry[] = [];
  value.forEach((item: unknown, i) => {
    const where = `${field}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ messageZh: `${where} 须为 {"date":…,"name":…}`, message: `${where} must be {"date":…,"name":…}` });
      return;
    }
    const record = item as Record<string, unknown>;
    for (const key of strictKeys ? Object.keys(record) : []) {
      if (!ENTRY_KEYS.has(key)) problems.push({ messageZh: `${where} 有未知字段 "${key}"`, message: `${where} has unknown field "${key}"` });
    }
    entries.push({ place: { zh: where, en: where }, kind, date: record.date, name: record.name });
  });
  return entries;
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

const KINDS: Record<string, Kind> = { holiday: 'holiday', 休: 'holiday', workday: 'workday', 班: 'workday' };
const HEADERS = ['date,kind,name', '日期,类型,名称'];

function parseCsv(text: string): YearSchedule {
  const lines = text.split(/\r\n|\n|\r/);
  const problems: ScheduleProblem[] = [];

  const header = splitCsvLine(lines[0] ?? '');
  if (header === undefined || !HEADERS.includes(header.map((f) => f.toLowerCase()).join(','))) {
    problems.push({
      line: 1,
      messageZh: '第一行须为表头 date,kind,name（或 日期,类型,名称）',
      message: 'the first line must be the header date,kind,name (or 日期,类型,名称)',
    });
  }

  const entries: RawEntry[] = [];
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (raw.trim() === '') return;
    const fields = splitCsvLine(raw);
    if (fields === undefined) {
      problems.push({ line, messageZh: '引号未闭合', message: 'unterminated quote' });
      return;
    }
    if (fields.length !== 3) {
      problems.push({
        line,
        messageZh: `应有 3 列（date,kind,name），实有 ${fields.length} 列`,
        message: `expected 3 columns (date,kind,name), found ${fields.length}`,
      });
      return;
    }
    const [date, kindText, name] = fields as [string, string, string];
    const kind = KINDS[kindText.toLowerCase()];
    if (kind === undefined) {
      problems.push({
        line,
        messageZh: `类型须为 holiday（休）或 workday（班），实为 "${kindText}"`,
        message: `kind must be holiday (休) or workday (班), got "${kindText}"`,
      });
    }
    entries.push({ place: { line, zh: `第 ${line} 行`, en: `line ${line}` }, kind, date, name });
  });

  const year = commonYear(entries);
  problems.push(...checkEntries(year, entries));
  if (problems.length > 0 || year === undefined) throw new ScheduleError(sortByLine(problems));
  return toSchedule(year, entries);
}

/**
 * A CSV names no year, so take the one most of its dates are in: a single mistyped year is then reported on its own
 * line instead of every other line being reported against it.
 */
function commonYear(entries: RawEntry[]): number | undefined {
  const counts = new Map<number, number>();
  for (const e of entries) {
    if (typeof e.date === 'string' && isIsoDate(e.date)) counts.set(yearOf(e.date), (counts.get(yearOf(e.date)) ?? 0) + 1);
  }
  let best: number | undefined;
  for (const [year, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = year;
  return best;
}

/** RFC 4180 fields on one line (spreadsheets quote a field when it holds a comma); undefined on an open quote. */
function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) return undefined;
  fields.push(field.trim());
  return fields;
}

function sortByLine(problems: ScheduleProblem[]): ScheduleProblem[] {
  // Stable: problems without a line (e.g. "no holidays") stay after the ones that have one.
  return [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

// ---------------------------------------------------------------------------------------------------------------
// Rules shared by both formats

const WEEKDAY_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const WEEKDAY_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function checkEntries(year: number | undefined, entries: RawEntry[]): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const seen = new Map<IsoDate, RawEntry>();
  let holidays = 0;

  for (const e of entries) {
    const { place } = e;
    // A line number travels in its own field; an entry from JSON has none, so its path goes into the message.
    const at = (messageZh: string, message: string) =>
      problems.push(
        place.line === undefined
          ? { messageZh: `${place.zh}：${messageZh}`, message: `${place.en}: ${message}` }
          : { line: place.line, messageZh, message },
      );
    if (e.kind === 'holiday') holidays += 1;

    if (typeof e.date !== 'string' || !isIsoDate(e.date)) {
      at(`日期无效 ${JSON.stringify(e.date) ?? '（空）'}，应为 YYYY-MM-DD`, `invalid date ${JSON.stringify(e.date) ?? '(none)'}, expected YYYY-MM-DD`);
    } else {
      const date = e.date;
      if (year !== undefined && yearOf(date) !== year) at(`${date} 不在 ${year} 年内`, `${date} is not in ${year}`);

      const dow = dayOfWeek(date);
      if (e.kind === 'workday' && dow !== 0 && dow !== 6) {
        at(
          `${date} 是${WEEKDAY_ZH[dow]}，调休上班日须在周六或周日`,
          `${date} is a ${WEEKDAY_EN[dow]}; a make-up workday must fall on a Saturday or Sunday`,
        );
      }

      const earlier = seen.get(date);
      if (e.kind === undefined) {
        // The kind is already reported; comparing it with other rows would only add noise.
      } else if (earlier === undefined) {
        seen.set(date, e);
      } else if (earlier.kind === e.kind) {
        at(`${date} 重复（已见于${earlier.place.zh}）`, `${date} is listed twice (also at ${earlier.place.en})`);
      } else {
        at(
          `${date} 既是放假日又是调休上班日（另见${earlier.place.zh}）`,
          `${date} is both a holiday and a make-up workday (see also ${earlier.place.en})`,
        );
      }
    }

    if (typeof e.name !== 'string' || e.name.trim() === '') at('缺少名称（如 春节）', 'name is missing (e.g. 春节)');
  }

  // A year with no holiday at all is almost certainly an empty or truncated file, and loading it would wipe the year.
  if (holidays === 0) problems.push({ messageZh: '没有任何放假日', message: 'the schedule lists no holidays' });
  return problems;
}

// Only called once checkEntries found nothing, so every date and name is a valid string.
function toSchedule(year: number, entries: RawEntry[]): YearSchedule {
  const day = (e: RawEntry): ScheduleDay => ({ date: e.date as IsoDate, name: (e.name as string).trim() });
  return {
    year,
    holidays: entries.filter((e) => e.kind === 'holiday').map(day),
    makeUpWorkdays: entries.filter((e) => e.kind === 'workday').map(day),
  };
}

/** The year's rest days and make-up workdays as the calendar in force has them, in date order. */
export function scheduleOfYear(data: CalendarData, year: number): YearSchedule {
  const inYear = (m: ReadonlyMap<IsoDate, string>) =>
    [...m]
      .filter(([d]) => yearOf(d) === year)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, name]) => ({ date, name }));
  return { year, holidays: inYear(data.holidays), makeUpWorkdays: inYear(data.makeUpWorkdays) };
}

/** What an administrator makes one day: a rest day (local holiday), a make-up workday, or back to an ordinary day. */
export type DayChange = 'holiday' | 'makeUpWorkday' | 'ordinary';

/** The schedule with one day changed (a local holiday added, a 调休 day moved): the rest of the year untouched. */
export function withDayChanged(schedule: YearSchedule, date: IsoDate, change: DayChange, name: string): YearSchedule {
  const holidays = schedule.holidays.filter((d) => d.date !== date);
  const makeUpWorkdays = schedule.makeUpWorkdays.filter((d) => d.date !== date);
  if (change === 'holiday') holidays.push({ date, name });
  if (change === 'makeUpWorkday') makeUpWorkdays.push({ date, name });
  const byDate = (a: ScheduleDay, b: ScheduleDay) => (a.date < b.date ? -1 : 1);
  return { year: schedule.year, holidays: holidays.sort(byDate), makeUpWorkdays: makeUpWorkdays.sort(byDate) };
}
