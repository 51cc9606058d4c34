import type { Database } from 'better-sqlite3-multiple-ciphers';
import { detectPoisoning, type PoisoningFinding } from '../../../workers/tracing/poisoning';
import { transferFromRow, type TransferRowRecord } from './write-transfers';

/** `labels.origin` of the marks Nitka itself derives from the case's transfers. */
export const FINDINGS_ORIGIN = 'nitka:findings';
/** `labels.category` of a suspected poisoning look-alike. */
export const POISONING_CATEGORY = 'poisoning';
const VICTIM_MARK = ' planted on ';

/** The text of a look-alike's mark: what it imitates and whose history it was planted in. */
export function poisoningMark(f: Pick<PoisoningFinding, 'lookalikeOf' | 'victim'>): string {
  return `poisoning suspect: look-alike of ${f.lookalikeOf}${VICTIM_MARK}${f.victim}`;
}

/**
 * Marks the look-alike wallets of address poisoning on the graph: after a source with transfers,
 * each look-alike (a finding of workers/tracing/poisoning.ts with an imitated address) gets a
 * label row (category `poisoning`, origin `nitka:findings`, the source that revealed it), and its
 * wallet node's label is rebuilt from its labels, as labelWallets does, so the graph and traces
 * show it.
 *
 * Incremental and exact: a look-alike finding about a victim depends only on the victim's own
 * transfers, so only the victims this source touched are judged again — their whole history is
 * read (through the from/to indexes), their earlier marks are dropped and the current ones
 * written. Zero-value transfers from an address that imitates nobody stay a finding
 * (`nitka findings`), not a mark: nothing says which wallet it poses as.
 */
export function markPoisoningSuspects(db: Database, sourceId: number): number {
  const touched = db
    .prepare(`SELECT from_addr AS a FROM transfers WHERE source_id = ? AND chain IN ('eth', 'tron') UNION SELECT to_addr FROM transfers WHERE source_id = ? AND chain IN ('eth', 'tron')`)
    .pluck()
    .all(sourceId, sourceId) as string[];
  if (touched.length === 0) return 0;
  const list = JSON.stringify(touched);
  const rows = db
    .prepare(
      `SELECT chain, asset, symbol, decimals, from_addr, to_addr, amount, tx, idx, block, time_utc, type, status FROM transfers
       WHERE chain IN ('eth', 'tron') AND (from_addr IN (SELECT value FROM json_each(?)) OR to_addr IN (SELECT value FROM json_each(?)))
       ORDER BY id`,
    )
    .all(list, list) as TransferRowRecord[];
  const victims = new Set(touched);
  const findings = detectPoisoning(rows.map(transferFromRow)).filter((f) => f.lookalikeOf !== null && victims.has(f.victim));

  const changed = new Set<string>();
  const earlier = db.prepare('SELECT id, address, label FROM labels WHERE origin = ? AND category = ?').all(FINDINGS_ORIGIN, POISONING_CATEGORY) as Array<{ id: number; address: string; label: string }>;
  const drop = db.prepare('DELETE FROM labels WHERE id = ?');
  for (const r of earlier) {
    const at = r.label.lastIndexOf(VICTIM_MARK);
    if (at >= 0 && victims.has(r.label.slice(at + VICTIM_MARK.length))) {
      drop.run(r.id);
      changed.add(r.address);
    }
  }
  const insert = db.prepare('INSERT INTO labels (address, label, category, origin, source_id) VALUES (?, ?, ?, ?, ?)');
  const written = new Set<string>();
  for (const f of findings) {
    const label = poisoningMark(f);
    const key = `${f.suspect}\u0000${label}`;
    if (written.has(key)) continue;
    written.add(key);
    insert.run(f.suspect, label, POISONING_CATEGORY, FINDINGS_ORIGIN, sourceId);
    changed.add(f.suspect);
  }
  if (changed.size > 0) {
    db.prepare(
      `UPDATE nodes SET label = (SELECT group_concat(DISTINCT label) FROM labels WHERE address = nodes.value)
       WHERE kind = 'wallet' AND value IN (SELECT value FROM json_each(?))`,
    ).run(JSON.stringify([...changed]));
  }
  return written.size;
}
