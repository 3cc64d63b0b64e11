import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { DOCUMENT_KINDS } from '../../domain/documents';
import { docxHeaders } from './docx';
import { matterDocuments, staffDocument } from './service';
import { documentTemplatesView, previewDocx, putDocumentTemplates } from './templates';

const DocumentDto = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  issuedOn: z.string(),
  issuingBody: z.string(),
  recipientBodyId: z.string().nullable(),
  forPetitioner: z.boolean(),
  eventSeq: z.number(),
});

const Template = z.object({
  kindWord: z.string().max(8).describe('文种代字, 1–4 Chinese characters, never one another kind has had'),
  closing: z.string().max(40).describe('结束语; empty: none'),
  paragraphs: z.array(z.string().max(300)).max(5).describe('the bureau’s own fixed paragraphs, before the closing'),
  contact: z.string().max(100).describe('附注, e.g. the contact line; empty: none'),
  signature: z.string().max(60).describe('落款; {机关} stands for the issuing body’s name'),
  seal: z.boolean().describe('print a （印章） placeholder'),
});
const Kind = z.enum(DOCUMENT_KINDS);
const TemplatesView = z.object({
  items: z.array(z.object({ kind: Kind, labelZh: z.string(), template: Template, default: Template, edited: z.boolean(), statutory: z.string().describe('what the law requires this kind to say: not editable') })),
  history: z.array(
    z.object({
      id: z.number(),
      occurredAt: z.string(),
      actor: z.object({ login: z.string(), name: z.string() }).nullable(),
      changes: z.array(z.object({ kind: Kind, labelZh: z.string(), fields: z.array(z.object({ field: z.string(), labelZh: z.string(), before: z.string(), after: z.string() })) })),
    }),
  ),
});

export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/settings/document-templates',
    {
      preHandler: requirePermission('admin.manage'),
      config: { adminAuthoredText: true },
      schema: { tags: ['settings'], summary: '文书模板: each kind’s editable parts in force, today’s default, the statutory content, and who changed what', response: { 200: TemplatesView } },
    },
    async () => documentTemplatesView(app.ctx.db),
  );

  app.put(
    '/settings/document-templates',
    {
      preHandler: requirePermission('admin.manage'),
      config: { adminAuthoredText: true },
      schema: {
        tags: ['settings'],
        summary: 'Set the templates of the kinds given (the others keep theirs); applies to documents issued from now on',
        body: z.object({ templates: z.partialRecord(Kind, Template) }),
        response: { 200: TemplatesView, 400: ErrorResponse },
      },
    },
    async (request) => putDocumentTemplates(app.ctx, principalOf(request), request.body.templates),
  );

  app.get(
    '/settings/document-templates/:kind',
    {
      preHandler: requirePermission('admin.manage'),
      config: { adminAuthoredText: true },
      schema: { tags: ['settings'], summary: 'One kind’s template', params: z.object({ kind: Kind }), response: { 200: TemplatesView.shape.items.element, 400: ErrorResponse } },
    },
    async (request) => (await documentTemplatesView(app.ctx.db)).items.find((i) => i.kind === request.params.kind)!,
  );

  app.put(
    '/settings/document-templates/:kind',
    {
      preHandler: requirePermission('admin.manage'),
      config: { adminAuthoredText: true },
      schema: {
        tags: ['settings'],
        summary: 'Set one kind’s template; one equal to today’s default is stored as no edit',
        params: z.object({ kind: Kind }),
        body: Template,
        response: { 200: TemplatesView, 400: ErrorResponse },
      },
    },
    async (request) => putDocumentTemplates(app.ctx, principalOf(request), { [request.params.kind]: request.body }),
  );

  app.get(
    '/settings/document-templates/:kind/preview.docx',
    {
      preHandler: requirePermission('admin.manage'),
      schema: { tags: ['settings'], summary: 'A sample document of the kind in the template in force, as .docx', params: z.object({ kind: Kind }) },
    },
    async (request, reply) => {
      const doc = await previewDocx(app.ctx, principalOf(request), request.params.kind);
      return reply.headers(docxHeaders(doc.number, doc.title)).send(doc.buffer);
    },
  );

  app.post(
    '/settings/document-templates/:kind/preview.docx',
    {
      preHandler: requirePermission('admin.manage'),
      schema: { tags: ['settings'], summary: 'A sample document of the kind in a draft template not yet saved, as .docx', params: z.object({ kind: Kind }), body: Template },
    },
    async (request, reply) => {
      const doc = await previewDocx(app.ctx, principalOf(request), request.params.kind, request.body);
      return reply.headers(docxHeaders(doc.number, doc.title)).send(doc.buffer);
    },
  );

  app.get(
    '/matters/:id/documents',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['documents'],
        summary: 'Documents issued on a matter (notices and letters), oldest first',
        params: z.object({ id: z.string() }),
        response: { 200: z.object({ items: z.array(DocumentDto) }), 404: ErrorResponse },
      },
    },
    async (request) => ({ items: await matterDocuments(app.ctx, principalOf(request), request.params.id) }),
  );

  app.get(
    '/documents/:id/docx',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['documents'],
        summary: 'Download a document as .docx in the official format (GB/T 9704-2012)',
        params: z.object({ id: z.string() }),
      },
    },
    async (request, reply) => {
      const doc = await staffDocument(app.ctx, principalOf(request), request.params.id);
      return reply.headers(docxHeaders(doc.number, doc.title)).send(doc.buffer);
    },
  );
};
