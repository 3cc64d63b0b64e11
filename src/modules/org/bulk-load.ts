import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { bodies, regions, sessions, users } from '../../db/schema';
import type { Tx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import { maskPhone } from '../../domain/identity';
import {
  BODY_COLUMNS,
  USER_COLUMNS,
  planBodies,
  planUsers,
  type BodyInput,
  type CellProblem,
  type ExistingBody,
  type ExistingUser,
  type RowOutcome,
  type UserInput,
} from '../../domain/org';
import { appendEvents, type NewEvent } from '../audit/append';
import { actorFields, type Actor } from '../auth/api-tokens';
import { temporaryPassword } from '../auth/accounts';
import { hashPassword } from '../auth/password';
import { getSetting } from '../settings/service';
import { readSheet, sheetFormatOf } from './sheet';

/**
 * Bulk load of bodies and users from a spreadsheet (`xinfang bodies import`, `POST /api/v1/admin/bodies/import`).
 *
 * All or nothing: every row is checked first (formats, codes against the file and the database); when any row has a
 * problem nothing is written and every problem comes back with its row and column. A clean file is applied in one
 * transaction. Rows are keyed by body code / login, so loading the same file again changes nothing, and a corrected
 * file updates what differs. Each body or user created or changed is an event with the actor (null: the operator at
 * the command line), and the load itself is one event with the file's name and SHA-256.
 */

export interface ImportRowResult {
  row: number;
  /** The body code or login of the row. */
  key: string;
  action: 'created' | 'updated' | 'unchanged' | 'error';
  /** The fields an update changes. */
  changed?: string[];
  problems?: CellProblem[];
  /** A new user's one-time password: shown once, here; the user must change it at first login. */
  temporaryPassword?: string;
}

export interface BulkImportResult {
  /** Whether the file was applied (false: it had problems and nothing was written). */
  applied: boolean;
  counts: { rows: number; created: number; updated: number; unchanged: number; errors: number };
  /** Problems of the file as a whole (its header, its size). */
  fileProblems: CellProblem[];
  rows: ImportRowResult[];
}

export interface SheetUpload {
  fileName: string;
  bytes: Uint8Array;
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest row. */
const INSERT_CHUNK = 500;

const ACTION = { create: 'created', update: 'updated', unchanged: 'unchanged', error: 'error' } as const;

function summarise<T>(outcomes: RowOutcome<T>[], fileProblems: CellProblem[], applied: boolean, passwords = new Map<string, string>()): BulkImportResult {
  const rows: ImportRowResult[] = outcomes
    .map((o) => ({
      row: o.row,
      key: o.key,
      action: ACTION[o.action],
      ...(o.action === 'update' ? { changed: o.changed } : {}),
      ...(o.action === 'error' ? { problems: o.problems } : {}),
      ...(applied && passwords.has(o.key) ? { temporaryPassword: passwords.get(o.key) } : {}),
    }))
    .sort((a, b) => a.row - b.row);
  const n = (a: ImportRowResult['action']) => rows.filter((r) => r.action === a).length;
  return { applied, counts: { rows: rows.length, created: n('created'), updated: n('updated'), unchanged: n('unchanged'), errors: n('error') }, fileProblems, rows };
}

function loadEvent(kind: 'bodies' | 'users', upload: SheetUpload, result: BulkImportResult, actor: Actor, now: Date): NewEvent {
  return {
    entityType: 'system',
    entityId: `org-import`,
    type: kind === 'bodies' ? 'system.bodiesImported' : 'system.usersImported',
    onDate: chinaDateOf(now),
    occurredAt: now,
    ...actorFields(actor),
    payload: { file: upload.fileName, sha256: createHash('sha256').update(upload.bytes).digest('hex'), ...result.counts },
  };
}

async function existingBodies(db: Db): Promise<{ byCode: Map<string, ExistingBody & { id: string }> }> {
  const rows = await db.select().from(bodies);
  const codeOf = new Map(rows.map((r) => [r.id, r.code]));
  const byCode = new Map<string, ExistingBody & { id: string }>();
  for (const r of rows) {
    byCode.set(r.code, {
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      level: r.level,
      regionCode: r.regionCode,
      parentCode: r.parentId ? (codeOf.get(r.parentId) ?? null) : null,
      competence: r.competence ?? [],
      remit: r.remit,
      abbreviation: r.abbreviation,
      active: r.active,
    });
  }
  return { byCode };
}

function bodyColumns(b: BodyInput, parentId: string | null) {
  return {
    name: b.name,
    kind: b.kind,
    level: b.level,
    regionCode: b.regionCode,
    parentId,
    competence: b.competence.length ? b.competence : null,
    remit: b.remit,
    abbreviation: b.abbreviation,
    active: b.active,
  };
}

export async function importBodies(db: Db, actor: Actor, upload: SheetUpload, now: Date): Promise<BulkImportResult> {
  const { rows, problems: fileProblems } = await readSheet(upload.bytes, sheetFormatOf(upload.fileName), BODY_COLUMNS);
  const { byCode } = await existingBodies(db);
  const wantedRegions = [...new Set(rows.map((r) => r.cells.regionCode?.trim()).filter((c): c is string => !!c))];
  const known = new Set<string>();
  for (let i = 0; i < wantedRegions.length; i += 5000) {
    const chunk = wantedRegions.slice(i, i + 5000);
    for (const r of await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, chunk))) known.add(r.code);
  }
  const tree = await getSetting(db, 'categoryTree');
  const plan = planBodies(rows, { regionExists: (c) => known.has(c), existing: byCode, categories: new Set(tree.map((n) => n.name)) });
  if (fileProblems.length || plan.some((o) => o.action === 'error') || rows.length === 0) {
    if (rows.length === 0 && !fileProblems.length) fileProblems.push({ column: '', reason: '文件中没有数据行' });
    return summarise(plan, fileProblems, false);
  }
  const result = summarise(plan, fileProblems, true);
  await db.transaction(async (tx) => {
    // Ids are made here, so a whole sheet goes in with a few multi-row INSERTs (parents need no round trip first).
    const idOf = new Map([...byCode].map(([code, b]) => [code, b.id]));
    for (const o of plan) if (o.action === 'create') idOf.set(o.value.code, randomUUID());
    const events: NewEvent[] = [];
    const created = new Set<string>();
    const on = { onDate: chinaDateOf(now), occurredAt: now, ...actorFields(actor) };
    const inserts: (typeof bodies.$inferInsert)[] = [];
    for (const o of plan) {
      if (o.action !== 'create' && o.action !== 'update') continue;
      const b = o.value;
      const id = idOf.get(b.code)!;
      const parentId = b.parentCode ? idOf.get(b.parentCode)! : null;
      if (o.action === 'create') {
        inserts.push({ id, code: b.code, ...bodyColumns(b, parentId) });
        created.add(`body:${id}`);
        events.push({ ...on, entityType: 'body', entityId: id, type: 'body.created', payload: { ...b, via: 'import', row: o.row } });
      } else {
        const before = byCode.get(b.code)!;
        await tx.update(bodies).set(bodyColumns(b, parentId)).where(eq(bodies.id, id));
        const changes = Object.fromEntries(o.changed.map((f) => [f, { from: before[f as keyof ExistingBody] ?? null, to: b[f as keyof BodyInput] ?? null }]));
        events.push({ ...on, entityType: 'body', entityId: id, type: 'body.updated', payload: { code: b.code, changes, via: 'import', row: o.row } });
      }
    }
    for (let i = 0; i < inserts.length; i += INSERT_CHUNK) await tx.insert(bodies).values(inserts.slice(i, i + INSERT_CHUNK));
    events.push(loadEvent('bodies', upload, result, actor, now));
    await appendEvents(tx, events, { newEntities: created });
  });
  return result;
}

