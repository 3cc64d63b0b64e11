import type { Readable, Writable } from 'node:stream';

/**
 * A minimal tar (POSIX ustar) writer and reader for the backup archive, streamed through gzip by the caller. Only
 * regular files are written or read. Sizes past ustar's 8 GiB octal field use the GNU base-256 form, which GNU tar
 * and bsdtar read, so `tar -xzf backup.tar.gz` opens any backup for inspection.
 */

const BLOCK = 512;
const OCTAL_MAX = 8 ** 11 - 1;

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar: field too long: ${value}`);
  bytes.copy(buf, offset);
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  writeString(buf, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name longer than 100 bytes: ${name}`);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  if (size <= OCTAL_MAX) writeOctal(h, 124, 12, size);
  else {
    h[124] = 0x80;
    let v = BigInt(size);
    for (let i = 135; i > 124; i--) {
      h[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  writeOctal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  h.fill(0x20, 148, 156);
  h[156] = 0x30; // '0': a regular file
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

async function write(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    out.once('error', onError);
    out.once('drain', () => {
      out.off('error', onError);
      resolve();
    });
  });
}

export class TarWriter {
  constructor(private readonly out: Writable) {}

  /** Adds a file of exactly `size` bytes; the content's length is checked, because the header already promised it. */
  async add(name: string, size: number, content: Buffer | AsyncIterable<Buffer>, mtime = new Date()): Promise<void> {
    await write(this.out, header(name, size, mtime));
    let written = 0;
    const chunks: AsyncIterable<Buffer> | Buffer[] = Buffer.isBuffer(content) ? [content] : content;
    for await (const chunk of chunks) {
      written += chunk.length;
      if (written > size) throw new Error(`tar: ${name} is longer than ${size} bytes`);
      await write(this.out, chunk);
    }
    if (written !== size) throw new Error(`tar: ${name} has ${written} bytes, not ${size}`);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await write(this.out, Buffer.alloc(pad));
  }

  /** The two zero blocks that end an archive. */
  async finish(): Promise<void> {
    await write(this.out, Buffer.alloc(BLOCK * 2));
  }
}

/** Reads exact byte counts from a stream of chunks. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  private readonly source: AsyncIterator<Buffer>;
  constructor(input: Readable) {
    this.source = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  private async fill(n: number): Promise<boolean> {
    while (this.length < n) {
      const next = await this.source.next();
      if (next.done) return false;
      this.buffered.push(next.value);
      this.length += next.value.length;
    }
    return true;
  }

  private take(n: number): Buffer {
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    this.buffered = n < all.length ? [all.subarray(n)] : [];
    this.length = all.length - n;
    return all.subarray(0, n);
  }

  async read(n: number): Promise<Buffer | null> {
    return (await this.fill(n)) ? this.take(n) : null;
  }

  /** `n` bytes as chunks of at most 1 MiB, without holding them all. */
  async *chunks(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.length === 0 && !(await this.fill(1))) throw new Error('tar: the archive ends inside a file');
      const size = Math.min(left, this.length, 1 << 20);
      left -= size;
      yield this.take(size);
    }
  }
}

function readSize(h: Buffer): number {
  if (h[124]! & 0x80) {
    let v = 0n;
    for (let i = 125; i < 136; i++) v = (v << 8n) | BigInt(h[i]!);
    return Number(v);
  }
  return parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
}

export interface TarEntry {
  name: string;
  size: number;
  /** The content; it must be read to the end (or `skip`ped) before the next entry. */
  content: AsyncGenerator<Buffer>;
}

/** The archive's regular files in order. Each entry's content must be consumed before asking for the next. */
export async function* readTar(input: Readable): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(input);
  for (;;) {
    const h = await reader.read(BLOCK);
    if (!h || h.every((b) => b === 0)) return;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    const stored = parseInt(h.subarray(148, 156).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    if (sum !== stored) throw new Error('tar: a header checksum does not match (the archive is damaged)');
    const prefix = h.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const base = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const name = prefix ? `${prefix}/${base}` : base;
    const size = readSize(h);
    const type = String.fromCharCode(h[156]!);
    let consumed = 0;
    if (type === '0' || type === '\0') {
      const content = (async function* () {
        for await (const chunk of reader.chunks(size)) {
          consumed += chunk.length;
          yield chunk;
        }
      })();
      yield { name, size, content };
    }
    // Whatever the consumer left unread (or a non-file entry) is skipped.
    for await (const _ of reader.chunks(size - consumed)) void _;
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await reader.read(pad);
  }
}
