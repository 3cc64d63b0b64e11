import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, gte, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { migrationsFolder } from '../../db/client';
import { matterDueTallies, matterTallies, notifications } from '../../db/schema';
import { queryRows } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import { lastClockScan, type ScanRecord } from '../supervision/scanner';

/**
 * What /api/health and /api/metrics report (docs/operations.md "Monitoring"). The health check is one cheap query of
 * the primary, reused for `HEALTH_CHECK_MS`, so a load balancer polling many times a second costs one query per
 * second per node; the metrics' database figures are read at each scrape (a few index or small-table reads).
 */

/** How long one check of the primary answers /api/health. */
export const HEALTH_CHECK_MS = 1_000;
/** A primary that has not answered the check within this is reported down (pool exhausted, network, server hung). */
export const HEALTH_TIMEOUT_MS = 2_000;

export interface DatabaseCheck {
  up: boolean;
  /** Why the primary is reported down, in Chinese and English. */
  reasonZh: string | null;
  reason: string | null;
  /** The round trip of the check (ms); up to the timeout when the database does not answer. */
  latencyMs: number;
  /** Migrations recorded as applied in the database, and how many this version of Xinfang ships. */
  migrations: { applied: number; known: number; pending: number } | null;
  /** The calendar version in the database (`cache_versions.calendar`, 0 before any schedule was loaded). */
  calendarVersion: number | null;
  checkedAt: Date;
}

let knownMigrations: number | null = null;
/** The migrations this code ships (drizzle/meta/_journal.json), read once. */
function migrationsShipped(): number {
  knownMigrations ??= (JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
  return knownMigrations;
}

interface Probe {
  last: DatabaseCheck | null;
  pending: Promise<DatabaseCheck> | null;
}

// Keyed by the database: a test with two apps on two databases keeps two probes.
const probes = new WeakMap<AppContext['database'], Probe>();

/** The primary's state, from a check at most `HEALTH_CHECK_MS` old; concurrent callers share one check. */
export function checkDatabase(ctx: Pick<AppContext, 'database' | 'db'>): Promise<DatabaseCheck> {
  let probe = probes.get(ctx.database);
  if (!probe) probes.set(ctx.database, (probe = { last: null, pending: null }));
  const p = probe;
  if (p.last && Date.now() - p.last.checkedAt.getTime() < HEALTH_CHECK_MS) return Promise.resolve(p.last);
  p.pending ??= runCheck(ctx)
    .then((c) => (p.last = c))
    .finally(() => {
      p.pending = null;
    });
  return p.pending;
}

async function runCheck(ctx: Pick<AppContext, 'db'>): Promise<DatabaseCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Error('timeout');
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut), HEALTH_TIMEOUT_MS);
  });
  try {
    // One statement: it proves the primary answers and says which migrations and calendar it holds.
    const query = queryRows<{ applied: number; calendar: number | null }>(
      ctx.db,
      sql`SELECT (SELECT count(*) FROM drizzle.__drizzle_migrations)::int AS applied,
                 (SELECT version FROM cache_versions WHERE name = 'calendar') AS calendar`,
    );
    query.catch(() => {}); // a query that outlives the timeout must not reject unhandled
    const [row] = await Promise.race([query, timeout]);
    const applied = row?.applied ?? 0;
    const known = migrationsShipped();
    return {
      up: true,
      reasonZh: null,
      reason: null,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      migrations: { applied, known, pending: Math.max(0, known - applied) },
      calendarVersion: row?.calendar ?? 0,
      checkedAt: new Date(),
    };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      up: false,
      reasonZh: err === timedOut ? `主数据库在 ${HEALTH_TIMEOUT_MS} 毫秒内无应答` : `主数据库无法访问：${detail}`,
      reason: err === timedOut ? `the primary database did not answer within ${HEALTH_TIMEOUT_MS} ms` : `the primary database is unreachable: ${detail}`,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      migrations: null,
      calendarVersion: null,
      checkedAt: new Date(),
    };
  } finally {
    clearTimeout(timer);
  }
}

export interface MonitoringFacts {
  database: DatabaseCheck;
  /** The primary's connection pool (PostgreSQL only). */
  pool: { total: number; idle: number; waiting: number } | null;
  /** Notifications waiting in the outbox (pending) and being sent (claimed by a dispatcher). */
  outbox: { pending: number; sending: number; dead: number } | null;
  /** Matters whose nearest running deadline is past (from the read model of counts, province-wide). */
  overdueMatters: number | null;
  /** The calendar version this node computes with. */
  calendarLoaded: number | null;
  lastScan: ScanRecord | null;
}

/** The figures /api/metrics reports from the database and this process; none of them scans a large table. */
export async function monitoringFacts(ctx: AppContext): Promise<MonitoringFacts> {
  const database = await checkDatabase(ctx);
  const base = {
    database,
    pool: ctx.database.poolStats?.() ?? null,
    calendarLoaded: ctx.calendar.loadedVersion,
    lastScan: lastClockScan(ctx),
  };
  if (!database.up) return { ...base, outbox: null, overdueMatters: null };
  try {
    const today = chinaDateOf(ctx.now());
    // notifications_status_idx (status, created_at) counts the few unsent rows without reading the sent history.
    const [outboxRows, [running], [future]] = await Promise.all([
      ctx.db
        .select({ status: notifications.status, n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(sql`${notifications.status} in ('pending', 'sending', 'dead')`)
        .groupBy(notifications.status),
      ctx.db.select({ n: sql<number>`coalesce(sum(${matterTallies.n}), 0)::int` }).from(matterTallies).where(eq(matterTallies.running, true)),
      // As the dashboard counts overdue: the running less those due from today on (old due dates are never summed).
      ctx.db.select({ n: sql<number>`coalesce(sum(${matterDueTallies.n}), 0)::int` }).from(matterDueTallies).where(gte(matterDueTallies.dueOn, today)),
    ]);
    const count = (status: string) => outboxRows.find((r) => r.status === status)?.n ?? 0;
    return {
      ...base,
      outbox: { pending: count('pending'), sending: count('sending'), dead: count('dead') },
      overdueMatters: (running?.n ?? 0) - (future?.n ?? 0),
    };
  } catch {
    // The check passed a moment ago: report what this process knows, and the database's figures next scrape.
    return { ...base, outbox: null, overdueMatters: null };
  }
}
