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
 *
 * It scans the graph's adjacency-ordered columns (TransferGraph.outColumns/inColumns): a node's
 * transfers are contiguous there, so a scan reads memory in order, and amounts are compared as
 * doubles with the exact BigInt only on a tie (see AdjacencyColumns.amount). The per-node state
 * is a set of columns indexed through a per-address slot table (no object per node), and the
 * result is ordered by precomputed ranks (trace-order.ts).
 */
import { exitLookup } from './exit-table';
import type { AddressLabel, Cuts, TraceEdge, TraceNode, TraceParams } from './trace';
import { nodesInResultOrder, positionsInViewOrder, traceEdgeAt } from './trace-order';
import type { TransferGraph } from './transfer-graph';

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
  // Amounts are never negative: with no minimum nothing is below it.
  const checkMin = minAmount > 0n;
  const minApprox = Number(minAmount);
  const exitOf = exitLookup(graph, params);
  const maxHops = params.hops;
  const viewEnd = window.viewEnd;
  const sign = out ? 1 : -1;
  const columns = out ? graph.outColumns() : graph.inColumns();
  const colStart = columns.start;
  const colEdges = columns.edges;
  const colPeer = columns.peer;
  const colTime = columns.time;
  const colAsset = columns.asset;
  const colAmount = columns.amount;

  // The state of the nodes reached, by state index (discovery order). The graph's scratch table
  // maps an address to its state: nodeTable[2·id] === generation marks it, nodeTable[2·id + 1]
  // holds the index.
  const scratch = graph.traceScratch();
  const generation = scratch.generation;
  const nodeTable = scratch.nodes;
  const stateOf = (id: number): number => (nodeTable[2 * id] === generation ? nodeTable[2 * id + 1]! : -1);
  const nodeId: number[] = [];
  const nodeHops: number[] = [];
  const nodeExit: Array<AddressLabel[] | null> = [];
  const queued: boolean[] = [];
  const expansions: number[] = [];
  /** view time of the earliest tainted inflow (NaN: none yet) */
  const first: number[] = [];
  /** the first delivered inflow (edge index) at exactly `first`; more of them in `firstInMore` */
  const firstIn: number[] = [];
  const firstInMore = new Map<number, number[]>();
  /** forward position (see `pos`) from which the outflows have been put in `read` */
  const readFrom: number[] = [];
  // Tainted value received, exactly: summed as doubles while every amount and the sum stay
  // integers below 2^53 (exact there), in BigInt beyond; the taint is their sum.
  const receivedSmall: number[] = [];
  const receivedBig: bigint[] = [];
  const addState = (id: number, hops: number, exit: AddressLabel[] | null): number => {
    const i = nodeId.length;
    nodeId.push(id);
    nodeHops.push(hops);
    nodeExit.push(exit);
    queued.push(false);
    expansions.push(0);
    first.push(NaN);
    firstIn.push(-1);
    readFrom.push(Infinity);
    receivedSmall.push(0);
    receivedBig.push(0n);
    nodeTable[2 * id] = generation;
    nodeTable[2 * id + 1] = i;
    return i;
  };

  // Every delivered edge carries its full amount: a set of edges is the whole of edgeTaint.
  // Kept by column position, which names an edge once on this side: marked
  // (scratch.edges[k] === generation) and listed.
  const delivered = scratch.edges;
  const deliveredList: number[] = [];
  const queue: number[] = [];
  let head = 0;

  const vseq = (e: number): number => sign * graph.seq(e);

  // A node's forward adjacency in view order (ascending view time): position j of [0, len) is
  // column position base + step × j.
  let base = 0;
  const step = sign;
  const open = (id: number): number => {
    const a = colStart[id]!;
    const b = colStart[id + 1]!;
    base = out ? a : b - 1;
    return b - a;
  };
  const pos = (j: number): number => base + step * j;
  const vtimeAt = (j: number): number => sign * colTime[base + step * j]!;
  /** First position whose view time is > t (strict) or ≥ t. */
  const search = (len: number, t: number, strict: boolean): number => {
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = vtimeAt(mid);
      if (v > t || (!strict && v === t)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const enqueue = (i: number): void => {
    if (queued[i] || nodeExit[i] !== null || nodeHops[i]! >= maxHops) return;
    if (expansions[i]! >= budget.maxRecomputes) {
      const address = graph.address(nodeId[i]!);
      if (!cuts.unsettled.includes(address)) cuts.unsettled.push(address);
      return;
    }
    queued[i] = true;
    queue.push(i);
  };

  const seed = addState(seedId, 0, null);
  spendNodes(1);
  enqueue(seed);
  let seedSentSmall = 0;
  let seedSentBig = 0n;

  /** Records a followed edge: it carries its full amount from state `from` to state `to`. */
  const carry = (from: number, to: number, k: number): void => {
    delivered[k] = generation;
    deliveredList.push(k);
    const a = colAmount[k]!;
    const sum = receivedSmall[to]! + a;
    if (a <= Number.MAX_SAFE_INTEGER && sum <= Number.MAX_SAFE_INTEGER) receivedSmall[to] = sum;
    else receivedBig[to]! += columns.amountExact[k]!;
    if (from === seed) {
      if (a <= Number.MAX_SAFE_INTEGER && seedSentSmall + a <= Number.MAX_SAFE_INTEGER) seedSentSmall += a;
      else seedSentBig += columns.amountExact[k]!;
    }
  };

  const deliver = (from: number, k: number): void => {
    const target = colPeer[k]!;
    const txNode = graph.isTxNode(target);
    const hops = nodeHops[from]! + (txNode ? 0 : 1);
    const t = sign * colTime[k]!;
    let s = stateOf(target);
    if (s < 0) {
      if (nodesLeft() <= 0) {
        cuts.edgesPastMaxNodes++;
        return;
      }
      spendNodes(1);
      s = addState(target, hops, txNode ? null : exitOf(target));
    } else if (hops < nodeHops[s]!) {
      nodeHops[s] = hops;
    } else if (t > first[s]!) {
      // Only the earliest tainted inflow matters: a later one changes nothing.
      carry(from, s, k);
      return;
    }
    const f = first[s]!;
    if (!(t >= f)) {
      first[s] = t;
      firstIn[s] = colEdges[k]!;
      firstInMore.delete(s);
    } else if (t === f) {
      const more = firstInMore.get(s);
      if (more) more.push(colEdges[k]!);
      else firstInMore.set(s, [colEdges[k]!]);
    }
    carry(from, s, k);
    if (target !== seedId) enqueue(s);
  };

  const tainted: number[] = [];
  while (head < queue.length) {
    const s = queue[head++]!;
    queued[s] = false;
    const expansion = ++expansions[s]!;
    const len = open(nodeId[s]!);
    // [from, to): the tainted run of positions, up to the end of the window. `readStart`: where
    // this expansion starts reading (for any node but the seed, the outflows at `first` decide the
    // tie rule even when they stay clean).
    let from: number;
    let readStart: number;
    if (s === seed) {
      from = readStart = search(len, window.seedStart, false);
    } else {
      const f = first[s]!;
      from = readStart = search(len, f, false);
      // Outflows at exactly `first`: tainted only if a tainted inflow then came before them.
      let tie = from;
      while (tie < len && vtimeAt(tie) === f) tie++;
      if (tie > from && !taintedAtFirst(s, from, tie)) from = tie;
    }
    const to = viewEnd === Infinity ? len : search(len, viewEnd, true);
    // Read what is newly in range: it only grows, downwards, as `first` falls.
    const readEnd = Math.min(to, readFrom[s]!);
    for (let j = readStart; j < readEnd; j++) {
      const k = base + step * j;
      if (colAsset[k] === asset) read.push(colEdges[k]!);
    }
    if (readStart < readFrom[s]!) readFrom[s] = readStart;

    tainted.length = 0;
    let below = 0;
    for (let j = from; j < to; j++) {
      const k = base + step * j;
      if (colAsset[k] !== asset) continue;
      const a = colAmount[k]!;
      if (a === 0) continue;
      if (checkMin && (a < minApprox || (a === minApprox && columns.amountExact[k]! < minAmount))) {
        below++;
        continue;
      }
      tainted.push(k);
    }
    if (expansion === 1) cuts.belowMinAmount += below;
    let follow: number[] = tainted;
    if (tainted.length > budget.maxDegree) {
      // The taint is the amount: the largest first, then the earlier (position order).
      const idx = Array.from(tainted, (_, i) => i);
      idx.sort((x, y) => {
        const kx = tainted[x]!;
        const ky = tainted[y]!;
        const fx = colAmount[kx]!;
        const fy = colAmount[ky]!;
        if (fx !== fy) return fx > fy ? -1 : 1;
        const ax = columns.amountExact[kx]!;
        const ay = columns.amountExact[ky]!;
        if (ax !== ay) return ax > ay ? -1 : 1;
        return x - y;
      });
      follow = idx.slice(0, budget.maxDegree).map((i) => tainted[i]!);
      if (expansion === 1) cuts.hubs.push({ address: graph.address(nodeId[s]!), asset: assetName, kept: follow.length, tainted: tainted.length });
    }
    for (const k of follow) {
      if (delivered[k] === generation) continue;
      deliver(s, k);
    }
  }

  /** Whether a tainted inflow at `first` came before the node's outflows at that time (positions [a, b)). */
  function taintedAtFirst(s: number, a: number, b: number): boolean {
    let any = false;
    for (let j = a; j < b; j++) if (colAsset[pos(j)] === asset) any = true;
    if (!any) return true;
    const inflows = [firstIn[s]!, ...(firstInMore.get(s) ?? [])];
    for (const f of inflows) {
      const tx = graph.tx(f);
      const seq = vseq(f);
      let caused = false;
      for (let j = a; j < b && !caused; j++) {
        const k = pos(j);
        const o = colEdges[k]!;
        if (colAsset[k] === asset && graph.tx(o) === tx && seq > vseq(o)) caused = true;
      }
      if (!caused) return true;
    }
    return false;
  }

  // The result, as the general path builds it: edges in view time, nodes by hops and address.
  const ordered = positionsInViewOrder(graph, columns, deliveredList, out);
  const edges = new Array<TraceEdge>(ordered.length);
  for (let i = 0; i < ordered.length; i++) {
    const k = ordered[i]!;
    edges[i] = traceEdgeAt(graph, columns, k, out, assetName, columns.amountExact[k]!);
  }
  const nodes: TraceNode[] = [];
  for (const id of nodesInResultOrder(graph, nodeId, (i) => nodeHops[i]!)) {
    const s = stateOf(id);
    const exit = nodeExit[s]!;
    const taint = s === seed ? BigInt(seedSentSmall) + seedSentBig : BigInt(receivedSmall[s]!) + receivedBig[s]!;
    nodes.push({ address: graph.address(id), hops: nodeHops[s]!, taint, asset: assetName, labels: exit ?? [], exit: exit !== null });
  }
  return { nodes, edges };
}
