import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { makeTempDir } from '../../helpers/tmp';
import { openRaw } from '../../helpers/raw-db';

const ACTOR = 't@lab';
const NODES = 10_000;
const EDGES = 20_000;

describe('graph() on a large network', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    file = path.join(dir, 'big.nitka');
    CaseStore.create(file, 'pw', ACTOR).close();
    // Written behind the store's back: the shape of a big case without ingesting one.
    const db = openRaw(file, 'pw');
    db.transaction(() => {
      const node = db.prepare('INSERT INTO nodes (id, kind, value, label) VALUES (?, ?, ?, ?)');
      for (let i = 1; i <= NODES; i++) {
        const kind = i % 10 === 0 ? 'wallet' : i % 3 === 0 ? 'person' : 'phone';
        node.run(i, kind, kind === 'wallet' ? `tron:T${i}` : kind === 'person' ? `person:${i}` : `+38164${String(i).padStart(7, '0')}`, kind === 'person' ? `Osoba ${i}` : null);
      }
      const label = db.prepare(`INSERT INTO labels (address, label, category) VALUES (?, 'Exchange', 'exchange')`);
      for (let i = 10; i <= NODES; i += 100) label.run(`tron:T${i}`);
      const link = db.prepare(`INSERT INTO links (id, src, dst, kind, weight, evidence_count, first_seen, last_seen) VALUES (?, ?, ?, 'uses', 1, 1, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')`);
      const evidence = db.prepare(`INSERT INTO link_evidence (link_id, note, at) VALUES (?, 'x', '2024-01-01T00:00:00Z')`);
      for (let e = 1; e <= EDGES; e++) {
        const src = (e % NODES) + 1;
        let dst = ((e * 7919 + Math.floor(e / NODES) * 13) % NODES) + 1;
        if (dst === src) dst = (dst % NODES) + 1;
        try {
          link.run(e, src, dst);
          evidence.run(e);
        } catch {
          // the same pair twice: one link
        }
      }
    })();
    db.close();
  });
  afterEach(() => cleanup());

  it('answers 10,000 nodes and 20,000 links with tags and a victim masked in well under a second', () => {
    const store = CaseStore.open(file, 'pw', ACTOR);
    try {
      store.flagVictim(3, undefined, ACTOR);
      store.graph();
      const t0 = performance.now();
      const g = store.graph();
      const ms = performance.now() - t0;
      const windowed = store.graph({ since: '2023-12-31T00:00:00Z', until: '2024-01-02T00:00:00Z' });
      expect(g.nodes).toHaveLength(NODES);
      expect(g.edges.length).toBeGreaterThan(EDGES * 0.9);
      expect(windowed.edges.length).toBe(g.edges.length);
      expect(g.nodes.find((n) => n.id === 10)?.tags).toEqual(['exchange: Exchange']);
      expect(g.nodes.find((n) => n.id === 3)?.victim).toBe('V-001');
      console.log(`graph(): ${g.nodes.length} nodes, ${g.edges.length} links in ${ms.toFixed(0)} ms`);
      expect(ms).toBeLessThan(1000);
    } finally {
      store.close();
    }
  });
});
