import * as OpenCC from 'opencc-js/t2cn';

/**
 * Text normalisation for duplicate screening. Petitions reach the platform typed by petitioners (sometimes in
 * traditional characters, with full-width digits and letters), summarised by clerks, or imported from other systems;
 * the same words must compare equal whatever the writing: NFKC (full-width → half-width), traditional → simplified
 * (OpenCC's Taiwan-variant table, which is a superset of the plain one: 裡/裏 → 里, 著 → 着), lower case.
 */

let t2s: ((text: string) => string) | null = null;

/** Traditional → simplified Chinese (张伟 from 張偉). The converter is built on first use. */
export function toSimplified(text: string): string {
  t2s ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  return t2s(text);
}

/** NFKC, simplified, lower case; whitespace and punctuation kept. */
export function canonicalText(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}

/** `canonicalText` with everything but letters and digits removed: the form shingles are cut from. */
export function normaliseText(text: string): string {
  return canonicalText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Company-form suffixes that say nothing about which organisation it is. */
const ORG_SUFFIX = /(股份有限公司|有限责任公司|有限公司|分公司|公司|集团|居民委员会|居委会)$/;
/** Administrative prefixes: 山西省, 太原市, 小店区, 清徐县, 坞城街道, 北格镇 … (at most 4 characters before the level). */
const REGION_PREFIX = /^(山西省?|[\u4e00-\u9fff]{1,4}?(?:省|自治区|市|地区|区|县|旗|街道|镇|乡))/;

export interface OrgName {
  /** The normalised name without region prefixes and company-form suffixes: "恒安物业管理" */
  core: string;
  /** The region prefixes removed, in order: ["山西", "太原市"] */
  regions: string[];
}

/** Splits an organisation name (被反映单位) into its region prefixes and its core, both normalised. */
export function parseOrgName(name: string): OrgName {
  // 东辛庄村民委员会 = 东辛庄村村委会 = 东辛庄村委 = 东辛庄村
  let s = normaliseText(name)
    .replace(/(村民委员会|村村委会|村委会|村村委|村委)$/, '村')
    .replace(/(社区居民委员会|社区居委会|社区村委会|社区村)$/, '社区')
    // 临汾市公安局交通警察支队安泽县大队 = 安泽县交警大队
    .replace(/公安局交通警察支队(.{1,6}?(?:县|区|市))大队$/, '$1交警大队');
  const regions: string[] = [];
  // 城市 (城市管理综合执法局) and 社区 are words, not regions.
  for (let m = REGION_PREFIX.exec(s); m && s.length - m[0].length >= 2 && m[0] !== '城市' && !m[0].endsWith('社区'); m = REGION_PREFIX.exec(s)) {
    regions.push(m[0]);
    s = s.slice(m[0].length);
  }
  let prev = '';
  while (prev !== s) {
    prev = s;
    const t = s.replace(ORG_SUFFIX, '');
    if (t.length >= 2) s = t;
  }
  return { core: canonicalCore(s), regions };
}

/** Region prefixes by level: province, 市 (a city, or a county-level city), county (区/县/旗), town. */
function regionLevels(regions: string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const r of regions) {
    const level = /省$|^山西$|自治区$/.test(r) ? 'province' : /(街道|镇|乡)$/.test(r) ? 'town' : /(区|县|旗)$/.test(r) ? 'county' : 'city';
    const set = out.get(level) ?? new Set<string>();
    set.add(r.replace(/省$/, ''));
    out.set(level, set);
  }
  return out;
}

/** At every level both name, they name a common region (吕梁市孝义市 and 孝义市 share 孝义市). */
function compatibleRegions(x: Map<string, Set<string>>, y: Map<string, Set<string>>): boolean {
  for (const [level, xs] of x) {
    const ys = y.get(level);
    if (ys && ![...xs].some((v) => ys.has(v))) return false;
  }
  return true;
}

/** Names of institutions that exist in every county: the region prefix is what identifies them. */
const GENERIC_CORE = /^(人民政府|政府|人民医院|中医医院|中心医院|医院|妇幼保健院|教育局|学校|派出所|公安局|城管|城市管理综合执法局|交警大队|社保中心|人社局|热力|供水|燃气|征收办|房屋征收与补偿服务中心|第[一二三四五六七八九十]+(人民医院|小学|中学))$/;

/** A bare place named as the respondent (长直乡, 小店区) means its government: 长直乡 ~ 垣曲县长直乡人民政府. */
function placeAsBody(n: OrgName): OrgName {
  return /^[\u4e00-\u9fff]{1,6}(省|市|区|县|旗|街道|镇|乡)$/.test(n.core) ? { core: '政府', regions: [...n.regions, n.core] } : n;
}

