import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, asc, eq, exists, inArray, isNull, or, sql } from 'drizzle-orm';
import { attachments, events, matters, petitionMatters, users } from '../../db/schema';
import type { DbOrTx, Tx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import type { AppContext } from '../../http/app';
import { XinfangError, conflict, notFound } from '../../shared/errors';
import { appendEvents, type NewEvent } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';
import { matterScope } from '../matters/scope';
import { actingBodyId } from '../matters/service';
import { ATTACHMENT_LIMITS, type MediaType } from './config';
import { detectMediaType, safeFileName } from './sniff';
import type { StagedBlob } from './store';

/**
 * Attachments (附件) of petitions. The order of writing is what keeps an upload whole:
 * 1. every file of a request is staged in the store in full (size-limited, hashed) and its content checked;
 * 2. only when all are good are they committed to the store (durable under their content key);
 * 3. only then are their rows inserted, with their `attachment.uploaded` events, in one transaction.
 * A failure in 1 or 2 leaves nothing; a failure in 3 leaves committed bytes no row points to (content-addressed,
 * so harmless and shared with any later upload of the same bytes). A row never points to missing bytes.
 *
 * An attachment is uploaded before the petition exists (`petitionId` null) and linked by the registration inside
 * its transaction (`linkAttachments`).
 */

export type AttachmentRow = typeof attachments.$inferSelect;

/** Who uploads: a staff member, or the citizen portal (anonymous; proves ownership later with an upload token). */
export type Uploader = { via: 'staff'; principal: StaffPrincipal } | { via: 'portal'; ip?: string | null };

export interface UploadFile {
  stream: Readable;
  /** The name the sender gave; cleaned and given the detected type's extension (see `safeFileName`). */
  fileName: string;
}

/** A stored attachment; portal uploads carry the token the portal must present to link it (shown once). */
export type StoredAttachment = AttachmentRow & { uploadToken?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFoundAttachment = () => notFound('attachment', '附件');
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function actorFields(who: { via: 'staff'; principal: StaffPrincipal } | { via: 'portal' }): Pick<NewEvent, 'actorUserId' | 'actorBodyId' | 'actorRoles'> {
  if (who.via === 'portal') return { actorUserId: null, actorBodyId: null, actorRoles: [] };
  return { actorUserId: who.principal.userId, actorBodyId: actingBodyId(who.principal), actorRoles: who.principal.roles };
}

/**
 * Stores the files of one upload, all or nothing: returns the new rows in the order of the files. Throws TOO_LARGE,
 * UNSUPPORTED_MEDIA_TYPE or VALIDATION (too many / no files), having kept nothing.
 */
export async function storeAttachments(ctx: AppContext, uploader: Uploader, files: AsyncIterable<UploadFile> | Iterable<UploadFile>): Promise<StoredAttachment[]> {
  const blobs: StagedBlob[] = [];
  const staged: { blob: StagedBlob; fileName: string; mediaType: MediaType }[] = [];
  try {
    for await (const file of files) {
      if (blobs.length >= ATTACHMENT_LIMITS.maxFilesPerUpload) throw tooManyFiles();
      const blob = await ctx.attachments.stage(file.stream, { maxBytes: ATTACHMENT_LIMITS.maxBytes });
      blobs.push(blob);
      staged.push({ blob, fileName: file.fileName, mediaType: checkedMediaType(blob, file.fileName) });
    }
    if (blobs.length === 0) throw new XinfangError('VALIDATION', '请选择要上传的文件', 'no file in the upload');
    for (const blob of blobs) await blob.commit();
  } catch (err) {
    await Promise.all(blobs.map((b) => b.discard().catch(() => {})));
    throw err;
  }

  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const out: StoredAttachment[] = [];
    const batch: NewEvent[] = [];
    for (const s of staged) {
      const [row] = await tx
        .insert(attachments)
        .values({
          fileName: safeFileName(s.fileName, s.mediaType),
          mediaType: s.mediaType,
          size: s.blob.size,
          sha256: s.blob.sha256,
          storageKey: s.blob.storageKey,
          uploadedByUserId: uploader.via === 'staff' ? uploader.principal.userId : null,
          uploadedVia: uploader.via,
          createdAt: now,
        })
        .returning();
      const uploadToken = uploader.via === 'portal' ? randomBytes(24).toString('base64url') : undefined;
      batch.push({
        entityType: 'attachment',
        entityId: row!.id,
        type: 'attachment.uploaded',
        onDate: chinaDateOf(now),
        occurredAt: now,
        ...actorFields(uploader),
        payload: {
          fileName: row!.fileName,
          mediaType: row!.mediaType,
          size: row!.size,
          sha256: row!.sha256,
          via: uploader.via,
          // Portal uploads: the hash of the token that proves ownership at linking (the token itself is shown once).
          ...(uploadToken ? { uploadTokenHash: tokenHash(uploadToken), ip: uploader.via === 'portal' ? (uploader.ip ?? null) : null } : {}),
        },
      });
      out.push(uploadToken ? { ...row!, uploadToken } : row!);
    }
    await appendEvents(tx, batch);
    return out;
  });
}