/** Hashes for the new users' one-time passwords, a few at a time (argon2id is deliberately slow). */
async function oneTimePasswords(logins: string[]): Promise<Map<string, { plain: string; hash: string }>> {
  const out = new Map<string, { plain: string; hash: string }>();
  for (let i = 0; i < logins.length; i += 4) {
    await Promise.all(
      logins.slice(i, i + 4).map(async (login) => {
        const plain = temporaryPassword();
        out.set(login, { plain, hash: await hashPassword(plain) });
      }),
    );
  }
  return out;
}

export async function importUsers(db: Db, actor: Actor, upload: SheetUpload, now: Date): Promise<BulkImportResult> {
  const { rows, problems: fileProblems } = await readSheet(upload.bytes, sheetFormatOf(upload.fileName), USER_COLUMNS);
  const bodyRows = await db.select({ id: bodies.id, code: bodies.code }).from(bodies);
  const bodyIdOf = new Map(bodyRows.map((b) => [b.code, b.id]));
  const bodyCodeOf = new Map(bodyRows.map((b) => [b.id, b.code]));
  const logins = [...new Set(rows.map((r) => r.cells.login?.trim()).filter((l): l is string => !!l))];
  const current = logins.length ? await db.select().from(users).where(inArray(users.login, logins)) : [];
  const existing = new Map<string, ExistingUser & { id: string }>(
    current.map((u) => [
      u.login,
      { id: u.id, login: u.login, name: u.displayName, bodyCode: bodyCodeOf.get(u.bodyId) ?? '', roles: u.roles, position: u.position, phone: u.phone, email: u.email, active: !u.disabled },
    ]),
  );
  const plan = planUsers(rows, { bodyExists: (c) => bodyIdOf.has(c), existing });
  if (fileProblems.length || plan.some((o) => o.action === 'error') || rows.length === 0) {
    if (rows.length === 0 && !fileProblems.length) fileProblems.push({ column: '', reason: '文件中没有数据行' });
    return summarise(plan, fileProblems, false);
  }
  const passwords = await oneTimePasswords(plan.filter((o) => o.action === 'create').map((o) => o.key));
  const result = summarise(
    plan,
    fileProblems,
    true,
    new Map([...passwords].map(([login, p]) => [login, p.plain])),
  );
  await db.transaction(async (tx: Tx) => {
    const events: NewEvent[] = [];
    const created = new Set<string>();
    const inserts: (typeof users.$inferInsert)[] = [];
    const on = { onDate: chinaDateOf(now), occurredAt: now, ...actorFields(actor) };
    const audited = (u: UserInput) => ({ login: u.login, name: u.name, bodyCode: u.bodyCode, roles: u.roles, position: u.position, phone: maskPhone(u.phone), email: u.email, active: u.active });
    for (const o of plan) {
      if (o.action !== 'create' && o.action !== 'update') continue;
      const u = o.value;
      const fields = { displayName: u.name, bodyId: bodyIdOf.get(u.bodyCode)!, roles: u.roles, position: u.position, phone: u.phone, email: u.email, disabled: !u.active };
      if (o.action === 'create') {
        const id = randomUUID();
        inserts.push({ id, login: u.login, ...fields, passwordHash: passwords.get(u.login)!.hash, mustChangePassword: true, passwordChangedAt: now });
        created.add(`user:${id}`);
        events.push({ ...on, entityType: 'user', entityId: id, type: 'user.created', payload: { ...audited(u), mustChangePassword: true, via: 'import', row: o.row } });
      } else {
        const before = existing.get(u.login)!;
        await tx.update(users).set(fields).where(eq(users.id, before.id));
        // A deactivated account keeps no session open.
        const ended = u.active ? [] : await tx.delete(sessions).where(and(eq(sessions.principalId, before.id), eq(sessions.principalKind, 'staff'))).returning({ id: sessions.id });
        const shown = (f: string, v: unknown) => (f === 'phone' ? maskPhone((v as string | null) ?? null) : (v ?? null));
        const changes = Object.fromEntries(o.changed.map((f) => [f, { from: shown(f, before[f as keyof ExistingUser]), to: shown(f, u[f as keyof UserInput]) }]));
        events.push({ ...on, entityType: 'user', entityId: before.id, type: 'user.updated', payload: { login: u.login, changes, sessionsEnded: ended.length, via: 'import', row: o.row } });
      }
    }
    for (let i = 0; i < inserts.length; i += INSERT_CHUNK) await tx.insert(users).values(inserts.slice(i, i + INSERT_CHUNK));
    events.push(loadEvent('users', upload, result, actor, now));
    await appendEvents(tx, events, { newEntities: created });
  });
  return result;
}

/** The templates' example rows (the 「示例」 sheet): a county bureau and its people. */
export const BODY_EXAMPLES: string[][] = [
  ['330683-gov', '嵊州市人民政府', '人民政府', '330683', '', '', '', '嵊政', '启用'],
  ['330683-xfj', '嵊州市信访局', '信访部门', '330683', '330683-gov', '', '', '嵊信', '启用'],
  ['330683-zjj', '嵊州市住房和城乡建设局', '职能部门', '330683', '330683-gov', '城乡建设', '房屋征收、物业管理、建筑市场监管', '嵊建', '启用'],
];
export const USER_EXAMPLES: string[][] = [
  ['sz.registrar', '张登记', '330683-xfj', '登记员、受理员', '', '13800000001', '', '启用'],
  ['sz.zjj.handler', '李承办', '330683-zjj', '承办人', '承办人', '13800000002', '', '启用'],
];
