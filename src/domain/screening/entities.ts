import { nameSound } from '../identity/name';
import { fmix32 } from './shingles';
import { canonicalText, extractDetails, tradeName } from './text';
import type { ScreeningText } from './types';

/**
 * The facts a clerk recognises a matter by (甄别 by 被反映单位, 项目/楼盘/小区, 金额, 日期): the discriminating details of a
 * petition's text, and the lookup keys made of them. Two petitions of one matter share them however differently the
 * text is worded and whoever sent it (a member of a collective group filing alone for the first time); two matters of
 * one kind rarely do. See docs/screening.md ("Entities").
 */

/**
 * Suffixes of named estates, compounds, projects and villages (楼盘, 小区, 工地, 村, 社区). The two characters before one are the trade name
 * (恒安花园, 鑫源项目): the same in every petition of the matter, whatever precedes them.
 */
const SITE = /([\u4e00-\u9fff]{2})(花园|家园|嘉园|新城|华府|名都|公馆|水岸|御府|佳苑|雅居|小区|项目|工地|苑|社区|村(?!级|会计|主任|干部|支书|书记|委|民|集体|两委|组长))/gu;
/** Two characters before a suffix that name no particular site (该小区, 改造项目, 这个工地). */
const NOT_A_NAME = /[该这那本此的在住个了和与是从到将把其等我你他们为由及对向以同全各]|^(改造|工程|建设|开发|承建|施工|安置|拆迁|物业|整个|所在|全部|部分|附近|周边|同一)$/u;

/** Named sites in a text, as `site:` tokens (`site:恒安花园`), villages and communities as `village:` (`village:辛庄村`). */
export function extractSites(text: string): string[] {
  const out = new Set<string>();
  for (const m of canonicalText(text).matchAll(SITE)) {
    const [, name = '', suffix = ''] = m;
    if (NOT_A_NAME.test(name)) continue;
    out.add(`${suffix === '村' || suffix === '社区' ? 'village' : 'site'}:${name}${suffix}`);
  }
  return [...out];
}

/**
 * Details that single out a matter: amounts of 1,000 yuan and more, areas, distances, year-months, head counts,
 * building numbers.
 * Small amounts (a 30 yuan fee), durations and bare numbers recur across unrelated matters and are left out.
 */
function discriminating(detail: string): boolean {
  const amount = /^([\d.]+)元$/.exec(detail);
  if (amount) return Number(amount[1]) >= 1000;
  const distance = /^(\d+)米$/.exec(detail);
  if (distance) return Number(distance[1]) >= 20;
  return /^\d{4}-\d{1,2}$/.test(detail) || /^\d+(?:\.\d+)?(平方米|亩|公里)$/.test(detail) || /^\d+(名|户)$/.test(detail) || /^\d+号楼$/.test(detail);
}

/** Rank of a token kind when the keys are capped: the rarest kinds first. */
function rank(token: string): number {
  if (token.startsWith('site:') || token.startsWith('village:')) return 0;
  if (token.endsWith('元')) return 1;
  if (/平方米|亩$/.test(token)) return 2;
  if (/^\d{4}-/.test(token)) return 3;
  return 4;
}

/** The discriminating details and named sites of a petition (title and content), sites first. */
export function petitionEntities(text: Pick<ScreeningText, 'title' | 'content'>): string[] {
  const all = `${text.title}\n${text.content}`;
  return [...extractSites(all), ...extractDetails(all).filter(discriminating)];
}

/** Tokens that make the lookup keys; pairs of 5 give at most 10 keys per petition. */
const KEY_TOKENS = 5;

function fnv(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** A 53-bit key (a safe integer, stored as bigint) of a string. */
export function entityKeyHash(s: string): number {
  return fnv(s, 0x811c9dc5) * 0x200000 + (fnv(s, 0x050c5d1f) & 0x1fffff);
}

/** What the lookup keys are made of: the text, the region, and how the petitioners' names sound (nameSound). */
export interface EntitySource extends Pick<ScreeningText, 'title' | 'content' | 'respondent'> {
  regionCode: string;
  /** `nameSound` of each petitioner's name; null for a name without one. */
  nameSounds: (string | null)[];
}

/**
 * The entity lookup keys of a petition (`petition_entity_keys`), all within its city (the first 4 digits of the region
 * code):
 * - every pair of its most discriminating tokens. One token alone is common at a province's scale (every city has
 *   hundreds of 100,000 yuan claims); the same amount with the same month, or the same estate with the same amount,
 *   is close to one matter. A repeat that keeps two of the facts shares a key, whoever sends it;
 * - the respondent's trade name with each named site or village: the members of a group write the same company and
 *   the same estate or village, even when each tells his own building, unit or distance;
 * - each petitioner's name by its sound: the same person written with a homophone or in traditional characters, with
 *   a new phone and no ID number, shares it.
 * Sorted, distinct.
 */
export function entityKeys(source: EntitySource): number[] {
  const tokens = [...new Set(petitionEntities(source))].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1)).slice(0, KEY_TOKENS);
  const city = source.regionCode.slice(0, 4);
  const keys = new Set<number>();
  for (let i = 0; i < tokens.length; i++) for (let j = i + 1; j < tokens.length; j++) keys.add(entityKeyHash(`${city}|${tokens[i]}|${tokens[j]}`));
  // The respondent where the matter is: a group's members about one company's one estate or village.
  const resp = tradeName(source.respondent);
  if (resp) for (const t of tokens.filter((x) => /^(site|village):/.test(x)).slice(0, 3)) keys.add(entityKeyHash(`${city}|resp:${resp}|${t}`));
  for (const sound of source.nameSounds) if (sound) keys.add(entityKeyHash(`${city}|name:${sound}`));
  return [...keys].sort((a, b) => a - b);
}

/** What registration and the importer know of a petition when they store its keys. */
export interface PetitionKeySource extends Pick<ScreeningText, 'title' | 'content' | 'respondent'> {
  regionCode: string;
  petitionerNames: string[];
}

/**
 * The rows of `petition_entity_keys` for one petition: one pure function per record, so that any writer (the desk,
 * the portal, the importer in whatever way it batches) stores what screening looks up.
 */
export function petitionEntityKeys(p: PetitionKeySource): number[] {
  return entityKeys({ title: p.title, content: p.content, respondent: p.respondent, regionCode: p.regionCode, nameSounds: p.petitionerNames.map(nameSound) });
}
