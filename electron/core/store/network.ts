import type { Database } from 'better-sqlite3-multiple-ciphers';
import { imageSimilarity, NEAR_DUPLICATE_MAX_DISTANCE, PerceptualIndex } from '../../../workers/images/perceptual-hash';
import { AdClusterer } from '../../../workers/linking/ad-clusters';
import { deserializeSignature } from '../../../workers/linking/minhash';
import { suggestResolutions, type ResolutionCandidate } from '../../../workers/linking/suggestions';
import { AD_NODE, linkSource } from './link-source';
import { labelWallets, linkTransfers } from './write-transfers';
import { updateBtcWallets } from './btc-wallets';
import { markPoisoningSuspects } from './poisoning-marks';
import type { WrittenRows } from './write-records';

export interface LinkReport {
  links: number;
  suggestions: number;
  clusters: number;
}

/**
 * Keeps the network up to date as sources arrive, incrementally: the structural links of the new
 * source (set-based SQL), then near-duplicate pictures, ad clusters and resolution suggestions,
 * each comparing only what is new against what the case holds. The in-memory indexes are loaded
 * from the case once per session and dropped when a transaction rolls back.
 */
export class Network {
  private images: PerceptualIndex | null = null;
  private indexed = new Set<number>();
  private clusterer: AdClusterer | null = null;
  private candidates: Map<number, ResolutionCandidate> | null = null;
  /** milliseconds spent per step by the last source, for the benchmarks */
  lastTimings: Record<string, number> = {};

  constructor(private readonly db: Database) {}

  /** Forgets the in-memory indexes (after a rollback they may hold rows that no longer exist). */
  invalidate(): void {
    this.images = null;
    this.clusterer = null;
    this.candidates = null;
  }

  afterSource(sourceId: number, written: WrittenRows): LinkReport {
    const timings: Record<string, number> = { chatLinks: written.chatLinkMs };
    const step = <T>(name: string, run: () => T): T => {
      const t0 = performance.now();
      try {
        return run();
      } finally {
        timings[name] = Math.round(performance.now() - t0);
      }
    };
    const { touchedNodes } = step('links', () => linkSource(this.db, sourceId, written));
    step('images', () => this.linkSimilarImages(sourceId, written.imageIds));
    if (written.transfers) {
      step('transfers', () => linkTransfers(this.db, sourceId));
      step('btcWallets', () => updateBtcWallets(this.db, sourceId));
      step('poisoning', () => markPoisoningSuspects(this.db, sourceId));
    }
    if (written.labels) labelWallets(this.db, sourceId);
    const clusters = step('clusters', () => this.clusterAds(written.adIds));
    const suggestions = step('suggestions', () => this.suggest(touchedNodes));
    const links = (this.db.prepare('SELECT count(DISTINCT link_id) AS n FROM link_evidence WHERE source_id = ?').get(sourceId) as { n: number }).n;
    this.lastTimings = timings;
    return { links, suggestions, clusters };
  }

  /** What clustering compares besides text: the ad's identifiers, and its pictures by near-duplicate group. */
  private adEvidence(adIds: number[]): Map<number, { contacts: string[]; images: string[] }> {
    const out = new Map<number, { contacts: string[]; images: string[] }>(adIds.map((id) => [id, { contacts: [], images: [] }]));
    if (!adIds.length) return out;
    const list = JSON.stringify(adIds);
    for (const r of this.db.prepare(`SELECT DISTINCT o.ad_id, i.value FROM occurrences o JOIN identifiers i ON i.id = o.identifier_id WHERE o.ad_id IN (SELECT value FROM json_each(?)) AND i.kind IN ('phone', 'email', 'handle', 'wallet', 'iban')`).iterate(list) as IterableIterator<{ ad_id: number; value: string }>) {
      out.get(r.ad_id)?.contacts.push(r.value);
    }
    const index = this.imageIndex();
    for (const r of this.db.prepare(`SELECT DISTINCT r.ad_id, i.id, i.phash FROM image_refs r JOIN images i ON i.id = r.image_id WHERE r.ad_id IN (SELECT value FROM json_each(?))`).iterate(list) as IterableIterator<{ ad_id: number; id: number; phash: string | null }>) {
      // The same photo resized is one key: the smallest picture id among its near duplicates.
      const group = r.phash ? Math.min(r.id, ...index.near(r.phash).map((n) => n.id)) : r.id;
      out.get(r.ad_id)?.images.push(`img:${group}`);
    }
    return out;
  }

  private adClusterer(): AdClusterer {
    if (!this.clusterer) {
      const clusterer = new AdClusterer();
      const rows = this.db.prepare('SELECT id, signature FROM ads WHERE signature IS NOT NULL ORDER BY id').all() as Array<{ id: number; signature: Uint8Array }>;
      const evidence = this.adEvidence(rows.map((r) => r.id));
      const batch = [];
      for (const r of rows) {
        const signature = deserializeSignature(r.signature);
        if (signature) batch.push({ id: r.id, signature, ...evidence.get(r.id)! });
      }
      clusterer.addSignatures(batch);
      this.clusterer = clusterer;
    }
    return this.clusterer;
  }

