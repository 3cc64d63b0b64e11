import { z } from 'zod';
import { isIsoDate, chinaDateOf, type IsoDate } from '../../domain/calendar';
import { intakeProblems } from '../../domain/intake';
import { CHANNELS, type Channel } from '../../domain/lifecycle';
import { regionLevelOf } from '../../domain/org';
import { normalisePeople, type Person } from '../petitions/petitioners';
import { isApiDate } from '../../shared/dates';

/**
 * One record of a legacy archive (docs/import.md) and its validation: the shape (zod), then the same domain rules as
 * the registration desk (identity, intake per channel), with every problem of a row reported at once in Chinese and
 * English. Pure: the caller supplies today's date and what it knows about regions and bureaus.
 */

export const MATTER_OUTCOMES = ['open', 'concluded', 'terminated'] as const;
export type MatterOutcome = (typeof MATTER_OUTCOMES)[number];

export interface RowProblem {
  field: string;
  messageZh: string;
  message: string;
  article?: string;
}

/** A row that is not imported: its line (JSONL) or row (XLSX) number, its externalId when readable, and why. */
export interface BadRow {
  line: number;
  externalId: string | null;
  problems: RowProblem[];
}

/** A valid record, normalised (names, ID numbers, phones; trimmed texts; the instant and China date of receipt). */
export interface ImportRecord {
  line: number;
  externalId: string;
  matterKey: string;
  channel: Channel;
  receivedAt: Date;
  receivedOn: IsoDate;
  regionCode: string;
  /** The petition bureau that registers it (nearest bureau at or above the region). */
  registeringBodyId: string;
  title: string;
  content: string;
  respondent: string | null;
  place: string | null;
  category: string | null;
  details: Record<string, unknown>;
  people: Person[];
  /** As given on this row; the matter's outcome is decided over all its rows (see importer.ts). */
  status: MatterOutcome | null;
  concludedOn: IsoDate | null;
  /** Content fingerprint for duplicate screening (`lsh_bands`), computed while the previous batch is written. */
  lshBands?: number[];
  /** jieba keywords of title + content for duplicate screening (`keywords`), computed with `lshBands`. */
  keywords?: string[];
  /** Duplicate screening's entity keys (`petition_entity_keys`), computed with `lshBands`. */
  entityKeys?: number[];
}

export interface RecordContext {
  today: IsoDate;
  /** The region exists in the platform's `regions` table. */
  regionKnown(code: string): boolean;
  /** The registering bureau's id, or null when no active bureau covers the region. */
  bureauOf(code: string): string | null;
}

/** Longest externalId / matterKey: they are unique-indexed, and a btree entry must stay small. */
export const MAX_KEY_LENGTH = 200;

const optionalText = z.union([z.string(), z.null()]).optional();

const personSchema = z.object({
  name: z.string(),
  idNumber: z.union([z.string(), z.null()]).optional(),
  phone: z.union([z.string(), z.null()]).optional(),
  address: optionalText,
  isRepresentative: z.boolean().optional(),
});

export const recordSchema = z.object({
  externalId: z.string().trim().min(1).max(MAX_KEY_LENGTH),
  matterKey: z.union([z.string().trim().min(1).max(MAX_KEY_LENGTH), z.null()]).optional(),
  channel: z.enum(CHANNELS),
  receivedAt: z.string().trim().min(1),
  petitioners: z.array(personSchema).min(1),
  regionCode: z.string().trim(),
  title: z.string().trim().min(1),
  content: z.string().trim().min(1),
  respondent: optionalText,
  place: optionalText,
  category: optionalText,
  details: z.union([z.record(z.string(), z.unknown()), z.null()]).optional(),
  status: z.union([z.enum(MATTER_OUTCOMES), z.null()]).optional(),
  concludedOn: z.union([z.string(), z.null()]).optional(),
});
export type RawRecord = z.input<typeof recordSchema>;

const FIELD_ZH: Record<string, string> = {
  externalId: '外部编号',
  matterKey: '事项键',
  channel: '渠道',
  receivedAt: '收到时间',
  petitioners: '信访人',
  regionCode: '行政区划代码',
  title: '标题',
  content: '内容',
  respondent: '被反映单位/人',
  place: '地点',
  category: '内容分类',
  details: '渠道要素',
  status: '办理状态',
  concludedOn: '办结日期',
  name: '姓名',
  idNumber: '身份证号',
  phone: '电话',
  address: '地址',
  isRepresentative: '是否代表',
};

const zhLocale = z.locales.zhCN();
const enLocale = z.locales.en();

function localeText(locale: { localeError: (issue: never) => unknown }, issue: z.core.$ZodIssue): string {
  const out = locale.localeError(issue as never);
  if (typeof out === 'string') return out;
  if (out && typeof out === 'object' && 'message' in out) return String((out as { message: unknown }).message);
  return issue.message;
}

