import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../src/http/app';
import { seedDemo } from '../../src/modules/demo/seed';
import { DEMO_PASSWORD } from '../../src/modules/org/demo-data';
import { createTestContext, type Backend, type TestContext } from './context';

export interface TestApp {
  ctx: TestContext;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The whole HTTP app on a fresh database with the demo province seeded; requests go through `app.inject`. */
export async function createTestApp(backend: Backend, startAt?: string, options: Omit<BuildAppOptions, 'ctx'> = {}): Promise<TestApp> {
  const ctx = await createTestContext(backend, startAt);
  await seedDemo(ctx);
  const app = await buildApp({ ctx, loginRateLimit: 1000, ...options });
  await app.ready();
  return {
    ctx,
    app,
    close: async () => {
      await app.close();
      await ctx.close();
    },
  };
}

/** A logged-in browser: carries the session cookie and the CSRF token. */
export interface Session {
  cookie: string;
  csrfToken: string;
  user: { id: string; login: string; permissions: string[]; body: { id: string; name: string } };
}

export async function loginAs(app: FastifyInstance, login: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password } });
  if (res.statusCode !== 200) throw new Error(`login ${login} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'xf_session');
  return { cookie: `xf_session=${cookie!.value}`, ...res.json() };
}

type InjectOpts = { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; payload?: object };

/** A request as that logged-in user would send it from the browser (cookie + CSRF header). */
export function requestAs(app: FastifyInstance, session: Session, opts: InjectOpts): Promise<LightMyRequestResponse> {
  return app.inject({
    method: opts.method ?? 'GET',
    url: opts.url,
    payload: opts.payload,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
  });
}

/** The three people of the default sign-off chain (seed 003) of a demo body. */
export const SIGNERS = {
  '140105-zjj': { handler: 'xd.zjj.handler', leader: 'xd.zjj.leader', principal: 'xd.zjj.principal' },
  'ty-zjj': { handler: 'ty.zjj.handler', leader: 'ty.zjj.leader', principal: 'ty.zjj.principal' },
  '140106-zjj': { handler: 'yz.zjj.handler', leader: 'yz.zjj.leader', principal: 'yz.zjj.principal' },
  '140105-gov': { handler: 'xd.gov.handler', leader: 'xd.gov.leader', principal: 'xd.gov.principal' },
  'ty-gov': { handler: 'ty.gov.handler', leader: 'ty.gov.leader', principal: 'ty.gov.principal' },
} as const;

/**
 * 出具处理意见 as the statute and seed 003 have it over HTTP: the handler drafts and signs, the leader in charge and the
 * principal leader sign, the handler issues (`reply`, or under appeal `issueReviewOpinion` / `issueReReviewOpinion`
 * with their fields in `issue`). Returns the matter page after it.
 */
export async function replyWithSignOff(
  app: FastifyInstance,
  matterId: string,
  opinion: { outcome: 'support' | 'explain' | 'notSupport'; summary: string; facts?: string; legalBasis?: string; disposition?: 'uphold' | 'revoke' | 'modify' },
  signers: { handler: string; leader: string; principal: string },
  issue: { type: 'reply' | 'issueReviewOpinion' | 'issueReReviewOpinion'; deliveredOn?: string } = { type: 'reply' },
): Promise<{ matter: { status: string }; [k: string]: unknown }> {
  const url = `/api/v1/matters/${matterId}/commands`;
  const run = async (login: string, payload: object) => {
    const res = await requestAs(app, await loginAs(app, login), { method: 'POST', url, payload });
    if (res.statusCode !== 200) throw new Error(`${(payload as { type: string }).type} by ${login}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  await run(signers.handler, { type: 'draftOpinion', ...opinion });
  await run(signers.handler, { type: 'signOpinion' });
  await run(signers.leader, { type: 'signOpinion' });
  await run(signers.principal, { type: 'signOpinion' });
  return run(signers.handler, issue);
}
