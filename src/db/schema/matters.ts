import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    title: text().notNull(),
    content: text().notNull(),
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
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index().on(t.regionCode),
    index().on(t.responsibleBodyId),
    index().on(t.registeringBodyId),
    index().on(t.status),
  ],
);

/** 信访人. Identity numbers and phones are masked in every view unless a role needs them; reads are logged. */
export const petitioners = pgTable(
  'petitioners',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    idNumber: text(),
    phone: text(),
    address: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index().on(t.idNumber), index().on(t.phone)],
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
  (t) => [primaryKey({ columns: [t.matterId, t.petitionerId] })],
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
  (t) => [primaryKey({ columns: [t.matterId, t.name] }), index().on(t.dueOn)],
);

/** Sequences for human-readable numbers (matter numbers per region and year). */
export const counters = pgTable('counters', {
  key: text().primaryKey(),
  value: integer().notNull(),
});