/** Words that stand for an organisation without naming it (学校, 该公司): no evidence either way. */
const WILDCARD = /^(该?(学校|医院|公司|单位|企业|工厂|厂|厂家|开发商|物业|养殖场|村委会|村委))$/;

/**
 * Whether a text mentions an organisation: its core, or its trade name with most of the rest (天成建筑 for
 * 山西天成建筑工程有限公司). Null when the name says too little to look for (政府, 人民医院).
 */
export function mentions(text: string, name: string): boolean | null {
  const { core } = parseOrgName(name);
  if (core.length < 3 || GENERIC_CORE.test(core) || WILDCARD.test(core)) return null;
  if (text.includes(core)) return true;
  return text.includes(core.slice(0, 2)) && bigramContainment(core, text) >= 0.6;
}

/**
 * The trade name (字号) of an organisation: the first two characters of its core (永盛 of 太原市永盛房地产开发有限公司 and
 * of 永盛地产), the part every way of writing it keeps. Null for institutions every county has (教育局, 派出所) and
 * for words that stand for any organisation (该公司).
 */
export function tradeName(name: string | null): string | null {
  if (!name) return null;
  const { core } = parseOrgName(name);
  if (core.length < 3 || GENERIC_CORE.test(core) || WILDCARD.test(core)) return null;
  return core.slice(0, 2);
}

/** Abbreviations people use for the same institution. */
function canonicalCore(core: string): string {
  return core
    .replace(/^人民政府$/, '政府')
    .replace(/社会保险/, '社保')
    .replace(/^人力资源和社会保障局$/, '人社局')
    .replace(/^城市管理综合执法局$/, '城管')
    .replace(/^自来水$/, '供水');
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  if (s.length === 1) out.add(s);
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** Share of the shorter string's character bigrams found in the longer one (1 = one is contained in the other). */
export function bigramContainment(a: string, b: string): number {
  if (!a || !b) return 0;
  const A = bigrams(a);
  const B = bigrams(b);
  let common = 0;
  for (const g of A) if (B.has(g)) common++;
  return common / Math.min(A.size, B.size);
}

/**
 * Whether two respondents (被反映单位/人) or places name the same thing: 'same' when the cores match (one may be the
 * short name of the other: 恒安物业 ~ 山西恒安物业管理有限公司) and no region prefix contradicts (太原市第三人民医院 is
 * not 大同市第三人民医院); 'different' when both are given and do not match; null when either is missing.
 */
export function compareNames(a: string | null, b: string | null): 'same' | 'different' | null {
  if (!a || !b || !normaliseText(a) || !normaliseText(b)) return null;
  const x = placeAsBody(parseOrgName(a));
  const y = placeAsBody(parseOrgName(b));
  // Region prefixes must not contradict (太原市 vs 大同市); one side naming fewer levels is fine.
  const xl = regionLevels(x.regions);
  const yl = regionLevels(y.regions);
  if (!compatibleRegions(xl, yl)) return 'different';
  if (WILDCARD.test(x.core) || WILDCARD.test(y.core)) return null;
  // Numbered bodies are different bodies however alike the rest reads: 第三/第四人民医院, 二公司/三公司, 物业3/物业4.
  const nx = numbersIn(x.core);
  const ny = numbersIn(y.core);
  if (nx !== null && ny !== null && nx !== ny) return 'different';
  const gx = GENERIC_CORE.test(x.core);
  const gy = GENERIC_CORE.test(y.core);
  if (gx !== gy) {
    // 热力公司 vs 华龙热力有限公司: could be it, cannot tell.
    const [generic, specific] = gx ? [x.core, y.core] : [y.core, x.core];
    return specific.endsWith(generic.replace(/^人民/, '')) ? null : 'different';
  }
  if (gx && gy) {
    // 人民医院, 教育局, 派出所 … say which one only with their region: the deepest region named must be the same.
    if (x.core !== y.core) return 'different';
    const dx = x.regions[x.regions.length - 1];
    const dy = y.regions[y.regions.length - 1];
    if (!dx && !dy) return 'same';
    if (!dx || !dy) return null;
    return dx === dy ? 'same' : 'different';
  }
  if (x.core === y.core) return 'same';
  const shorter = x.core.length <= y.core.length ? x.core : y.core;
  const longer = shorter === x.core ? y.core : x.core;
  if (shorter.length >= 2 && longer.includes(shorter)) return 'same';
  // A short name that keeps the trade name and changes the trade word: 聚源煤矿 ~ 聚源煤业, 恒安地产 ~ 恒安房地产开发.
  let prefix = 0;
  while (prefix < shorter.length && shorter[prefix] === longer[prefix]) prefix++;
  if (prefix >= 2 && bigramContainment(x.core, y.core) >= 0.5) return 'same';
  if (shorter.length >= 3 && bigramContainment(x.core, y.core) >= 0.75) return 'same';
  // The same trade name with another trade word (恒信洗煤厂, 恒信煤业): possibly one company; no evidence either way.
  return prefix >= 2 ? null : 'different';
}

/** The numbers a name carries (3, 第三, 二公司), as one comparable string; null when it has none. */
function numbersIn(core: string): string | null {
  const found: number[] = [];
  for (const m of core.matchAll(/\d+/gu)) found.push(Number(m[0]));
  for (const m of core.matchAll(/第([零〇一二两三四五六七八九十百千]+)|([一二三四五六七八九十]+)(?=公司|分公司|工区|中学|小学|中|小|院|局|队|厂|矿|号|$)/gu)) {
    const n = chineseNumber(m[1] ?? m[2]!);
    if (!Number.isNaN(n)) found.push(n);
  }
  return found.length ? found.sort((a, b) => a - b).join(',') : null;
}

const CN_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 十二 → 12, 一百二十 → 120, 两万三千 → 23000; NaN when it is not a number. */
export function chineseNumber(s: string): number {
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in CN_DIGIT) digit = CN_DIGIT[ch]!;
    else if (ch in CN_UNIT) {
      section += (digit || 1) * CN_UNIT[ch]!;
      digit = 0;
    } else if (ch === '万') {
      total += (section + digit) * 10000;
      section = 0;
      digit = 0;
    } else return NaN;
  }
  return total + section + digit;
}

