import { and, asc, count, eq, ilike, inArray, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bodies, events, matterClocks, matters, users } from '../../db/schema';
import { addCalendarDays, chinaDateOf } from '../../domain/calendar';
import {
  ART31_ROUTE_ARTICLES,
  ART31_ROUTE_LABELS,
  ART31_ROUTES,
  PURPOSE_CLASS,
  PURPOSE_LABELS,
  PURPOSES,
  type CategoryNode,
} from '../../domain/classification';
import { REDIRECT_CHANNEL_LABELS, REDIRECT_CHANNELS, type Command, type MatterState } from '../../domain/lifecycle';
import { REDIRECT_KIND } from './prepare';
import { BODY_KIND_LABELS, BODY_KINDS, regionPrefix } from '../../domain/org';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse, IsoDateString } from '../../http/schemas';
import { XinfangError, notFound, validation } from '../../shared/errors';
import { appendEvents } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';
import { matterScope, getMatterInScope } from '../matters/scope';
import { actingBodyId, executeCommand } from '../matters/service';
import { ClassificationDto, Summary } from '../matters/routes';
import { classificationView, toSummaries } from '../matters/views';
import { modelInfo, suggestionsFor, trainModel } from '../routing/service';
import { commandBodyOf } from '../matters/schemas';
import { getSetting, putSetting } from '../settings/service';

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

type MatterRow = typeof matters.$inferSelect;

/** The acceptance office's queue: matters its bureau registered that wait for a routing decision or a return ruling. */
function queueCondition(p: StaffPrincipal, stage: 'undecided' | 'returns' | 'all'): SQL {
  const undecided = and(eq(matters.status, 'registered'), isNull(matters.responsibleBodyId))!;
  const returns = eq(matters.status, 'returnRequested');
  const waiting = stage === 'undecided' ? undecided : stage === 'returns' ? returns : or(undecided, returns)!;
  return and(eq(matters.registeringBodyId, actingBodyId(p)), waiting)!;
}

