import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CHANNELS, RECEPTION_KINDS } from '../../domain/lifecycle';
import { principalOf, requirePermission } from '../../http/auth';
import { routedRead } from '../../http/reads';
import { ErrorResponse, IsoDateTimeString } from '../../http/schemas';
import { listGroups } from './petitioners';
import { createPetitionerGroup, findPetitioners, mergePetitionerRecords, registerPetition, revealPetitionerPii, screenPetitionDraft } from './service';
import { PetitionPage, petitionPage } from './view';

const RegionCode = z.string().regex(/^\d{6}(\d{3})?$/, '行政区划代码应为 6 位或 9 位数字');
const Person = z.object({
  petitionerId: z.string().uuid().optional(),
  name: z.string().max(100),
  idNumber: z.string().max(30).optional().nullable(),
  phone: z.string().max(30).optional().nullable(),
  address: z.string().max(300).optional().nullable(),
  isRepresentative: z.boolean().optional(),
});
const Text = {
  title: z.string().max(200),
  content: z.string().max(20_000),
  respondent: z.string().max(200).optional().nullable(),
  place: z.string().max(200).optional().nullable(),
  category: z.string().max(100).optional().nullable(),
};
const Draft = z.object({
  channel: z.enum(CHANNELS),
  receivedAt: IsoDateTimeString,
  regionCode: RegionCode,
  ...Text,
  petitioners: z.array(Person).max(200),
  details: z.record(z.string(), z.unknown()).optional(),
});
export const PetitionBody = Draft.extend({
  oral: z.boolean().optional(),
  groupId: z.string().uuid().optional().nullable(),
  attachmentIds: z.array(z.string().uuid()).max(50).optional(),
  demands: z
    .array(
      z.object({
        ...Text,
        linkTo: z
          .object({
            matterId: z.string().uuid(),
            relation: z.enum(['repeat', 'joined']),
            /** Art. 37 ¶3: on a terminated matter, the reception given the petitioner, recorded with the petition. */
            reception: z.object({ kind: z.enum(RECEPTION_KINDS), note: z.string().max(2000).optional() }).optional(),
          })
          .optional()
          .nullable(),
      }),
    )
    .max(20)
    .optional(),
  externalId: z.string().max(100).optional().nullable(),
});

const Flag = z.object({ code: z.string(), messageZh: z.string(), message: z.string(), article: z.string() });
const Reason = z.object({ code: z.string(), polarity: z.enum(['for', 'against']).describe('for or against a repeat of the candidate matter'), messageZh: z.string(), message: z.string(), weight: z.number() });
const Candidate = z.object({
  matterId: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  receivedOn: z.string(),
  regionCode: z.string(),
  registeringBodyName: z.string(),
  externalIds: z.array(z.string()),
  petitionCount: z.number(),
  score: z.number(),
  likelyRepeat: z.boolean(),
  reasons: z.array(Reason),
  flags: z.array(Flag),
});
const Screening = z.object({
  decision: z.enum(['repeat', 'new']),
  /** The matter a "repeat" decision names; on a terminated one the desk records it there by default (Art. 36 ¶3). */
  repeatOf: z.string().nullable(),
  ms: z.number(),
  candidates: z.array(Candidate),
});
const Hit = z.object({
  id: z.string(),
  name: z.string(),
  idNumberMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  address: z.string().nullable(),
  matterCount: z.number(),
  lastPetitionOn: z.string().nullable(),
});

