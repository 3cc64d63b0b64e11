import { and, count, desc, eq, exists, ilike, lt, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { matterClocks, matters } from '../../db/schema';
import { chinaDateOf, addCalendarDays } from '../../domain/calendar';
import { APPEAL_DISPOSITIONS, CLOCK_STATUSES, MATTER_STATUSES, POSITIONS, STATUS_LABELS, allowedCommands, type Command, type MatterState } from '../../domain/lifecycle';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { commandTable } from './command-docs';
import { CommandRequest } from './schemas';
import { getMatterInScope, matterScope } from './scope';
import { actorOf, executeCommand } from './service';
import { clocksOf, eventsOf, splitSiblings, toDetail, toSummaries } from './views';

const ClockDto = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(['deadline', 'window']),
  from: z.string(),
  due: z.string(),
  unit: z.enum(['days', 'workingDays']),
  amount: z.number(),
  rule: z.object({ text: z.string(), article: z.string() }),
  provisional: z.boolean(),
  status: z.enum(CLOCK_STATUSES),
  statusLabel: z.string(),
  stoppedOn: z.string().nullable(),
  daysLeft: z.number().nullable(),
});
const Ref = z.object({ id: z.string(), name: z.string() });
export const ClassificationDto = z
  .object({
    purpose: z.string(),
    purposeLabel: z.string(),
    categoryPath: z.array(z.string()),
    categoryNames: z.array(z.string()),
    art31Route: z.string().nullable(),
    art31RouteLabel: z.string().nullable(),
  })
  .nullable();
export const SupervisionDto = z
  .object({
    openedOn: z.string(),
    by: Ref,
    target: Ref,
    method: z.string(),
    methodLabel: z.string(),
    letterKind: z.string().nullable(),
    letterLabel: z.string().nullable(),
    reason: z.string(),
    replyDueOn: z.string(),
    listed: z.boolean(),
    listedDueOn: z.string().nullable(),
    reply: z.object({ on: z.string(), summary: z.string() }).nullable(),
    rounds: z.number(),
    escalatedTo: z.array(z.string()),
  })
  .nullable();
export const Summary = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  channel: z.string(),
  channelLabel: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  responsibleBody: Ref.nullable(),
  receivedOn: z.string(),
  nextClock: ClockDto.nullable(),
});
const HearingPlanDto = z
  .object({
    heldOn: z.string(),
    rescheduled: z.array(z.object({ from: z.string(), on: z.string(), reason: z.string() })).optional(),
    time: z.string().nullable(),
    place: z.string(),
    presidingOfficer: z.string(),
    officers: z.array(z.object({ name: z.string(), affiliation: z.string().nullable(), proposedBy: z.string(), proposedByLabel: z.string() })),
    participants: z.array(z.object({ name: z.string(), role: z.string(), roleLabel: z.string() })),
    closedReason: z.string().nullable(),
  })
  .nullable();
const HearingsDto = z.object({
  current: z.object({ startedOn: z.string(), plan: HearingPlanDto }).nullable(),
  held: z.array(
    z.object({
      startedOn: z.string(),
      endedOn: z.string(),
      plan: HearingPlanDto,
      outcome: z.object({ record: z.string(), conclusion: z.string().nullable(), petitionerAttended: z.boolean().nullable(), withdrawn: z.boolean() }).nullable(),
    }),
  ),
  publication: z.object({ on: z.string(), text: z.string() }).nullable(),
});

const AppealRequestDto = z.object({ on: z.string(), reasons: z.string().nullable(), body: Ref.nullable() }).nullable();

