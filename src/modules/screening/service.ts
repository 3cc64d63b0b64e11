import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/tx';
import { queryRows } from '../../db/tx';
import { STATUS_LABELS, type MatterStatus } from '../../domain/lifecycle';
import {
  contentSignature,
  petitionEntityKeys,
  rankCandidates,
  repeatOf,
  screeningDecision,
  type CandidateMatter,
  type CandidatePetition,
  type RankedCandidate,
  type ScreeningDraft,
  type ScreeningPerson,
} from '../../domain/screening';
import { chinaDateOf, type IsoDate } from '../../domain/calendar';
import { withCallerNumber } from '../../domain/intake';
import { normalisePeople, type PersonInput } from '../petitions/petitioners';
import { receivedInstant } from '../petitions/time';
import { extractKeywords, petitionKeywords } from './keywords';

/**
 * Duplicate screening (甄别判重) against the database: identity blocking (same ID number, same phone, same name in the
 * same city), content blocking (MinHash LSH bands shared with the draft, `petition_bands`) and entity blocking (the
 * facts a clerk recognises a matter by, `petition_entity_keys`) find candidate matters across all channels and years;
 * the pure scorer in src/domain/screening ranks them and gives the reasons. docs/screening.md.
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
  /** The channel's details: a phone petition's caller number screens as its petitioner's phone (`withCallerNumber`). */
  details?: Record<string, unknown> | null;
  petitioners: PersonInput[];
}

/**
 * The screening draft of what was typed, with identities normalised. Screening an unfinished form is normal, so an ID
 * number or phone that does not validate is left out of the blocking rather than refused; `stored` supplies the
 * identity of people picked from the registry (shown masked on the form).
 */
export function draftFromInput(raw: RawDraft, today: IsoDate, stored: ReadonlyMap<string, { idNumber: string | null; phone: string | null }> = new Map()): DraftInput {
  const { people, problems } = normalisePeople(withCallerNumber(raw.channel ?? 'letter', raw.details, raw.petitioners), today);
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
        return { name: p.name, idNumber: idNumber ?? known?.idNumber ?? null, phone: phone ?? known?.phone ?? null, address: p.address };
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
  /** The matter the decision names (the best likely repeat), null for "new". */
  repeatOf: string | null;
  candidates: ScreenedCandidate[];
  ms: number;
  /**
   * Where the time went, for benchmarks and logs: the one query that finds and loads the candidates (with keyword
   * extraction and signature of the draft before it), then scoring.
   */
  phases: { queryMs: number; rankMs: number; candidates: number };
}

/** Candidates per blocking key: enough for a prolific petitioner, bounded for a common name. */
const BLOCK_LIMIT = 200;
const PETITIONS_PER_MATTER = 20;
/** A candidate's petition links read, the most recent ids first, to choose its PETITIONS_PER_MATTER latest from. */
const LINKS_PER_MATTER = 500;
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
/**
 * Petitions read per band of the draft, the most recent (highest id) first: 20 bands × 100 bounds the content lookup
 * at 2,000 index entries. A band shared by more petitions than that is a topic's, not a text's (two texts on one topic
 * share one by chance); a near-identical text shares several, and the rarer ones find it.
 */
const LSH_PER_BAND = 100;
/** Matters one petition carries (分诉求登记 gives a few), read per content candidate. */
const MATTERS_PER_PETITION = 5;
/** Records per ID number (merged records keep theirs) or phone (a family's shared phone). */
const PEOPLE_PER_KEY = 20;
/** Records of one name read for the namesake lookup: a common name has ~1,000 in a province at 1M petitions. */
const NAMESAKES_PER_NAME = 2000;
/** Matters per namesake record read for the namesake lookup. */
const MATTERS_PER_NAMESAKE = 20;
/**
 * Entity candidates (src/domain/screening/entities.ts): petitions sharing an entity key with the draft, at most
 * ENTITY_PER_KEY read per key (≤ 10 pair keys, a few respondent and name keys: a few hundred index entries at most),
 * ranked by the number of keys shared, the best ENTITY_LIMIT matters. This is what finds a repeat that shares no
 * identity with its matter: a member of a collective group filing alone, a name written with a homophone.
 */
const ENTITY_PER_KEY = 50;
const ENTITY_LIMIT = 30;

