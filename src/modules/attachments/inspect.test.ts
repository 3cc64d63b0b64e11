import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PDF_ACTIVE_NAMES, inspectContent, inspectPdf, inspectZip } from './inspect';

const le16 = (n: number) => Buffer.from([n & 0xff, (n >> 8) & 0xff]);
const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

/** A small PDF: a catalog with `catalogExtra` in its dictionary, and a page whose content stream is `content`. */
function pdf(catalogExtra = '', content: Buffer = Buffer.from('BT /F1 12 Tf (hello) Tj ET')): Buffer {
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R ${catalogExtra}>>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n`),
    Buffer.from(`3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length ${content.length} >>\nstream\n`),
    content,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  ]);
}

/** A PDF 1.5 object stream holding `objects` (compressed with Flate unless told otherwise). */
function pdfWithObjectStream(objects: string, filter: 'flate' | 'none' | 'lzw' = 'flate'): Buffer {
  const data = filter === 'flate' ? deflateSync(Buffer.from(objects)) : Buffer.from(objects);
  const f = filter === 'flate' ? '/Filter /FlateDecode ' : filter === 'lzw' ? '/Filter /LZWDecode ' : '';
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n5 0 obj\n<< /Type /ObjStm /N 1 /First 4 ${f}/Length ${data.length} >>\nstream\n`),
    data,
    Buffer.from('\nendstream\nendobj\n%%EOF\n'),
  ]);
}

/** A ZIP with the given entries' declared sizes (no real data: only the central directory is read). */
function zip(entries: { name: string; compressed: number; uncompressed: number }[], opts: { declaredCount?: number } = {}): Buffer {
  const central: Buffer[] = [];
  for (const e of entries) {
    const n = Buffer.from(e.name);
    central.push(Buffer.concat([Buffer.from('PK\x01\x02', 'latin1'), Buffer.alloc(16), le32(e.compressed), le32(e.uncompressed), le16(n.length), le16(0), le16(0), Buffer.alloc(12), n]));
  }
  const local = Buffer.from('PK\x03\x04local-headers-and-data', 'latin1');
  const cd = Buffer.concat(central);
  const count = opts.declaredCount ?? entries.length;
  const eocd = Buffer.concat([Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(4), le16(count), le16(count), le32(cd.length), le32(local.length), le16(0)]);
  return Buffer.concat([local, cd, eocd]);
}

const docx = [
  { name: '[Content_Types].xml', compressed: 400, uncompressed: 1500 },
  { name: 'word/document.xml', compressed: 30_000, uncompressed: 200_000 },
];

describe('PDF active content', () => {
  it('accepts a plain document, and binary stream data that happens to spell a name', () => {
    expect(inspectPdf(pdf())).toBeNull();
    expect(inspectPdf(pdf('/Outlines 5 0 R /PageMode /UseNone'))).toBeNull();
    expect(inspectPdf(pdf('', Buffer.from('q /JS 1 Tf /AA gs /OpenAction Do Q')))).toBeNull();
  });

  it.each(PDF_ACTIVE_NAMES)('refuses /%s in a dictionary, in Chinese and English', (name) => {
    const r = inspectPdf(pdf(`/${name} 9 0 R`));
    expect(r).toMatchObject({ reason: 'active-content' });
    expect(r!.messageZh).toContain(`/${name}`);
    expect(r!.message).toContain(`/${name}`);
  });

  it('sees through #xx escapes and does not take a longer name for a short one', () => {
    expect(inspectPdf(pdf('/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>'))).toMatchObject({ reason: 'active-content' });
    expect(inspectPdf(pdf('/#4A#53 (x)'))).toMatchObject({ reason: 'active-content' });
    expect(inspectPdf(pdf('/JSX 1 /AAB 2 /Launcher 3'))).toBeNull();
  });

  it('lets an open action that only goes to a page pass (LibreOffice writes one), not one that acts', () => {
    expect(inspectPdf(pdf('/OpenAction [3 0 R /XYZ null null 0]'))).toBeNull();
    expect(inspectPdf(pdf('/OpenAction 9 0 R'))).toMatchObject({ reason: 'active-content' });
    expect(inspectPdf(pdf('/OpenAction << /S /URI /URI (http://example.com) >>'))).toMatchObject({ reason: 'active-content' });
  });

  it('inflates object streams and looks inside, and refuses those it cannot read', () => {
    expect(inspectPdf(pdfWithObjectStream('1 0 << /Type /Catalog /Pages 2 0 R >>'))).toBeNull();
    expect(inspectPdf(pdfWithObjectStream('1 0 << /Type /Catalog /OpenAction 7 0 R >>'))).toMatchObject({ reason: 'active-content' });
    expect(inspectPdf(pdfWithObjectStream('1 0 << /S /JavaScript /JS (x) >>', 'none'))).toMatchObject({ reason: 'active-content' });
    expect(inspectPdf(pdfWithObjectStream('1 0 << /Type /Catalog >>', 'lzw'))).toMatchObject({ reason: 'unreadable' });
    // Without its /Type, recognised by /N and /First.
    const untyped = pdfWithObjectStream('1 0 << /AA << /O 8 0 R >> >>').toString('latin1').replace('/Type /ObjStm ', '');
    expect(inspectPdf(Buffer.from(untyped, 'latin1'))).toMatchObject({ reason: 'active-content' });
  });

  it('is asked for PDFs and Office containers only', () => {
    expect(inspectContent(pdf('/AA 1 0 R'), 'application/pdf')).not.toBeNull();
    expect(inspectContent(pdf('/AA 1 0 R'), 'text/plain')).toBeNull();
  });
});

describe('ZIP containers (DOCX, XLSX)', () => {
  it('accepts what a real document declares', () => {
    expect(inspectZip(zip(docx))).toBeNull();
    expect(inspectContent(zip(docx), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBeNull();
  });

  it('refuses too many entries, too many bytes in all, and a ratio like a bomb’s', () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ name: `xl/worksheets/sheet${i}.xml`, compressed: 100, uncompressed: 300 }));
    expect(inspectZip(zip(many))).toMatchObject({ reason: 'archive-too-large' });
    const big = Array.from({ length: 5 }, (_, i) => ({ name: `word/media/image${i}.png`, compressed: 50_000_000, uncompressed: 50_000_000 }));
    expect(inspectZip(zip([...docx, ...big]))).toMatchObject({ reason: 'archive-too-large' });
    const bomb = inspectZip(zip([...docx, { name: 'word/document2.xml', compressed: 10_000, uncompressed: 100_000_000 }]));
    expect(bomb).toMatchObject({ reason: 'archive-too-large' });
    expect(bomb!.messageZh).toContain('压缩炸弹');
  });

  it('refuses ZIP64 and a directory that does not match its count', () => {
    expect(inspectZip(zip(docx, { declaredCount: 0xffff }))).toMatchObject({ reason: 'archive-too-large' });
    expect(inspectZip(zip([...docx, { name: 'x', compressed: 0xffffffff, uncompressed: 1 }]))).toMatchObject({ reason: 'archive-too-large' });
    expect(inspectZip(zip(docx, { declaredCount: 5 }))).toMatchObject({ reason: 'unreadable' });
    expect(inspectZip(Buffer.from('PK\x03\x04 no directory', 'latin1'))).toMatchObject({ reason: 'unreadable' });
  });
});
