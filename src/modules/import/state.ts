import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';

/**
 * The state file beside the input (`FILE.import-state.json`), rewritten after every committed batch: which file
 * (size, mtime, sha-256 of its first and last MiB), the last committed line and the counts so far. The database
 * holds the same facts in the import's audit events, written in each batch's own transaction; see importer.ts for
 * how the two are reconciled when a run resumes.
 */

export interface FileFingerprint {
  size: number;
  mtimeMs: number;
  headSha256: string;
  tailSha256: string;
}

export interface ImportCounts {
  imported: number;
  skipped: number;
  bad: number;
  mattersCreated: number;
  repeatsLinked: number;
}

export interface ImportState {
  version: 1;
  file: string;
  fingerprint: FileFingerprint;
  /** Stable id of this file's content: the import's audit entity id. */
  importId: string;
  /** One run and its resumptions share a run id; a run from line 1 (new, finished before, or --restart) gets a new one. */
  runId: string;
  lastCommittedLine: number;
  totals: ImportCounts;
  finished: boolean;
  startedAt: string;
  updatedAt: string;
}

export const ZERO_COUNTS: ImportCounts = { imported: 0, skipped: 0, bad: 0, mattersCreated: 0, repeatsLinked: 0 };

const MIB = 1 << 20;

function sha256Of(path: string, start: number, length: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buf, read, length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    return createHash('sha256').update(buf.subarray(0, read)).digest('hex');
  } finally {
    closeSync(fd);
  }
}

export function fingerprintOf(path: string): FileFingerprint {
  const st = statSync(path);
  const head = Math.min(MIB, st.size);
  const tailStart = Math.max(0, st.size - MIB);
  return { size: st.size, mtimeMs: Math.trunc(st.mtimeMs), headSha256: sha256Of(path, 0, head), tailSha256: sha256Of(path, tailStart, st.size - tailStart) };
}

/** The same content gives the same id, wherever the file lies and whenever it was touched. */
export function importIdOf(f: FileFingerprint): string {
  return createHash('sha256').update(`${f.size}:${f.headSha256}:${f.tailSha256}`).digest('hex').slice(0, 32);
}

export function sameFile(a: FileFingerprint, b: FileFingerprint): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.headSha256 === b.headSha256 && a.tailSha256 === b.tailSha256;
}

export function readState(path: string): ImportState | null {
  if (!existsSync(path)) return null;
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as ImportState;
    return s.version === 1 && typeof s.lastCommittedLine === 'number' && s.fingerprint ? s : null;
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed, so a crash never leaves half a state file. */
export function writeState(path: string, state: ImportState): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, path);
}
