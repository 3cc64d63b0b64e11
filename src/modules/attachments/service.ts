import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, asc, eq, exists, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { attachments, events, matters, petitionMatters, users } from '../../db/schema';
import { lockXact } from '../../db/locks';
import type { DbOrTx, Tx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import type { AppContext } from '../../context';
import { XinfangError, conflict, notFound } from '../../shared/errors';
import { appendEvents, type NewEvent } from '../audit/append';
import type { StaffPrincipal } from '../auth/principal';
import { matterScope } from '../matters/scope';
import { actingBodyId } from '../matters/service';
import { ATTACHMENT_LIMITS, type MediaType } from './config';
import { inspectContent, needsInspection } from './inspect';
import { cleanFileName, detectMediaType, safeFileName } from './sniff';
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
/**
 * An attachment that cannot be linked or read: unknown, not the caller's, or already another petition's (NOT_FOUND or
 * CONFLICT). A class of its own so a caller that words it differently (the portal) recognises it by type.
 */
export class AttachmentUnavailable extends XinfangError {
  static of(e: XinfangError): AttachmentUnavailable {
    return new AttachmentUnavailable(e.code, e.messageZh, e.message, e.details);
  }
}

const notFoundAttachment = () => AttachmentUnavailable.of(notFound('attachment', '附件'));
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function actorFields(who: { via: 'staff'; principal: StaffPrincipal } | { via: 'portal' }): Pick<NewEvent, 'actorUserId' | 'actorBodyId' | 'actorRoles'> {
  if (who.via === 'portal') return { actorUserId: null, actorBodyId: null, actorRoles: [] };
  return { actorUserId: who.principal.userId, actorBodyId: actingBodyId(who.principal), actorRoles: who.principal.roles };
}

/**
 * How much one upload request may bring. Staff: ATTACHMENT_LIMITS. The citizen portal: PortalLimits, with a byte
 * budget per client address counted in the database (so across app nodes) over the last hour and 24 hours.
 */
export interface UploadQuota {
  maxFiles: number;
  /** All files of the request together. */
  maxBytesPerRequest: number;
  perAddress?: { ip: string; maxBytesPerHour: number; maxBytesPerDay: number };
}

export const STAFF_UPLOAD_QUOTA: UploadQuota = { maxFiles: ATTACHMENT_LIMITS.maxFilesPerUpload, maxBytesPerRequest: ATTACHMENT_LIMITS.maxBytesPerUpload };

/**
 * Serialises, per content key, inserting a row that refers to the bytes and deleting the bytes no row refers to
 * (sweep.ts), so neither can leave a row without its bytes. Held to the end of the caller's transaction.
 */
export async function lockContent(tx: Tx, storageKey: string): Promise<void> {
  await lockXact(tx, 'attachmentContent', storageKey);
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function requestTooLarge(max: number): XinfangError {
  return new XinfangError('TOO_LARGE', `一次上传的文件合计不能超过 ${mib(max)} MB`, `the files of one upload may total at most ${max} bytes`, { maxBytesPerRequest: max });
}

function addressBudgetSpent(window: 'hour' | 'day', max: number): XinfangError {
  const zh = window === 'hour' ? '一小时' : '24 小时';
  return new XinfangError(
    'RATE_LIMITED',
    `本网络地址${zh}内上传的附件已达上限（${mib(max)} MB），请稍后再上传`,
    `the upload budget of this address (${max} bytes per ${window === 'hour' ? 'hour' : '24 hours'}) is spent; try again later`,
    { window, maxBytes: max },
  );
}

/** Bytes this address may still upload, and which window binds. Counts the rows there are (unlinked ones expire). */
async function addressBudgetLeft(db: DbOrTx, q: NonNullable<UploadQuota['perAddress']>, now: Date): Promise<{ left: number; window: 'hour' | 'day'; max: number }> {
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [used] = await db
    .select({
      hour: sql<string>`coalesce(sum(${attachments.size}) filter (where ${attachments.createdAt} > ${hourAgo}), 0)`,
      day: sql<string>`coalesce(sum(${attachments.size}), 0)`,
    })
    .from(attachments)
    .where(and(eq(attachments.uploaderIp, q.ip), gt(attachments.createdAt, dayAgo)));
  const hourLeft = q.maxBytesPerHour - Number(used?.hour ?? 0);
  const dayLeft = q.maxBytesPerDay - Number(used?.day ?? 0);
  return hourLeft <= dayLeft ? { left: hourLeft, window: 'hour', max: q.maxBytesPerHour } : { left: dayLeft, window: 'day', max: q.maxBytesPerDay };
}

/**
 * Stores the files of one upload, all or nothing: returns the new rows in the order of the files. Throws TOO_LARGE
 * (a file, or all of them together), UNSUPPORTED_MEDIA_TYPE, RATE_LIMITED (the address's budget is spent) or
 * VALIDATION (no files), having kept nothing.
 */
export async function storeAttachments(
  ctx: AppContext,
  uploader: Uploader,
  files: AsyncIterable<UploadFile> | Iterable<UploadFile>,
  quota: UploadQuota = STAFF_UPLOAD_QUOTA,
): Promise<StoredAttachment[]> {
  // What this request may take: the request's own limit, or less when the address has less budget left. Checked
  // again (under a lock) before anything is kept, since other requests of the address may run at the same time.
  let budget = quota.maxBytesPerRequest;
  let overBudget = () => requestTooLarge(quota.maxBytesPerRequest);
  if (quota.perAddress) {
    const b = await addressBudgetLeft(ctx.db, quota.perAddress, ctx.now());
    if (b.left <= 0) throw addressBudgetSpent(b.window, b.max);
    if (b.left < budget) {
      budget = b.left;
      overBudget = () => addressBudgetSpent(b.window, b.max);
    }
  }

  const blobs: StagedBlob[] = [];
  const staged: { blob: StagedBlob; fileName: string; mediaType: MediaType }[] = [];
  let total = 0;
  try {
    for await (const file of files) {
      if (blobs.length >= quota.maxFiles) throw tooManyFiles(quota.maxFiles);
      const left = budget - total;
      const maxBytes = Math.min(ATTACHMENT_LIMITS.maxBytes, left);
      let blob: StagedBlob;
      try {
        blob = await ctx.attachments.stage(file.stream, { maxBytes });
      } catch (err) {
        // Past what is left of the request's budget rather than past the limit of one file.
        if (err instanceof XinfangError && err.code === 'TOO_LARGE' && maxBytes < ATTACHMENT_LIMITS.maxBytes) throw overBudget();
        throw err;
      }
      blobs.push(blob);
      total += blob.size;
      const mediaType = checkedMediaType(blob, file.fileName);
      await inspectStaged(blob, mediaType, file.fileName);
      staged.push({ blob, fileName: file.fileName, mediaType });
    }
    if (blobs.length === 0) throw new XinfangError('VALIDATION', '请选择要上传的文件', 'no file in the upload');
  } catch (err) {
    await Promise.all(blobs.map((b) => b.discard().catch(() => {})));
    throw err;
  }

  const now = ctx.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      if (quota.perAddress) {
        await lockXact(tx, 'uploadAddress', quota.perAddress.ip);
        const b = await addressBudgetLeft(tx, quota.perAddress, now);
        if (total > b.left) throw addressBudgetSpent(b.window, b.max);
      }
      // The bytes become durable under their key while the key is locked, so a sweep cannot delete them between
      // "they are there already" and the row that refers to them.
      for (const key of [...new Set(staged.map((s) => s.blob.storageKey))].sort()) await lockContent(tx, key);
      for (const s of staged) await s.blob.commit();
      return insertRows(tx, uploader, staged, now);
    });
  } catch (err) {
    await Promise.all(blobs.map((b) => b.discard().catch(() => {})));
    throw err;
  }
}

