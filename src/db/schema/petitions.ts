import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bodies, users } from './org';
import { matters, petitioners } from './matters';

/**
 * 信访件: one item received through one channel at one time. Every one is kept (信访必登), even a duplicate: a repeat is
 * a petition linked to an existing matter, never a dropped registration. A petition holds one or more matters
 * (分诉求登记) through `petition_matters`.
 */
export const petitions = pgTable(
  'petitions',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 信访件编号, shown to the petitioner ("XJ" + county code + year + sequence). */
    number: text().notNull().unique(),
    /** The id in the system it came from (legacy import, a higher level's referral system); unique so imports are idempotent. */
    externalId: text(),
    channel: text().notNull(),
    /** When it arrived (a visit's arrival, a call's start, the postmark's delivery); `receivedOn` is its China date. */
    receivedAt: timestamp({ withTimezone: true }).notNull(),
    receivedOn: date({ mode: 'string' }).notNull(),
    regionCode: text().notNull(),
    registeringBodyId: uuid()
      .notNull()
      .references(() => bodies.id),
    /** Null for the citizen portal and for imports. */
    registeredByUserId: uuid().references(() => users.id),
    /** 'desk' | 'portal' | 'import'. */
    source: text().notNull(),
    title: text().notNull(),
    /** The petition as told (Art. 19: an oral petition is written down as told). */
    content: text().notNull(),
    /** 被反映单位/人. */
    respondent: text(),
    /** Where the matter arose (地点), as the petitioner gives it. */
    place: text(),
    collective: boolean().notNull().default(false),
    /** 人数: people who came (visit) or signed (letter). */
    peopleCount: integer().notNull().default(1),
    /** Channel-specific facts (letter pages, representatives, call recording, referral number …), validated per channel. */
    details: jsonb().notNull().default(sql`'{}'::jsonb`),
    /**
     * Content fingerprint for duplicate screening: MinHash LSH band keys (src/domain/screening), in band order. Kept as
     * the record of what `petition_bands` was built from; screening looks bands up in `petition_bands`, not here.
     */
    lshBands: bigint({ mode: 'number' }).array().notNull().default(sql`'{}'::bigint[]`),
    /**
     * jieba TF-IDF keywords of title + content for duplicate screening (src/modules/screening/keywords.ts), stored at
     * registration and import so screening does not extract them for every candidate. Null: not stored (rows written
     * before migration 0005 and not backfilled); screening then extracts them itself.
     */
    keywords: text().array(),
    /** sha256 of the portal query code; the code itself is shown once. */
    queryCodeHash: text(),
    groupId: uuid().references(() => petitionerGroups.id),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex().on(t.externalId),
    uniqueIndex().on(t.queryCodeHash),
    index().on(t.receivedOn),
    index().on(t.regionCode),
  ],
);

/**
 * The content lookup of duplicate screening: one row per LSH band key of a petition (`petitions.lsh_bands`), so a
 * draft's candidates are found by B-tree equality per band, newest first, a bounded number per band
 * (src/modules/screening/service.ts). It replaced a GIN index on `lsh_bands`, whose `&&` lookup PostgreSQL planned
 * from element statistics that one ANALYZE sample had and the next did not: the same archive imported twice was
 * screened by index or by a sequential scan of `petitions` (p99 10.8 ms or 583 ms; docs/screening.md). A band key
 * carries its band's index, so the rows two petitions share are the bands they agree on.
 * No foreign key: written with its petition in the same transaction, never updated, and petitions are never
 * deleted (信访必登); a check per row would double the cost of the 20 rows per petition an import writes.
 */
export const petitionBands = pgTable(
  'petition_bands',
  {
    band: bigint({ mode: 'number' }).notNull(),
    petitionId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.band, t.petitionId] })],
);

/**
 * Petitions whose `petition_bands` rows a large import has not written yet (src/modules/import/importer.ts
 * `moveDeferredBands`): 20 random B-tree entries per petition cost the import most of its index work, so it notes the
 * petition here (an append, no index) and adds all their band rows at the end, sorted, in one statement. Until then
 * those petitions are found by identity but not by content. Empty outside an import.
 */
