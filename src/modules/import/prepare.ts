import type { IsoDate } from '../../domain/calendar';
import { contentSignature, petitionEntityKeys } from '../../domain/screening';
import { petitionKeywords } from '../screening/keywords';
import { nearestBureau } from '../petitions/service';
import { validateRecord, type BadRow, type ImportRecord, type RecordContext } from './record';
import { parseLine, type SourceRow } from './read';

/**
 * The per-row work of an import that needs no database: JSON, validation (with OpenCC in the names), the MinHash band
 * keys and jieba keywords. Pure given what it is told of the organisation, so it runs in worker threads
 * (prepare-pool.ts) or inline, with the same result.
 */

/** What a preparer knows of the organisation: the regions, and every active petition bureau. */
export interface PrepareSetup {
  today: IsoDate;
  regions: string[];
  bureaus: { id: string; regionCode: string }[];
}

/** A row as read: parsed (XLSX, or an inline run), or a JSONL line still as text (parsed by the preparer). */
export type RawRow = SourceRow | { line: number; text: string };

export type Prepared = { ok: true; record: ImportRecord } | { ok: false; bad: BadRow };

export function recordContextOf(setup: PrepareSetup): RecordContext {
  const regions = new Set(setup.regions);
  const bureauOf = new Map<string, string | null>();
  return {
    today: setup.today,
    regionKnown: (c) => regions.has(c),
    bureauOf: (c) => {
      let id = bureauOf.get(c);
      if (id === undefined) bureauOf.set(c, (id = regions.has(c) ? (nearestBureau(c, setup.bureaus)?.id ?? null) : null));
      return id;
    },
  };
}

export function prepareRow(raw: RawRow, ctx: RecordContext): Prepared {
  const row = 'text' in raw ? parseLine(raw.line, raw.text) : raw;
  if ('problem' in row) return { ok: false, bad: { line: row.line, externalId: null, problems: [row.problem] } };
  const v = validateRecord(row.value, row.line, ctx);
  if (!v.ok) return v;
  const r = v.record;
  r.lshBands = contentSignature({ title: r.title, content: r.content, respondent: r.respondent, place: r.place, category: r.category, keywords: [] }).bands;
  r.keywords = petitionKeywords(r.title, r.content);
  r.entityKeys = importEntityKeys(r);
  return v;
}

/** The `petition_entity_keys` of one import record (pure; see src/domain/screening/entities.ts). */
export function importEntityKeys(r: Pick<ImportRecord, 'title' | 'content' | 'respondent' | 'regionCode' | 'people'>): number[] {
  return petitionEntityKeys({ title: r.title, content: r.content, respondent: r.respondent, regionCode: r.regionCode, petitionerNames: r.people.map((x) => x.name) });
}
