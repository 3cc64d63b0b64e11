import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SESSION_COOKIE, principalOf } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { describePrincipal } from './principal';
import { changeOwnPassword, endOwnSessions, listOwnSessions } from './accounts';
import { login, logout } from './service';

const SessionItem = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

const Me = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  roleLabels: z.array(z.string()),
  /** 职务 in the body: the sign-off slot the user signs. */
  position: z.string().nullable(),
  positionLabel: z.string().nullable(),
  permissions: z.array(z.string()),
  /** After an administrator's reset: the app shows only the change-password screen until it is done. */
  mustChangePassword: z.boolean(),
  body: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    kindLabel: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
  }),
});
const SessionResponse = z.object({ user: Me, csrfToken: z.string() });

export const authRoutes: FastifyPluginAsyncZod<{ loginRateLimit: number }> = async (app, opts) => {
  app.post(
    '/login',
    {
      config: { public: true, rateLimit: { max: opts.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with login and password; sets the httpOnly session cookie',
        body: z.object({ login: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: SessionResponse, 401: ErrorResponse, 423: ErrorResponse },
      },
    },
    async (request, reply) => {
      const result = await login(
        app.ctx.db,
        { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] },
        app.ctx.now(),
      );
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        expires: result.expiresAt,
      });
      return { user: describePrincipal(result.principal), csrfToken: result.csrfToken };
    },
  );

  app.post('/logout', { config: { public: true }, schema: { tags: ['auth'], summary: 'End the session' } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await logout(app.ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get(
    '/me',
    { schema: { tags: ['auth'], summary: 'The logged-in user, their body, roles and permissions', response: { 200: SessionResponse, 401: ErrorResponse } } },
    async (request) => {
      const principal = principalOf(request);
      return { user: describePrincipal(principal), csrfToken: request.csrfToken ?? '' };
    },
  );

  app.post(
    '/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change one’s own password (current + new); every other session of the user ends',
        body: z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().min(1).max(500) }),
        response: { 200: z.object({ sessionsEnded: z.number().int() }), 400: ErrorResponse, 423: ErrorResponse },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return changeOwnPassword(
        app.ctx.db,
        p,
        { ...request.body, ip: request.ip, sessionToken: p.via === 'session' ? (request.cookies[SESSION_COOKIE] ?? null) : null },
        app.ctx.now(),
      );
    },
  );

  app.get(
    '/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'The caller’s live sessions (browser logins); `current` is the one asking',
        response: { 200: z.object({ items: z.array(SessionItem) }) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const items = await listOwnSessions(app.ctx.db, p, p.via === 'session' ? (request.cookies[SESSION_COOKIE] ?? null) : null, app.ctx.now());
      return { items: items.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString() })) };
    },
  );

  app.delete(
    '/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'End one of the caller’s sessions',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ ended: z.number().int() }), 404: ErrorResponse },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return endOwnSessions(app.ctx.db, p, { id: request.params.id, sessionToken: request.cookies[SESSION_COOKIE] ?? null }, app.ctx.now());
    },
  );

  app.delete(
    '/sessions',
    {
      schema: { tags: ['auth'], summary: 'End every session of the caller except the current one', response: { 200: z.object({ ended: z.number().int() }) } },
    },
    async (request) => {
      const p = principalOf(request);
      return endOwnSessions(app.ctx.db, p, { sessionToken: p.via === 'session' ? (request.cookies[SESSION_COOKIE] ?? null) : null }, app.ctx.now());
    },
  );
};
