import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bodies } from './org';

/**
 * 信访事项. The projection of a matter's events (`events` where entity_type = 'matter'), kept for queries.
 * `status` and `state` are owned by the lifecycle (src/domain/lifecycle): written only by the matter service,
 * together with the events that produce them, under compare-and-set on `version`.
 */
export const matters = pgTable(
  'matters',
  {
    id: uuid().primaryKey().defaultRandom(),
    number: text().notNull().unique(),
    /** The import's matterKey (petitions sharing it form one matter); unique so imports are idempotent. */
    externalKey: text(),
    title: text().notNull(),
    content: text().notNull(),
    /** 被反映单位/人, 地点 and content category (内容分类), as registered; used by duplicate screening and routing. */
    respondent: text(),
    place: text(),
    category: text(),
    /** 分类 (the lifecycle's `classification`, projected for the triage queue's filters). */
    purpose: text(),
    categoryPath: text().array(),
    /** Screening flags raised when the matter was registered as new despite a flagged candidate (levelSkipping, terminated). */
    flags: text().array().notNull().default(sql`'{}'::text[]`),
    channel: text().notNull(),
    regionCode: text().notNull(),
    receivedOn: date({ mode: 'string' }).notNull(),
    registeringBodyId: uuid()
      .notNull()
      .references(() => bodies.id),
    responsibleBodyId: uuid().references(() => bodies.id),
    reviewBodyId: uuid().references(() => bodies.id),
    reReviewBodyId: uuid().references(() => bodies.id),
    status: text().notNull(),
    procedure: text(),
    state: jsonb().notNull(),
    version: integer().notNull(),
    /**
     * The nearest due date of the matter's running deadline clocks (not stopped, not paused), or null. Kept by a
     * trigger on `matter_clocks` (migration 0013), so every writer of clocks (commands, the importer, a calendar
     * reload) keeps it: the lists sort and filter on it with an index instead of a subquery per row.
     */
    nextDueOn: date({ mode: 'string' }),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index().on(t.regionCode),
    index().on(t.status),
    // Keyset pages of the matter list (newest first): one ordered index per kind of scope (matters/queries.ts); the
    // body indexes also serve lookups by body alone.
    index('matters_received_idx').on(t.receivedOn.desc().nullsFirst(), t.number.desc().nullsFirst()),
    index('matters_responsible_received_idx').on(t.responsibleBodyId, t.receivedOn.desc().nullsFirst(), t.number.desc().nullsFirst()),
    index('matters_registering_received_idx').on(t.registeringBodyId, t.receivedOn.desc().nullsFirst(), t.number.desc().nullsFirst()),
    index('matters_review_received_idx').on(t.reviewBodyId, t.receivedOn.desc().nullsFirst(), t.number.desc().nullsFirst()).where(sql`${t.reviewBodyId} IS NOT NULL`),
    index('matters_re_review_received_idx').on(t.reReviewBodyId, t.receivedOn.desc().nullsFirst(), t.number.desc().nullsFirst()).where(sql`${t.reReviewBodyId} IS NOT NULL`),
    // The triage queue (dispatch/queries.ts): a bureau's waiting matters, most urgent first, in keyset pages.
    index('matters_triage_idx')
      .on(t.registeringBodyId, sql`coalesce(${t.nextDueOn}, '9999-12-31'::date)`, t.receivedOn, t.number)
      .where(sql`${t.status} IN ('registered', 'returnRequested')`),
    // Overdue and due-soon lists (the board, the list's 超期 filter).
    index('matters_next_due_idx').on(t.nextDueOn).where(sql`${t.nextDueOn} IS NOT NULL`),
    uniqueIndex().on(t.externalKey),
    // Duplicate screening's namesake lookup (petitioner → matters in the same city, most recent first) reads region and
    // date from this index alone (index-only scan) instead of visiting the wide matter rows, mostly of other cities.
    index('matters_screening_idx').on(t.id, t.regionCode, t.receivedOn),
  ],
);

/** 信访人. Identity numbers and phones are masked in every view unless a role needs them; reads are logged. */
export const petitioners = pgTable(
  'petitioners',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    /** GB 11643, 18 characters, upper-case X (src/domain/identity). One live record per ID number. */
    idNumber: text(),
    /** Normalised: mobile as 11 digits, landline as area code + '-' + number. */
    phone: text(),
    address: text(),
    /** Set when this record was merged into another record of the same person; the record itself is kept. */
    mergedIntoId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('petitioners_live_id_number_idx')
      .on(t.idNumber)
      .where(sql`${t.idNumber} is not null and ${t.mergedIntoId} is null`),
    // Screening's identity lookups (by ID number, by phone) read a bounded number of records per key in id order:
    // with the id in the index that order is the index's, so no statistics can make a scan and a sort look cheaper
    // (src/modules/screening/service.ts).
    index('petitioners_id_number_id_idx').on(t.idNumber, t.id),
    index('petitioners_phone_id_idx').on(t.phone, t.id),
    index('petitioners_name_prefix_idx').on(t.name.op('text_pattern_ops')),
    // Duplicate screening's namesakes: name → ids from the index alone; a common name has ~1,000 records at 1M
    // petitions, and visiting their rows was a third of the slowest screenings (migration 0007).
    index('petitioners_name_id_idx').on(t.name, t.id),
  ],
);

