import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { docxHeaders } from './docx';
import { matterDocuments, staffDocument } from './service';

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

export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
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
