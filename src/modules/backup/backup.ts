import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { queryRows, type DbOrTx } from '../../db/tx';
import type { AttachmentStore } from '../attachments/store';
import { verifyChain } from '../audit/verify';
import { XinfangError } from '../../shared/errors';
import { TarWriter, readTar } from './tar';

/**
 * `xinfang backup` / `xinfang restore`: the database and the attachment store in one portable archive (.tar.gz), the
 * same for PGlite and PostgreSQL (no pg_dump, which embedded deployments do not have; an archive made on one restores
 * on the other). Contents, in order:
 *
 *     manifest.json                     format, time, database kind, the applied migrations, each table's file with
 *                                       its row count and SHA-256, each attachment's key, size and SHA-256
 *     db/<table>.jsonl                  the table's rows as JSON (to_jsonb), in primary-key order
 *     attachments/sha256/ab/cd/<hash>   the attachment bytes (content-addressed: the name is the SHA-256)
 *
 * The tables are read in one REPEATABLE READ READ ONLY transaction, so the archive is one consistent moment while the
 * application keeps running. Sessions and login failures are not kept: a restore signs everyone out.
 *
 * Restore is all or nothing: into an empty database (migrated to the same migrations as the archive), every file is
 * checked against the manifest's SHA-256 before the first row is written, and the rows go in one transaction, tables
 * in foreign-key order; the events keep their ids and hashes, so the audit chain verifies after it (checked).
 */

export const BACKUP_FORMAT = 'xinfang-backup';
export const BACKUP_VERSION = 1;
/**
 * Not data: transient security state (a restored deployment starts with nobody signed in and no counted failures or
 * request windows), the read model of counts, which the triggers on `matters` rebuild as the matters go back in, and
 * the stored routing suggestions, which the triage queue scores again on first read.
 */
export const NOT_BACKED_UP: ReadonlySet<string> = new Set([
  'sessions',
  'login_failures',
  'portal_query_failures',
  'rate_limit_hits',
  'matter_tallies',
  'matter_due_tallies',
  'routing_suggestions',
]);
const PAGE = 2000;

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  database: 'pglite' | 'postgres';
  /** drizzle's migration hashes, oldest first: a restore needs the same schema. */
  migrations: string[];
  tables: { name: string; file: string; rows: number; bytes: number; sha256: string }[];
  attachments: { storageKey: string; size: number; sha256: string }[];
}

async function appliedMigrations(db: DbOrTx): Promise<string[]> {
  const rows = await queryRows<{ hash: string }>(db, sql`SELECT hash FROM drizzle.__drizzle_migrations ORDER BY id`);
  return rows.map((r) => r.hash);
}

