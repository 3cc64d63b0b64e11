// Client-side checks that save a citizen a round trip (and a use of the hourly submission limit). The server checks
// again with the same rules (src/domain/identity): these only catch typing errors early.
import { chinaToday } from '../chinaTime';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** null when the ID number looks right (GB 11643 check character, plausible birth date), else the reason in Chinese. */
export function idNumberProblem(input: string): string | null {
  const raw = input.replace(/\s+/g, '').toUpperCase();
  if (/^\d{15}$/.test(raw)) return null;
  if (!/^\d{17}[\dX]$/.test(raw)) return '身份证号码应为18位，末位可为X';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(raw[i]) * WEIGHTS[i]!;
  if (CHECK[sum % 11] !== raw[17]) return '身份证号码校验位不符，请核对';
  const y = Number(raw.slice(6, 10));
  const m = Number(raw.slice(10, 12));
  const d = Number(raw.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || raw.slice(6, 14) > chinaToday().replace(/-/g, '')) return '身份证号码中的出生日期无效';
  return null;
}

/** The 11-digit mobile number, or null. Spaces, dashes and +86 are ignored. */
export function mobileOf(input: string): string | null {
  let s = input.trim().replace(/[\s\-()（）]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}
