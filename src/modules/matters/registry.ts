import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { events, matters } from '../../db/schema';
import type { MatterState } from '../../domain/lifecycle';
import { principalOf, requirePermission } from '../../http/auth';
import { bodyNames, regionNames } from '../org/names';
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
      const bodyName = await bodyNames(app.ctx.db, states.map((s) => s.reReviewBodyId));
      // Petitions since termination are the ones the engine refused again (repeats before it do not count).
      const ids = rows.map((r) => r.id);
      const refused = ids.length
        ? await app.ctx.db
            .select({ matterId: events.entityId, n: count() })
            .from(events)
            .where(and(eq(events.entityType, 'matter'), inArray(events.entityId, ids), sql`${events.payload} ->> 'refusedAgain' = 'true'`))
            .groupBy(events.entityId)
        : [];
      const laterPetitions = new Map(refused.map((r) => [r.matterId, r.n]));
      const regionName = await regionNames(app.ctx.db, rows.map((r) => r.regionCode));
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
            laterPetitions: laterPetitions.get(r.id) ?? 0,
            receptions: s.receptions,
          };
        }),
      };
    },
  );
};
