/**
 * Bitcoin wallet clustering by common-input ownership: whoever signs all inputs of a transaction
 * holds all their keys, so the input addresses are one wallet. CoinJoins break that assumption by
 * design (many owners sign one transaction), so they are detected first and never merge anything.
 * Change-output guesses are far weaker than co-spending and stay labelled suggestions for the
 * analyst; they never enter a cluster.
 */
import type { ParsedTransfer } from '../parsers/transfers/transfer-records';

export interface BtcCluster {
  /** stable across runs and batches: the smallest address of the cluster */
  id: string;
  addresses: string[];
  heuristic: 'common-input-ownership';
  /** the weakest co-spend that holds the cluster together */
  confidence: number;
  /** txids whose inputs were merged */
  evidence: string[];
}

export type CoinJoinHeuristic = 'whirlpool' | 'wasabi' | 'joinmarket-like' | 'equal-output-coinjoin';

export interface CoinJoinDetection {
  tx: string;
  heuristic: CoinJoinHeuristic;
  confidence: number;
  /** how many outputs carry `value` */
  equalOutputs: number;
  /** the repeated output value in satoshi, as a decimal string */
  value: string;
}

export type ChangeHeuristic = 'fresh-address' | 'round-payment' | 'script-type-match';

export interface ChangeGuess {
  tx: string;
  address: string;
  heuristic: ChangeHeuristic;
  confidence: number;
}

export interface BtcClusterResult {
  clusters: BtcCluster[];
  coinjoins: CoinJoinDetection[];
  changeGuesses: ChangeGuess[];
}

/** Confidences in one place so the analyst-facing numbers can be reviewed together. */
export const BTC_CONFIDENCE = {
  /** a complete-looking transaction with no CoinJoin trait */
  coSpend: 0.9,
  /** two or more equal outputs: could be a small CoinJoin (Stonewall, 2-party) we cannot prove */
  coSpendWithEqualOutputs: 0.6,
  /** outputs unknown or inputs provably missing: a CoinJoin could hide behind what we don't see */
  coSpendIncomplete: 0.5,
  whirlpool: 0.95,
  wasabi: 0.9,
  joinMarket: 0.8,
  equalOutput: 0.75,
  roundPayment: 0.6,
  scriptTypeMatch: 0.5,
  freshAddress: 0.4,
} as const;

const SAT_PER_BTC = 100_000_000n;
/** Whirlpool pool denominations: 0.001, 0.01, 0.05, 0.5 BTC. */
const WHIRLPOOL_DENOMINATIONS = new Set([100_000n, 1_000_000n, 5_000_000n, 50_000_000n]);
/** Wasabi 1.x rounds hovered around 0.1 BTC, drifting with fees and the round's minimum. */
const WASABI_MIN = 8_000_000n;
const WASABI_MAX = 12_000_000n;
const WASABI_MIN_EQUAL = 10;
const COINJOIN_MIN_EQUAL = 3;
const COINJOIN_MIN_INPUTS = 3;
/** A payment amount with at most 3 decimals of BTC is what people type; change is what is left. */
const ROUND_UNIT = SAT_PER_BTC / 1000n;

interface Leg {
  address: string;
  amount: bigint;
  utc: string;
}

interface TxState {
  txid: string;
  inputs: Map<string, Leg>;
  outputs: Map<string, Leg>;
  utc: string;
}

class UnionFind {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    if (!this.parent.has(x)) this.parent.set(x, x);
    // path compression keeps repeated batches near-linear
    for (let cur = x; cur !== root; ) {
      const next = this.parent.get(cur)!;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // the smaller address as root makes the root the cluster id without a second pass
    if (ra < rb) this.parent.set(rb, ra);
    else if (rb < ra) this.parent.set(ra, rb);
  }
}

const TX_NODE = 'btc-tx:';
const ADDRESS = 'btc:';

/** Script type from the address form; change usually reuses the spender's wallet type. */
function scriptType(address: string): string {
  const a = address.slice(ADDRESS.length);
  if (a.startsWith('1')) return 'p2pkh';
  if (a.startsWith('3')) return 'p2sh';
  if (a.startsWith('bc1q')) return a.length <= 42 ? 'p2wpkh' : 'p2wsh';
  if (a.startsWith('bc1p')) return 'p2tr';
  return 'other';
}

/** The most repeated output value (ties: the larger value, as CoinJoin denominations are the big ones). */
function mostRepeated(outputs: Iterable<Leg>): { value: bigint; count: number } | null {
  const counts = new Map<bigint, number>();
  for (const o of outputs) counts.set(o.amount, (counts.get(o.amount) ?? 0) + 1);
  let best: { value: bigint; count: number } | null = null;
  for (const [value, count] of counts) {
    if (!best || count > best.count || (count === best.count && value > best.value)) best = { value, count };
  }
  return best;
}

