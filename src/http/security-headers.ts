import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every response: the staff workbench, the citizen portal (both the built web app,
 * dist/web) and the API docs (/api/docs, Swagger UI) all load their scripts from their own origin as files, never
 * inline (Vite emits `<script type="module" src>` and modulepreload links; @fastify/swagger-ui serves its initializer
 * as a file), so scripts need no 'unsafe-inline' and no 'unsafe-eval'. Styles do: antd and Swagger UI set inline
 * styles and antd injects <style> elements at run time. Nothing is loaded from another origin (the platform runs in
 * closed networks); images and fonts may be data: URLs (icons), and blob: covers downloads made in the browser.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Two years; sent only over TLS (RFC 6797 §7.2: a browser ignores it over plain HTTP, and it must not pin a plain-HTTP install). */
export const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * Security headers on every response (@fastify/helmet): the CSP above, X-Frame-Options DENY and frame-ancestors
 * 'none' (no page of the platform may be framed: clickjacking), X-Content-Type-Options nosniff, Referrer-Policy
 * no-referrer (URLs carry matter ids and searches), Cross-Origin-Opener/Resource-Policy same-origin. HSTS only when
 * the request came over TLS, as Fastify sees it (`request.protocol`: the connection, or X-Forwarded-Proto from a
 * trusted proxy, XINFANG_TRUST_PROXY). Routes may set a stricter CSP of their own (attachment downloads do).
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}
