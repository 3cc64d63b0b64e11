import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { AppContext } from '../../context';
import { createAdministrator } from '../../modules/auth/first-admin';
import { importBodies, importUsers, type BulkImportResult } from '../../modules/org/bulk-load';
import { CliUsageError } from '../errors';

/** `xinfang admin create` and `xinfang bodies|users import`: setting up a deployment's organisation from the server. */

export const ADMIN_USAGE = 'xinfang admin create --login NAME [--name 姓名] [--body CODE]';

export function parseAdminArgs(sub: string | undefined, rest: string[]): { login: string; name?: string; body?: string } {
  if (sub !== 'create') throw new CliUsageError(`用法：${ADMIN_USAGE}`, `usage: ${ADMIN_USAGE}`);
  const { values } = parseArgs({ args: rest, options: { login: { type: 'string' }, name: { type: 'string' }, body: { type: 'string' } } });
  if (!values.login) throw new CliUsageError('缺少 --login 登录名', 'missing --login NAME');
  return { login: values.login, name: values.name, body: values.body };
}

export async function runAdminCreate(ctx: AppContext, args: { login: string; name?: string; body?: string }): Promise<string> {
  const a = await createAdministrator(ctx.db, { login: args.login, displayName: args.name, bodyCode: args.body }, ctx.now());
  return [
    `已创建管理员 / administrator created: ${a.login}（${a.displayName}，${a.body.name} ${a.body.code}）`,
    `一次性密码 / one-time password: ${a.temporaryPassword}`,
    '首次登录后须修改密码；此密码不会再次显示。 / It must be changed at first login and is not shown again.',
  ].join('\n');
}

export function parseSheetImportArgs(kind: 'bodies' | 'users', sub: string | undefined, rest: string[]): { file: string } {
  const usage = `xinfang ${kind} import FILE.xlsx|FILE.csv`;
  if (sub !== 'import') throw new CliUsageError(`用法：${usage}`, `usage: ${usage}`);
  const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new CliUsageError(`用法：${usage}`, `usage: ${usage}`);
  const file = positionals[0]!;
  if (!existsSync(file)) throw new CliUsageError(`找不到文件：${file}`, `file not found: ${file}`);
  return { file };
}

/** The result as an operator reads it: counts, then each problem by row and column, or each new login's password. */
export function formatImportResult(kind: 'bodies' | 'users', r: BulkImportResult): string {
  const what = kind === 'bodies' ? '单位' : '用户';
  const lines: string[] = [];
  for (const p of r.fileProblems) lines.push(`文件：${p.column ? `列「${p.column}」：` : ''}${p.reason}`);
  for (const row of r.rows) for (const p of row.problems ?? []) lines.push(`第 ${row.row} 行，列「${p.column}」：${p.reason}`);
  if (!r.applied) {
    lines.unshift(`未导入：${r.counts.errors} 行有问题${r.fileProblems.length ? '，文件本身有问题' : ''}，未写入任何数据（全部改正后重新导入） / nothing imported: fix every problem and run again`);
    return lines.join('\n');
  }
  lines.push(`已导入${what} / ${kind} imported: 新增 ${r.counts.created}，更新 ${r.counts.updated}，未变 ${r.counts.unchanged}`);
  const passwords = r.rows.filter((x) => x.temporaryPassword);
  if (passwords.length) {
    lines.push('新用户的一次性密码（首次登录须修改，不会再次显示） / one-time passwords of the new users (shown once):');
    for (const x of passwords) lines.push(`  ${x.key.padEnd(20)} ${x.temporaryPassword}`);
  }
  return lines.join('\n');
}

export async function runSheetImport(ctx: AppContext, kind: 'bodies' | 'users', file: string): Promise<BulkImportResult> {
  const upload = { fileName: basename(file), bytes: readFileSync(file) };
  return kind === 'bodies' ? importBodies(ctx.db, null, upload, ctx.now()) : importUsers(ctx.db, null, upload, ctx.now());
}
