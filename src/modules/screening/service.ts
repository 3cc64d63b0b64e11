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
  /** Where the time went (candidate lookup, loading them, scoring): for benchmarks and logs. */
  phases: { blockMs: number; loadMs: number; rankMs: number; candidates: number };
}

/** Candidates per blocking key: enough for a prolific petitioner, bounded for a common name. */
const BLOCK_LIMIT = 200;
const PETITIONS_PER_MATTER = 20;
/** Matters of namesakes in the same city: a common name would otherwise bring hundreds to load and score. */
const NAME_LIMIT = 40;
/**
 * Content-only candidates: at least 2 shared bands (a near-identical text, Jaccard 0.8, shares 6.5 of 20 on average
 * and 2 or more with probability > 0.99; two texts on one topic share one by chance), the best 30. Without an
 * identity in common only a near-identical text can be a likely repeat, so more would only cost time: at 1M
 * petitions 200 such candidates made loading and scoring 80% of a screening.
 */
const LSH_MIN_SHARED = 2;
const LSH_LIMIT = 30;
/** Petitions sharing a band read at most; beyond it a draft's topic is so common that its bands say little. */
const LSH_SCAN_LIMIT = 2000;

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
    // A name alone is weak evidence (张伟 is common): only within the same city, the most recent few. (An earlier
    // record may carry only the name, so a draft with an ID number still looks for namesakes.)
    const rows = await queryRows<{ matter_id: string }>(
      db,
      sql`SELECT m.id AS matter_id FROM petitioners pe
          JOIN matter_petitioners mp ON mp.petitioner_id = pe.id
          JOIN matters m ON m.id = mp.matter_id
          WHERE pe.name = ANY(${textArray(names)}) AND m.region_code LIKE ${`${city}%`}
          ORDER BY m.received_on DESC LIMIT ${NAME_LIMIT}`,
    );
    for (const r of rows) out.add(r.matter_id);
  }
  if (bands.length) {
    // The GIN index finds every petition sharing a band; ranking them by shared bands is done here, not per row in
    // SQL (an array intersection per row cost more than the lookup at 1M petitions). Near-identical texts share many
    // bands (6.5 of 20 expected at Jaccard 0.8), texts of one topic one or two; the most-shared come first.
    const bandArray = sql`ARRAY[${sql.join(bands.map((b) => sql`${b}`), sql`, `)}]::bigint[]`;
    const rows = await queryRows<{ id: string; lsh_bands: string[] | string; matter_id: string }>(
      db,
      sql`SELECT p.id, p.lsh_bands, pm.matter_id FROM petitions p JOIN petition_matters pm ON pm.petition_id = p.id
          WHERE p.lsh_bands && ${bandArray} LIMIT ${LSH_SCAN_LIMIT}`,
    );
    const wanted = new Set(bands.map(String));
    const shared = (v: string[] | string) => (Array.isArray(v) ? v : v.slice(1, -1).split(',')).reduce((n, b) => (wanted.has(String(b)) ? n + 1 : n), 0);
    rows
      .map((r) => ({ matterId: r.matter_id, shared: shared(r.lsh_bands) }))
      .filter((r) => r.shared >= LSH_MIN_SHARED)
      .sort((a, b) => b.shared - a.shared)
      .slice(0, LSH_LIMIT)
      .forEach((r) => out.add(r.matterId));
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
  const blocked = performance.now();
  const { candidates, rows, petitionRows } = await loadCandidates(db, ids, draft.receivedOn);
  const loaded = performance.now();
  const ranked = rankCandidates(full, candidates, { registeringLevel: opts.registeringLevel, limit: opts.limit ?? 10 });
  const decision = screeningDecision(ranked);
  const ms = (a: number, b: number) => Math.round((b - a) * 10) / 10;
  return {
    decision,
    ms: ms(started, performance.now()),
    phases: { blockMs: ms(started, blocked), loadMs: ms(blocked, loaded), rankMs: ms(loaded, performance.now()), candidates: candidates.length },
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
