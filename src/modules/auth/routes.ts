import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SESSION_COOKIE, principalOf } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { describePrincipal } from './principal';
import { login, logout } from './service';

const Me = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  roleLabels: z.array(z.string()),
  permissions: z.array(z.string()),
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
};
