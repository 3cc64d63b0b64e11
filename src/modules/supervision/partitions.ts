import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { setSupervisedBodies, setSupervisedRegions, supervisionPartitions } from './service';

const Region = z.object({ code: z.string(), name: z.string() });
const BodyRef = z.object({ id: z.string(), name: z.string() });

/**
 * 督查分区: which regions each supervision office of the administrator's bureau watches (the verbs are in
 * ./service.ts).
 */
export const partitionRoutes: FastifyPluginAsyncZod = async (app) => {
  const Response = z.object({
    bureau: z.object({ id: z.string(), name: z.string(), regionCode: z.string() }),
    offices: z.array(z.object({ id: z.string(), name: z.string(), regions: z.array(Region), bodies: z.array(BodyRef) })),
    regions: z.array(Region),
    unassigned: z.array(Region),
    levelBodies: z.array(BodyRef).describe('the bodies of the bureau’s own region (省直, 中直驻晋): offices take them by body, not by region'),
    unassignedBodies: z.array(BodyRef),
  });

  app.get(
    '/supervision/partitions',
    {
      preHandler: requirePermission('admin.manage'),
      schema: { tags: ['supervision'], summary: 'The supervision offices of the caller’s bureau and the regions each watches (督查分区)', response: { 200: Response } },
    },
    async (request) => supervisionPartitions(app.ctx, principalOf(request)),
  );

  app.put(
    '/supervision/partitions/:officeId',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['supervision'],
        summary: 'Set the regions a supervision office of the caller’s bureau watches; overlaps with another office and regions outside the bureau are refused',
        params: z.object({ officeId: z.string().uuid() }),
        body: z.object({ regionCodes: z.array(z.string().regex(/^\d{6}$/)).max(200) }),
        response: { 200: Response, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const p = principalOf(request);
      await setSupervisedRegions(app.ctx, p, request.params.officeId, request.body.regionCodes);
      return supervisionPartitions(app.ctx, p);
    },
  );

  app.put(
    '/supervision/partitions/:officeId/bodies',
    {
      preHandler: requirePermission('admin.manage'),
      schema: {
        tags: ['supervision'],
        summary: 'Set the bodies of the bureau’s own level (省直, 中直驻晋) a supervision office supervises, wherever their matters are; a body held by another office is refused',
        params: z.object({ officeId: z.string().uuid() }),
        body: z.object({ bodyIds: z.array(z.string().uuid()).max(500) }),
        response: { 200: Response, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const p = principalOf(request);
      await setSupervisedBodies(app.ctx, p, request.params.officeId, request.body.bodyIds);
      return supervisionPartitions(app.ctx, p);
    },
  );
};
