import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { routedRead } from '../../http/reads';
import { terminatedRegistry } from './queries';

/**
 * 复杂疑难信访事项备案库 (seed 000): matters that completed the statutory roadmap (依法终结, Art. 36 ¶3). They are not
 * accepted again, not ranked, not supervised; staff still receive the petitioners and record the help given
 * (`recordReception`, Art. 37 ¶3). This is the list a reception desk opens when such a petitioner comes back.
 */
export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/registry/terminated',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['matters'],
        summary: 'The terminated registry (复杂疑难信访事项备案库) in the caller’s scope: matters concluded after re-review, with later petitions and receptions',
        querystring: z.object({
          q: z.string().max(100).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(50),
        }),
        response: {
          200: z.object({
            total: z.number(),
            items: z.array(
              z.object({
                id: z.string(),
                number: z.string(),
                title: z.string(),
                regionName: z.string(),
                /** When the re-review opinion was issued (null for a matter imported already terminated). */
                terminatedOn: z.string().nullable(),
                reReviewBody: z.object({ id: z.string(), name: z.string() }).nullable(),
                /** Petitions on it since: registered (信访必登) and refused again. */
                laterPetitions: z.number(),
                receptions: z.number(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => routedRead(request, (ctx) => terminatedRegistry(ctx, principalOf(request), request.query)),
  );
};
