import { describe, expect, it } from 'vitest';
import { ALLOWED_MEDIA_TYPES } from './config';
import { cleanFileName, detectMediaType, safeFileName, zipEntryNames } from './sniff';

const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const le16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const le32 = (n: number) => [...le16(n & 0xffff), ...le16(n >>> 16)];

/** A ZIP local file header (stored, no data) for `name`, as an OOXML writer puts one before each part. */
function localHeader(name: string, data = Buffer.alloc(0)): Buffer {
  const n = Buffer.from(name, 'utf8');
  return bytes('PK\x03\x04', [20, 0, 0, 0, 0, 0, 0, 0, 0, 0], le32(0), le32(data.length), le32(data.length), le16(n.length), le16(0), n, data);
}

/** A ZIP central directory entry for `name`. */
function centralEntry(name: string): Buffer {
  const n = Buffer.from(name, 'utf8');
  return bytes('PK\x01\x02', [20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0], le32(0), le32(0), le32(0), le16(n.length), le16(0), le16(0), le16(0), le16(0), le32(0), le32(0), n);
}

const ooxml = (...names: string[]) => Buffer.concat(names.map((n) => localHeader(n, Buffer.from('<x/>'))));

/** An OLE2 header sector followed by a directory sector naming `streams` (UTF-16LE, 128-byte entries). */
function ole2(...streams: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  const dir = Buffer.alloc(512);
  ['Root Entry', ...streams].slice(0, 4).forEach((name, i) => {
    Buffer.from(`${name}\0`, 'utf16le').copy(dir, i * 128);
    dir.writeUInt16LE((name.length + 1) * 2, i * 128 + 64);
  });
  return Buffer.concat([header, dir]);
}

const PAD = Buffer.alloc(64, 0x11);

