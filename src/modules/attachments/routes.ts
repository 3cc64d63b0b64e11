import multipart from '@fastify/multipart';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission } from '../../http/auth';
import { hasForbiddenCharacters } from '../../http/input-guard';
import { ErrorResponse } from '../../http/schemas';
import type { AppContext } from '../../context';
import { XinfangError } from '../../shared/errors';
import { ATTACHMENT_LIMITS, previewOf } from './config';
import { STAFF_UPLOAD_QUOTA, openAttachment, storeAttachments, type AttachmentRow, type StoredAttachment, type UploadQuota, type Uploader, type UploadFile } from './service';
import { tooLarge } from './store';

const AttachmentDto = z.object({
  id: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
});

export function toAttachmentDto(a: AttachmentRow) {
  return { id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size, sha256: a.sha256 };
}

/**
 * Registers multipart parsing with the attachment limits in the calling plugin (encapsulated: only that plugin's
 * routes accept multipart). The citizen portal's public plugin calls this too, then `receiveUploads`.
 */
export async function acceptAttachmentUploads(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: ATTACHMENT_LIMITS.maxBytes,
      files: ATTACHMENT_LIMITS.maxFilesPerUpload,
      fields: 20,
      fieldSize: 4096,
      parts: ATTACHMENT_LIMITS.maxFilesPerUpload + 20,
      headerPairs: 100,
    },
  });
}

/**
 * Errors of the multipart parser (@fastify/multipart) in the project's error shape. `fromParser` holds the errors
 * that came out of the parser (its iterator or a part's stream), so an uncoded error is recognised by where it came
 * from, never by its wording.
 */
function uploadError(err: unknown, fromParser: WeakSet<object>): unknown {
  const code = (err as { code?: string } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(ATTACHMENT_LIMITS.maxBytes);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
    const n = ATTACHMENT_LIMITS.maxFilesPerUpload;
    return new XinfangError('TOO_LARGE', `一次最多上传 ${n} 个文件`, `at most ${n} files per upload`, { maxFiles: n });
  }
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new XinfangError('VALIDATION', '请以 multipart/form-data 方式上传文件', 'expected a multipart/form-data body');
  if (code === 'FST_MP_PREMATURE_CLOSE') return new XinfangError('VALIDATION', '上传中断，请重新上传', 'the upload was interrupted');
  // busboy's own errors carry no code: a missing or over-long boundary, a body that ends mid-part. They are the
  // client's malformed body, never the server's fault; the store's errors do not come from the parser, and the
  // socket's carry a code (ECONNRESET …), so both stay what they are.
  if (err instanceof Error && !(err instanceof XinfangError) && code === undefined && fromParser.has(err)) {
    return new XinfangError('VALIDATION', '上传内容不是有效的 multipart/form-data，请重新上传', `malformed multipart body: ${err.message}`);
  }
  return err;
}

/**
 * Stores every file part of a multipart request (all or nothing) for `uploader`. For the citizen portal:
 *
 *     await acceptAttachmentUploads(app);                        // in the portal's plugin
 *     const rows = await receiveUploads(app.ctx, request, { via: 'portal', ip: request.ip });
 *     // rows[i].uploadToken: give it to the citizen's browser; registration links with { [id]: uploadToken }
 */
