import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { z } from 'zod';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context';
import { notificationRoutes } from '../modules/notifications/routes';
import { appealRoutes } from '../modules/appeals/routes';
import { attachmentRoutes } from '../modules/attachments/routes';
import { authRoutes } from '../modules/auth/routes';
import { databaseRateLimitStore } from '../modules/auth/rate-limit-store';
import { adminAccountRoutes } from '../modules/auth/admin-routes';
import { calendarRoutes } from '../modules/calendar/routes';
import { dispatchRoutes } from '../modules/dispatch/routes';
import { documentRoutes } from '../modules/documents/routes';
import { matterRoutes } from '../modules/matters/routes';
import { supervisionRoutes } from '../modules/supervision/routes';
import { orgBulkRoutes } from '../modules/org/bulk-routes';
import { orgRoutes } from '../modules/org/routes';
import { refreshTimeLimits } from '../modules/settings/time-limits';
import { settingsRoutes } from '../modules/settings/routes';
import { registryRoutes } from '../modules/matters/registry';
import { petitionRoutes } from '../modules/petitions/routes';
import type { PortalLimits } from '../modules/portal/config';
import { portalRoutes } from '../modules/portal/routes';
import { auditRoutes } from '../modules/audit/routes';
import { monitoringRoutes } from '../modules/monitoring/routes';
import { authPlugin } from './auth';
import { piiPlugin } from './pii';
import { errorBody, frameworkErrorHandler, installErrorHandler } from './error-handler';
import { installInputGuard } from './input-guard';
import { installReadRouting } from './reads';
import { installHttpMetrics } from './metrics';
import { safeLoggerOptions } from './logging';
import { securityHeaders } from './security-headers';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** Every API route with the permission its route-level guard demands: reviewed as a whole in a test. */
    routePermissions: { method: string; url: string; permission: string; revealsPii: boolean }[];
  }
}

export interface BuildAppOptions {
  ctx: AppContext;
  logger?: FastifyServerOptions['logger'];
  /** The built web app (dist/web); served with a fallback to index.html for client-side routes. */
  webRoot?: string | null;
  /**
   * Whether X-Forwarded-For names the client (per-IP limits and audit IPs depend on it): only behind a proxy that
   * sets it. `true`, or the proxies' addresses, comma-separated (XINFANG_TRUST_PROXY).
   */
  trustProxy?: boolean | string;
  /** Login attempts per minute per IP. */
  loginRateLimit?: number;
  /** Overrides of the citizen portal's abuse limits (src/modules/portal/config.ts). */
  portalLimits?: Partial<PortalLimits>;
  /**
   * The bearer token /api/metrics demands (XINFANG_METRICS_TOKEN); without one it answers only direct requests from
   * this machine.
   */
  metricsToken?: string;
}

// Validation messages reach users as messageZh: let zod word them in Chinese.
z.config(z.locales.zhCN());

/** How stale another node's change of the time limits may be on this node. */
const TIME_LIMITS_RECHECK_MS = 5_000;

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: safeLoggerOptions(opts.logger ?? false),
    trustProxy: opts.trustProxy ?? false,
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('ctx', opts.ctx);
  const routePermissions: FastifyInstance['routePermissions'] = [];
  app.decorate('routePermissions', routePermissions);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const handlers = [route.preHandler].flat().filter(Boolean) as { permission?: string }[];
    const guard = handlers.find((h) => h.permission);
    const declared = guard?.permission;
    if (guard) {
      // Declared beside the handler, run at onRequest: a role lacking the permission is refused before its body is
      // parsed or validated, so a refusal reads the same (403 FORBIDDEN) whatever was sent, on every route.
      route.preHandler = handlers.filter((h) => h !== guard) as typeof route.preHandler;
      route.onRequest = [...[route.onRequest].flat().filter(Boolean), guard] as typeof route.onRequest;
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routePermissions.push({
        method,
        url: route.url,
        permission: declared ?? 'none (any logged-in user, or public)',
        revealsPii: (route.config as { revealsPii?: boolean } | undefined)?.revealsPii === true,
      });
    }
  });
  installErrorHandler(app);
  installInputGuard(app);
  // Time limits changed on another node (系统管理 → 办理时限) reach this one within seconds: one row read at most
  // every TIME_LIMITS_RECHECK_MS, and only a changed row replaces ctx.timeLimits.
  let limitsCheckedAt = 0;
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const t = Date.now();
    if (t - limitsCheckedAt < TIME_LIMITS_RECHECK_MS) return;
    limitsCheckedAt = t;
    await refreshTimeLimits(opts.ctx);
  });

  await securityHeaders(app);
  await app.register(cookie);
  // Counted in the database, so the limits hold across app nodes (src/modules/auth/rate-limit-store.ts).
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(opts.ctx) });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Xinfang API',
        description: '信访工作平台 API. Authenticate with the session cookie (browser) or `Authorization: Bearer <token>` (`xinfang token create`).',
        version: '1',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'xf_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // Named (recursive) schemas, e.g. CategoryNode, become components the routes' schemas refer to.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(authPlugin);
  await app.register(piiPlugin);
  installReadRouting(app);
  installHttpMetrics(app);

  await app.register(monitoringRoutes, { metricsToken: opts.metricsToken });
  await app.register(authRoutes, { prefix: '/api/v1/auth', loginRateLimit: opts.loginRateLimit ?? 20 });
  await app.register(adminAccountRoutes, { prefix: '/api/v1/admin', tokenDays: opts.ctx.tokenDays });
  await app.register(orgBulkRoutes, { prefix: '/api/v1/admin' });
  await app.register(matterRoutes, { prefix: '/api/v1' });
  await app.register(petitionRoutes, { prefix: '/api/v1' });
  await app.register(dispatchRoutes, { prefix: '/api/v1' });
  await app.register(appealRoutes, { prefix: '/api/v1' });
  await app.register(documentRoutes, { prefix: '/api/v1' });
  await app.register(supervisionRoutes, { prefix: '/api/v1' });
  await app.register(settingsRoutes, { prefix: '/api/v1' });
  await app.register(orgRoutes, { prefix: '/api/v1' });
  await app.register(registryRoutes, { prefix: '/api/v1' });
  await app.register(calendarRoutes, { prefix: '/api/v1/calendar' });
  await app.register(auditRoutes, { prefix: '/api/v1/audit' });
  await app.register(notificationRoutes, { prefix: '/api/v1' });
  await app.register(attachmentRoutes, { prefix: '/api/v1' });
  await app.register(portalRoutes, { prefix: '/api/v1/portal', limits: opts.portalLimits });

  const webRoot = opts.webRoot && existsSync(join(opts.webRoot, 'index.html')) ? opts.webRoot : null;
  if (webRoot) await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    // Client-side routes (/matters/…) load the app shell; unknown API paths stay JSON 404s.
    if (webRoot && request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply
      .status(404)
      .send(errorBody('NOT_FOUND', `接口不存在：${request.method} ${request.url}`, `no route ${request.method} ${request.url}`));
  });
  return app;
}