  /**
   * Near-duplicate ads: the new ads join the clusterer (loaded from stored signatures once), and
   * the clusters that changed are rewritten as nodes with `member_of` links from their ads.
   */
  private clusterAds(adIds: number[]): number {
    if (!adIds.length) return 0;
    // A fresh clusterer loads every ad, these included; an existing one learns them now.
    const fresh = this.clusterer === null;
    const clusterer = this.adClusterer();
    let change: { changed: number[]; removed: number[] };
    if (fresh) {
      change = { changed: clusterer.clusters().map((c) => c.id), removed: [] };
    } else {
      const rows = this.db.prepare('SELECT id, signature FROM ads WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').all(JSON.stringify(adIds)) as Array<{ id: number; signature: Uint8Array | null }>;
      const evidence = this.adEvidence(adIds);
      const batch = [];
      for (const r of rows) {
        const signature = r.signature ? deserializeSignature(r.signature) : null;
        if (signature) batch.push({ id: r.id, signature, ...evidence.get(r.id)! });
      }
      change = clusterer.addSignatures(batch);
    }
    const nodeValue = (clusterId: number) => `cluster:${clusterId}`;
    const dropMembers = this.db.prepare('DELETE FROM cluster_members WHERE cluster_node = ?');
    const dropEvidence = this.db.prepare(`DELETE FROM link_evidence WHERE link_id IN (SELECT id FROM links WHERE dst = ? AND kind = 'member_of')`);
    const dropLinks = this.db.prepare(`DELETE FROM links WHERE dst = ? AND kind = 'member_of'`);
    const nodeId = this.db.prepare('SELECT id FROM nodes WHERE value = ?');
    const clear = (node: number) => {
      dropMembers.run(node);
      dropEvidence.run(node);
      dropLinks.run(node);
    };
    for (const removed of change.removed) {
      const node = (nodeId.get(nodeValue(removed)) as { id: number } | undefined)?.id;
      if (node === undefined) continue;
      clear(node);
      this.db.prepare('DELETE FROM nodes WHERE id = ?').run(node);
    }
    const changed = new Set(change.changed);
    if (!changed.size) return 0;
    const upsertNode = this.db.prepare(`INSERT INTO nodes (kind, value, label) VALUES ('cluster', ?, ?) ON CONFLICT (value) DO UPDATE SET label = excluded.label RETURNING id`);
    const insertMember = this.db.prepare('INSERT INTO cluster_members (cluster_node, ad_id, similarity) VALUES (?, ?, ?)');
    const adNode = this.db.prepare(`SELECT n.id, a.posted_utc, a.title FROM ads a JOIN nodes n ON n.value = ${AD_NODE} WHERE a.id = ?`);
    const insertLink = this.db.prepare(`INSERT INTO links (src, dst, kind, weight, evidence_count, first_seen, last_seen) VALUES (?, ?, 'member_of', ?, 1, ?, ?)
      ON CONFLICT (src, dst, kind) DO UPDATE SET weight = max(links.weight, excluded.weight), evidence_count = links.evidence_count + 1 RETURNING id`);
    const insertEvidence = this.db.prepare('INSERT INTO link_evidence (link_id, source_id, ad_id, note, at) VALUES (?, (SELECT source_id FROM ads WHERE id = ?), ?, ?, ?)');
    let count = 0;
    for (const cluster of clusterer.clusters()) {
      if (!changed.has(cluster.id)) continue;
      const first = adNode.get(cluster.members[0]!.ad) as { id: number; title: string } | undefined;
      const node = (upsertNode.get(nodeValue(cluster.id), `${first?.title ?? 'ads'} (${cluster.members.length} ads, similarity ${cluster.score.toFixed(2)})`) as { id: number }).id;
      clear(node);
      for (const m of cluster.members) {
        insertMember.run(node, m.ad, m.similarity);
        const ad = adNode.get(m.ad) as { id: number; posted_utc: string | null } | undefined;
        if (!ad) continue;
        const link = insertLink.get(ad.id, node, m.similarity, ad.posted_utc, ad.posted_utc) as { id: number };
        insertEvidence.run(link.id, m.ad, m.ad, `near-duplicate text: estimated Jaccard similarity ${m.similarity.toFixed(2)} to its closest member`, ad.posted_utc);
      }
      count += 1;
    }
    return count;
  }

