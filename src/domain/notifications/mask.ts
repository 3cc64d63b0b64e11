/**
 * What the outbox shows of an address and of a secret. Staff who run the outbox need to tell messages apart and see
 * that an address was there, not to read petitioners' phone numbers (those are personal data, logged when read).
 */

/** 13812345678 → 138****5678; other strings keep their last 4 characters. */
export function maskPhone(phone: string): string {
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return phone.length <= 4 ? '****' : `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
}

/** liu.banli@example.gov.cn → l***@example.gov.cn. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** Characters kept at the end of a masked secret, so a citizen can still tell which code a message carried. */
export const SECRET_VISIBLE_TAIL = 4;

/** The text with each secret span masked except its last characters. Spans are [start, length] in UTF-16 units. */
export function maskSecrets(text: string, spans: readonly (readonly [number, number])[]): string {
  let out = text;
  for (const [start, length] of spans) {
    if (start < 0 || length <= 0 || start + length > out.length) continue;
    const keep = Math.min(SECRET_VISIBLE_TAIL, Math.floor(length / 2));
    out = out.slice(0, start) + '*'.repeat(length - keep) + out.slice(start + length - keep, start + length) + out.slice(start + length);
  }
  return out;
}

/**
 * Numbers that identify a person, wherever they stand in a text: 18- and 15-digit ID numbers (居民身份证号码),
 * mobile numbers (with or without +86 and separators) and landlines written with their area code and a hyphen.
 * Bounded by non-digits, so a matter number (XF + 16 digits) or an amount is left alone.
 */
const PERSONAL_NUMBER = new RegExp(
  [
    String.raw`(?<!\d)\d{17}[\dXx](?![\dA-Za-z])`, // ID number, 18 characters
    String.raw`(?<!\d)\d{15}(?!\d)`, // ID number of the first generation, 15 digits
    String.raw`(?<![\d+])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)`, // mobile
    String.raw`(?<!\d)0\d{2,3}-\d{7,8}(?!\d)`, // landline with area code
  ].join('|'),
  'g',
);

/** 14010519800315123X → **************123X; 13812345678 → 138****5678; 0351-7654321 → ********4321. */
export function maskPersonalNumbers(text: string): string {
  return text.replace(PERSONAL_NUMBER, (m) => {
    const digits = m.replace(/[^\dXx]/g, '');
    const mobile = digits.replace(/^86(?=1\d{10}$)/, '');
    if (/^1[3-9]\d{9}$/.test(mobile)) return maskPhone(mobile);
    return `${'*'.repeat(m.length - 4)}${m.slice(-4)}`;
  });
}

/**
 * A request URL as logs may keep it: personal numbers masked in the path and in every query value (also when
 * percent-encoded), so `/api/v1/petitioners?q=13800001234` is logged as `/api/v1/petitioners?q=138****1234`.
 */
export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  const path = maskPersonalNumbers(q < 0 ? url : url.slice(0, q));
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return maskPersonalNumbers(pair);
      const raw = pair.slice(eq + 1);
      let value: string;
      try {
        value = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        value = raw;
      }
      const masked = maskPersonalNumbers(value);
      return `${maskPersonalNumbers(pair.slice(0, eq))}=${masked === value ? raw : encodeURIComponent(masked)}`;
    })
    .join('&');
  return `${path}?${query}`;
}
