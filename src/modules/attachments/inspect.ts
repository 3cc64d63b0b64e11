import { constants, inflateSync } from 'node:zlib';
import { ATTACHMENT_LIMITS, type MediaType } from './config';

/**
 * Checks of a whole file, after `sniff.ts` has recognised its type from the first and last bytes: what a type may
 * carry that makes it dangerous to open (PDF actions and scripts) or to unpack (ZIP bombs in DOCX/XLSX). Pure
 * functions over the bytes; the service reads the staged file (at most ATTACHMENT_LIMITS.maxBytes) for the types
 * that need it.
 */

export interface Refusal {
  reason: 'active-content' | 'archive-too-large' | 'unreadable';
  messageZh: string;
  message: string;
}

/** The media types whose whole content is inspected. */
export function needsInspection(mediaType: MediaType): boolean {
  return mediaType === 'application/pdf' || mediaType.startsWith('application/vnd.openxmlformats-officedocument.');
}

export function inspectContent(bytes: Buffer, mediaType: MediaType): Refusal | null {
  if (mediaType === 'application/pdf') return inspectPdf(bytes);
  if (mediaType.startsWith('application/vnd.openxmlformats-officedocument.')) return inspectZip(bytes);
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// PDF

/**
 * PDF names that make a reader run something or open something when the document is viewed: scripts, actions run on
 * opening or on events (additional actions, /AA), launching programs, embedded files (which readers offer to open),
 * Flash/3D (RichMedia) and XFA forms (scriptable). A scanned letter or a document saved as PDF needs none of them.
 */
export const PDF_ACTIVE_NAMES = ['JavaScript', 'JS', 'OpenAction', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'AA', 'RichMedia', 'XFA'] as const;
const ACTIVE = new Set<string>(PDF_ACTIVE_NAMES);

/** A name token: "/" and regular characters (PDF 32000-1 §7.2.2: not white space, not a delimiter). */
const NAME = /\/([^\s()<>[\]{}/%]*)/g;
/** The start of a stream's data: the keyword after its dictionary, then CRLF or LF (or, wrongly but seen, CR). */
const STREAM_START = /stream(?:\r\n|\n|\r)/g;
/** Inflated object streams (all of one file together) larger than this are not examined but refused. */
const MAX_INFLATED = 64 * 1024 * 1024;

/** `/J#61vaScript` is `/JavaScript`: names may spell any character as #xx. */
function decodeName(raw: string): string {
  return raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function activeNameIn(text: string): string | null {
  for (const m of text.matchAll(NAME)) {
    const name = decodeName(m[1]!);
    if (!ACTIVE.has(name)) continue;
    // `/OpenAction [3 0 R /XYZ null null 0]` only opens the document at a page (an explicit destination, as
    // LibreOffice writes by default); an action dictionary or a reference to one is what runs something.
    if (name === 'OpenAction' && /^\s*\[/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 64))) continue;
    return name;
  }
  return null;
}

function activeRefusal(name: string): Refusal {
  return {
    reason: 'active-content',
    messageZh: `不接受含脚本、自动操作或嵌入文件的 PDF（含 /${name}）。请用“打印为 PDF”或扫描件另存后再上传`,
    message: `PDF files with scripts, automatic actions or embedded files are not accepted (found /${name}); print it to a new PDF and upload that`,
  };
}

/**
 * Finds active content in a PDF. The objects are scanned outside their streams (stream data is images and page
 * content, whose bytes could spell a name by chance), and object streams (/Type /ObjStm, PDF 1.5), which hold
 * dictionaries compressed, are inflated and scanned too. An object stream that cannot be read (encrypted, another
 * filter, damaged) is refused: what cannot be checked is not accepted.
 */
export function inspectPdf(bytes: Buffer): Refusal | null {
  const text = bytes.toString('latin1');
  let pos = 0;
  let inflated = 0;
  STREAM_START.lastIndex = 0;
  for (let m = STREAM_START.exec(text); m; m = STREAM_START.exec(text)) {
    // "endstream" matches too; a stream keyword follows its dictionary's ">>".
    if (text.slice(Math.max(0, m.index - 3), m.index) === 'end') continue;
    if (!/>>\s*$/.test(text.slice(Math.max(pos, m.index - 64), m.index))) continue;
    const dictStart = text.lastIndexOf(' obj', m.index);
    const outside = text.slice(pos, m.index);
    const found = activeNameIn(outside);
    if (found) return activeRefusal(found);
    const dataStart = m.index + m[0].length;
    const end = text.indexOf('endstream', dataStart);
    const dataEnd = end < 0 ? text.length : end;
    const dict = text.slice(dictStart >= pos ? dictStart : pos, m.index);
    const names = [...dict.matchAll(NAME)].map((n) => decodeName(n[1]!));
    // An object stream: /Type /ObjStm, or (readers do not all check the type) the /N and /First it must have.
    if (names.includes('ObjStm') || (names.includes('N') && names.includes('First'))) {
      const filters = names.filter((n) => /Decode$/.test(n));
      let content: Buffer;
      try {
        const data = bytes.subarray(dataStart, dataEnd);
        if (filters.length === 0) content = data;
        else if (filters.length === 1 && filters[0] === 'FlateDecode' && !names.includes('DecodeParms')) {
          content = inflateSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_INFLATED - inflated });
        } else throw new Error(`filters ${filters.join(',')}`);
      } catch {
        return {
          reason: 'unreadable',
          messageZh: 'PDF 中有无法检查的压缩对象（可能已加密或损坏）。请用“打印为 PDF”另存为未加密的 PDF 后再上传',
          message: 'the PDF has compressed objects that cannot be checked (encrypted or damaged); print it to a new, unencrypted PDF and upload that',
        };
      }
      inflated += content.length;
      const inside = activeNameIn(content.toString('latin1'));
      if (inside) return activeRefusal(inside);
    }
    pos = end < 0 ? text.length : end + 'endstream'.length;
    STREAM_START.lastIndex = pos;
  }
  const found = activeNameIn(text.slice(pos));
  return found ? activeRefusal(found) : null;
}

