import { getTableColumns } from 'drizzle-orm';
import { toSnakeCase } from 'drizzle-orm/casing';
import { matters } from '../../db/schema';
import type { MatterState } from '../../domain/lifecycle';

type MatterRow = typeof matters.$inferInsert;

/**
 * The columns of `matters` that mirror the lifecycle state, each as a function of the state. The one definition both
 * writers use: a command or a registration (service.ts, through drizzle) and the importer's set-based batch
 * (import/write.ts, through `PROJECTED_COLUMNS`), so a column added here reaches imported matters too.
 */
const PROJECTED = {
  status: (s: MatterState) => s.status,
  procedure: (s: MatterState) => s.procedure,
  responsibleBodyId: (s: MatterState) => s.responsibleBodyId,
  reviewBodyId: (s: MatterState) => s.reviewBodyId,
  reReviewBodyId: (s: MatterState) => s.reReviewBodyId,
  regionCode: (s: MatterState) => s.facts.regionCode,
  purpose: (s: MatterState) => s.classification?.purpose ?? null,
  categoryPath: (s: MatterState) => s.classification?.categoryPath ?? null,
  state: (s: MatterState) => s,
  version: (s: MatterState) => s.version,
} satisfies { [K in keyof MatterRow]?: (s: MatterState) => MatterRow[K] };

export type Projection = { [K in keyof typeof PROJECTED]: ReturnType<(typeof PROJECTED)[K]> };
type ProjectedKey = keyof Projection;
const KEYS = Object.keys(PROJECTED) as ProjectedKey[];

/** The projected columns of a state, keyed as the drizzle table is (`regionCode`). */
export function projection(state: MatterState): Projection {
  return Object.fromEntries(KEYS.map((k) => [k, PROJECTED[k](state)])) as Projection;
}

const TABLE = getTableColumns(matters);
const sqlName = (k: ProjectedKey) => (TABLE[k].keyAsName ? toSnakeCase(k) : TABLE[k].name);

/** The projected columns as SQL name and type (`region_code`, `text`), for statements written by hand. */
export const PROJECTED_COLUMNS: readonly (readonly [string, string])[] = KEYS.map((k) => [sqlName(k), TABLE[k].getSQLType()] as const);

/** The projected columns of a state under their SQL names, to go with `PROJECTED_COLUMNS`. */
export function projectionRow(state: MatterState): Record<string, unknown> {
  const p = projection(state);
  return Object.fromEntries(KEYS.map((k) => [sqlName(k), p[k]]));
}