function zodProblems(issues: z.core.$ZodIssue[]): RowProblem[] {
  return issues.map((issue) => {
    const field = issue.path.join('.') || '(record)';
    const last = [...issue.path].reverse().find((p) => typeof p === 'string') as string | undefined;
    const index = issue.path.find((p) => typeof p === 'number');
    const label = last ? (FIELD_ZH[last] ?? last) : '记录';
    const who = typeof index === 'number' && issue.path[0] === 'petitioners' ? `第${index + 1}位信访人的` : '';
    // A missing required field reads better as "required" than as the schema's type message.
    const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
    // And an empty text as "empty" rather than zod's 「数值过小：期望 string >=1 字符」.
    const empty = issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1;
    return {
      field,
      messageZh: missing ? `缺少${who}${label}` : empty ? `${who}${label}不能为空` : `${who}${label}：${localeText(zhLocale, issue)}`,
      message: missing ? `${field} is required` : empty ? `${field} must not be empty` : `${field}: ${localeText(enLocale, issue)}`,
    };
  });
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * When a petition arrived: a date (00:00 China time), or a date-time. A date-time without an offset is China time
 * (legacy exports write local time); one with `Z` or an offset is taken as given.
 */
export function parseReceivedAt(value: string): Date | null {
  const m = DATE_TIME.exec(value.trim());
  // The API's date range (1949–2100): an archive date outside it is a typo, and clocks could not be computed from it.
  if (!m || !isIsoDate(m[1]!) || !isApiDate(m[1]!)) return null;
  const [, date, hh = '00', mm = '00', ss = '00', frac = '', zone] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null;
  const offset = !zone ? '+08:00' : zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const t = Date.parse(`${date}T${hh}:${mm}:${ss}${frac.slice(0, 4)}${offset}`);
  return Number.isNaN(t) ? null : new Date(t);
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}

function text(value: string | null | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

/** The externalId of a raw row, for the error report, when it can be read at all. */
export function externalIdOf(raw: unknown): string | null {
  if (raw && typeof raw === 'object' && 'externalId' in raw) {
    const v = (raw as { externalId: unknown }).externalId;
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, MAX_KEY_LENGTH);
    if (typeof v === 'number') return String(v);
  }
  return null;
}

/**
 * What the first pass needs of a row, read cheaply without validating it: its matterKey, receipt date (when it is a
 * date not after today), and the matter outcome it states (when well-formed).
 */
export function outcomeFields(raw: unknown, today: IsoDate): { matterKey: string; receivedOn: IsoDate | null; status: MatterOutcome | null; concludedOn: IsoDate | null } | null {
  if (raw === null || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const key = typeof r.matterKey === 'string' && r.matterKey.trim() ? r.matterKey.trim() : typeof r.externalId === 'string' ? r.externalId.trim() : '';
  if (!key) return null;
  const at = typeof r.receivedAt === 'string' ? parseReceivedAt(r.receivedAt) : null;
  const receivedOn = at ? chinaDateOf(at) : null;
  const concluded = typeof r.concludedOn === 'string' ? r.concludedOn.trim() : '';
  return {
    matterKey: key,
    receivedOn: receivedOn && receivedOn <= today ? receivedOn : null,
    status: (MATTER_OUTCOMES as readonly string[]).includes(r.status as string) ? (r.status as MatterOutcome) : null,
    concludedOn: isIsoDate(concluded) && concluded <= today ? concluded : null,
  };
}

/**
 * Validates one raw record. Channel details missing from a legacy record are not a problem (archives rarely kept
 * them); details that are present are checked by the desk's rules (src/domain/intake).
 */
export function validateRecord(raw: unknown, line: number, ctx: RecordContext): { ok: true; record: ImportRecord } | { ok: false; bad: BadRow } {
  const externalId = externalIdOf(raw);
  const fail = (problems: RowProblem[]) => ({ ok: false as const, bad: { line, externalId, problems } });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail([{ field: '(record)', messageZh: '每行须为一个 JSON 对象', message: 'each line must be a JSON object' }]);
  }
  const parsed = recordSchema.safeParse(raw, { reportInput: true });
  const problems: RowProblem[] = parsed.success ? [] : zodProblems(parsed.error.issues);
  if (hasNul(raw)) problems.push({ field: '(record)', messageZh: '含有空字符（\\u0000），无法保存', message: 'contains a NUL character (\\u0000), which cannot be stored' });

  // The domain rules run on whatever could be read, so one pass reports everything.
  const r = raw as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const receivedAtText = str(r.receivedAt)?.trim() ?? null;
  const at = receivedAtText ? parseReceivedAt(receivedAtText) : null;
  if (receivedAtText && !at) {
    problems.push({ field: 'receivedAt', messageZh: `收到时间无效：${receivedAtText}（应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS）`, message: `receivedAt is not a date or date-time: ${receivedAtText}` });
  }
  const receivedOn = at ? chinaDateOf(at) : null;

  const regionCode = str(r.regionCode)?.trim() ?? null;
  let registeringBodyId: string | null = null;
  if (regionCode) {
    if (!regionLevelOf(regionCode)) {
      problems.push({ field: 'regionCode', messageZh: `行政区划代码格式无效：${regionCode}`, message: `regionCode is not a region code: ${regionCode}` });
    } else if (!ctx.regionKnown(regionCode)) {
      problems.push({ field: 'regionCode', messageZh: `行政区划代码不存在：${regionCode}`, message: `unknown region: ${regionCode}` });
    } else {
      registeringBodyId = ctx.bureauOf(regionCode);
      if (!registeringBodyId) problems.push({ field: 'regionCode', messageZh: `没有负责该行政区划（${regionCode}）的信访部门`, message: `no petition bureau covers region ${regionCode}` });
    }
  }

  const rawPeople = Array.isArray(r.petitioners) ? r.petitioners.filter((p): p is Record<string, unknown> => !!p && typeof p === 'object') : [];
  const { people, problems: peopleProblems } = normalisePeople(
    rawPeople.map((p) => ({
      name: typeof p.name === 'string' ? p.name : '',
      idNumber: str(p.idNumber),
      phone: str(p.phone),
      address: str(p.address),
      isRepresentative: p.isRepresentative === true,
    })),
    ctx.today,
  );
  // Zod already said "name is required" for a missing name; the desk's message would repeat it.
  const zodFields = new Set(problems.map((p) => p.field));
  for (const p of peopleProblems) if (!zodFields.has(p.field)) problems.push(p);

  const channel = (CHANNELS as readonly string[]).includes(r.channel as string) ? (r.channel as Channel) : null;
  const details = r.details && typeof r.details === 'object' && !Array.isArray(r.details) ? (r.details as Record<string, unknown>) : {};
  if (channel) {
    const present = (key: string) => details[key] !== undefined && details[key] !== null && details[key] !== '';
    const intake = intakeProblems({
      channel,
      receivedOn: receivedOn ?? ctx.today,
      today: ctx.today,
      details,
      petitioners: people.map((p) => ({ name: p.name, isRepresentative: p.isRepresentative })),
      oral: false,
    });
    for (const p of intake) {
      if (p.field === 'petitioners' && rawPeople.length === 0) continue; // already reported by the schema
      // How a group visit elected its representatives (Art. 20 ¶3) is the desk's rule at the time; an archive records
      // what happened and is imported as it is.
      if (p.field === 'petitioners' && p.article === '《信访工作条例》第二十条第三款') continue;
      // So is a visit that lists more petitioners than its head count: the desk asks the clerk to recount; an archive
      // cannot be asked, and the petitioners it names are kept.
      if (p.field === 'details.peopleCount' && Number(details.peopleCount) < people.length) continue;
      if (p.field.startsWith('details.') && !present(p.field.slice('details.'.length))) continue; // missing detail: tolerated
      problems.push(p);
    }
  }

  const status = (MATTER_OUTCOMES as readonly string[]).includes(r.status as string) ? (r.status as MatterOutcome) : null;
  const concludedText = str(r.concludedOn)?.trim() || null;
  let concludedOn: IsoDate | null = null;
  if (concludedText) {
    if (!isIsoDate(concludedText)) {
      problems.push({ field: 'concludedOn', messageZh: `办结日期无效：${concludedText}（应为 YYYY-MM-DD）`, message: `concludedOn is not a date: ${concludedText}` });
    } else if (concludedText > ctx.today) {
      problems.push({ field: 'concludedOn', messageZh: `办结日期（${concludedText}）不能晚于今天（${ctx.today}）`, message: 'concludedOn is in the future' });
    } else if (status === 'open') {
      problems.push({ field: 'concludedOn', messageZh: '办理状态为「办理中」(open) 的事项不能有办结日期', message: "an open matter has no concludedOn (status is 'open')" });
    } else {
      // Checked against the matter's first receipt when the matter is registered (a later repeat may postdate it).
      concludedOn = concludedText;
    }
  }

  if (problems.length || !parsed.success || !at || !receivedOn || !registeringBodyId || !channel) {
    if (problems.length === 0) problems.push({ field: '(record)', messageZh: '记录无效', message: 'invalid record' });
    return fail(problems);
  }
  const v = parsed.data;
  return {
    ok: true,
    record: {
      line,
      externalId: v.externalId,
      matterKey: v.matterKey ?? v.externalId,
      channel,
      receivedAt: at,
      receivedOn,
      regionCode: v.regionCode,
      registeringBodyId,
      title: v.title,
      content: v.content,
      respondent: text(v.respondent),
      place: text(v.place),
      category: text(v.category),
      details,
      people,
      status,
      concludedOn,
    },
  };
}
