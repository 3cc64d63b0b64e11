import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { portalQueryFailures as f } from '../../db/schema';

/**
 * Wrong answers per query code (查询码错误次数). After `maxFailures` wrong `last4` answers for one code, the code is
 * locked for `lockMs`; a right answer clears the count. Keyed by the code's SHA-256, and counted for codes that do
 * not exist too, so that a lock says nothing about whether a code exists.
 *
 * Counted in the database (`portal_query_failures`), so every app node sees the same count and the same lock: an
 * attacker gets `maxFailures` tries per lock period however many nodes the load balancer spreads them over, and a
 * restart clears nothing. Each wrong answer is one upsert.
 */
export class QueryLockout {
  constructor(
    private readonly db: Db,
    private readonly maxFailures: number,
    private readonly lockMs: number,
    /** One call in this many also deletes the rows whose failures and lock have run out. */
    private readonly sweepEvery = 200,
  ) {}

  /** When the code is locked, the instant the lock ends; otherwise null. */
  async lockedUntil(key: string, now: Date): Promise<Date | null> {
    const [row] = await this.db.select({ lockedUntil: f.lockedUntil }).from(f).where(eq(f.key, key));
    return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
  }

  /** Records a wrong answer; returns the end of the lock when this one locks the code. */
  async fail(key: string, now: Date): Promise<Date | null> {
    const at = sql`${now.toISOString()}::timestamptz`;
    const lockEnds = sql`${at} + ${this.lockMs} * interval '1 millisecond'`;
    // Failures older than a lock period are forgotten, and so are those before a lock that ran out: a citizen who
    // mistypes now and then is never locked out.
    const fresh = sql`((${f.lockedUntil} IS NOT NULL AND ${f.lockedUntil} <= ${at}) OR ${f.lastFailedAt} < ${at} - ${this.lockMs} * interval '1 millisecond')`;
    const count = sql`CASE WHEN ${fresh} THEN 1 ELSE ${f.failures} + 1 END`;
    const [row] = await this.db
      .insert(f)
      .values({ key, failures: 1, lastFailedAt: now, lockedUntil: this.maxFailures <= 1 ? sql`${lockEnds}` : null })
      .onConflictDoUpdate({
        target: f.key,
        set: {
          failures: count,
          lastFailedAt: now,
          lockedUntil: sql`CASE WHEN ${count} >= ${this.maxFailures} THEN ${lockEnds} ELSE NULL END`,
        },
      })
      .returning({ lockedUntil: f.lockedUntil });
    if (Math.random() * this.sweepEvery < 1) await this.sweep(now);
    return row?.lockedUntil ?? null;
  }

  async succeed(key: string): Promise<void> {
    await this.db.delete(f).where(eq(f.key, key));
  }

  private async sweep(now: Date): Promise<void> {
    const at = sql`${now.toISOString()}::timestamptz`;
    await this.db.delete(f).where(sql`${f.lastFailedAt} < ${at} - ${this.lockMs} * interval '1 millisecond' AND (${f.lockedUntil} IS NULL OR ${f.lockedUntil} <= ${at})`);
  }
}
