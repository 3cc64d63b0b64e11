/**
 * Phone numbers as petitioners and clerks write them: "+86 138-0351-1234", "0086 13803511234", "(0351)7654321",
 * "0351 765 4321". Normalised to 11-digit mobiles and "AREA-LOCAL" landlines so the same phone always matches.
 */
export type Phone = { kind: 'mobile'; value: string } | { kind: 'landline'; value: string; areaCode: string };

export interface PhoneProblem {
  messageZh: string;
  message: string;
}

/** Area codes with three digits (Beijing 010 and the 02x cities); all others have four. */
function areaCodeLength(digits: string): number {
  return digits.startsWith('10') || digits.startsWith('2') ? 3 : 4;
}

/** What was dialled: separators and the country code (+86, 0086, 86 before a mobile) removed. */
function dialled(input: string): string {
  let s = input.trim().replace(/[\s\-–—().（）]/g, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  return s;
}

export function parsePhone(input: string): { ok: true; phone: Phone } | { ok: false; problem: PhoneProblem } {
  const s = dialled(input);
  if (!/^\d+$/.test(s)) return { ok: false, problem: { messageZh: '电话号码只能包含数字', message: 'phone number must contain digits only' } };
  if (/^1[3-9]\d{9}$/.test(s)) return { ok: true, phone: { kind: 'mobile', value: s } };
  if (s.startsWith('0')) {
    const rest = s.slice(1);
    const len = areaCodeLength(rest);
    const areaCode = `0${rest.slice(0, len - 1)}`;
    const local = rest.slice(len - 1);
    if (/^[2-9]\d{6,7}$/.test(local)) return { ok: true, phone: { kind: 'landline', value: `${areaCode}-${local}`, areaCode } };
    if (/^[01]\d{6,7}$/.test(local)) {
      return {
        ok: false,
        problem: {
          messageZh: `固定电话号码不能以 0 或 1 开头（区号 ${areaCode} 后为 ${local}）`,
          message: `invalid landline: the local number after area code ${areaCode} cannot start with 0 or 1 (got ${local})`,
        },
      };
    }
  }
  return {
    ok: false,
    problem: { messageZh: '电话号码无效：应为11位手机号，或带区号的固定电话（如 0351-7654321）', message: 'invalid phone: expected an 11-digit mobile or a landline with area code' },
  };
}

/**
 * A phone as typed into a search box, in the stored form, so that "0351-7654321", "03517654321" and
 * "(0351) 765 4321" all find "0351-7654321". `prefix` is the start of a stored phone (a mobile, or a landline with
 * the dash after its area code: "035176" → "0351-76"); `localNumber` is set when the query could be a landline's
 * local number typed without its area code ("7654321"). Null when the query is not (the start of) a phone number.
 */
export function phoneSearchKey(input: string): { prefix: string; localNumber: string | null } | null {
  const s = dialled(input);
  if (!/^\d{3,}$/.test(s)) return null;
  const localNumber = /^[2-9]\d{6,7}$/.test(s) ? s : null;
  if (s.startsWith('0')) {
    const len = areaCodeLength(s.slice(1));
    if (s.length > len) return { prefix: `${s.slice(0, len)}-${s.slice(len)}`, localNumber };
  }
  return { prefix: s, localNumber };
}
