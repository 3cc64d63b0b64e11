/**
 * 行政区划 codes. Province, city and county codes are the 6-digit GB/T 2260 codes (140000, 140100, 140105); towns
 * carry the 9-digit code of the county plus a 3-digit town number (140105001). A region's subtree is every code
 * that starts with its significant prefix.
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'town';

const SIGNIFICANT: Record<RegionLevel, number> = { province: 2, city: 4, county: 6, town: 9 };

export function regionLevelOf(code: string): RegionLevel | null {
  if (/^\d{9}$/.test(code)) return 'town';
  if (!/^\d{6}$/.test(code)) return null;
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** Whether level `a` is above level `b` (province > city > county > town). */
export function isHigherLevel(a: RegionLevel, b: RegionLevel): boolean {
  return SIGNIFICANT[a] < SIGNIFICANT[b];
}

/** The prefix shared by a region and everything inside it. */
export function regionPrefix(code: string): string {
  const level = regionLevelOf(code);
  if (!level) throw new RangeError(`not a region code: ${code}`);
  return code.slice(0, SIGNIFICANT[level]);
}

export function isWithinRegion(code: string, ancestor: string): boolean {
  return code.startsWith(regionPrefix(ancestor));
}

/** The codes of the region's ancestors, nearest last: 140105 → [140000, 140100]. */
export function regionAncestors(code: string): string[] {
  const level = regionLevelOf(code);
  if (!level) return [];
  const out: string[] = [];
  if (level !== 'province') out.push(`${code.slice(0, 2)}0000`);
  if (level === 'county' || level === 'town') out.push(`${code.slice(0, 4)}00`);
  if (level === 'town') out.push(code.slice(0, 6));
  return out;
}
