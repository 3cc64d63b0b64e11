import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { matters } from './matters';
import { bodies } from './org';

/**
 * Deployment settings edited at run time (the content-category tree, the rejection grounds): one JSON value per key.
 * Every change is also an event (`setting` entity), so the history of a configuration is kept.
 */
export const settings = pgTable('settings', {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  updatedByUserId: uuid(),
});

/**
 * Official documents (公文) issued on a matter: notices and letters. The text is fixed when issued (a document, once
 * sent, does not change with the templates); the .docx is rendered from this row on every download.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 文号, unique across the deployment. */
    number: text().notNull(),
    kind: text().notNull(),
    matterId: uuid()
      .notNull()
      .references(() => matters.id),
    /** The matter event the document records (events.seq of entity 'matter'). */
    eventSeq: integer().notNull(),
    issuingBodyId: uuid()
      .notNull()
      .references(() => bodies.id),
    /** The body the letter goes to; null when it is addressed to the petitioner. */
    recipientBodyId: uuid().references(() => bodies.id),
    issuedOn: date({ mode: 'string' }).notNull(),
    title: text().notNull(),
    /** OfficialDocument (src/domain/documents) without number/kind. */
    content: jsonb().notNull(),
    /** Whether the petitioner may see and download it (notices addressed to them). */
    forPetitioner: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex().on(t.number), index().on(t.matterId)],
);

/** Trained routing-suggestion models (src/domain/routing): the newest is used; older ones are kept for comparison. */
export const routingModels = pgTable('routing_models', {
  version: integer().primaryKey(),
  trainedAt: timestamp({ withTimezone: true }).notNull(),
  examples: integer().notNull(),
  /** Accuracy on the held-out newest decisions at training time. */
  evaluation: jsonb().notNull(),
  model: jsonb().notNull(),
});

/**
 * Routing suggestions computed once per matter state and model (dispatch/queries.ts): scoring a page of the triage
 * queue on every read cost 15–45 ms. A row is good while the matter's `version` and the newest model's version are
 * the ones it was computed for; triggers (migration 0019) empty the table when bodies or the category tree change,
 * since both feed the scoring and the bodies' names are stored with the suggestions.
 */
export const routingSuggestions = pgTable('routing_suggestions', {
  matterId: uuid()
    .primaryKey()
    .references(() => matters.id, { onDelete: 'cascade' }),
  matterVersion: integer().notNull(),
  /** 0: computed without a trained model (competence and region only). */
  modelVersion: integer().notNull(),
  /** SuggestionView[] (routing/service.ts). */
  suggestions: jsonb().notNull(),
  computedAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
});
