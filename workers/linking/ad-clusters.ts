/**
 * Clusters of ads written from one template, built incrementally as ads arrive.
 *
 * Candidates come from LSH buckets of the MinHash signatures and from buckets of shared contacts
 * and images; a candidate pair is accepted when its estimated Jaccard similarity reaches
 * `threshold`, or a lower one when the two ads also share a contact or an image. Clusters are the
 * connected components of the accepted pairs (union-find); singletons are not clusters.
 *
 * Persistence: the caller computes each ad's signature (minhashSignature), stores it
 * (serializeSignature) with the ad's contacts and images, and on reopening feeds them back through
 * `addSignatures` in id order: no text is re-read or re-hashed, and the rebuilt clusters are the
 * ones it had. Rebuilding costs the linking step only (about half of clustering from text).
 */
import { LSH_BANDS, MINHASH_SIZE, isEmptySignature, lshBandKeys, minhashSignature } from './minhash';

export interface AdForClustering {
  id: number;
  text: string;
  /** canonical identifier values (phones, handles, e-mails) */
  contacts: string[];
  /** image keys, e.g. perceptual-hash group ids */
  images: string[];
}

/** An ad whose signature was computed earlier (and stored), instead of its text. */
export interface AdSignature {
  id: number;
  signature: Uint32Array;
  contacts: string[];
  images: string[];
}

export interface AdClusterMember {
  ad: number;
  /** estimated Jaccard similarity to the member's best accepted match */
  similarity: number;
}

export interface AdCluster {
  /** the smallest member id: stable while the cluster only grows by ads with larger ids */
  id: number;
  /** by ad id */
  members: AdClusterMember[];
  /**
   * The mean of the members' similarities, each to its best accepted match: 1 for verbatim
   * reposts, near the threshold for a loose family; one number to sort clusters by how surely
   * they are one template. A weakest link would rank a big cluster by its one odd repost.
   */
  score: number;
}

/** What one `add` changed, for a caller that mirrors clusters in storage. */
export interface ClusterChange {
  /** clusters that are new or whose members or similarities changed, by cluster id after the call */
  changed: number[];
  /** cluster ids that no longer exist: merged into a cluster with a smaller id, or renamed by a smaller newcomer */
  removed: number[];
}

export interface AdClustererOptions {
  /** estimated Jaccard that links two ads on text alone */
  threshold?: number;
  /** estimated Jaccard that links two ads sharing a contact */
  contactThreshold?: number;
  /** estimated Jaccard that links two ads sharing an image */
  imageThreshold?: number;
  /** members kept per LSH, contact or image bucket (at most 255); see DEFAULT_BUCKET_CAP */
  bucketCap?: number;
}

/**
 * Chosen on generated ads (test/bench/gen-ads.ts). Among all 4.5M pairs of 3,000 ads, pairs from
 * one template score ≥ 0.5 in 74 %, ≥ 0.4 in 92 %, ≥ 0.3 in 97 %; pairs of different templates
 * score ≥ 0.3 in 0.026 %, ≥ 0.4 in 0.0005 % (rivals copying boilerplate), none ≥ 0.5. Union-find
 * needs only a spanning set of a template's pairs, so 0.5 loses little recall and keeps nearly
 * every false pair out. A shared contact rescues heavily edited reposts down to 0.3; a shared
 * image only down to 0.4, since stock photos recur across recruiters. Mean precision / recall
 * over eight 5,000-ad corpora:
 *   text alone at 0.5                      0.995 / 0.959
 *   + contacts at 0.3, images at 0.4       0.989 / 0.994   (100,000 ads: 0.996 / 0.993)
 *   + contacts and images at 0.3           0.978 / 0.994   (worst corpus precision 0.915)
 *   + contacts at 0.35, images at 0.45     0.993 / 0.989
 *   text at 0.45, contacts 0.3, images 0.45  0.972 / 0.995
 *   text at 0.55, contacts 0.3, images 0.55  0.994 / 0.985
 */
export const DEFAULT_THRESHOLD = 0.5;
export const DEFAULT_CONTACT_THRESHOLD = 0.3;
export const DEFAULT_IMAGE_THRESHOLD = 0.4;
/**
 * A bucket keeps only its first `bucketCap` members; a newcomer is compared with those and not
 * stored if the bucket is full. Boilerplate that lands thousands of ads in one bucket (the same
 * agency footer, a number in every ad of a network) thus costs at most bucketCap comparisons per
 * ad and bucket — the candidate step stays linear in the number of ads — and a template with more
 * reposts than the cap is still joined up, because each newcomer meets its first reposts. On
 * 100,000 generated ads (the biggest template reposted 164 times) caps from 8 to 255 move recall
 * by 0.001 and time by less than the noise; real feeds can repost one template thousands of
 * times, and 48 bounds the worst case at 32 bands × 48 = 1,536 comparisons per ad.
 */
