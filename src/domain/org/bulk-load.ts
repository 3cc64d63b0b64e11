import { abbreviationProblem } from '../documents/number';
import { parsePhone } from '../identity/phone';
import { POSITION_LABELS } from '../lifecycle/labels';
import { POSITIONS, type Position } from '../lifecycle/types';
import { BODY_KINDS, BODY_KIND_LABELS, type BodyKind } from './body';
import { regionLevelOf, type RegionLevel } from './region';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole } from './roles';

/**
 * Bulk load of the organisation from a spreadsheet (单位、用户批量导入): the columns of the two sheets, and the pure
 * checks of each row and of the file as a whole against what the database already holds. The module reads the file
 * and applies the plan; nothing here does I/O. Every problem names the sheet's row number and its column header, in
 * Chinese, so an administrator can fix the spreadsheet they have open.
 */

export interface SheetColumn<K extends string = string> {
  key: K;
  /** The header as the template writes it. */
  header: string;
  required: boolean;
  /** The template's second line: what the column takes. */
  hint: string;
}

export const BODY_COLUMNS = [
  { key: 'code', header: '单位代码', required: true, hint: '唯一代码，字母、数字、点、横线，如 330683-xfj' },
  { key: 'name', header: '单位名称', required: true, hint: '全称，如 嵊州市信访局' },
  { key: 'kind', header: '单位类型', required: true, hint: Object.values(BODY_KIND_LABELS).join('、') },
  { key: 'regionCode', header: '行政区划代码', required: true, hint: '6位（省市县）或9位（乡镇街道），决定单位层级' },
  { key: 'parentCode', header: '上级单位代码', required: false, hint: '行政上级（复查机关）；本表或系统中已有的单位代码' },
  { key: 'competence', header: '职能类别', required: false, hint: '专责专章的内容分类（一级），多个用顿号分隔' },
  { key: 'remit', header: '专责专章', required: false, hint: '本单位职责范围的文字说明' },
  { key: 'abbreviation', header: '机关代字', required: false, hint: '文书编号用，如 嵊信；留空则由名称生成' },
  { key: 'active', header: '状态', required: false, hint: '启用 或 停用；留空为启用' },
] as const satisfies readonly SheetColumn[];

export const USER_COLUMNS = [
  { key: 'login', header: '登录名', required: true, hint: '字母开头，字母、数字、点、横线、下划线，2–40 位' },
  { key: 'name', header: '姓名', required: true, hint: '' },
  { key: 'bodyCode', header: '单位代码', required: true, hint: '所在单位的代码' },
  { key: 'roles', header: '角色', required: true, hint: Object.values(ROLE_LABELS).join('、') + '；多个用顿号分隔' },
  { key: 'position', header: '职务', required: false, hint: `${Object.values(POSITION_LABELS).join('、')}；签批流程按职务签批` },
  { key: 'phone', header: '手机号码', required: false, hint: '11位手机号，用于短信提醒' },
  { key: 'email', header: '电子邮箱', required: false, hint: '' },
  { key: 'active', header: '状态', required: false, hint: '启用 或 停用；留空为启用' },
] as const satisfies readonly SheetColumn[];

export type BodyColumnKey = (typeof BODY_COLUMNS)[number]['key'];
export type UserColumnKey = (typeof USER_COLUMNS)[number]['key'];

export interface CellProblem {
  /** The column's header as the template writes it ('' for the row as a whole). */
  column: string;
  reason: string;
}

/** A row as read from the sheet: its number as the spreadsheet shows it, and its cells by column key. */
export interface SheetRow<K extends string = string> {
  row: number;
  cells: Partial<Record<K, string>>;
}

/**
 * Maps a header row to column keys. A header matches by its Chinese text or its key, ignoring case, spaces and a
 * trailing note in brackets (「单位代码（必填）」). Unknown headers are reported; a missing required column too.
 */
