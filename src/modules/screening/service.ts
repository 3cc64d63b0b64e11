import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/tx';
import { queryRows } from '../../db/tx';
import { STATUS_LABELS, type MatterStatus } from '../../domain/lifecycle';
import {
  contentSignature,
  rankCandidates,
  screeningDecision,
  type CandidateMatter,
  type CandidatePetition,
  type RankedCandidate,
  type ScreeningDraft,
  type ScreeningPerson,
} from '../../domain/screening';
import { chinaDateOf, type IsoDate } from '../../domain/calendar';
import { normalisePeople, type PersonInput } from '../petitions/petitioners';
import { receivedInstant } from '../petitions/time';
import { extractKeywords } from './keywords';

/**
 * Duplicate screening (甄别判重) against the database: identity blocking (same ID number, same phone, same name in the
 * same city) and content blocking (MinHash LSH bands shared with the draft, GIN index) find candidate matters across
 * all channels and years; the pure scorer in src/domain/screening ranks them and gives the reasons. docs/screening.md.
 */

export type DraftInput = Omit<ScreeningDraft, 'keywords'>;

/** A draft as typed: a half-filled desk form, a line of a batch file. */
export interface RawDraft {
  channel?: string | null;
  receivedAt?: string | null;
  regionCode: string;
  title?: string | null;
  content?: string | null;
  respondent?: string | null;
  place?: string | null;
  category?: string | null;
  petitioners: PersonInput[];
}

/**
 * The screening draft of what was typed, with identities normalised. Screening an unfinished form is normal, so an ID
 * number or phone that does not validate is left out of the blocking rather than refused; `stored` supplies the
 * identity of people picked from the registry (shown masked on the form).
 */
export function draftFromInput(raw: RawDraft, today: IsoDate, stored: ReadonlyMap<string, { idNumber: string | null; phone: string | null }> = new Map()): DraftInput {
  const { people, problems } = normalisePeople(raw.petitioners, today);
  const bad = new Set(problems.map((p) => p.field));
  const at = raw.receivedAt ? receivedInstant(raw.receivedAt) : null;
  return {
    channel: raw.channel ?? 'letter',
    receivedOn: at ? chinaDateOf(at) : today,
    regionCode: raw.regionCode,
    title: raw.title ?? '',
    content: raw.content ?? '',
    respondent: raw.respondent ?? null,
    place: raw.place ?? null,
    category: raw.category ?? null,
    petitioners: people
      .map((p, i) => {
        const known = p.petitionerId ? stored.get(p.petitionerId) : undefined;
        const idNumber = bad.has(`petitioners.${i}.idNumber`) ? null : p.idNumber;
        const phone = bad.has(`petitioners.${i}.phone`) ? null : p.phone;
        return { name: p.name, idNumber: idNumber ?? known?.idNumber ?? null, phone: phone ?? known?.phone ?? null };
      })
      .filter((p) => p.name || p.idNumber || p.phone),
  };
}
type Level = 'province' | 'city' | 'county' | 'town';

export interface ScreenedCandidate extends RankedCandidate {
  number: string;
  title: string;
  status: string;
  statusLabel: string;
  receivedOn: string;
  regionCode: string;
  registeringBodyName: string;
  /** The external ids of the candidate matter's petitions (imports, referral systems). */
  externalIds: string[];
  petitionCount: number;
}

export interface ScreeningResult {
  decision: 'repeat' | 'new';
  candidates: ScreenedCandidate[];
  ms: number;
}

/** Candidates per blocking key: enough for a prolific petitioner, bounded for a common name. */
const BLOCK_LIMIT = 200;
const PETITIONS_PER_MATTER = 20;