// ---------------------------------------------------------------------------------------------------------------
// ZIP (DOCX, XLSX)

function zipRefusal(zh: string, en: string): Refusal {
  return { reason: 'archive-too-large', messageZh: `${zh}，疑为压缩炸弹，不予接收`, message: `${en}; refused as a possible zip bomb` };
}

/**
 * Checks what a ZIP container declares in its central directory: the number of entries, their total uncompressed
 * size and each large entry's compression ratio, against ATTACHMENT_LIMITS.zip. ZIP64 (needed only past 4 GiB or
 * 65 535 entries) is refused outright: no document that fits the size limit needs it.
 */
export function inspectZip(bytes: Buffer, limits: typeof ATTACHMENT_LIMITS.zip = ATTACHMENT_LIMITS.zip): Refusal | null {
  const broken = (what: string): Refusal => ({
    reason: 'unreadable',
    messageZh: '文档已损坏，无法检查（ZIP 目录不完整），请重新保存后上传',
    message: `damaged document: ${what}`,
  });
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > bytes.length || bytes.length - eocd > 22 + 0xffff) return broken('no end of central directory');
  const entries = bytes.readUInt16LE(eocd + 10);
  const cdSize = bytes.readUInt32LE(eocd + 12);
  const cdOffset = bytes.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff || bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))) {
    return zipRefusal('文档使用 ZIP64 格式', 'the document uses ZIP64');
  }
  if (entries > limits.maxEntries) return zipRefusal(`文档包含 ${entries} 个部件，超过上限 ${limits.maxEntries}`, `the document has ${entries} entries, more than ${limits.maxEntries}`);
  let total = 0;
  let at = cdOffset;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return broken('central directory entry missing');
    const compressed = bytes.readUInt32LE(at + 20);
    const uncompressed = bytes.readUInt32LE(at + 24);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return zipRefusal('文档使用 ZIP64 格式', 'the document uses ZIP64');
    total += uncompressed;
    if (uncompressed > 1024 * 1024 && uncompressed > limits.maxRatio * Math.max(compressed, 1)) {
      return zipRefusal(`文档中有部件压缩比超过 ${limits.maxRatio} 倍`, `an entry expands more than ${limits.maxRatio} times`);
    }
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  if (total > limits.maxUncompressedBytes) {
    const mib = Math.round(limits.maxUncompressedBytes / 1024 / 1024);
    return zipRefusal(`文档解压后超过 ${mib} MB`, `the document expands to ${total} bytes, more than ${limits.maxUncompressedBytes}`);
  }
  return null;
}
