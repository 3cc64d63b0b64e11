/**
 * `npx tsx bench/dedup/backfill-keywords.ts --database-url URL [--batch 5000]`
 *
 * Fills `petitions.keywords` (migration 0005) for rows written before it, with the same extraction as registration
 * and the importer (`petitionKeywords`, jieba in Node, so it cannot be plain SQL). Batches by primary key, each batch
 * one UPDATE … FROM jsonb_to_recordset. Screening works without it (a row without keywords is extracted on the fly);
 * the backfill only makes those rows as fast as new ones.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { petitionKeywords } from '../../src/modules/screening/keywords';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' }, batch: { type: 'string', default: '5000' } } });
const url = values['database-url'] ?? process.env.DATABASE_URL;
if (!url) throw new Error('--database-url URL');
const batch = Number(values.batch);

async function main() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = Date.now();
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const { rows } = await client.query<{ id: string; title: string; content: string }>(
      'SELECT id, title, content FROM petitions WHERE keywords IS NULL AND id > $1 ORDER BY id LIMIT $2',
      [after, batch],
    );
    if (rows.length === 0) break;
    const values = rows.map((r) => ({ id: r.id, keywords: petitionKeywords(r.title, r.content) }));
    await client.query('UPDATE petitions p SET keywords = x.keywords FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, keywords text[]) WHERE p.id = x.id', [JSON.stringify(values)]);
    after = rows.at(-1)!.id;
    done += rows.length;
    process.stderr.write(`\r${done} petitions, ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  process.stderr.write(`\nbackfilled ${done} petitions in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  await client.end();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
