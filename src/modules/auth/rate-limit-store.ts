import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/tx';
import type { AppContext } from '../../context';
import { rateLimitHits as r } from '../../db/schema';

/**
 * The store of @fastify/rate-limit (login and the citizen portal's per-IP limits), counted in the database so that
 * every app node counts the same requests: behind a load balancer a client gets `max` requests per window in all,
 * not per node, and a restart forgets nothing. One upsert per limited request; Redis would do the same job, but the
 * product must run with the database alone (PGlite or PostgreSQL).
 *
 * Fixed windows, as the plugin's in-memory store counts them: the first request of a key opens a window of
 * `timeWindow`; requests in it count up; the first request after it opens the next. Time is the database's clock:
 * one clock for every node however theirs drift (a throttle, not a legal date, so tests do not move it). The
 * plugin's `continueExceeding` and `exponentialBackoff` are not used by this app and not supported here.
 */

type Result = { current: number; ttl: number };
type Callback = (err: Error | null, result?: Result) => void;

/** One call in this many also deletes windows that ended more than an hour ago. */
const SWEEP_EVERY = 500;

/** What is left of the window, in milliseconds, by the database's clock. */
const TTL_MS = sql.raw(`ceil(extract(epoch FROM (window_ends_at - statement_timestamp())) * 1000)::int`);

export function databaseRateLimitStore(ctx: Pick<AppContext, 'db'>) {
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
      queryRows<{ hits: number; ttl: number }>(
        ctx.db,
        sql`SELECT ${r.hits} AS hits, ${TTL_MS} AS ttl FROM ${r} WHERE ${r.key} = ${`${this.route}|${key}`} AND ${r.windowEndsAt} > statement_timestamp()`,
      ).then(([row]) => cb(null, row ? { current: row.hits, ttl: Number(row.ttl) } : { current: 0, ttl: 0 }), (err: Error) => cb(err));
    }

    /** The plugin's per-route copy: its options carry the route (`routeInfo`, the Fastify route options). */
    child(routeOptions: object): DatabaseRateLimitStore {
      const info = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      const store = new DatabaseRateLimitStore();
      store.route = `${[info.method ?? ''].flat().join(',')} ${info.url ?? ''}`;
      return store;
    }

    private async hit(key: string, windowMs: number): Promise<Result> {
      const ends = sql`statement_timestamp() + ${windowMs} * interval '1 millisecond'`;
      const [row] = await queryRows<{ hits: number; ttl: number }>(
        ctx.db,
        sql`INSERT INTO ${r} AS r (key, hits, window_ends_at) VALUES (${key}, 1, ${ends})
            ON CONFLICT (key) DO UPDATE SET
              hits = CASE WHEN r.window_ends_at <= statement_timestamp() THEN 1 ELSE r.hits + 1 END,
              window_ends_at = CASE WHEN r.window_ends_at <= statement_timestamp() THEN ${ends} ELSE r.window_ends_at END
            RETURNING hits, ${TTL_MS} AS ttl`,
      );
      if (Math.random() * SWEEP_EVERY < 1) await ctx.db.delete(r).where(sql`${r.windowEndsAt} < statement_timestamp() - interval '1 hour'`);
      return { current: row!.hits, ttl: Math.max(0, Number(row!.ttl)) };
    }
  };
}
