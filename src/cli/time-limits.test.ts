import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NATIONAL_TIME_LIMITS } from '../domain/lifecycle';
import { CliUsageError } from './errors';
import { timeLimitsFromEnv } from './time-limits';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function file(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'xf-limits-'));
  dirs.push(dir);
  const p = join(dir, 'limits.json');
  writeFileSync(p, content);
  return p;
}

describe('time limits in force', () => {
  it('are the national defaults without a configuration file', () => {
    expect(timeLimitsFromEnv({})).toEqual(NATIONAL_TIME_LIMITS);
  });

  it('take a province’s rule, e.g. acceptance notice counted in working days, and keep the other defaults', () => {
    const config = timeLimitsFromEnv({ XINFANG_TIME_LIMITS: file('{"acceptanceNotice":{"unit":"workingDays","article":"《浙江省信访条例》"}}') });
    expect(config.acceptanceNotice).toMatchObject({ unit: 'workingDays', amount: 15, article: '《浙江省信访条例》' });
    expect(config.ordinaryHandling).toEqual(NATIONAL_TIME_LIMITS.ordinaryHandling);
  });

  it('refuse to start on a misspelt limit or a nonsensical amount, naming each problem', () => {
    const run = () => timeLimitsFromEnv({ XINFANG_TIME_LIMITS: file('{"handlng":{"amount":60},"dispatch":{"amount":-1}}') });
    expect(run).toThrow(CliUsageError);
    expect(run).toThrow(/handlng: unknown time limit/);
    expect(run).toThrow(/dispatch: amount must be a whole number/);
  });
});