export async function receiveUploads(ctx: AppContext, request: FastifyRequest, uploader: Uploader, quota: UploadQuota = STAFF_UPLOAD_QUOTA): Promise<StoredAttachment[]> {
  const fromParser = new WeakSet<object>();
  if (!request.isMultipart()) throw uploadError({ code: 'FST_INVALID_MULTIPART_CONTENT_TYPE' }, fromParser);
  // A declared body far past the request's budget is refused before a byte of it is read (the multipart framing
  // and its headers get 1 MiB of slack); the budget itself is enforced on the bytes as they arrive.
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > quota.maxBytesPerRequest + 1024 * 1024) {
    const mib = Math.round((quota.maxBytesPerRequest / 1024 / 1024) * 10) / 10;
    throw new XinfangError('TOO_LARGE', `一次上传的文件合计不能超过 ${mib} MB`, `the files of one upload may total at most ${quota.maxBytesPerRequest} bytes`, { maxBytesPerRequest: quota.maxBytesPerRequest });
  }
  const noteParserError = (err: unknown) => {
    if (typeof err === 'object' && err !== null) fromParser.add(err);
  };
  // The parser fails a part's stream when the body breaks off inside it (destroying it, or emitting on it); the store
  // only reads a part, and ends it without an error of its own.
  const partStreams: Readable[] = [];
  async function* files(): AsyncGenerator<UploadFile> {
    try {
      for await (const part of request.files()) {
        partStreams.push(part.file);
        part.file.on('error', noteParserError);
        // busboy stops at the limit and ends the part as if it were complete: fail the stream instead, so the store
        // never keeps a truncated file.
        part.file.once('limit', () => part.file.destroy(tooLarge(ATTACHMENT_LIMITS.maxBytes)));
        // The one string of an upload the JSON guard (src/http/input-guard.ts) cannot see.
        if (hasForbiddenCharacters(part.filename)) {
          part.file.resume();
          throw new XinfangError('VALIDATION', '文件名含有不允许的控制字符', 'the file name contains control characters', { field: 'filename' });
        }
        yield { stream: part.file, fileName: part.filename };
      }
    } catch (err) {
      noteParserError(err);
      throw err;
    }
  }
  try {
    return await storeAttachments(ctx, uploader, files(), quota);
  } catch (err) {
    for (const stream of partStreams) noteParserError(stream.errored);
    throw uploadError(err, fromParser);
  }
}

/** RFC 6266 / 8187: an ASCII fallback plus the exact UTF-8 name, so 信访材料.pdf arrives as 信访材料.pdf. */
export function contentDisposition(fileName: string, inline = false): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  await acceptAttachmentUploads(app);

  app.post(
    '/attachments',
    {
      preHandler: requirePermission('matter.register'),
      schema: {
        tags: ['attachments'],
        summary: 'Upload attachments (附件): multipart/form-data, one or more file parts',
        description: `Each file at most ${ATTACHMENT_LIMITS.maxBytes} bytes, at most ${ATTACHMENT_LIMITS.maxFilesPerUpload} files and ${ATTACHMENT_LIMITS.maxBytesPerUpload} bytes in all per request (413); the type is detected from the content, PDFs with active content and Office zip bombs are refused (415, docs/attachments.md). All or nothing. Link the ids when registering the petition; unlinked uploads are removed after ${ATTACHMENT_LIMITS.unlinkedRetentionHours} hours.`,
        response: { 201: z.object({ items: z.array(AttachmentDto) }), 400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse },
      },
    },
    async (request, reply) => {
      const rows = await receiveUploads(app.ctx, request, { via: 'staff', principal: principalOf(request) });
      return reply.status(201).send({ items: rows.map(toAttachmentDto) });
    },
  );

  app.get(
    '/attachments/:id',
    {
      preHandler: requirePermission('matter.read'),
      schema: {
        tags: ['attachments'],
        summary: 'Download an attachment (its bytes, with the detected Content-Type)',
        description: '`?inline=1` asks for a preview: an image or a PDF is then sent `Content-Disposition: inline` (shown by the browser, still under the sandboxing CSP); any other type downloads as without it.',
        params: z.object({ id: z.string() }),
        querystring: z.object({ inline: z.enum(['0', '1']).optional() }),
        // The body is the file's bytes (streamed, never serialised); described here for the API docs only.
        response: { 200: z.any().describe('the file, with Content-Type, Content-Disposition (filename*) and X-Content-Type-Options: nosniff'), 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { attachment, stream } = await openAttachment(app.ctx, principalOf(request), request.params.id);
      return reply
        .header('content-type', attachment.mediaType.startsWith('text/') ? `${attachment.mediaType}; charset=utf-8` : attachment.mediaType)
        .header('content-length', attachment.size)
        .header('content-disposition', contentDisposition(attachment.fileName, request.query.inline === '1' && previewOf(attachment.mediaType) !== null))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );
};
