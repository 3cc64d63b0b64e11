import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from './tx';

/**
 * Every PostgreSQL advisory lock the app takes, in one place. Several app nodes share one database, and an advisory
 * key means something only if every node agrees on it: two features that picked the same number would wait for each
 * other (or, worse, one would exclude the other's work); a key changed in one place only stops excluding the nodes
 * still running the old code. So no file but this one names a key or calls `pg_advisory_*` (a unit test checks both).
 *
 * Two forms, as PostgreSQL has them:
 * - `whole`: one 64-bit key locks one thing for the whole database (the migrations, the routing model);
 * - `perSubject`: a class in the first 32-bit key and a subject in the second (`hashtext(subject)`): one lock per
 *   content key, address or ID number. Hash collisions between subjects only make two unrelated subjects wait for
 *   each other, never let two holders of the same subject in.
 * PostgreSQL keeps the two forms apart, but keys here are unique across both so a number reads as one lock in
 * `pg_locks` and in a review.
 *
 * Never renumber a key while nodes of the old version run (a rolling upgrade): give the new use a new number and
 * retire the old one below.
 */
export const LOCKS = {
  migrations: {
    key: 7100000,
    form: 'whole',
    why: 'Nodes starting at once: the first applies the migrations, the others wait and find nothing to do (session lock, src/db/client.ts).',
  },
  auditChain: {
    key: 7100001,
    form: 'perSubject',
    why: 'Per chain of the audit trail (its number as the subject): appenders of one chain take turns at its head, so each chain stays linear across nodes (src/modules/audit/append.ts).',
  },
  routingModelVersion: {
    key: 7100002,
    form: 'whole',
    why: 'Two trainings at once (two nodes, a double click) must not pick the same routing-model version (src/modules/routing/service.ts).',
  },
  calendar: {
    key: 7100004,
    form: 'whole',
    why:
      'Every clock-row write holds it shared from reading the calendar version to its commit; a schedule load tries for it exclusively to bump the ' +
      'version (retrying, never waiting), so no node writes due dates of the old calendar after a load committed (src/modules/calendar/service.ts).',
  },
  attachmentContent: {
    key: 7100010,
    form: 'perSubject',
    why: 'Per content key: a row referring to stored bytes and the sweep deleting unreferenced bytes never interleave (src/modules/attachments).',
  },
  uploadAddress: {
    key: 7100011,
    form: 'perSubject',
    why: "Per client address: concurrent portal uploads cannot both fit in the address's byte budget (src/modules/attachments/service.ts).",
  },
  portalIdNumber: {
    key: 7100012,
    form: 'perSubject',
    why: 'Per ID number: concurrent portal submissions cannot both pass the per-person daily limit (src/modules/portal/submit.ts).',
  },
} as const satisfies Record<string, { key: number; form: 'whole' | 'perSubject'; why: string }>;

/**
 * Keys no longer taken, kept so nobody reuses them while an older node may still take them. 7100003: the clock
 * scanner's sweep lock (the scanner now locks one matter at a time, SKIP LOCKED). Before 7100012, portal submissions
 * by ID number used class 7100002, the number of the routing-model lock (apart only by PostgreSQL's key forms).
 */
export const RETIRED_LOCK_KEYS: readonly number[] = [7100003];

export type LockName = keyof typeof LOCKS;
type WholeLock = { [K in LockName]: (typeof LOCKS)[K]['form'] extends 'whole' ? K : never }[LockName];
type SubjectLock = Exclude<LockName, WholeLock>;

function keyArgs(name: LockName, subject?: string) {
  const lock = LOCKS[name];
  if ((lock.form === 'perSubject') !== (subject !== undefined)) throw new Error(`advisory lock ${name} is ${lock.form}`);
  return subject === undefined ? sql`${lock.key}::bigint` : sql`${lock.key}::int, hashtext(${subject})`;
}

/** Waits for the lock; held until the transaction ends. */
export async function lockXact(tx: DbOrTx, name: WholeLock): Promise<void>;
export async function lockXact(tx: DbOrTx, name: SubjectLock, subject: string): Promise<void>;
export async function lockXact(tx: DbOrTx, name: LockName, subject?: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${keyArgs(name, subject)})`);
}

/** Waits for the lock in shared mode (many holders at once, none while someone holds it exclusively). */
export async function lockXactShared(tx: DbOrTx, name: WholeLock): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${keyArgs(name)})`);
}

/** Takes the lock if free; false when another transaction holds it. */
export async function tryLockXact(tx: DbOrTx, name: WholeLock): Promise<boolean>;
export async function tryLockXact(tx: DbOrTx, name: SubjectLock, subject: string): Promise<boolean>;
export async function tryLockXact(tx: DbOrTx, name: LockName, subject?: string): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${keyArgs(name, subject)}) AS ok`);
  return row?.ok === true;
}

/** Session-level lock and unlock, as SQL text, for code that holds a raw connection (the migrator). */
export function sessionLockSql(name: WholeLock): { lock: string; unlock: string } {
  const key = LOCKS[name].key;
  return { lock: `SELECT pg_advisory_lock(${key})`, unlock: `SELECT pg_advisory_unlock(${key})` };
}
