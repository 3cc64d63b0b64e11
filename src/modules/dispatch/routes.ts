import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PURPOSES, type CategoryNode } from '../../domain/classification';
import type { Command } from '../../domain/lifecycle';
import { BODY_KINDS } from '../../domain/org';
import { principalOf, requirePermission } from '../../http/auth';
import { routedRead } from '../../http/reads';
import { ErrorResponse, IsoDateString, keysetPage } from '../../http/schemas';
import { ClassificationDto, Summary, commandBodyOf } from '../matters/schemas';
import { modelInfo, trainModel } from '../routing/service';
import { getSetting, putSetting } from '../settings/service';
import { classificationCatalogue, competenceTable, inbox, listBodies, matterRouting, mutualSupervision, triageQueue } from './queries';
import { bulkTriage, setCompetence } from './service';

const SuggestionDto = z.object({
  bodyId: z.string(),
  bodyName: z.string(),
  bodyKind: z.string(),
  action: z.enum(['dispatch', 'redirect']),
  confidence: z.number(),
  source: z.enum(['competence', 'model', 'both']),
  reasons: z.array(z.string()),
});
const QueueItem = Summary.extend({
  category: z.string().nullable(),
  classification: ClassificationDto,
  flags: z.array(z.string()),
  registrationQuery: z.object({ on: z.string(), reason: z.string() }).nullable(),
  returnRequest: z.object({ on: z.string(), reason: z.string() }).nullable(),
  dispatch: z.string().nullable(),
  /** The day the responsible body received it by forward or assignment (its own clocks count from it). */
  dispatchedOn: z.string().nullable(),
  suggestions: z.array(SuggestionDto),
});

/** The routing decisions, typed as on POST /matters/:id/commands (`toBodyId` may also be `topSuggestion`). */
const BulkCommand = commandBodyOf(['classify', 'forward', 'assign', 'retain', 'reject', 'redirect', 'upholdReturn', 'dismissReturn', 'accept']);

/**
 * A node of the content-category tree. Recursive, so it is named once (module scope: the registry keeps one entry) and
 * the OpenAPI document refers to it as a component (#/components/schemas/CategoryNode).
 */
const CategoryNodeSchema: z.ZodType<CategoryNode> = z
  .lazy(() => z.object({ code: z.string(), name: z.string(), children: z.array(CategoryNodeSchema).optional() }))
  .meta({ id: 'CategoryNode' });

