import { isIsoDate } from '../calendar/dates';
import type { DocumentKind } from './types';

/**
 * The word of the 发文字号 that tells the kind apart, so a body's notices and letters can run their own sequences
 * without two documents ever sharing a number.
 */
export const KIND_WORD: Readonly<Record<DocumentKind, string>> = {
  acceptanceNotice: '受告',
  rejectionNotice: '不受告',
  forwardingLetter: '转',
  assignmentLetter: '交',
  supervisionLetter: '督',
  reminderLetter: '提',
  adviceLetter: '建',
  handlingOpinion: '处意',
  extensionNotice: '延告',
  reviewOpinion: '复查',
  reReviewOpinion: '复核',
  hearingNotice: '听通',
  hearingRecord: '听录',
  conversionNotice: '转程告',
};

/**
 * 发文字号 as GB/T 9704-2012 §7.2.4 writes it: 机关代字, the year in hexagonal brackets 〔〕 (not 【】 or ()),
 * and the sequence number with no leading zeros and no 第. `word` is the kind's 文种代字 as the template in force has
 * it (templates.ts); the sequence is the kind's whatever its word.
 */
export function documentNumber(prefix: string, kind: DocumentKind, year: number, seq: number, word: string = KIND_WORD[kind]): string {
  const p = prefix.trim();
  if (!p) throw new RangeError('document number needs an issuer prefix (机关代字)');
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`not a four-digit year: ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`sequence number must be a positive integer: ${seq}`);
  return `${p}${word.trim() || KIND_WORD[kind]}〔${year}〕${seq}号`;
}

/**
 * Leading administrative divisions of a body's name. The name part is lazy and at least two characters long, so
 * 城市管理局 or 市场监督管理局 after 太原市 are not mistaken for a division; 乡 and 镇 are left out because 城乡 and
 * 城镇 occur inside department names.
 */
const LEADING_DIVISION = /^[\u4e00-\u9fff]{2,7}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|区|县|旗)/u;
const DIVISION_SUFFIX = /(?:特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|区|县|旗)$/u;

/** The one-character abbreviations of the provincial divisions, as their 机关代字 begin (山西 → 晋信). */
export const PROVINCE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  北京: '京', 天津: '津', 河北: '冀', 山西: '晋', 内蒙古: '蒙', 辽宁: '辽', 吉林: '吉', 黑龙江: '黑', 上海: '沪', 江苏: '苏',
  浙江: '浙', 安徽: '皖', 福建: '闽', 江西: '赣', 山东: '鲁', 河南: '豫', 湖北: '鄂', 湖南: '湘', 广东: '粤', 广西: '桂',
  海南: '琼', 重庆: '渝', 四川: '川', 贵州: '黔', 云南: '滇', 西藏: '藏', 陕西: '陕', 甘肃: '甘', 青海: '青', 宁夏: '宁',
  新疆: '新', 香港: '港', 澳门: '澳', 台湾: '台',
};

/**
 * The word a body's kind takes in 代字 (人民政府 → 政, 信访局 → 信, 住房和城乡建设局 → 建), first match wins. The
 * party prefix 中共 and the trailing 局/厅/委员会 are dropped from what no entry names.
 */
const AGENCY_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^人民政府/u, '政'],
  [/^信访(?:局|办|办公室)/u, '信'],
  [/^住房和城乡建设/u, '建'],
  [/^人力资源和社会保障/u, '人社'],
  [/^自然资源/u, '自然资源'],
  [/^生态环境/u, '环'],
  [/^市场监督管理/u, '市监'],
  [/^发展和改革/u, '发改'],
  [/^城市管理/u, '城管'],
  [/^公安/u, '公'],
  [/^民政/u, '民'],
  [/^财政/u, '财'],
  [/^教育/u, '教'],
  [/^委?政法委员会/u, '政法'],
  [/^(?:纪委监委|纪律检查委员会)/u, '纪'],
];
const AGENCY_SUFFIX = /(?:委员会|办公室|办事处|分局|局|厅|委|办)$/u;

/**
 * A short 机关代字 derived from a body's name, for a body none was configured for: the innermost leading division
 * in short (山西省 → 晋 through `divisions`, which a deployment may extend with its cities, 太原市 → 并; else the name
 * without its suffix, 小店区 → 小店) followed by the kind's word (信访局 → 信, 人民政府 → 政, 住房和城乡建设局 → 建):
 * 山西省信访局 → 晋信, 太原市小店区住房和城乡建设局 → 小店建. Real 代字 are assigned by each body, so this is a
 * stand-in in their style, never the full name.
 */
export function deriveAbbreviation(bodyName: string, divisions: Readonly<Record<string, string>> = PROVINCE_ABBREVIATIONS): string {
  let rest = bodyName.replace(/\s+/g, '').replace(/^中共/u, '');
  if (!rest) throw new RangeError('issuer prefix needs a body name');
  let innermost = '';
  for (let m = LEADING_DIVISION.exec(rest); m; m = LEADING_DIVISION.exec(rest)) {
    innermost = m[0];
    rest = rest.slice(m[0].length);
  }
  // A town or street office writes its own name with 政 (北格镇人民政府 → 北格政), as towns' 代字 do.
  const town = /^([\u4e00-\u9fff]{1,5}?)(?:街道办事处|街道|镇|乡)(?:人民政府)?$/u.exec(rest);
  if (town) return `${town[1]}政`;
  const bare = innermost.replace(DIVISION_SUFFIX, '');
  const division = divisions[innermost] ?? divisions[bare] ?? PROVINCE_ABBREVIATIONS[bare] ?? bare;
  const found = AGENCY_WORDS.find(([re]) => re.test(rest));
  const agency = found ? found[1] : rest.replace(AGENCY_SUFFIX, '').slice(0, 4);
  return division + agency || bodyName.trim();
}

/** Why a 机关代字 cannot stand before a document number (1–8 Chinese characters), or null when it can. */
export function abbreviationProblem(value: string): string | null {
  return /^[\u4e00-\u9fff]{1,8}$/u.test(value.trim()) ? null : '机关代字须为 1–8 个汉字（如「晋信」）';
}

/** 机关代字 for a body's document numbers: the configured abbreviation when there is one, else a derived short form. */
export function issuerPrefix(bodyName: string, abbreviation?: string | null): string {
  const given = abbreviation?.trim();
  if (given) return given;
  return deriveAbbreviation(bodyName);
}

/**
 * 成文日期 and dates in the text, as GB/T 9704-2012 §7.3.5 writes them: Arabic numerals, year in full, month and day
 * without leading zeros (2026年1月5日, not 2026年01月05日 nor 二〇二六年).
 */
export function officialDate(iso: string): string {
  if (!isIsoDate(iso)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}