export const petitionBandsPending = pgTable('petition_bands_pending', {
  petitionId: uuid().notNull(),
});

/**
 * Which matters a petition carries. `origin`: the petition first raised the matter (one petition may raise several,
 * 分诉求登记); `repeat`: a further petition on a registered matter (重复件, counted); `joined`: added to a collective
 * matter by another petitioner of the group (not a repeat).
 */
export const petitionMatters = pgTable(
  'petition_matters',
  {
    petitionId: uuid()
      .notNull()
      .references(() => petitions.id),
    matterId: uuid()
      .notNull()
      .references(() => matters.id),
    relation: text({ enum: ['origin', 'repeat', 'joined'] }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  // (matter, petition): screening reads a matter's links in petition order from the index alone, a bounded number.
  (t) => [primaryKey({ columns: [t.petitionId, t.matterId] }), index('petition_matters_matter_id_petition_id_idx').on(t.matterId, t.petitionId)],
);

export const petitionPetitioners = pgTable(
  'petition_petitioners',
  {
    petitionId: uuid()
      .notNull()
      .references(() => petitions.id),
    petitionerId: uuid()
      .notNull()
      .references(() => petitioners.id),
    /** The name as recorded on this petition (the registry keeps one name per person; this keeps what was written). */
    nameAsGiven: text().notNull(),
    /** 集体访代表 (at most 5, Art. 20 ¶3). */
    isRepresentative: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.petitionId, t.petitionerId] }), index().on(t.petitionerId)],
);

/** A group of petitioners who petition together (集体访群体), e.g. the owners of one housing estate. */
export const petitionerGroups = pgTable('petitioner_groups', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  regionCode: text(),
  note: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
});

export const petitionerGroupMembers = pgTable(
  'petitioner_group_members',
  {
    groupId: uuid()
      .notNull()
      .references(() => petitionerGroups.id),
    petitionerId: uuid()
      .notNull()
      .references(() => petitioners.id),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.petitionerId] }), index().on(t.petitionerId)],
);

/**
 * Files received with a petition (scanned letter pages, photos, recordings). The bytes live in the attachment
 * store under `storageKey` (content-addressed by sha256); the row is written only after the bytes are stored in
 * full, so a failed upload leaves nothing half-linked. `petitionId` is null until the registration that uses it.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    petitionId: uuid().references(() => petitions.id),
    fileName: text().notNull(),
    /** Detected from the content, not taken from the upload's claim. */
    mediaType: text().notNull(),
    size: integer().notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull(),
    uploadedByUserId: uuid().references(() => users.id),
    /** 'staff' | 'portal'. */
    uploadedVia: text().notNull(),
    /**
     * Portal uploads: the client address (`request.ip`), so the per-address byte budgets (PortalLimits) can be
     * counted across nodes. Null for staff uploads.
     */
    uploaderIp: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index().on(t.petitionId),
    index().on(t.sha256),
    index().on(t.uploaderIp, t.createdAt),
    // The sweep of unlinked uploads (docs/attachments.md): the old ones never linked to a petition.
    index('attachments_unlinked_created_at_idx').on(t.createdAt).where(sql`${t.petitionId} IS NULL`),
  ],
);

/**
 * Duplicate screening's entity lookup: the keys of a petition's discriminating facts (pairs of amounts, dates, named
 * estates and villages, the respondent with its site) and of its petitioners' names by sound, within its city
 * (src/domain/screening/entities.ts `petitionEntityKeys`). Screening reads it by equality on `key`, a bounded number
 * of rows per key (the B-tree primary key), so the lookup cannot turn into a scan of `petitions` whatever the
 * statistics say. Written at registration and by the importer; derived data (no foreign key, like `lsh_bands`):
 * recomputable from the petitions (bench/dedup/backfill-entity-keys.ts).
 */
export const petitionEntityKeys = pgTable(
  'petition_entity_keys',
  {
    key: bigint({ mode: 'number' }).notNull(),
    petitionId: uuid().notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.petitionId] })],
);
