import type { Database } from 'better-sqlite3-multiple-ciphers';
import { clusterBtcTransfers } from '../../../workers/tracing/btc-clusters';
import { transferFromRow, type TransferRowRecord } from './write-transfers';

/**
 * Bitcoin wallets as entities: the common-input-ownership clusters of the case's Bitcoin
 * transfers become `cluster` nodes (`btc-wallet:<smallest address>`) that their addresses are
 * `member_of`, each link carrying the heuristic, its confidence and the transactions that merged
 * them. CoinJoins never merge; change guesses become open suggestions, never merges. Recomputed when Bitcoin transfers arrive
 * (clusters only grow, and a merged-away wallet node is removed with its links).
 */
export function updateBtcWallets(db: Database, sourceId: number): number {
  const rows = db.prepare(`SELECT * FROM transfers WHERE chain = 'btc' ORDER BY id`).all() as TransferRowRecord[];
  if (!rows.length) return 0;
  const result = clusterBtcTransfers(rows.map(transferFromRow));
  const current = new Set(result.clusters.map((c) => `btc-wallet:${c.id}`));
  const stale = (db.prepare(`SELECT id, value FROM nodes WHERE kind = 'cluster' AND value LIKE 'btc-wallet:%'`).all() as Array<{ id: number; value: string }>).filter((n) => !current.has(n.value));
  for (const n of stale) {
    db.prepare(`DELETE FROM link_evidence WHERE link_id IN (SELECT id FROM links WHERE dst = ?)`).run(n.id);
    db.prepare('DELETE FROM links WHERE dst = ?').run(n.id);
    db.prepare('DELETE FROM nodes WHERE id = ?').run(n.id);
  }
  const upsertNode = db.prepare(`INSERT INTO nodes (kind, value, label) VALUES ('cluster', ?, ?) ON CONFLICT (value) DO UPDATE SET label = excluded.label RETURNING id`);
  const wallet = db.prepare(`INSERT INTO nodes (kind, value) VALUES ('wallet', ?) ON CONFLICT (value) DO UPDATE SET kind = nodes.kind RETURNING id`);
  const link = db.prepare(`INSERT INTO links (src, dst, kind, weight, evidence_count) VALUES (?, ?, 'member_of', ?, 1) ON CONFLICT (src, dst, kind) DO NOTHING RETURNING id`);
  const evidence = db.prepare('INSERT INTO link_evidence (link_id, source_id, note) VALUES (?, ?, ?)');
  let changed = 0;
  for (const c of result.clusters) {
    const node = (upsertNode.get(`btc-wallet:${c.id}`, `Bitcoin wallet, ${c.addresses.length} addresses (common-input ownership, confidence ${c.confidence})`) as { id: number }).id;
    for (const address of c.addresses) {
      const l = link.get((wallet.get(address) as { id: number }).id, node, c.confidence) as { id: number } | undefined;
      if (l) {
        evidence.run(l.id, sourceId, `${c.heuristic} (confidence ${c.confidence}): inputs spent together in ${c.evidence.join(', ')}`);
        changed += 1;
      }
    }
  }
  // Change guesses are never merged: each becomes an open suggestion that the spender and the
  // change address are one owner, for the analyst to accept or reject with the heuristic named.
  const spender = db.prepare(`SELECT from_addr FROM transfers WHERE chain = 'btc' AND to_addr = ? ORDER BY idx LIMIT 1`).pluck();
  const suggest = db.prepare(`INSERT INTO suggestions (a, b, score, reasons, status, created_at) VALUES (?, ?, ?, ?, 'open', ?) ON CONFLICT (a, b) DO NOTHING`);
  const now = new Date().toISOString();
  for (const g of result.changeGuesses) {
    const from = spender.get(`btc-tx:${g.tx}`) as string | undefined;
    if (!from || from === g.address) continue;
    const a = (wallet.get(from) as { id: number }).id;
    const b = (wallet.get(g.address) as { id: number }).id;
    if (a === b) continue;
    const reasons = [{ code: 'btc_change_guess', detail: `${g.heuristic}: ${g.address} is probably the change of ${g.tx}, back to its spender`, weight: g.confidence }];
    suggest.run(Math.min(a, b), Math.max(a, b), g.confidence, JSON.stringify(reasons), now);
  }
  return changed;
}
