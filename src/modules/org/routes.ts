import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bodies } from '../../db/schema';
import { chinaDateOf } from '../../domain/calendar';
import { abbreviationProblem, issuerPrefix } from '../../domain/documents';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';

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
    async (request) => {
      const p = principalOf(request);
      const value = request.body.abbreviation?.trim() || null;
      const problem = value === null ? null : abbreviationProblem(value);
      if (problem) throw validation([{ field: 'abbreviation', messageZh: problem, message: 'an abbreviation is 1–8 Chinese characters' }]);
      const now = app.ctx.now();
      return app.ctx.db.transaction(async (tx) => {
        const [before] = await tx.select({ name: bodies.name, abbreviation: bodies.abbreviation }).from(bodies).where(eq(bodies.id, request.params.id));
        if (!before) throw notFound('body', '单位');
        if (value !== null) {
          // Two bodies with one 代字 would issue documents under the same numbers.
          const [holder] = await tx.select({ name: bodies.name }).from(bodies).where(and(eq(bodies.abbreviation, value), ne(bodies.id, request.params.id))).limit(1);
          if (holder) throw validation([{ field: 'abbreviation', messageZh: `机关代字「${value}」已由${holder.name}使用`, message: 'the abbreviation is taken by another body' }]);
        }
        await tx.update(bodies).set({ abbreviation: value }).where(eq(bodies.id, request.params.id));
        await appendEvents(tx, [
          {
            entityType: 'body',
            entityId: request.params.id,
            type: 'body.abbreviationChanged',
            onDate: chinaDateOf(now),
            occurredAt: now,
            actorUserId: p.userId,
            actorBodyId: p.body.id,
            actorRoles: p.roles,
            payload: { before: before.abbreviation, after: value },
          },
        ]);
        return { id: request.params.id, name: before.name, abbreviation: value, prefix: issuerPrefix(before.name, value) };
      });
    },
  );
};
