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
