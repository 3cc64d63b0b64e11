import { ALLOWED_MEDIA_TYPES, MEDIA_TYPES, type MediaType } from './config';

/**
 * Content detection from magic bytes, without a dependency (`file-type` needs Node 22). What a file is comes from
 * its bytes only: the name and the multipart Content-Type are the sender's claim and are ignored. Anything not
 * positively recognised as one of the accepted types is refused, executables and markup with a reason of their own.
 */

/** What detection looks at: the first bytes, and (for formats with a directory at the end, ZIP) the last bytes. */
export interface ContentSample {
  head: Buffer;
  tail?: Buffer;
  /** The whole file's size; when it is not more than `head.length`, `head` is the whole file. */
  size?: number;
}

export type RefusalReason = 'empty' | 'executable' | 'script' | 'markup' | 'archive' | 'macro' | 'unknown';

export type Detection =
  | { ok: true; mediaType: MediaType }
  | { ok: false; reason: RefusalReason; messageZh: string; message: string };

const ACCEPTED_ZH = '可上传的类型：PDF、图片（JPEG/PNG/GIF/WebP/TIFF）、录音（MP3/WAV/AMR/M4A）、MP4 视频、Word/Excel 文档、UTF-8 文本';
const ACCEPTED_EN = 'accepted: PDF, images (JPEG/PNG/GIF/WebP/TIFF), recordings (MP3/WAV/AMR/M4A), MP4 video, Word/Excel documents, UTF-8 text';

function refuse(reason: RefusalReason, zh: string, en: string): Detection {
  return { ok: false, reason, messageZh: `${zh}。${ACCEPTED_ZH}`, message: `${en}; ${ACCEPTED_EN}` };
}

const ok = (mediaType: MediaType): Detection => ({ ok: true, mediaType });

function startsWith(buf: Buffer, bytes: readonly number[] | string, offset = 0): boolean {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return buf.length >= offset + b.length && buf.subarray(offset, offset + b.length).equals(b);
}

const ascii = (buf: Buffer, start: number, end: number) => buf.subarray(start, end).toString('latin1');

/** Detects the media type of a file from its content; refuses what is not one of `allowed`. */
export function detectMediaType(sample: ContentSample, allowed: readonly MediaType[] = ALLOWED_MEDIA_TYPES): Detection {
  const d = detect(sample);
  if (d.ok && !allowed.includes(d.mediaType)) {
    return refuse('unknown', `不接受此类文件（${MEDIA_TYPES[d.mediaType].labelZh}）`, `files of type ${d.mediaType} are not accepted`);
  }
  return d;
}

function detect({ head, tail, size }: ContentSample): Detection {
  if ((size ?? head.length) === 0 || head.length === 0) return refuse('empty', '文件为空', 'the file is empty');

  // Programs first: whatever else the bytes might also look like, an executable is refused as one.
  if (startsWith(head, 'MZ')) return refuse('executable', '不接受可执行程序（Windows EXE/DLL）', 'executables (Windows PE) are not accepted');
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return refuse('executable', '不接受可执行程序（ELF）', 'executables (ELF) are not accepted');
  for (const magic of [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]]) {
    if (startsWith(head, magic)) return refuse('executable', '不接受可执行程序（Mach-O/Java）', 'executables (Mach-O, Java class) are not accepted');
  }

  if (startsWith(head, '%PDF-')) return ok('application/pdf');
  if (startsWith(head, [0xff, 0xd8, 0xff])) return ok('image/jpeg');
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ok('image/png');
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return ok('image/gif');
  if (startsWith(head, 'II*\0') || startsWith(head, 'MM\0*')) return ok('image/tiff');
  if (startsWith(head, 'RIFF') && head.length >= 12) {
    const form = ascii(head, 8, 12);
    if (form === 'WEBP') return ok('image/webp');
    if (form === 'WAVE') return ok('audio/wav');
    return refuse('unknown', '无法识别的 RIFF 文件', 'unrecognised RIFF file');
  }
  // AMR-NB and AMR-WB (phone call recordings); before the "#!" script check below, which they would match.
  if (startsWith(head, '#!AMR\n') || startsWith(head, '#!AMR-WB\n')) return ok('audio/amr');
  if (startsWith(head, 'ID3') || isMpegAudioFrame(head)) return ok('audio/mpeg');
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp') return isoMedia(ascii(head, 8, 12));
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return ole2(head, tail);
  if (startsWith(head, 'PK\x03\x04')) return ooxml(head, tail);
  if (startsWith(head, 'PK\x05\x06') || startsWith(head, 'Rar!') || startsWith(head, '7z\xbc\xaf\x27\x1c') || startsWith(head, [0x1f, 0x8b])) {
    return refuse('archive', '不接受压缩包，请解压后上传其中的文件', 'archives are not accepted; upload the files inside');
  }
  return text(head, size);
}

