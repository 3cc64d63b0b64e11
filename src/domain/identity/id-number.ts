import { isIsoDate, type IsoDate } from '../calendar/dates';

/**
 * 居民身份证号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence (odd = male), and a
 * check character from the ISO 7064 MOD 11-2 checksum. 15-digit numbers issued before 1999 (2-digit year, no check
 * character) are converted to the 18-digit form.
 */
export interface IdNumber {
  /** The 18-character number, upper-case X. */
  value: string;
  birthDate: IsoDate;
  sex: 'male' | 'female';
  regionCode: string;
  /** True when it was given in the legacy 15-digit form. */
  converted: boolean;
}

export interface IdNumberProblem {
  code: 'FORMAT' | 'CHECKSUM' | 'BIRTH_DATE' | 'REGION';
  messageZh: string;
  message: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Province-level codes of GB/T 2260 (the first two digits of any region code). */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Parses an ID number (spaces ignored, lower-case x accepted); `today` bounds the birth date. */
export function parseIdNumber(input: string, today: IsoDate): { ok: true; id: IdNumber } | { ok: false; problem: IdNumberProblem } {
  const raw = input.replace(/\s+/g, '').toUpperCase();
  let value: string;
  let converted = false;
  if (/^\d{15}$/.test(raw)) {
    const first17 = `${raw.slice(0, 6)}19${raw.slice(6)}`;
    value = first17 + idCheckCharacter(first17);
    converted = true;
  } else if (/^\d{17}[\dX]$/.test(raw)) {
    value = raw;
    if (idCheckCharacter(raw.slice(0, 17)) !== raw[17]) {
      return { ok: false, problem: { code: 'CHECKSUM', messageZh: '身份证号码校验位不符，请核对', message: 'ID number check character does not match' } };
    }
  } else {
    return { ok: false, problem: { code: 'FORMAT', messageZh: '身份证号码应为18位（或旧版15位）数字，末位可为X', message: 'ID number must be 18 characters (or legacy 15 digits)' } };
  }
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate < '1900-01-01' || birthDate > today) {
    return { ok: false, problem: { code: 'BIRTH_DATE', messageZh: `身份证号码中的出生日期无效：${birthDate}`, message: `invalid birth date in ID number: ${birthDate}` } };
  }
  if (!PROVINCES.has(value.slice(0, 2))) {
    return { ok: false, problem: { code: 'REGION', messageZh: '身份证号码前两位不是有效的省级行政区划代码', message: 'ID number does not start with a province code' } };
  }
  return {
    ok: true,
    id: { value, birthDate, sex: Number(value[16]) % 2 === 1 ? 'male' : 'female', regionCode: value.slice(0, 6), converted },
  };
}
