import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requirePermission } from '../../http/auth';
import { verifyChain } from './verify';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/verify',
    {
      preHandler: requirePermission('audit.verify'),
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain of the audit trail; names the first broken event',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            firstBreak: z
              .object({ id: z.number(), entityType: z.string(), entityId: z.string(), seq: z.number(), type: z.string(), reason: z.string(), reasonZh: z.string() })
              .nullable(),
          }),
        },
      },
    },
    async () => verifyChain(app.ctx.db),
  );
};
