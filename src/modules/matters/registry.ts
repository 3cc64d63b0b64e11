import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bodies, matters, regions } from '../../db/schema';
import type { MatterState } from '../../domain/lifecycle';
import { principalOf, requirePermission } from '../../http/auth';
import { matterScope } from './scope';

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
    async (request) => {
      const { q, page, pageSize } = request.query;
      const where = and(
        matterScope(principalOf(request)),
        eq(matters.status, 'terminated'),
        q ? sql`(${matters.number} ILIKE ${`%${q}%`} OR ${matters.title} ILIKE ${`%${q}%`})` : undefined,
      );
      const [total] = await app.ctx.db.select({ n: count() }).from(matters).where(where);
      const rows = await app.ctx.db
        .select()
        .from(matters)
        .where(where)
        .orderBy(desc(matters.updatedAt), asc(matters.number))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const states = rows.map((r) => r.state as MatterState);
      const bodyIds = [...new Set(states.map((s) => s.reReviewBodyId).filter((x): x is string => !!x))];
      const codes = [...new Set(rows.map((r) => r.regionCode))];
      const bodyName = new Map(bodyIds.length ? (await app.ctx.db.select({ id: bodies.id, name: bodies.name }).from(bodies).where(inArray(bodies.id, bodyIds))).map((b) => [b.id, b.name]) : []);
      const regionName = new Map(codes.length ? (await app.ctx.db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes))).map((r) => [r.code, r.name]) : []);
      return {
        total: total?.n ?? 0,
        items: rows.map((r, i) => {
          const s = states[i]!;
          return {
            id: r.id,
            number: r.number,
            title: r.title,
            regionName: regionName.get(r.regionCode) ?? r.regionCode,
            terminatedOn: s.reReviewOpinion?.on ?? null,
            reReviewBody: s.reReviewBodyId ? { id: s.reReviewBodyId, name: bodyName.get(s.reReviewBodyId) ?? '' } : null,
            laterPetitions: s.repeatPetitions,
            receptions: s.receptions,
          };
        }),
      };
    },
  );
};
