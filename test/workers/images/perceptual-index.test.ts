import { describe, expect, it } from 'vitest';
import { NEAR_DUPLICATE_MAX_DISTANCE, PerceptualIndex, hammingDistance, type NearHash } from '../../../workers/images/perceptual-hash';
import { seededRandom } from '../../helpers/seeded-random';

const random = seededRandom(42);
const word = (): number => Math.floor(random() * 2 ** 32);
const hex = (high: number, low: number): string => (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');

/** `hash` with `flips` distinct random bits inverted. */
function flipBits(hash: string, flips: number): string {
  let high = Number.parseInt(hash.slice(0, 8), 16);
  let low = Number.parseInt(hash.slice(8), 16);
  const bits = new Set<number>();
  while (bits.size < flips) bits.add(Math.floor(random() * 64));
  for (const bit of bits) {
    if (bit < 32) high ^= 1 << bit;
    else low ^= 1 << (bit - 32);
  }
  return hex(high, low);
}

function bruteForce(hashes: string[], query: string, maxDistance: number): NearHash[] {
  return hashes
    .map((hash, id) => ({ id, distance: hammingDistance(hash, query) }))
    .filter((h) => h.distance <= maxDistance)
    .sort((a, b) => a.distance - b.distance || a.id - b.id);
}

describe('PerceptualIndex', () => {
  // 5,000 random hashes, then for 50 of them a family of planted neighbours at every distance up to
  // two past the threshold, so the edge of each probe radius is exercised in every block.
  const hashes = Array.from({ length: 5000 }, () => hex(word(), word()));
  const queries = hashes.slice(0, 50);
  for (const query of queries) for (let d = 0; d <= NEAR_DUPLICATE_MAX_DISTANCE + 2; d++) hashes.push(flipBits(query, d));
  const index = new PerceptualIndex();
  hashes.forEach((hash, id) => index.add(id, hash));

  it('agrees with a brute-force scan at and around the threshold', () => {
    for (const maxDistance of [0, 3, 4, 7, 8, NEAR_DUPLICATE_MAX_DISTANCE - 1, NEAR_DUPLICATE_MAX_DISTANCE, NEAR_DUPLICATE_MAX_DISTANCE + 1]) {
      for (const query of [...queries, flipBits(queries[0] ?? '', 1), hex(word(), word())]) {
        expect(index.near(query, maxDistance), `${query} within ${maxDistance}`).toEqual(bruteForce(hashes, query, maxDistance));
      }
    }
  });

  it('finds every planted neighbour within the default threshold', () => {
    const query = queries[7] ?? '';
    const found = index.near(query);
    expect(found).toEqual(bruteForce(hashes, query, NEAR_DUPLICATE_MAX_DISTANCE));
    expect(found.filter((f) => f.id >= 5000)).toHaveLength(NEAR_DUPLICATE_MAX_DISTANCE + 1);
  });

  it('falls back to a scan when probing would read more than the whole index', () => {
    const query = queries[3] ?? '';
    expect(index.near(query, 24)).toEqual(bruteForce(hashes, query, 24));
    expect(index.near(query, 64)).toHaveLength(hashes.length);
    expect(index.near(query, -1)).toEqual([]);
  });

  it('starts empty, grows past its first capacity, and rejects malformed hashes', () => {
    const small = new PerceptualIndex();
    expect(small.near('0123456789abcdef')).toEqual([]);
    for (let id = 0; id < 3000; id++) small.add(id, hex(id, 0));
    expect(small.size).toBe(3000);
    expect(small.near(hex(2999, 0), 0)).toEqual([{ id: 2999, distance: 0 }]);
    expect(() => small.add(1, 'not-a-hash')).toThrow(/not a 64-bit perceptual hash/);
  });
});
