import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { APPEAL_DISPOSITIONS, MATTER_STATUSES, POSITIONS, type Command } from '../../domain/lifecycle';
import { principalOf, requirePermission } from '../../http/auth';
import { routedRead } from '../../http/reads';
import { ErrorResponse, keysetPage } from '../../http/schemas';
import { listMatters, matterDashboard, matterPage } from './queries';
import { ClassificationDto, ClockDto, CommandRequest, Ref, Summary, SupervisionDto, commandTable } from './schemas';
import { executeCommand } from './service';

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
  app.get(
    '/matters',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['matters'],
        summary: 'Matters in the caller’s scope, newest first, a page at a time (keyset: `cursor`)',
        querystring: z.object({
          status: z.enum(MATTER_STATUSES).optional(),
          q: z.string().max(100).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          cursor: z.string().max(200).optional().describe('where the previous page ended: its `nextCursor`'),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: keysetPage(Summary),
          400: ErrorResponse,
        },
      },
    },
    async (request) => routedRead(request, (ctx) => listMatters(ctx, principalOf(request), { ...request.query, overdue: request.query.overdue === 'true' })),
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
    async (request) => matterPage(app.ctx, principalOf(request), request.params.id),
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
      return matterPage(app.ctx, p, request.params.id);
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
    async (request) => routedRead(request, (ctx) => matterDashboard(ctx, principalOf(request))),
  );
};