export const matterPetitioners = pgTable(
  'matter_petitioners',
  {
    matterId: uuid()
      .notNull()
      .references(() => matters.id),
    petitionerId: uuid()
      .notNull()
      .references(() => petitioners.id),
    isRepresentative: boolean().notNull().default(false),
  },
  // By petitioner: duplicate screening's identity blocking (person → matters); without it a seq scan, 240 ms at 1M.
  // With the matter id in it, the lookup is an index-only scan (migration 0006).
  (t) => [primaryKey({ columns: [t.matterId, t.petitionerId] }), index().on(t.petitionerId, t.matterId)],
);

/**
 * 时限: the live clocks of each matter, derived from its events (src/domain/lifecycle/clocks.ts) with the due date
 * computed by the calendar. Persisted so overdue and due-soon queries are index scans; recomputed when the events
 * change or when an official holiday schedule is loaded (provisional rows).
 */
export const matterClocks = pgTable(
  'matter_clocks',
  {
    matterId: uuid()
      .notNull()
      .references(() => matters.id),
    name: text().notNull(),
    kind: text({ enum: ['deadline', 'window'] }).notNull(),
    fromOn: date({ mode: 'string' }).notNull(),
    unit: text({ enum: ['days', 'workingDays'] }).notNull(),
    amount: integer().notNull(),
    pausedDays: integer().notNull().default(0),
    paused: boolean().notNull().default(false),
    dueOn: date({ mode: 'string' }).notNull(),
    stoppedOn: date({ mode: 'string' }),
    provisional: boolean().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.matterId, t.name] }),
    index().on(t.dueOn),
    // Deadlines met late (the board's 四应四不 candidates, supervision/board.ts): few, found without reading every clock.
    index('matter_clocks_late_idx').on(t.matterId).where(sql`${t.kind} = 'deadline' AND ${t.stoppedOn} > ${t.dueOn}`),
  ],
);

/** The columns a matter's scope tests (`matters/scope.ts`), as the read model of counts keys them. */
const scopeKey = () => ({
  regionCode: text().notNull(),
  registeringBodyId: uuid().notNull(),
  responsibleBodyId: uuid(),
  reviewBodyId: uuid(),
  reReviewBodyId: uuid(),
});

/**
 * The read model behind every count of matters (list totals, the dashboard, the triage tabs): the number of matters
 * per combination of the columns a scope tests (`matters/scope.ts`) and status, and whether a deadline runs. A scope
 * is a condition on those columns, so a scoped count is a sum over this small table instead of a scan of `matters`.
 * Kept by statement-level triggers on `matters` (migration 0013), in the transaction that changes the matter, for
 * every writer (commands, registration, the importer's set-based batches).
 */
export const matterTallies = pgTable(
  'matter_tallies',
  {
    ...scopeKey(),
    status: text().notNull(),
    /** A deadline clock runs (`matters.next_due_on` is set). */
    running: boolean().notNull(),
    n: integer().notNull(),
  },
  (t) => [unique('matter_tallies_key').on(t.regionCode, t.registeringBodyId, t.responsibleBodyId, t.reviewBodyId, t.reReviewBodyId, t.status, t.running).nullsNotDistinct()],
);

/**
 * The matters with a running deadline per scope columns and nearest due date (`matters.next_due_on`). Read only from
 * today on (due soon, and by difference with `matter_tallies.running` the overdue), so old dates are never summed.
 */
export const matterDueTallies = pgTable(
  'matter_due_tallies',
  {
    ...scopeKey(),
    dueOn: date({ mode: 'string' }).notNull(),
    n: integer().notNull(),
  },
  (t) => [
    unique('matter_due_tallies_key').on(t.dueOn, t.regionCode, t.registeringBodyId, t.responsibleBodyId, t.reviewBodyId, t.reReviewBodyId).nullsNotDistinct(),
  ],
);

/** Sequences for human-readable numbers (matter numbers per region and year). */
export const counters = pgTable('counters', {
  key: text().primaryKey(),
  value: integer().notNull(),
});
