import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseSetupError, openDatabase } from '../../src/db/client';

describe('database set-up errors a user can act on', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'xf-db-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('explains an unreachable PostgreSQL server in Chinese and English, without the password', async () => {
    const err = await openDatabase({ kind: 'postgres', url: 'postgres://xf:secret@127.0.0.1:1/none' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseSetupError);
    const e = err as DatabaseSetupError;
    expect(e.messageZh).toMatch(/无法连接 PostgreSQL 数据库/);
    expect(e.message).toMatch(/cannot connect to PostgreSQL/);
    expect(`${e.messageZh} ${e.message}`).not.toContain('secret');
  });

  it('explains a data directory that is a file', async () => {
    const file = join(tempDir(), 'pglite');
    writeFileSync(file, 'not a directory');
    const err = await openDatabase({ kind: 'pglite', dataDir: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseSetupError);
    expect((err as DatabaseSetupError).messageZh).toMatch(/数据目录 .* 不可用/);
  });

  it('refuses a data directory another live process holds', async () => {
    const dir = join(tempDir(), 'pglite');
    const first = await openDatabase({ kind: 'pglite', dataDir: dir });
    // The lock names this very process; a different live pid (the parent) must be refused.
    writeFileSync(`${dir}.lock`, String(process.ppid));
    const err = await openDatabase({ kind: 'pglite', dataDir: dir }).catch((e: unknown) => e);
    expect((err as DatabaseSetupError).messageZh).toMatch(/正被另一个进程/);
    await first.close();
  });
});