function detectCoinJoin(tx: TxState): CoinJoinDetection | null {
  const rep = mostRepeated(tx.outputs.values());
  if (!rep || rep.count < 2) return null;
  const nIn = tx.inputs.size;
  const nOut = tx.outputs.size;
  const base = { tx: tx.txid, equalOutputs: rep.count, value: rep.value.toString() };
  if (nIn === 5 && nOut === 5 && rep.count === 5 && WHIRLPOOL_DENOMINATIONS.has(rep.value)) {
    return { ...base, heuristic: 'whirlpool', confidence: BTC_CONFIDENCE.whirlpool };
  }
  if (rep.count < COINJOIN_MIN_EQUAL || nIn < COINJOIN_MIN_INPUTS) return null;
  if (rep.count >= WASABI_MIN_EQUAL && nIn >= WASABI_MIN_EQUAL && rep.value >= WASABI_MIN && rep.value <= WASABI_MAX) {
    return { ...base, heuristic: 'wasabi', confidence: BTC_CONFIDENCE.wasabi };
  }
  // JoinMarket: one equal output per participant plus at most one change each (taker and makers)
  if (nOut > rep.count && nOut <= 2 * rep.count && nIn >= rep.count) {
    return { ...base, heuristic: 'joinmarket-like', confidence: BTC_CONFIDENCE.joinMarket };
  }
  return { ...base, heuristic: 'equal-output-coinjoin', confidence: BTC_CONFIDENCE.equalOutput };
}

function sum(legs: Iterable<Leg>): bigint {
  let s = 0n;
  for (const l of legs) s += l.amount;
  return s;
}

/** How far the co-spend of a (non-CoinJoin) transaction can be trusted. */
function coSpendConfidence(tx: TxState): number {
  if (tx.outputs.size === 0 || sum(tx.outputs.values()) > sum(tx.inputs.values())) return BTC_CONFIDENCE.coSpendIncomplete;
  const rep = mostRepeated(tx.outputs.values());
  if (rep && rep.count >= 2) return BTC_CONFIDENCE.coSpendWithEqualOutputs;
  return BTC_CONFIDENCE.coSpend;
}

/**
 * Incremental clusterer. Transfers may arrive in any order and any batching (a transaction's inputs
 * in one export, its outputs in another); the result equals feeding everything at once.
 */
export class BtcClusterer {
  private readonly txs = new Map<string, TxState>();
  /** earliest appearance of each address and the transactions at that instant, for the fresh-address guess */
  private readonly firstSeen = new Map<string, { utc: string; txids: Set<string> }>();
  private uf = new UnionFind();
  /** transactions whose inputs are in `uf` */
  private readonly merged = new Set<string>();
  /** a merged transaction later turned out to be a CoinJoin: union-find cannot split, so rebuild */
  private stale = false;

  /** Takes any transfers; only successful Bitcoin legs between an address and a `btc-tx:` node count. */
  addTransfers(transfers: Iterable<ParsedTransfer>): void {
    const touched = new Set<TxState>();
    for (const t of transfers) {
      if (t.chain !== 'btc' || t.status !== 'ok') continue;
      const isInput = t.from.startsWith(ADDRESS) && t.to.startsWith(TX_NODE);
      const isOutput = t.from.startsWith(TX_NODE) && t.to.startsWith(ADDRESS);
      if (!isInput && !isOutput) continue;
      let amount: bigint;
      try {
        amount = BigInt(t.amount);
      } catch {
        continue; // a malformed amount cannot be weighed; the transfer stays evidence elsewhere
      }
      const txid = (isInput ? t.to : t.from).slice(TX_NODE.length);
      const address = isInput ? t.from : t.to;
      let tx = this.txs.get(txid);
      if (!tx) {
        tx = { txid, inputs: new Map(), outputs: new Map(), utc: t.utc };
        this.txs.set(txid, tx);
      }
      if (t.utc && (!tx.utc || t.utc < tx.utc)) tx.utc = t.utc;
      // the same leg from two overlapping exports must count once, or CoinJoin counts inflate
      (isInput ? tx.inputs : tx.outputs).set(t.index, { address, amount, utc: t.utc });
      const seen = this.firstSeen.get(address);
      if (seen === undefined || t.utc < seen.utc) this.firstSeen.set(address, { utc: t.utc, txids: new Set([txid]) });
      else if (t.utc === seen.utc) seen.txids.add(txid);
      touched.add(tx);
    }
    for (const tx of touched) {
      if (detectCoinJoin(tx)) {
        if (this.merged.has(tx.txid)) this.stale = true;
      } else {
        this.mergeInputs(tx);
      }
    }
  }

