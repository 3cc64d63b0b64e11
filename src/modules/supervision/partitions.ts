import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bodies, regions } from '../../db/schema';
import { chinaDateOf } from '../../domain/calendar';
import { partitionProblems, unassignedRegions, type OfficePartition } from '../../domain/supervision';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import { actingBodyId } from '../matters/service';
import { regionNames } from '../org/names';

const Region = z.object({ code: z.string(), name: z.string() });

/**
 * 督查分区: which regions each supervision office of the administrator's bureau watches. The principal's scope is
 * read from the office on every request, so a change applies to the next page an office opens.
 */
export const partitionRoutes: FastifyPluginAsyncZod = async (app) => {
  async function partitionsOf(bureauId: string) {
    const [bureau] = await app.ctx.db.select().from(bodies).where(eq(bodies.id, bureauId));
    if (!bureau) throw notFound('body', '单位');
    const offices = await app.ctx.db
      .select({ id: bodies.id, name: bodies.name, supervisedRegionCodes: bodies.supervisedRegionCodes })
      .from(bodies)
      .where(and(eq(bodies.parentId, bureauId), eq(bodies.kind, 'supervisionOffice'), eq(bodies.active, true)))
      .orderBy(asc(bodies.code));
    const children = await app.ctx.db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, bureau.regionCode)).orderBy(asc(regions.code));
    return { bureau, offices: offices.map((o): OfficePartition => ({ officeId: o.id, officeName: o.name, regionCodes: o.supervisedRegionCodes ?? [] })), children };
  }

  async function namesOf(codes: string[]) {
    const names = await regionNames(app.ctx.db, codes);
    return codes.map((code) => ({ code, name: names.get(code) ?? code }));
  }

  const Response = z.object({
    bureau: z.object({ id: z.string(), name: z.string(), regionCode: z.string() }),
    offices: z.array(z.object({ id: z.string(), name: z.string(), regions: z.array(Region) })),
    regions: z.array(Region),
    unassigned: z.array(Region),
  });

  async function view(bureauId: string) {
    const { bureau, offices, children } = await partitionsOf(bureauId);
    return {
      bureau: { id: bureau.id, name: bureau.name, regionCode: bureau.regionCode },
      offices: await Promise.all(offices.map(async (o) => ({ id: o.officeId, name: o.officeName, regions: await namesOf([...o.regionCodes]) }))),
      regions: children,
      unassigned: await namesOf(unassignedRegions(children.map((c) => c.code), offices)),
    };
  }

  app.get(
    '/supervision/partitions',
    {
      preHandler: requirePermission('admin.manage'),
      schema: { tags: ['supervision'], summary: 'The supervision offices of the caller’s bureau and the regions each watches (督查分区)', response: { 200: Response } },
    },
    async (request) => view(actingBodyId(principalOf(request))),
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
      const bureauId = actingBodyId(p);
      const { bureau, offices } = await partitionsOf(bureauId);
      const office = offices.find((o) => o.officeId === request.params.officeId);
      if (!office) throw notFound('supervisionOffice', '本局督查督办机构');
      const codes = [...new Set(request.body.regionCodes)];
      const knownRows = codes.length ? await app.ctx.db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes)) : [];
      const known = new Set(knownRows.map((r) => r.code));
      const problems = partitionProblems(codes, bureau.regionCode, offices.filter((o) => o !== office), (c) => known.has(c));
      if (problems.length) throw validation(problems.map((x) => ({ field: 'regionCodes', messageZh: x.messageZh, message: x.message })));
      const now = app.ctx.now();
      await app.ctx.db.transaction(async (tx) => {
        await tx.update(bodies).set({ supervisedRegionCodes: codes }).where(eq(bodies.id, office.officeId));
        await appendEvents(tx, [
          {
            entityType: 'body',
            entityId: office.officeId,
            type: 'body.supervisedRegionsChanged',
            onDate: chinaDateOf(now),
            occurredAt: now,
            actorUserId: p.userId,
            actorBodyId: p.body.id,
            actorRoles: p.roles,
            payload: { before: office.regionCodes, after: codes },
          },
        ]);
      });
      return view(bureauId);
    },
  );
};