const ACCEPTED: [string, Buffer, string][] = [
  ['PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), 'application/pdf'],
  ['JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', PAD), 'image/jpeg'],
  ['JPEG (Exif, a phone photo)', bytes([0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34], 'Exif\0\0', PAD), 'image/jpeg'],
  ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR', PAD), 'image/png'],
  ['GIF89a', bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0]), 'image/gif'],
  ['GIF87a', bytes('GIF87a', [1, 0, 1, 0, 0x80, 0, 0]), 'image/gif'],
  ['WEBP', bytes('RIFF', le32(100), 'WEBPVP8 ', PAD), 'image/webp'],
  ['TIFF little-endian (a scanner)', bytes('II*\0', le32(8), PAD), 'image/tiff'],
  ['TIFF big-endian', bytes('MM\0*', [0, 0, 0, 8], PAD), 'image/tiff'],
  ['MP3 with ID3 tag', bytes('ID3', [4, 0, 0, 0, 0, 0, 0], PAD), 'audio/mpeg'],
  ['MP3 frame without tag (MPEG-1 layer III, 128 kbit/s, 44.1 kHz)', bytes([0xff, 0xfb, 0x90, 0x64], PAD), 'audio/mpeg'],
  ['WAV', bytes('RIFF', le32(36), 'WAVEfmt ', le32(16), PAD), 'audio/wav'],
  ['AMR-NB (a phone call recording)', bytes('#!AMR\n', [0x3c, 0x48, 0xf5]), 'audio/amr'],
  ['AMR-WB', bytes('#!AMR-WB\n', [0x44, 0x00]), 'audio/amr'],
  ['M4A', bytes([0, 0, 0, 0x20], 'ftypM4A ', [0, 0, 0, 0], 'M4A isommp42', PAD), 'audio/mp4'],
  ['MP4', bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0], 'isomiso2', PAD), 'video/mp4'],
  ['MP4 (mp42)', bytes([0, 0, 0, 0x18], 'ftypmp42', [0, 0, 0, 0], 'mp42isom', PAD), 'video/mp4'],
  ['DOCX', ooxml('[Content_Types].xml', '_rels/.rels', 'word/document.xml'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['XLSX', ooxml('[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['DOC', ole2('WordDocument', '1Table'), 'application/msword'],
  ['XLS', ole2('Workbook'), 'application/vnd.ms-excel'],
  ['XLS (Excel 5 "Book")', ole2('Book'), 'application/vnd.ms-excel'],
  ['UTF-8 text in Chinese', Buffer.from('信访人反映：小区供暖不达标，请求处理。\n', 'utf8'), 'text/plain'],
  ['UTF-8 text with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('来信内容', 'utf8')]), 'text/plain'],
];

describe('content detection (magic bytes)', () => {
  it.each(ACCEPTED)('recognises %s', (_name, head, mediaType) => {
    expect(detectMediaType({ head, size: head.length })).toEqual({ ok: true, mediaType });
  });

  it('accepts every configured type and detects only configured types', () => {
    const detected = new Set(ACCEPTED.map(([, , t]) => t));
    expect([...detected].sort()).toEqual([...ALLOWED_MEDIA_TYPES].sort());
  });

  it('tells DOCX from XLSX by the central directory at the end when the head does not show the parts', () => {
    const head = localHeader('[Content_Types].xml', Buffer.alloc(200, 0x55));
    const tail = Buffer.concat([centralEntry('[Content_Types].xml'), centralEntry('xl/workbook.xml')]);
    expect(detectMediaType({ head, tail, size: 100_000 })).toMatchObject({ ok: true, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(zipEntryNames(head, tail).sort()).toEqual(['[Content_Types].xml', 'xl/workbook.xml']);
  });

  it('accepts a text head cut in the middle of a character when the file goes on', () => {
    const text = Buffer.from('信访事项'.repeat(10), 'utf8');
    const head = text.subarray(0, text.length - 1);
    expect(detectMediaType({ head, size: text.length + 1000 })).toEqual({ ok: true, mediaType: 'text/plain' });
    // … but not when that is the whole file.
    expect(detectMediaType({ head, size: head.length }).ok).toBe(false);
  });

  const REFUSED: [string, Buffer, string][] = [
    ['a Windows executable (PE)', bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], PAD, 'PE\0\0'), 'executable'],
    ['a Linux executable (ELF)', bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], PAD), 'executable'],
    ['a Mach-O executable', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1], PAD), 'executable'],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'script'],
    ['a batch file', Buffer.from('@echo off\r\ndel /q C:\\*\r\n'), 'script'],
    ['a PHP file', Buffer.from('<?php system($_GET["c"]); ?>'), 'script'],
    ['an HTML page', Buffer.from('<!DOCTYPE html><html><body>hi</body></html>'), 'markup'],
    ['an HTML fragment with script', Buffer.from('  <script>alert(1)</script>'), 'markup'],
    ['text hiding a script tag', Buffer.from('尊敬的领导：<img src=x onerror=alert(1)><script>fetch("/x")</script>'), 'markup'],
    ['an SVG with script', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'markup'],
    ['a bare SVG', Buffer.from('<svg onload="alert(1)"/>'), 'markup'],
    ['a ZIP archive', ooxml('readme.txt', 'setup.exe'), 'archive'],
    ['a JAR (ZIP with a manifest)', ooxml('META-INF/MANIFEST.MF', 'Main.class'), 'archive'],
    ['a macro-enabled Word document', ooxml('[Content_Types].xml', 'word/document.xml', 'word/vbaProject.bin'), 'macro'],
    ['a Word 97 document with macros', ole2('WordDocument', 'Macros'), 'macro'],
    ['an MSI installer (OLE2 without Word/Excel streams)', ole2('\u4840\u3b3f\u4577'), 'unknown'],
    ['a RAR archive', bytes('Rar!\x1a\x07\x00', PAD), 'archive'],
    ['a gzip file', bytes([0x1f, 0x8b, 8, 0], PAD), 'archive'],
    ['GBK text (not UTF-8)', Buffer.from([0xd0, 0xc5, 0xb7, 0xc3, 0xca, 0xc2, 0xcf, 0xee]), 'unknown'],
    ['UTF-16 text (NUL bytes)', Buffer.from('\ufeff来信', 'utf16le'), 'unknown'],
    ['random binary', Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0x00]), 'unknown'],
    ['an unknown RIFF form (AVI)', bytes('RIFF', le32(100), 'AVI LIST', PAD), 'unknown'],
    ['a QuickTime movie', bytes([0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 0, 0], PAD), 'unknown'],
    ['an empty file', Buffer.alloc(0), 'empty'],
  ];

  it.each(REFUSED)('refuses %s with a Chinese and an English reason', (_name, head, reason) => {
    const d = detectMediaType({ head, size: head.length });
    expect(d).toMatchObject({ ok: false, reason });
    if (d.ok) return;
    expect(d.messageZh).toMatch(/[\u4e00-\u9fa5]{2}/);
    expect(d.messageZh).toContain('可上传的类型');
    expect(d.message).toMatch(/accepted/);
  });

  it('refuses a renamed .exe whatever it is called: the name is never consulted', () => {
    const exe = bytes('MZ', [0x90, 0, 3, 0], PAD, 'This program cannot be run in DOS mode.');
    expect(detectMediaType({ head: exe, size: exe.length })).toMatchObject({ ok: false, reason: 'executable' });
    // The file name plays no part in detection, so "信访材料.pdf" holding these bytes is refused the same way.
  });

  it('refuses a type that detection knows but the configuration does not allow', () => {
    const pdf = bytes('%PDF-1.4\n');
    expect(detectMediaType({ head: pdf }, ['image/png'])).toMatchObject({ ok: false, reason: 'unknown' });
  });
});

