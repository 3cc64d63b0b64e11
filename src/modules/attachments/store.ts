import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { XinfangError } from '../../shared/errors';
import { ATTACHMENT_LIMITS } from './config';

/**
 * Where attachment bytes live. Content-addressed: the key is derived from the SHA-256 of the bytes, so identical
 * files are kept once and a key never changes meaning. Receiving is two-phase so that nothing half-written is ever
 * kept: `stage` takes the whole stream into a temporary place (hashing as it goes, refusing past `maxBytes`, and
 * removing every trace when the stream fails), the caller inspects the sample, then `commit` makes it durable
 * under its key or `discard` drops it. An object store implements the same four operations (stage = upload to a
 * staging key or a multipart upload; commit = server-side copy to the content key; discard = delete/abort).
 */
export interface AttachmentStore {
  stage(stream: Readable, opts: PutOptions): Promise<StagedBlob>;
  /** `stage` + `commit` for callers with nothing to check in between. */
  put(stream: Readable, opts: PutOptions): Promise<StoredBlob>;
  /** The bytes under a committed key; rejects when there are none. */
  get(storageKey: string): Promise<Readable>;
  exists(storageKey: string): Promise<boolean>;
  /**
   * Deletes the bytes under a committed key (idempotent). The caller makes sure no attachment row refers to them
   * any more (the sweep of unlinked uploads, under the content lock: see sweep.ts).
   */
  remove(storageKey: string): Promise<void>;
}

export interface PutOptions {
  /** More bytes than this and the put fails with TOO_LARGE, keeping nothing. */
  maxBytes: number;
}

export interface StoredBlob {
  storageKey: string;
  sha256: string;
  size: number;
  /** The first bytes (up to ATTACHMENT_LIMITS.sampleBytes), for content detection. */
  head: Buffer;
}

export interface StagedBlob extends StoredBlob {
  /** The last bytes (up to ATTACHMENT_LIMITS.sampleBytes): ZIP and OLE2 keep their directories at the end. */
  tail: Buffer;
  /** The staged bytes, for checks that need the whole file (inspect.ts); only before commit or discard. */
  open(): Promise<Readable>;
  /** Keeps the bytes under `storageKey` (once, if they are there already); idempotent. */
  commit(): Promise<void>;
  /** Drops the staged bytes; idempotent, and a no-op after commit. */
  discard(): Promise<void>;
}

export function tooLarge(maxBytes: number): XinfangError {
  const mib = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return new XinfangError('TOO_LARGE', `文件超过大小上限（每个文件不超过 ${mib} MB）`, `file larger than the limit of ${maxBytes} bytes`, { maxBytes });
}

