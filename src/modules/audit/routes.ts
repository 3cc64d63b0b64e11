import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { maskPersonalData } from '../../domain/identity';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse, IsoDateString } from '../../http/schemas';
import { listPiiAccess, piiAccessCsv } from './pii-access';
import { EVENT_ENTITY_TYPES, searchEvents } from './search';
import { verifyChain } from './verify';

const PiiAccess = z.object({
  id: z.number(),
  occurredAt: z.string(),
  actor: z.object({ id: z.string().nullable(), login: z.string().nullable(), name: z.string().nullable(), bodyName: z.string().nullable(), roles: z.array(z.string()) }),
  petitioner: z.object({ id: z.string(), name: z.string().nullable() }),
  purpose: z.string(),
  fields: z.array(z.string()),
  mergedFrom: z.array(z.string()),
  ip: z.string().nullable(),
});

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

  const PiiAccessQuery = z.object({
    from: IsoDateString.optional(),
    to: IsoDateString.optional(),
    actor: z.string().max(100).optional(),
    petitionerId: z.string().uuid().optional(),
  });

  app.get(
    '/pii-access',
    {
      preHandler: requirePermission('audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'Reads of petitioners’ personal data (个人信息查阅记录): who, when, whom, for what purpose; newest first',
        description:
          'Every unmasked read (GET /petitioners/:id/pii) is an event in the audit trail; this lists them for petitioners the caller’s body may see. Page with `before` = the previous page’s `nextBefore`. GET /audit/pii-access/export downloads them as CSV.',
        querystring: PiiAccessQuery.extend({
          before: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(PiiAccess), nextBefore: z.number().nullable() }), 400: ErrorResponse },
      },
    },
    async (request) => listPiiAccess(app.ctx.db, principalOf(request), request.query),
  );

  app.get(
    '/pii-access/export',
    {
      preHandler: requirePermission('audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'The same reads as CSV for Excel (UTF-8 with BOM), newest first, at most 10,000 rows',
        querystring: PiiAccessQuery,
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV'), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { items } = await listPiiAccess(app.ctx.db, p, { ...request.query, limit: 10_000 });
      // A string bypasses the serializer's masking hook (src/http/pii.ts): the rows are masked the same way first.
      const csv = piiAccessCsv(maskPersonalData(items, { readsPii: p.permissions.has('petitioner.pii.read') }));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="pii-access.csv"; filename*=UTF-8''${encodeURIComponent('个人信息查阅记录.csv')}`)
        .send(csv);
    },
  );

  app.get(
    '/events',
    {
      preHandler: requirePermission('audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'The audit trail (全程留痕) searched by entity, actor, date and event type; newest first',
        description:
          'Administrative entities (user, body, setting, calendar, import, system) are deployment-wide; a case’s events (matter, petition, petitioner, document) only of cases in the caller’s scope. Page with `before` = the previous page’s `nextBefore`. Personal data in payloads is masked like every answer.',
        querystring: z.object({
          entityType: z.enum(EVENT_ENTITY_TYPES).optional(),
          entityId: z.string().max(100).optional(),
          actor: z.string().max(100).optional().describe('a staff login'),
          from: IsoDateString.optional(),
          to: IsoDateString.optional(),
          type: z.string().max(100).optional().describe('an event type, or its start ending in a dot (user.)'),
          before: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                entityType: z.string(),
                entityId: z.string(),
                seq: z.number(),
                type: z.string(),
                onDate: z.string(),
                occurredAt: z.string(),
                actor: z.object({ id: z.string(), login: z.string().nullable(), name: z.string().nullable(), bodyName: z.string().nullable() }).nullable(),
                payload: z.unknown(),
                hash: z.string(),
              }),
            ),
            nextBefore: z.number().nullable(),
          }),
          400: ErrorResponse,
        },
      },
    },
    async (request) => searchEvents(app.ctx.db, principalOf(request), request.query),
  );
};