export const dispatchRoutes: FastifyPluginAsyncZod = async (app) => {
  const today = () => chinaDateOf(app.ctx.now());

  /** Queue and inbox rows: the summary, the classification, flags and pending requests; suggestions for the office. */
  async function queueItems(rows: MatterRow[], opts: { suggestions: boolean }) {
    const [summaries, tree, suggestions] = await Promise.all([
      toSummaries(app.ctx.db, rows, today(), app.ctx.calendar.calendar, app.ctx.timeLimits),
      getSetting(app.ctx.db, 'categoryTree'),
      opts.suggestions ? suggestionsFor(app.ctx.db, rows.filter((r) => r.status === 'registered')) : null,
    ]);
    return rows.map((row, i) => {
      const state = row.state as MatterState;
      return {
        ...summaries[i]!,
        category: row.category,
        classification: classificationView(state, tree),
        flags: row.flags,
        registrationQuery: state.registrationQuery ?? null,
        returnRequest: state.returnRequest,
        dispatch: state.dispatch,
        dispatchedOn: state.dispatchedOn,
        suggestions: suggestions?.byMatter.get(row.id) ?? [],
      };
    });
  }

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
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(QueueItem), total: z.number(), modelVersion: z.number().nullable() }) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const qs = request.query;
      const conditions: SQL[] = [matterScope(p), queueCondition(p, qs.stage)];
      if (qs.regionCode) conditions.push(sql`${matters.regionCode} LIKE ${`${regionPrefix(qs.regionCode)}%`}`);
      if (qs.channel) conditions.push(eq(matters.channel, qs.channel));
      if (qs.purpose) conditions.push(eq(matters.purpose, qs.purpose));
      if (qs.category) conditions.push(sql`${matters.categoryPath} @> ARRAY[${qs.category}]::text[]`);
      if (qs.unclassified === 'true') conditions.push(isNull(matters.purpose));
      if (qs.flag === 'sentBack') conditions.push(sql`${matters.state}->'registrationQuery' IS NOT NULL AND ${matters.state}->'registrationQuery' <> 'null'::jsonb`);
      else if (qs.flag) conditions.push(sql`${matters.flags} @> ARRAY[${qs.flag}]::text[]`);
      if (qs.q) conditions.push(or(ilike(matters.title, `%${qs.q}%`), ilike(matters.number, `%${qs.q}%`))!);
      // Urgency: the running dispatch (or, for a return, acceptance-notice) clock's due date.
      const dueOn = sql<string>`(SELECT min(${matterClocks.dueOn}) FROM ${matterClocks} WHERE ${matterClocks.matterId} = ${matters.id}
        AND ${matterClocks.kind} = 'deadline' AND ${matterClocks.stoppedOn} IS NULL)`;
      if (qs.daysLeftMax !== undefined) conditions.push(sql`${dueOn} <= ${addCalendarDays(today(), qs.daysLeftMax)}`);
      const where = and(...conditions);
      const [total] = await app.ctx.db.select({ n: count() }).from(matters).where(where);
      const rows = await app.ctx.db
        .select()
        .from(matters)
        .where(where)
        .orderBy(sql`${dueOn} ASC NULLS LAST`, asc(matters.receivedOn), asc(matters.number))
        .limit(qs.pageSize)
        .offset((qs.page - 1) * qs.pageSize);
      const items = await queueItems(rows, { suggestions: true });
      const info = await modelInfo(app.ctx.db);
      return { items, total: total?.n ?? 0, modelVersion: info?.version ?? null };
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
    async (request) => {
      const p = principalOf(request);
      const { matterIds, command } = request.body;
      const results = [];
      for (const matterId of [...new Set(matterIds)]) {
        try {
          const resolved = await resolveBulkCommand(p, matterId, command as Command);
          const applied = await executeCommand(app.ctx, p, matterId, resolved);
          results.push({ matterId, ok: true, command: resolved.type, toBodyId: 'toBodyId' in resolved ? resolved.toBodyId : null, documents: applied.documents, error: null });
        } catch (err) {
          if (!(err instanceof XinfangError)) throw err;
          const d = (err.details ?? {}) as { reason?: string; article?: string | null; instead?: { command: string; channel: string; bodyKind: string | null } };
          results.push({
            matterId,
            ok: false,
            command: command.type,
            toBodyId: null,
            documents: [],
            error: { code: err.code, messageZh: err.messageZh, message: err.message, reason: d.reason ?? null, article: d.article ?? null, instead: d.instead ?? null },
          });
        }
      }
      return { results, succeeded: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
    },
  );

  /** `topSuggestion` → the matter's first suggestion; a redirect suggestion turns the command into a redirect. */
  async function resolveBulkCommand(p: StaffPrincipal, matterId: string, command: Command): Promise<Command> {
    if (!('toBodyId' in command) || command.toBodyId !== 'topSuggestion') return command;
    const row = await getMatterInScope(app.ctx.db, p, matterId);
    const top = (await suggestionsFor(app.ctx.db, [row])).byMatter.get(row.id)?.[0];
    if (!top) throw new XinfangError('VALIDATION', '该事项没有分办建议，请逐件选择接收单位', 'no routing suggestion for this matter');
    if (top.action === 'redirect') {
      const channel = top.bodyKind === 'disciplineBody' ? 'discipline' : 'legalAffairs';
      return { type: 'redirect', channel, toBodyId: top.bodyId, ...(command.on ? { on: command.on } : {}), reason: '按分办建议导入' };
    }
    return { ...command, toBodyId: top.bodyId } as Command;
  }

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
    async (request) => {
      const row = await getMatterInScope(app.ctx.db, principalOf(request), request.params.id);
      const { modelVersion, byMatter } = await suggestionsFor(app.ctx.db, [row]);
      return { modelVersion, suggestions: byMatter.get(row.id) ?? [] };
    },
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
    async (request) => {
      const p = principalOf(request);
      const { stage, page, pageSize } = request.query;
      const body = actingBodyId(p);
      const statuses =
        stage === 'toAccept' ? ['registered', 'dispatched', 'returnRequested'] : stage === 'handling' ? ['accepted', 'replied', 'evaluated'] : null;
      const where =
        stage === 'supervised'
          ? sql`${matters.state} #>> '{supervision,targetBodyId}' = ${body} AND ${matters.state} #>> '{supervision,reply}' IS NULL`
          : stage === 'appeals'
            ? or(and(eq(matters.reviewBodyId, body), eq(matters.status, 'review')), and(eq(matters.reReviewBodyId, body), eq(matters.status, 'reReview')))
            : and(eq(matters.responsibleBodyId, body), statuses ? inArray(matters.status, statuses) : undefined);
      const dueOn = sql`(SELECT min(${matterClocks.dueOn}) FROM ${matterClocks} WHERE ${matterClocks.matterId} = ${matters.id}
        AND ${matterClocks.stoppedOn} IS NULL)`;
      const [total] = await app.ctx.db.select({ n: count() }).from(matters).where(where);
      const rows = await app.ctx.db
        .select()
        .from(matters)
        .where(where)
        .orderBy(sql`${dueOn} ASC NULLS LAST`, asc(matters.number))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      const items = await queueItems(rows, { suggestions: false });
      return { items, total: total?.n ?? 0 };
    },
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
      const { q, kind, regionCode, targets, limit } = request.query;
      const conditions: SQL[] = [eq(bodies.active, true)];
      if (targets === 'true') conditions.push(notInArray(bodies.kind, ['petitionBureau', 'registrationDesk', 'acceptanceOffice', 'supervisionOffice']));
      if (q) conditions.push(ilike(bodies.name, `%${q}%`));
      if (kind) conditions.push(eq(bodies.kind, kind));
      if (regionCode) conditions.push(sql`${bodies.regionCode} LIKE ${`${regionPrefix(regionCode)}%`}`);
      const rows = await app.ctx.db
        .select({ id: bodies.id, name: bodies.name, kind: bodies.kind, level: bodies.level, regionCode: bodies.regionCode })
        .from(bodies)
        .where(and(...conditions))
        .orderBy(asc(bodies.regionCode), asc(bodies.name))
        .limit(limit);
      return { items: rows.map((b) => ({ ...b, kindLabel: BODY_KIND_LABELS[b.kind] })) };
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
    async (request) => {
      const { regionCode } = request.query;
      const rows = await app.ctx.db
        .select({ id: bodies.id, name: bodies.name, level: bodies.level, regionCode: bodies.regionCode, competence: bodies.competence })
        .from(bodies)
        .where(and(eq(bodies.active, true), eq(bodies.kind, 'department'), regionCode ? sql`${bodies.regionCode} LIKE ${`${regionPrefix(regionCode)}%`}` : undefined))
        .orderBy(asc(bodies.regionCode), asc(bodies.name));
      return { items: rows.map((r) => ({ ...r, competence: r.competence ?? [] })) };
    },
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
    async (request) => {
      const p = principalOf(request);
      const { competence } = request.body;
      const names = new Set<string>();
      const walk = (nodes: readonly CategoryNode[]) => nodes.forEach((n) => (names.add(n.name), n.children && walk(n.children)));
      walk(await getSetting(app.ctx.db, 'categoryTree'));
      const unknown = competence.filter((c) => !names.has(c));
      if (unknown.length) throw validation([{ field: 'competence', messageZh: `内容分类「${unknown.join('、')}」不在分类体系中`, message: 'unknown category names' }]);
      const now = app.ctx.now();
      return app.ctx.db.transaction(async (tx) => {
        const [row] = await tx.update(bodies).set({ competence }).where(eq(bodies.id, request.params.id)).returning({ id: bodies.id, competence: bodies.competence });
        if (!row) throw notFound('body', '单位');
        await appendEvents(tx, [
          { entityType: 'body', entityId: row.id, type: 'body.competenceChanged', onDate: chinaDateOf(now), occurredAt: now, actorUserId: p.userId, actorBodyId: p.body.id, actorRoles: p.roles, payload: { competence } },
        ]);
        return { id: row.id, competence: row.competence ?? [] };
      });
    },
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
    async () => ({
      purposes: PURPOSES.map((code) => ({ code, label: PURPOSE_LABELS[code], needsArt31Route: PURPOSE_CLASS[code] === 'grievance' })),
      art31Routes: ART31_ROUTES.map((code) => ({ code, label: ART31_ROUTE_LABELS[code], article: ART31_ROUTE_ARTICLES[code] })),
      categories: await getSetting(app.ctx.db, 'categoryTree'),
      redirectChannels: REDIRECT_CHANNELS.map((code) => ({ code, label: REDIRECT_CHANNEL_LABELS[code], bodyKind: REDIRECT_KIND[code] })),
    }),
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
    async (request) => {
      const p = principalOf(request);
      const { from, to } = request.query;
      const bureau = actingBodyId(p);
      // The office is the acting user's own body: the bureau's offices act in its name, so the event's body is the bureau.
      const rows = await app.ctx.db
        .select({ bodyId: bodies.id, name: bodies.name, type: events.type, n: count() })
        .from(events)
        .innerJoin(users, eq(users.id, events.actorUserId))
        .innerJoin(bodies, eq(bodies.id, users.bodyId))
        .where(
          and(
            eq(events.entityType, 'matter'),
            inArray(events.type, ['registrationSentBack', 'dispatchFlagged', 'returnUpheld']),
            eq(events.actorBodyId, bureau),
            sql`${events.onDate} BETWEEN ${from} AND ${to}`,
          ),
        )
        .groupBy(bodies.id, bodies.name, events.type);
      const offices = new Map<string, { bodyId: string; name: string; registrationsSentBack: number; dispatchesFlagged: number; returnsUpheld: number }>();
      for (const r of rows) {
        const o = offices.get(r.bodyId) ?? { bodyId: r.bodyId, name: r.name, registrationsSentBack: 0, dispatchesFlagged: 0, returnsUpheld: 0 };
        if (r.type === 'registrationSentBack') o.registrationsSentBack += r.n;
        else if (r.type === 'dispatchFlagged') o.dispatchesFlagged += r.n;
        else o.returnsUpheld += r.n;
        offices.set(r.bodyId, o);
      }
      return { offices: [...offices.values()] };
    },
  );
};
