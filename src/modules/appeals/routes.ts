import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { MatterState } from '../../domain/lifecycle';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { getMatterInScope } from '../matters/scope';
import { resolveAppealBody } from './service';

export const AppealBodyDto = z.object({
  stage: z.enum(['review', 'reReview']),
  stageLabel: z.string(),
  article: z.string(),
  from: z.object({ id: z.string(), name: z.string() }),
  candidates: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.string(),
      kindLabel: z.string(),
      relation: z.enum(['superior', 'higherCounterpart']),
      reasonZh: z.string(),
      isDefault: z.boolean(),
    }),
  ),
  defaultBodyId: z.string().nullable(),
  noteZh: z.string().nullable(),
});

/** 复查、复核机关 (Art. 35–36) as the org tree gives them, for staff recording a request. */
export const appealRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/matters/:id/appeal-body',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['matters'],
        summary: 'The review (复查) or re-review (复核) body of a matter: one level above the handling / review body, default first',
        description:
          'Art. 35: one level above the handling body; Art. 36: one level above the review body. A functional department has two: its own people’s government (the default, its parent in the org tree) and the department of its line one level up; each candidate says why. `requestReview` / `requestReReview` without a body id go to the default; a body that is not a candidate is refused. 409 when the matter has no handling (or review) body yet.',
        params: z.object({ id: z.string() }),
        querystring: z.object({ stage: z.enum(['review', 'reReview']).default('review') }),
        response: { 200: AppealBodyDto, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const row = await getMatterInScope(app.ctx.db, principalOf(request), request.params.id);
      return resolveAppealBody(app.ctx.db, row.state as MatterState, request.query.stage);
    },
  );
};