export function mapHeader<K extends string>(columns: readonly SheetColumn<K>[], header: readonly (string | null)[]): { keys: (K | null)[]; problems: CellProblem[] } {
  const norm = (s: string) => s.replace(/[（(].*$/, '').replace(/\s+/g, '').toLowerCase();
  const byName = new Map<string, K>();
  for (const c of columns) {
    byName.set(norm(c.header), c.key);
    byName.set(norm(c.key), c.key);
  }
  const keys = header.map((h) => (h && h.trim() ? (byName.get(norm(h)) ?? null) : null));
  const problems: CellProblem[] = [];
  header.forEach((h, i) => {
    if (h && h.trim() && keys[i] === null) problems.push({ column: h.trim(), reason: `无法识别的列「${h.trim()}」` });
  });
  for (const c of columns) if (c.required && !keys.includes(c.key)) problems.push({ column: c.header, reason: `缺少必填列「${c.header}」` });
  return { keys, problems };
}

const LIST = /[、,，;；\s]+/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const LOGIN = /^[A-Za-z][A-Za-z0-9._-]{1,39}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function list(value: string | undefined): string[] {
  return (value ?? '').split(LIST).map((s) => s.trim()).filter(Boolean);
}

function text(value: string | undefined): string {
  return (value ?? '').trim();
}

/** 启用/停用 and the usual yes/no spellings; empty means active. */
function parseActive(value: string | undefined): boolean | null {
  const v = text(value).toLowerCase();
  if (['', '启用', '是', '有效', '正常', 'true', 'yes', 'y', '1', 'active'].includes(v)) return true;
  if (['停用', '否', '无效', '禁用', 'false', 'no', 'n', '0', 'inactive'].includes(v)) return false;
  return null;
}

const KIND_SYNONYMS: Record<string, BodyKind> = { 信访局: 'petitionBureau', 信访办: 'petitionBureau', 政府: 'government', 部门: 'department', 督查室: 'supervisionOffice' };

function parseKind(value: string): BodyKind | null {
  if ((BODY_KINDS as readonly string[]).includes(value)) return value as BodyKind;
  const byLabel = BODY_KINDS.find((k) => BODY_KIND_LABELS[k] === value);
  return byLabel ?? KIND_SYNONYMS[value] ?? null;
}

function parseRole(value: string): StaffRole | null {
  if ((STAFF_ROLES as readonly string[]).includes(value)) return value as StaffRole;
  return STAFF_ROLES.find((r) => ROLE_LABELS[r] === value) ?? null;
}

function parsePosition(value: string): Position | null {
  if ((POSITIONS as readonly string[]).includes(value)) return value as Position;
  return POSITIONS.find((p) => POSITION_LABELS[p] === value) ?? null;
}

export interface BodyInput {
  code: string;
  name: string;
  kind: BodyKind;
  level: RegionLevel;
  regionCode: string;
  parentCode: string | null;
  competence: string[];
  remit: string | null;
  abbreviation: string | null;
  active: boolean;
}

export interface UserInput {
  login: string;
  name: string;
  bodyCode: string;
  roles: StaffRole[];
  position: Position | null;
  phone: string | null;
  email: string | null;
  active: boolean;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; problems: CellProblem[] };

const H = <K extends string>(columns: readonly SheetColumn<K>[], key: K) => columns.find((c) => c.key === key)!.header;
const bh = (key: BodyColumnKey) => H(BODY_COLUMNS, key);
const uh = (key: UserColumnKey) => H(USER_COLUMNS, key);

/** One body row on its own: formats and vocabularies (whether codes exist is `planBodies`'). */
export function parseBodyRow(cells: SheetRow<BodyColumnKey>['cells']): Parsed<BodyInput> {
  const problems: CellProblem[] = [];
  const code = text(cells.code);
  if (!code) problems.push({ column: bh('code'), reason: '单位代码不能为空' });
  else if (!CODE.test(code)) problems.push({ column: bh('code'), reason: `单位代码「${code}」只能包含字母、数字、点、横线，最长40位` });
  const name = text(cells.name);
  if (!name) problems.push({ column: bh('name'), reason: '单位名称不能为空' });
  else if (name.length > 100) problems.push({ column: bh('name'), reason: '单位名称不能超过100个字' });
  const kindText = text(cells.kind);
  const kind = kindText ? parseKind(kindText) : null;
  if (!kindText) problems.push({ column: bh('kind'), reason: '单位类型不能为空' });
  else if (!kind) problems.push({ column: bh('kind'), reason: `单位类型「${kindText}」无效，应为：${Object.values(BODY_KIND_LABELS).join('、')}` });
  const regionCode = text(cells.regionCode);
  const level = regionLevelOf(regionCode);
  if (!regionCode) problems.push({ column: bh('regionCode'), reason: '行政区划代码不能为空' });
  else if (!level) problems.push({ column: bh('regionCode'), reason: `行政区划代码「${regionCode}」格式错误，应为6位或9位数字` });
  const parentCode = text(cells.parentCode) || null;
  if (parentCode && parentCode === code) problems.push({ column: bh('parentCode'), reason: '上级单位不能是本单位' });
  const remit = text(cells.remit) || null;
  if (remit && remit.length > 2000) problems.push({ column: bh('remit'), reason: '专责专章不能超过2000字' });
  const abbreviation = text(cells.abbreviation) || null;
  const abbreviationIssue = abbreviation ? abbreviationProblem(abbreviation) : null;
  if (abbreviationIssue) problems.push({ column: bh('abbreviation'), reason: abbreviationIssue });
  const active = parseActive(cells.active);
  if (active === null) problems.push({ column: bh('active'), reason: `状态「${text(cells.active)}」无效，应为启用或停用` });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { code, name, kind: kind!, level: level!, regionCode, parentCode, competence: list(cells.competence), remit, abbreviation, active: active! } };
}

