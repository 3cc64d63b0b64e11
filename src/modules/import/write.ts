import { randomFillSync } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { matterClocks, matters, petitions } from '../../db/schema';
import { queryRows, type Tx } from '../../db/tx';
import type { Calendar, IsoDate } from '../../domain/calendar';
import { isAssignedByHigherLevel, isCollective, peopleCountOf } from '../../domain/intake';
import {
  decide,
  type Actor,
  type ArchivedOutcome,
  type Command,
  type MatterEvent,
  type MatterState,
} from '../../domain/lifecycle';
import { contentSignature } from '../../domain/screening';
import { importEntityKeys } from './prepare';
import { petitionKeywords } from '../screening/keywords';
import type { AppContext } from '../../context';
import { XinfangError } from '../../shared/errors';
import { appendEvents, type NewEvent } from '../audit/append';
import { PROJECTED_COLUMNS, projectionRow } from '../matters/projection';
import { clockRowsOf, formatNumber, matterAuditEvent } from '../matters/service';
import type { Person } from '../petitions/petitioners';
import type { BadRow, ImportRecord } from './record';

/**
 * The batch writer: one transaction per batch, with set-based statements, producing the rows and events that
 * `registerPetition` (src/modules/petitions/service.ts) writes one by one for the same petitions, as registrar kind
 * 'import': petition numbers from `counters`, petitioners found or created by the registry's rules, a matter per new
 * matterKey registered through the lifecycle's `decide` (archived matters in their final status, without clocks), a
 * repeat petition (`recordRepeatPetition`) for every further petition of a matterKey, then `petitionRegistered`.
 * No duplicate screening: the archive's matterKey decides the grouping.
 */

export interface WriteEnv {
  ctx: Pick<AppContext, 'calendar' | 'timeLimits'>;
  now: Date;
  today: IsoDate;
  /** How a new matter ended, from all its rows in the file (null: open). */
  outcomeOf(record: ImportRecord): ArchivedOutcome | null;
  /** The import's own audit event for this batch, appended last in the same transaction. */
  batchEvent?(result: BatchResult): NewEvent;
  /** Note the petitions in `petition_bands_pending` instead of writing their band rows (a large import; importer.ts). */
  deferBands?: boolean;
}

export interface BatchCounts {
  imported: number;
  skipped: number;
  mattersCreated: number;
  repeatsLinked: number;
}

export interface BatchResult extends BatchCounts {
  /** Rows the lifecycle refused (e.g. an archived outcome dated before the matter's receipt). */
  bad: BadRow[];
}

type MatterRow = typeof matters.$inferSelect;
type Party = { petitionerId: string; isRepresentative: boolean; nameAsGiven: string };

interface MatterWork {
  id: string;
  isNew: boolean;
  /** Null for a new matter until its register decision. */
  state: MatterState | null;
  originalVersion: number;
  number: string | null;
  first: ImportRecord;
  clocksChanged: boolean;
}

interface Planned {
  record: ImportRecord;
  petitionId: string;
  matter: MatterWork;
  relation: 'origin' | 'repeat';
  events: MatterEvent[];
}

/**
 * Ids of the rows the import creates (petitions, matters, petitioners): time-ordered UUIDs (RFC 9562 version 7:
 * 48-bit Unix milliseconds, a 12-bit sequence, 62 random bits), strictly increasing within the process. Random
 * (version 4) ids land anywhere in every index that begins with them (the primary keys, the link tables, the events'
 * entity index, the screening covering index), so a large import touches and rewrites index pages all over those
 * indexes; increasing ids append at their right edge. At 1M petitions this is most of PostgreSQL's work
 * (bench/README.md). They are ordinary UUIDs to everything else.
 */
let lastMs = 0;
let sequence = 0;
const pool = Buffer.alloc(8 * 4096);
let poolAt = pool.length;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));