export const dispatchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/triage/queue',
    {
      preHandler: requirePermission('matter.dispatch'),
      schema: {
        tags: ['dispatch'],
        summary: 'The acceptance office’s queue (分诊台): registered matters awaiting routing and return requests, most urgent first',
        description: 'Each item carries its dispatch clock (15 days, Art. 22), classification, screening flags and the top three routing suggestions.',
        querystring: z.object({
          stage: z.enum(['undecided', 'returns', 'all']).default('all'),
          regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(),
          channel: z.string().optional(),
          purpose: z.enum(PURPOSES).optional(),
          category: z.string().optional(),
          unclassified: z.enum(['true', 'false']).optional(),
          flag: z.enum(['levelSkipping', 'terminated', 'sentBack']).optional(),
          daysLeftMax: z.coerce.number().int().min(-3650).max(3650).optional(),
          q: z.string().max(100).optional(),
          cursor: z.string().max(300).optional().describe('where the previous page ended: its `nextCursor`'),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: keysetPage(QueueItem).extend({ modelVersion: z.number().nullable() }),
          400: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { unclassified, ...filter } = request.query;
      return routedRead(request, (ctx) => triageQueue(ctx, principalOf(request), { ...filter, unclassified: unclassified === 'true' }));
    },
  );

  app.post(
    '/triage/bulk',
    {
      preHandler: requirePermission('matter.dispatch'),
      schema: {
        tags: ['dispatch'],
        summary: 'One decision for many matters (bulk triage); each matter succeeds or fails on its own',
        description:
          'For forward / assign / redirect, `toBodyId: "topSuggestion"` sends each matter to its own first routing suggestion (a redirect suggestion becomes a redirect to that body’s channel). Every matter gets its own event, clock changes and document.',
        body: z.object({ matterIds: z.array(z.string().uuid()).min(1).max(200), command: BulkCommand }),
        response: {
          200: z.object({
            results: z.array(
              z.object({
                matterId: z.string(),
                ok: z.boolean(),
                command: z.string().nullable(),
                toBodyId: z.string().nullable(),
                documents: z.array(z.object({ id: z.string(), number: z.string(), kind: z.string() })),
                /**
                 * Why this matter was refused: `reason` is the lifecycle's refusal code (NOT_CLASSIFIED,
                 * OTHER_STATUTORY_PROCEDURE…) with its `article`, and `instead` the step to take where one is named.
                 */
                error: z
                  .object({
                    code: z.string(),
                    messageZh: z.string(),
                    message: z.string(),
                    reason: z.string().nullable(),
                    article: z.string().nullable(),
                    instead: z.object({ command: z.string(), channel: z.string(), bodyKind: z.string().nullable() }).nullable(),
                  })
                  .nullable(),
              }),
            ),
            succeeded: z.number(),
            failed: z.number(),
          }),
        },
      },
    },
    async (request) => bulkTriage(app.ctx, principalOf(request), request.body.matterIds, request.body.command as Command),
  );

  app.get(
    '/matters/:id/routing',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['dispatch'],
        summary: 'Routing suggestions for one matter: top three bodies with confidence and reasons',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ modelVersion: z.number().nullable(), suggestions: z.array(SuggestionDto) }), 404: ErrorResponse },
      },
    },
    async (request) => matterRouting(app.ctx.db, principalOf(request), request.params.id),
  );

  app.get(
    '/inbox',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['dispatch'],
        summary: 'The receiving body’s inbox: matters forwarded, assigned or kept for it, with their clocks',
        querystring: z.object({
          /**
           * supervised: matters whose open supervision (督办) awaits this body's reply; appeals: review and re-review
           * requests (复查, 复核) this body decides as the level above (Art. 35, 36).
           */
          stage: z.enum(['toAccept', 'handling', 'supervised', 'appeals', 'all']).default('toAccept'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(50),
        }),
        response: { 200: z.object({ items: z.array(QueueItem), total: z.number() }) },
      },
    },
    async (request) => routedRead(request, (ctx) => inbox(ctx, principalOf(request), request.query)),
  );

  app.get(
    '/bodies',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['dispatch'],
        summary: 'Bodies to choose from (dispatch targets, legal-affairs and discipline bodies), by name, kind or region',
        querystring: z.object({
          q: z.string().max(50).optional(),
          kind: z.enum(BODY_KINDS).optional(),
          regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(),
          /** Only bodies a matter may be sent to: not a petition bureau nor its offices. */
          targets: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), kindLabel: z.string(), level: z.string(), regionCode: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const { targets, ...filter } = request.query;
      return { items: await listBodies(app.ctx.db, { ...filter, targets: targets === 'true' }) };
    },
  );

  app.get(
    '/competence',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['dispatch'],
        summary: 'The competence table (职能管辖表): the content categories each department is competent for, by region level',
        querystring: z.object({ regionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional() }),
        response: {
          200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), level: z.string(), regionCode: z.string(), competence: z.array(z.string()) })) }),
        },
      },
    },
    async (request) => ({ items: await competenceTable(app.ctx.db, request.query.regionCode) }),
  );

  app.put(
    '/bodies/:id/competence',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['dispatch'],
        summary: 'Set the content categories a body is competent for (names of the category tree, any level)',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ competence: z.array(z.string().min(1).max(50)).max(50) }),
        response: { 200: z.object({ id: z.string(), competence: z.array(z.string()) }), 404: ErrorResponse, 400: ErrorResponse },
      },
    },
    async (request) => setCompetence(app.ctx, principalOf(request), request.params.id, request.body.competence),
  );

  app.get(
    '/classification',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['dispatch'],
        summary: 'Purposes, Art. 31 routes and the content-category tree in force',
        response: {
          200: z.object({
            purposes: z.array(z.object({ code: z.string(), label: z.string(), needsArt31Route: z.boolean() })),
            art31Routes: z.array(z.object({ code: z.string(), label: z.string(), article: z.string() })),
            categories: z.array(CategoryNodeSchema),
            redirectChannels: z.array(z.object({ code: z.string(), label: z.string(), bodyKind: z.string().nullable() })),
          }),
        },
      },
    },
    async () => classificationCatalogue(app.ctx.db),
  );

  app.put(
    '/classification/categories',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['dispatch'],
        summary: 'Replace the content-category tree (at most three levels; codes stable once used)',
        body: z.array(CategoryNodeSchema),
        response: { 200: z.array(z.any()), 422: ErrorResponse },
      },
    },
    async (request) => putSetting(app.ctx, principalOf(request), 'categoryTree', request.body),
  );

  const ReasonSchema = z.object({ code: z.string(), label: z.string(), article: z.string(), noticeText: z.string(), advice: z.string().nullable().optional() });
  app.get(
    '/rejection-reasons',
    {
      preHandler: requirePermission('matter.read'),
      schema: { tags: ['dispatch'], summary: 'Grounds for not accepting a matter, each citing its provision', response: { 200: z.array(ReasonSchema) } },
    },
    async () => getSetting(app.ctx.db, 'rejectionReasons'),
  );
  app.put(
    '/rejection-reasons',
    {
      preHandler: requirePermission('admin.manage'),
      schema: { tags: ['dispatch'], summary: 'Replace the list of rejection grounds', body: z.array(ReasonSchema), response: { 200: z.array(ReasonSchema), 422: ErrorResponse } },
    },
    async (request) => putSetting(app.ctx, principalOf(request), 'rejectionReasons', request.body),
  );

  /** Held-out accuracy on the newest 20% of decisions; null when there were too few. */
  const Evaluation = z.object({ top1: z.number(), top3: z.number(), n: z.number() }).nullable();
  const ModelInfo = z.object({ version: z.number(), trainedAt: z.string(), examples: z.number(), evaluation: Evaluation }).nullable();
  app.get(
    '/routing/model',
    { preHandler: requirePermission('matter.dispatch'), schema: { tags: ['dispatch'], summary: 'The routing model in use and its held-out accuracy', response: { 200: ModelInfo } } },
    async () => modelInfo(app.ctx.db),
  );
  app.post(
    '/routing/model/train',
    {
      preHandler: requirePermission('matter.dispatch'),
      schema: {
        tags: ['dispatch'],
        summary: 'Retrain the routing model on every past routing decision (overrides included); measured on the newest 20% first',
        response: { 200: z.object({ version: z.number(), examples: z.number(), evaluation: Evaluation, trainedAt: z.string() }) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      return trainModel(app.ctx, { userId: p.userId, bodyId: p.body.id });
    },
  );

  app.get(
    '/triage/mutual-supervision',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['dispatch'],
        summary: 'Mutual supervision (互相监督) counts per office: registrations sent back, dispatches flagged, returns upheld',
        querystring: z.object({ from: IsoDateString, to: IsoDateString }),
        response: {
          200: z.object({
            offices: z.array(z.object({ bodyId: z.string(), name: z.string(), registrationsSentBack: z.number(), dispatchesFlagged: z.number(), returnsUpheld: z.number() })),
          }),
        },
      },
    },
    async (request) => ({ offices: await routedRead(request, (ctx) => mutualSupervision(ctx.db, principalOf(request), request.query.from, request.query.to)) }),
  );
};