/** One file; see `storeAttachments`. */
export async function storeAttachment(ctx: AppContext, input: UploadFile & { uploader: Uploader }): Promise<StoredAttachment> {
  const [row] = await storeAttachments(ctx, input.uploader, [{ stream: input.stream, fileName: input.fileName }]);
  return row!;
}

function tooManyFiles(): XinfangError {
  const n = ATTACHMENT_LIMITS.maxFilesPerUpload;
  return new XinfangError('TOO_LARGE', `一次最多上传 ${n} 个文件`, `at most ${n} files per upload`, { maxFiles: n });
}

function checkedMediaType(blob: StagedBlob, fileName: string) {
  const d = detectMediaType({ head: blob.head, tail: blob.tail, size: blob.size });
  if (d.ok) return d.mediaType;
  throw new XinfangError('UNSUPPORTED_MEDIA_TYPE', `文件「${fileName.slice(0, 100)}」：${d.messageZh}`, `file ${JSON.stringify(fileName.slice(0, 100))}: ${d.message}`, {
    fileName: fileName.slice(0, 100),
    reason: d.reason,
  });
}

/** The attachments of a petition, in upload order. Scope is the caller's: use it behind a petition read in scope. */
export async function attachmentsOf(ctx: { db: DbOrTx }, petitionId: string): Promise<AttachmentRow[]> {
  return ctx.db.select().from(attachments).where(eq(attachments.petitionId, petitionId)).orderBy(asc(attachments.createdAt), asc(attachments.id));
}

/**
 * Who links: the staff member registering the petition (may link what they or their body uploaded), or the portal
 * (may link a portal upload whose upload token it presents: `uploadTokens[attachmentId]`).
 */
export type Linker = { via: 'staff'; principal: StaffPrincipal } | { via: 'portal'; uploadTokens: Record<string, string> };

/**
 * Links uploaded attachments to a petition inside the registration's transaction. Refuses, rolling the caller's
 * transaction back: an id that does not exist or was not uploaded by the linker (NOT_FOUND, the same answer for
 * both), or one already linked to another petition (CONFLICT). Linking again to the same petition is a no-op.
 */