function newId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    // More than 4,096 ids in one millisecond: borrow the next one (the clock catches up).
    lastMs += 1;
    sequence = 0;
  }
  ms = lastMs;
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const r = poolAt;
  poolAt += 8;
  const hi = Math.floor(ms / 0x10000);
  const lo = ms % 0x10000;
  return (
    HEX[(hi >>> 24) & 0xff]! + HEX[(hi >>> 16) & 0xff]! + HEX[(hi >>> 8) & 0xff]! + HEX[hi & 0xff]! + '-' +
    HEX[lo >>> 8]! + HEX[lo & 0xff]! + '-' +
    HEX[0x70 | (sequence >>> 8)]! + HEX[sequence & 0xff]! + '-' +
    HEX[0x80 | (pool[r]! & 0x3f)]! + HEX[pool[r + 1]!]! + '-' +
    HEX[pool[r + 2]!]! + HEX[pool[r + 3]!]! + HEX[pool[r + 4]!]! + HEX[pool[r + 5]!]! + HEX[pool[r + 6]!]! + HEX[pool[r + 7]!]!
  );
}

/** The actor of the importer: 'system' acting for the registering bureau (registrar kind 'import'). */
function importActor(bodyId: string): Actor {
  return { userId: 'import', bodyId, roles: ['system'] };
}

/** `matter_clocks` rows as the matter service computes them, in the raw insert's column names. */
function clockRows(calendar: Calendar, matterId: string, state: MatterState) {
  return clockRowsOf(calendar, matterId, state).map((r) => ({
    matter_id: r.matterId,
    name: r.name,
    kind: r.kind,
    from_on: r.fromOn,
    unit: r.unit,
    amount: r.amount,
    paused_days: r.pausedDays,
    paused: r.paused,
    due_on: r.dueOn,
    stopped_on: r.stoppedOn,
    provisional: r.provisional,
  }));
}

function refusedRow(record: ImportRecord, refusal: { messageZh: string; message: string; article?: string }): BadRow {
  return {
    line: record.line,
    externalId: record.externalId,
    problems: [{ field: 'status', messageZh: refusal.messageZh, message: refusal.message, ...(refusal.article ? { article: refusal.article } : {}) }],
  };
}

/**
 * A multi-row INSERT whose rows travel as one JSON parameter (`json_to_recordset`): one parse on the server and no
 * per-value query building on the client, which for thousands of rows costs more than the insert itself. `json`, not
 * `jsonb`: the text is read once, straight into the columns, instead of being built into a jsonb value first (half
 * the server's parsing time for a batch of petitions; bench/README.md).
 * `columns` are the table's own column names with their SQL types (constants of this file, never input).
 */
async function insertRows(tx: Tx, table: string, columns: readonly (readonly [string, string])[], rows: Record<string, unknown>[], suffix = ''): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([c]) => c).join(', ');
  const types = columns.map(([c, t]) => `${c} ${t}`).join(', ');
  await tx.execute(
    sql`${sql.raw(`INSERT INTO ${table} (${names}) SELECT ${names} FROM json_to_recordset(`)}${JSON.stringify(rows)}${sql.raw(`::json) AS x(${types}) ${suffix}`)}`,
  );
}

