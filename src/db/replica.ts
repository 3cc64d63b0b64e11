import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from './client';
import * as schema from './schema';

/**
 * A PostgreSQL streaming replica for the reads that tolerate being a moment behind: search, analytics and lists
 * (docs/scaling.md "Primary and replicas"). The replica is used only while it is a standby that streams from the
 * primary and is at most `maxLagSeconds` behind; a caller that has written passes the primary's WAL position after
 * its write (`minLsn`), and is served by the primary until the replica has replayed that far — its own writes never
 * disappear from its next page. When the replica is unreachable every read falls back to the primary, with a warning.
 */

/** A WAL position (`0/16B3748`) as a number, so positions compare. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/**
 * How old (seconds, at time `at`) the primary's state is that a replica at `replay` shows, from samples of the
 * primary's position over time (oldest first): it shows the primary as it was at the last sample it has replayed.
 * Not the time since the last replayed commit (`pg_last_xact_replay_timestamp`): during a long transaction — an
 * import's batch — WAL streams and replays while no commit comes, and that measure grows though the replica keeps
 * up (bench/README.md, "Read replica"). That one is used only when the replica is behind every sample (at start), as
 * the larger of the two bounds.
 */
export function replicaAge(samples: readonly { at: number; lsn: bigint }[], at: number, replay: bigint | null, sinceLastCommit: number | null): number | null {
  if (replay === null) return null;
  const reached = samples.findLast((h) => h.lsn <= replay);
  if (reached) return (at - reached.at) / 1_000;
  const oldest = samples[0] ? (at - samples[0].at) / 1_000 : 0;
  return sinceLastCommit === null ? oldest : Math.max(oldest, sinceLastCommit);
}

/** Where a replica reports: pino's logger (the request's), or anything with the same two methods. */
export interface ReplicaLog {
  warn: (o: object, m: string) => void;
  info: (o: object, m: string) => void;
}

export interface ReplicaOptions {
  /** Above this lag every read goes to the primary (XINFANG_READ_MAX_LAG_SECONDS, default 10). */
  maxLagSeconds?: number;
  /** How long a status check of the replica is reused (ms); a caller waiting for its own write re-checks sooner. */
  checkMs?: number;
  /** After a failure, how long the replica is left alone before it is tried again (ms). */
  retryMs?: number;
  poolSize?: number;
}

export interface ReplicaStatus {
  /** Reachable and a standby (pg_is_in_recovery). */
  up: boolean;
  /** Reads are sent to it (up, streaming, within the lag allowed). */
  servingReads: boolean;
  /**
   * How old the primary's state the replica shows is: 0 when it has replayed all the primary has written; else the
   * time since the primary was where the replica is now (from this process's own samples of the primary's position).
   */
  lagSeconds: number | null;
  /** WAL bytes the primary has written that the replica has not replayed. */
  lagBytes: number | null;
  /** Why it serves no reads, when it does not. */
  reason: string | null;
}

interface Check extends ReplicaStatus {
  at: number;
  replayLsn: bigint | null;
}

const CONSOLE_LOG: ReplicaLog = {
  warn: (o, m) => console.warn(m, o),
  info: (o, m) => console.info(m, o),
};

export class ReadReplica {
  /** The replica's handle: only for reads (a write there fails: the server is read-only). */
  readonly db: Db;
  private readonly pool: pg.Pool;
  private readonly maxLagSeconds: number;
  private readonly checkMs: number;
  private readonly retryMs: number;
  private last: Check | null = null;
  /** The primary's position at each check, oldest first: where the primary was when (lagSeconds). */
  private readonly history: { at: number; lsn: bigint }[] = [];
  private pending: Promise<Check> | null = null;
  /** Where `choose` sent the reads so far (a replica read that failed and ran again on the primary counts as replica). */
  readonly routed = { replica: 0, primary: 0 };

