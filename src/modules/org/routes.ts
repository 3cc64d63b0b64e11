import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { setBodyAbbreviation } from './abbreviations';
import { createBody, findRegions, listAdminBodies, setBodyActive, updateBody } from './bodies';
import { AdminBody, BodyChanges, NewBody, RegionItem, RegionQuery } from './schemas';

const Abbreviation = z.object({
  id: z.string(),
  name: z.string(),
  abbreviation: z.string().nullable().describe('the 机关代字 configured for the body; null: derived from its name'),
  prefix: z.string().describe('what its document numbers begin with: the configured 代字 or the derived one'),
});

/**
 * The organisation's administration: 机构管理 (the administrator's bodies, every change an event on the body) and a
 * body's 机关代字 alone (the field document numbers need). The competence table's own route stays in dispatch.
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

  const admin = requirePermission('admin.manage');

  app.get(
    '/admin/bodies',
    {
      preHandler: admin,
      schema: { tags: ['org'], summary: '机构管理: every body with its region, parent, competence, remit, 机关代字, active flag and active accounts', response: { 200: z.object({ items: z.array(AdminBody) }) } },
    },
    async () => ({ items: await listAdminBodies(app.ctx.db) }),
  );

  app.post(
    '/admin/bodies',
    {
      preHandler: admin,
      schema: {
        tags: ['org'],
        summary: 'Create a body: its level is its region’s, its parent an active body whose region contains it; code and 机关代字 are unique',
        body: NewBody,
        response: { 201: AdminBody, 400: ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await createBody(app.ctx, principalOf(request), request.body)),
  );

  app.patch(
    '/admin/bodies/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['org'],
        summary: 'Change a body’s name, kind, parent, competence, remit or 机关代字 (code, region and level stay); the event lists each change',
        params: z.object({ id: z.string().uuid() }),
        body: BodyChanges,
        response: { 200: AdminBody, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => updateBody(app.ctx, principalOf(request), request.params.id, request.body),
  );

  app.put(
    '/admin/bodies/:id/active',
    {
      preHandler: admin,
      schema: {
        tags: ['org'],
        summary: 'Deactivate (refused while it has active accounts or active bodies under it) or reactivate a body',
        params: z.object({ id: z.string().uuid() }),
        body: z.object({ active: z.boolean() }),
        response: { 200: AdminBody, 404: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => setBodyActive(app.ctx, principalOf(request), request.params.id, request.body.active),
  );

  app.get(
    '/admin/regions',
    {
      preHandler: admin,
      schema: {
        tags: ['org'],
        summary: 'Regions (GB/T 2260) for choosing a body’s region: the top level, the children of one, or those matching a name or code',
        querystring: RegionQuery,
        response: { 200: z.object({ items: z.array(RegionItem) }) },
      },
    },
    async (request) => ({ items: await findRegions(app.ctx.db, request.query) }),
  );
};
