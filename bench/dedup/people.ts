import * as OpenCC from 'opencc-js/cn2t';
import { idCheckCharacter } from '../../src/domain/identity';
import type { Rng } from './prng';
import type { County, Town } from './regions';
import { personName } from './vocab';

/**
 * Petitioners: a name (common names collide, as in life), a valid GB 11643 ID number and a phone, both unique per
 * person by construction (a bijection of the person's serial number), so a shared ID or phone in the data always means
 * the same person and the labels stay true.
 */
export interface Person {
  serial: number;
  name: string;
  idNumber: string;
  phone: string;
  county: County;
  town: Town;
  village: string;
  address: string;
  /** Topic families of this person's matters so far (a different matter of the same person avoids them). */
  families: Set<string>;
}

const AREA_CODES: Record<string, string> = {
  '140100': '0351', '140200': '0352', '140300': '0353', '140400': '0355', '140500': '0356', '140600': '0349',
  '140700': '0354', '140800': '0359', '140900': '0350', '141000': '0357', '141100': '0358',
};
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '158', '159', '166', '177', '180', '183', '187', '188', '189', '199'];

const DAY_MS = 86_400_000;
const BIRTH_BASE = Date.UTC(1945, 0, 1);

function idNumberFor(serial: number, county: County): string {
  // (serial · 7919 + 13) mod 2·10^7 is a bijection: distinct people get distinct (birth date, sequence) pairs.
  const k = (serial * 7919 + 13) % 20_000_000;
  const birth = new Date(BIRTH_BASE + Math.floor(k / 1000) * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${county.code}${birth}${String(k % 1000).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}

function phoneFor(serial: number, county: County, rng: Rng): string {
  if (rng.chance(0.12)) {
    const local = 2_000_000 + ((serial * 7919 + 4321) % 8_000_000);
    return `${AREA_CODES[county.cityCode] ?? '0351'}-${local}`;
  }
  const suffix = String((serial * 48271 + 12_345_678) % 100_000_000).padStart(8, '0');
  return `${rng.pick(MOBILE_PREFIXES)}${suffix}`;
}

export function newPerson(rng: Rng, serial: number, county: County, town: Town, village: string): Person {
  const address = `${county.cityName}${county.name}${town.name}${village}${rng.chance(0.6) ? `${rng.int(1, 40)}号` : ''}`;
  return {
    serial,
    name: personName(rng),
    idNumber: idNumberFor(serial, county),
    phone: phoneFor(serial, county, rng),
    county,
    town,
    village,
    address,
    families: new Set(),
  };
}

let s2t: ((s: string) => string) | null = null;
export function toTraditional(s: string): string {
  s2t ??= OpenCC.Converter({ from: 'cn', to: 'tw' });
  return s2t(s);
}

/** How much identity a petition carries: a letter may give everything, a call only a phone, a visitor only a name. */
export type IdentityMode = 'full' | 'phone' | 'id' | 'name';

export interface ImportPetitioner {
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
}

/** The ID number as people write it: mostly clean, sometimes lower-case x, spaced, or the legacy 15 digits. */
function writeId(id: string, rng: Rng): string {
  const r = rng.next();
  if (r < 0.06 && id.endsWith('X')) return id.toLowerCase();
  if (r < 0.12) return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
  if (r < 0.16 && id.slice(6, 8) === '19') return id.slice(0, 6) + id.slice(8, 17);
  return id;
}

function writePhone(phone: string, rng: Rng): string {
  if (phone.includes('-')) {
    const [area = '', local = ''] = phone.split('-');
    return rng.pick([phone, `(${area})${local}`, `${area}${local}`, `${area} ${local}`]);
  }
  return rng.weighted([
    [phone, 6],
    [`${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`, 1],
    [`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`, 1],
    [`+86 ${phone}`, 1],
    [`0086${phone}`, 0.5],
  ] as const);
}

/** The name as written: simplified; in traditional characters (`traditional`), or with a stray space now and then. */
export function writeName(name: string, rng: Rng, traditional: boolean): string {
  let n = traditional ? toTraditional(name) : name;
  if (rng.chance(0.04) && n.length >= 2) n = `${n.slice(0, 1)} ${n.slice(1)}`;
  else if (rng.chance(0.03)) n = n.replace(/^(.)(.*)$/u, '$1　$2');
  return n;
}

export function presentPerson(p: Person, mode: IdentityMode, rng: Rng, traditional: boolean): ImportPetitioner {
  return {
    name: writeName(p.name, rng, traditional),
    idNumber: mode === 'full' || mode === 'id' ? writeId(p.idNumber, rng) : null,
    phone: mode === 'full' || mode === 'phone' ? writePhone(p.phone, rng) : null,
    address: rng.chance(0.7) ? p.address : null,
  };
}
