import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bodies, documents } from '../../db/schema';
import { DOCUMENT_KIND_LABELS, type DocumentKind, type DocumentText } from '../../domain/documents';
import { principalOf, requirePermission } from '../../http/auth';
import { ErrorResponse } from '../../http/schemas';
import { notFound } from '../../shared/errors';
import { getMatterInScope } from '../matters/scope';
import { docxHeaders, renderDocx } from './docx';

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
    async (request) => {
      const row = await getMatterInScope(app.ctx.db, principalOf(request), request.params.id);
      const rows = await app.ctx.db
        .select({ doc: documents, issuingBody: bodies.name })
        .from(documents)
        .innerJoin(bodies, eq(bodies.id, documents.issuingBodyId))
        .where(eq(documents.matterId, row.id))
        .orderBy(asc(documents.createdAt), asc(documents.number));
      return {
        items: rows.map(({ doc, issuingBody }) => ({
          id: doc.id,
          number: doc.number,
          kind: doc.kind,
          kindLabel: DOCUMENT_KIND_LABELS[doc.kind as DocumentKind] ?? doc.kind,
          title: doc.title,
          issuedOn: doc.issuedOn,
          issuingBody,
          recipientBodyId: doc.recipientBodyId,
          forPetitioner: doc.forPetitioner,
          eventSeq: doc.eventSeq,
        })),
      };
    },
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
      const id = request.params.id;
      const [doc] = /^[0-9a-f-]{36}$/i.test(id) ? await app.ctx.db.select().from(documents).where(eq(documents.id, id)) : [];
      if (!doc) throw notFound('document', '文书');
      // A document is visible exactly when its matter is.
      await getMatterInScope(app.ctx.db, principalOf(request), doc.matterId);
      const buffer = await renderDocx({ ...(doc.content as DocumentText), number: doc.number, kind: doc.kind as DocumentKind });
      return reply.headers(docxHeaders(doc.number, doc.title)).send(buffer);
    },
  );
};