/** One user row on its own. */
export function parseUserRow(cells: SheetRow<UserColumnKey>['cells']): Parsed<UserInput> {
  const problems: CellProblem[] = [];
  const login = text(cells.login);
  if (!login) problems.push({ column: uh('login'), reason: '登录名不能为空' });
  else if (!LOGIN.test(login)) problems.push({ column: uh('login'), reason: `登录名「${login}」应以字母开头，只含字母、数字、点、横线、下划线，2–40位` });
  const name = text(cells.name);
  if (!name) problems.push({ column: uh('name'), reason: '姓名不能为空' });
  else if (name.length > 50) problems.push({ column: uh('name'), reason: '姓名不能超过50个字' });
  const bodyCode = text(cells.bodyCode);
  if (!bodyCode) problems.push({ column: uh('bodyCode'), reason: '单位代码不能为空' });
  const roleTexts = list(cells.roles);
  const roles: StaffRole[] = [];
  for (const r of roleTexts) {
    const role = parseRole(r);
    if (role) {
      if (!roles.includes(role)) roles.push(role);
    } else problems.push({ column: uh('roles'), reason: `角色「${r}」无效，应为：${Object.values(ROLE_LABELS).join('、')}` });
  }
  if (!roleTexts.length) problems.push({ column: uh('roles'), reason: '至少需要一个角色' });
  const positionText = text(cells.position);
  const position = positionText ? parsePosition(positionText) : null;
  if (positionText && !position) problems.push({ column: uh('position'), reason: `职务「${positionText}」无效，应为：${Object.values(POSITION_LABELS).join('、')}，或留空` });
  let phone: string | null = null;
  if (text(cells.phone)) {
    const parsed = parsePhone(text(cells.phone));
    if (parsed.ok && parsed.phone.kind === 'mobile') phone = parsed.phone.value;
    else problems.push({ column: uh('phone'), reason: `手机号码「${text(cells.phone)}」无效，应为11位手机号` });
  }
  const email = text(cells.email) || null;
  if (email && !EMAIL.test(email)) problems.push({ column: uh('email'), reason: `电子邮箱「${email}」格式错误` });
  const active = parseActive(cells.active);
  if (active === null) problems.push({ column: uh('active'), reason: `状态「${text(cells.active)}」无效，应为启用或停用` });
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { login, name, bodyCode, roles, position, phone, email, active: active! } };
}

/** What a row does: creates, changes (with the fields that change), leaves as it is, or fails with its problems. */
export type RowOutcome<T> =
  | { row: number; key: string; action: 'create'; value: T }
  | { row: number; key: string; action: 'update'; value: T; changed: string[] }
  | { row: number; key: string; action: 'unchanged' }
  | { row: number; key: string; action: 'error'; problems: CellProblem[] };