  private mergeInputs(tx: TxState): void {
    const addresses = [...new Set([...tx.inputs.values()].map((l) => l.address))];
    for (const a of addresses) this.uf.find(a);
    for (let i = 1; i < addresses.length; i++) this.uf.union(addresses[0]!, addresses[i]!);
    if (addresses.length > 1) this.merged.add(tx.txid);
  }

  private rebuild(): void {
    this.uf = new UnionFind();
    this.merged.clear();
    for (const tx of this.txs.values()) if (!detectCoinJoin(tx)) this.mergeInputs(tx);
    this.stale = false;
  }

  /** Clusters of two or more addresses, sorted by id. */
  clusters(): BtcCluster[] {
    if (this.stale) this.rebuild();
    const byRoot = new Map<string, { addresses: Set<string>; evidence: Set<string>; confidence: number }>();
    for (const txid of this.merged) {
      const tx = this.txs.get(txid)!;
      const first = tx.inputs.values().next().value;
      if (!first) continue;
      const root = this.uf.find(first.address);
      let c = byRoot.get(root);
      if (!c) {
        c = { addresses: new Set(), evidence: new Set(), confidence: 1 };
        byRoot.set(root, c);
      }
      for (const l of tx.inputs.values()) c.addresses.add(l.address);
      c.evidence.add(txid);
      c.confidence = Math.min(c.confidence, coSpendConfidence(tx));
    }
    const out: BtcCluster[] = [];
    for (const c of byRoot.values()) {
      const addresses = [...c.addresses].sort();
      out.push({
        id: addresses[0]!,
        addresses,
        heuristic: 'common-input-ownership',
        confidence: c.confidence,
        evidence: [...c.evidence].sort(),
      });
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  coinjoins(): CoinJoinDetection[] {
    const out: CoinJoinDetection[] = [];
    for (const tx of this.txs.values()) {
      const cj = detectCoinJoin(tx);
      if (cj) out.push(cj);
    }
    return out.sort((a, b) => (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : 0));
  }

  /** Change-output suggestions; computed on demand from everything seen, so batching cannot change them. */
  changeGuesses(): ChangeGuess[] {
    const out: ChangeGuess[] = [];
    for (const tx of this.txs.values()) {
      if (tx.outputs.size < 2 || tx.inputs.size === 0 || detectCoinJoin(tx)) continue;
      const inputAddresses = new Set([...tx.inputs.values()].map((l) => l.address));
      const outputs = [...tx.outputs.values()];
      // change sent back to a spending address is already known; guessing another would mislead
      if (outputs.some((o) => inputAddresses.has(o.address))) continue;
      const one = (pick: Leg[], heuristic: ChangeHeuristic, confidence: number) => {
        const addresses = new Set(pick.map((o) => o.address));
        if (pick.length === 1 && addresses.size === 1) out.push({ tx: tx.txid, address: pick[0]!.address, heuristic, confidence });
      };

      const round = outputs.filter((o) => o.amount % ROUND_UNIT === 0n);
      if (round.length > 0) one(outputs.filter((o) => o.amount % ROUND_UNIT !== 0n), 'round-payment', BTC_CONFIDENCE.roundPayment);

      const inputTypes = new Set([...inputAddresses].map(scriptType));
      if (inputTypes.size === 1) {
        const type = [...inputTypes][0]!;
        const matching = outputs.filter((o) => scriptType(o.address) === type);
        if (matching.length < outputs.length) one(matching, 'script-type-match', BTC_CONFIDENCE.scriptTypeMatch);
      }

      // payees are often reused addresses; a wallet's change address is new
      const fresh = outputs.filter((o) => {
        const seen = this.firstSeen.get(o.address);
        return seen !== undefined && seen.utc === tx.utc && seen.txids.size === 1;
      });
      const older = outputs.filter((o) => (this.firstSeen.get(o.address)?.utc ?? tx.utc) < tx.utc);
      if (fresh.length === 1 && older.length === outputs.length - 1) one(fresh, 'fresh-address', BTC_CONFIDENCE.freshAddress);
    }
    const key = (g: ChangeGuess) => `${g.tx}\u0000${g.address}\u0000${g.heuristic}`;
    return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  result(): BtcClusterResult {
    return { clusters: this.clusters(), coinjoins: this.coinjoins(), changeGuesses: this.changeGuesses() };
  }
}

/** One-shot clustering of a set of transfers. */
export function clusterBtcTransfers(transfers: Iterable<ParsedTransfer>): BtcClusterResult {
  const c = new BtcClusterer();
  c.addTransfers(transfers);
  return c.result();
}
