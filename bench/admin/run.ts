/**
 * Issue 18's set-up figures: loading the national regions into a new database, and bulk-loading a province's bodies
 * and users from spreadsheets.
 *
 *     node --import tsx bench/admin/run.ts [--backend pglite|postgres] [--bodies N] [--users N]
 *
 * PostgreSQL uses a scratch database on DATABASE_URL's server (admin_bench_<time>), dropped afterwards; PGlite runs in
 * memory. Prints one JSON line per measurement.
 */
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { migrateDatabase, openDatabase, type Database } from '../../src/db/client';
import { BODY_COLUMNS, USER_COLUMNS } from '../../src/domain/org';
import { importBodies, importUsers } from '../../src/modules/org/bulk-load';
import { ensureRegions, nationalRegions } from '../../src/modules/org/regions';

const { values } = parseArgs({
  options: { backend: { type: 'string', default: 'pglite' }, bodies: { type: 'string', default: '2000' }, users: { type: 'string', default: '200' } },
});

async function open(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (values.backend !== 'postgres') return { database: await openDatabase({ kind: 'pglite', dataDir: null }), drop: async () => {} };
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is needed for --backend postgres');
  const name = `admin_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: u.toString() });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function sheet(columns: readonly { header: string }[], rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(columns.map((c) => c.header));
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const { database, drop } = await open();
try {
  await migrateDatabase(database);
  const now = new Date();
  const regions = await ensureRegions(database.db, now);
  console.log(JSON.stringify({ backend: values.backend, step: 'regions', rows: regions.inserted, ms: regions.ms }));
  const again = await ensureRegions(database.db, now);
  console.log(JSON.stringify({ backend: values.backend, step: 'regions again (idempotent)', rows: again.inserted, ms: again.ms }));

  // A province's organisation: a government and a bureau per county, departments under each government.
  const counties = nationalRegions().filter((r) => r.level === 'county' && r.code.startsWith('33'));
  const bodies: string[][] = [['zj-gov', '浙江省人民政府', '人民政府', '330000', '', '', '', '', '']];
  const kinds = [['xfj', '信访局', '信访部门'], ['zjj', '住房和城乡建设局', '职能部门'], ['rsj', '人力资源和社会保障局', '职能部门'], ['zrzy', '自然资源局', '职能部门']];
  for (let i = 0; bodies.length < Number(values.bodies); i++) {
    const c = counties[i % counties.length]!;
    const round = Math.floor(i / counties.length);
    const gov = `${c.code}-gov${round || ''}`;
    bodies.push([gov, `${c.name}人民政府${round || ''}`, '人民政府', c.code, 'zj-gov', '', '', '', '']);
    for (const [suffix, name, kind] of kinds) {
      if (bodies.length >= Number(values.bodies)) break;
      bodies.push([`${c.code}-${suffix}${round || ''}`, `${c.name}${name}${round || ''}`, kind!, c.code, gov, suffix === 'zjj' ? '城乡建设' : '', '', '', '']);
    }
  }
  const bodyFile = await sheet(BODY_COLUMNS, bodies);
  let t0 = Date.now();
  const b = await importBodies(database.db, null, { fileName: 'bodies.xlsx', bytes: bodyFile }, now);
  console.log(JSON.stringify({ backend: values.backend, step: 'bodies import', rows: b.counts.created, ms: Date.now() - t0 }));
  t0 = Date.now();
  const b2 = await importBodies(database.db, null, { fileName: 'bodies.xlsx', bytes: bodyFile }, now);
  console.log(JSON.stringify({ backend: values.backend, step: 'bodies import again (unchanged)', rows: b2.counts.unchanged, ms: Date.now() - t0 }));

  const users = Array.from({ length: Number(values.users) }, (_, i) => [`u${i}`, `用户${i}`, bodies[1 + (i % (bodies.length - 1))]![0]!, '承办人', '承办人', '', '', '']);
  t0 = Date.now();
  const u = await importUsers(database.db, null, { fileName: 'users.xlsx', bytes: await sheet(USER_COLUMNS, users) }, now);
  console.log(JSON.stringify({ backend: values.backend, step: 'users import (argon2id one-time passwords)', rows: u.counts.created, ms: Date.now() - t0 }));
} finally {
  await database.close();
  await drop();
}