async function insertRows(tx: Tx, uploader: Uploader, staged: { blob: StagedBlob; fileName: string; mediaType: MediaType }[], now: Date): Promise<StoredAttachment[]> {
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
        uploaderIp: uploader.via === 'portal' ? (uploader.ip ?? null) : null,
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
}

/** One file; see `storeAttachments`. */
export async function storeAttachment(ctx: AppContext, input: UploadFile & { uploader: Uploader }): Promise<StoredAttachment> {
  const [row] = await storeAttachments(ctx, input.uploader, [{ stream: input.stream, fileName: input.fileName }]);
  return row!;
}

function tooManyFiles(n: number): XinfangError {
  return new XinfangError('TOO_LARGE', `一次最多上传 ${n} 个文件`, `at most ${n} files per upload`, { maxFiles: n });
}

function refusedFile(fileName: string, d: { messageZh: string; message: string; reason: string }): XinfangError {
  const name = cleanFileName(fileName).slice(0, 100);
  return new XinfangError('UNSUPPORTED_MEDIA_TYPE', `文件「${name}」：${d.messageZh}`, `file ${JSON.stringify(name)}: ${d.message}`, { fileName: name, reason: d.reason });
}

function checkedMediaType(blob: StagedBlob, fileName: string) {
  const d = detectMediaType({ head: blob.head, tail: blob.tail, size: blob.size });
  if (d.ok) return d.mediaType;
  throw refusedFile(fileName, d);
}

/** PDF and Office containers are read whole (at most ATTACHMENT_LIMITS.maxBytes) for what head and tail cannot show. */
async function inspectStaged(blob: StagedBlob, mediaType: MediaType, fileName: string): Promise<void> {
  if (!needsInspection(mediaType)) return;
  const chunks: Buffer[] = [];
  for await (const chunk of await blob.open()) chunks.push(chunk as Buffer);
  const refusal = inspectContent(Buffer.concat(chunks), mediaType);
  if (refusal) throw refusedFile(fileName, refusal);
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
      throw new AttachmentUnavailable('CONFLICT', `附件「${a.fileName}」已属于另一信访件`, `attachment ${a.id} already belongs to another petition`, { attachmentId: a.id });
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
