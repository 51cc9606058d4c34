/**
 * The transfers of a case as an in-memory index for tracing: addresses interned to dense ids,
 * columns in typed arrays, and per address its outgoing and incoming transfers sorted by time
 * (two CSR adjacency arrays). Built once from the store's rows and then appended to as new rows
 * arrive; appending is cheap, and the adjacency is rebuilt lazily on the next query.
 */

/** One stored transfer as the tracing engine needs it. */
export interface TransferRow {
  /** the store's row id (any stable number): what a trace's fingerprint names */
  id: number;
  from: string;
  to: string;
  asset: string;
  /** integer base units: BigInt, or the decimal string the store keeps */
  amount: bigint | string;
  tx: string;
  /** place in the transaction (`log:3`, `in:0`, …) */
  index: string;
  /** ISO 8601 UTC, or milliseconds since the epoch */
  time: string | number;
  decimals?: number | undefined;
  /** failed transactions move no value and are left out */
  status?: 'ok' | 'failed' | undefined;
}

/** Where a graph gets its rows: the store answers with every row whose id is above `afterId`, by id. */
export interface TransferRowSource {
  rowsAfter(afterId: number): Iterable<TransferRow>;
}

/** A transfer read back from the graph, with its fields resolved. */
export interface GraphTransfer {
  id: number;
  from: string;
  to: string;
  asset: string;
  amount: bigint;
  tx: string;
  index: string;
  time: number;
}

const TX_NODE = 'btc-tx:';

/**
 * One side of the adjacency (outgoing or incoming) with the columns a trace scans laid out in
 * adjacency order: an address's transfers are then contiguous in memory, not scattered over the
 * row columns, which is what a trace spends its time on at a million rows (cache misses).
 * Position k holds row `edges[k]`.
 */
export interface AdjacencyColumns {
  /** per address, its first position (length: addresses + 1) */
  start: Int32Array;
  /** the row (edge index) at each position */
  edges: Int32Array;
  /** the other end: `to` for outgoing, `from` for incoming */
  peer: Int32Array;
  time: Float64Array;
  asset: Int32Array;
  /** the address whose list this is: `from` for outgoing, `to` for incoming */
  owner: Int32Array;
  /** the row's timeRank */
  rank: Int32Array;
  /** the row's exact amount, tx, place and store id, for a trace's result */
  amountExact: bigint[];
  tx: string[];
  place: string[];
  rowId: Float64Array;
  /**
   * The amount as the nearest double. Exact enough for what a scan decides: it is 0 exactly when
   * the amount is 0, and since rounding is monotone, `a < b` whenever their doubles are `<`;
   * equal doubles are resolved by the exact BigInt.
   */
  amount: Float64Array;
}

/**
 * Tables a trace marks as it goes, kept by the graph and reused, so a trace neither allocates nor
 * zeroes memory the size of the graph: an entry counts only when its mark equals the trace's
 * `generation`.
 */
export interface TraceScratch {
  generation: number;
  /** per address id, two numbers side by side (one cache line): the mark, then the trace's own value */
  nodes: Int32Array;
  /** per adjacency position (either side): the mark */
  edges: Int32Array;
}

function emptyColumns(): AdjacencyColumns {
  return { start: new Int32Array(1), edges: new Int32Array(0), owner: new Int32Array(0), peer: new Int32Array(0), time: new Float64Array(0), asset: new Int32Array(0), rank: new Int32Array(0), amountExact: [], tx: [], place: [], rowId: new Float64Array(0), amount: new Float64Array(0) };
}

/**
 * Order of a transfer inside its transaction, from its place: the native value (`tx`) moves
 * first, then Bitcoin inputs, internal calls, token logs, and Bitcoin outputs last. Only used to
 * tell, at one timestamp, which of two transfers of one transaction caused the other.
 */
