import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { PERMISSION_LABELS, type Permission } from '../domain/org';
import { resolveApiToken, resolveSession } from '../modules/auth/service';
import type { StaffPrincipal } from '../modules/auth/principal';
import { XinfangError, forbidden } from '../shared/errors';

export const SESSION_COOKIE = 'xf_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without logging in. */
    public?: boolean;
  }
  interface FastifyRequest {
    principal: StaffPrincipal | null;
    csrfToken: string | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** All a session of a user who must change their password (after an administrator's reset) may call. */
export const PASSWORD_CHANGE_ROUTES = new Set(['/api/v1/auth/me', '/api/v1/auth/password', '/api/v1/auth/logout']);

/**
 * Resolves who is calling: a session cookie (browser) or `Authorization: Bearer` (integrations). Cookie-based
 * requests that change something must echo the session's CSRF token in `x-csrf-token`; bearer requests carry no
 * ambient credential and need none.
 */
export const authPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('csrfToken', null);
    app.addHook('onRequest', async (request) => {
      if (!request.url.startsWith('/api/')) return;
      // /api/health and /api/metrics act for nobody: a metrics token is not an API token, and a load balancer's
      // check costs no session lookup.
      if ((request.routeOptions.config as { ownCredentials?: boolean } | undefined)?.ownCredentials) return;
      const now = app.ctx.now();
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        const principal = await resolveApiToken(app.ctx.db, header.slice(7).trim(), now);
        if (!principal) throw new XinfangError('UNAUTHENTICATED', '访问令牌无效、已过期或已吊销', 'invalid, expired or revoked API token');
        request.principal = principal;
        return;
      }
      const token = request.cookies[SESSION_COOKIE];
      const session = token ? await resolveSession(app.ctx.db, token, now) : null;
      const isPublic = (request.routeOptions.config as { public?: boolean } | undefined)?.public === true;
      if (!session) {
        // Everything under /api/v1 needs a caller, except routes marked public (login, logout, the citizen portal);
        // checked before validation so an anonymous request learns nothing about a route's input.
        if (request.url.startsWith('/api/v1/') && !isPublic) {
          throw new XinfangError('UNAUTHENTICATED', '请先登录', 'authentication required');
        }
        return;
      }
      request.principal = session.principal;
      request.csrfToken = session.csrfToken;
      // A public route acts for nobody in particular (a citizen on the portal), so a staff cookie that happens to be
      // in the same browser grants it nothing a forged request could abuse.
      if (!isPublic && !SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
        throw new XinfangError('CSRF', '页面已过期，请刷新后重试（CSRF 校验失败）', 'missing or wrong x-csrf-token header');
      }
      // A temporary password set by an administrator opens only the way to a password of the user's own.
      if (session.principal.mustChangePassword && !isPublic && !PASSWORD_CHANGE_ROUTES.has(request.routeOptions.url ?? '')) {
        throw new XinfangError(
          'PASSWORD_CHANGE_REQUIRED',
          '管理员已重置您的密码，请先修改密码后再继续操作',
          'the password was reset by an administrator: change it before doing anything else',
        );
      }
    });
  },
  { name: 'xinfang-auth', dependencies: ['@fastify/cookie'] },
);

export function principalOf(request: FastifyRequest): StaffPrincipal {
  if (!request.principal) throw new XinfangError('UNAUTHENTICATED', '请先登录', 'authentication required');
  return request.principal;
}

/** Route-level check of the coarse permission; scope (which matters) is checked again inside each verb. */
export function requirePermission(permission: Permission) {
  const guard = async (request: FastifyRequest, _reply: FastifyReply) => {
    const principal = principalOf(request);
    if (!principal.permissions.has(permission)) throw forbidden(permission, PERMISSION_LABELS[permission]);
  };
  return Object.assign(guard, { permission });
}
