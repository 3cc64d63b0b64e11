import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TarWriter, readTar } from './tar';

async function archive(files: [string, Buffer][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const tar = new TarWriter(out);
  for (const [name, content] of files) await tar.add(name, content.length, content);
  await tar.finish();
  out.end();
  return Buffer.concat(chunks);
}

describe('tar', () => {
  it('reads back what it wrote, in order, in 512-byte blocks; an entry left unread is skipped', async () => {
    const files: [string, Buffer][] = [
      ['manifest.json', Buffer.from('{"format":"xinfang-backup"}')],
      ['db/empty.jsonl', Buffer.alloc(0)],
      ['attachments/sha256/ab/cd/' + 'a'.repeat(64), Buffer.alloc(1500, 7)],
      ['db/信访.jsonl', Buffer.from('一行\n')],
    ];
    const bytes = await archive(files);
    expect(bytes.length % 512).toBe(0);
    const seen: [string, string][] = [];
    // Delivered in small pieces, as a gunzip stream does.
    const pieces = Array.from({ length: Math.ceil(bytes.length / 700) }, (_, i) => bytes.subarray(i * 700, (i + 1) * 700));
    for await (const entry of readTar(Readable.from(pieces))) {
      if (entry.name.startsWith('attachments/')) {
        seen.push([entry.name, `skipped ${entry.size}`]);
        continue;
      }
      const parts: Buffer[] = [];
      for await (const c of entry.content) parts.push(c);
      seen.push([entry.name, Buffer.concat(parts).toString()]);
    }
    expect(seen).toEqual([
      ['manifest.json', '{"format":"xinfang-backup"}'],
      ['db/empty.jsonl', ''],
      [files[2]![0], 'skipped 1500'],
      ['db/信访.jsonl', '一行\n'],
    ]);
  });

  it('refuses content longer or shorter than its header promised, and a damaged header', async () => {
    const tar = new TarWriter(new PassThrough());
    await expect(tar.add('x', 2, Buffer.from('abc'))).rejects.toThrow(/longer/);
    const bytes = await archive([['a.txt', Buffer.from('hello')]]);
    bytes[10] = 0x41;
    await expect(async () => {
      for await (const _ of readTar(Readable.from([bytes]))) void _;
    }).rejects.toThrow(/checksum/);
  });
});
