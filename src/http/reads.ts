import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { formatLsn, parseLsn, type ReadReplica } from '../db/replica';

/**
 * Which database a read is served by, with DATABASE_READ_URL set (docs/scaling.md "Primary and replicas").
 *
 * Search, analytics and list routes wrap their service call in `routedRead`: it hands the service a context whose `db`
 * is the replica's — or the primary's, when the replica is down, too far behind, or has not yet replayed the caller's
 * own last write. Everything else, and every read inside a write's transaction, uses `ctx.db`, the primary.
 *
 * Reading one's own writes: after every staff request that may write (any method but GET/HEAD/OPTIONS under /api/), the
 * primary's WAL insert position — at or past the commit of whatever the request wrote — goes into the `xf_lsn` cookie
 * (so it follows the browser to any app node) and into this process's map by user (for API tokens, which keep no
 * cookie). A routed read by that caller uses the replica only once `pg_last_wal_replay_lsn()` there has reached it.
 */

export const LSN_COOKIE = 'xf_lsn';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Beyond this the cookie is moot: a replica an hour behind serves nobody (XINFANG_READ_MAX_LAG_SECONDS). */
const LSN_COOKIE_SECONDS = 3_600;
/** Users whose last write position this process keeps before it forgets those the replica has passed. */
const MAX_TRACKED_USERS = 10_000;

const lastWrites = new WeakMap<ReadReplica, Map<string, bigint>>();

/** Records the caller's write position after each request that may have written (no-op without a replica). */
export function installReadRouting(app: FastifyInstance): void {
  const replica = app.ctx.database.replica;
  if (!replica) return;
  const byUser = new Map<string, bigint>();
  lastWrites.set(replica, byUser);
  app.addHook('onSend', async (request, reply, payload) => {
    // Only staff read routed pages: an anonymous request (a login, the portal) costs the primary no extra query.
    if (SAFE_METHODS.has(request.method) || !request.principal || !request.url.startsWith('/api/')) return payload;
    try {
      const lsn = await replica.primaryLsn();
      if (lsn === null) return payload;
      reply.setCookie(LSN_COOKIE, formatLsn(lsn), {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: LSN_COOKIE_SECONDS,
      });
      if (byUser.size >= MAX_TRACKED_USERS) byUser.clear();
      byUser.set(request.principal.userId, lsn);
    } catch (err) {
      // Without the position the caller's next list may come from a replica a moment behind; the write itself stands.
      request.log.warn({ err }, 'could not read the primary WAL position after a write');
    }
    return payload;
  });
}

/** The primary's position after the caller's last write, from its cookie or (API tokens) from this process's map. */
function lastWriteOf(request: FastifyRequest, replica: ReadReplica): bigint | null {
  const fromCookie = parseLsn(request.cookies?.[LSN_COOKIE]);
  const userId = request.principal?.userId;
  const fromMap = userId ? (lastWrites.get(replica)?.get(userId) ?? null) : null;
  if (fromCookie === null) return fromMap;
  return fromMap === null || fromCookie > fromMap ? fromCookie : fromMap;
}

/**
 * Runs a read-only service call on the replica when it may serve this caller, else on the primary. A read the replica
 * fails (it went down, or cancelled the query for a recovery conflict) runs again on the primary.
 */
export async function routedRead<T>(request: FastifyRequest, read: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = request.server.ctx;
  const replica = ctx.database.replica;
  if (!replica) return read(ctx);
  const db = await replica.choose(lastWriteOf(request, replica), request.log);
  if (!db) return read(ctx);
  try {
    return await read({ ...ctx, db });
  } catch (err) {
    if (!replica.isReplicaFailure(err)) throw err;
    replica.failed(err, request.log);
    return read(ctx);
  }
}
