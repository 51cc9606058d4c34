import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ChainFindings, TraceResult } from '../../../shared/api/contract';
import { clusterBtcTransfers } from '../../../workers/tracing/btc-clusters';
import { detectPoisoning } from '../../../workers/tracing/poisoning';
import { completeTruncated } from '../../../workers/tracing/truncated';
import { NitkaError } from '../../../shared/result';
import { formatUnits } from '../../../workers/tracing/format-units';
import { traceFingerprint, traceFunds, type AddressLabel, type TraceParams, type Truncation } from '../../../workers/tracing/trace';
import { TransferGraph, type TransferRow } from '../../../workers/tracing/transfer-graph';
import { exitTable, type ExitTable } from '../../../workers/tracing/exit-table';
import { appendAudit } from './audit-log';
import { transferFromRow, type TransferRowRecord } from './write-transfers';

/**
 * Label categories that mark a service where a trace stops: value there changes hands inside a
 * company's books (exchange), leaves the chain (bridge) or is mixed; that is where a legal
 * request goes. GraphSense category names and common spellings.
 */
const EXIT_CATEGORIES = /^(exchange|centralized[_ ]exchange|cex|dex|decentralized[_ ]exchange|bridge|defi[_ ]bridge|mixer|mixing[_ ]service|coinjoin|payment[_ ]processor|gambling|otc|atm|wallet[_ ]service|service)$/i;

