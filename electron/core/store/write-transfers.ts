import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { ParsedLabel, ParsedTransfer } from '../../../workers/parsers/transfers/transfer-records';

/**
 * Writes transfers and address labels inside the caller's transaction. The same movement listed
 * twice in one export (explorers page with overlaps) is stored once; the same movement in two
 * sources is two facts, each pointing to its own evidence.
 */
export class TransferWriter {
  private readonly insertTransfer: Statement;
  private readonly insertLabel: Statement;
  transfers = 0;
  duplicates = 0;
  labels = 0;

  constructor(
    db: Database,
    private readonly sourceId: number,
  ) {
    this.insertTransfer = db.prepare(
      `INSERT INTO transfers (source_id, chain, asset, symbol, decimals, from_addr, to_addr, amount, tx, idx, block, time_utc, type, status, locator_line, locator_pointer, locator_entry)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.insertLabel = db.prepare('INSERT INTO labels (address, label, category, origin, source_id, locator_line, locator_pointer) VALUES (?, ?, ?, ?, ?, ?, ?)');
  }

  transfer(t: ParsedTransfer): void {
    const l = t.locator;
    const r = this.insertTransfer.run(this.sourceId, t.chain, t.asset, t.symbol, t.decimals, t.from, t.to, t.amount, t.tx, t.index, t.block, t.utc, t.type, t.status, l.line ?? null, l.messageId ?? null, l.entry ?? null);
    if (r.changes) this.transfers += 1;
    else this.duplicates += 1;
  }

  label(label: ParsedLabel): void {
    this.insertLabel.run(label.address, label.label, label.category, label.source, this.sourceId, label.locator.line ?? null, label.locator.messageId ?? null);
    this.labels += 1;
  }
}

/** A stored `transfers` row. */
export interface TransferRowRecord {
  chain: ParsedTransfer['chain'];
  asset: string;
  symbol: string;
  decimals: number;
  from_addr: string;
  to_addr: string;
  amount: string;
  tx: string;
  idx: string;
  block: number | null;
  time_utc: string;
  type: ParsedTransfer['type'];
  status: ParsedTransfer['status'];
}

/** A stored transfer as the analysis engines take it (they need no locator). */
export function transferFromRow(r: TransferRowRecord): ParsedTransfer {
  return { kind: 'transfer', chain: r.chain, asset: r.asset, symbol: r.symbol, decimals: r.decimals, from: r.from_addr, to: r.to_addr, amount: r.amount, tx: r.tx, index: r.idx, block: r.block, utc: r.time_utc, type: r.type, status: r.status, locator: {} };
}

/**
 * `paid` links between wallet nodes for the successful transfers of one source, each transfer a
 * piece of evidence. A Bitcoin transaction links each of its input addresses to each of its
 * output addresses (the transaction node itself is not a graph node); the evidence is the output.
 * Wallet nodes get the label the case's label lists give them.
 */
export function linkTransfers(db: Database, sourceId: number): void {
  const label = `(SELECT group_concat(DISTINCT label) FROM labels WHERE address = w.addr)`;
  db.prepare(
    `INSERT INTO nodes (kind, value, label)
     SELECT 'wallet', w.addr, ${label} FROM (SELECT from_addr AS addr FROM transfers WHERE source_id = @source UNION SELECT to_addr FROM transfers WHERE source_id = @source) w
     WHERE w.addr NOT LIKE 'btc-tx:%'
     ON CONFLICT (value) DO UPDATE SET label = coalesce(nodes.label, excluded.label)`,
  ).run({ source: sourceId });
  const pairs = `
    SELECT t.id AS transfer_id, t.from_addr AS src, t.to_addr AS dst, t.time_utc AS at, t.amount, t.symbol, t.decimals
    FROM transfers t WHERE t.source_id = @source AND t.status = 'ok' AND t.from_addr NOT LIKE 'btc-tx:%' AND t.to_addr NOT LIKE 'btc-tx:%'
    UNION ALL
    SELECT o.id, i.from_addr, o.to_addr, o.time_utc, o.amount, o.symbol, o.decimals
    FROM transfers o JOIN transfers i ON i.to_addr = o.from_addr AND i.chain = 'btc' AND i.source_id = o.source_id
    WHERE o.source_id = @source AND o.from_addr LIKE 'btc-tx:%' AND o.status = 'ok'`;
  db.prepare(
    `INSERT INTO links (src, dst, kind, weight, evidence_count, first_seen, last_seen)
     SELECT a.id, b.id, 'paid', count(*), count(*), min(p.at), max(p.at) FROM (${pairs}) p JOIN nodes a ON a.value = p.src JOIN nodes b ON b.value = p.dst
     WHERE a.id <> b.id GROUP BY a.id, b.id
     ON CONFLICT (src, dst, kind) DO UPDATE SET weight = links.weight + excluded.weight, evidence_count = links.evidence_count + excluded.evidence_count,
       first_seen = coalesce(min(links.first_seen, excluded.first_seen), excluded.first_seen), last_seen = coalesce(max(links.last_seen, excluded.last_seen), excluded.last_seen)`,
  ).run({ source: sourceId });
  db.prepare(
    `INSERT INTO link_evidence (link_id, source_id, transfer_id, note, at)
     SELECT l.id, @source, p.transfer_id, p.amount || ' base units of ' || p.symbol || ' (' || p.decimals || ' decimals)', p.at
     FROM (${pairs}) p JOIN nodes a ON a.value = p.src JOIN nodes b ON b.value = p.dst JOIN links l ON l.src = a.id AND l.dst = b.id AND l.kind = 'paid'
     WHERE a.id <> b.id`,
  ).run({ source: sourceId });
}

/**
 * Labels from a label list land on wallet nodes the case already has. A wallet node's label is
 * always all of its address's labels (a label list arriving after a poisoning mark, or a second
 * list, adds to what the node shows instead of being hidden by the first).
 */
export function labelWallets(db: Database, sourceId: number): void {
  db.prepare(
    `UPDATE nodes SET label = (SELECT group_concat(DISTINCT label) FROM labels WHERE address = nodes.value)
     WHERE kind = 'wallet' AND value IN (SELECT address FROM labels WHERE source_id = ?)`,
  ).run(sourceId);
}