export async function linkAttachments(tx: Tx, petitionId: string, ids: readonly string[], linker: Linker, now: Date): Promise<AttachmentRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  if (unique.some((id) => !UUID.test(id))) throw notFoundAttachment();
  const rows = await tx
    .select({ attachment: attachments, uploaderBodyId: users.bodyId })
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedByUserId))
    .where(inArray(attachments.id, unique))
    .for('update', { of: attachments });
  if (rows.length !== unique.length) throw notFoundAttachment();

  const portalTokenHashes = linker.via === 'portal' ? await uploadTokenHashes(tx, unique) : new Map<string, string>();
  for (const { attachment: a, uploaderBodyId } of rows) {
    const mine =
      linker.via === 'staff'
        ? a.uploadedVia === 'staff' && (a.uploadedByUserId === linker.principal.userId || (uploaderBodyId !== null && uploaderBodyId === linker.principal.body.id))
        : a.uploadedVia === 'portal' && sameSecret(linker.uploadTokens[a.id], portalTokenHashes.get(a.id));
    if (!mine) throw notFoundAttachment();
    if (a.petitionId !== null && a.petitionId !== petitionId) {
      throw new XinfangError('CONFLICT', `附件「${a.fileName}」已属于另一信访件`, `attachment ${a.id} already belongs to another petition`, { attachmentId: a.id });
    }
  }

  const toLink = rows.filter((r) => r.attachment.petitionId === null).map((r) => r.attachment.id);
  if (toLink.length === 0) return rows.map((r) => r.attachment);
  const linked = await tx
    .update(attachments)
    .set({ petitionId })
    .where(and(inArray(attachments.id, toLink), isNull(attachments.petitionId)))
    .returning();
  if (linked.length !== toLink.length) throw conflict();
  await appendEvents(
    tx,
    linked.map((a) => ({
      entityType: 'attachment' as const,
      entityId: a.id,
      type: 'attachment.linked',
      onDate: chinaDateOf(now),
      occurredAt: now,
      ...actorFields(linker),
      payload: { petitionId },
    })),
  );
  const byId = new Map(linked.map((a) => [a.id, a]));
  return rows.map((r) => byId.get(r.attachment.id) ?? r.attachment);
}

/** The upload-token hashes of portal uploads, kept in their (tamper-evident) `attachment.uploaded` events. */
async function uploadTokenHashes(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  const rows = await tx
    .select({ entityId: events.entityId, hash: sql<string | null>`${events.payload} ->> 'uploadTokenHash'` })
    .from(events)
    .where(and(eq(events.entityType, 'attachment'), inArray(events.entityId, ids), eq(events.type, 'attachment.uploaded')));
  return new Map(rows.filter((r) => r.hash).map((r) => [r.entityId, r.hash!]));
}

function sameSecret(token: string | undefined, expectedHash: string | undefined): boolean {
  if (!token || !expectedHash) return false;
  const a = Buffer.from(tokenHash(token), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * An attachment for download, if the principal may read it: one linked to a petition by staff who can see one of
 * the petition's matters (matters/scope.ts); one not linked yet only by its uploader. Anything else is NOT_FOUND,
 * exactly like a missing attachment. Each download is an `attachment.downloaded` event.
 */
export async function openAttachment(ctx: AppContext, p: StaffPrincipal, id: string): Promise<{ attachment: AttachmentRow; stream: Readable }> {
  if (!UUID.test(id)) throw notFoundAttachment();
  const [row] = await ctx.db
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.id, id),
        or(
          and(isNull(attachments.petitionId), eq(attachments.uploadedByUserId, p.userId)),
          exists(
            ctx.db
              .select({ one: sql`1` })
              .from(petitionMatters)
              .innerJoin(matters, eq(matters.id, petitionMatters.matterId))
              .where(and(eq(petitionMatters.petitionId, attachments.petitionId), matterScope(p))),
          ),
        ),
      ),
    );
  if (!row) throw notFoundAttachment();
  const stream = await ctx.attachments.get(row.storageKey);
  try {
    const now = ctx.now();
    await ctx.db.transaction((tx) =>
      appendEvents(tx, [
        {
          entityType: 'attachment',
          entityId: row.id,
          type: 'attachment.downloaded',
          onDate: chinaDateOf(now),
          occurredAt: now,
          ...actorFields({ via: 'staff', principal: p }),
          payload: { via: p.via },
        },
      ]),
    );
  } catch (err) {
    stream.destroy();
    throw err;
  }
  return { attachment: row, stream };
}
