import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app';
import { scanClocks } from '../../src/modules/supervision/scanner';
import { createTestApp, loginAs, requestAs } from '../helpers/app';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';

/** A sample's value in a Prometheus text exposition, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(BACKENDS)('health and metrics on %s', (backend) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  beforeAll(async () => {
    ctx = await createTestContext(backend);
    app = await buildApp({ ctx });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('answers 200 with the database checked, the migrations, the calendar and the uptime', async () => {
    const res = await app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok: true, database: backend, calendar: { database: 0 } });
    expect(body.reason).toBeUndefined();
    expect(body.migrations.applied).toBeGreaterThan(15);
    expect(body.migrations).toMatchObject({ known: body.migrations.applied, pending: 0 });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(body.databaseLatencyMs).toBeGreaterThanOrEqual(0);
    // A poll within the second reuses the check: one query per second however often the load balancer asks.
    const again = (await app.inject({ url: '/api/health' })).json();
    expect(again.checkedAt).toBe(body.checkedAt);
  });

  it('counts requests by route pattern and status class, with the database figures', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    for (let i = 0; i < 3; i += 1) expect((await app.inject({ url: `/api/v1/matters/${id}` })).statusCode).toBe(401);
    await app.inject({ url: '/api/v1/no-such-route' });
    await scanClocks(ctx);
    const res = await app.inject({ url: '/api/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    const text = res.body;
    expect(text).toContain('# TYPE xinfang_http_requests_total counter');
    // The pattern, not the URL: no series per matter id.
    expect(sample(text, 'xinfang_http_requests_total{method="GET",route="/api/v1/matters/:id",status_class="4xx"}')).toBe(3);
    expect(text).not.toContain(id);
    expect(sample(text, 'xinfang_http_requests_total{method="GET",route="(unmatched)",status_class="4xx"}')).toBe(1);
    expect(sample(text, 'xinfang_http_request_duration_seconds_bucket{method="GET",route="/api/v1/matters/:id",status_class="4xx",le="+Inf"}')).toBe(3);
    expect(sample(text, 'xinfang_http_request_duration_seconds_count{method="GET",route="/api/v1/matters/:id",status_class="4xx"}')).toBe(3);
    expect(sample(text, 'xinfang_database_up')).toBe(1);
    expect(sample(text, 'xinfang_migrations_pending')).toBe(0);
    expect(sample(text, 'xinfang_notifications_outbox{status="pending"}')).toBe(0);
    expect(sample(text, 'xinfang_matters_overdue')).toBe(0);
    expect(sample(text, 'xinfang_clock_scan_last_success')).toBe(1);
    expect(sample(text, 'xinfang_clock_scan_last_run_timestamp_seconds')).toBeGreaterThan(Date.now() / 1_000 - 60);
    expect(sample(text, 'xinfang_process_resident_memory_bytes')).toBeGreaterThan(0);
    if (backend === 'postgres') expect(sample(text, 'xinfang_db_pool_connections')).toBeGreaterThan(0);
    else expect(text).not.toContain('xinfang_db_pool_connections');
  });

  it('without XINFANG_METRICS_TOKEN refuses anyone but a direct request from this machine', async () => {
    const remote = await app.inject({ url: '/api/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toMatchObject({ code: 'FORBIDDEN', messageZh: expect.stringContaining('本机') });
    // A reverse proxy on this machine connects from loopback on behalf of remote clients.
    expect((await app.inject({ url: '/api/metrics', headers: { 'x-forwarded-for': '10.1.2.3' } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
  });

  it('with a token demands it, from anywhere', async () => {
    const guarded = await buildApp({ ctx, metricsToken: 'scrape-secret' });
    try {
      const from = { remoteAddress: '10.1.2.3' };
      expect((await guarded.inject({ url: '/api/metrics' })).statusCode).toBe(403);
      expect((await guarded.inject({ url: '/api/metrics', ...from, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(403);
      const ok = await guarded.inject({ url: '/api/metrics', ...from, headers: { authorization: 'Bearer scrape-secret' } });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('xinfang_http_requests_total{method="GET",route="/api/metrics",status_class="4xx"} 2');
    } finally {
      await guarded.close();
    }
  });
});

describe.each(BACKENDS)('health with the database gone on %s', (backend) => {
  it('answers 503 with ok false and the reason in Chinese and English', async () => {
    const ctx = await createTestContext(backend);
    const app = await buildApp({ ctx });
    // Closed here and again by ctx.close, which must still drop the database and remove the files.
    const closeDatabase = ctx.database.close;
    let closed: Promise<void> | null = null;
    ctx.database.close = () => (closed ??= closeDatabase());
    try {
      await ctx.database.close();
      const res = await app.inject({ url: '/api/health' });
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(body).toMatchObject({ ok: false, database: backend, migrations: null });
      expect(body.reasonZh).toMatch(/^主数据库无法访问/);
      expect(body.reason).toMatch(/^the primary database is unreachable/);
      const metrics = await app.inject({ url: '/api/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(sample(metrics.body, 'xinfang_database_up')).toBe(0);
    } finally {
      await app.close();
      await ctx.close();
    }
  });
});

describe.each(BACKENDS)('the overdue gauge on %s', (backend) => {
  it('counts the matters whose deadline passed as the province dashboard does', async () => {
    const t = await createTestApp(backend);
    try {
      t.ctx.clock.advanceDays(60);
      const leader = await loginAs(t.app, 'sx.leader'); // the province bureau: every demo matter is in its scope
      const dash = (await requestAs(t.app, leader, { url: '/api/v1/dashboard' })).json();
      expect(dash.counts.overdue).toBeGreaterThan(0);
      const text = (await t.app.inject({ url: '/api/metrics' })).body;
      expect(sample(text, 'xinfang_matters_overdue')).toBe(dash.counts.overdue);
    } finally {
      await t.close();
    }
  });
});
