import { count } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { bodies, users } from '../../db/schema';
import type { Tx } from '../../db/tx';
import { chinaDateOf } from '../../domain/calendar';
import { deriveAbbreviation } from '../../domain/documents';
import { appendEvents } from '../audit/append';
import { hashPassword } from '../auth/password';
import { insertRegions, nationalRegions, type RegionRow } from './regions';
import {
  DEMO_CITIES,
  DEMO_PASSWORD,
  DEMO_PROVINCE,
  BUREAU_ABBREVIATIONS,
  DEMO_CITY_ABBREVIATIONS,
  DEMO_USERS,
  DEPARTMENTS,
  SUPERVISION_PARTITION,
} from './demo-data';

type BodyRow = typeof bodies.$inferInsert;

/** Deterministic pseudo-random weight in [0.5, 1.5) so demo county figures differ but never change between runs. */
function weight(code: string): number {
  let h = 0;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) % 1000;
  return 0.5 + h / 1000;
}

/**
 * The demo province's regions (the national reference rows of Shanxi) with demo population and GDP figures on its
 * cities and counties, for the normalised indicators.
 */
export function demoRegions(): RegionRow[] {
  const prefix = DEMO_PROVINCE.code.slice(0, 2);
  const own = nationalRegions().filter((r) => r.code.startsWith(prefix));
  const figures = new Map<string, Pick<RegionRow, 'population' | 'gdpHundredMillionYuan' | 'figuresSource'>>();
  for (const city of DEMO_CITIES) {
    figures.set(city.code, { population: city.population, gdpHundredMillionYuan: city.gdpHundredMillionYuan, figuresSource: 'demo' });
    const counties = own.filter((r) => r.level === 'county' && r.parentCode === city.code);
    const total = counties.reduce((s, r) => s + weight(r.code), 0);
    for (const { code } of counties) {
      const share = weight(code) / total;
      figures.set(code, {
        population: Math.round(city.population * share),
        gdpHundredMillionYuan: Math.round(city.gdpHundredMillionYuan * share * 100) / 100,
        figuresSource: 'demo',
      });
    }
  }
  return own.map((r) => ({ ...r, ...figures.get(r.code) }));
}

/** The bodies of the demo province, with parents given by code (resolved to ids on insert). */
export function demoBodies(townsByCounty: Map<string, RegionRow[]>, countyNames: Map<string, string>) {
  const out: (Omit<BodyRow, 'parentId'> & { parentCode: string | null })[] = [];
  const p = DEMO_PROVINCE;
  const add = (b: Omit<BodyRow, 'parentId'> & { parentCode: string | null }) => out.push(b);

  add({ code: `${p.short}-gov`, name: `${p.name}人民政府`, kind: 'government', level: 'province', regionCode: p.code, parentCode: null });
  add({ code: `${p.short}-xfj`, name: `${p.name}信访局`, kind: 'petitionBureau', level: 'province', regionCode: p.code, parentCode: `${p.short}-gov` });
  add({ code: `${p.short}-xfj-djjd`, name: '登记接待处', kind: 'registrationDesk', level: 'province', regionCode: p.code, parentCode: `${p.short}-xfj` });
  add({ code: `${p.short}-xfj-sl`, name: '受理处', kind: 'acceptanceOffice', level: 'province', regionCode: p.code, parentCode: `${p.short}-xfj` });
  for (const office of SUPERVISION_PARTITION) {
    add({
      code: `${p.short}-xfj-${office.short}`,
      name: office.name,
      kind: 'supervisionOffice',
      level: 'province',
      regionCode: p.code,
      parentCode: `${p.short}-xfj`,
      supervisedRegionCodes: office.cities,
    });
  }
  add({ code: `${p.short}-zfw`, name: '中共山西省委政法委员会', kind: 'legalAffairsBody', level: 'province', regionCode: p.code, parentCode: null });
  add({ code: `${p.short}-jw`, name: '中共山西省纪律检查委员会 山西省监察委员会', kind: 'disciplineBody', level: 'province', regionCode: p.code, parentCode: null });
  for (const d of DEPARTMENTS) {
    add({ code: `${p.short}-${d.suffix}`, name: `山西省${d.province}`, kind: 'department', level: 'province', regionCode: p.code, parentCode: `${p.short}-gov`, competence: d.competence });
  }

  for (const c of DEMO_CITIES) {
    add({ code: `${c.short}-gov`, name: `${c.name}人民政府`, kind: 'government', level: 'city', regionCode: c.code, parentCode: `${p.short}-gov` });
    add({ code: `${c.short}-xfj`, name: `${c.name}信访局`, kind: 'petitionBureau', level: 'city', regionCode: c.code, parentCode: `${c.short}-gov` });
    add({ code: `${c.short}-zfw`, name: `中共${c.name}委政法委员会`, kind: 'legalAffairsBody', level: 'city', regionCode: c.code, parentCode: `${p.short}-zfw` });
    add({ code: `${c.short}-jw`, name: `${c.name}纪委监委`, kind: 'disciplineBody', level: 'city', regionCode: c.code, parentCode: `${p.short}-jw` });
    for (const d of DEPARTMENTS) {
      add({ code: `${c.short}-${d.suffix}`, name: `${c.name}${d.city}`, kind: 'department', level: 'city', regionCode: c.code, parentCode: `${c.short}-gov`, competence: d.competence });
    }
    for (const county of c.demoCounties) {
      const cn = `${c.name}${countyNames.get(county) ?? county}`;
      add({ code: `${county}-gov`, name: `${cn}人民政府`, kind: 'government', level: 'county', regionCode: county, parentCode: `${c.short}-gov` });
      add({ code: `${county}-xfj`, name: `${cn}信访局`, kind: 'petitionBureau', level: 'county', regionCode: county, parentCode: `${county}-gov` });
      for (const d of DEPARTMENTS.slice(0, 2)) {
        add({ code: `${county}-${d.suffix}`, name: `${cn}${d.county}`, kind: 'department', level: 'county', regionCode: county, parentCode: `${county}-gov`, competence: d.competence });
      }
      for (const town of (townsByCounty.get(county) ?? []).slice(0, 2)) {
        add({ code: `${town.code}-gov`, name: `${cn}${town.name}`, kind: 'government', level: 'town', regionCode: town.code, parentCode: `${county}-gov` });
      }
    }
  }
  return out;
}

