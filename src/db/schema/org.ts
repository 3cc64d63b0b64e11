import { sql } from 'drizzle-orm';
import { BODY_KINDS } from '../../domain/org/body';
import { POSITIONS } from '../../domain/lifecycle/types';
import { bigint, boolean, index, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** 行政区划 by GB/T 2260 code: 2-digit province prefix, 4-digit city, 6-digit county, 9-digit town. */
export const regions = pgTable(
  'regions',
  {
    code: text().primaryKey(),
    name: text().notNull(),
    level: text({ enum: ['province', 'city', 'county', 'town'] }).notNull(),
    parentCode: text(),
    /** Residents, for 万人信访量. */
    population: bigint({ mode: 'number' }),
    /** GDP in 亿元, for 亿元GDP信访量. */
    gdpHundredMillionYuan: numeric({ precision: 14, scale: 2, mode: 'number' }),
    /** Where population and GDP come from; the demo seed says 'demo' so nobody mistakes them for statistics. */
    figuresSource: text(),
  },
  (t) => [index().on(t.parentCode)],
);

/**
 * 机关、单位: every organisation that receives, handles or supervises matters, including the petition bureau's own
 * offices (registration desk, acceptance office, supervision offices), whose parent is the bureau.
 * `parentId` is the administrative superior: review (复查) goes to the body one level above the handler (Art. 35).
 */
export const bodies = pgTable(
  'bodies',
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: text({ enum: BODY_KINDS }).notNull(),
    level: text({ enum: ['province', 'city', 'county', 'town'] }).notNull(),
    regionCode: text()
      .notNull()
      .references(() => regions.code),
    parentId: uuid(),
    /** Supervision offices split the cities between them (seed 000); null means the bureau's whole region. */
    supervisedRegionCodes: text().array(),
    /**
     * The supervision office of the bureau at this body's level that supervises the matters it handles, for bodies
     * no region partition reaches: the province's own departments (省直) and central bodies stationed in it (中直驻晋).
     */
    supervisingOfficeId: uuid(),
    /** Content categories this department is competent for (routing in the dispatch issue). */
    competence: text().array(),
    /** 专责专章: the text of the body's remit (what it handles, by law or by its 三定 provisions), shown beside the categories. */
    remit: text(),
    /** 发文机关代字 for document numbers (晋信转〔2026〕3号); derived from the name when absent. */
    abbreviation: text(),
    active: boolean().notNull().default(true),
  },
  (t) => [index().on(t.regionCode), index().on(t.parentId)],
);

/** Staff accounts, scoped to one body. Citizens are a separate kind of account (`citizens`). */
export const users = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  login: text().notNull().unique(),
  displayName: text().notNull(),
  passwordHash: text().notNull(),
  bodyId: uuid()
    .notNull()
    .references(() => bodies.id),
  roles: text().array().notNull(),
  /**
   * 职务 in the body: handler (承办人) / deputyHead (分管领导) / principalHead (主要负责人), or null. The sign-off chain
   * names positions, so a slot is signed only by its holder; set by an administrator.
   */
  position: text({ enum: POSITIONS }),
  /** For notifications by e-mail and SMS (in-app messages need neither). */
  email: text(),
  /** 11-digit mobile. */
  phone: text(),
  /** Set by an administrator's password reset: until the user picks a new password, a session opens nothing else. */
  mustChangePassword: boolean().notNull().default(false),
  passwordChangedAt: timestamp({ withTimezone: true }),
  lastLoginAt: timestamp({ withTimezone: true }),
  disabled: boolean().notNull().default(false),
  createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
});

/** Citizens who petition online under their real name. */
export const citizens = pgTable('citizens', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  phone: text().notNull().unique(),
  idNumber: text(),
  passwordHash: text(),
  createdAt: timestamp({ withTimezone: true }).notNull().default(sql`now()`),
});
