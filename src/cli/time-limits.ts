import { readFileSync } from 'node:fs';
import { TIME_LIMIT_NAMES, timeLimitConfig, validateTimeLimitConfig, type TimeLimitConfig, type TimeLimitOverrides } from '../domain/lifecycle';
import { CliUsageError } from './errors';

/**
 * The time limits in force. National defaults (RULES.md), unless `XINFANG_TIME_LIMITS` names a JSON file of
 * overrides, e.g. a province that counts acceptance notice in working days:
 *   {"acceptanceNotice": {"unit": "workingDays", "amount": 15, "article": "《某省信访条例》第二十条"}}
 * An invalid file stops start-up with the reasons: a wrong limit is worse than no service. What a running deployment
 * uses is the database's copy (openContext adopts the file once).
 */
export function timeLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): TimeLimitConfig {
  return timeLimitConfig(timeLimitFileFromEnv(env)?.overrides);
}

/**
 * The overrides of the `XINFANG_TIME_LIMITS` file, validated, or null when none is named. Since the limits moved to
 * the database (系统管理 → 办理时限) the file is only the initial value: it is copied there on the first start
 * (src/modules/settings/time-limits.ts) and ignored afterwards.
 */
export function timeLimitFileFromEnv(env: NodeJS.ProcessEnv = process.env): { path: string; overrides: TimeLimitOverrides } | null {
  const file = env.XINFANG_TIME_LIMITS;
  if (!file) return null;
  let overrides: TimeLimitOverrides;
  try {
    overrides = JSON.parse(readFileSync(file, 'utf8')) as TimeLimitOverrides;
  } catch (err) {
    throw new CliUsageError(`无法读取时限配置 ${file}：${(err as Error).message}`, `cannot read time limits ${file}: ${(err as Error).message}`);
  }
  const unknown = Object.keys(overrides).filter((k) => !(TIME_LIMIT_NAMES as readonly string[]).includes(k));
  const problems = [...unknown.map((k) => `${k}: unknown time limit`), ...validateTimeLimitConfig(timeLimitConfig(overrides))];
  if (problems.length) {
    throw new CliUsageError(`时限配置 ${file} 有误：${problems.join('；')}`, `invalid time limits in ${file}: ${problems.join('; ')}`);
  }
  return { path: file, overrides };
}
