/**
 * Wrong answers per query code (查询码错误次数). After `maxFailures` wrong `last4` answers for one code, the code is
 * locked for `lockMs`; a right answer clears the count. Keyed by the code's SHA-256, and counted for codes that do
 * not exist too, so that a lock says nothing about whether a code exists.
 *
 * Kept in memory, per process: with several app nodes each node counts separately (an attacker gets `maxFailures`
 * tries per node per lock period; with 80-bit codes and a 4-digit second factor that is still far from useful). A
 * restart clears every count. A shared table would make it exact across nodes; see docs/web.md (portal).
 */
export class QueryLockout {
  private readonly entries = new Map<string, { failures: number; lastFailureAt: number; lockedUntil: number | null }>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockMs: number,
    /** Bound on memory: the oldest entries are dropped first when it is reached. */
    private readonly maxEntries = 50_000,
  ) {}

  /** When the code is locked, the instant the lock ends; otherwise null. */
  lockedUntil(key: string, now: Date): Date | null {
    const e = this.entries.get(key);
    if (!e?.lockedUntil) return null;
    if (e.lockedUntil > now.getTime()) return new Date(e.lockedUntil);
    this.entries.delete(key);
    return null;
  }

  /** Records a wrong answer; returns the end of the lock when this one locks the code. */
  fail(key: string, now: Date): Date | null {
    const t = now.getTime();
    let e = this.entries.get(key);
    // Failures older than a lock period are forgotten: a citizen who mistypes now and then is never locked out.
    if (!e || (e.lockedUntil !== null && e.lockedUntil <= t) || t - e.lastFailureAt > this.lockMs) {
      e = { failures: 0, lastFailureAt: t, lockedUntil: null };
    }
    e.failures += 1;
    e.lastFailureAt = t;
    if (e.failures >= this.maxFailures) e.lockedUntil = t + this.lockMs;
    this.entries.delete(key);
    this.entries.set(key, e);
    this.prune(t);
    return e.lockedUntil ? new Date(e.lockedUntil) : null;
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private prune(t: number): void {
    if (this.entries.size <= this.maxEntries) return;
    for (const [key, e] of this.entries) {
      if ((e.lockedUntil ?? e.lastFailureAt + this.lockMs) <= t) this.entries.delete(key);
    }
    // Still too many (a flood of fresh keys): drop the oldest, in insertion order.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
