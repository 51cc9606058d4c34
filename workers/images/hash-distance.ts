/**
 * How two 64-bit perceptual hashes (16 hex digits) are compared. JavaScript bit operations are
 * 32-bit, so a hash is handled as two unsigned halves rather than a BigInt, which is far slower.
 */

/**
 * Hashes at most this many bits apart are the same picture. Chosen from measurements on synthetic
 * photos (test/workers/images): resizing to 50 % or 137 %, JPEG quality 30, +10 % brightness and
 * PNG→JPEG move at most 6 bits; cutting 3 % off one side at most 12, off every side at most 12 on
 * the test scenes (16 in 2 of 120 in a wider sweep). Unrelated scenes, including ones that share
 * palette and layout, were never closer than 16 in 7,140 pairs, and the test scenes no closer than 24.
 * Two balanced hashes (32 bits set, as ours are) always differ in an even number of bits, so 12
 * and 13 are the same threshold.
 */
export const NEAR_DUPLICATE_MAX_DISTANCE = 12;

export const HASH_BITS = 64;

const HEX16 = /^[0-9a-f]{16}$/i;

/** The high and low 32 bits of a 16-hex-digit hash; throws on anything else. */
export function hashHalves(hash: string): [number, number] {
  if (!HEX16.test(hash)) throw new Error(`not a 64-bit perceptual hash: "${hash}"`);
  return [Number.parseInt(hash.slice(0, 8), 16), Number.parseInt(hash.slice(8), 16)];
}

/** Number of set bits in a 32-bit integer (SWAR, no loop). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of differing bits between two 16-hex-digit perceptual hashes. */
export function hammingDistance(a: string, b: string): number {
  const [aHigh, aLow] = hashHalves(a);
  const [bHigh, bLow] = hashHalves(b);
  return popcount32(aHigh ^ bHigh) + popcount32(aLow ^ bLow);
}

/** Similarity in [0, 1] for a Hamming distance: 1 for identical hashes, 0.5 for unrelated ones. */
export function imageSimilarity(distance: number): number {
  return 1 - distance / HASH_BITS;
}
