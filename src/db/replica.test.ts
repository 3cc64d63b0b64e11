import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DatabaseSetupError, databaseConfigFromEnv } from './client';
import { ReadReplica, formatLsn, parseLsn, replicaAge } from './replica';

describe('WAL positions', () => {
  it('parse to numbers that order as the server orders them, and print back', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    expect(formatLsn(parseLsn('2A/C0FFEE')!)).toBe('2A/C0FFEE');
    // A cookie is the caller's: anything but a position is ignored.
    for (const bad of [undefined, null, '', '0/', '1/2/3', 'x/1', '0/123456789', "0/1'; DROP"]) expect(parseLsn(bad)).toBeNull();
  });
});

describe('how far behind a replica is', () => {
  const samples = [
    { at: 10_000, lsn: 100n },
    { at: 11_000, lsn: 200n },
    { at: 12_000, lsn: 300n },
  ];
  it('is the age of the last primary position it has replayed, whatever the time since its last commit', () => {
    // Replayed up to 250 at 12.5 s: it holds what the primary had at 11 s (a long transaction commits nothing).
    expect(replicaAge(samples, 12_500, 250n, 40)).toBe(1.5);
    expect(replicaAge(samples, 12_500, 300n, 40)).toBe(0.5);
  });
  it('falls back to the larger bound when it is behind every sample, and is unknown without a position', () => {
    expect(replicaAge(samples, 12_500, 50n, 7)).toBe(7);
    expect(replicaAge(samples, 12_500, 50n, 1)).toBe(2.5);
    expect(replicaAge([], 12_500, 50n, null)).toBe(0);
    expect(replicaAge(samples, 12_500, null, 3)).toBeNull();
  });
});

describe('replica failures', () => {
  const replica = new ReadReplica(new pg.Pool(), 'test', 'postgres://127.0.0.1:1/none');
  it('are told from errors of the read itself, also when drizzle wraps them', () => {
    const shutdown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(replica.isReplicaFailure(shutdown)).toBe(true);
    expect(replica.isReplicaFailure(Object.assign(new Error('Failed query'), { cause: shutdown }))).toBe(true);
    expect(replica.isReplicaFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(replica.isReplicaFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    // Recovery conflict: the standby cancelled a long read to apply WAL.
    expect(replica.isReplicaFailure(Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' }))).toBe(true);
    expect(replica.isReplicaFailure(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(replica.isReplicaFailure(new Error('事项不存在'))).toBe(false);
  });
  it('leave the replica in use when only one read was cancelled by a recovery conflict', async () => {
    const warnings: string[] = [];
    const log = { warn: (_o: object, m: string) => warnings.push(m), info: () => {} };
    replica.failed(Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('conflict with recovery'), { code: '40001' }) }), log);
    expect(warnings).toEqual([expect.stringContaining('recovery conflict')]);
    replica.failed(Object.assign(new Error('terminating connection'), { code: '57P01' }), log);
    expect((await replica.health(log)).up).toBe(false);
    expect(warnings[1]).toContain('reads fall back to the primary');
    await replica.close();
  });
});

describe('DATABASE_READ_URL', () => {
  it('goes with a PostgreSQL DATABASE_URL, and is refused without one', () => {
    expect(databaseConfigFromEnv({ DATABASE_URL: 'postgres://p/x', DATABASE_READ_URL: 'postgres://r/x', XINFANG_READ_MAX_LAG_SECONDS: '5' })).toEqual({
      kind: 'postgres',
      url: 'postgres://p/x',
      readUrl: 'postgres://r/x',
      replica: { maxLagSeconds: 5 },
    });
    expect(databaseConfigFromEnv({ DATABASE_URL: 'postgres://p/x' })).toMatchObject({ kind: 'postgres', readUrl: undefined });
    expect(() => databaseConfigFromEnv({ DATABASE_READ_URL: 'postgres://r/x' })).toThrow(DatabaseSetupError);
    expect(() => databaseConfigFromEnv({ DATABASE_URL: 'postgres://p/x', XINFANG_READ_MAX_LAG_SECONDS: 'soon' })).toThrow(DatabaseSetupError);
  });
});
