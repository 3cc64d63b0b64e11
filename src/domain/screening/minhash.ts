import { fmix32 } from './shingles';

/**
 * MinHash signatures and LSH band keys. A fixed-seed family of hash functions h_i(x) = fmix32(a_i·x + b_i) (odd a_i)
 * over the 32-bit shingle hashes: the seeds never change, because band keys are stored with every petition and a new
 * family would orphan them (changing it requires recomputing `lsh_bands` for all petitions).
 */

/** mulberry32, only to draw the fixed seeds. */
function seeds(count: number, seed: number): Uint32Array {
  let a = seed >>> 0;
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) >>> 0;
  }
  return out;
}

const FAMILY_SEED = 0x5eed2026;
const familyCache = new Map<number, { a: Uint32Array; b: Uint32Array }>();

function family(count: number): { a: Uint32Array; b: Uint32Array } {
  let f = familyCache.get(count);
  if (!f) {
    const s = seeds(2 * count, FAMILY_SEED);
    const a = new Uint32Array(count);
    const b = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      a[i] = (s[2 * i]! | 1) >>> 0;
      b[i] = s[2 * i + 1]!;
    }
    f = { a, b };
    familyCache.set(count, f);
  }
  return f;
}

/** The MinHash signature: for each of `hashes` functions, the minimum over the shingles. Empty for no shingles. */
export function minhashSignature(shingles: Uint32Array, hashes: number): Uint32Array {
  if (shingles.length === 0) return new Uint32Array(0);
  const { a, b } = family(hashes);
  const sig = new Uint32Array(hashes).fill(0xffffffff);
  for (let i = 0; i < hashes; i++) {
    const ai = a[i]!;
    const bi = b[i]!;
    let min = 0xffffffff;
    for (let j = 0; j < shingles.length; j++) {
      const h = fmix32((Math.imul(ai, shingles[j]!) + bi) >>> 0);
      if (h < min) min = h;
    }
    sig[i] = min;
  }
  return sig;
}

/**
 * LSH band keys: the signature cut into `bands` bands of `rows` values, each band hashed to 32 bits and tagged with
 * its index, `bandIndex * 2^32 + hash32`. The key is a safe integer (bandIndex < 2^21) that fits a PostgreSQL bigint,
 * and two petitions share a key only if they agree on every row of the same band.
 */
export function bandKeys(signature: Uint32Array, bands: number, rows: number): number[] {
  if (signature.length === 0) return [];
  if (signature.length < bands * rows) throw new Error(`signature of ${signature.length} values cannot make ${bands} bands of ${rows} rows`);
  const out: number[] = [];
  for (let band = 0; band < bands; band++) {
    let h = fmix32(0x9e3779b9 ^ band);
    for (let r = 0; r < rows; r++) h = fmix32((h ^ signature[band * rows + r]!) >>> 0);
    out.push(band * 2 ** 32 + h);
  }
  return out;
}

/** Probability that two texts with Jaccard similarity `s` share at least one band: 1 − (1 − s^rows)^bands. */
export function lshCandidateProbability(s: number, bands: number, rows: number): number {
  return 1 - (1 - s ** rows) ** bands;
}
