import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { prepareRow, recordContextOf, type PrepareSetup, type Prepared, type RawRow } from './prepare';

/**
 * The import's preparation (prepare.ts: JSON, validation, OpenCC, MinHash, jieba) spread over worker threads, so the
 * main thread only reads lines and writes batches; each batch is split into one slice per worker and comes back in
 * file order. With no workers (`size` 0) the rows are prepared inline, with the same result.
 */
export class PreparePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (p: Prepared[]) => void; reject: (e: unknown) => void }>();
  private nextId = 0;
  private failure: unknown = null;
  private readonly inline;

  constructor(setup: PrepareSetup, size: number) {
    this.inline = recordContextOf(setup);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./prepare-worker.mjs', import.meta.url), { workerData: setup });
      worker.on('message', (msg: { id: number; prepared: Prepared[] }) => {
        const w = this.waiting.get(msg.id);
        this.waiting.delete(msg.id);
        w?.resolve(msg.prepared);
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`import worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  /** Workers for a machine: one core is left to the main thread (and, on a small machine, to the database). */
  static defaultSize(): number {
    return Math.max(1, Math.min(4, availableParallelism() - 1));
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  async prepare(rows: RawRow[]): Promise<Prepared[]> {
    if (this.failure) throw this.failure;
    if (this.workers.length === 0 || rows.length === 0) return rows.map((r) => prepareRow(r, this.inline));
    const slice = Math.ceil(rows.length / this.workers.length);
    const parts = this.workers.map((worker, i) => {
      const part = rows.slice(i * slice, (i + 1) * slice);
      if (part.length === 0) return Promise.resolve([] as Prepared[]);
      const id = this.nextId++;
      return new Promise<Prepared[]>((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        worker.postMessage({ id, rows: part });
      });
    });
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
