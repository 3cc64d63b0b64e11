import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../context';
import { checkDatabase, HEALTH_CHECK_MS, HEALTH_TIMEOUT_MS } from './service';

/** A context whose primary answers each query with `answer()`; counts the queries. */
function stubContext(answer: () => Promise<{ rows: unknown[] }>) {
  const execute = vi.fn(answer);
  const ctx = { database: { kind: 'postgres' }, db: { execute } } as unknown as Pick<AppContext, 'database' | 'db'>;
  return { ctx, execute };
}

describe('the health check of the primary', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs one query for any number of polls within a second, and again after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { ctx, execute } = stubContext(async () => ({ rows: [{ applied: 3, calendar: 2 }] }));
    const polls = await Promise.all(Array.from({ length: 20 }, () => checkDatabase(ctx)));
    expect(execute).toHaveBeenCalledTimes(1);
    expect(new Set(polls).size).toBe(1);
    expect(polls[0]).toMatchObject({ up: true, calendarVersion: 2, migrations: { applied: 3 } });
    vi.advanceTimersByTime(HEALTH_CHECK_MS - 1);
    await checkDatabase(ctx);
    expect(execute).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    await checkDatabase(ctx);
    expect(execute).toHaveBeenCalledTimes(2);
  });

  it('reports the primary down when it does not answer within the timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ctx } = stubContext(() => new Promise(() => {}));
    const pending = checkDatabase(ctx);
    await vi.advanceTimersByTimeAsync(HEALTH_TIMEOUT_MS);
    const check = await pending;
    expect(check).toMatchObject({ up: false, migrations: null, calendarVersion: null });
    expect(check.reason).toBe(`the primary database did not answer within ${HEALTH_TIMEOUT_MS} ms`);
    expect(check.reasonZh).toBe(`主数据库在 ${HEALTH_TIMEOUT_MS} 毫秒内无应答`);
  });
});
