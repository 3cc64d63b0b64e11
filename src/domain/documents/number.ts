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
 * and the sequence number with no leading zeros and no 第.
 */
export function documentNumber(prefix: string, kind: DocumentKind, year: number, seq: number): string {
  const p = prefix.trim();
  if (!p) throw new RangeError('document number needs an issuer prefix (机关代字)');
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`not a four-digit year: ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`sequence number must be a positive integer: ${seq}`);
  return `${p}${KIND_WORD[kind]}〔${year}〕${seq}号`;
}

/**
 * Leading administrative divisions of a body's name. The name part is lazy and at least two characters long, so
 * 城市管理局 or 市场监督管理局 after 太原市 are not mistaken for a division; 乡 and 镇 are left out because 城乡 and
 * 城镇 occur inside department names.
 */
const LEADING_DIVISION = /^[\u4e00-\u9fff]{2,7}?(?:特别行政区|自治区|自治州|自治县|自治旗|地区|省|市|州|盟|区|县|旗)/u;

/** Contractions in general use in 机关代字 and short names. */
const CONTRACTIONS: ReadonlyArray<readonly [string, string]> = [
  ['人民政府', '政府'],
  ['住房和城乡建设', '住建'],
  ['人力资源和社会保障', '人社'],
  ['市场监督管理', '市场监管'],
  ['发展和改革委员会', '发改委'],
  ['城市管理', '城管'],
  ['街道办事处', '街道办'],
];

/**
 * 机关代字 for a body's document numbers: the configured abbreviation when there is one. Real 代字 are assigned by
 * each body (山西省信访局 → 晋信) and cannot be derived, so the fallback is only a readable stand-in: keep the
 * innermost of the leading divisions (太原市小店区… → 小店区…) and apply the common contractions, e.g.
 * 太原市小店区住房和城乡建设局 → 小店区住建局, 太原市人民政府 → 太原市政府, 山西省信访局 → 山西省信访局.
 */
export function issuerPrefix(bodyName: string, abbreviation?: string | null): string {
  const given = abbreviation?.trim();
  if (given) return given;
  let rest = bodyName.replace(/\s+/g, '');
  if (!rest) throw new RangeError('issuer prefix needs a body name');
  let innermost = '';
  for (let m = LEADING_DIVISION.exec(rest); m; m = LEADING_DIVISION.exec(rest)) {
    innermost = m[0];
    rest = rest.slice(m[0].length);
  }
  let short = innermost + rest;
  for (const [long, abbr] of CONTRACTIONS) short = short.replaceAll(long, abbr);
  return short;
}

/**
 * 成文日期 and dates in the text, as GB/T 9704-2012 §7.3.5 writes them: Arabic numerals, year in full, month and day
 * without leading zeros (2026年1月5日, not 2026年01月05日 nor 二〇二六年).
 */
export function officialDate(iso: string): string {
  if (!isIsoDate(iso)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${iso}`);
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}
