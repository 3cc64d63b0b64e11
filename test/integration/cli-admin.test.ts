import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inject } from 'vitest';
import { main } from '../../src/cli/main';
import { BACKENDS, type Backend } from '../helpers/context';

/**
 * The operator's commands of a production set-up, as `npx xinfang …` runs them (main() in-process, with the
 * environment pointing at a new data directory or database): bodies import, admin create, users import with a bad
 * then a good file, backup, restore into a second empty database, audit verify.
 */

/** A new database on the server of the test run's DATABASE_URL (`base`: the commands below change the variable). */
async function freshDatabaseUrl(base: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `xf_t_${inject('pgRunId')}_cli${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

describe.each(BACKENDS)('xinfang admin / bodies / users / backup / restore on %s', (backend: Backend) => {
  const savedEnv = { DATABASE_URL: process.env.DATABASE_URL, XINFANG_DATA_DIR: process.env.XINFANG_DATA_DIR };
  const drops: (() => Promise<void>)[] = [];
  let dir: string;
  let out: string[] = [];

  /** Points the commands at a new, empty deployment. */
  async function useNewDeployment(label: string): Promise<void> {
    process.env.XINFANG_DATA_DIR = join(dir, label);
    if (backend === 'postgres') {
      const db = await freshDatabaseUrl(savedEnv.DATABASE_URL!);
      drops.push(db.drop);
      process.env.DATABASE_URL = db.url;
    } else {
      delete process.env.DATABASE_URL;
    }
  }

  async function run(...argv: string[]): Promise<{ code: number; text: string }> {
    out = [];
    const code = await main(argv);
    return { code, text: out.join('\n') };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'xinfang-cli-'));
    await writeFile(join(dir, 'bodies.csv'), '\ufeff单位代码,单位名称,单位类型,行政区划代码,上级单位代码,机关代字\r\n330683-gov,嵊州市人民政府,人民政府,330683,,嵊政\r\n330683-xfj,嵊州市信访局,信访部门,330683,330683-gov,嵊信\r\n');
    await writeFile(join(dir, 'users-bad.csv'), '登录名,姓名,单位代码,角色\nsz.reg,张三,330683-xfj,登记员\n9bad,,nowhere,局长\n');
    await writeFile(join(dir, 'users.csv'), '登录名,姓名,单位代码,角色,职务\nsz.reg,张三,330683-xfj,登记员、受理员,\n');
    await useNewDeployment('first');
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    process.env.DATABASE_URL = savedEnv.DATABASE_URL;
    if (savedEnv.XINFANG_DATA_DIR === undefined) delete process.env.XINFANG_DATA_DIR;
    else process.env.XINFANG_DATA_DIR = savedEnv.XINFANG_DATA_DIR;
    for (const drop of drops) await drop();
    await rm(dir, { recursive: true, force: true });
  });

  const capture = () => {
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  };

  it('sets up a county from files and creates its administrator with a one-time password', async () => {
    capture();
    const bodies = await run('bodies', 'import', join(dir, 'bodies.csv'));
    expect(bodies.code).toBe(0);
    expect(bodies.text).toContain('已加载全国行政区划 44142 条');
    expect(bodies.text).toContain('新增 2');

    const admin = await run('admin', 'create', '--login', 'sz.admin', '--name', '王管理');
    expect(admin.code).toBe(0);
    expect(admin.text).toMatch(/一次性密码 \/ one-time password: [A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}/);
    expect(admin.text).toContain('嵊州市信访局 330683-xfj');

    const bad = await run('users', 'import', join(dir, 'users-bad.csv'));
    expect(bad.code).toBe(1);
    expect(bad.text).toContain('未导入：1 行有问题');
    expect(bad.text).toContain('第 3 行，列「单位代码」：单位「nowhere」不存在，请先导入单位');
    const good = await run('users', 'import', join(dir, 'users.csv'));
    expect(good.code).toBe(0);
    expect(good.text).toMatch(/sz\.reg\s+[A-Za-z0-9]{4}-/);
  });

  it('backs up and restores into a new deployment; the chain verifies there', async () => {
    capture();
    const archive = join(dir, 'backup.tar.gz');
    const backup = await run('backup', '--out', archive);
    expect(backup.code).toBe(0);
    expect(backup.text).toMatch(/已备份 \/ backed up: .*backup\.tar\.gz/);

    await useNewDeployment('second');
    const restore = await run('restore', archive);
    expect(restore.code, restore.text).toBe(0);
    expect(restore.text).toMatch(/已恢复 \/ restored: \d+ tables, \d+ rows, 0 attachments; audit chain verified/);
    expect(restore.text).not.toContain('已加载全国行政区划');
    const verify = await run('audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.text).toContain('"ok":true');
    await expect(main(['restore', archive])).rejects.toMatchObject({ code: 'REFUSED' });
  });
});