export interface ExistingBody extends Omit<BodyInput, 'parentCode'> {
  parentCode: string | null;
}

export interface BodyPlanContext {
  regionExists: (code: string) => boolean;
  /** Bodies already in the database, by code. */
  existing: ReadonlyMap<string, ExistingBody>;
  /** The content categories a body may be competent for (the first level of the category tree). */
  categories: ReadonlySet<string>;
}

function duplicateKeys(rows: { row: number; key: string }[], column: string, label: string): Map<number, CellProblem> {
  const firstRow = new Map<string, number>();
  const out = new Map<number, CellProblem>();
  for (const r of rows) {
    if (!r.key) continue;
    const first = firstRow.get(r.key);
    if (first === undefined) firstRow.set(r.key, r.row);
    else out.set(r.row, { column, reason: `${label}「${r.key}」与第 ${first} 行重复` });
  }
  return out;
}

function diff<T extends object>(next: T, current: T, fields: readonly (keyof T)[]): string[] {
  const norm = (v: unknown) => JSON.stringify(Array.isArray(v) ? [...(v as string[])].sort() : (v ?? null));
  return fields.filter((f) => norm(next[f]) !== norm(current[f])).map(String);
}

const BODY_FIELDS = ['name', 'kind', 'level', 'regionCode', 'parentCode', 'competence', 'remit', 'abbreviation', 'active'] as const;

/**
 * The whole body sheet checked against itself and the database: duplicate codes, unknown regions and parents,
 * a parent cycle, categories outside the tree. Rows come back in an order where every parent precedes its children,
 * so the caller can insert them one by one.
 */
export function planBodies(rows: SheetRow<BodyColumnKey>[], ctx: BodyPlanContext): RowOutcome<BodyInput>[] {
  const parsed = rows.map((r) => ({ row: r.row, key: text(r.cells.code), cells: r.cells, result: parseBodyRow(r.cells) }));
  const dups = duplicateKeys(parsed, bh('code'), '单位代码');
  const keysInFile = new Set(parsed.map((p) => p.key));
  const inFile = new Map<string, BodyInput>();
  for (const p of parsed) if (p.result.ok && !dups.has(p.row)) inFile.set(p.key, p.result.value);
  // Two bodies with one 代字 would issue documents under the same numbers.
  const abbreviationHolder = new Map<string, string>();
  for (const [code, b] of ctx.existing) if (b.abbreviation && !inFile.has(code)) abbreviationHolder.set(b.abbreviation, code);
  const outcomes = new Map<number, RowOutcome<BodyInput>>();
  for (const p of parsed) {
    const problems = p.result.ok ? [] : [...p.result.problems];
    const dup = dups.get(p.row);
    if (dup) problems.push(dup);
    // The references are checked even when another cell of the row is wrong, so one pass shows every problem.
    const cells = p.cells;
    const regionCode = text(cells.regionCode);
    if (regionLevelOf(regionCode) && !ctx.regionExists(regionCode)) problems.push({ column: bh('regionCode'), reason: `行政区划代码「${regionCode}」不存在` });
    const parentCode = text(cells.parentCode);
    if (parentCode && parentCode !== p.key && !inFile.has(parentCode) && !ctx.existing.has(parentCode) && !keysInFile.has(parentCode)) {
      problems.push({ column: bh('parentCode'), reason: `上级单位「${parentCode}」在本表和系统中都不存在` });
    }
    const abbreviation = text(cells.abbreviation);
    const holder = abbreviation ? abbreviationHolder.get(abbreviation) : undefined;
    if (holder && holder !== p.key) problems.push({ column: bh('abbreviation'), reason: `机关代字「${abbreviation}」已由单位「${holder}」使用` });
    else if (abbreviation && p.result.ok) abbreviationHolder.set(abbreviation, p.key);
    const unknown = list(cells.competence).filter((c) => !ctx.categories.has(c));
    if (unknown.length) problems.push({ column: bh('competence'), reason: `职能类别「${unknown.join('、')}」不在内容分类中，应为：${[...ctx.categories].join('、')}` });
    if (problems.length) outcomes.set(p.row, { row: p.row, key: p.key, action: 'error', problems });
  }
  // A parent chain through the file must end outside it or at a root, never come back to where it started.
  const parentOf = (code: string) => inFile.get(code)?.parentCode ?? ctx.existing.get(code)?.parentCode ?? null;
  for (const p of parsed) {
    if (outcomes.has(p.row) || !p.result.ok) continue;
    const seen = new Set([p.key]);
    for (let c = parentOf(p.key); c; c = parentOf(c)) {
      if (seen.has(c)) {
        outcomes.set(p.row, { row: p.row, key: p.key, action: 'error', problems: [{ column: bh('parentCode'), reason: `上级单位形成循环：${[...seen, c].join(' → ')}` }] });
        break;
      }
      seen.add(c);
    }
  }
  for (const p of parsed) {
    if (outcomes.has(p.row) || !p.result.ok) continue;
    const b = p.result.value;
    const current = ctx.existing.get(b.code);
    if (!current) outcomes.set(p.row, { row: p.row, key: p.key, action: 'create', value: b });
    else {
      const changed = diff<BodyInput>(b, current, BODY_FIELDS);
      outcomes.set(p.row, changed.length ? { row: p.row, key: p.key, action: 'update', value: b, changed } : { row: p.row, key: p.key, action: 'unchanged' });
    }
  }
  // Parents first: a body is placed after the rows of the file that are its ancestors.
  const ordered: RowOutcome<BodyInput>[] = [];
  const placed = new Set<number>();
  const rowOf = new Map(parsed.map((p) => [p.key, p.row]));
  const place = (row: number) => {
    if (placed.has(row)) return;
    placed.add(row);
    const o = outcomes.get(row)!;
    const parent = o.action === 'create' || o.action === 'update' ? o.value.parentCode : null;
    const parentRow = parent ? rowOf.get(parent) : undefined;
    if (parentRow !== undefined && parentRow !== row) place(parentRow);
    ordered.push(o);
  };
  for (const p of parsed) place(p.row);
  return ordered;
}