export const DEFAULT_BUCKET_CAP = 48;

const EMPTY_SLOT = -1;
/** A bucket slot is three int32s side by side — band key, first entry, member count — so a probe touches one cache line. */
const SLOT = 3;

/**
 * One LSH band's buckets: open addressing on the 32-bit band key, members as linked lists of
 * entries (in AdClusterer). Nearly every ad opens a bucket of its own in every band — 3.2M buckets
 * for 100k ads — which as Maps of arrays would be millions of small objects for the GC to walk.
 */
class BandTable {
  private slots: Int32Array;
  private mask: number;
  private used = 0;

  constructor(capacity = 1024) {
    this.slots = BandTable.emptySlots(capacity);
    this.mask = capacity - 1;
  }

  private static emptySlots(capacity: number): Int32Array {
    const slots = new Int32Array(capacity * SLOT);
    for (let s = 1; s < slots.length; s += SLOT) slots[s] = EMPTY_SLOT;
    return slots;
  }

  /** The slot (its offset in the table) of `key`, or of the empty place where it would go. */
  slot(key: number): number {
    const slots = this.slots;
    let s = key & this.mask;
    while (slots[s * SLOT + 1] !== EMPTY_SLOT && slots[s * SLOT] !== key) s = (s + 1) & this.mask;
    return s * SLOT;
  }

  head(slot: number): number {
    return this.slots[slot + 1]!;
  }

  count(slot: number): number {
    return this.slots[slot + 2]!;
  }

  /** Makes `entry` the bucket's first entry; returns the previous first, which the entry must link to. */
  push(slot: number, key: number, entry: number): number {
    const slots = this.slots;
    const old = slots[slot + 1]!;
    if (old === EMPTY_SLOT) {
      slots[slot] = key;
      this.used++;
    }
    slots[slot + 1] = entry;
    slots[slot + 2]!++;
    if (this.used * 2 > this.mask) this.grow();
    return old;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = BandTable.emptySlots(capacity);
    this.mask = capacity - 1;
    for (let s = 0; s < old.length; s += SLOT) {
      if (old[s + 1] === EMPTY_SLOT) continue;
      const t = this.slot(old[s]!);
      this.slots[t] = old[s]!;
      this.slots[t + 1] = old[s + 1]!;
      this.slots[t + 2] = old[s + 2]!;
    }
  }
}

/** Int32 words per ad in the comparison store: two 16-bit values each. */
const SKETCH_WORDS = MINHASH_SIZE / 2;

export class AdClusterer {
  private readonly threshold: number;
  private readonly contactThreshold: number;
  private readonly imageThreshold: number;
  private readonly bucketCap: number;

  private readonly indexOf = new Map<number, number>();
  private ids: number[] = [];
  /**
   * The low 16 bits of every signature value, two to an int32, all ads back to back (b-bit
   * MinHash, Li & König 2010): a comparison reads half the cache lines of full signatures, and two
   * different values agree by chance only 2⁻¹⁶ of the time — an estimate of 0.5 is off by 1/128
   * (one position) about once in a thousand pairs. Comparisons are the largest part of linking.
   */
  private sketches = new Int32Array(1024 * SKETCH_WORDS);
  /** interned contact keys (even) and image keys (odd) per ad, sorted, for the shared-evidence test */
  private evidence: Int32Array[] = [];
  private readonly evidenceKeys = new Map<string, number>();
  private readonly evidenceBuckets: number[][] = [];

  private readonly bands: BandTable[] = Array.from({ length: LSH_BANDS }, () => new BandTable());
  /** bucket entries of all bands, side by side: the ad, then the next entry of the same bucket */
  private entries = new Int32Array(1 << 17);
  private entryCount = 0;

  private parent = new Int32Array(1024);
  private size = new Int32Array(1024);
  private minId: number[] = [];
  private best = new Float64Array(1024);
  /** the ad index a candidate was last seen for: dedupes candidates met in several buckets */
  private seen = new Int32Array(1024);
  /** 1 for an ad whose text had no letters or digits: similar to nothing, not even to another such ad */
  private empty = new Uint8Array(1024);

  constructor(options: AdClustererOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.contactThreshold = options.contactThreshold ?? DEFAULT_CONTACT_THRESHOLD;
    this.imageThreshold = options.imageThreshold ?? DEFAULT_IMAGE_THRESHOLD;
    // Counts are kept in a byte.
    this.bucketCap = Math.max(1, Math.min(255, options.bucketCap ?? DEFAULT_BUCKET_CAP));
  }