const KEY = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export function storageKeyOf(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/**
 * The store on the local file system (the data directory, or a mounted volume shared by several app nodes):
 *
 *     <root>/tmp/<time>-<random>.part        while receiving (same file system, so the final rename is atomic)
 *     <root>/sha256/ab/cd/abcd…(64 hex)      committed bytes, read-only by convention
 *
 * A temporary file is fsynced before it is renamed into place and the directory after, so a crash leaves either
 * the complete file under its key or a temporary file, which `open` removes once it is stale.
 */
export class LocalAttachmentStore implements AttachmentStore {
  readonly rootDir: string;
  private readonly tmpDir: string;

  constructor(rootDir: string) {
    this.rootDir = resolve(rootDir);
    this.tmpDir = join(this.rootDir, 'tmp');
  }

  /**
   * The store at `rootDir`, after removing temporary files left by a crash (untouched for `staleTempMs`).
   * Directories are created on the first upload, so commands that never upload leave no trace.
   */
  static async open(rootDir: string, opts: { staleTempMs?: number; now?: () => Date } = {}): Promise<LocalAttachmentStore> {
    const store = new LocalAttachmentStore(rootDir);
    await store.removeStaleTemp(opts.staleTempMs ?? ATTACHMENT_LIMITS.staleTempMs, (opts.now ?? (() => new Date()))());
    return store;
  }

  /** Removes temporary files older than `olderThanMs`; a younger one may be an upload still arriving on another node. */
  async removeStaleTemp(olderThanMs: number, now: Date): Promise<number> {
    let removed = 0;
    const names = await readdir(this.tmpDir).catch(() => [] as string[]);
    for (const name of names) {
      if (!name.endsWith('.part')) continue;
      const path = join(this.tmpDir, name);
      const info = await stat(path).catch(() => null);
      if (info && now.getTime() - info.mtimeMs >= olderThanMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  private pathOf(storageKey: string): string {
    if (!KEY.test(storageKey)) throw new Error(`not a storage key: ${storageKey}`);
    return join(this.rootDir, ...storageKey.split('/'));
  }

  async stage(stream: Readable, opts: PutOptions): Promise<StagedBlob> {
    await mkdir(this.tmpDir, { recursive: true });
    const tmpPath = join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
    const file = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    const sample = ATTACHMENT_LIMITS.sampleBytes;
    const headParts: Buffer[] = [];
    let headLength = 0;
    let tail = Buffer.alloc(0);
    let size = 0;
    try {
      for await (const chunk of stream) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        size += buf.length;
        // Refused as soon as the limit is passed: leaving the loop destroys the source stream.
        if (size > opts.maxBytes) throw tooLarge(opts.maxBytes);
        hash.update(buf);
        if (headLength < sample) {
          const part = buf.subarray(0, sample - headLength);
          headParts.push(Buffer.from(part));
          headLength += part.length;
        }
        tail = buf.length >= sample ? Buffer.from(buf.subarray(buf.length - sample)) : Buffer.concat([tail, buf]).subarray(-sample);
        for (let written = 0; written < buf.length; ) {
          const { bytesWritten } = await file.write(buf, written, buf.length - written);
          written += bytesWritten;
        }
      }
      await file.sync();
      await file.close();
    } catch (err) {
      await file.close().catch(() => {});
      await rm(tmpPath, { force: true });
      if (!stream.destroyed) stream.destroy();
      throw err;
    }
    const sha256 = hash.digest('hex');
    const storageKey = storageKeyOf(sha256);
    const finalPath = this.pathOf(storageKey);
    let state: 'staged' | 'committed' | 'discarded' = 'staged';
    return {
      storageKey,
      sha256,
      size,
      head: Buffer.concat(headParts),
      tail: Buffer.from(tail),
      open: async () => {
        if (state !== 'staged') throw new Error(`open after ${state}`);
        return (await open(tmpPath, 'r')).createReadStream();
      },
      commit: async () => {
        if (state === 'committed') return;
        if (state === 'discarded') throw new Error('commit after discard');
        await mkdir(dirname(finalPath), { recursive: true });
        const existing = await stat(finalPath).catch(() => null);
        if (existing?.isFile() && existing.size === size) {
          // The same content is kept already (the key is its hash): one copy is enough.
          await rm(tmpPath, { force: true });
        } else {
          await rename(tmpPath, finalPath);
          await syncDirectory(dirname(finalPath));
        }
        state = 'committed';
      },
      discard: async () => {
        if (state !== 'staged') return;
        state = 'discarded';
        await rm(tmpPath, { force: true });
      },
    };
  }

  async put(stream: Readable, opts: PutOptions): Promise<StoredBlob> {
    const staged = await this.stage(stream, opts);
    try {
      await staged.commit();
    } catch (err) {
      await staged.discard();
      throw err;
    }
    return { storageKey: staged.storageKey, sha256: staged.sha256, size: staged.size, head: staged.head };
  }

  async get(storageKey: string): Promise<Readable> {
    const file = await open(this.pathOf(storageKey), 'r');
    return file.createReadStream();
  }

  async exists(storageKey: string): Promise<boolean> {
    const info = await stat(this.pathOf(storageKey)).catch(() => null);
    return info?.isFile() ?? false;
  }

  async remove(storageKey: string): Promise<void> {
    const path = this.pathOf(storageKey);
    await rm(path, { force: true });
    await syncDirectory(dirname(path));
  }
}

/** Makes a rename durable; not every platform can fsync a directory (Windows), and there it is best effort. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
