import { asc, eq } from 'drizzle-orm';
import { bodies, documents } from '../../db/schema';
import { DOCUMENT_KIND_LABELS, type DocumentKind, type DocumentText } from '../../domain/documents';
import type { AppContext } from '../../context';
import { notFound } from '../../shared/errors';
import type { StaffPrincipal } from '../auth/principal';
import { getMatterInScope } from '../matters/scope';
import { renderDocx } from './docx';

type DocumentRow = typeof documents.$inferSelect;

export interface DocumentSummary {
  id: string;
  number: string;
  kind: string;
  kindLabel: string;
  title: string;
  issuedOn: string;
  issuingBody: string;
  recipientBodyId: string | null;
  forPetitioner: boolean;
  eventSeq: number;
}

/** The documents issued on a matter the principal sees (404 otherwise), oldest first. */
export async function matterDocuments(ctx: Pick<AppContext, 'db'>, p: StaffPrincipal, matterId: string): Promise<DocumentSummary[]> {
  const matter = await getMatterInScope(ctx.db, p, matterId);
  const rows = await ctx.db
    .select({ doc: documents, issuingBody: bodies.name })
    .from(documents)
    .innerJoin(bodies, eq(bodies.id, documents.issuingBodyId))
    .where(eq(documents.matterId, matter.id))
    .orderBy(asc(documents.createdAt), asc(documents.number));
  return rows.map(({ doc, issuingBody }) => ({
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
  }));
}

/** A stored document as its .docx file (GB/T 9704-2012): the text as issued, under its number. */
export async function renderDocument(doc: DocumentRow): Promise<{ number: string; title: string; buffer: Buffer }> {
  const buffer = await renderDocx({ ...(doc.content as DocumentText), number: doc.number, kind: doc.kind as DocumentKind });
  return { number: doc.number, title: doc.title, buffer };
}

/** A document as .docx for staff: visible exactly when its matter is (an unknown id and an unseen one both 404). */
export async function staffDocument(ctx: Pick<AppContext, 'db'>, p: StaffPrincipal, documentId: string): Promise<{ number: string; title: string; buffer: Buffer }> {
  const [doc] = /^[0-9a-f-]{36}$/i.test(documentId) ? await ctx.db.select().from(documents).where(eq(documents.id, documentId)) : [];
  if (!doc) throw notFound('document', '文书');
  await getMatterInScope(ctx.db, p, doc.matterId);
  return renderDocument(doc);
}
