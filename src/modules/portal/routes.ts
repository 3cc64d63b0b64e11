import type { FastifyError, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorResponse } from '../../http/schemas';
import { XinfangError } from '../../shared/errors';
import { ATTACHMENT_LIMITS } from '../attachments/config';
import { acceptAttachmentUploads, receiveUploads } from '../attachments/routes';
import { docxHeaders } from '../documents/docx';
import { PORTAL_LIMITS, type PortalLimits } from './config';
import { QueryLockout } from './lockout';
import { actOnMatter } from './act';
import { petitionerDocument, queryPetition } from './query';
import { publishedOpinions } from './publications';
import { regionTree, type PortalRegionTree } from './regions';
import {
  AppealRequestBody,
  CitizenViewDto,
  EvaluationBody,
  MatterNumberParams,
  PortalUploads,
  PublishedOpinionsDto,
  PublishedOpinionsQuery,
  QueryBody,
  Receipt,
  RegionTree,
  SubmissionBody,
} from './schemas';
import { submitPetition } from './submit';

/**
 * The citizen portal (网上信访), mounted at /api/v1/portal: the only public plugin besides login. Every route is
 * `config.public` (no staff login) and rate-limited per IP; the limits are in ./config.ts. What a petitioner does on a
 * matter (evaluation, review and re-review requests) authenticates like the progress view and shares its lockout.
 */
export interface PortalOptions {
  limits?: Partial<PortalLimits>;
}

const REGIONS_TTL_MS = 10 * 60_000;

