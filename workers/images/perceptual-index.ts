/**
 * Near-neighbour lookup of perceptual hashes by Hamming distance, exact, for case files of 100k+
 * images: multi-index hashing (Norouzi, Punjani & Fleet, "Fast Search in Hamming Space with
 * Multi-Index Hashing", CVPR 2012).
 *
 * The 64 bits are cut into 4 blocks of 16, each indexed in its own table of 65,536 buckets. If two
 * hashes are at most d apart, their 4 block distances sum to at most d, so some block is at most
 * ⌊d/4⌋ apart (pigeonhole): probing, in every table, each bucket within ⌊d/4⌋ bits of the query's
 * block finds every true neighbour, and verifying the full distance removes the rest.
 * Why 4 blocks and not d+1 blocks probed exactly: for d = 12, 13 blocks are about 5 bits wide, so
 * with 100k hashes each bucket holds ~3,000 entries and a query verifies ~40,000 of them. With
 * 4×16 bits and radius 3 a query probes 4 × 697 buckets of ~1.5 entries: ~4,300 candidates
 * (measured here: 0.2 ms a query over 100k random hashes).
 * When the radius grows so large that probing would cost more than reading everything, we scan.
 */
import { NEAR_DUPLICATE_MAX_DISTANCE, HASH_BITS, hashHalves, popcount32 } from './hash-distance';

export interface NearHash {
  id: number;
  distance: number;
}

const BLOCKS = 4;
const BLOCK_VALUES = 1 << 16;
const NONE = -1;

/** All 16-bit masks with at most r bits set, fewest first; built once per radius. */
const masksByRadius = new Map<number, Uint16Array>();
function masksWithin(radius: number): Uint16Array {
  let masks = masksByRadius.get(radius);
  if (!masks) {
    const found: number[] = [];
    for (let m = 0; m < BLOCK_VALUES; m++) if (popcount32(m) <= radius) found.push(m);
    masks = Uint16Array.from(found.sort((a, b) => popcount32(a) - popcount32(b)));
    masksByRadius.set(radius, masks);
  }
  return masks;
}

/** The i-th 16-bit block of a hash given as its two 32-bit halves. */
const blockOf = (high: number, low: number, i: number): number =>
  i === 0 ? high >>> 16 : i === 1 ? high & 0xffff : i === 2 ? low >>> 16 : low & 0xffff;

export class PerceptualIndex {
  private count = 0;
  private ids = new Float64Array(1024);
  private highs = new Uint32Array(1024);
  private lows = new Uint32Array(1024);
  /** Buckets as linked lists in typed arrays: head entry per (block, value), next entry per (block, entry). */
  private readonly heads = new Int32Array(BLOCKS * BLOCK_VALUES).fill(NONE);
  private nexts: Int32Array[] = Array.from({ length: BLOCKS }, () => new Int32Array(1024));
  /** Query number that last saw each entry, so an entry found in two tables is verified once. */
  private seen = new Uint32Array(1024);
  private query = 0;

  get size(): number {
    return this.count;
  }

  /** Adds a hash under the caller's id; adding an id twice lists it twice. */
  add(id: number, hash: string): void {
    const [high, low] = hashHalves(hash);
    if (this.count === this.ids.length) this.grow();
    const entry = this.count++;
    this.ids[entry] = id;
    this.highs[entry] = high;
    this.lows[entry] = low;
    for (let b = 0; b < BLOCKS; b++) {
      const head = b * BLOCK_VALUES + blockOf(high, low, b);
      (this.nexts[b] as Int32Array)[entry] = this.heads[head] ?? NONE;
      this.heads[head] = entry;
    }
  }

  /** Every indexed hash within maxDistance bits of `hash`, nearest first (ties by id). */
  near(hash: string, maxDistance: number = NEAR_DUPLICATE_MAX_DISTANCE): NearHash[] {
    const [high, low] = hashHalves(hash);
    if (maxDistance < 0 || this.count === 0) return [];
    const limit = Math.min(Math.floor(maxDistance), HASH_BITS);
    const masks = masksWithin(Math.floor(limit / BLOCKS));
    const found = BLOCKS * masks.length >= this.count ? this.scan(high, low, limit) : this.probe(high, low, limit, masks);
    return found.sort((a, b) => a.distance - b.distance || a.id - b.id);
  }

  private probe(high: number, low: number, limit: number, masks: Uint16Array): NearHash[] {
    const query = this.nextQuery();
    const found: NearHash[] = [];
    for (let b = 0; b < BLOCKS; b++) {
      const next = this.nexts[b] as Int32Array;
      const block = blockOf(high, low, b);
      for (const mask of masks) {
        for (let e = this.heads[b * BLOCK_VALUES + (block ^ mask)] ?? NONE; e !== NONE; e = next[e] ?? NONE) {
          if (this.seen[e] === query) continue;
          this.seen[e] = query;
          const distance = this.distanceTo(e, high, low);
          if (distance <= limit) found.push({ id: this.ids[e] ?? 0, distance });
        }
      }
    }
    return found;
  }

  private scan(high: number, low: number, limit: number): NearHash[] {
    const found: NearHash[] = [];
    for (let e = 0; e < this.count; e++) {
      const distance = this.distanceTo(e, high, low);
      if (distance <= limit) found.push({ id: this.ids[e] ?? 0, distance });
    }
    return found;
  }

  private distanceTo(entry: number, high: number, low: number): number {
    return popcount32((this.highs[entry] ?? 0) ^ high) + popcount32((this.lows[entry] ?? 0) ^ low);
  }

  private nextQuery(): number {
    if (this.query === 0xffffffff) {
      this.seen.fill(0);
      this.query = 0;
    }
    return ++this.query;
  }

  private grow(): void {
    const capacity = this.ids.length * 2;
    const widen = <T extends Float64Array | Uint32Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const wider = make(capacity);
      wider.set(old);
      return wider;
    };
    this.ids = widen(this.ids, (n) => new Float64Array(n));
    this.highs = widen(this.highs, (n) => new Uint32Array(n));
    this.lows = widen(this.lows, (n) => new Uint32Array(n));
    this.seen = widen(this.seen, (n) => new Uint32Array(n));
    this.nexts = this.nexts.map((next) => widen(next, (n) => new Int32Array(n)));
  }
}