function textArray(values: string[]) {
  return sql`ARRAY[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;
}

/**
 * The entity lookup (matter_id, src 4): one bounded probe per key on the primary key's B-tree, like the band lookup,
 * so its cost is bounded by the draft's keys, never by the size of the province. Exported for the plan test.
 */
export function entityCandidates(entityKeys: number[]): SQL {
  const keyArray = sql`ARRAY[${sql.join(entityKeys.map((k) => sql`${k}`), sql`, `)}]::bigint[]`;
  return sql`SELECT pm.matter_id, 4 AS src
             FROM (SELECT e.petition_id, count(*) AS shared
                     FROM unnest(${keyArray}) AS k(key)
                     CROSS JOIN LATERAL (SELECT x.petition_id FROM petition_entity_keys x WHERE x.key = k.key
                                         ORDER BY x.petition_id DESC LIMIT ${ENTITY_PER_KEY}) e
                    GROUP BY e.petition_id ORDER BY shared DESC, e.petition_id DESC LIMIT ${ENTITY_LIMIT}) h
             CROSS JOIN LATERAL (SELECT pm.matter_id FROM petition_matters pm WHERE pm.petition_id = h.petition_id
                                 ORDER BY pm.matter_id LIMIT ${MATTERS_PER_PETITION}) pm`;
}

/** One candidate matter as the screening query returns it, with its most recent petitions. */
interface CandidateRow {
  id: string;
  number: string;
  title: string;
  status: string;
  category: string | null;
  region_code: string;
  received_on: string;
  registering_body_name: string;
  responsible_level: Level | null;
  within_limit: boolean;
  petition_count: number;
  petitions: PetitionJson[] | null;
}
interface PetitionJson {
  id: string;
  externalId: string | null;
  channel: string;
  receivedOn: string;
  collective: boolean;
  title: string;
  content: string;
  respondent: string | null;
  place: string | null;
  /** Stored at registration and import; null for rows written before it was (extracted here then). */
  keywords: string[] | null;
  petitioners: ScreeningPerson[] | null;
}

/**
 * The statement that finds the candidate matters of a draft with everything scoring needs (one round trip, one plan):
 * the blocking lookups are its first part, their union is loaded by the rest. Null when the draft has nothing to look
 * up. Exported for the plan test (test/integration/screening-plans.test.ts).
 * - identity: same ID number or phone, any region or year;
 * - namesakes in the same city, the most recent few. A name alone is weak evidence (张伟 is common), but an earlier
 *   record may carry only the name, so a draft with an ID number still looks for namesakes;
 * - content: petitions sharing LSH bands with the draft (`petition_bands`), at most LSH_PER_BAND per band, ranked by
 *   the number of bands shared. Near-identical texts share many (6.5 of 20 expected at Jaccard 0.8), texts of one
 *   topic one or two. Band keys carry their band index, so rows that match are bands agreed on position by position;
 * - entities: petitions sharing entity keys with the draft (amounts with dates, estates, villages, the respondent with
 *   its site, names by sound: src/domain/screening/entities.ts), ENTITY_PER_KEY per key, most keys shared first.
 */
export function candidateQuery(draft: DraftInput, bands: number[], asOf: string, entityKeys: number[] = []): SQL | null {
  const ids = [...new Set(draft.petitioners.map((p) => p.idNumber).filter((v): v is string => !!v))];
  const phones = [...new Set(draft.petitioners.map((p) => p.phone).filter((v): v is string => !!v))];
  const names = [...new Set(draft.petitioners.map((p) => p.name).filter(Boolean))];
  const city = draft.regionCode.slice(0, 4);

  // Every lookup below is a B-tree probe per key that reads a bounded number of entries in the index's own order
  // (`ORDER BY` the index's next column, then `LIMIT`), joined by LATERAL so each probe takes its key from the row
  // before. PostgreSQL cannot answer such a probe with a sequential scan without reading and sorting the whole
  // table, which no statistics make look cheaper than the first entries of the index; with a plain join or an
  // unordered LIMIT, missing or skewed statistics could (docs/screening.md, test/integration/screening-plans.test.ts).
  const blocks: ReturnType<typeof sql>[] = [];
  const identity: ReturnType<typeof sql>[] = [];
  if (ids.length) identity.push(sql`SELECT pe.id FROM unnest(${textArray(ids)}) AS k(v) CROSS JOIN LATERAL
    (SELECT pe.id FROM petitioners pe WHERE pe.id_number = k.v ORDER BY pe.id LIMIT ${PEOPLE_PER_KEY}) pe`);
  if (phones.length) identity.push(sql`SELECT pe.id FROM unnest(${textArray(phones)}) AS k(v) CROSS JOIN LATERAL
    (SELECT pe.id FROM petitioners pe WHERE pe.phone = k.v ORDER BY pe.id LIMIT ${PEOPLE_PER_KEY}) pe`);
  if (identity.length) {
    blocks.push(sql`(SELECT mp.matter_id, 1 AS src FROM (${sql.join(identity, sql` UNION `)}) pe CROSS JOIN LATERAL
                     (SELECT mp.matter_id FROM matter_petitioners mp WHERE mp.petitioner_id = pe.id ORDER BY mp.matter_id DESC LIMIT ${BLOCK_LIMIT}) mp
                     LIMIT ${BLOCK_LIMIT})`);
  }
  if (names.length) {
    // The namesakes' matters in the city, the most recent NAME_LIMIT: the matter row (region, date) is read from
    // matters_screening_idx, one probe per link (LIMIT 1 keeps it a probe rather than a join the planner may hash).
    blocks.push(sql`(SELECT m.id AS matter_id, 2 AS src FROM unnest(${textArray(names)}) AS k(v)
                     CROSS JOIN LATERAL (SELECT pe.id FROM petitioners pe WHERE pe.name = k.v ORDER BY pe.id DESC LIMIT ${NAMESAKES_PER_NAME}) pe
                     CROSS JOIN LATERAL (SELECT mp.matter_id FROM matter_petitioners mp WHERE mp.petitioner_id = pe.id ORDER BY mp.matter_id DESC LIMIT ${MATTERS_PER_NAMESAKE}) mp
                     CROSS JOIN LATERAL (SELECT m.id, m.received_on FROM matters m WHERE m.id = mp.matter_id AND m.region_code LIKE ${`${city}%`} LIMIT 1) m
                     ORDER BY m.received_on DESC LIMIT ${NAME_LIMIT})`);
  }
  if (bands.length) {
    const bandArray = sql`ARRAY[${sql.join(bands.map((b) => sql`${b}`), sql`, `)}]::bigint[]`;
    blocks.push(sql`(SELECT pm.matter_id, 3 AS src
                     FROM (SELECT pb.petition_id, count(*) AS shared
                             FROM unnest(${bandArray}) AS q(band)
                             CROSS JOIN LATERAL (SELECT pb.petition_id FROM petition_bands pb WHERE pb.band = q.band
                                                 ORDER BY pb.petition_id DESC LIMIT ${LSH_PER_BAND}) pb
                             GROUP BY pb.petition_id HAVING count(*) >= ${LSH_MIN_SHARED}
                             ORDER BY shared DESC, pb.petition_id DESC LIMIT ${LSH_LIMIT}) h
                     CROSS JOIN LATERAL (SELECT pm.matter_id FROM petition_matters pm WHERE pm.petition_id = h.petition_id
                                         ORDER BY pm.matter_id LIMIT ${MATTERS_PER_PETITION}) pm)`);
  }
  if (entityKeys.length) blocks.push(sql`(${entityCandidates(entityKeys)})`);
  if (blocks.length === 0) return null;
  return sql`WITH cand AS (SELECT matter_id, min(src) AS src FROM (${sql.join(blocks, sql` UNION ALL `)}) u GROUP BY matter_id)
        SELECT m.id, m.number, m.title, m.status, m.category, m.region_code, m.received_on::text AS received_on,
               rb.name AS registering_body_name, b.level AS responsible_level,
               -- An aggregate, not EXISTS: PostgreSQL may run an EXISTS as a hashed subplan over every open clock
               -- of the province (90,000 rows, 50 ms at 1M petitions) instead of a lookup per candidate.
               coalesce((SELECT bool_or(c.due_on >= ${asOf}::date) FROM matter_clocks c
                          WHERE c.matter_id = m.id AND c.kind = 'deadline' AND c.stopped_on IS NULL), false) AS within_limit,
               (SELECT count(*)::int FROM petition_matters n WHERE n.matter_id = m.id) AS petition_count,
               (SELECT json_agg(json_build_object(
                         'id', p.id, 'externalId', p.external_id, 'channel', p.channel, 'receivedOn', p.received_on, 'collective', p.collective,
                         'title', p.title, 'content', p.content, 'respondent', p.respondent, 'place', p.place, 'keywords', p.keywords,
                         'petitioners', (SELECT json_agg(json_build_object('name', pe.name, 'idNumber', pe.id_number, 'phone', pe.phone, 'address', pe.address))
                                           FROM petition_petitioners pp
                                           CROSS JOIN LATERAL (SELECT pe.name, pe.id_number, pe.phone, pe.address FROM petitioners pe WHERE pe.id = pp.petitioner_id LIMIT 1) pe
                                          WHERE pp.petition_id = p.id))
                         ORDER BY p.received_on DESC)
                  FROM (SELECT p.id, p.external_id, p.channel, p.received_on, p.collective, p.title, p.content, p.respondent, p.place, p.keywords
                          FROM (SELECT pm.petition_id FROM petition_matters pm WHERE pm.matter_id = m.id ORDER BY pm.petition_id DESC LIMIT ${LINKS_PER_MATTER}) pm
                          CROSS JOIN LATERAL (SELECT p.* FROM petitions p WHERE p.id = pm.petition_id LIMIT 1) p
                          ORDER BY p.received_on DESC LIMIT ${PETITIONS_PER_MATTER}) p) AS petitions
        -- The rows of the candidates, their petitions and people are read by primary key, one probe each: as LATERAL
        -- … LIMIT 1 a probe cannot become a hash join over a sequential scan, which the planner prefers for a few
        -- hundred probes whenever statistics are missing or the tables look small (screening-plans.test.ts).
        FROM cand CROSS JOIN LATERAL (SELECT m.id, m.number, m.title, m.status, m.category, m.region_code, m.received_on, m.registering_body_id, m.responsible_body_id
                                        FROM matters m WHERE m.id = cand.matter_id LIMIT 1) m
        JOIN bodies rb ON rb.id = m.registering_body_id
        LEFT JOIN bodies b ON b.id = m.responsible_body_id
        ORDER BY cand.src`;
}

/**
 * Settings of the candidate statement's transaction: no JIT compilation. Without statistics the statement's estimated
 * cost (a few hundred candidates × their petitions × their people, each a bounded probe) passes PostgreSQL's JIT
 * thresholds, and compiling it took 590 ms of a 2 ms execution at 100k petitions (bench/README.md, issue 19): the
 * plan stayed index-driven, the latency flipped anyway. The statement is short by construction, so JIT never pays.
 */
export async function screeningSettings(tx: Tx): Promise<void> {
  await tx.execute(sql`SET LOCAL jit = off`);
}

async function findCandidates(db: DbOrTx, draft: DraftInput, bands: number[], asOf: string, entityKeys: number[]): Promise<CandidateRow[]> {
  const query = candidateQuery(draft, bands, asOf, entityKeys);
  if (!query) return [];
  return db.transaction(async (tx) => {
    await screeningSettings(tx);
    return queryRows<CandidateRow>(tx, query);
  });
}

function candidateOf(m: CandidateRow): CandidateMatter {
  return {
    matterId: m.id,
    number: m.number,
    status: m.status,
    regionCode: m.region_code,
    receivedOn: m.received_on,
    responsibleBodyLevel: m.responsible_level,
    handlingWithinTimeLimit: m.within_limit,
    petitions: (m.petitions ?? []).map(
      (p): CandidatePetition => ({
        petitionId: p.id,
        externalId: p.externalId,
        channel: p.channel,
        receivedOn: p.receivedOn,
        collective: p.collective,
        title: p.title,
        content: p.content,
        respondent: p.respondent,
        place: p.place,
        category: m.category,
        keywords: p.keywords ?? petitionKeywords(p.title, p.content),
        petitioners: p.petitioners ?? [],
      }),
    ),
  };
}

/** Ranks the matters a draft petition may repeat, best first, with reasons and the level-skipping/terminated flags. */
export async function screenDraft(db: DbOrTx, draft: DraftInput, opts: { registeringLevel: Level; limit?: number }): Promise<ScreeningResult> {
  const started = performance.now();
  const full: ScreeningDraft = { ...draft, keywords: extractKeywords(`${draft.title}\n${draft.content}`) };
  const { bands } = contentSignature(full);
  const keys = petitionEntityKeys({ ...draft, petitionerNames: draft.petitioners.map((p) => p.name) });
  const rows = await findCandidates(db, draft, bands, draft.receivedOn, keys);
  const queried = performance.now();
  const candidates = rows.map(candidateOf);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ranked = rankCandidates(full, candidates, { registeringLevel: opts.registeringLevel, limit: opts.limit ?? 10 });
  const decision = screeningDecision(ranked);
  const ms = (a: number, b: number) => Math.round((b - a) * 10) / 10;
  return {
    decision,
    repeatOf: repeatOf(ranked),
    ms: ms(started, performance.now()),
    phases: { queryMs: ms(started, queried), rankMs: ms(queried, performance.now()), candidates: candidates.length },
    candidates: ranked.map((r) => {
      const m = byId.get(r.matterId)!;
      return {
        ...r,
        number: m.number,
        title: m.title,
        status: m.status,
        statusLabel: STATUS_LABELS[m.status as MatterStatus] ?? m.status,
        receivedOn: m.received_on,
        regionCode: m.region_code,
        registeringBodyName: m.registering_body_name,
        externalIds: (m.petitions ?? []).map((p) => p.externalId).filter((v): v is string => !!v),
        petitionCount: m.petition_count,
      };
    }),
  };
}