export const portalRoutes: FastifyPluginAsyncZod<PortalOptions> = async (app, opts) => {
  const limits: PortalLimits = { ...PORTAL_LIMITS, ...opts.limits };
  const lockout = new QueryLockout(app.ctx.db, limits.queryFailuresBeforeLock, limits.queryLockMinutes * 60_000);
  const byIp = (request: FastifyRequest) => request.ip;

  // A citizen should learn why in their language; everything else goes on to the root error handler.
  app.setErrorHandler((err: FastifyError, _request, _reply) => {
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      throw new XinfangError('TOO_LARGE', '提交内容过长，请精简文字后重试（材料请作为附件上传）', 'request body too large');
    }
    throw err;
  });

  let regionCache: { at: number; value: PortalRegionTree } | null = null;
  app.get(
    '/regions',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: byIp } },
      schema: {
        tags: ['portal'],
        summary: 'Cities and counties for the portal’s region picker (问题发生地)',
        security: [],
        response: { 200: RegionTree },
      },
    },
    async (_request, reply) => {
      const now = Date.now();
      if (!regionCache || now - regionCache.at > REGIONS_TTL_MS) regionCache = { at: now, value: await regionTree(app.ctx.db) };
      reply.header('cache-control', 'public, max-age=600');
      return regionCache.value;
    },
  );

  app.get(
    '/published-opinions',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: byIp } },
      schema: {
        tags: ['portal'],
        summary: 'Re-review opinions published after a hearing (复核意见公示, Art. 36 ¶2), newest first; no personal data',
        security: [],
        querystring: PublishedOpinionsQuery,
        response: { 200: PublishedOpinionsDto },
      },
    },
    async (request, reply) => {
      const { page, pageSize } = request.query;
      reply.header('cache-control', 'public, max-age=300');
      return publishedOpinions(app.ctx.db, { limit: pageSize, offset: (page - 1) * pageSize });
    },
  );

  app.post(
    '/petitions',
    {
      bodyLimit: limits.submissionBodyBytes,
      config: { public: true, rateLimit: { max: limits.submissionsPerIpPerHour, timeWindow: '1 hour', keyGenerator: byIp } },
      schema: {
        tags: ['portal'],
        summary: 'Submit a petition under real name (网上信访); registered like any other, answered with its number and a query code',
        description: `Art. 19: name, address, request, facts and reasons; \`truthful\` must be true (Art. 19 ¶2). Problems come all at once in \`details.problems\` (field names as in this body). Limits: ${limits.submissionsPerIpPerHour} per IP per hour, ${limits.submissionsPerIdPerDay} per ID number per day (429). The query code is returned once. A \`submissionKey\` seen before (the same form sent twice) is refused with 409 (\`details.reason\` \`ALREADY_SUBMITTED\`, \`details.number\`).`,
        security: [],
        body: SubmissionBody,
        response: { 201: Receipt, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 413: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const receipt = await submitPetition(app.ctx, request.body, { ip: request.ip, userAgent: request.headers['user-agent'] ?? null }, limits);
      return reply.status(201).header('cache-control', 'no-store').send(receipt);
    },
  );

  app.post(
    '/query',
    {
      config: { public: true, rateLimit: { max: limits.queriesPerIpPerMinute, timeWindow: '1 minute', keyGenerator: byIp } },
      schema: {
        tags: ['portal'],
        summary: 'The progress of a petition, as its petitioner may see it: query code + last 4 characters of the ID number or phone',
        description: `A wrong code and a wrong last4 get the same 404. After ${limits.queryFailuresBeforeLock} wrong answers a code is locked for ${limits.queryLockMinutes} minutes (429).`,
        security: [],
        body: QueryBody,
        response: { 200: CitizenViewDto, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const view = await queryPetition(app.ctx, request.body, { ip: request.ip }, lockout);
      return reply.header('cache-control', 'no-store').send(view);
    },
  );

  app.post(
    '/documents/:id/docx',
    {
      config: { public: true, rateLimit: { max: limits.queriesPerIpPerMinute, timeWindow: '1 minute', keyGenerator: byIp } },
      schema: {
        tags: ['portal'],
        summary: 'Download a notice addressed to the petitioner (.docx), with the same query code + last4 as the progress view',
        description: 'Counts towards the same lockout as /query. Only notices to the petitioner are served, never letters between bodies.',
        security: [],
        params: z.object({ id: z.string() }),
        body: QueryBody,
      },
    },
    async (request, reply) => {
      const doc = await petitionerDocument(app.ctx, request.params.id, request.body, { ip: request.ip }, lockout);
      return reply.header('cache-control', 'no-store').headers(docxHeaders(doc.number, doc.title)).send(doc.buffer);
    },
  );

  const actionResponses = { 200: CitizenViewDto, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse };

  app.post(
    '/matters/:number/evaluation',
    {
      config: { public: true, rateLimit: { max: limits.queriesPerIpPerMinute, timeWindow: '1 minute', keyGenerator: byIp } },
      schema: {
        tags: ['portal'],
        summary: 'The petitioner evaluates the handling of a matter (满意/基本满意/不满意), with the query code + last4',
        description:
          'Art. 21 ¶2. Allowed once, after the reply was delivered and within the evaluation window (422 `ALREADY_EVALUATED` / `EVALUATION_WINDOW_CLOSED` otherwise, the reason in messageZh). Wrong credentials count towards the same lockout as /query. Answers with the updated progress view.',
        security: [],
        params: MatterNumberParams,
        body: EvaluationBody,
        response: actionResponses,
      },
    },
    async (request, reply) => {
      const { code, last4, rating, comment } = request.body;
      const view = await actOnMatter(app.ctx, request.params.number, { code, last4 }, { type: 'evaluate', rating, comment }, { ip: request.ip }, lockout);
      return reply.header('cache-control', 'no-store').send(view);
    },
  );

  app.post(
    '/matters/:number/appeal',
    {
      config: { public: true, rateLimit: { max: limits.queriesPerIpPerMinute, timeWindow: '1 minute', keyGenerator: byIp } },
      schema: {
        tags: ['portal'],
        summary: 'The petitioner requests a review (复查) or re-review (复核) of a matter online, with the query code + last4',
        description:
          'Art. 35 (review: within 30 days of delivery of the reply, to the body one level above the handling body) and Art. 36 (re-review: within 30 days of the review opinion, one level above the review body). `bodyId` is one of the bodies the progress view offered (`actions[].appealBodies`); absent, the default. `reasons` (required) says why the petitioner disagrees: the appeal body sees it and its opinion prints it. After the window: 422 `REVIEW_WINDOW_CLOSED` / `RE_REVIEW_WINDOW_CLOSED` with the reason and article in messageZh. Answers with the updated progress view.',
        security: [],
        params: MatterNumberParams,
        body: AppealRequestBody,
        response: actionResponses,
      },
    },
    async (request, reply) => {
      const { code, last4, stage, bodyId, reasons } = request.body;
      const type = stage === 'review' ? 'requestReview' : 'requestReReview';
      const view = await actOnMatter(app.ctx, request.params.number, { code, last4 }, { type, bodyId, reasons }, { ip: request.ip }, lockout);
      return reply.header('cache-control', 'no-store').send(view);
    },
  );

  // Uploads get their own encapsulated plugin: only this route parses multipart.
  await app.register(async (uploads) => {
    await acceptAttachmentUploads(uploads);
    uploads.post(
      '/attachments',
      {
        config: { public: true, rateLimit: { max: limits.uploadsPerIpPerHour, timeWindow: '1 hour', keyGenerator: byIp } },
        schema: {
          tags: ['portal'],
          summary: 'Upload attachments for a portal submission (multipart/form-data); each comes with an upload token to present when submitting',
          description: `At most ${limits.attachmentsPerSubmission} files and ${limits.uploadBytesPerRequest} bytes in all per request (413 \`TOO_LARGE\`); per address at most ${limits.uploadBytesPerIpPerHour} bytes an hour and ${limits.uploadBytesPerIpPerDay} bytes in 24 hours (429 \`RATE_LIMITED\`). Types, active content and zip bombs as in docs/attachments.md (415). Uploads not used by a submission within ${ATTACHMENT_LIMITS.unlinkedRetentionHours} hours are removed.`,
          security: [],
          response: { 201: PortalUploads, 400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 429: ErrorResponse },
        },
      },
      async (request, reply) => {
        const rows = await receiveUploads(app.ctx, request, { via: 'portal', ip: request.ip }, {
          maxFiles: limits.attachmentsPerSubmission,
          maxBytesPerRequest: limits.uploadBytesPerRequest,
          perAddress: { ip: request.ip, maxBytesPerHour: limits.uploadBytesPerIpPerHour, maxBytesPerDay: limits.uploadBytesPerIpPerDay },
        });
        return reply
          .status(201)
          .header('cache-control', 'no-store')
          .send({ items: rows.map((r) => ({ id: r.id, fileName: r.fileName, mediaType: r.mediaType, size: r.size, uploadToken: r.uploadToken ?? '' })) });
      },
    );
  });
};