/**
 * Numbers as people say them, written in digits where a unit follows: 一块二 → 1.2元, 十二万元 → 120000元,
 * 三个月 → 3个月 (not 第三…, an ordinal).
 */
function spokenNumbers(s: string): string {
  const N = '[零〇一二两三四五六七八九十百千万]';
  return s
    .replace(new RegExp(`(${N}+|\\d+)块(${N}|\\d)(?![${'零〇一二两三四五六七八九十百千万'}\\d]|元|钱)`, 'g'), (_m, a: string, b: string) => {
      const x = /^\d+$/.test(a) ? Number(a) : chineseNumber(a);
      const y = /^\d$/.test(b) ? Number(b) : chineseNumber(b);
      return Number.isFinite(x) && Number.isFinite(y) ? `${x}.${y}元` : _m;
    })
    .replace(new RegExp(`(?<!第)(${N}+)(?=(?:余|多)?(?:元|块|平方米|平米|亩|米|公里|个月|名|户|度|号楼|单元|层))`, 'g'), (m: string) => {
      const v = chineseNumber(m);
      return Number.isFinite(v) && v > 0 ? String(v) : m;
    });
}

/** Units that make a number a fact of the matter (an amount, an area, a count, a distance, a duration). */
const UNIT = '元|块钱|块|平方米|平米|亩|米|公里|个月|年|名|人|户|度|°c|号楼|单元|层|号';

/**
 * The concrete details of a text: amounts in yuan (12万元 = 120000元 = 12万余元), other numbers with their unit
 * (350米, 6亩, 9号楼) and year-months (2023年5月 = 2023.5). Rephrasing keeps these; two different matters of one
 * kind rarely share them. Bare years are not details.
 */
export function extractDetails(text: string): string[] {
  const s = spokenNumbers(canonicalText(text)).replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  const out = new Set<string>();
  const re = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(万|千)?(?:余|多)?\\s*(${UNIT})?`, 'g');
  for (const m of s.matchAll(re)) {
    const [, num = '', mult, unit] = m;
    const at = m.index ?? 0;
    const value = Number(num) * (mult === '万' ? 10000 : mult === '千' ? 1000 : 1);
    if (!Number.isFinite(value)) continue;
    if (unit === '年') {
      const month = /^(\d{1,2})月/.exec(s.slice(at + m[0].length));
      if (value >= 1950 && value <= 2100) {
        if (month) out.add(`${value}-${Number(month[1])}`);
        continue;
      }
      out.add(`${value}年`);
      continue;
    }
    const ym = /^((?:19|20)\d\d)\.(\d{1,2})$/.exec(num);
    if (ym && !mult && !unit && Number(ym[2]) >= 1 && Number(ym[2]) <= 12) {
      out.add(`${ym[1]}-${Number(ym[2])}`);
      continue;
    }
    if (num.includes('.') && !mult && !unit) continue;
    if (unit === '元' || unit === '块钱' || unit === '块' || mult === '万') out.add(`${Number(value.toFixed(2))}元`);
    else if (unit) out.add(`${value}${unit === '平米' ? '平方米' : unit === '°c' ? '度' : unit}`);
    else if (num.length >= 3 && !/^(19|20)\d\d$/.test(num) && num.length <= 9) out.add(num);
  }
  return [...out];
}