export function transferSeq(index: string): number {
  const colon = index.indexOf(':');
  const kind = colon < 0 ? index : index.slice(0, colon);
  const n = colon < 0 ? 0 : Number.parseInt(index.slice(colon + 1), 10);
  const at = Number.isFinite(n) && n >= 0 ? Math.min(n, 999_999) : 0;
  switch (kind) {
    case 'tx':
      return 0;
    case 'in':
      return 1_000_000 + at;
    case 'call':
      return 2_000_000;
    case 'log':
      return 3_000_000 + at;
    case 'out':
      return 4_000_000 + at;
    default:
      return 2_000_000;
  }
}

function growInt32(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

function growFloat64(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

export class TransferGraph {
  private readonly addressIds = new Map<string, number>();
  private readonly addresses: string[] = [];
  // Checked on every hop of a trace: a flag per address is cheaper than a string prefix test.
  private txNodes = new Uint8Array(1024);
  private readonly assetIds = new Map<string, number>();
  private readonly assets: string[] = [];
  private readonly decimalsByAsset = new Map<string, number>();
  private n = 0;
  private fromCol = new Int32Array(1024);
  private toCol = new Int32Array(1024);
  private assetCol = new Int32Array(1024);
  private timeCol = new Float64Array(1024);
  private idCol = new Float64Array(1024);
  private seqCol = new Int32Array(1024);
  // uint256 amounts do not fit a BigUint64Array; an array of BigInt keeps them exact.
  private readonly amountCol: bigint[] = [];
  private readonly txCol: string[] = [];
  private readonly indexCol: string[] = [];
  // A handful of distinct places (`log:0`, `in:1`, `tx`): one string each instead of one per row.
  private readonly indexNames = new Map<string, string>();
  private maxId = 0;

  private indexed = false;
  private outStartArr = new Int32Array(1);
  private outEdgesArr = new Int32Array(0);
  private inStartArr = new Int32Array(1);
  private inEdgesArr = new Int32Array(0);
  private outSide: AdjacencyColumns = emptyColumns();
  private inSide: AdjacencyColumns = emptyColumns();
  // Every row's place in (time, row) order, and back: a trace's edges are put in time order by
  // a native sort of integers instead of a comparator.
  private timeRankArr = new Int32Array(0);
  private byTimeRankArr = new Int32Array(0);
  // Every address's place in string order: a trace's nodes are sorted by numbers, not strings.
  private addressRankArr = new Int32Array(0);
  private addressByRankArr = new Int32Array(0);
  private duplicates = 0;
  private scratch: TraceScratch = { generation: 0, nodes: new Int32Array(0), edges: new Int32Array(0) };

  /** A graph of the given rows. */
  static from(rows: Iterable<TransferRow>): TransferGraph {
    const g = new TransferGraph();
    g.append(rows);
    return g;
  }

  /** A graph of every row of a source (the store), which `refresh` later brings up to date. */
  static load(source: TransferRowSource): TransferGraph {
    const g = new TransferGraph();
    g.refresh(source);
    return g;
  }

  /** Appends the source's rows newer than any already read; returns how many were added. */
  refresh(source: TransferRowSource): number {
    const before = this.n;
    this.append(source.rowsAfter(this.maxId));
    return this.n - before;
  }

  append(rows: Iterable<TransferRow>): void {
    for (const r of rows) this.add(r);
  }

  add(r: TransferRow): void {
    if (r.status === 'failed') return;
    const time = typeof r.time === 'number' ? r.time : Date.parse(r.time);
    if (!Number.isFinite(time)) throw new Error(`transfer ${r.id}: unreadable time ${String(r.time)}`);
    const amount = typeof r.amount === 'bigint' ? r.amount : BigInt(r.amount);
    if (amount < 0n) throw new Error(`transfer ${r.id}: negative amount`);
    const i = this.n;
    const need = i + 1;
    this.fromCol = growInt32(this.fromCol, need);
    this.toCol = growInt32(this.toCol, need);
    this.assetCol = growInt32(this.assetCol, need);
    this.timeCol = growFloat64(this.timeCol, need);
    this.idCol = growFloat64(this.idCol, need);
    this.seqCol = growInt32(this.seqCol, need);
    this.fromCol[i] = this.intern(r.from);
    this.toCol[i] = this.intern(r.to);
    let a = this.assetIds.get(r.asset);
    if (a === undefined) {
      a = this.assets.length;
      this.assets.push(r.asset);
      this.assetIds.set(r.asset, a);
    }
    if (r.decimals !== undefined && !this.decimalsByAsset.has(r.asset)) this.decimalsByAsset.set(r.asset, r.decimals);
    this.assetCol[i] = a;
    this.timeCol[i] = time;
    this.idCol[i] = r.id;
    this.seqCol[i] = transferSeq(r.index);
    this.amountCol.push(amount);
    this.txCol.push(r.tx);
    let index = this.indexNames.get(r.index);
    if (index === undefined) {
      index = r.index;
      this.indexNames.set(index, index);
    }
    this.indexCol.push(index);
    if (r.id > this.maxId) this.maxId = r.id;
    this.n = need;
    this.indexed = false;
  }

  /**
   * Two rows of one transaction, asset and pair of addresses are one movement when their places in
   * the transaction agree, or when one source could not say the place (an explorer export without
   * a log index, keyed `log:?amount=…`) and the amounts agree: else an Etherscan export and the node
   * would count the same transfer twice.
   */
  private sameMovement(d: number, e: number): boolean {
    const a = this.indexCol[d]!;
    const b = this.indexCol[e]!;
    if (a === b) return true;
    return (a.startsWith('log:?') || b.startsWith('log:?')) && this.amountCol[d] === this.amountCol[e];
  }

  private intern(address: string): number {
    let id = this.addressIds.get(address);
    if (id === undefined) {
      id = this.addresses.length;
      this.addresses.push(address);
      this.addressIds.set(address, id);
      if (id >= this.txNodes.length) {
        const grown = new Uint8Array(this.txNodes.length * 2);
        grown.set(this.txNodes);
        this.txNodes = grown;
      }
      this.txNodes[id] = address.startsWith(TX_NODE) ? 1 : 0;
    }
    return id;
  }

  /** Number of transfers held (duplicates included). */
  get size(): number {
    return this.n;
  }

  get addressCount(): number {
    return this.addresses.length;
  }

  /** Transfers read from two sources that are one movement (same tx, place, asset, from, to). */
  get duplicateCount(): number {
    this.ensureIndex();
    return this.duplicates;
  }

  addressId(address: string): number | undefined {
    return this.addressIds.get(address);
  }

  address(id: number): string {
    return this.addresses[id]!;
  }

  isTxNode(id: number): boolean {
    return this.txNodes[id] === 1;
  }

  assetId(asset: string): number | undefined {
    return this.assetIds.get(asset);
  }

  assetName(id: number): string {
    return this.assets[id]!;
  }

  decimals(asset: string): number | undefined {
    return this.decimalsByAsset.get(asset);
  }

  // Column accessors by edge index: the trace's hot loop reads these directly.
  from(e: number): number {
    return this.fromCol[e]!;
  }

  to(e: number): number {
    return this.toCol[e]!;
  }

  asset(e: number): number {
    return this.assetCol[e]!;
  }

  time(e: number): number {
    return this.timeCol[e]!;
  }

  amount(e: number): bigint {
    return this.amountCol[e]!;
  }

  /** position inside the transaction (transferSeq) */
  seq(e: number): number {
    return this.seqCol[e]!;
  }

  tx(e: number): string {
    return this.txCol[e]!;
  }

  transfer(e: number): GraphTransfer {
    return {
      id: this.idCol[e]!,
      from: this.addresses[this.fromCol[e]!]!,
      to: this.addresses[this.toCol[e]!]!,
      asset: this.assets[this.assetCol[e]!]!,
      amount: this.amountCol[e]!,
      tx: this.txCol[e]!,
      index: this.indexCol[e]!,
      time: this.timeCol[e]!,
    };
  }

  /** Outgoing transfers of an address (edge indices), sorted by time. */
  outgoing(address: number): { edges: Int32Array; start: number; end: number } {
    this.ensureIndex();
    return { edges: this.outEdgesArr, start: this.outStartArr[address]!, end: this.outStartArr[address + 1]! };
  }

  /** Incoming transfers of an address (edge indices), sorted by time. */
  incoming(address: number): { edges: Int32Array; start: number; end: number } {
    this.ensureIndex();
    return { edges: this.inEdgesArr, start: this.inStartArr[address]!, end: this.inStartArr[address + 1]! };
  }

  /** Outgoing transfers of every address, columns in adjacency order (see AdjacencyColumns). */
  outColumns(): AdjacencyColumns {
    this.ensureIndex();
    return this.outSide;
  }

  /** Incoming transfers of every address, columns in adjacency order. */
  inColumns(): AdjacencyColumns {
    this.ensureIndex();
    return this.inSide;
  }

  /** A row's place in the order of all rows by time, then row (edge index). */
  timeRank(e: number): number {
    this.ensureIndex();
    return this.timeRankArr[e]!;
  }

  /** The rank → row table of timeRank. */
  byTimeRank(): Int32Array {
    this.ensureIndex();
    return this.byTimeRankArr;
  }

  /** An address's place among all addresses in string (UTF-16 code unit) order, as `<` compares. */
  addressRank(id: number): number {
    this.ensureIndex();
    return this.addressRankArr[id]!;
  }

  /** The address (id) at a place of addressRank. */
  addressOfRank(rank: number): number {
    this.ensureIndex();
    return this.addressByRankArr[rank]!;
  }

  /** The store's row id of a transfer. */
  rowId(e: number): number {
    return this.idCol[e]!;
  }

  /** The transfer's place in its transaction as stored (`log:3`, `in:0`, …). */
  place(e: number): string {
    return this.indexCol[e]!;
  }

  /** Scratch tables for one trace (see TraceScratch), with a new generation: nothing in them is marked. */
  traceScratch(): TraceScratch {
    this.ensureIndex();
    const s = this.scratch;
    const nodes = this.addresses.length;
    const positions = this.outEdgesArr.length;
    if (s.nodes.length < 2 * nodes || s.edges.length < positions || s.generation >= 0x7fff_fffe) {
      this.scratch = { generation: 1, nodes: new Int32Array(2 * nodes), edges: new Int32Array(positions) };
    } else {
      s.generation++;
    }
    return this.scratch;
  }

  /** Builds the sorted adjacency if rows were added since the last build. */
  ensureIndex(): void {
    if (this.indexed) return;
    const n = this.n;
    const time = this.timeCol;
    let order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    let sorted = true;
    for (let i = 1; i < n; i++) {
      if (time[i]! < time[i - 1]!) {
        sorted = false;
        break;
      }
    }
    // Rows usually arrive in time order (the store reads them so); only sort when they do not.
    if (!sorted) order = order.sort((a, b) => time[a]! - time[b]! || a - b);

    const nodes = this.addresses.length;
    const outStart = new Int32Array(nodes + 1);
    for (let i = 0; i < n; i++) outStart[this.fromCol[i]! + 1]!++;
    for (let v = 0; v < nodes; v++) outStart[v + 1]! += outStart[v]!;
    const outEdges = new Int32Array(n);
    const fill = outStart.slice(0, nodes);
    for (let k = 0; k < n; k++) {
      const e = order[k]!;
      outEdges[fill[this.fromCol[e]!]!++] = e;
    }

    // The same movement stored from two sources is one fact: in an address's time-sorted
    // outgoing list its copies sit in one run of equal times, so they are found without a key map.
    const dup = new Uint8Array(n);
    let duplicates = 0;
    for (let v = 0; v < nodes; v++) {
      const s = outStart[v]!;
      const end = outStart[v + 1]!;
      for (let k = s + 1; k < end; k++) {
        const e = outEdges[k]!;
        for (let j = k - 1; j >= s && time[outEdges[j]!] === time[e]; j--) {
          const d = outEdges[j]!;
          if (!dup[d] && this.toCol[d] === this.toCol[e] && this.assetCol[d] === this.assetCol[e] && this.txCol[d] === this.txCol[e] && this.sameMovement(d, e)) {
            dup[e] = 1;
            duplicates++;
            break;
          }
        }
      }
    }

    const kept = new Int32Array(n - duplicates);
    let m = 0;
    for (let k = 0; k < n; k++) if (!dup[order[k]!]) kept[m++] = order[k]!;
    this.outStartArr = new Int32Array(nodes + 1);
    this.outEdgesArr = new Int32Array(m);
    this.inStartArr = new Int32Array(nodes + 1);
    this.inEdgesArr = new Int32Array(m);
    for (let k = 0; k < m; k++) {
      const e = kept[k]!;
      this.outStartArr[this.fromCol[e]! + 1]!++;
      this.inStartArr[this.toCol[e]! + 1]!++;
    }
    for (let v = 0; v < nodes; v++) {
      this.outStartArr[v + 1]! += this.outStartArr[v]!;
      this.inStartArr[v + 1]! += this.inStartArr[v]!;
    }
    const outFill = this.outStartArr.slice(0, nodes);
    const inFill = this.inStartArr.slice(0, nodes);
    for (let k = 0; k < m; k++) {
      const e = kept[k]!;
      this.outEdgesArr[outFill[this.fromCol[e]!]!++] = e;
      this.inEdgesArr[inFill[this.toCol[e]!]!++] = e;
    }
    this.byTimeRankArr = order;
    this.timeRankArr = new Int32Array(n);
    for (let k = 0; k < n; k++) this.timeRankArr[order[k]!] = k;
    const approx = new Float64Array(n);
    for (let e = 0; e < n; e++) approx[e] = Number(this.amountCol[e]!);
    const columns = (start: Int32Array, edges: Int32Array, ownerCol: Int32Array, peerCol: Int32Array): AdjacencyColumns => {
      const c: AdjacencyColumns = {
        start,
        edges,
        owner: new Int32Array(m),
        peer: new Int32Array(m),
        time: new Float64Array(m),
        asset: new Int32Array(m),
        rank: new Int32Array(m),
        amountExact: new Array<bigint>(m),
        tx: new Array<string>(m),
        place: new Array<string>(m),
        rowId: new Float64Array(m),
        amount: new Float64Array(m),
      };
      for (let k = 0; k < m; k++) {
        const e = edges[k]!;
        c.owner[k] = ownerCol[e]!;
        c.peer[k] = peerCol[e]!;
        c.time[k] = time[e]!;
        c.asset[k] = this.assetCol[e]!;
        c.rank[k] = this.timeRankArr[e]!;
        c.amountExact[k] = this.amountCol[e]!;
        c.tx[k] = this.txCol[e]!;
        c.place[k] = this.indexCol[e]!;
        c.rowId[k] = this.idCol[e]!;
        c.amount[k] = approx[e]!;
      }
      return c;
    };
    this.outSide = columns(this.outStartArr, this.outEdgesArr, this.fromCol, this.toCol);
    this.inSide = columns(this.inStartArr, this.inEdgesArr, this.toCol, this.fromCol);
    if (this.addressRankArr.length !== nodes) {
      const sorted = this.addresses.slice().sort();
      this.addressRankArr = new Int32Array(nodes);
      this.addressByRankArr = new Int32Array(nodes);
      for (let r = 0; r < nodes; r++) {
        const id = this.addressIds.get(sorted[r]!)!;
        this.addressRankArr[id] = r;
        this.addressByRankArr[r] = id;
      }
    }
    this.duplicates = duplicates;
    this.indexed = true;
  }
}
