import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/tx';
import { chinaDateOf } from '../../src/domain/calendar';
import { appendEvents } from '../../src/modules/audit/append';
import { verifyChain } from '../../src/modules/audit/verify';
import { NOT_BACKED_UP, backupTo, restoreFrom } from '../../src/modules/backup/backup';
import { createTestApp, loginAs, type TestApp } from '../helpers/app';
import { BACKENDS, createTestContext, type Backend, type TestContext } from '../helpers/context';

/** Backup → wipe → restore gives the same matters, events (the chain still verifies) and attachments (issue 18). */

const NOW = '2025-11-20T02:00:00Z';

async function tableNames(ctx: TestContext): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(ctx.db, sql`SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`);
  return rows.map((r) => r.name).filter((n) => !NOT_BACKED_UP.has(n));
}

/** A read-model table's non-zero counts, in a stable order. */
async function tallies(ctx: TestContext, table: string): Promise<string[]> {
  const rows = await queryRows<{ r: string }>(ctx.db, sql`SELECT to_jsonb(t)::text AS r FROM ${sql.identifier(table)} t WHERE n <> 0 ORDER BY 1`);
  return rows.map((x) => x.r);
}

/** A fingerprint of every row of a table, independent of physical order. */
async function fingerprint(ctx: TestContext, table: string): Promise<{ rows: number; digest: string | null }> {
  const [row] = await queryRows<{ rows: number; digest: string | null }>(
    ctx.db,
    sql`SELECT count(*)::int AS rows, md5(string_agg(to_jsonb(t)::text, '|' ORDER BY to_jsonb(t)::text)) AS digest FROM ${sql.identifier(table)} t`,
  );
  return row!;
}

async function sha256Of(ctx: TestContext, storageKey: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of await ctx.attachments.get(storageKey)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function multipart(name: string, content: Buffer) {
  const boundary = `----xinfang${randomBytes(8).toString('hex')}`;
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe.each(BACKENDS)('backup and restore on %s', (backend: Backend) => {
  let source: TestApp;
  let dir: string;
  let archive: string;
  let target: TestContext;
  let tables: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xinfang-backup-test-'));
    archive = join(dir, 'backup.tar.gz');
    source = await createTestApp(backend, NOW);
    // Two attachments through the API, as a registrar uploads them.
    const s = await loginAs(source.app, 'sx.registrar');
    for (const n of [1, 2]) {
      const body = multipart(`材料${n}.pdf`, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(`信访材料 ${n} `.repeat(500))]));
      const res = await source.app.inject({ method: 'POST', url: '/api/v1/attachments', payload: body.payload, headers: { 'content-type': body.contentType, cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
      expect(res.statusCode, res.body).toBe(201);
    }
    tables = await tableNames(source.ctx);
    target = await createTestContext(backend, NOW);
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves the database and the attachments in one archive with a manifest of SHA-256s', async () => {
    const summary = await backupTo(source.ctx, archive);
    expect(summary.attachments).toBe(2);
    expect(summary.tables).toBe(tables.length);
    const tar = gunzipSync(await readFile(archive));
    expect(tar.subarray(0, 13).toString()).toBe('manifest.json');
    const manifestText = tar.subarray(512, 512 + parseInt(tar.subarray(124, 135).toString(), 8)).toString();
    const manifest = JSON.parse(manifestText);
    expect(manifest).toMatchObject({ format: 'xinfang-backup', version: 1, database: backend });
    expect(manifest.tables.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['matters', 'events', 'regions']));
    // Parents before children: bodies before users, petitions before attachments.
    const order = manifest.tables.map((t: { name: string }) => t.name);
    expect(order.indexOf('regions')).toBeLessThan(order.indexOf('bodies'));
    expect(order.indexOf('petitions')).toBeLessThan(order.indexOf('attachments'));
  });

  it('restores into an empty database: the same rows, the chain verifies, the same attachment bytes', async () => {
    const restored = await restoreFrom(target, archive);
    expect(restored.attachments).toBe(2);
    for (const t of tables) expect(await fingerprint(target, t), t).toEqual(await fingerprint(source.ctx, t));
    // The counts the lists and the dashboard read are rebuilt from the restored matters (rows left at zero are not).
    for (const t of ['matter_tallies', 'matter_due_tallies']) expect(await tallies(target, t), t).toEqual(await tallies(source.ctx, t));
    const [m] = await queryRows<{ n: number }>(target.db, sql`SELECT count(*)::int AS n FROM matters`);
    expect(m!.n).toBeGreaterThan(0);
    const chain = await verifyChain(target.db);
    expect(chain).toMatchObject({ ok: true, firstBreak: null });
    expect(chain.checked).toBe((await verifyChain(source.ctx.db)).checked);
    const blobs = await queryRows<{ storage_key: string; sha256: string }>(target.db, sql`SELECT storage_key, sha256 FROM attachments`);
    expect(blobs).toHaveLength(2);
    for (const b of blobs) expect(await sha256Of(target, b.storage_key)).toBe(b.sha256);

    // The restored deployment goes on: the next event continues the chain and its id sequence.
    await target.db.transaction((tx) =>
      appendEvents(tx, [{ entityType: 'system', entityId: 'restore-test', type: 'system.note', onDate: chinaDateOf(target.now()), occurredAt: target.now(), payload: {} }]),
    );
    expect((await verifyChain(target.db)).firstBreak).toBeNull();
  });

  it('refuses a database that is not empty, and a damaged archive before writing anything', async () => {
    await expect(restoreFrom(target, archive)).rejects.toMatchObject({ code: 'REFUSED', messageZh: expect.stringContaining('目标数据库不是空的') });

    const tar = gunzipSync(await readFile(archive));
    const at = tar.indexOf(Buffer.from('"title"'), 1024);
    tar[at + 2] = 'T'.charCodeAt(0);
    const damaged = join(dir, 'damaged.tar.gz');
    await writeFile(damaged, gzipSync(tar));
    const fresh = await createTestContext(backend, NOW);
    try {
      await expect(restoreFrom(fresh, damaged)).rejects.toMatchObject({ code: 'REFUSED', messageZh: expect.stringContaining('备份已损坏') });
      const [row] = await queryRows<{ n: number }>(fresh.db, sql`SELECT (SELECT count(*) FROM matters) + (SELECT count(*) FROM events) + (SELECT count(*) FROM regions) AS n`);
      expect(Number(row!.n)).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});

describe.runIf(BACKENDS.includes('postgres'))('an archive of the embedded database restores on PostgreSQL', () => {
  it('moves a PGlite deployment to a PostgreSQL server with its chain intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'xinfang-backup-move-'));
    const from = await createTestApp('pglite', NOW);
    const to = await createTestContext('postgres', NOW);
    try {
      await backupTo(from.ctx, join(dir, 'move.tar.gz'));
      await restoreFrom(to, join(dir, 'move.tar.gz'));
      for (const t of ['matters', 'events', 'petitions', 'users']) expect(await fingerprint(to, t), t).toEqual(await fingerprint(from.ctx, t));
      expect((await verifyChain(to.db)).firstBreak).toBeNull();
    } finally {
      await from.close();
      await to.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
