import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { bodies, users } from '../../db/schema';
import { XinfangError } from '../../shared/errors';
import { insertAccount } from './user-admin';

/**
 * The first administrator of a production deployment (`xinfang admin create`), made by the operator at the server's
 * command line: no web page can create an account before anyone can sign in. The password is a one-time password,
 * printed once; the account must change it at first login (the forced change of `mustChangePassword`).
 */

export async function hasStaff(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

const LOGIN = /^[A-Za-z][A-Za-z0-9._-]{1,39}$/;

/**
 * The body an administrator belongs to when none is named: the one petition bureau above all others (the deployment's
 * own), when there is exactly one such.
 */
async function defaultBody(db: Db): Promise<{ id: string; code: string; name: string }> {
  const bureaus = await db
    .select({ id: bodies.id, code: bodies.code, name: bodies.name, level: bodies.level })
    .from(bodies)
    .where(and(eq(bodies.kind, 'petitionBureau'), eq(bodies.active, true)));
  const order = ['province', 'city', 'county', 'town'];
  const top = Math.min(...bureaus.map((b) => order.indexOf(b.level)));
  const highest = bureaus.filter((b) => order.indexOf(b.level) === top);
  if (highest.length === 1) return highest[0]!;
  if (!bureaus.length) {
    throw new XinfangError(
      'VALIDATION',
      '系统中还没有信访部门：请先导入单位（xinfang bodies import 单位.xlsx），再用 --body 单位代码 指定管理员所在单位',
      'no petition bureau yet: import the bodies first (xinfang bodies import FILE), then name the administrator’s body with --body CODE',
    );
  }
  throw new XinfangError('VALIDATION', `有多个同级信访部门（${highest.map((b) => b.code).join('、')}），请用 --body 指定管理员所在单位`, 'several top-level petition bureaus: name the body with --body CODE');
}

export interface CreatedAdministrator {
  id: string;
  login: string;
  displayName: string;
  body: { code: string; name: string };
  /** Shown once; the administrator must change it at first login. */
  temporaryPassword: string;
}

export async function createAdministrator(db: Db, input: { login: string; displayName?: string; bodyCode?: string }, now: Date): Promise<CreatedAdministrator> {
  const login = input.login.trim();
  if (!LOGIN.test(login)) {
    throw new XinfangError('VALIDATION', `登录名「${login}」应以字母开头，只含字母、数字、点、横线、下划线，2–40位`, 'a login starts with a letter: letters, digits, . - _, 2–40 characters');
  }
  const displayName = input.displayName?.trim() || '系统管理员';
  let body: { id: string; code: string; name: string };
  if (input.bodyCode) {
    const [row] = await db.select({ id: bodies.id, code: bodies.code, name: bodies.name, active: bodies.active }).from(bodies).where(eq(bodies.code, input.bodyCode));
    if (!row) throw new XinfangError('NOT_FOUND', `单位「${input.bodyCode}」不存在，请先导入单位`, `no body with code ${input.bodyCode}: import the bodies first`);
    if (!row.active) throw new XinfangError('VALIDATION', `单位「${input.bodyCode}」已停用`, `body ${input.bodyCode} is inactive`);
    body = row;
  } else {
    body = await defaultBody(db);
  }
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.login, login));
  if (taken) {
    throw new XinfangError('CONFLICT', `登录名「${login}」已存在；如需重置其密码，请由管理员在系统管理中重置`, `login ${login} exists; reset its password in the administration instead`);
  }
  // Made by the operator at the command line: no staff actor.
  const made = await db.transaction((tx) => insertAccount(tx, now, { login, displayName, body, roles: ['admin'] }, { actor: null, via: 'cli' }));
  return { id: made.id, login, displayName, body: { code: body.code, name: body.name }, temporaryPassword: made.temporaryPassword };
}