  /** Number of ads added. */
  get adCount(): number {
    return this.ids.length;
  }

  /**
   * Hashes the texts and adds the ads; see addSignatures. A caller that persists the state
   * computes the signatures itself (minhashSignature), stores them and calls addSignatures.
   */
  add(ads: readonly AdForClustering[]): ClusterChange {
    return this.addSignatures(
      ads.filter((ad) => !this.indexOf.has(ad.id)).map((ad) => ({ id: ad.id, signature: minhashSignature(ad.text), contacts: ad.contacts, images: ad.images })),
    );
  }

  /**
   * Adds ads (ids already present are ignored) and links them into clusters.
   *
   * Each batch is processed in id order, and a newcomer is compared only with ads already present,
   * so adding ads in several batches gives the same clusters, similarities and scores as adding
   * them at once — provided each batch's ids exceed those of earlier batches (the store assigns
   * them in insertion order) or no bucket has filled up to the cap. Otherwise a full bucket holds
   * different first members, and the result may differ slightly.
   */
  addSignatures(ads: readonly AdSignature[]): ClusterChange {
    const sorted = ads.filter((ad) => !this.indexOf.has(ad.id)).sort((a, b) => a.id - b.id);
    const before = new Set<number>();
    const touched: number[] = [];
    for (const ad of sorted) {
      if (this.indexOf.has(ad.id)) continue;
      this.link(this.append(ad), ad.signature, before, touched);
    }
    const changed = new Set<number>();
    for (const i of touched) {
      const r = this.find(i);
      if (this.size[r]! >= 2) changed.add(this.minId[r]!);
    }
    return {
      changed: [...changed].sort((a, b) => a - b),
      removed: [...before].filter((id) => !changed.has(id)).sort((a, b) => a - b),
    };
  }

  /** The id of the cluster ad `id` belongs to, or null if it is in none. */
  clusterOf(id: number): number | null {
    const i = this.indexOf.get(id);
    if (i === undefined) return null;
    const r = this.find(i);
    return this.size[r]! >= 2 ? this.minId[r]! : null;
  }

  /** Every cluster (two or more ads), by id. */
  clusters(): AdCluster[] {
    const byRoot = new Map<number, AdClusterMember[]>();
    for (let i = 0; i < this.ids.length; i++) {
      const r = this.find(i);
      if (this.size[r]! < 2) continue;
      let members = byRoot.get(r);
      if (!members) byRoot.set(r, (members = []));
      members.push({ ad: this.ids[i]!, similarity: this.best[i]! });
    }
    const out: AdCluster[] = [];
    for (const [r, members] of byRoot) {
      members.sort((a, b) => a.ad - b.ad);
      const score = members.reduce((sum, m) => sum + m.similarity, 0) / members.length;
      out.push({ id: this.minId[r]!, members, score });
    }
    return out.sort((a, b) => a.id - b.id);
  }

  private append(ad: AdSignature): number {
    const sig = ad.signature;
    if (sig.length !== MINHASH_SIZE) throw new Error(`ad ${ad.id}: a signature has ${MINHASH_SIZE} values, not ${sig.length}`);
    const x = this.ids.length;
    if (x === this.parent.length) this.growAds();
    const at = x * SKETCH_WORDS;
    for (let w = 0; w < SKETCH_WORDS; w++) this.sketches[at + w] = (sig[2 * w]! & 0xffff) | (sig[2 * w + 1]! << 16);
    this.ids.push(ad.id);
    this.indexOf.set(ad.id, x);
    this.parent[x] = x;
    this.size[x] = 1;
    this.minId.push(ad.id);
    this.best[x] = 0;
    this.seen[x] = -1;
    this.empty[x] = isEmptySignature(sig) ? 1 : 0;
    const keys = new Set<number>();
    for (const c of ad.contacts) keys.add(this.intern(c, 0));
    for (const img of ad.images) keys.add(this.intern(img, 1));
    this.evidence.push(Int32Array.from(keys).sort());
    return x;
  }

  /** A number for a contact (kind 0) or image (kind 1) key; the kind is its lowest bit. */
  private intern(key: string, kind: 0 | 1): number {
    const name = `${kind}${key}`;
    let k = this.evidenceKeys.get(name);
    if (k === undefined) {
      k = this.evidenceBuckets.length * 2 + kind;
      this.evidenceKeys.set(name, k);
      this.evidenceBuckets.push([]);
    }
    return k;
  }