  /** Names and identifiers of account and person nodes, as resolution compares them. */
  private loadCandidates(nodeIds: number[] | null): ResolutionCandidate[] {
    const filter = nodeIds ? 'AND n.id IN (SELECT value FROM json_each(?))' : '';
    const params = nodeIds ? [JSON.stringify(nodeIds)] : [];
    const rows = this.db.prepare(`SELECT n.id, n.kind, n.value, n.label FROM nodes n WHERE n.kind IN ('account', 'person') AND n.value NOT LIKE 'person:merged:%' ${filter}`).all(...params) as Array<{ id: number; kind: 'account' | 'person'; value: string; label: string | null }>;
    // What a node is reached at: identifiers it uses, and the contacts of ads it posted.
    const identifiers = this.db.prepare(
      `SELECT t.value FROM links l JOIN nodes t ON t.id = l.dst WHERE l.src = ? AND l.kind = 'uses' AND t.kind IN ('phone', 'email', 'handle', 'wallet', 'iban')
       UNION SELECT t.value FROM links p JOIN links l ON l.src = p.dst AND l.kind = 'lists_contact' JOIN nodes t ON t.id = l.dst
       WHERE p.src = ? AND p.kind = 'posted' AND t.kind IN ('phone', 'email', 'handle', 'wallet', 'iban')`,
    ).pluck();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      names: r.label ? [r.label] : [],
      identifiers: identifiers.all(r.id, r.id) as string[],
      platform: r.kind === 'account' ? (r.value.split(':')[1] ?? null) : null,
    }));
  }

  /** Resolution suggestions for the accounts and persons a source added or changed. */
  private suggest(touched: number[]): number {
    if (!touched.length) return 0;
    if (!this.candidates) this.candidates = new Map(this.loadCandidates(null).map((c) => [c.id, c]));
    const added = this.loadCandidates(touched);
    for (const c of added) this.candidates.delete(c.id);
    const found = suggestResolutions([...this.candidates.values()], added);
    for (const c of added) this.candidates.set(c.id, c);
    const insert = this.db.prepare(`INSERT INTO suggestions (a, b, score, reasons, status, created_at) VALUES (?, ?, ?, ?, 'open', ?)
      ON CONFLICT (a, b) DO UPDATE SET score = excluded.score, reasons = excluded.reasons WHERE suggestions.status = 'open' AND suggestions.score < excluded.score`);
    const now = new Date().toISOString();
    let count = 0;
    for (const s of found) count += insert.run(s.a, s.b, s.score, JSON.stringify(s.reasons), now).changes;
    return count;
  }

  private imageIndex(): PerceptualIndex {
    if (!this.images) {
      const index = new PerceptualIndex();
      this.indexed = new Set();
      for (const r of this.db.prepare('SELECT id, phash FROM images WHERE phash IS NOT NULL ORDER BY id').iterate() as IterableIterator<{ id: number; phash: string }>) {
        index.add(r.id, r.phash);
        this.indexed.add(r.id);
      }
      this.images = index;
    }
    return this.images;
  }

  /** The same photo resized or recompressed: `similar_to` between the two picture nodes. */
  private linkSimilarImages(sourceId: number, imageIds: Set<number>): void {
    if (imageIds.size === 0) return;
    const index = this.imageIndex();
    const rows = this.db.prepare(`SELECT i.id, i.phash, n.id AS node FROM images i JOIN nodes n ON n.value = 'image:' || i.sha256 WHERE i.id IN (SELECT value FROM json_each(?)) AND i.phash IS NOT NULL ORDER BY i.id`).all(JSON.stringify([...imageIds])) as Array<{ id: number; phash: string; node: number }>;
    const other = this.db.prepare(`SELECT i.phash, n.id AS node FROM images i JOIN nodes n ON n.value = 'image:' || i.sha256 WHERE i.id = ?`);
    // A pair is linked once whichever side arrives second: the link is unique and evidence follows its insert.
    const insertLink = this.db.prepare(`INSERT INTO links (src, dst, kind, weight, evidence_count) VALUES (?, ?, 'similar_to', ?, 1) ON CONFLICT (src, dst, kind) DO NOTHING RETURNING id`);
    const insertEvidence = this.db.prepare('INSERT INTO link_evidence (link_id, source_id, note) VALUES (?, ?, ?)');
    for (const r of rows) {
      for (const near of index.near(r.phash, NEAR_DUPLICATE_MAX_DISTANCE)) {
        if (near.id === r.id) continue;
        const o = other.get(near.id) as { phash: string; node: number } | undefined;
        if (!o || o.node === r.node) continue;
        const link = insertLink.get(Math.min(r.node, o.node), Math.max(r.node, o.node), imageSimilarity(near.distance)) as { id: number } | undefined;
        if (link) insertEvidence.run(link.id, sourceId, `perceptual hashes ${r.phash} and ${o.phash} differ in ${near.distance} of 64 bits`);
      }
      if (!this.indexed.has(r.id)) {
        index.add(r.id, r.phash);
        this.indexed.add(r.id);
      }
    }
  }
}
