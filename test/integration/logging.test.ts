import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app';
import { consoleLogStream } from '../../src/http/logging';
import { seedDemo } from '../../src/modules/demo/seed';
import { createApiToken } from '../../src/modules/auth/service';
import { loginAs, type Session } from '../helpers/app';
import { BACKENDS, createTestContext, type TestContext } from '../helpers/context';

/** The app as `serve` builds it, logging at info level into memory. */
describe.each(BACKENDS)('request logs on %s', (backend) => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let session: Session;
  let token: string;
  const lines: string[] = [];
  const log = () => lines.join('');

  beforeAll(async () => {
    ctx = await createTestContext(backend, '2025-11-20T02:00:00Z');
    await seedDemo(ctx);
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    app = await buildApp({ ctx, loginRateLimit: 1000, logger: { level: 'info', stream } });
    app.get('/api/test/echo-headers', async (request) => {
      // A handler that logs headers (it should not, but if it does, the credentials are redacted).
      request.log.info({ headers: request.headers }, 'headers');
      return { ok: true };
    });
    app.get('/api/test/fail', async () => {
      throw new Error('duplicate key value violates unique constraint: Key (phone)=(13912345678) already exists');
    });
    await app.ready();
    session = await loginAs(app, 'sx.registrar');
    ({ token } = await createApiToken(ctx.db, { login: 'sx.registrar', name: 'log test' }, ctx.now()));
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('keeps no phone or ID number of a URL, no credentials and no body', async () => {
    const sessionValue = session.cookie.split('=')[1]!;
    const search = await app.inject({
      method: 'GET',
      url: '/api/v1/petitioners?q=13800001234',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(search.statusCode, search.body).toBe(200);
    await app.inject({ method: 'GET', url: `/api/v1/petitioners?q=${encodeURIComponent('14010519800315123X')}`, headers: { authorization: `Bearer ${token}` } });
    await app.inject({ method: 'GET', url: '/api/test/echo-headers', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, authorization: `Bearer ${token}` } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'sx.registrar', password: 'wrong-password-13800001234' } });
    const failed = await app.inject({ method: 'GET', url: '/api/test/fail?phone=13912345678' });
    expect(failed.statusCode).toBe(500);

    const text = log();
    // The requests were logged (so the test can fail), with the numbers masked …
    expect(text).toContain('/api/v1/petitioners?q=138****1234');
    expect(text).toContain('**************123X');
    expect(text).toContain('[redacted]');
    expect(text).toContain('unhandled error');
    // … and nothing of them in full.
    for (const secret of ['13800001234', '14010519800315123X', '13912345678', sessionValue, session.csrfToken, token, 'wrong-password']) {
      expect(text, secret).not.toContain(secret);
    }
  });

  it('writes readable lines to a terminal and JSON lines to a pipe, masked alike', async () => {
    const seen: string[] = [];
    const terminal = Object.assign(
      new Writable({
        write(chunk, _enc, done) {
          seen.push(String(chunk));
          done();
        },
      }),
      { isTTY: true },
    ) as unknown as NodeJS.WriteStream;
    expect(consoleLogStream(Object.assign(new Writable(), { isTTY: false }) as unknown as NodeJS.WriteStream, undefined)).toEqual({});
    expect(consoleLogStream(terminal, 'json')).toEqual({});
    const pretty = await buildApp({ ctx, loginRateLimit: 1000, logger: { level: 'info', ...consoleLogStream(terminal, undefined) } });
    await pretty.ready();
    try {
      const res = await pretty.inject({ method: 'GET', url: '/api/v1/petitioners?q=13800001234', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } });
      expect(res.statusCode).toBe(200);
    } finally {
      await pretty.close();
    }
    // eslint-disable-next-line no-control-regex
    const text = seen.join('').replace(/\u001b\[\d+m/g, '');
    expect(text).toMatch(/^\d{2}:\d{2}:\d{2} INFO {2}req-\w+ GET \/api\/v1\/petitioners\?q=138\*{4}1234$/m);
    expect(text).toMatch(/^\d{2}:\d{2}:\d{2} INFO {2}req-\w+ 200 \d+ ms$/m);
    expect(text).not.toContain('"level"');
    expect(text).not.toContain('13800001234');
  });
});