const Detail = Summary.extend({
  content: z.string(),
  respondent: z.string().nullable(),
  place: z.string().nullable(),
  category: z.string().nullable(),
  petitioners: z.array(z.object({ id: z.string(), name: z.string(), namesAsGiven: z.array(z.string()).describe('other names the petitions gave under this ID number'), idNumberMasked: z.string().nullable(), phoneMasked: z.string().nullable(), isRepresentative: z.boolean() })),
  petitions: z.array(
    z.object({ id: z.string(), number: z.string(), channel: z.string(), channelLabel: z.string(), receivedOn: z.string(), relation: z.string(), relationLabel: z.string(), source: z.string() }),
  ),
  procedure: z.string().nullable(),
  procedureLabel: z.string().nullable(),
  registeringBody: Ref,
  facts: z.object({ firstPetition: z.boolean(), collective: z.boolean(), referredByHigherLevel: z.boolean() }),
  /** 人数: the head count of the largest petition on the matter (people who came or signed; 1 for one person). */
  peopleCount: z.number(),
  /** 分诉求: the other matters registered from the same petition; one out of the caller's scope shows its number only. */
  splitWith: z.array(z.object({ id: z.string(), number: z.string(), title: z.string().nullable(), statusLabel: z.string().nullable(), petitionId: z.string(), petitionNumber: z.string(), visible: z.boolean() })),
  classification: ClassificationDto,
  supervision: SupervisionDto,
  workspace: z.object({
    investigations: z.array(z.object({ kind: z.string(), kindLabel: z.string(), on: z.string(), summary: z.string(), participants: z.string().nullable(), by: z.string(), byName: z.string() })),
    agreements: z.array(z.object({ kind: z.string(), kindLabel: z.string(), on: z.string(), summary: z.string(), parties: z.string().nullable(), by: z.string(), byName: z.string() })),
    caseLeader: z.object({ name: z.string(), title: z.string().nullable(), on: z.string() }).nullable(),
    checklist: z.array(z.object({ key: z.string(), labelZh: z.string(), done: z.boolean(), on: z.string().nullable(), byName: z.string().nullable(), note: z.string().nullable() })),
  }),
  opinionDraft: z
    .object({
      outcome: z.string(),
      outcomeLabel: z.string(),
      summary: z.string(),
      request: z.string().nullable(),
      facts: z.string().nullable(),
      legalBasis: z.string().nullable(),
      draftedOn: z.string(),
      draftedBy: Ref,
      chain: z.array(z.object({ key: z.string(), labelZh: z.string(), position: z.enum(POSITIONS).nullable() })),
      signatures: z.array(z.object({ step: z.string(), stepLabel: z.string(), signer: Ref, positionLabel: z.string().nullable(), on: z.string(), comment: z.string().nullable() })),
      next: z.object({ key: z.string(), labelZh: z.string(), position: z.enum(POSITIONS).nullable() }).nullable(),
      disposition: z.enum(APPEAL_DISPOSITIONS).nullable().describe('under appeal: 维持 / 撤销 / 变更 of the opinion under review'),
      dispositionLabel: z.string().nullable(),
      supersededByHearingOn: z.string().nullable().describe('the hearing record this draft predates (Art. 36 ¶2): draft it again before signing on or issuing'),
    })
    .nullable(),
  appeal: z.object({
    reviewRequest: AppealRequestDto.describe('复查请求: when, to which body, the petitioner’s reasons'),
    reReviewRequest: AppealRequestDto.describe('复核请求'),
    underReview: z
      .object({ noun: z.string(), outcome: z.string(), outcomeLabel: z.string(), on: z.string(), body: Ref.nullable() })
      .nullable()
      .describe('the opinion the current review / re-review disposes of'),
  }),
  /** 申请延期 awaiting a head's decision (Art. 34). */
  extensionRequest: z.object({ on: z.string(), days: z.number(), reason: z.string(), requestedBy: Ref }).nullable(),
  hearings: HearingsDto,
  /** 办结报告退回重办 times. */
  completionReportReturns: z.number(),
  flags: z.array(z.string()),
});
const MatterPage = z.object({
  matter: Detail,
  clocks: z.array(ClockDto),
  events: z.array(
    z.object({
      seq: z.number(),
      type: z.string(),
      label: z.string(),
      on: z.string(),
      occurredAt: z.string(),
      actor: Ref,
      body: Ref,
      summary: z.string(),
      payload: z.record(z.string(), z.unknown()),
    }),
  ),
  allowedActions: z.array(z.object({ type: z.string(), labelZh: z.string() })),
});