function textArray(values: string[]) {
  return sql`ARRAY[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;
}

async function candidateMatterIds(db: DbOrTx, draft: DraftInput, bands: number[]): Promise<string[]> {
  const ids = [...new Set(draft.petitioners.map((p) => p.idNumber).filter((v): v is string => !!v))];
  const phones = [...new Set(draft.petitioners.map((p) => p.phone).filter((v): v is string => !!v))];
  const names = [...new Set(draft.petitioners.map((p) => p.name).filter(Boolean))];
  const city = draft.regionCode.slice(0, 4);
  const out = new Set<string>();

  const identity: ReturnType<typeof sql>[] = [];
  if (ids.length) identity.push(sql`pe.id_number = ANY(${textArray(ids)})`);
  if (phones.length) identity.push(sql`pe.phone = ANY(${textArray(phones)})`);
  if (identity.length) {
    const rows = await queryRows<{ matter_id: string }>(
      db,
      sql`SELECT mp.matter_id FROM petitioners pe JOIN matter_petitioners mp ON mp.petitioner_id = pe.id
          WHERE ${sql.join(identity, sql` OR `)} LIMIT ${BLOCK_LIMIT}`,
    );
    for (const r of rows) out.add(r.matter_id);
  }
  if (names.length) {
    // A name alone is weak evidence (张伟 is common): only within the same city, most recent first.
    const rows = await queryRows<{ matter_id: string }>(
      db,
      sql`SELECT m.id AS matter_id FROM petitioners pe
          JOIN matter_petitioners mp ON mp.petitioner_id = pe.id
          JOIN matters m ON m.id = mp.matter_id
          WHERE pe.name = ANY(${textArray(names)}) AND m.region_code LIKE ${`${city}%`}
          ORDER BY m.received_on DESC LIMIT ${BLOCK_LIMIT}`,
    );
    for (const r of rows) out.add(r.matter_id);
  }
  if (bands.length) {
    const bandArray = sql`ARRAY[${sql.join(bands.map((b) => sql`${b}`), sql`, `)}]::bigint[]`;
    const rows = await queryRows<{ matter_id: string }>(
      db,
      sql`SELECT pm.matter_id FROM (
            SELECT p.id, cardinality(ARRAY(SELECT unnest(p.lsh_bands) INTERSECT SELECT unnest(${bandArray}))) AS shared
            FROM petitions p WHERE p.lsh_bands && ${bandArray}
            ORDER BY shared DESC, p.received_on DESC LIMIT ${BLOCK_LIMIT}
          ) hit JOIN petition_matters pm ON pm.petition_id = hit.id`,
    );
    for (const r of rows) out.add(r.matter_id);
  }
  return [...out];
}

interface MatterRow {
  id: string;
  number: string;
  title: string;
  status: string;
  region_code: string;
  received_on: string;
  registering_body_name: string;
  responsible_level: Level | null;
  within_limit: boolean;
}
interface PetitionRow {
  matter_id: string;
  id: string;
  external_id: string | null;
  channel: string;
  received_on: string;
  title: string;
  content: string;
  respondent: string | null;
  place: string | null;
  category: string | null;
  petitioners: ScreeningPerson[] | null;
  petition_count: number;
}

async function loadCandidates(db: DbOrTx, matterIds: string[], asOf: string): Promise<{ candidates: CandidateMatter[]; rows: Map<string, MatterRow>; petitionRows: Map<string, PetitionRow[]> }> {
  if (matterIds.length === 0) return { candidates: [], rows: new Map(), petitionRows: new Map() };
  const idArray = sql`ARRAY[${sql.join(matterIds.map((v) => sql`${v}`), sql`, `)}]::uuid[]`;
  const matterRows = await queryRows<MatterRow>(
    db,
    sql`SELECT m.id, m.number, m.title, m.status, m.region_code, m.received_on::text AS received_on,
               rb.name AS registering_body_name, b.level AS responsible_level,
               EXISTS (SELECT 1 FROM matter_clocks c WHERE c.matter_id = m.id AND c.kind = 'deadline'
                       AND c.stopped_on IS NULL AND c.due_on >= ${asOf}::date) AS within_limit
        FROM matters m JOIN bodies rb ON rb.id = m.registering_body_id LEFT JOIN bodies b ON b.id = m.responsible_body_id
        WHERE m.id = ANY(${idArray})`,
  );
  const petitionRows = await queryRows<PetitionRow>(
    db,
    sql`SELECT * FROM (
          SELECT pm.matter_id, p.id, p.external_id, p.channel, p.received_on::text AS received_on, p.title, p.content,
                 p.respondent, p.place, m.category,
                 (SELECT json_agg(json_build_object('name', pe.name, 'idNumber', pe.id_number, 'phone', pe.phone))
                    FROM petition_petitioners pp JOIN petitioners pe ON pe.id = pp.petitioner_id WHERE pp.petition_id = p.id) AS petitioners,
                 count(*) OVER (PARTITION BY pm.matter_id)::int AS petition_count,
                 row_number() OVER (PARTITION BY pm.matter_id ORDER BY p.received_on DESC) AS rn
          FROM petition_matters pm JOIN petitions p ON p.id = pm.petition_id JOIN matters m ON m.id = pm.matter_id
          WHERE pm.matter_id = ANY(${idArray})
        ) x WHERE rn <= ${PETITIONS_PER_MATTER}`,
  );
  const byMatter = new Map<string, PetitionRow[]>();
  for (const r of petitionRows) byMatter.set(r.matter_id, [...(byMatter.get(r.matter_id) ?? []), r]);
  const rows = new Map(matterRows.map((r) => [r.id, r]));
  const candidates: CandidateMatter[] = matterRows.map((m) => ({
    matterId: m.id,
    number: m.number,
    status: m.status,
    regionCode: m.region_code,
    receivedOn: m.received_on,
    responsibleBodyLevel: m.responsible_level,
    handlingWithinTimeLimit: m.within_limit,
    petitions: (byMatter.get(m.id) ?? []).map(
      (p): CandidatePetition => ({
        petitionId: p.id,
        externalId: p.external_id,
        channel: p.channel,
        receivedOn: p.received_on,
        title: p.title,
        content: p.content,
        respondent: p.respondent,
        place: p.place,
        category: p.category,
        keywords: extractKeywords(`${p.title}\n${p.content}`),
        petitioners: p.petitioners ?? [],
      }),
    ),
  }));
  return { candidates, rows, petitionRows: byMatter };
}

/** Ranks the matters a draft petition may repeat, best first, with reasons and the level-skipping/terminated flags. */
export async function screenDraft(db: DbOrTx, draft: DraftInput, opts: { registeringLevel: Level; limit?: number }): Promise<ScreeningResult> {
  const started = performance.now();
  const full: ScreeningDraft = { ...draft, keywords: extractKeywords(`${draft.title}\n${draft.content}`) };
  const { bands } = contentSignature(full);
  const ids = await candidateMatterIds(db, draft, bands);
  const { candidates, rows, petitionRows } = await loadCandidates(db, ids, draft.receivedOn);
  const ranked = rankCandidates(full, candidates, { registeringLevel: opts.registeringLevel, limit: opts.limit ?? 10 });
  const decision = screeningDecision(ranked);
  return {
    decision,
    ms: Math.round((performance.now() - started) * 10) / 10,
    candidates: ranked.map((r) => {
      const m = rows.get(r.matterId)!;
      const ps = petitionRows.get(r.matterId) ?? [];
      return {
        ...r,
        number: m.number,
        title: m.title,
        status: m.status,
        statusLabel: STATUS_LABELS[m.status as MatterStatus] ?? m.status,
        receivedOn: m.received_on,
        regionCode: m.region_code,
        registeringBodyName: m.registering_body_name,
        externalIds: ps.map((p) => p.external_id).filter((v): v is string => !!v),
        petitionCount: ps[0]?.petition_count ?? 0,
      };
    }),
  };
}
