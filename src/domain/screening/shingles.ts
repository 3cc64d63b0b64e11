/**
 * Character shingles (k-grams) of normalised text, hashed to 32 bits. Chinese has no spaces, so words are not a
 * usable unit without a segmenter; character k-grams are the standard substitute (k = 2 catches shared words, k = 3
 * mostly shared phrases). Hashes: FNV-1a over the UTF-16 code units, then the murmur3 finaliser for avalanche.
 */

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashSlice(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The distinct hashed k-shingles of `text` (already normalised), sorted ascending. A text shorter than k is one shingle. */
export function shingleSet(text: string, k: number): Uint32Array {
  if (text.length === 0) return new Uint32Array(0);
  const n = Math.max(1, text.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = hashSlice(text, i, Math.min(text.length, i + k));
  out.sort();
  let w = 0;
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[w - 1]) out[w++] = out[i]!;
  return out.slice(0, w);
}

/** |A ∩ B| of two sorted distinct arrays. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return n;
}

/** Jaccard similarity |A ∩ B| / |A ∪ B|. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  const common = intersectionSize(a, b);
  return common / (a.length + b.length - common);
}

/** Containment |A ∩ B| / min(|A|, |B|): 1 when the shorter text is wholly inside the longer one. */
export function containment(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  return intersectionSize(a, b) / Math.min(a.length, b.length);
}