  constructor(
    private readonly primary: pg.Pool,
    readonly location: string,
    url: string,
    opts: ReplicaOptions = {},
  ) {
    this.maxLagSeconds = opts.maxLagSeconds ?? 10;
    this.checkMs = opts.checkMs ?? 1_000;
    this.retryMs = opts.retryMs ?? 5_000;
    // A replica that does not answer must not hold a page for long: the primary answers instead.
    this.pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 2_000 });
    this.pool.on('error', () => {});
    this.db = drizzlePg({ client: this.pool, schema, casing: 'snake_case' }) as unknown as Db;
  }

  /**
   * The handle a read should use: the replica's, or null for the primary. `minLsn` is the primary's WAL position
   * after the caller's last write; the replica serves the caller only once it has replayed that far.
   */
  async choose(minLsn: bigint | null, log: ReplicaLog = CONSOLE_LOG): Promise<Db | null> {
    let check = await this.status(log);
    if (check.servingReads && minLsn !== null && (check.replayLsn ?? 0n) < minLsn) {
      // The caller wrote after the last check: ask again before sending it to the primary.
      check = await this.status(log, true);
    }
    const replica = check.servingReads && (minLsn === null || (check.replayLsn ?? 0n) >= minLsn);
    this.routed[replica ? 'replica' : 'primary'] += 1;
    return replica ? this.db : null;
  }

  /** The primary's current WAL insert position: a caller's writes so far are at or before it. */
  async primaryLsn(): Promise<bigint | null> {
    const { rows } = await this.primary.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    return parseLsn(rows[0]?.lsn);
  }

  /**
   * Whether an error of a read on the replica means the replica failed (unreachable, shutting down, a query cancelled
   * by a recovery conflict) rather than the read itself: such a read is run again on the primary.
   */
  isReplicaFailure(err: unknown): boolean {
    // Drizzle wraps the driver's error (DrizzleQueryError, the driver's in `cause`).
    const cause = (err as { cause?: unknown } | null)?.cause;
    if (cause && cause !== err && this.isReplicaFailure(cause)) return true;
    const e = err as { code?: unknown; message?: unknown } | null;
    const code = typeof e?.code === 'string' ? e.code : '';
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(code)) return true;
    // 08: connection exception; 57P0x: admin/crash shutdown, cannot connect now; 40001 on a standby: recovery conflict.
    if (/^08|^57P0[1-4]$|^40001$|^53300$/.test(code)) return true;
    const message = typeof e?.message === 'string' ? e.message : '';
    return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
  }

  /**
   * A read on the replica failed with `isReplicaFailure`: leave the replica alone for a while — unless only that read
   * was cancelled by a recovery conflict (the replica is fine; that read runs on the primary).
   */
  failed(err: unknown, log: ReplicaLog = CONSOLE_LOG): void {
    const reason = err instanceof Error ? err.message : String(err);
    const codes = [err, (err as { cause?: unknown } | null)?.cause].map((e) => (e as { code?: unknown } | null)?.code);
    if (codes.includes('40001')) {
      log.warn({ replica: this.location, reason }, 'a read was cancelled on the replica by a recovery conflict: it ran on the primary (see hot_standby_feedback)');
      return;
    }
    this.record({ at: Date.now(), up: false, servingReads: false, lagSeconds: null, lagBytes: null, replayLsn: null, reason }, log);
  }

  /** The replica's state for /api/health (a check at most `checkMs` old). */
  async health(log: ReplicaLog = CONSOLE_LOG): Promise<ReplicaStatus> {
    const { at: _at, replayLsn: _lsn, ...status } = await this.status(log);
    return status;
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async status(log: ReplicaLog, fresh = false): Promise<Check> {
    const last = this.last;
    const age = last ? Date.now() - last.at : Infinity;
    if (last && !last.up && age < this.retryMs) return last;
    if (last && !fresh && age < this.checkMs) return last;
    // One check at a time: the pages waiting for it share its answer.
    this.pending ??= this.check()
      .then((c) => this.record(c, log))
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  private async check(): Promise<Check> {
    const at = Date.now();
    try {
      const [standby, primary] = await Promise.all([
        this.pool.query<{ recovering: boolean; replay: string | null; receiver: string | null; lag: number | null }>(
          `SELECT pg_is_in_recovery() AS recovering, pg_last_wal_replay_lsn()::text AS replay,
                  (SELECT status FROM pg_stat_wal_receiver) AS receiver,
                  CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                       ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 END AS lag`,
        ),
        this.primaryLsn().catch(() => null),
      ]);
      const r = standby.rows[0]!;
      const replayLsn = parseLsn(r.replay);
      const lagBytes = primary !== null && replayLsn !== null ? Number(primary > replayLsn ? primary - replayLsn : 0n) : null;
      // Caught up with the primary's position means no lag, whatever the time since the last replayed transaction.
      const lagSeconds = lagBytes === 0 ? 0 : this.secondsBehind(at, primary, replayLsn, r.lag === null ? null : Number(r.lag));
      const reason = !r.recovering
        ? 'not a standby (pg_is_in_recovery() is false): a promoted or independent server is not a replica of this primary'
        : r.receiver !== 'streaming'
          ? `not streaming from the primary (WAL receiver: ${r.receiver ?? 'none'})`
          : lagSeconds !== null && lagSeconds > this.maxLagSeconds
            ? `${lagSeconds.toFixed(1)} s behind the primary (more than ${this.maxLagSeconds} s)`
            : null;
      return { at, up: r.recovering, servingReads: reason === null, lagSeconds, lagBytes, replayLsn, reason };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return { at, up: false, servingReads: false, lagSeconds: null, lagBytes: null, replayLsn: null, reason };
    }
  }

  private secondsBehind(at: number, primary: bigint | null, replay: bigint | null, sinceLastCommit: number | null): number | null {
    if (primary !== null) {
      this.history.push({ at, lsn: primary });
      const keepFrom = at - (this.maxLagSeconds + 60) * 1_000;
      while (this.history.length > 1_000 || (this.history.length > 1 && this.history[0]!.at < keepFrom)) this.history.shift();
    }
    return replicaAge(this.history, at, replay, sinceLastCommit);
  }

  /** Keeps the check, and says so when the replica starts or stops serving reads. */
  private record(check: Check, log: ReplicaLog): Check {
    const was = this.last?.servingReads ?? true;
    this.last = check;
    if (was && !check.servingReads) {
      log.warn({ replica: this.location, reason: check.reason }, 'read replica not used: reads fall back to the primary');
    } else if (!was && check.servingReads) {
      log.info({ replica: this.location, lagSeconds: check.lagSeconds }, 'read replica serves reads again');
    }
    return check;
  }
}
