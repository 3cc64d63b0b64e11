import { parentPort, workerData } from 'node:worker_threads';
import { prepareRow, recordContextOf, type PrepareSetup, type RawRow } from './prepare';

/** A worker thread of the import's preparation pool (prepare-pool.ts): rows in, prepared rows out, in order. */
const ctx = recordContextOf(workerData as PrepareSetup);
parentPort!.on('message', (msg: { id: number; rows: RawRow[] }) => {
  parentPort!.postMessage({ id: msg.id, prepared: msg.rows.map((r) => prepareRow(r, ctx)) });
});
