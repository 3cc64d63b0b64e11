import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, accessSync, constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { sessionLockSql } from './locks';
import { ReadReplica, type ReplicaOptions } from './replica';
import * as schema from './schema';

export type Schema = typeof schema;
/** One type for both drivers: code above this file never knows which database it runs on. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for logs: a directory, 'memory', or the URL without its password. */
  location: string;
  /** The streaming replica for search, analytics and lists (DATABASE_READ_URL), when there is one. */
  replica?: ReadReplica;
  /** The primary's connection pool in use (PostgreSQL; PGlite has one in-process connection): for /api/metrics. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolSize?: number; readUrl?: string; replica?: ReplicaOptions }
  | { kind: 'pglite'; dataDir: string | null };

/** A database problem a user can fix; shown without a stack trace. */
export class DatabaseSetupError extends Error {
  constructor(
    readonly messageZh: string,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseSetupError';
  }
}

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'postgres' ? openPostgres(config) : openPglite(config.dataDir);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

async function openPostgres({ url, poolSize = 10, readUrl, replica: replicaOptions }: Extract<DatabaseConfig, { kind: 'postgres' }>): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  // A pool's idle clients can error when the server restarts; without a listener that would crash the process.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseSetupError(
      `无法连接 PostgreSQL 数据库（${redact(url)}）：${reason}。请检查 DATABASE_URL 与数据库服务是否已启动。`,
      `cannot connect to PostgreSQL at ${redact(url)}: ${reason}. Check DATABASE_URL and that the server is running.`,
    );
  }
  const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
  // The replica is not checked here: one that is down at start only means reads go to the primary until it is up.
  const replica = readUrl ? new ReadReplica(pool, redact(readUrl), readUrl, { poolSize, ...replicaOptions }) : undefined;
  return {
    db,
    kind: 'postgres',
    location: redact(url),
    replica,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      await replica?.close();
      await pool.end();
    },
  };
}

/**
 * PGlite keeps its files in one directory that only one process may open at a time; a second process would corrupt
 * it, so a lock file with the owner's pid guards it (a stale lock from a dead process is taken over).
 */
function takeDirectoryLock(dataDir: string): () => void {
  const lockFile = join(dataDir, '..', `${dataDir.split(/[\\/]/).pop() ?? 'pglite'}.lock`);
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    let alive = false;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) {
      throw new DatabaseSetupError(
        `数据目录 ${dataDir} 正被另一个进程（pid ${pid}）使用。请先停止该进程，或设置 XINFANG_DATA_DIR 使用其他目录。`,
        `data directory ${dataDir} is in use by another process (pid ${pid}). Stop it first or set XINFANG_DATA_DIR.`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function checkDataDir(dataDir: string): void {
  try {
    if (existsSync(dataDir)) {
      if (!statSync(dataDir).isDirectory()) throw new Error('exists and is not a directory');
    } else {
      mkdirSync(dataDir, { recursive: true });
    }
    accessSync(dataDir, constants.R_OK | constants.W_OK);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseSetupError(
      `数据目录 ${dataDir} 不可用：${reason}。请检查路径与读写权限，或设置 XINFANG_DATA_DIR。`,
      `data directory ${dataDir} is unusable: ${reason}. Check the path and permissions, or set XINFANG_DATA_DIR.`,
    );
  }
}

async function openPglite(dataDir: string | null): Promise<Database> {
  let release = () => {};
  if (dataDir) {
    checkDataDir(dataDir);
    release = takeDirectoryLock(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir ?? undefined);
  } catch (err) {
    release();
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseSetupError(
      `无法打开内嵌数据库（${dataDir ?? '内存'}）：${reason}。数据目录可能已损坏或不是 PGlite 数据目录。`,
      `cannot open the embedded database at ${dataDir ?? 'memory'}: ${reason}. The directory may be damaged or not a PGlite data directory.`,
    );
  }
  const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? 'memory',
    close: async () => {
      await client.close();
      release();
    },
  };
}

/** Applies the committed migrations (drizzle/). Safe with several app nodes starting at once on PostgreSQL. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  // Serialise concurrent starts: the first node migrates, the others wait and then find nothing to do. The lock is
  // per connection, so the migration runs on the very connection that holds it.
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  const conn = await pool.connect();
  try {
    await conn.query(sessionLockSql('migrations').lock);
    await migratePg(drizzlePg({ client: conn, casing: 'snake_case' }), { migrationsFolder });
  } finally {
    await conn.query(sessionLockSql('migrations').unlock).catch(() => {});
    conn.release();
  }
}

/** The data directory (embedded database, attachments): `XINFANG_DATA_DIR`, default `./data`. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.XINFANG_DATA_DIR ?? './data');
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (env.DATABASE_URL) {
    const maxLag = env.XINFANG_READ_MAX_LAG_SECONDS;
    if (maxLag !== undefined && !(Number(maxLag) >= 0)) {
      throw new DatabaseSetupError(
        `XINFANG_READ_MAX_LAG_SECONDS 应为非负秒数（现为 ${maxLag}）。`,
        `XINFANG_READ_MAX_LAG_SECONDS must be a number of seconds ≥ 0 (is ${maxLag}).`,
      );
    }
    return {
      kind: 'postgres',
      url: env.DATABASE_URL,
      readUrl: env.DATABASE_READ_URL || undefined,
      replica: maxLag !== undefined ? { maxLagSeconds: Number(maxLag) } : undefined,
    };
  }
  // A replica streams from a PostgreSQL server; the embedded database has none, and silently ignoring the setting
  // would leave an operator believing reads were offloaded.
  if (env.DATABASE_READ_URL) {
    throw new DatabaseSetupError(
      '设置了 DATABASE_READ_URL（只读副本）但未设置 DATABASE_URL：只读副本只能配合 PostgreSQL 主库使用。',
      'DATABASE_READ_URL is set without DATABASE_URL: a read replica works only with a PostgreSQL primary.',
    );
  }
  return { kind: 'pglite', dataDir: resolve(dataDirFromEnv(env), 'pglite') };
}