export const petitionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/petitions',
    {
      preHandler: requirePermission('matter.register'),
      schema: {
        tags: ['petitions'],
        summary: 'Register a petition (登记信访件): new matters, or repeat/joined petitions on existing ones',
        description:
          'Every petition is kept (信访必登). Without `demands` the petition is one demand; with `demands` it is split (分诉求登记). A demand with `linkTo` is recorded on that matter as a repeat (counted) or a joined petition. Validation problems come all at once in `details.problems`.',
        body: PetitionBody,
        response: { 201: z.object({ petitionId: z.string(), number: z.string(), matters: z.array(z.object({ matterId: z.string(), number: z.string(), relation: z.string(), refusedAgain: z.boolean() })), screening: Screening }), 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { queryCode: _none, ...out } = await registerPetition(app.ctx, { kind: 'staff', principal: principalOf(request) }, request.body);
      return reply.status(201).send(out);
    },
  );

  app.post(
    '/duplicates/check',
    {
      preHandler: requirePermission('matter.register'),
      schema: {
        tags: ['petitions'],
        summary: 'Duplicate screening (甄别判重): the matters a draft petition may repeat, best first, with reasons and flags',
        body: Draft,
        response: { 200: Screening, 400: ErrorResponse },
      },
    },
    async (request) => screenPetitionDraft(app.ctx, principalOf(request), request.body),
  );

  app.get(
    '/petitions/:id',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['petitions'],
        summary: 'The petition page (信访件): text as received, channel details, petitioners (masked), attachments, the matters it carries',
        description: 'Visible to staff who may see one of its matters (the matter scope); otherwise 404 like a missing id. Attachments download from GET /attachments/:id (`?inline=1` for an image or PDF preview).',
        params: z.object({ id: z.string() }),
        response: { 200: PetitionPage, 404: ErrorResponse },
      },
    },
    async (request) => petitionPage(app.ctx.db, principalOf(request), request.params.id),
  );

  app.get(
    '/petitioners',
    {
      preHandler: requirePermission('matter.register'),
      schema: {
        tags: ['petitioners'],
        summary: 'Find a petitioner as the clerk types: name prefix, phone (or its start), ID number, or the last 4 digits',
        querystring: z.object({ q: z.string().min(1).max(40), limit: z.coerce.number().int().min(1).max(50).default(10) }),
        response: { 200: z.object({ items: z.array(Hit) }) },
      },
    },
    // Only people of matters the caller may see (or petitions their body registered); addresses masked like the
    // numbers (src/http/pii.ts): the reveal, with a purpose, is GET /petitioners/:id/pii.
    async (request) => ({ items: await routedRead(request, (ctx) => findPetitioners(ctx, principalOf(request), request.query.q, request.query.limit)) }),
  );

  app.get(
    '/petitioners/:id/pii',
    {
      preHandler: requirePermission('petitioner.pii.read'),
      // The one route that answers with personal data unmasked (src/http/pii.ts); each read is an access event.
      config: { revealsPii: true },
      schema: {
        tags: ['petitioners'],
        summary: 'The unmasked ID number, phone and address of a petitioner, for a stated purpose; every read is recorded (GET /audit/pii-access lists them)',
        params: z.object({ id: z.string() }),
        querystring: z.object({ purpose: z.string().trim().min(2).max(200) }),
        response: { 200: z.object({ id: z.string(), name: z.string(), idNumber: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable() }), 404: ErrorResponse },
      },
    },
    async (request) => revealPetitionerPii(app.ctx, principalOf(request), request.params.id, { purpose: request.query.purpose, ip: request.ip }),
  );

  app.post(
    '/petitioners/:id/merge',
    {
      preHandler: requirePermission('matter.register'),
      schema: {
        tags: ['petitioners'],
        summary: 'Merge another record of the same person into this one; the merged record is kept and points here',
        description: 'Both records must be of petitioners the caller may see (404 otherwise) and must not contradict each other: different ID numbers, names or phones are refused (422 REFUSED, `details.fields`).',
        params: z.object({ id: z.string() }),
        body: z.object({ mergedId: z.string() }),
        response: { 200: z.object({ survivorId: z.string(), petitionIds: z.array(z.string()), matterIds: z.array(z.string()), groupIds: z.array(z.string()) }), 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request) => mergePetitionerRecords(app.ctx, principalOf(request), request.params.id, request.body.mergedId),
  );

  app.get(
    '/petitioner-groups',
    {
      preHandler: requirePermission('matter.register'),
      schema: {
        tags: ['petitioners'],
        summary: 'Groups of petitioners who petition together (集体访群体), by name',
        querystring: z.object({ q: z.string().max(40).optional() }),
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string().nullable(), memberCount: z.number() })) }) },
      },
    },
    async (request) => ({ items: await listGroups(app.ctx.db, request.query.q?.trim()) }),
  );

  app.post(
    '/petitioner-groups',
    {
      preHandler: requirePermission('matter.register'),
      schema: {
        tags: ['petitioners'],
        summary: 'Create a group of petitioners',
        body: z.object({ name: z.string().min(1).max(100), regionCode: RegionCode.optional().nullable(), note: z.string().max(500).optional().nullable(), memberIds: z.array(z.string().uuid()).max(500).default([]) }),
        response: { 201: z.object({ id: z.string(), name: z.string() }), 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const group = await createPetitionerGroup(app.ctx, principalOf(request), request.body);
      return reply.status(201).send({ id: group.id, name: group.name });
    },
  );
};
