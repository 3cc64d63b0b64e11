import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../../src/db/client';

/**
 * With DATABASE_URL set, integration tests also run on that PostgreSQL server. Migrations are applied once to a
 * template database; each test context then gets its own copy (CREATE DATABASE … TEMPLATE), so tests are isolated
 * and a run leaves nothing behind.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const runId = `${Date.now().toString(36)}${process.pid}`;
  const template = `xf_tmpl_${runId}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  const u = new URL(url);
  u.pathname = `/${template}`;
  const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 1 });
  await migrateDatabase(database);
  await database.close();
  project.provide('pgTemplate', template);
  project.provide('pgRunId', runId);
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`xf_t_${runId}_%`, template],
    );
    for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgRunId: string;
  }
}
