/**
 * `npx tsx bench/dedup/backfill-entity-keys.ts --database-url URL [--batch 5000]`
 *
 * Fills `petition_entity_keys` (migration 0013) for petitions written before it, with the same function registration
 * and the importer use (`petitionEntityKeys`: text extraction and pinyin in Node, so not plain SQL). Each batch is one
 * INSERT … SELECT FROM unnest, ON CONFLICT DO NOTHING, so it can be run again after an interruption. Screening works
 * without it (identity and LSH lookups still find candidates); the backfill gives older petitions the entity lookup.
 */
import { petitionEntityKeys } from '../../src/domain/screening';
import { backfillPetitions, run } from './backfill';

interface Row {
  id: string;
  title: string;
  content: string;
  respondent: string | null;
  region_code: string;
  names: string[] | null;
}

run(() =>
  backfillPetitions<Row>(
    `SELECT p.id, p.title, p.content, p.respondent, p.region_code,
            (SELECT array_agg(pp.name_as_given) FROM petition_petitioners pp WHERE pp.petition_id = p.id) AS names
       FROM petitions p WHERE p.id > $1 ORDER BY p.id LIMIT $2`,
    async (client, rows) => {
      const keys: string[] = [];
      const ids: string[] = [];
      for (const r of rows) {
        for (const k of petitionEntityKeys({ title: r.title, content: r.content, respondent: r.respondent, regionCode: r.region_code, petitionerNames: r.names ?? [] })) {
          keys.push(String(k));
          ids.push(r.id);
        }
      }
      await client.query('INSERT INTO petition_entity_keys (key, petition_id) SELECT * FROM unnest($1::bigint[], $2::uuid[]) ON CONFLICT DO NOTHING', [keys, ids]);
    },
  ),
);
