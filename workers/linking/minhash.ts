/**
 * MinHash signatures of ad texts and their LSH band keys, for finding ads written from one template.
 *
 * Signatures are stored in the case file, so everything here is fixed: the shingling, the hash,
 * the seeded coefficients. Changing any of it changes every signature — bump SIGNATURE_VERSION so
 * stored ones are recomputed instead of compared with new ones.
 */
import { foldForMatching } from '../../shared/text/fold-text';

/** Bumped whenever the shingles, hash, coefficients or size change. */
export const SIGNATURE_VERSION = 1;
/**
 * 128 hash functions: at a true Jaccard of 0.5 the estimate's standard error is 0.044 (0.0625 at
 * 64), which keeps pairs of different templates sharing boilerplate (true Jaccard 0.3–0.45) below
 * the 0.5 threshold. Union-find turns one false pair into a merge of two whole clusters, so the
 * single pair's precision matters. Measured on generated ads with 64 functions (16 bands × 4) →
 * 128 (32 × 4): precision 0.987 → 0.996 on 100,000 (recall 0.992 → 0.993), mean precision over
 * eight 5,000-ad corpora 0.981 → 0.989 (worst 0.937 → 0.976), for ~2× the hashing and comparing
 * (≈ 5 s → ≈ 8–10 s for 100,000 ads on the 2-core dev machine).
 */
export const MINHASH_SIZE = 128;
/** Character n-gram length; see `shingleHashes`. */
const SHINGLE = 5;
/**
 * 32 bands of 4 rows: a pair with Jaccard s shares a band with probability 1 − (1 − s⁴)³²:
 *   s = 0.2 → 0.05, 0.3 → 0.23, 0.4 → 0.56, 0.5 → 0.87, 0.6 → 0.99, 0.7 → 1.00.
 * The steep part sits just below the 0.5 decision threshold, so the pairs the clusterer accepts
 * are mostly candidates (a pair right at 0.5 is missed 13 % of the time, but a template's reposts
 * are many pairs, and one found pair joins them), while pairs of different templates on one topic
 * (s ≈ 0.05–0.25) are rarely compared. Pairs below 0.5 that share a contact or image are found
 * through those, not here.
 */
export const LSH_BANDS = 32;
export const LSH_ROWS = MINHASH_SIZE / LSH_BANDS;

/** murmur3's finaliser. FNV's low bits see only the low bits of each char (a product's bit i depends on bits ≤ i). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** splitmix32 from a fixed seed: the same coefficients on every machine and in every version of V8. */
function seededWords(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    out[i] = fmix32(s);
  }
  return out;
}

/**
 * h_k(x) = a_k·x + b_k mod 2³² with a_k odd: a permutation of the 32-bit values per k, one
 * multiply-add per shingle and function. On its own this family is a weak min-wise hash, but x is
 * already a well-mixed hash of the shingle; the test checks estimates against exact Jaccard.
 * Signed 32-bit arithmetic throughout: V8 keeps int32 in registers, while uint32 values above 2³¹
 * fall back to doubles. The minimum under signed order is as good a MinHash as under unsigned.
 */
const COEFF_A = new Int32Array(seededWords(MINHASH_SIZE, 0x6e69746b).map((a) => a | 1).buffer);
const COEFF_B = new Int32Array(seededWords(MINHASH_SIZE, 0x61647321).buffer);
const EMPTY = 0xffffffff;

/** Reused across calls: signatures are computed one at a time, and 100k ads should not allocate 100k buffers. */
let scratch = new Int32Array(1024);

/**
 * Hashes of every character 5-gram of the folded text, written to `scratch`; returns the count.
 *
 * Why character 5-grams: over five generated corpora of 5,000 ads (test/bench/gen-ads.ts), each
 * shingling at its best threshold among 0.4–0.6, mean pairwise F1 (precision / recall):
 *   char 4-grams 0.991 at 0.6 (0.990 / 0.993) · char 5-grams 0.989 at 0.5 (0.984 / 0.993) ·
 *   char 6-grams 0.991 at 0.5 (0.996 / 0.986) · word 2-grams 0.977 at 0.4 (0.992 / 0.963) ·
 *   word 2-grams + char 5-grams 0.992 at 0.5 (0.994 / 0.990).
 * Character n-grams and the mix tie within the noise of one false merge (a corpus's precision
 * moves by ±0.01 with it); word 2-grams alone lose recall, because reposts differ inside words —
 * an inflected city (Beč/Beču), an obfuscated phone, a dropped or swapped word — and a word pair
 * breaks at each, while a 5-character window loses ~5 of ~280 shingles per edit. Of the ties,
 * 5-grams keep the most recall at the 0.5 threshold and hash the least (the mix adds ~20 %
 * shingles; 4-grams, common syllables, need 0.6). Digits are kept, so a shared phone or salary
 * counts as shared text.
 *
 * Each window is hashed straight from its char codes (FNV-1a over the 5 UTF-16 units, then
 * fmix32), with no substring allocated.
 */
