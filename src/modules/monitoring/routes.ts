import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { errorBody } from '../../http/error-handler';
import { EXPOSITION_CONTENT_TYPE, Exposition } from '../../http/metrics';
import { checkDatabase, monitoringFacts, type DatabaseCheck, type MonitoringFacts } from './service';

/**
 * GET /api/health (the load balancer's check) and GET /api/metrics (Prometheus), outside /api/v1: they need no staff
 * caller, and the auth hook leaves their Authorization header alone (`ownCredentials`): the metrics token is not an
 * API token. docs/operations.md "Monitoring" says what each field and series means.
 */
export const monitoringRoutes: FastifyPluginAsync<{ metricsToken?: string }> = async (app, opts) => {
  const ctx = app.ctx;
  const replica = ctx.database.replica;
  const config = { ownCredentials: true };

  // The primary is checked by one query at most a second old (HEALTH_CHECK_MS); a replica that is down leaves the app
  // healthy (reads fall back to the primary), so it is reported but does not make the answer 503.
  // The answer is built once per check and reused with it (uptime as of the check): a load balancer's poll costs
  // what /api/health cost before it queried anything (bench/README.md, "Health check").
  let built: { check: DatabaseCheck; body: Record<string, unknown>; json: string } | null = null;
  const bodyOf = (check: DatabaseCheck) => {
    if (built?.check !== check) {
      const body = {
        ok: check.up,
        database: ctx.database.kind,
        ...(check.up ? {} : { reason: check.reason, reasonZh: check.reasonZh }),
        databaseLatencyMs: check.latencyMs,
        checkedAt: check.checkedAt.toISOString(),
        migrations: check.migrations,
        calendar: { database: check.calendarVersion, loaded: ctx.calendar.loadedVersion },
        uptimeSeconds: Math.round(process.uptime()),
      };
      built = { check, body, json: JSON.stringify(body) };
      if (!check.up) app.log.warn({ reason: check.reason }, 'health check: the primary database is unreachable');
    }
    return built;
  };
  app.get('/api/health', { schema: { hide: true }, config }, async (request, reply) => {
    const { check, body, json } = bodyOf(await checkDatabase(ctx));
    reply.status(check.up ? 200 : 503).type('application/json; charset=utf-8');
    return replica ? { ...body, replica: await replica.health(request.log) } : json;
  });

  const digest = (s: string) => createHash('sha256').update(s).digest();
  const expected = opts.metricsToken ? digest(opts.metricsToken) : null;
  app.get('/api/metrics', { schema: { hide: true }, config }, async (request, reply) => {
    if (!mayScrape(request, expected, digest)) {
      return reply
        .status(403)
        .send(
          expected
            ? errorBody('FORBIDDEN', '监控指标需要正确的访问令牌（XINFANG_METRICS_TOKEN）', 'metrics need the bearer token set in XINFANG_METRICS_TOKEN')
            : errorBody('FORBIDDEN', '未设置 XINFANG_METRICS_TOKEN 时，监控指标只允许本机直接访问', 'without XINFANG_METRICS_TOKEN, metrics are served only to direct requests from this machine'),
        );
    }
    const out = new Exposition();
    app.httpMetrics.write(out);
    writeFacts(out, await monitoringFacts(ctx));
    if (replica) {
      const r = await replica.health(request.log);
      out.single('xinfang_replica_up', 'gauge', 'The read replica is reachable and a standby (1) or not (0).', r.up ? 1 : 0);
      out.single('xinfang_replica_serving_reads', 'gauge', 'Routed reads are sent to the replica (1) or fall back to the primary (0).', r.servingReads ? 1 : 0);
      if (r.lagSeconds !== null) out.single('xinfang_replica_lag_seconds', 'gauge', 'How old the primary state the replica shows is.', r.lagSeconds);
      if (r.lagBytes !== null) out.single('xinfang_replica_lag_bytes', 'gauge', 'WAL bytes written on the primary not yet replayed on the replica.', r.lagBytes);
    }
    return reply.type(EXPOSITION_CONTENT_TYPE).send(out.toString());
  });
};

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * With a token: the bearer token, from anywhere. Without: only a direct connection from this machine — the socket's
 * address, not request.ip (which X-Forwarded-For may set), and no forwarding header, because a reverse proxy on the
 * same machine connects from loopback on behalf of remote clients.
 */