/** Decimal amount in an asset's units ("10.5") as base units, exactly. */
function toBaseUnits(amount: string, decimals: number): bigint {
  const [whole, fraction = ''] = amount.split('.');
  if (fraction.length > decimals) throw new NitkaError('bad_input', `--min-amount: ${amount} has more decimal places than the asset (${decimals})`);
  return BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

function describeTruncation(t: Truncation | null): string | null {
  if (!t) return null;
  const parts: string[] = [];
  if (t.edgesPastMaxNodes) parts.push(`node budget spent: ${t.edgesPastMaxNodes} tainted transfers not followed`);
  if (t.hubs.length) parts.push(`${t.hubs.length} hub(s) cut to their largest tainted outflows (${t.hubs.slice(0, 3).map((h) => `${h.address}: ${h.kept} of ${h.tainted}`).join('; ')})`);
  if (t.belowMinAmount) parts.push(`${t.belowMinAmount} transfers below the minimum amount`);
  if (t.unsettled.length) parts.push(`${t.unsettled.length} address(es) whose taint was still changing`);
  return parts.join('; ') || t.reasons.join(', ');
}

/**
 * Traces over the case's transfers: the transfer graph is read from the case once per session
 * and brought up to date before each trace (only rows added since), labels decide the exits,
 * and every trace is saved with its fingerprint and recorded in the audit log.
 */
export class Tracing {
  private graph: TransferGraph | null = null;
  /** The exits (address → all its labels, for addresses with an exit label), and as a table of the graph's ids. */
  private exits: { graph: TransferGraph; addresses: number; version: string; labelled: Map<string, AddressLabel[]>; table: ExitTable } | null = null;

  constructor(private readonly db: Database) {}

  invalidate(): void {
    this.graph = null;
    this.exits = null;
  }

  /**
   * The exits read from the case's labels once and kept while the labels and the graph stay as
   * they are (label rows are only added, or dropped and re-added by poisoning marks: count and
   * highest id together tell a change), so a trace looks them up by address id, not by SQL.
   */
  private exitsOf(graph: TransferGraph): { labelled: Map<string, AddressLabel[]>; table: ExitTable } {
    const v = this.db.prepare('SELECT count(*) AS n, max(id) AS top FROM labels').get() as { n: number; top: number | null };
    const version = `${v.n}:${v.top ?? 0}`;
    const e = this.exits;
    if (e && e.graph === graph && e.addresses === graph.addressCount && e.version === version) return e;
    const all = new Map<string, AddressLabel[]>();
    for (const r of this.db.prepare('SELECT address, label, category FROM labels ORDER BY id').iterate() as IterableIterator<{ address: string } & AddressLabel>) {
      const list = all.get(r.address);
      const label = { label: r.label, category: r.category };
      if (list) list.push(label);
      else all.set(r.address, [label]);
    }
    const labelled = new Map<string, AddressLabel[]>();
    for (const [address, labels] of all) if (labels.some((l) => l.category !== null && EXIT_CATEGORIES.test(l.category.trim()))) labelled.set(address, labels);
    this.exits = { graph, addresses: graph.addressCount, version, labelled, table: exitTable(graph, labelled) };
    return this.exits;
  }

  /** The labels of each address, in one query. */
  private labelsOfAll(addresses: string[]): Map<string, AddressLabel[]> {
    const out = new Map<string, AddressLabel[]>();
    const rows = this.db.prepare('SELECT address, label, category FROM labels WHERE address IN (SELECT value FROM json_each(?)) ORDER BY id');
    for (const r of rows.iterate(JSON.stringify(addresses)) as IterableIterator<{ address: string } & AddressLabel>) {
      const list = out.get(r.address);
      const label = { label: r.label, category: r.category };
      if (list) list.push(label);
      else out.set(r.address, [label]);
    }
    return out;
  }

  private transferGraph(): TransferGraph {
    const rows = this.db.prepare('SELECT id, from_addr, to_addr, asset, amount, tx, idx, time_utc, decimals, status FROM transfers WHERE id > ? ORDER BY id');
    const source = {
      *rowsAfter(afterId: number): Iterable<TransferRow> {
        for (const r of rows.iterate(afterId) as IterableIterator<{ id: number; from_addr: string; to_addr: string; asset: string; amount: string; tx: string; idx: string; time_utc: string; decimals: number; status: 'ok' | 'failed' }>) {
          yield { id: r.id, from: r.from_addr, to: r.to_addr, asset: r.asset, amount: r.amount, tx: r.tx, index: r.idx, time: r.time_utc, decimals: r.decimals, status: r.status };
        }
      },
    };
    if (!this.graph) this.graph = TransferGraph.load(source);
    else this.graph.refresh(source);
    return this.graph;
  }

  trace(input: { address: string; direction?: 'out' | 'in' | undefined; hops?: number | undefined; model?: TraceParams['model'] | undefined; since?: string | undefined; until?: string | undefined; minAmount?: string | undefined; asset?: string | undefined }, actor: string): TraceResult {
    const graph = this.transferGraph();
    const seed = input.address.trim();
    if (graph.addressId(seed) === undefined) {
      throw new NitkaError('not_found', `no transfers of ${seed} in this case (give the canonical wallet value: tron:T…, eth:0x… with its checksum, btc:…; ingest explorer exports or fetch-chain first)`, { address: seed });
    }
    if (input.asset && graph.assetId(input.asset) === undefined) throw new NitkaError('not_found', `no transfers of asset ${input.asset} in this case`, { asset: input.asset });
    const exits = this.exitsOf(graph);
    const decimalsOf = (asset: string) => graph.decimals(asset) ?? 0;
    let minAmount: bigint | undefined;
    if (input.minAmount !== undefined) {
      const asset = input.asset ?? this.seedAsset(seed);
      minAmount = toBaseUnits(input.minAmount, decimalsOf(asset));
    }
    const params: TraceParams = {
      seed,
      direction: input.direction ?? 'out',
      hops: input.hops ?? 6,
      model: input.model ?? 'haircut',
      asset: input.asset,
      since: input.since,
      until: input.until,
      minAmount,
      isExit: (address) => exits.labelled.get(address) ?? null,
      exits: exits.table,
    };
    const result = traceFunds(graph, params);
    const fingerprint = traceFingerprint(graph, params, result);
    const label = (l: AddressLabel) => (l.category ? `${l.label} (${l.category})` : l.label);
    const labelsOf = this.labelsOfAll(result.nodes.filter((n) => n.labels.length === 0).map((n) => n.address));
    const out: Omit<TraceResult, 'id'> = {
      seed,
      direction: result.direction,
      model: result.model,
      fingerprint,
      nodes: result.nodes.map((n) => ({ address: n.address, hops: n.hops, taint: formatUnits(n.taint, decimalsOf(n.asset)), asset: n.asset, labels: (n.labels.length ? n.labels : (labelsOf.get(n.address) ?? [])).map(label), exit: n.exit })),
      edges: result.edges.map((e) => ({ from: e.from, to: e.to, asset: e.asset, amount: formatUnits(e.amount, decimalsOf(e.asset)), taint: formatUnits(e.taint, decimalsOf(e.asset)), tx: e.tx, time: e.time })),
      truncated: describeTruncation(result.truncated),
    };
    const now = new Date().toISOString();
    const stored = { ...params, minAmount: minAmount?.toString() ?? null, isExit: undefined };
    const id = this.db.transaction(() => {
      const traceId = Number(
        this.db.prepare('INSERT INTO traces (seed, params, fingerprint, result, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(seed, JSON.stringify(stored), fingerprint, JSON.stringify(out), now, actor).lastInsertRowid,
      );
      appendAudit(this.db, actor, 'trace.run', { traceId, seed, params: stored, fingerprint, nodes: out.nodes.length, edges: out.edges.length, exits: out.nodes.filter((n) => n.exit).map((n) => n.address), truncated: out.truncated }, now);
      return traceId;
    })();
    return { id, ...out };
  }

  /**
   * Poisoning look-alikes and zero-value transfers, Bitcoin wallets by common-input ownership
   * (CoinJoins named and never merged, change only guessed), and addresses cut short in chats
   * completed against the case's wallets. Computed from the stored rows on request.
   */
  findings(): ChainFindings {
    const transfers = (this.db.prepare('SELECT * FROM transfers ORDER BY id').all() as TransferRowRecord[]).map(transferFromRow);

    const btc = clusterBtcTransfers(transfers.filter((t) => t.chain === 'btc'));
    const poisoning = detectPoisoning(transfers.filter((t) => t.chain !== 'btc')).map((f) => ({ suspect: f.suspect, lookalikeOf: f.lookalikeOf, victim: f.victim, tx: f.tx, utc: f.utc, reason: f.reason, confidence: f.confidence, detail: f.detail }));
    const known = new Set<string>();
    for (const t of transfers) {
      if (!t.from.startsWith('btc-tx:')) known.add(t.from);
      if (!t.to.startsWith('btc-tx:')) known.add(t.to);
    }
    for (const v of this.db.prepare(`SELECT value FROM identifiers WHERE kind = 'wallet'`).pluck().all() as string[]) known.add(v);
    const truncated: ChainFindings['truncated'] = [];
    // Only messages that hold an ellipsis can hold a cut-short address.
    for (const m of this.db.prepare(`SELECT id, source_id, locator_line, body FROM messages WHERE body LIKE '%…%' OR body LIKE '%..%'`).iterate() as IterableIterator<{ id: number; source_id: number; locator_line: number | null; body: string }>) {
      for (const t of completeTruncated(m.body, known)) truncated.push({ messageId: m.id, sourceId: m.source_id, line: m.locator_line, raw: t.raw, candidates: t.candidates });
    }
    return { poisoning, btcClusters: btc.clusters, coinjoins: btc.coinjoins, changeGuesses: btc.changeGuesses, truncated };
  }

  /** The asset a seed moved most often, for reading --min-amount when no asset is named. */
  private seedAsset(seed: string): string {
    const r = this.db.prepare('SELECT asset FROM transfers WHERE from_addr = ? OR to_addr = ? GROUP BY asset ORDER BY count(*) DESC LIMIT 1').get(seed, seed) as { asset: string } | undefined;
    return r?.asset ?? 'ETH';
  }
}