/** The application's tables, parents before the tables that reference them. */
async function tablesInOrder(db: DbOrTx): Promise<{ name: string; pk: string[] }[]> {
  const tables = await queryRows<{ name: string; pk: string[] }>(
    db,
    sql`SELECT c.relname AS name,
               -- The primary key orders the pages; a table without one (an import's work list) is ordered by all its columns.
               coalesce(nullif(array(SELECT a.attname::text FROM pg_index i JOIN unnest(i.indkey) WITH ORDINALITY k(attnum, n) ON true
                     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                     WHERE i.indrelid = c.oid AND i.indisprimary ORDER BY k.n), '{}'),
                        array(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)) AS pk
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
  );
  const edges = await queryRows<{ child: string; parent: string }>(
    db,
    sql`SELECT cl.relname AS child, pr.relname AS parent FROM pg_constraint f
        JOIN pg_class cl ON cl.oid = f.conrelid JOIN pg_class pr ON pr.oid = f.confrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE f.contype = 'f' AND n.nspname = 'public' AND f.conrelid <> f.confrelid`,
  );
  const ordered: { name: string; pk: string[] }[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const byName = new Map(tables.map((t) => [t.name, t]));
  const place = (name: string) => {
    if (placed.has(name) || !byName.has(name)) return;
    if (visiting.has(name)) throw new Error(`backup: foreign keys form a cycle through ${name}`);
    visiting.add(name);
    for (const e of edges) if (e.child === name) place(e.parent);
    visiting.delete(name);
    placed.add(name);
    ordered.push(byName.get(name)!);
  };
  for (const t of tables) place(t.name);
  return ordered.filter((t) => !NOT_BACKED_UP.has(t.name));
}

const ident = (name: string) => sql.identifier(name);
const columnList = (cols: string[]) => sql.join(cols.map(ident), sql`, `);

/** Writes a table's rows to a file as JSON lines, page by page in primary-key order; returns the count. */
async function dumpTable(tx: DbOrTx, table: { name: string; pk: string[] }, path: string): Promise<{ rows: number; bytes: number; sha256: string }> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  let rows = 0;
  let bytes = 0;
  let last: unknown = null;
  const pk = columnList(table.pk);
  for (;;) {
    const after = last === null ? sql`` : sql`WHERE (${pk}) > (SELECT ${pk} FROM jsonb_populate_record(NULL::${ident(table.name)}, ${JSON.stringify(last)}::jsonb))`;
    const page = await queryRows<{ r: unknown }>(tx, sql`SELECT to_jsonb(t) AS r FROM ${ident(table.name)} t ${after} ORDER BY ${pk} LIMIT ${PAGE}`);
    if (!page.length) break;
    const text = page.map((p) => JSON.stringify(typeof p.r === 'string' ? JSON.parse(p.r) : p.r)).join('\n') + '\n';
    const chunk = Buffer.from(text, 'utf8');
    hash.update(chunk);
    bytes += chunk.length;
    rows += page.length;
    if (!out.write(chunk)) await once(out, 'drain');
    const lastRow = page[page.length - 1]!.r;
    last = typeof lastRow === 'string' ? JSON.parse(lastRow) : lastRow;
    if (page.length < PAGE) break;
  }
  out.end();
  await once(out, 'finish');
  return { rows, bytes, sha256: hash.digest('hex') };
}

/** SHA-256 of a stream's bytes while passing them on. */
async function* hashing(source: AsyncIterable<Buffer>, hash: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
}

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: number;
  rows: number;
  attachments: number;
  ms: number;
}

export async function backupTo(ctx: { db: Db; database: { kind: 'pglite' | 'postgres' }; attachments: AttachmentStore; now: () => Date }, outFile: string): Promise<BackupSummary> {
  const t0 = Date.now();
  const work = await mkdtemp(join(tmpdir(), 'xinfang-backup-'));
  try {
    const manifest = await ctx.db.transaction(
      async (tx) => {
        const tables = await tablesInOrder(tx);
        const entries: Manifest['tables'] = [];
        for (const t of tables) entries.push({ name: t.name, file: `db/${t.name}.jsonl`, ...(await dumpTable(tx, t, join(work, `${t.name}.jsonl`))) });
        const attachments = await queryRows<{ storage_key: string; size: number; sha256: string }>(
          tx,
          sql`SELECT DISTINCT storage_key, size::bigint AS size, sha256 FROM attachments ORDER BY storage_key`,
        );
        return {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: ctx.now().toISOString(),
          database: ctx.database.kind,
          migrations: await appliedMigrations(tx),
          tables: entries,
          attachments: attachments.map((a) => ({ storageKey: a.storage_key, size: Number(a.size), sha256: a.sha256 })),
        } satisfies Manifest;
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    const gzip = createGzip({ level: 6 });
    const file = createWriteStream(outFile);
    const done = pipeline(gzip, file);
    const tar = new TarWriter(gzip);
    const mtime = new Date(manifest.createdAt);
    await tar.add('manifest.json', Buffer.byteLength(JSON.stringify(manifest, null, 2)), Buffer.from(JSON.stringify(manifest, null, 2)), mtime);
    for (const t of manifest.tables) await tar.add(t.file, t.bytes, createReadStream(join(work, `${t.name}.jsonl`)), mtime);
    for (const a of manifest.attachments) {
      // The bytes are checked against their name on the way out: a damaged file fails the backup, not the restore.
      const hash = createHash('sha256');
      await tar.add(`attachments/${a.storageKey}`, a.size, hashing(await ctx.attachments.get(a.storageKey), hash), mtime);
      if (hash.digest('hex') !== a.sha256) throw new XinfangError('INTERNAL', `附件 ${a.storageKey} 的内容与其 SHA-256 不符`, `attachment ${a.storageKey} does not match its SHA-256`);
    }
    await tar.finish();
    gzip.end();
    await done;
    return {
      file: outFile,
      bytes: (await stat(outFile)).size,
      tables: manifest.tables.length,
      rows: manifest.tables.reduce((s, t) => s + t.rows, 0),
      attachments: manifest.attachments.length,
      ms: Date.now() - t0,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export interface RestoreSummary {
  tables: number;
  rows: number;
  attachments: number;
  chainVerified: number;
  ms: number;
}

function refused(zh: string, en: string): XinfangError {
  return new XinfangError('REFUSED', zh, en);
}

async function* lines(path: string): AsyncGenerator<string> {
  for await (const line of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) if (line) yield line;
}

export async function restoreFrom(ctx: { db: Db; attachments: AttachmentStore }, inFile: string): Promise<RestoreSummary> {
  const t0 = Date.now();
  const current = await tablesInOrder(ctx.db);
  const nonEmpty: string[] = [];
  for (const t of current) {
    const [row] = await queryRows<{ any: boolean }>(ctx.db, sql`SELECT EXISTS (SELECT 1 FROM ${ident(t.name)}) AS any`);
    if (row?.any) nonEmpty.push(t.name);
  }
  if (nonEmpty.length) {
    throw refused(
      `目标数据库不是空的（${nonEmpty.join('、')} 已有数据）：恢复只能写入新建的空数据库，请新建数据库（或新的数据目录）后再恢复，且恢复前不要启动或迁移`,
      `the target database is not empty (${nonEmpty.join(', ')}): restore into a new, empty database (or data directory), without starting or migrating it first`,
    );
  }
  const migrations = await appliedMigrations(ctx.db);
  const work = await mkdtemp(join(tmpdir(), 'xinfang-restore-'));
  try {
    let manifest: Manifest | null = null;
    const files = new Map<string, string>();
    let attachments = 0;
    const source = createReadStream(inFile).pipe(createGunzip());
    for await (const entry of readTar(source)) {
      if (!manifest) {
        if (entry.name !== 'manifest.json') throw refused('这不是信访平台的备份文件（缺少 manifest.json）', 'not a Xinfang backup (no manifest.json first)');
        const chunks: Buffer[] = [];
        for await (const c of entry.content) chunks.push(c);
        manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Manifest;
        if (manifest.format !== BACKUP_FORMAT || manifest.version !== BACKUP_VERSION) throw refused(`不支持的备份格式：${manifest.format} ${manifest.version}`, `unsupported backup format ${manifest.format} ${manifest.version}`);
        if (manifest.migrations.join() !== migrations.join()) {
          throw refused(
            `备份的数据库结构（${manifest.migrations.length} 个迁移）与本程序（${migrations.length} 个迁移）不一致：请用制作备份的版本恢复，再升级`,
            `the backup's schema (${manifest.migrations.length} migrations) differs from this version's (${migrations.length}): restore with the version that made it, then upgrade`,
          );
        }
        continue;
      }
      const table = manifest.tables.find((t) => t.file === entry.name);
      const blob = entry.name.startsWith('attachments/') ? manifest.attachments.find((a) => `attachments/${a.storageKey}` === entry.name) : undefined;
      if (table) {
        const path = join(work, `${table.name}.jsonl`);
        const hash = createHash('sha256');
        await pipeline(Readable.from(hashing(entry.content, hash)), createWriteStream(path));
        if (hash.digest('hex') !== table.sha256) throw refused(`备份已损坏：${entry.name} 的 SHA-256 与清单不符`, `the backup is damaged: ${entry.name} does not match its SHA-256`);
        files.set(table.name, path);
      } else if (blob) {
        const stored = await ctx.attachments.put(Readable.from(entry.content), { maxBytes: blob.size });
        if (stored.sha256 !== blob.sha256 || stored.storageKey !== blob.storageKey) {
          await ctx.attachments.remove(stored.storageKey);
          throw refused(`备份已损坏：附件 ${blob.storageKey} 的 SHA-256 不符`, `the backup is damaged: attachment ${blob.storageKey} does not match its SHA-256`);
        }
        attachments++;
      } else {
        throw refused(`备份中有清单之外的文件：${entry.name}`, `the backup holds a file its manifest does not list: ${entry.name}`);
      }
    }
    if (!manifest) throw refused('备份文件是空的', 'the backup is empty');
    const missing = [...manifest.tables.filter((t) => !files.has(t.name)).map((t) => t.file), ...(attachments < manifest.attachments.length ? ['attachments/…'] : [])];
    if (missing.length) throw refused(`备份不完整，缺少：${missing.join('、')}`, `the backup is incomplete: ${missing.join(', ')} missing`);

    const m = manifest;
    let rows = 0;
    await ctx.db.transaction(async (tx) => {
      for (const t of m.tables) {
        let batch: string[] = [];
        const flush = async () => {
          if (!batch.length) return;
          await tx.execute(sql`INSERT INTO ${ident(t.name)} SELECT * FROM jsonb_populate_recordset(NULL::${ident(t.name)}, ${`[${batch.join(',')}]`}::jsonb)`);
          rows += batch.length;
          batch = [];
        };
        for await (const line of lines(files.get(t.name)!)) {
          batch.push(line);
          if (batch.length >= PAGE) await flush();
        }
        await flush();
      }
      // Sequences continue after the restored ids (events.id is the chain's order).
      const serials = await queryRows<{ table_name: string; column_name: string }>(
        tx,
        sql`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
      );
      for (const s of serials) {
        await tx.execute(
          sql`SELECT setval(pg_get_serial_sequence(${s.table_name}, ${s.column_name}), GREATEST((SELECT max(${ident(s.column_name)}) FROM ${ident(s.table_name)}), 1), (SELECT max(${ident(s.column_name)}) FROM ${ident(s.table_name)}) IS NOT NULL)`,
        );
      }
    });
    const chain = await verifyChain(ctx.db);
    if (chain.firstBreak) throw new XinfangError('INTERNAL', `恢复后审计链校验失败：${chain.firstBreak.reasonZh}`, `the audit chain does not verify after the restore: ${chain.firstBreak.reason}`);
    return { tables: m.tables.length, rows, attachments, chainVerified: chain.checked, ms: Date.now() - t0 };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