function mayScrape(request: FastifyRequest, expected: Buffer | null, digest: (s: string) => Buffer): boolean {
  if (expected) {
    const header = request.headers.authorization ?? '';
    return header.startsWith('Bearer ') && timingSafeEqual(digest(header.slice(7).trim()), expected);
  }
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined || request.headers['x-real-ip'] !== undefined;
  return !forwarded && LOOPBACK.test(request.socket.remoteAddress ?? '');
}

function writeFacts(out: Exposition, f: MonitoringFacts): void {
  const mem = process.memoryUsage();
  out.single('xinfang_process_uptime_seconds', 'gauge', 'Seconds since this process started.', Math.round(process.uptime()));
  out.single('xinfang_process_resident_memory_bytes', 'gauge', 'Resident set size of this process.', mem.rss);
  out.single('xinfang_process_heap_used_bytes', 'gauge', 'V8 heap in use.', mem.heapUsed);
  out.single('xinfang_process_heap_total_bytes', 'gauge', 'V8 heap allocated.', mem.heapTotal);
  out.single('xinfang_database_up', 'gauge', 'The primary database answered the health check (1) or not (0).', f.database.up ? 1 : 0);
  out.single('xinfang_database_check_seconds', 'gauge', 'Round trip of the last health check of the primary.', f.database.latencyMs / 1_000);
  if (f.database.migrations) {
    out.single('xinfang_migrations_applied', 'gauge', 'Migrations recorded as applied in the database.', f.database.migrations.applied);
    out.single('xinfang_migrations_pending', 'gauge', 'Migrations this version ships that the database has not applied.', f.database.migrations.pending);
  }
  if (f.database.calendarVersion !== null) out.single('xinfang_calendar_version', 'gauge', 'The calendar version in the database (cache_versions).', f.database.calendarVersion);
  if (f.calendarLoaded !== null) out.single('xinfang_calendar_loaded_version', 'gauge', 'The calendar version this node computes with.', f.calendarLoaded);
  if (f.pool) {
    out.single('xinfang_db_pool_connections', 'gauge', 'Connections open in the primary pool (PostgreSQL).', f.pool.total);
    out.single('xinfang_db_pool_idle_connections', 'gauge', 'Open connections not in use.', f.pool.idle);
    out.single('xinfang_db_pool_waiting_requests', 'gauge', 'Queries waiting for a connection (the pool is exhausted when > 0).', f.pool.waiting);
  }
  if (f.outbox) {
    out.family('xinfang_notifications_outbox', 'gauge', 'Notifications in the outbox by status: pending (to send), sending (claimed), dead (given up).');
    for (const [status, n] of Object.entries(f.outbox)) out.sample('xinfang_notifications_outbox', { status }, n);
  }
  if (f.overdueMatters !== null) out.single('xinfang_matters_overdue', 'gauge', 'Matters whose nearest running deadline has passed (read model, all regions).', f.overdueMatters);
  if (f.lastScan) {
    const s = f.lastScan;
    out.single('xinfang_clock_scan_last_run_timestamp_seconds', 'gauge', 'When the last clock scan of this node finished (Unix time).', Math.floor(s.finishedAt.getTime() / 1_000));
    out.single('xinfang_clock_scan_last_success', 'gauge', 'The last clock scan of this node completed (1) or failed (0).', s.ok ? 1 : 0);
    out.single('xinfang_clock_scan_last_duration_seconds', 'gauge', 'How long the last clock scan of this node took.', s.seconds);
    out.family('xinfang_clock_scan_last_items', 'gauge', 'What the last clock scan of this node did: lapsed windows, failed lapses, overdue clocks alerted, due-soon messages.');
    for (const [what, n] of Object.entries({ lapsed: s.lapsed, failed: s.failed, overdue: s.overdue, warned: s.warned })) out.sample('xinfang_clock_scan_last_items', { what }, n);
  }
}
