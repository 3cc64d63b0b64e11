import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';

/** The directives of a Content-Security-Policy header, by name. */
function csp(res: LightMyRequestResponse): Map<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe.each(BACKENDS)('security headers on %s', (backend) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let webRoot: string;
  beforeAll(async () => {
    ctx = await createTestContext(backend);
    webRoot = await mkdtemp(join(tmpdir(), 'xinfang-web-'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/index.js"></script></head><body><div id="root"></div></body></html>');
    app = await buildApp({ ctx, webRoot, trustProxy: true });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
    await rm(webRoot, { recursive: true, force: true });
  });

  const expectHeaders = (res: LightMyRequestResponse) => {
    const d = csp(res);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('script-src-attr')).toEqual(["'none'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'self'"]);
    expect(d.has('upgrade-insecure-requests')).toBe(false); // would break installs served over plain HTTP
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  };

  it('sends them with the web app, an API answer (also an error) and the API docs', async () => {
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<div id="root">');
    expectHeaders(index);
    const clientRoute = await app.inject({ url: '/portal/query' });
    expect(clientRoute.statusCode).toBe(200);
    expectHeaders(clientRoute);

    const health = await app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expectHeaders(health);
    const unauthenticated = await app.inject({ url: '/api/v1/matters' });
    expect(unauthenticated.statusCode).toBe(401);
    expectHeaders(unauthenticated);
    const regions = await app.inject({ url: '/api/v1/portal/regions' });
    expect(regions.statusCode).toBe(200);
    expectHeaders(regions);

    const docs = await app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui-bundle.js');
    expect(docs.body).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script the policy would block
    expectHeaders(docs);
    const initializer = await app.inject({ url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    expectHeaders(initializer);
  });

  it('sends HSTS only for requests that came over TLS (through a trusted proxy here)', async () => {
    const plain = await app.inject({ url: '/api/health' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const tls = await app.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
  });

  it('does not let a client behind no trusted proxy claim TLS', async () => {
    const direct = await buildApp({ ctx, trustProxy: false });
    try {
      const res = await direct.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-frame-options']).toBe('DENY');
    } finally {
      await direct.close();
    }
  });
});