const PETITIONER_COLUMNS = [['id', 'uuid'], ['name', 'text'], ['id_number', 'text'], ['phone', 'text'], ['address', 'text'], ['created_at', 'timestamptz']] as const;
// The registration's own columns; the columns mirroring the lifecycle state are the projection's (matters/projection.ts).
const MATTER_COLUMNS = [
  ['id', 'uuid'], ['number', 'text'], ['external_key', 'text'], ['title', 'text'], ['content', 'text'], ['respondent', 'text'],
  ['place', 'text'], ['category', 'text'], ['channel', 'text'], ['received_on', 'date'], ['registering_body_id', 'uuid'],
  ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ...PROJECTED_COLUMNS,
] as const;
const CLOCK_COLUMNS = [
  ['matter_id', 'uuid'], ['name', 'text'], ['kind', 'text'], ['from_on', 'date'], ['unit', 'text'], ['amount', 'int'],
  ['paused_days', 'int'], ['paused', 'boolean'], ['due_on', 'date'], ['stopped_on', 'date'], ['provisional', 'boolean'],
] as const;
const PETITION_COLUMNS = [
  ['id', 'uuid'], ['number', 'text'], ['external_id', 'text'], ['channel', 'text'], ['received_at', 'timestamptz'], ['received_on', 'date'],
  ['region_code', 'text'], ['registering_body_id', 'uuid'], ['source', 'text'], ['title', 'text'], ['content', 'text'],
  ['respondent', 'text'], ['place', 'text'], ['collective', 'boolean'], ['people_count', 'int'], ['details', 'jsonb'],
  ['lsh_bands', 'bigint[]'], ['keywords', 'text[]'], ['created_at', 'timestamptz'],
] as const;
const ENTITY_KEY_COLUMNS = [['key', 'bigint'], ['petition_id', 'uuid']] as const;
const LINK_COLUMNS = [['petition_id', 'uuid'], ['matter_id', 'uuid'], ['relation', 'text'], ['created_at', 'timestamptz']] as const;
const PARTY_COLUMNS = [['petition_id', 'uuid'], ['petitioner_id', 'uuid'], ['name_as_given', 'text'], ['is_representative', 'boolean']] as const;
const MATTER_PARTY_COLUMNS = [['matter_id', 'uuid'], ['petitioner_id', 'uuid'], ['is_representative', 'boolean']] as const;

/**
 * The batch's petitions and their `petition_bands` rows (screening's content lookup) in one statement: the band rows
 * are taken from the inserted rows' `lsh_bands`, so the keys travel once. Deferred: only the petitions' ids, in
 * `petition_bands_pending`, for the import to add their bands in bulk at the end.
 */
async function insertPetitions(tx: Tx, rows: Record<string, unknown>[], deferBands: boolean): Promise<void> {
  if (rows.length === 0) return;
  const names = PETITION_COLUMNS.map(([c]) => c).join(', ');
  const types = PETITION_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ');
  const then = deferBands
    ? 'INSERT INTO petition_bands_pending (petition_id) SELECT id FROM p'
    : 'INSERT INTO petition_bands (band, petition_id) SELECT DISTINCT b, p.id FROM p, unnest(p.lsh_bands) AS b';
  await tx.execute(
    sql`${sql.raw(`WITH p AS (INSERT INTO petitions (${names}) SELECT ${names} FROM json_to_recordset(`)}${JSON.stringify(rows)}${sql.raw(`::json) AS x(${types}) RETURNING id, lsh_bands) ${then}`)}`,
  );
}

/**
 * Petitioners of the batch, found or created with the registry's rules (src/modules/petitions/petitioners.ts
 * `resolvePetitioner`) in a few statements: by live ID number (INSERT … ON CONFLICT on the partial unique index, so
 * a concurrent desk registration of the same person ends with one record), else by phone and name, else new.
 */