/** The bureau offices act in their bureau's name (and number its documents): they keep no 代字 of their own. */
const OFFICE_KINDS = new Set(['registrationDesk', 'acceptanceOffice', 'supervisionOffice']);

/** Every demo body gets a 代字 a real one could be: the bureaus' as Shanxi's, the others derived with the city names. */
function demoAbbreviation(b: { code: string; name: string; kind: string }): string | null {
  if (OFFICE_KINDS.has(b.kind)) return null;
  return BUREAU_ABBREVIATIONS[b.code] ?? deriveAbbreviation(b.name, DEMO_CITY_ABBREVIATIONS);
}

export async function isSeeded(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(bodies);
  return (row?.n ?? 0) > 0;
}

export interface SeedResult {
  regions: number;
  bodies: number;
  users: { login: string; displayName: string; body: string; roles: string[] }[];
}

/** Seeds the demo province's organisation and logins. Runs once, on an empty database, in one transaction. */
export async function seedDemoOrganisation(tx: Tx, now: Date): Promise<SeedResult> {
  // The reference regions are usually there already (loaded at start); the demo adds its figures to Shanxi's.
  const regionRows = demoRegions();
  await insertRegions(tx, regionRows, 'updateFigures');

  const townsByCounty = new Map<string, RegionRow[]>();
  const countyNames = new Map<string, string>();
  for (const r of regionRows) {
    if (r.level === 'town' && r.parentCode) {
      townsByCounty.set(r.parentCode, [...(townsByCounty.get(r.parentCode) ?? []), r]);
    }
    if (r.level === 'county') countyNames.set(r.code, r.name);
  }
  const bodyRows = demoBodies(townsByCounty, countyNames);
  const idByCode = new Map<string, string>();
  for (const b of bodyRows) {
    const { parentCode, ...row } = b;
    const parentId = parentCode ? idByCode.get(parentCode) : null;
    if (parentCode && !parentId) throw new Error(`seed: parent ${parentCode} of ${b.code} not inserted yet`);
    const [inserted] = await tx
      .insert(bodies)
      .values({ ...row, parentId, abbreviation: demoAbbreviation(b) })
      .returning({ id: bodies.id });
    idByCode.set(b.code, inserted!.id);
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const created: SeedResult['users'] = [];
  for (const u of DEMO_USERS) {
    const bodyId = idByCode.get(u.bodyCode);
    if (!bodyId) throw new Error(`seed: unknown body ${u.bodyCode} for ${u.login}`);
    await tx.insert(users).values({ login: u.login, displayName: u.displayName, passwordHash, bodyId, roles: u.roles, position: u.position ?? null, email: u.email ?? null });
    created.push({ login: u.login, displayName: u.displayName, body: bodyRows.find((b) => b.code === u.bodyCode)!.name, roles: u.roles });
  }
  await appendEvents(tx, [
    {
      entityType: 'system',
      entityId: 'seed',
      type: 'system.demoSeeded',
      onDate: chinaDateOf(now),
      occurredAt: now,
      payload: { regions: regionRows.length, bodies: bodyRows.length, users: created.map((u) => u.login) },
    },
  ]);
  return { regions: regionRows.length, bodies: bodyRows.length, users: created };
}