describe('safe file names', () => {
  it('keeps a good name and its extension whatever its case', () => {
    expect(safeFileName('信访材料.pdf', 'application/pdf')).toBe('信访材料.pdf');
    expect(safeFileName('IMG_0001.JPG', 'image/jpeg')).toBe('IMG_0001.JPG');
  });

  it('gives the detected type’s extension to a name that claims another', () => {
    expect(safeFileName('说明.bat', 'text/plain')).toBe('说明.bat.txt');
    expect(safeFileName('scan', 'image/tiff')).toBe('scan.tif');
  });

  it('drops directories, control and bidirectional-override characters', () => {
    expect(safeFileName('C:\\Users\\x\\..\\报告.pdf', 'application/pdf')).toBe('C__Users_x_.._报告.pdf');
    expect(safeFileName('invoice\u202Efdp.exe', 'application/pdf')).toBe('invoicefdp.exe.pdf');
    expect(safeFileName('a\u0000b\nc.txt', 'text/plain')).toBe('abc.txt');
    expect(safeFileName('...', 'text/plain')).toBe('附件.txt');
  });

  it('drops every bidirectional control, C1 controls, separators and zero-width characters, and caps the length', () => {
    for (const c of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u0085', '\u009B', '\u2028', '\u200B', '\uFEFF', '\u007F']) {
      expect(safeFileName(`报告${c}fdp.exe`, 'application/pdf'), JSON.stringify(c)).toBe('报告fdp.exe.pdf');
    }
    expect(safeFileName('../../etc/passwd', 'text/plain')).toBe('_.._etc_passwd.txt');
    const long = safeFileName(`${'信'.repeat(500)}.pdf`, 'application/pdf');
    expect([...long].length).toBe(200);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(cleanFileName('a/b\\c\u202E.txt')).toBe('a_b_c.txt');
  });

  it('shortens a very long name and keeps the extension', () => {
    const name = safeFileName(`${'很长'.repeat(200)}.pdf`, 'application/pdf');
    expect([...name].length).toBe(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});
