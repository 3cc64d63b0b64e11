import { parseArgs } from 'node:util';
import pg from 'pg';

/**
 * The loop the backfill scripts share: `--database-url URL [--batch N]`, petitions read in primary-key order, one
 * batch at a time, each written by `write` (one statement per batch), progress on stderr.
 */
export async function backfillPetitions<Row extends { id: string }>(select: string, write: (client: pg.Client, rows: Row[]) => Promise<void>): Promise<void> {
  const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, batch: { type: 'string', default: '5000' } } });
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  if (!url) throw new Error('--database-url URL');
  const batch = Number(values.batch);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = Date.now();
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    // `select` takes the last id done ($1) and the batch size ($2).
    const { rows } = await client.query<Row>(select, [after, batch]);
    if (rows.length === 0) break;
    await write(client, rows);
    after = rows.at(-1)!.id;
    done += rows.length;
    process.stderr.write(`\r${done} petitions, ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  process.stderr.write(`\nbackfilled ${done} petitions in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  await client.end();
}

export function run(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