  /** Compares ad `x` with the candidates in its buckets, accepts pairs, then joins the buckets. */
  private link(x: number, sig: Uint32Array, before: Set<number>, touched: number[]): void {
    for (const k of this.evidence[x]!) {
      const bucket = this.evidenceBuckets[k >> 1]!;
      for (const y of bucket) this.consider(x, y, before, touched);
      if (bucket.length < this.bucketCap) bucket.push(x);
    }
    // A text with no letters or digits has no shingles to share: keep it out of the LSH buckets,
    // where all such texts would collide.
    if (this.empty[x]) return;
    const keys = lshBandKeys(sig);
    const entries = this.entries;
    for (let band = 0; band < LSH_BANDS; band++) {
      const table = this.bands[band]!;
      const key = keys[band]! | 0;
      const slot = table.slot(key);
      for (let e = table.head(slot); e !== EMPTY_SLOT; e = entries[e + 1]!) this.consider(x, entries[e]!, before, touched);
      if (table.count(slot) < this.bucketCap) {
        const entry = this.newEntry(x);
        this.entries[entry + 1] = table.push(slot, key, entry);
      }
    }
  }

  private consider(x: number, y: number, before: Set<number>, touched: number[]): void {
    if (this.seen[y] === x) return;
    this.seen[y] = x;
    const similarity = this.similarity(x, y);
    if (similarity < this.threshold) {
      if (similarity < this.contactThreshold && similarity < this.imageThreshold) return;
      const shared = this.sharedEvidence(x, y);
      const enough = ((shared & 1) !== 0 && similarity >= this.contactThreshold) || ((shared & 2) !== 0 && similarity >= this.imageThreshold);
      if (!enough) return;
    }
    if (similarity > this.best[x]!) this.best[x] = similarity;
    if (similarity > this.best[y]!) this.best[y] = similarity;
    this.union(x, y, before);
    touched.push(x, y);
  }

  /** estimatedJaccard on the 16-bit sketches. */
  private similarity(x: number, y: number): number {
    if (this.empty[x] || this.empty[y]) return 0;
    const sketches = this.sketches;
    const a = x * SKETCH_WORDS;
    const b = y * SKETCH_WORDS;
    // Branch-free: whether two minima agree is a coin flip the CPU cannot predict.
    // (h - 1) >>> 31 is 1 exactly when the 16-bit half h is 0.
    let equal = 0;
    for (let w = 0; w < SKETCH_WORDS; w++) {
      const d = sketches[a + w]! ^ sketches[b + w]!;
      equal += (((d & 0xffff) - 1) >>> 31) + (((d >>> 16) - 1) >>> 31);
    }
    return equal / MINHASH_SIZE;
  }

  /** Bit 1: the ads share a contact; bit 2: an image. Both lists are sorted and a handful long. */
  private sharedEvidence(x: number, y: number): number {
    const a = this.evidence[x]!;
    const b = this.evidence[y]!;
    let shared = 0;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) {
        shared |= (a[i]! & 1) === 0 ? 1 : 2;
        i++;
        j++;
      } else if (a[i]! < b[j]!) i++;
      else j++;
    }
    return shared;
  }

  private newEntry(x: number): number {
    if (this.entryCount * 2 === this.entries.length) {
      const grown = new Int32Array(this.entries.length * 2);
      grown.set(this.entries);
      this.entries = grown;
    }
    const entry = this.entryCount++ * 2;
    this.entries[entry] = x;
    return entry;
  }

  private find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  }

  /** Union by size; notes the ids of clusters that existed before, which the caller may have to drop. */
  private union(x: number, y: number, before: Set<number>): void {
    let a = this.find(x);
    let b = this.find(y);
    if (this.size[a]! >= 2) before.add(this.minId[a]!);
    if (this.size[b]! >= 2) before.add(this.minId[b]!);
    if (a === b) return;
    if (this.size[a]! < this.size[b]!) [a, b] = [b, a];
    this.parent[b] = a;
    this.size[a]! += this.size[b]!;
    if (this.minId[b]! < this.minId[a]!) this.minId[a] = this.minId[b]!;
  }

  private growAds(): void {
    const capacity = this.parent.length * 2;
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T, perAd = 1): T => {
      const next = make(capacity * perAd);
      next.set(old);
      return next;
    };
    this.parent = grow(this.parent, (n) => new Int32Array(n));
    this.size = grow(this.size, (n) => new Int32Array(n));
    this.best = grow(this.best, (n) => new Float64Array(n));
    this.seen = grow(this.seen, (n) => new Int32Array(n));
    this.empty = grow(this.empty, (n) => new Uint8Array(n));
    this.sketches = grow(this.sketches, (n) => new Int32Array(n), SKETCH_WORDS);
  }
}