function shingleHashes(folded: string): number {
  const n = folded.length;
  const count = n < SHINGLE ? (n > 0 ? 1 : 0) : n - SHINGLE + 1;
  if (scratch.length < count) scratch = new Int32Array(count * 2);
  const width = Math.min(SHINGLE, n);
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < width; j++) h = Math.imul(h ^ folded.charCodeAt(i + j), 0x01000193);
    scratch[i] = fmix32(h);
  }
  return count;
}

/** The MinHash signature (MINHASH_SIZE values) of `text` after foldForMatching; all 0xffffffff if it has no letters or digits. */
export function minhashSignature(text: string): Uint32Array {
  const count = shingleHashes(foldForMatching(text));
  const sig = new Uint32Array(MINHASH_SIZE);
  if (count === 0) return sig.fill(EMPTY);
  const shingles = scratch;
  const A = COEFF_A;
  const B = COEFF_B;
  // Four functions per pass over the shingles: each shingle is loaded once for four, and the
  // twelve live values still fit in registers (measured ~1.5× faster than one function per pass,
  // ~2× faster than the same in uint32; eight per pass gains nothing).
  for (let k = 0; k < MINHASH_SIZE; k += 4) {
    const a0 = A[k]!, a1 = A[k + 1]!, a2 = A[k + 2]!, a3 = A[k + 3]!;
    const b0 = B[k]!, b1 = B[k + 1]!, b2 = B[k + 2]!, b3 = B[k + 3]!;
    let m0 = 0x7fffffff, m1 = 0x7fffffff, m2 = 0x7fffffff, m3 = 0x7fffffff;
    for (let i = 0; i < count; i++) {
      const x = shingles[i]!;
      const v0 = (Math.imul(a0, x) + b0) | 0;
      if (v0 < m0) m0 = v0;
      const v1 = (Math.imul(a1, x) + b1) | 0;
      if (v1 < m1) m1 = v1;
      const v2 = (Math.imul(a2, x) + b2) | 0;
      if (v2 < m2) m2 = v2;
      const v3 = (Math.imul(a3, x) + b3) | 0;
      if (v3 < m3) m3 = v3;
    }
    // Flipping the sign bit maps signed order onto unsigned, so the stored minima are small
    // unsigned numbers and only an empty text gives 0xffffffff (short of a 2⁻³² fluke per value).
    sig[k] = m0 ^ 0x80000000;
    sig[k + 1] = m1 ^ 0x80000000;
    sig[k + 2] = m2 ^ 0x80000000;
    sig[k + 3] = m3 ^ 0x80000000;
  }
  return sig;
}

/** Whether the signature came from a text with nothing to compare (no letters or digits). */
export function isEmptySignature(sig: Uint32Array): boolean {
  for (let k = 0; k < sig.length; k++) if (sig[k] !== EMPTY) return false;
  return true;
}

/** The share of equal positions: an unbiased estimate of the Jaccard similarity of the two shingle sets (0 if either text is empty). */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  // Two empty texts have equal signatures (all 0xffffffff) but nothing in common.
  if ((a[0] === EMPTY && isEmptySignature(a)) || (b[0] === EMPTY && isEmptySignature(b))) return 0;
  let equal = 0;
  for (let k = 0; k < MINHASH_SIZE; k++) if (a[k] === b[k]) equal++;
  return equal / MINHASH_SIZE;
}

/**
 * One 32-bit key per band (LSH_BANDS of them): equal keys in the same band mean equal rows, up to
 * a 2⁻³² chance of collision, which costs only one needless comparison. The band index is mixed
 * in, yet keys should still only be compared within one band.
 */
export function lshBandKeys(sig: Uint32Array): Uint32Array {
  const keys = new Uint32Array(LSH_BANDS);
  for (let band = 0; band < LSH_BANDS; band++) {
    let h = Math.imul(band + 1, 0x9e3779b1);
    for (let r = 0; r < LSH_ROWS; r++) {
      h = Math.imul(h ^ sig[band * LSH_ROWS + r]!, 0xcc9e2d51);
      h = (h << 15) | (h >>> 17);
    }
    keys[band] = fmix32(h);
  }
  return keys;
}

/** Bytes to store a signature: SIGNATURE_VERSION, then MINHASH_SIZE values little-endian (whatever the host's byte order). */
export function serializeSignature(sig: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(1 + MINHASH_SIZE * 4);
  const view = new DataView(bytes.buffer);
  bytes[0] = SIGNATURE_VERSION;
  for (let k = 0; k < MINHASH_SIZE; k++) view.setUint32(1 + k * 4, sig[k]!, true);
  return bytes;
}

/** The signature stored by serializeSignature, or null if it was made by another version and must be recomputed from the text. */
export function deserializeSignature(bytes: Uint8Array): Uint32Array | null {
  if (bytes.length !== 1 + MINHASH_SIZE * 4 || bytes[0] !== SIGNATURE_VERSION) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sig = new Uint32Array(MINHASH_SIZE);
  for (let k = 0; k < MINHASH_SIZE; k++) sig[k] = view.getUint32(1 + k * 4, true);
  return sig;
}
