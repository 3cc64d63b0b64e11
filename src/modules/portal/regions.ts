import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { bodies, regions } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';
import { regionAncestors, regionLevelOf, regionPrefix } from '../../domain/org';

/**
 * The portal's region picker (问题发生地): the deployment's province, its cities, and each city's counties. The
 * regions table holds the whole country (reference data), so the picker offers only the regions of the deployment:
 * those within the region of a petition bureau it runs (a province's bureau: the whole province; a county's: that
 * county, under its city and province). A deployment without a bureau yet offers nothing.
 */
export interface PortalRegionTree {
  province: { code: string; name: string } | null;
  cities: { code: string; name: string; counties: { code: string; name: string }[] }[];
}

/** The regions the deployment's petition bureaus cover: the smallest set of bureau regions containing all the others. */
export function deploymentRoots(bureauRegions: readonly string[]): string[] {
  const codes = [...new Set(bureauRegions.filter((c) => regionLevelOf(c) && regionLevelOf(c) !== 'town'))];
  return codes.filter((c) => !codes.some((o) => o !== c && c.startsWith(regionPrefix(o))));
}

export async function regionTree(db: DbOrTx): Promise<PortalRegionTree> {
  const bureaus = await db
    .select({ regionCode: bodies.regionCode })
    .from(bodies)
    .where(and(eq(bodies.kind, 'petitionBureau'), eq(bodies.active, true)));
  const roots = deploymentRoots(bureaus.map((b) => b.regionCode));
  if (!roots.length) return { province: null, cities: [] };
  const above = [...new Set(roots.flatMap(regionAncestors))];
  const rows = await db
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode })
    .from(regions)
    .where(
      and(
        inArray(regions.level, ['province', 'city', 'county']),
        or(inArray(regions.code, above), ...roots.map((r) => sql`${regions.code} LIKE ${`${regionPrefix(r)}%`}`)),
      ),
    )
    .orderBy(asc(regions.code));
  const province = rows.find((r) => r.level === 'province') ?? null;
  const cities = rows
    .filter((r) => r.level === 'city')
    .map((c) => ({ code: c.code, name: c.name, counties: rows.filter((r) => r.level === 'county' && r.parentCode === c.code).map((r) => ({ code: r.code, name: r.name })) }));
  return { province: province ? { code: province.code, name: province.name } : null, cities };
}
