import { asc, inArray } from 'drizzle-orm';
import { regions } from '../../db/schema';
import type { DbOrTx } from '../../db/tx';

/** The portal's region picker (问题发生地): the deployment's province, its cities, and each city's counties. */
export interface PortalRegionTree {
  province: { code: string; name: string } | null;
  cities: { code: string; name: string; counties: { code: string; name: string }[] }[];
}

export async function regionTree(db: DbOrTx): Promise<PortalRegionTree> {
  const rows = await db
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode })
    .from(regions)
    .where(inArray(regions.level, ['province', 'city', 'county']))
    .orderBy(asc(regions.code));
  const province = rows.find((r) => r.level === 'province') ?? null;
  const cities = rows
    .filter((r) => r.level === 'city')
    .map((c) => ({ code: c.code, name: c.name, counties: rows.filter((r) => r.level === 'county' && r.parentCode === c.code).map((r) => ({ code: r.code, name: r.name })) }));
  return { province: province ? { code: province.code, name: province.name } : null, cities };
}