export const matterRoutes: FastifyPluginAsyncZod = async (app) => {
  const today = () => chinaDateOf(app.ctx.now());

  async function matterPage(id: string, principal: ReturnType<typeof principalOf>) {
    const row = await getMatterInScope(app.ctx.db, principal, id);
    const cal = app.ctx.calendar.calendar;
    const state = row.state as MatterState;
    return {
      matter: { ...(await toDetail(app.ctx.db, row, today(), cal, app.ctx.timeLimits)), splitWith: await splitSiblings(app.ctx.db, row.id, matterScope(principal)) },
      clocks: clocksOf(row, today(), cal, app.ctx.timeLimits),
      events: await eventsOf(app.ctx.db, row.id),
      allowedActions: allowedCommands(state, actorOf(principal), { now: app.ctx.now(), calendar: cal, config: app.ctx.timeLimits }),
    };
  }

  app.get(
    '/matters',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['matters'],
        summary: 'Matters in the caller’s scope, newest first',
        querystring: z.object({
          status: z.enum(MATTER_STATUSES).optional(),
          q: z.string().max(100).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: z.object({ items: z.array(Summary), total: z.number() }) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const { status, q, overdue, page, pageSize } = request.query;
      const conditions = [matterScope(p)];
      if (status) conditions.push(eq(matters.status, status));
      if (q) {
        const pattern = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
        // A run of digits long enough to be part of a phone or an ID number searches the matter numbers only for a
        // caller without petitioner.pii.read: titles would tell them whether someone wrote that number.
        const numbersOnly = /\d{7,}/.test(q) && !p.permissions.has('petitioner.pii.read');
        conditions.push(numbersOnly ? ilike(matters.number, pattern) : or(ilike(matters.title, pattern), ilike(matters.number, pattern))!);
      }
      if (overdue === 'true') {
        conditions.push(
          exists(
            app.ctx.db
              .select({ one: sql`1` })
              .from(matterClocks)
              .where(
                and(
                  eq(matterClocks.matterId, matters.id),
                  eq(matterClocks.kind, 'deadline'),
                  isNull(matterClocks.stoppedOn),
                  eq(matterClocks.paused, false),
                  lt(matterClocks.dueOn, today()),
                ),
              ),
          ),
        );
      }
      const where = and(...conditions);
      const [total] = await app.ctx.db.select({ n: count() }).from(matters).where(where);
      const rows = await app.ctx.db
        .select()
        .from(matters)
        .where(where)
        .orderBy(desc(matters.receivedOn), desc(matters.number))
        .limit(pageSize)
        .offset((page - 1) * pageSize);
      return { items: await toSummaries(app.ctx.db, rows, today(), app.ctx.calendar.calendar, app.ctx.timeLimits), total: total?.n ?? 0 };
    },
  );

  app.get(
    '/matters/:id',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['matters'],
        summary: 'A matter with its live time limits, its event timeline and the actions the caller may take now',
        params: z.object({ id: z.string() }),
        response: { 200: MatterPage, 404: ErrorResponse },
      },
    },
    async (request) => matterPage(request.params.id, principalOf(request)),
  );

  app.post(
    '/matters/:id/commands',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['matters'],
        summary: 'Run a lifecycle command (forward, assign, accept, reply, …); refused with the reason when not allowed',
        description: `Who may run each command, in which status and within which time limit is decided by the lifecycle guards (docs/lifecycle.md); a refusal names its reason and article. Forward, assign, accept, reject and redirect also issue their notice or letter (GET /matters/:id/documents).\n\n${commandTable()}`,
        params: z.object({ id: z.string() }),
        body: CommandRequest,
        response: { 200: MatterPage, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => {
      const p = principalOf(request);
      // The shape is checked (src/modules/matters/schemas.ts); what the service fills in, it fills in (prepareCommand).
      await executeCommand(app.ctx, p, request.params.id, request.body as Command);
      return matterPage(request.params.id, p);
    },
  );

  app.get(
    '/dashboard',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['matters'],
        summary: 'Counts for the caller’s scope: open, overdue, due within 3 days, and by status',
        response: {
          200: z.object({
            counts: z.object({ open: z.number(), overdue: z.number(), dueSoon: z.number() }),
            byStatus: z.array(z.object({ status: z.string(), statusLabel: z.string(), count: z.number() })),
          }),
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const scope = matterScope(p);
      const t = today();
      const closed = ['concluded', 'terminated', 'rejected', 'redirected'];
      const byStatus = await app.ctx.db.select({ status: matters.status, n: count() }).from(matters).where(scope).groupBy(matters.status);
      const clockCount = async (cond: ReturnType<typeof and>) => {
        const [r] = await app.ctx.db
          .select({ n: sql<number>`count(DISTINCT ${matters.id})::int` })
          .from(matters)
          .innerJoin(matterClocks, eq(matterClocks.matterId, matters.id))
          .where(and(scope, eq(matterClocks.kind, 'deadline'), isNull(matterClocks.stoppedOn), eq(matterClocks.paused, false), cond));
        return Number(r?.n ?? 0);
      };
      return {
        counts: {
          open: byStatus.filter((s) => !closed.includes(s.status)).reduce((a, s) => a + s.n, 0),
          overdue: await clockCount(lt(matterClocks.dueOn, t)),
          dueSoon: await clockCount(and(sql`${matterClocks.dueOn} >= ${t}`, sql`${matterClocks.dueOn} <= ${addCalendarDays(t, 3)}`)),
        },
        byStatus: byStatus.map((s) => ({ status: s.status, statusLabel: STATUS_LABELS[s.status as keyof typeof STATUS_LABELS] ?? s.status, count: s.n })),
      };
    },
  );
};
