import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { maskPersonalData } from '../domain/identity';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route returns personal data unmasked on purpose and records every such read as an access event
     * (`GET /petitioners/:id/pii`). No other route may set it; the permissions test lists the ones that do.
     */
    revealsPii?: boolean;
  }
}

/**
 * Masking at the serializer: every JSON response of the API passes through `maskPersonalData` for the caller
 * (src/domain/identity/mask.ts), so no route can forget it and no view needs to know who reads. Identity fields are
 * masked for everyone; numbers in free text for callers without `petitioner.pii.read`, anonymous ones included (whoever
 * holds a portal query code is not necessarily the petitioner).
 */
export const piiPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('preSerialization', async (request, _reply, payload) => {
      if (!request.url.startsWith('/api/')) return payload;
      if ((request.routeOptions.config as { revealsPii?: boolean } | undefined)?.revealsPii === true) return payload;
      return maskPersonalData(payload, { readsPii: request.principal?.permissions.has('petitioner.pii.read') ?? false });
    });
  },
  { name: 'xinfang-pii', dependencies: ['xinfang-auth'] },
);
