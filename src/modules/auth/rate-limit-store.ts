import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context';
import { rateLimitHits as r } from '../../db/schema';

/**
 * The store of @fastify/rate-limit (login and the citizen portal's per-IP limits), counted in the database so that
 * every app node counts the same requests: behind a load balancer a client gets `max` requests per window in all,
 * not per node, and a restart forgets nothing. One upsert per limited request; Redis would do the same job, but the
 * product must run with the database alone (PGlite or PostgreSQL).
 *
 * Fixed windows, as the plugin's in-memory store counts them: the first request of a key opens a window of
 * `timeWindow`; requests in it count up; the first request after it opens the next. Time is the app's clock
 * (`AppContext.now`), so tests move it. The plugin's `continueExceeding` and `exponentialBackoff` are not used by
 * this app and not supported here.
 */

type Result = { current: number; ttl: number };
type Callback = (err: Error | null, result?: Result) => void;

/** One call in this many also deletes windows that ended more than an hour ago. */
const SWEEP_EVERY = 500;

export function databaseRateLimitStore(ctx: Pick<AppContext, 'db' | 'now'>) {
  return class DatabaseRateLimitStore {
    /** The route a child counts for: each limited route has its own counters, as with the in-memory store. */
    private route = '';

    /** The plugin passes its options; nothing in them changes how this store counts. */
    constructor(_options?: unknown) {}

    incr(key: string, cb: Callback, timeWindow: number): void {
      this.hit(`${this.route}|${key}`, timeWindow).then((res) => cb(null, res), (err: Error) => cb(err));
    }

    /** The plugin's non-mutating peek (`{ increment: false }`). */
    read(key: string, cb: Callback): void {
      const now = ctx.now();
      ctx.db
        .select({ hits: r.hits, ends: r.windowEndsAt })
        .from(r)
        .where(eq(r.key, `${this.route}|${key}`))
        .then(([row]) => cb(null, row && row.ends > now ? { current: row.hits, ttl: row.ends.getTime() - now.getTime() } : { current: 0, ttl: 0 }), (err: Error) => cb(err));
    }

    /** The plugin's per-route copy: its options carry the route (`routeInfo`, the Fastify route options). */
    child(routeOptions: object): DatabaseRateLimitStore {
      const info = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      const store = new DatabaseRateLimitStore();
      store.route = `${[info.method ?? ''].flat().join(',')} ${info.url ?? ''}`;
      return store;
    }

    private async hit(key: string, windowMs: number): Promise<Result> {
      const now = ctx.now();
      const at = sql`${now.toISOString()}::timestamptz`;
      const ends = sql`${at} + ${windowMs} * interval '1 millisecond'`;
      const ended = sql`${r.windowEndsAt} <= ${at}`;
      const [row] = await ctx.db
        .insert(r)
        .values({ key, hits: 1, windowEndsAt: sql`${ends}` })
        .onConflictDoUpdate({
          target: r.key,
          set: {
            hits: sql`CASE WHEN ${ended} THEN 1 ELSE ${r.hits} + 1 END`,
            windowEndsAt: sql`CASE WHEN ${ended} THEN ${ends} ELSE ${r.windowEndsAt} END`,
          },
        })
        .returning({ hits: r.hits, ends: r.windowEndsAt });
      if (Math.random() * SWEEP_EVERY < 1) await ctx.db.delete(r).where(sql`${r.windowEndsAt} < ${at} - interval '1 hour'`);
      return { current: row!.hits, ttl: Math.max(0, row!.ends.getTime() - now.getTime()) };
    }
  };
}
