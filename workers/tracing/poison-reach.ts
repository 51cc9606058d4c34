/**
 * The poison model's own path through the trace (trace.ts keeps the general one for the others).
 *
 * Under poison an address's outflows need no balance: once any taint has arrived, every later
 * outflow is wholly tainted. So a poison trace is time-respecting reachability, and per node only
 * one number matters: the view time of its earliest tainted inflow (`first`). Its tainted outflows
 * are then one contiguous run of its time-sorted adjacency, found by binary search, and each
 * carries its full amount.
 *
 * Same results as the general path, by construction: this is the same breadth-first,
 * label-correcting walk (one FIFO queue; a node is queued again when a delivery lowers its hops or
 * reaches it no later than `first`; `maxRecomputes` caps that), with the same delivery order and
 * the same budget rules (`maxDegree` by taint, then amount, then time; `minAmount` and hubs counted
 * on a node's first expansion; every attempt past `maxNodes` counted). What it saves is the work
 * around it: no list of all of a node's outflows, no inflows or balances, no BigInt arrays, and
 * on re-expansion only the outflows newly tainted are read.
 *
 * Ties at `first`, as in taint-models.ts: outflows at exactly that time are tainted when one
 * tainted inflow at that time came before them, i.e. is not a later part of the same transaction
 * as one of them (Bitcoin change, a refund by internal call).
 *
 * `read` (for the fingerprint) is what this computation depends on: per expanded node, its
 * outflows (in the traced asset, up to the end of the window) from `first` on — the ones it
 * decided about. The earlier, untainted outflows and the node's inflows are not read, so a poison
 * trace's fingerprint names fewer transfers than the general path's did (still a deterministic
 * function of parameters and data: a change to any transfer named changes it, and a change that
 * would move a transfer into that range changes the trace's reading and so the fingerprint).
 */
import type { AddressLabel, Cuts, TraceEdge, TraceNode, TraceParams } from './trace';
import type { TransferGraph } from './transfer-graph';

interface PoisonState {
  id: number;
  hops: number;
  exit: AddressLabel[] | null;
  queued: boolean;
  expansions: number;
  /** view time of the earliest tainted inflow (NaN: none yet) */
  first: number;
  /** the delivered inflows at exactly `first`: they decide the tie rule */
  firstIn: number[];
  /** forward position (see `at`) from which the outflows have been put in `read` */
  readFrom: number;
}

/**
 * One asset of a poison trace; arguments as trace.ts's `traceAsset`.
 */