export interface ExistingUser extends Omit<UserInput, 'roles'> {
  roles: string[];
}

export interface UserPlanContext {
  /** Body codes the users may belong to: those in the database. */
  bodyExists: (code: string) => boolean;
  existing: ReadonlyMap<string, ExistingUser>;
}

const USER_FIELDS = ['name', 'bodyCode', 'roles', 'position', 'phone', 'email', 'active'] as const;

export function planUsers(rows: SheetRow<UserColumnKey>[], ctx: UserPlanContext): RowOutcome<UserInput>[] {
  const parsed = rows.map((r) => ({ row: r.row, key: text(r.cells.login), cells: r.cells, result: parseUserRow(r.cells) }));
  // Logins are compared as typed, but two spellings that differ in case would confuse people signing in.
  const dups = duplicateKeys(
    parsed.map((p) => ({ row: p.row, key: p.key.toLowerCase() })),
    uh('login'),
    '登录名',
  );
  return parsed.map((p): RowOutcome<UserInput> => {
    const problems = p.result.ok ? [] : [...p.result.problems];
    const dup = dups.get(p.row);
    if (dup) problems.push(dup);
    const bodyCode = text(p.cells.bodyCode);
    if (bodyCode && !ctx.bodyExists(bodyCode)) problems.push({ column: uh('bodyCode'), reason: `单位「${bodyCode}」不存在，请先导入单位` });
    if (problems.length || !p.result.ok) return { row: p.row, key: p.key, action: 'error', problems };
    const u = p.result.value;
    const current = ctx.existing.get(u.login);
    if (!current) return { row: p.row, key: p.key, action: 'create', value: u };
    const changed = diff<UserInput>(u, { ...current, roles: current.roles as StaffRole[] }, USER_FIELDS);
    return changed.length ? { row: p.row, key: p.key, action: 'update', value: u, changed } : { row: p.row, key: p.key, action: 'unchanged' };
  });
}
