/**
 * What the platform accepts as an attachment, in one place: the media types (detected from the content by
 * ./sniff.ts, never taken from the upload's claim or its file name) and the limits. To refuse a type, remove it
 * here; to accept a new one, add it here and teach sniff.ts to recognise it.
 */

export const ATTACHMENT_LIMITS = {
  /** Per file. A scanned letter of 30 pages at 300 dpi or a 20-minute call recording fits. */
  maxBytes: 20 * 1024 * 1024,
  /** Files in one upload request. */
  maxFilesPerUpload: 20,
  /**
   * All files of one staff upload request together (the citizen portal has its own, smaller budgets in
   * PortalLimits). Staff upload what a visitor brought in: a thick file of scans and a recording.
   */
  maxBytesPerUpload: 100 * 1024 * 1024,
  /**
   * Uploads never linked to a petition are removed this long after they arrived (`xinfang attachments sweep`, and
   * every XINFANG_SWEEP_MINUTES in `serve`); XINFANG_UPLOAD_RETENTION_HOURS overrides it. Keep it at least 24 hours:
   * the portal's per-address day budget counts the uploads that are still there.
   */
  unlinkedRetentionHours: 24,
  /**
   * DOCX/XLSX are ZIP containers: what their central directory declares is checked before they are accepted, so
   * a small file that expands to gigabytes (a zip bomb) is refused. Real documents have tens of entries and expand
   * to a few times their size.
   */
  zip: {
    maxEntries: 1000,
    maxUncompressedBytes: 200 * 1024 * 1024,
    /** Uncompressed / compressed size of one entry larger than 1 MiB uncompressed. */
    maxRatio: 200,
  },
  /** Bytes kept from the start and from the end of a file for content detection (ZIP directories sit at the end). */
  sampleBytes: 64 * 1024,
  /** A temporary file untouched for this long is left over from a crash and removed when the store opens. */
  staleTempMs: 60 * 60 * 1000,
} as const;

export interface MediaTypeInfo {
  labelZh: string;
  /** Accepted file name extensions, lower case, the first being the one appended when the name has none of them. */
  extensions: readonly string[];
}

export const MEDIA_TYPES = {
  'application/pdf': { labelZh: 'PDF 文档', extensions: ['pdf'] },
  'image/jpeg': { labelZh: 'JPEG 图片', extensions: ['jpg', 'jpeg', 'jpe'] },
  'image/png': { labelZh: 'PNG 图片', extensions: ['png'] },
  'image/gif': { labelZh: 'GIF 图片', extensions: ['gif'] },
  'image/webp': { labelZh: 'WebP 图片', extensions: ['webp'] },
  'image/tiff': { labelZh: 'TIFF 扫描件', extensions: ['tif', 'tiff'] },
  'audio/mpeg': { labelZh: 'MP3 录音', extensions: ['mp3'] },
  'audio/wav': { labelZh: 'WAV 录音', extensions: ['wav'] },
  'audio/amr': { labelZh: 'AMR 录音', extensions: ['amr'] },
  'audio/mp4': { labelZh: 'M4A 录音', extensions: ['m4a'] },
  'video/mp4': { labelZh: 'MP4 视频', extensions: ['mp4', 'm4v'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { labelZh: 'Word 文档', extensions: ['docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { labelZh: 'Excel 表格', extensions: ['xlsx'] },
  'application/msword': { labelZh: 'Word 97-2003 文档', extensions: ['doc'] },
  'application/vnd.ms-excel': { labelZh: 'Excel 97-2003 表格', extensions: ['xls'] },
  'text/plain': { labelZh: '文本文件（UTF-8）', extensions: ['txt'] },
} as const satisfies Record<string, MediaTypeInfo>;

export type MediaType = keyof typeof MEDIA_TYPES;

export const ALLOWED_MEDIA_TYPES = Object.keys(MEDIA_TYPES) as MediaType[];

/** How a browser may preview a file (`GET /attachments/:id?inline=1`, the petition page): images inline, PDFs in a new tab, anything else only downloads. */
export function previewOf(mediaType: string): 'image' | 'pdf' | null {
  if (mediaType === 'application/pdf') return 'pdf';
  if (/^image\/(jpeg|png|gif|webp)$/.test(mediaType)) return 'image'; // TIFF: browsers do not draw it
  return null;
}