export function tracePoisonAsset(
  graph: TransferGraph,
  out: boolean,
  params: TraceParams,
  seedId: number,
  asset: number,
  window: { seedStart: number; viewEnd: number },
  budget: { maxDegree: number; maxRecomputes: number },
  nodesLeft: () => number,
  spendNodes: (n: number) => void,
  cuts: Cuts,
  read: number[],
): { nodes: TraceNode[]; edges: TraceEdge[] } {
  const assetName = graph.assetName(asset);
  const minAmount = params.minAmount ?? 0n;
  const isExit = params.isExit ?? (() => null);
  const maxHops = params.hops;
  const viewEnd = window.viewEnd;
  const sign = out ? 1 : -1;
  const states = new Map<number, PoisonState>();
  // Every delivered edge carries its full amount: a set of edges is the whole of edgeTaint.
  const delivered = new Set<number>();
  const deliveredList: number[] = [];
  const queue: PoisonState[] = [];
  let head = 0;

  const vtime = (e: number): number => sign * graph.time(e);
  const peer = out ? (e: number) => graph.to(e) : (e: number) => graph.from(e);
  const vseq = (e: number): number => sign * graph.seq(e);

  // A node's forward adjacency in view order (ascending view time): position j of [0, len).
  let adjEdges: Int32Array = new Int32Array(0);
  let adjStart = 0;
  let adjEnd = 0;
  const open = (id: number): number => {
    const adj = out ? graph.outgoing(id) : graph.incoming(id);
    adjEdges = adj.edges;
    adjStart = adj.start;
    adjEnd = adj.end;
    return adj.end - adj.start;
  };
  const at = out ? (j: number): number => adjEdges[adjStart + j]! : (j: number): number => adjEdges[adjEnd - 1 - j]!;
  /** First position whose view time is > t (strict) or ≥ t. */
  const search = (len: number, t: number, strict: boolean): number => {
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = vtime(at(mid));
      if (v > t || (!strict && v === t)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const enqueue = (s: PoisonState): void => {
    if (s.queued || s.exit !== null || s.hops >= maxHops) return;
    if (s.expansions >= budget.maxRecomputes) {
      const address = graph.address(s.id);
      if (!cuts.unsettled.includes(address)) cuts.unsettled.push(address);
      return;
    }
    s.queued = true;
    queue.push(s);
  };

  const seed: PoisonState = { id: seedId, hops: 0, exit: null, queued: false, expansions: 0, first: NaN, firstIn: [], readFrom: Infinity };
  states.set(seedId, seed);
  spendNodes(1);
  enqueue(seed);

  const deliver = (from: PoisonState, e: number): void => {
    const target = peer(e);
    const hops = from.hops + (graph.isTxNode(target) ? 0 : 1);
    const t = vtime(e);
    let s = states.get(target);
    if (s === undefined) {
      if (nodesLeft() <= 0) {
        cuts.edgesPastMaxNodes++;
        return;
      }
      spendNodes(1);
      const exit = graph.isTxNode(target) ? null : isExit(graph.address(target));
      s = { id: target, hops, exit, queued: false, expansions: 0, first: NaN, firstIn: [], readFrom: Infinity };
      states.set(target, s);
    } else if (hops < s.hops) {
      s.hops = hops;
    } else if (t > s.first) {
      // Only the earliest tainted inflow matters: a later one changes nothing.
      delivered.add(e);
      deliveredList.push(e);
      return;
    }
    if (!(t >= s.first)) {
      s.first = t;
      s.firstIn = [e];
    } else if (t === s.first) {
      s.firstIn.push(e);
    }
    delivered.add(e);
    deliveredList.push(e);
    if (target !== seedId) enqueue(s);
  };

  const tainted: number[] = [];
  while (head < queue.length) {
    const s = queue[head++]!;
    s.queued = false;
    s.expansions++;
    const len = open(s.id);
    // [from, to): the tainted run of positions, up to the end of the window. `readStart`: where
    // this expansion starts reading (for any node but the seed, the outflows at `first` decide the
    // tie rule even when they stay clean).
    let from: number;
    let readStart: number;
    if (s.id === seedId) {
      from = readStart = search(len, window.seedStart, false);
    } else {
      from = readStart = search(len, s.first, false);
      // Outflows at exactly `first`: tainted only if a tainted inflow then came before them.
      let tie = from;
      while (tie < len && vtime(at(tie)) === s.first) tie++;
      if (tie > from && !taintedAtFirst(s, from, tie)) from = tie;
    }
    const to = viewEnd === Infinity ? len : search(len, viewEnd, true);
    // Read what is newly in range: it only grows, downwards, as `first` falls.
    const readEnd = Math.min(to, s.readFrom);
    for (let j = readStart; j < readEnd; j++) {
      const e = at(j);
      if (graph.asset(e) === asset) read.push(e);
    }
    if (readStart < s.readFrom) s.readFrom = readStart;

    tainted.length = 0;
    let below = 0;
    for (let j = from; j < to; j++) {
      const e = at(j);
      if (graph.asset(e) !== asset) continue;
      const a = graph.amount(e);
      if (a === 0n) continue;
      if (a < minAmount) {
        below++;
        continue;
      }
      tainted.push(e);
    }
    if (s.expansions === 1) cuts.belowMinAmount += below;
    let follow: number[] = tainted;
    if (tainted.length > budget.maxDegree) {
      // The taint is the amount: the largest first, then the earlier (position order).
      const idx = Array.from(tainted, (_, i) => i);
      idx.sort((x, y) => {
        const ax = graph.amount(tainted[x]!);
        const ay = graph.amount(tainted[y]!);
        if (ax !== ay) return ax > ay ? -1 : 1;
        return x - y;
      });
      follow = idx.slice(0, budget.maxDegree).map((i) => tainted[i]!);
      if (s.expansions === 1) cuts.hubs.push({ address: graph.address(s.id), asset: assetName, kept: follow.length, tainted: tainted.length });
    }
    for (const e of follow) {
      if (delivered.has(e)) continue;
      deliver(s, e);
    }
  }

  /** Whether a tainted inflow at `first` came before the node's outflows at that time (positions [a, b)). */
  function taintedAtFirst(s: PoisonState, a: number, b: number): boolean {
    let any = false;
    for (let j = a; j < b; j++) if (graph.asset(at(j)) === asset) any = true;
    if (!any) return true;
    for (const f of s.firstIn) {
      const tx = graph.tx(f);
      const seq = vseq(f);
      let caused = false;
      for (let j = a; j < b && !caused; j++) {
        const o = at(j);
        if (graph.asset(o) === asset && graph.tx(o) === tx && seq > vseq(o)) caused = true;
      }
      if (!caused) return true;
    }
    return false;
  }

  // The result, as the general path builds it: edges in view time, nodes by hops and address.
  const received = new Map<number, bigint>();
  let seedSent = 0n;
  const times = new Float64Array(deliveredList.length);
  const order = new Int32Array(deliveredList.length);
  for (let i = 0; i < deliveredList.length; i++) {
    times[i] = vtime(deliveredList[i]!);
    order[i] = i;
  }
  order.sort((x, y) => times[x]! - times[y]! || deliveredList[x]! - deliveredList[y]!);
  const edges: TraceEdge[] = new Array<TraceEdge>(order.length);
  for (let i = 0; i < order.length; i++) {
    const e = deliveredList[order[i]!]!;
    const amount = graph.amount(e);
    const target = peer(e);
    received.set(target, (received.get(target) ?? 0n) + amount);
    if ((out ? graph.from(e) : graph.to(e)) === seedId) seedSent += amount;
    const t = graph.transfer(e);
    edges[i] = { from: t.from, to: t.to, asset: t.asset, amount: t.amount, tx: t.tx, index: t.index, time: isoTime(t.time), taint: amount, id: t.id };
  }
  const nodes: TraceNode[] = [];
  for (const s of states.values()) {
    nodes.push({
      address: graph.address(s.id),
      hops: s.hops,
      taint: s.id === seedId ? seedSent : (received.get(s.id) ?? 0n),
      asset: assetName,
      labels: s.exit ?? [],
      exit: s.exit !== null,
    });
  }
  // By hops, then address (unique here): the default sort compares strings as `<` does, natively.
  const byAddress = new Map<string, TraceNode>();
  for (const n of nodes) byAddress.set(n.address, n);
  const ordered: TraceNode[] = [];
  const hopsOf = [...new Set(nodes.map((n) => n.hops))].sort((a, b) => a - b);
  for (const h of hopsOf) {
    const names = nodes.filter((n) => n.hops === h).map((n) => n.address).sort();
    for (const a of names) ordered.push(byAddress.get(a)!);
  }
  return { nodes: ordered, edges };
}

let isoDay = NaN;
let isoPrefix = '';
/** `new Date(ms).toISOString()`, with the date part kept from the previous call of the same day. */
function isoTime(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== isoDay || !Number.isInteger(ms)) {
    const iso = new Date(ms).toISOString();
    isoDay = Number.isInteger(ms) ? day : NaN;
    isoPrefix = iso.slice(0, iso.indexOf('T') + 1);
    return iso;
  }
  let r = ms - day * 86_400_000;
  const milli = r % 1000;
  r = (r - milli) / 1000;
  const sec = r % 60;
  r = (r - sec) / 60;
  const min = r % 60;
  const hour = (r - min) / 60;
  return `${isoPrefix}${hour < 10 ? '0' : ''}${hour}:${min < 10 ? '0' : ''}${min}:${sec < 10 ? '0' : ''}${sec}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}
