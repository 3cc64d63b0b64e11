/**
 * `npx tsx bench/dedup/backfill-keywords.ts --database-url URL [--batch 5000]`
 *
 * Fills `petitions.keywords` (migration 0005) for rows written before it, with the same extraction as registration
 * and the importer (`petitionKeywords`, jieba in Node, so it cannot be plain SQL). Batches by primary key, each batch
 * one UPDATE … FROM jsonb_to_recordset. Screening works without it (a row without keywords is extracted on the fly);
 * the backfill only makes those rows as fast as new ones.
 */
import { petitionKeywords } from '../../src/modules/screening/keywords';
import { backfillPetitions, run } from './backfill';

run(() =>
  backfillPetitions<{ id: string; title: string; content: string }>(
    'SELECT id, title, content FROM petitions WHERE keywords IS NULL AND id > $1 ORDER BY id LIMIT $2',
    async (client, rows) => {
      const values = rows.map((r) => ({ id: r.id, keywords: petitionKeywords(r.title, r.content) }));
      await client.query('UPDATE petitions p SET keywords = x.keywords FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, keywords text[]) WHERE p.id = x.id', [JSON.stringify(values)]);
    },
  ),
);