async function resolvePeople(tx: Tx, people: Person[], now: Date): Promise<Map<Person, string>> {
  const out = new Map<Person, string>();
  const byId = new Map<string, Person[]>();
  const byPhone = new Map<string, Person[]>();
  const anonymous: Person[] = [];
  for (const p of people) {
    if (p.idNumber) byId.set(p.idNumber, [...(byId.get(p.idNumber) ?? []), p]);
    else if (p.phone) byPhone.set(`${p.phone}\u0001${p.name}`, [...(byPhone.get(`${p.phone}\u0001${p.name}`) ?? []), p]);
    else anonymous.push(p);
  }

  if (byId.size) {
    const list = [...byId.values()].map((group) => {
      const first = group[0]!;
      return {
        id: newId(),
        name: first.name,
        id_number: first.idNumber,
        phone: group.find((p) => p.phone)?.phone ?? null,
        address: group.find((p) => p.address)?.address ?? null,
      };
    });
    const rows = await queryRows<{ id: string; id_number: string }>(
      tx,
      sql`INSERT INTO petitioners (id, name, id_number, phone, address, created_at)
          SELECT x.id, x.name, x.id_number, x.phone, x.address, ${now} FROM json_to_recordset(${JSON.stringify(list)}::json)
            AS x(id uuid, name text, id_number text, phone text, address text)
          ON CONFLICT (id_number) WHERE id_number IS NOT NULL AND merged_into_id IS NULL
          DO UPDATE SET phone = coalesce(petitioners.phone, excluded.phone), address = coalesce(petitioners.address, excluded.address)
          RETURNING id, id_number`,
    );
    for (const r of rows) for (const p of byId.get(r.id_number) ?? []) out.set(p, r.id);
  }

  if (byPhone.size) {
    const keys = [...byPhone.values()].map((g) => ({ phone: g[0]!.phone, name: g[0]!.name, address: g.find((p) => p.address)?.address ?? null }));
    const found = await queryRows<{ id: string; phone: string; name: string; address: string | null }>(
      tx,
      sql`SELECT DISTINCT ON (p.phone, p.name) p.id, p.phone, p.name, p.address
          FROM petitioners p JOIN json_to_recordset(${JSON.stringify(keys)}::json) AS x(phone text, name text)
            ON p.phone = x.phone AND p.name = x.name
          WHERE p.merged_into_id IS NULL
          ORDER BY p.phone, p.name, p.created_at, p.id`,
    );
    const fill: { id: string; address: string }[] = [];
    const fresh: Record<string, unknown>[] = [];
    for (const k of keys) {
      const key = `${k.phone}\u0001${k.name}`;
      const hit = found.find((f) => f.phone === k.phone && f.name === k.name);
      const id = hit?.id ?? newId();
      if (hit && !hit.address && k.address) fill.push({ id, address: k.address });
      if (!hit) fresh.push({ id, name: k.name, id_number: null, phone: k.phone, address: k.address, created_at: now });
      for (const p of byPhone.get(key)!) out.set(p, id);
    }
    if (fill.length) {
      await tx.execute(sql`UPDATE petitioners SET address = x.address
        FROM json_to_recordset(${JSON.stringify(fill)}::json) AS x(id uuid, address text)
        WHERE petitioners.id = x.id AND petitioners.address IS NULL`);
    }
    await insertRows(tx, 'petitioners', PETITIONER_COLUMNS, fresh);
  }

  if (anonymous.length) {
    const fresh = anonymous.map((p) => ({ id: newId(), name: p.name, id_number: null, phone: null, address: p.address, created_at: now }));
    anonymous.forEach((p, i) => out.set(p, fresh[i]!.id));
    await insertRows(tx, 'petitioners', PETITIONER_COLUMNS, fresh);
  }
  return out;
}

/**
 * Next numbers of several counters at once: one upsert adds each key's count and returns the new value, so the
 * batch owns the range (value - count, value]. Same keys and formats as the desk (`XJ…` petitions, `XF…` matters).
 */
async function takeNumbers(tx: Tx, counts: Map<string, number>): Promise<Map<string, number>> {
  const next = new Map<string, number>();
  if (counts.size === 0) return next;
  const list = [...counts].map(([key, n]) => ({ key, n }));
  const rows = await queryRows<{ key: string; value: number }>(
    tx,
    sql`INSERT INTO counters (key, value)
        SELECT x.key, x.n FROM json_to_recordset(${JSON.stringify(list)}::json) AS x(key text, n int)
        ON CONFLICT (key) DO UPDATE SET value = counters.value + excluded.value
        RETURNING key, value`,
  );
  for (const r of rows) next.set(r.key, Number(r.value) - counts.get(r.key)! + 1);
  return next;
}

function numberKey(prefix: 'petition' | 'matter', regionCode: string, receivedOn: IsoDate) {
  return `${prefix}:${regionCode.slice(0, 6)}:${receivedOn.slice(0, 4)}`;
}

