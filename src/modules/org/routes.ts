import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { setBodyAbbreviation } from './abbreviations';

const Abbreviation = z.object({
  id: z.string(),
  name: z.string(),
  abbreviation: z.string().nullable().describe('the 机关代字 configured for the body; null: derived from its name'),
  prefix: z.string().describe('what its document numbers begin with: the configured 代字 or the derived one'),
});

/**
 * The organisation's administration that is not the acceptance office's (competence lives in dispatch): a body's
 * 机关代字. The full body administration is a later issue's; this is the one field document numbers need.
 */
export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/bodies/:id/abbreviation',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['org'],
        summary: 'Set a body’s 机关代字 (the prefix of its document numbers, e.g. 晋信); null returns to the one derived from its name',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ abbreviation: z.string().max(20).nullable() }),
        response: { 200: Abbreviation, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => setBodyAbbreviation(app.ctx.db, principalOf(request), { bodyId: request.params.id, abbreviation: request.body.abbreviation }, app.ctx.now()),
  );
};
