import { redactContactNumbers } from '../documents/notices';

/**
 * What personal data leaves the server, decided in one place for every response (src/http/pii.ts applies it).
 *
 * - Identity fields (an ID number, a phone — `callerNumber` included —, an address) are masked for EVERY viewer:
 *   the one way to read them unmasked is `GET /petitioners/:id/pii` with a stated purpose, which is recorded.
 * - Free text (a letter, a summary, an opinion, an event's payload) is shown as written to roles holding
 *   `petitioner.pii.read` (they handle the petitioner's case); for every other viewer the numbers in it that look
 *   like an ID number or a phone are replaced (`redactContactNumbers`), as petitioners often write them into letters.
 */

/** 140105199001011234 → 140105********1234. */
export function maskIdNumber(id: string | null): string | null {
  if (!id) return null;
  return id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '*'.repeat(id.length);
}

/** 13812345678 → 138****5678; a landline keeps its first three and last four digits the same way. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

// Province, prefecture, county: the levels a supervisor or a statistic needs; the street and house number are not.
const ADDRESS_LEVELS = [/^.{2,8}?(?:省|自治区|特别行政区)/, /^.{2,10}?(?:自治州|地区|盟|市)/, /^.{1,10}?(?:区|县|旗|市)/];

/** 山西省太原市小店区坞城路 12 号 → 山西省太原市小店区****: the divisions down to the county stay, the rest is hidden. */
export function maskAddress(address: string | null): string | null {
  if (!address) return null;
  const text = address.trim();
  let kept = '';
  for (const level of ADDRESS_LEVELS) {
    const m = level.exec(text.slice(kept.length));
    if (m) kept += m[0];
  }
  return kept.length === text.length ? text : `${kept}****`;
}

/** Response fields that hold a person's identity, by name, and how each is masked. */
export const IDENTITY_FIELDS: Readonly<Record<string, (value: string | null) => string | null>> = {
  idNumber: maskIdNumber,
  phone: maskPhone,
  callerNumber: maskPhone,
  mobile: maskPhone,
  landline: maskPhone,
  address: maskAddress,
};

const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Digests (the audit chain's hashes, content hashes of attachments) are not numbers anyone wrote. */
const DIGEST_LIKE = /^[0-9a-f]{32,}$/i;

export interface MaskOptions {
  /** The viewer holds `petitioner.pii.read`: free text as written. Identity fields are masked regardless. */
  readsPii: boolean;
}

/**
 * The value as it may leave the server for this viewer: identity fields masked, and (for a viewer without
 * `petitioner.pii.read`) numbers in every other string redacted. Plain objects and arrays are copied, never mutated;
 * ids and digests stay.
 */
export function maskPersonalData<T>(value: T, opts: MaskOptions): T {
  return walk(value, opts) as T;
}

function walk(value: unknown, opts: MaskOptions): unknown {
  if (typeof value === 'string') {
    if (opts.readsPii || UUID_LIKE.test(value) || DIGEST_LIKE.test(value)) return value;
    return redactContactNumbers(value);
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, opts));
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const mask = IDENTITY_FIELDS[key];
      out[key] = mask && (typeof v === 'string' || v === null) ? mask(v) : walk(v, opts);
    }
    return out;
  }
  return value;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