function numberOf(letters: 'XJ' | 'XF', key: string, value: number) {
  const [, county, year] = key.split(':');
  return formatNumber(letters, county!, year!, value);
}

/**
 * Writes one batch of valid records in the caller's transaction. Records whose externalId is already present are
 * skipped (idempotent); records the lifecycle refuses are returned as bad rows and write nothing.
 */
export async function writeBatch(tx: Tx, env: WriteEnv, records: ImportRecord[]): Promise<BatchResult> {
  const result: BatchResult = { imported: 0, skipped: 0, mattersCreated: 0, repeatsLinked: 0, bad: [] };
  const { now, today } = env;
  const inForce = await env.ctx.calendar.current(tx);
  const decideCtx = (actor: Actor) => ({ now, actor, calendar: inForce, config: env.ctx.timeLimits });

  // 1. Idempotency: an externalId already in the database (an earlier run, an earlier batch) or earlier in this batch.
  const ids = [...new Set(records.map((r) => r.externalId))];
  const present = new Set(
    ids.length ? (await tx.select({ id: petitions.externalId }).from(petitions).where(inArray(petitions.externalId, ids))).map((r) => r.id) : [],
  );
  const todo: ImportRecord[] = [];
  for (const r of records) {
    if (present.has(r.externalId)) {
      result.skipped += 1;
      continue;
    }
    present.add(r.externalId);
    todo.push(r);
  }
  if (todo.length === 0) {
    if (env.batchEvent) await appendEvents(tx, [env.batchEvent(result)], { newEntities: new Set() });
    return result;
  }

  // 2. The matters of the batch's matterKeys that already exist, locked as the desk locks a matter it links to.
  const keys = [...new Set(todo.map((r) => r.matterKey))];
  const existing: MatterRow[] = await tx.select().from(matters).where(inArray(matters.externalKey, keys)).for('update');
  const work = new Map<string, MatterWork>();
  for (const row of existing) {
    work.set(row.externalKey!, { id: row.id, isNew: false, state: row.state as MatterState, originalVersion: row.version, number: row.number, first: todo[0]!, clocksChanged: false });
  }

  // 3. The lifecycle decides every matter event, in file order (pure; nothing written yet).
  const planned: Planned[] = [];
  for (const record of todo) {
    const actor = importActor(record.registeringBodyId);
    const petitionId = newId();
    const matter = work.get(record.matterKey);
    if (!matter) {
      const archived = env.outcomeOf(record);
      const command: Command = {
        type: 'register',
        on: today,
        facts: {
          channel: record.channel,
          receivedOn: record.receivedOn,
          registeringBodyId: record.registeringBodyId,
          registeredByBureau: true,
          regionCode: record.regionCode,
          firstPetition: true,
          referredByHigherLevel: record.channel === 'referral',
          assignedByHigherLevel: isAssignedByHigherLevel(record.channel, record.details),
          collective: isCollective(record.channel, record.details, record.people.length),
        },
        ...(archived ? { archived } : {}),
      };
      const decision = decide(null, command, decideCtx(actor));
      if (!decision.ok) {
        // The matter is then registered by its next good row, if any.
        result.bad.push(refusedRow(record, decision.refusal));
        continue;
      }
      const created: MatterWork = { id: newId(), isNew: true, state: decision.next, originalVersion: 0, number: null, first: record, clocksChanged: true };
      work.set(record.matterKey, created);
      planned.push({ record, petitionId, matter: created, relation: 'origin', events: decision.events });
      continue;
    }
    const decision = decide(matter.state, { type: 'recordRepeatPetition', on: today, petitionId, receivedOn: record.receivedOn }, decideCtx(actor));
    if (!decision.ok) {
      result.bad.push(refusedRow(record, decision.refusal));
      continue;
    }
    if (decision.events.some((e) => e.clockEffects.length > 0)) matter.clocksChanged = true;
    matter.state = decision.next;
    planned.push({ record, petitionId, matter, relation: 'repeat', events: decision.events });
  }
  if (planned.length === 0) {
    if (env.batchEvent) await appendEvents(tx, [env.batchEvent(result)], { newEntities: new Set() });
    return result;
  }

  // 4. Petitioners, then numbers.
  const petitionCounts = new Map<string, number>();
  const matterCounts = new Map<string, number>();
  for (const p of planned) {
    const k = numberKey('petition', p.record.regionCode, p.record.receivedOn);
    petitionCounts.set(k, (petitionCounts.get(k) ?? 0) + 1);
    if (p.relation === 'origin') {
      const mk = numberKey('matter', p.record.regionCode, p.record.receivedOn);
      matterCounts.set(mk, (matterCounts.get(mk) ?? 0) + 1);
    }
  }
  // One statement at a time: a transaction is one connection, and node-postgres deprecates queueing a query on a
  // client that is still running one.
  const personIds = await resolvePeople(tx, planned.flatMap((p) => p.record.people), now);
  const nextNumber = await takeNumbers(tx, new Map([...petitionCounts, ...matterCounts]));
  const take = (key: string) => {
    const v = nextNumber.get(key)!;
    nextNumber.set(key, v + 1);
    return v;
  };

  // 5. Rows, in file order.
  const petitionRows: Record<string, unknown>[] = [];
  const linkRows: Record<string, unknown>[] = [];
  const entityKeyRows: Record<string, unknown>[] = [];
  const partyRows: Record<string, unknown>[] = [];
  const matterPartyRows = new Map<string, Record<string, unknown>>();
  const newMatters: MatterWork[] = [];
  const events: NewEvent[] = [];
  const newEntities = new Set<string>();
  for (const p of planned) {
    const r = p.record;
    const pk = numberKey('petition', r.regionCode, r.receivedOn);
    const number = numberOf('XJ', pk, take(pk));
    if (p.relation === 'origin') {
      const mk = numberKey('matter', r.regionCode, r.receivedOn);
      p.matter.number = numberOf('XF', mk, take(mk));
      newMatters.push(p.matter);
      newEntities.add(`matter:${p.matter.id}`);
      result.mattersCreated += 1;
    } else {
      result.repeatsLinked += 1;
    }
    newEntities.add(`petition:${p.petitionId}`);
    result.imported += 1;

    const parties: Party[] = [];
    for (const person of r.people) {
      const petitionerId = personIds.get(person)!;
      // The archive's name is kept on the petition (nameAsGiven), whatever name the registry holds for the ID number.
      if (!parties.some((x) => x.petitionerId === petitionerId)) parties.push({ petitionerId, isRepresentative: person.isRepresentative, nameAsGiven: person.name });
    }
    // Columns as in registerPetition; registered_by_user_id, query_code_hash and group_id stay null for an import.
    petitionRows.push({
      id: p.petitionId,
      number,
      external_id: r.externalId,
      channel: r.channel,
      received_at: r.receivedAt,
      received_on: r.receivedOn,
      region_code: r.regionCode,
      registering_body_id: r.registeringBodyId,
      source: 'import',
      title: r.title,
      content: r.content,
      respondent: r.respondent,
      place: r.place,
      collective: isCollective(r.channel, r.details, r.people.length),
      people_count: peopleCountOf(r.channel, r.details, r.people.length),
      details: r.details,
      lsh_bands: r.lshBands ?? contentSignature({ title: r.title, content: r.content, respondent: r.respondent, place: r.place, category: r.category, keywords: [] }).bands,
      keywords: r.keywords ?? petitionKeywords(r.title, r.content),
      created_at: now,
    });
    linkRows.push({ petition_id: p.petitionId, matter_id: p.matter.id, relation: p.relation, created_at: now });
    for (const key of r.entityKeys ?? importEntityKeys(r)) entityKeyRows.push({ key, petition_id: p.petitionId });
    for (const x of parties) {
      partyRows.push({ petition_id: p.petitionId, petitioner_id: x.petitionerId, name_as_given: x.nameAsGiven, is_representative: x.isRepresentative });
      const key = `${p.matter.id}:${x.petitionerId}`;
      if (!matterPartyRows.has(key)) matterPartyRows.set(key, { matter_id: p.matter.id, petitioner_id: x.petitionerId, is_representative: x.isRepresentative });
    }

    for (const e of p.events) events.push(matterAuditEvent(p.matter.id, e, now));
    events.push({
      entityType: 'petition',
      entityId: p.petitionId,
      type: 'petitionRegistered',
      onDate: today,
      occurredAt: now,
      actorUserId: null,
      actorBodyId: r.registeringBodyId,
      actorRoles: ['system'],
      payload: {
        number,
        channel: r.channel,
        source: 'import',
        externalId: r.externalId,
        matterKey: r.matterKey,
        matters: [{ matterId: p.matter.id, relation: p.relation }],
        petitionerIds: parties.map((x) => x.petitionerId),
        attachmentIds: [],
        // Not screened: the archive's matterKey groups its petitions.
        screening: null,
      },
    });
  }

  // 6. Writes: matters first (petitions and links refer to them), then the rest, then the audit trail.
  const calendar = await env.ctx.calendar.forClockRows(tx);
  await insertRows(
    tx,
    'matters',
    MATTER_COLUMNS,
    newMatters.map((m) => ({
      id: m.id,
      number: m.number!,
      external_key: m.first.matterKey,
      title: m.first.title,
      content: m.first.content,
      respondent: m.first.respondent,
      place: m.first.place,
      category: m.first.category,
      channel: m.first.channel,
      received_on: m.first.receivedOn,
      registering_body_id: m.first.registeringBodyId,
      ...projectionRow(m.state!),
      created_at: now,
      updated_at: now,
    })),
  );
  const updated = [...work.values()].filter((m) => !m.isNew && m.state!.version !== m.originalVersion);
  if (updated.length) {
    const list = updated.map((m) => ({ id: m.id, old_version: m.originalVersion, ...projectionRow(m.state!) }));
    const set = sql.raw(PROJECTED_COLUMNS.map(([c]) => `${c} = x.${c}`).join(', '));
    const types = sql.raw(PROJECTED_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', '));
    const rows = await queryRows<{ id: string }>(
      tx,
      sql`UPDATE matters SET ${set}, updated_at = ${now}
          FROM json_to_recordset(${JSON.stringify(list)}::json) AS x(id uuid, old_version int, ${types})
          WHERE matters.id = x.id AND matters.version = x.old_version
          RETURNING matters.id`,
    );
    if (rows.length !== updated.length) throw new XinfangError('CONFLICT', '信访事项已被他人修改，请重试', 'a matter changed while the batch was written');
  }
  const clockMatters = [...work.values()].filter((m) => m.clocksChanged && m.state);
  const rewritten = clockMatters.filter((m) => !m.isNew).map((m) => m.id);
  if (rewritten.length) await tx.delete(matterClocks).where(inArray(matterClocks.matterId, rewritten));
  await insertRows(tx, 'matter_clocks', CLOCK_COLUMNS, clockMatters.flatMap((m) => clockRows(calendar, m.id, m.state!)));

  await insertPetitions(tx, petitionRows, env.deferBands ?? false);
  await insertRows(tx, 'petition_matters', LINK_COLUMNS, linkRows);
  await insertRows(tx, 'petition_entity_keys', ENTITY_KEY_COLUMNS, entityKeyRows);
  await insertRows(tx, 'petition_petitioners', PARTY_COLUMNS, partyRows);
  await insertRows(tx, 'matter_petitioners', MATTER_PARTY_COLUMNS, [...matterPartyRows.values()], 'ON CONFLICT DO NOTHING');

  if (env.batchEvent) events.push(env.batchEvent(result));
  await appendEvents(tx, events, { newEntities });
  return result;
}
