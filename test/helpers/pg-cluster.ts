import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A PostgreSQL primary and its streaming replica of our own, in a temporary directory: `initdb` a primary (trust,
 * wal_level=replica), `pg_basebackup -R` a standby from it, start both with pg_ctl on free ports. Self-contained: the
 * shared server on 5432 is neither configured nor restarted. PostgreSQL refuses to run as root, so as root the binaries
 * run as the `postgres` user (runuser).
 */

const run = promisify(execFile);

export const PG_BIN = process.env.XINFANG_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why a replicated cluster cannot be started here, or null when it can. */
export function clusterUnavailable(): string | null {
  for (const tool of ['initdb', 'pg_ctl', 'pg_basebackup']) {
    if (!existsSync(join(PG_BIN, tool))) return `PostgreSQL binaries not found (${join(PG_BIN, tool)}; set XINFANG_PG_BIN)`;
  }
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser')) return 'running as root without runuser to drop to the postgres user';
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: g } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(g.trim()) };
}

/** A PostgreSQL binary, as the postgres user when we are root. */
async function pgTool(tool: string, args: string[]): Promise<string> {
  const bin = join(PG_BIN, tool);
  const asRoot = process.getuid?.() === 0;
  const { stdout } = asRoot ? await run('runuser', ['-u', 'postgres', '--', bin, ...args]) : await run(bin, args);
  return stdout;
}

export interface ReplicatedCluster {
  primaryUrl: string;
  replicaUrl: string;
  /** Runs one statement on the replica as the superuser (pausing replay and the like). */
  onReplica(sql: string): Promise<pg.QueryResult>;
  /** Waits until the replica has replayed the primary's WAL up to `lsn` (text, e.g. `0/3000148`). */
  waitForReplay(lsn: string, timeoutMs?: number): Promise<void>;
  stopReplica(): Promise<void>;
  stop(): Promise<void>;
}

/** `durable`: the servers' default fsync and full-page writes (a benchmark's lag); tests go without, for speed. */
export async function startReplicatedCluster(opts: { durable?: boolean } = {}): Promise<ReplicatedCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'xinfang-replica-'));
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresIds();
    await chown(dir, uid, gid);
  }
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  // The socket goes to our directory too, so nothing is shared with the system's server.
  const serverOptions = (port: number) =>
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${opts.durable ? '' : ' -c fsync=off -c full_page_writes=off'}`;
  const started: string[] = [];
  const stop = async (dataDir: string) => {
    if (!started.includes(dataDir)) return;
    started.splice(started.indexOf(dataDir), 1);
    await pgTool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
  };
  try {
    // Trust for local and 127.0.0.1, replication included (initdb's default pg_hba.conf with --auth=trust).
    await pgTool('initdb', ['-D', primaryDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    await pgTool('pg_ctl', ['-D', primaryDir, '-l', join(dir, 'primary.log'), '-w', '-o', `${serverOptions(primaryPort)} -c wal_level=replica -c max_wal_senders=4`, 'start']);
    started.push(primaryDir);
    // -R writes standby.signal and primary_conninfo: the copy starts as a standby streaming from the primary.
    await pgTool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-c', 'fast', '-X', 'stream']);
    await pgTool('pg_ctl', ['-D', replicaDir, '-l', join(dir, 'replica.log'), '-w', '-o', `${serverOptions(replicaPort)} -c hot_standby=on`, 'start']);
    started.push(replicaDir);
  } catch (err) {
    for (const d of [...started].reverse()) await stop(d);
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
  const onReplica = async (sql: string) => {
    const client = new pg.Client({ connectionString: replicaUrl });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const waitForReplay = async (lsn: string, timeoutMs = 10_000) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await onReplica(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS done`);
      if (rows[0]?.done) return;
      if (Date.now() > until) throw new Error(`the replica did not replay up to ${lsn} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  // Streaming before anyone relies on it.
  const until = Date.now() + 10_000;
  while ((await onReplica(`SELECT status FROM pg_stat_wal_receiver`)).rows[0]?.status !== 'streaming') {
    if (Date.now() > until) throw new Error('the replica did not start streaming within 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    primaryUrl,
    replicaUrl,
    onReplica,
    waitForReplay,
    stopReplica: () => stop(replicaDir),
    stop: async () => {
      await stop(replicaDir);
      await stop(primaryDir);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
