import { parseArgs } from 'node:util';
import type { AppContext } from '../../context';
import { createApiToken, listApiTokens, revokeApiToken } from '../../modules/auth/api-tokens';
import { CliUsageError } from '../errors';

export const TOKEN_USAGE_ZH = '用法：xinfang token list [--user LOGIN] | token create --user LOGIN [--name NAME] [--days D] | token revoke ID';
export const TOKEN_USAGE = 'usage: xinfang token list [--user LOGIN] | token create --user LOGIN [--name NAME] [--days D] | token revoke ID';

export type TokenArgs =
  | { sub: 'list'; user?: string }
  | { sub: 'create'; user: string; name: string; days?: number }
  | { sub: 'revoke'; id: string };

/** Parses `xinfang token …` before any database is opened, so bad usage fails fast with status 2. */
export function parseTokenArgs(sub: string | undefined, rest: string[]): TokenArgs {
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { user: { type: 'string' } } });
    return { sub, user: values.user };
  }
  if (sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { user: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' } } });
    if (!values.user) throw new CliUsageError('缺少 --user LOGIN', 'missing --user LOGIN');
    let days: number | undefined;
    if (values.days !== undefined) {
      days = Number(values.days);
      if (!Number.isInteger(days) || days < 1) throw new CliUsageError(`--days 须为正整数：${values.days}`, `--days must be a positive whole number: ${values.days}`);
    }
    return { sub, user: values.user, name: values.name ?? 'cli', days };
  }
  if (sub === 'revoke') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new CliUsageError('缺少令牌编号：xinfang token revoke ID', 'missing the token id: xinfang token revoke ID');
    return { sub, id: positionals[0]! };
  }
  throw new CliUsageError(TOKEN_USAGE_ZH, TOKEN_USAGE);
}

/**
 * Runs `xinfang token …`: `out` goes to stdout, `note` to stderr. `create` prints the plain token alone on stdout (as
 * before, so `TOKEN=$(xinfang token create …)` keeps working) and its id and expiry as a note; the token is never
 * shown again.
 */
export async function runToken(ctx: Pick<AppContext, 'db' | 'now' | 'tokenDays'>, args: TokenArgs): Promise<{ out: string; note?: string }> {
  const now = ctx.now();
  switch (args.sub) {
    case 'list': {
      const rows = await listApiTokens(ctx.db, { login: args.user }, now);
      if (rows.length === 0) return { out: '', note: '没有访问令牌 / no API tokens' };
      const out = rows
        .map((t) =>
          [t.id, t.login.padEnd(16), t.status.padEnd(7), `expires ${t.expiresAt.toISOString()}`, `last used ${t.lastUsedAt?.toISOString() ?? '-'}`, t.name].join('  '),
        )
        .join('\n');
      return { out };
    }
    case 'create': {
      const t = await createApiToken(ctx.db, { login: args.user, name: args.name, days: args.days, defaultDays: ctx.tokenDays }, now);
      return { out: t.token, note: `id ${t.id}  user ${t.login}  expires ${t.expiresAt.toISOString()}（令牌只显示这一次 / shown once）` };
    }
    case 'revoke': {
      const r = await revokeApiToken(ctx.db, { id: args.id }, now);
      return { out: `已吊销 / revoked ${r.id} at ${r.revokedAt.toISOString()}` };
    }
  }
}
