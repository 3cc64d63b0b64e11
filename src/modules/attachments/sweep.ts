import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import { attachments } from '../../db/schema';
import { chinaDateOf } from '../../domain/calendar';
import type { AppContext } from '../../context';
import { appendEvents } from '../audit/append';
import { ATTACHMENT_LIMITS } from './config';
import { lockContent } from './service';
import { repeat, type JobLog } from '../../shared/repeat';

/**
 * The sweep of unlinked uploads: an upload that no petition took within the retention (default
 * ATTACHMENT_LIMITS.unlinkedRetentionHours) is removed, so abandoned portal forms and aborted registrations do not
 * fill the disk. `serve` runs it every XINFANG_SWEEP_MINUTES; `xinfang attachments sweep` runs it once.
 *
 * - One unit of work per attachment: its row is claimed with FOR UPDATE SKIP LOCKED in a transaction of its own,
 *   deleted, and the removal recorded (`attachment.removed`) in the same transaction. Several nodes sweeping at
 *   once take different rows; a registration linking the attachment at the same moment either wins (the row is no
 *   longer unlinked) or waits and finds it gone (404, "upload again").
 * - The bytes are content-addressed and shared by every row with the same content: they are deleted only when no
 *   row refers to them any more, checked under the content lock that uploads also take (service.ts `lockContent`).
 */

export interface SweepResult {
  /** Attachment rows removed (each with its `attachment.removed` event). */
  removed: number;
  /** Stored files deleted (content no other attachment shares). */
  filesDeleted: number;
  bytesFreed: number;
}

export interface SweepOptions {
  retentionHours?: number;
  /** At most this many attachments in one run (the next run goes on). */
  limit?: number;
}

export async function sweepUnlinkedAttachments(ctx: AppContext, opts: SweepOptions = {}): Promise<SweepResult> {
  const retentionHours = opts.retentionHours ?? ATTACHMENT_LIMITS.unlinkedRetentionHours;
  const limit = opts.limit ?? 10_000;
  const result: SweepResult = { removed: 0, filesDeleted: 0, bytesFreed: 0 };
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - retentionHours * 3_600_000);
  while (result.removed < limit) {
    const row = await ctx.db.transaction(async (tx) => {
      const [old] = await tx
        .select()
        .from(attachments)
        .where(and(isNull(attachments.petitionId), lt(attachments.createdAt, cutoff)))
        .orderBy(asc(attachments.createdAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!old) return null;
      await tx.delete(attachments).where(eq(attachments.id, old.id));
      await appendEvents(tx, [
        {
          entityType: 'attachment',
          entityId: old.id,
          type: 'attachment.removed',
          onDate: chinaDateOf(now),
          occurredAt: now,
          actorUserId: null,
          actorBodyId: null,
          actorRoles: ['system'],
          payload: {
            reason: 'unlinked',
            retentionHours,
            uploadedAt: old.createdAt.toISOString(),
            via: old.uploadedVia,
            fileName: old.fileName,
            size: old.size,
            sha256: old.sha256,
          },
        },
      ]);
      return old;
    });
    if (!row) break;
    result.removed++;
    const deleted = await ctx.db.transaction(async (tx) => {
      await lockContent(tx, row.storageKey);
      const [other] = await tx.select({ id: attachments.id }).from(attachments).where(and(eq(attachments.sha256, row.sha256), eq(attachments.storageKey, row.storageKey))).limit(1);
      if (other) return false;
      await ctx.attachments.remove(row.storageKey);
      return true;
    });
    if (deleted) {
      result.filesDeleted++;
      result.bytesFreed += row.size;
    }
  }
  return result;
}

/**
 * Runs the sweep now and then every `minutes`, logging what it removed; errors are logged and the next run retries.
 * Returns the function that stops it.
 */
export function scheduleAttachmentSweep(ctx: AppContext, minutes: number, opts: SweepOptions, log: JobLog): () => void {
  return repeat('attachment sweep', minutes * 60_000, () => sweepUnlinkedAttachments(ctx, opts), log, (r) =>
    r.removed ? { fields: { ...r }, message: 'unlinked uploads removed' } : null,
  );
}
