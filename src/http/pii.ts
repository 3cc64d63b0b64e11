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
    /**
     * The route returns only text administrators wrote for the bureau's documents (文书模板: the office's own contact
     * number): free text is not redacted, or a template read and saved back would lose its phone number. Identity
     * fields are still masked.
     */
    adminAuthoredText?: boolean;
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
      const config = request.routeOptions.config as { adminAuthoredText?: boolean } | undefined;
      const readsPii = config?.adminAuthoredText === true || (request.principal?.permissions.has('petitioner.pii.read') ?? false);
      return maskPersonalData(payload, { readsPii });
    });
  },
  { name: 'xinfang-pii', dependencies: ['xinfang-auth'] },
);
