import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../src/db/client';
import type { AppContext } from '../../src/context';
import { CalendarService } from '../../src/modules/calendar/service';
import { LocalAttachmentStore } from '../../src/modules/attachments/store';
import { NATIONAL_TIME_LIMITS } from '../../src/domain/lifecycle';
import { DEFAULT_RETRY_POLICY } from '../../src/domain/notifications';
import { DevEmailProvider, DevSmsProvider } from '../../src/modules/notifications/providers';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; the real PostgreSQL server too when DATABASE_URL is set (as in CI). */
export const BACKENDS: Backend[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A settable clock: tests move time forward instead of waiting. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface TestContext extends AppContext {
  clock: TestClock;
  /** The PostgreSQL database's URL (another node connects to it); null on PGlite. */
  databaseUrl: string | null;
  close(): Promise<void>;
}

async function freshPostgres(): Promise<{ database: Database; url: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL!;
  const name = `xf_t_${inject('pgRunId')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolSize: 4 });
  return {
    database,
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A migrated, empty database of the given backend with the app context around it. */
export async function createTestContext(backend: Backend, startAt = '2025-09-26T02:00:00Z'): Promise<TestContext> {
  let database: Database;
  let drop = async () => {};
  let databaseUrl: string | null = null;
  if (backend === 'postgres') {
    ({ database, drop, url: databaseUrl } = await freshPostgres());
  } else {
    database = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrateDatabase(database);
  }
  return contextAround(database, startAt, drop, databaseUrl);
}

/** The app context around an open, migrated database (a test that brings its own server, e.g. with a replica). */
export async function contextAround(
  database: Database,
  startAt = '2025-09-26T02:00:00Z',
  drop = async () => {},
  databaseUrl: string | null = null,
): Promise<TestContext> {
  const clock = new TestClock(new Date(startAt));
  const calendar = new CalendarService(database.db);
  await calendar.reload();
  const attachmentsDir = await mkdtemp(join(tmpdir(), 'xinfang-attachments-'));
  return {
    database,
    db: database.db,
    calendar,
    timeLimits: NATIONAL_TIME_LIMITS,
    attachments: new LocalAttachmentStore(attachmentsDir),
    // Messages go to log files in the temporary directory; a test replaces a provider to see or fail the sends.
    notifications: {
      sms: new DevSmsProvider(join(attachmentsDir, 'notifications'), clock.now),
      email: new DevEmailProvider(join(attachmentsDir, 'notifications'), clock.now),
      retry: DEFAULT_RETRY_POLICY,
      dueSoonDays: 3,
      claimSeconds: 300,
    },
    now: clock.now,
    clock,
    databaseUrl,
    close: async () => {
      await database.close();
      await drop();
      await rm(attachmentsDir, { recursive: true, force: true });
    },
  };
}

/**
 * A second app node on the database of `base`: its own connection pool and its own in-memory state (the calendar it
 * loaded); the clock, the attachment store and the message providers are the deployment's, shared. On PGlite, which
 * one process opens once, the node shares the in-process database: what it proves there is that no state lives in a
 * node (each node's cache, limits and counters must come from the database); concurrency between nodes is proven on
 * PostgreSQL, where the nodes' transactions really run at once.
 */
export async function openNode(base: TestContext): Promise<TestContext> {
  const database = base.databaseUrl ? await openDatabase({ kind: 'postgres', url: base.databaseUrl, poolSize: 4 }) : base.database;
  const calendar = new CalendarService(database.db);
  await calendar.reload();
  return {
    ...base,
    database,
    db: database.db,
    calendar,
    close: async () => {
      if (database !== base.database) await database.close();
    },
  };
}