/**
 * An MPEG audio layer III frame header (MP3 without an ID3 tag): 11 sync bits, a valid version, layer III, a valid
 * bitrate and sample rate. Layer I/II are not taken: FF FE, the UTF-16 byte-order mark, would pass as layer I.
 */
function isMpegAudioFrame(h: Buffer): boolean {
  if (h.length < 4 || h[0] !== 0xff || (h[1]! & 0xe0) !== 0xe0) return false;
  const version = (h[1]! >> 3) & 3;
  const layer = (h[1]! >> 1) & 3;
  const bitrate = (h[2]! >> 4) & 0xf;
  const rate = (h[2]! >> 2) & 3;
  return version !== 1 && layer === 1 && bitrate !== 0 && bitrate !== 0xf && rate !== 3;
}

/** ISO base media (MP4 family), told apart by the major brand of the `ftyp` box. */
function isoMedia(brand: string): Detection {
  if (['M4A ', 'M4B ', 'F4A '].includes(brand)) return ok('audio/mp4');
  if (['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'M4V ', 'MSNV', 'dash', 'f4v '].includes(brand)) return ok('video/mp4');
  return refuse('unknown', `无法识别的音视频格式（${brand.trim()}）`, `unrecognised ISO media brand ${JSON.stringify(brand)}`);
}

function utf16(s: string): Buffer {
  return Buffer.from(s, 'utf16le');
}

/**
 * OLE2 compound files hold Word 97-2003 and Excel 97-2003 documents, but also installers (MSI) and others: the
 * stream names in the directory tell them apart. The directory may sit anywhere in the file; head and tail cover
 * it for all but large files with it in the middle, which are refused as unrecognised (saving as DOCX/XLSX helps).
 */
function ole2(head: Buffer, tail?: Buffer): Detection {
  const has = (name: string) => head.includes(utf16(name)) || (tail?.includes(utf16(name)) ?? false);
  if (has('Macros') || has('_VBA_PROJECT')) return refuse('macro', '不接受含宏的 Office 文档', 'Office documents with macros are not accepted');
  if (has('WordDocument')) return ok('application/msword');
  if (has('Workbook') || has('Book\0')) return ok('application/vnd.ms-excel');
  return refuse('unknown', '无法识别的 OLE2 复合文档（仅接受 Word/Excel 97-2003 文档）', 'unrecognised OLE2 compound file (only Word/Excel 97-2003 documents are accepted)');
}

/** The entry names of a ZIP file found in the local headers of `head` and the central directory in `tail`. */
export function zipEntryNames(head: Buffer, tail?: Buffer): string[] {
  const names = new Set<string>();
  const collect = (buf: Buffer, signature: string, lengthAt: number, nameAt: number) => {
    const sig = Buffer.from(signature, 'latin1');
    for (let i = buf.indexOf(sig); i >= 0 && i + nameAt <= buf.length; i = buf.indexOf(sig, i + 4)) {
      const len = buf.readUInt16LE(i + lengthAt);
      if (len > 0 && i + nameAt + len <= buf.length) names.add(buf.subarray(i + nameAt, i + nameAt + len).toString('utf8'));
    }
  };
  collect(head, 'PK\x03\x04', 26, 30);
  if (tail) collect(tail, 'PK\x01\x02', 28, 46);
  return [...names];
}

/** DOCX and XLSX are ZIP packages with `[Content_Types].xml` and a `word/` or `xl/` part; any other ZIP is refused. */
function ooxml(head: Buffer, tail?: Buffer): Detection {
  const names = zipEntryNames(head, tail);
  if (names.some((n) => /vbaProject\.bin$/i.test(n))) return refuse('macro', '不接受含宏的 Office 文档', 'Office documents with macros are not accepted');
  if (names.includes('[Content_Types].xml')) {
    if (names.some((n) => n.startsWith('word/'))) return ok('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    if (names.some((n) => n.startsWith('xl/'))) return ok('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }
  return refuse('archive', '不接受压缩包或无法识别的 ZIP 文件（仅接受 DOCX/XLSX 文档）', 'archives and unrecognised ZIP files are not accepted (only DOCX/XLSX)');
}

const MARKUP_START = /^<(!doctype\s+html|html|head|body|script|svg|\?xml|iframe|object|embed|meta|link|style|form|img|a\s|div|!--)/i;
const MARKUP_ANYWHERE = /<(script|svg|iframe|html|object|embed)\b|javascript:/i;

/** Plain text: valid UTF-8 without NUL bytes, and neither a script nor markup a browser would run. */
function text(head: Buffer, size?: number): Detection {
  const complete = size === undefined || size <= head.length;
  if (head.includes(0)) return refuse('unknown', '无法识别的文件类型', 'unrecognised file type');
  let decoded: string;
  try {
    // A head cut in the middle of a multi-byte character is not an error: `stream` keeps the partial sequence.
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
  } catch {
    return refuse('unknown', '无法识别的文件类型（文本文件须为 UTF-8 编码）', 'unrecognised file type (text must be UTF-8)');
  }
  const start = decoded.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('#!') || /^(<\?php|<%|@echo\s+off)/i.test(start)) return refuse('script', '不接受脚本文件', 'scripts are not accepted');
  if (MARKUP_START.test(start) || MARKUP_ANYWHERE.test(decoded)) return refuse('markup', '不接受网页（HTML/SVG/XML）文件', 'web pages (HTML/SVG/XML) are not accepted');
  return ok('text/plain');
}

/**
 * Characters a file name must not carry: control characters (C0, DEL, C1), the bidirectional controls that can
 * disguise "exe.pdf" as "fdp.exe" (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), line and paragraph separators,
 * zero-width characters and the byte-order mark.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** A file name as a sender wrote it, made harmless to show: no unsafe characters, no path, at most 200 characters. */
export function cleanFileName(name: string): string {
  const clean = name
    .normalize('NFC')
    .replace(UNSAFE_IN_NAME, '')
    .replace(/[/\\:*?"<>|]/g, '_')
    .trim()
    .replace(/^\.+/, '');
  return [...clean].slice(0, 200).join('');
}

/**
 * The name a file is kept and offered under: no directories, control or bidirectional-override characters (which
 * can disguise "exe.pdf" as "fdp.exe"), at most 200 characters, and an extension that matches the detected type:
 * `报告.bat` holding text becomes `报告.bat.txt`, so the download never opens as a program.
 */
export function safeFileName(name: string, mediaType: MediaType): string {
  const { extensions } = MEDIA_TYPES[mediaType];
  let clean = cleanFileName(name);
  if (!clean) clean = '附件';
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 ? clean.slice(dot + 1).toLowerCase() : '';
  if (!(extensions as readonly string[]).includes(ext)) clean = `${clean}.${extensions[0]}`;
  if ([...clean].length > 200) {
    const suffix = clean.slice(clean.lastIndexOf('.'));
    clean = [...clean].slice(0, 200 - [...suffix].length).join('') + suffix;
  }
  return clean;
}
