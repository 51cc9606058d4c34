/**
 * The order a trace lists its result in — edges by view time then row, nodes by hops then
 * address — computed from the graph's precomputed ranks (TransferGraph.timeRank, addressRank) by
 * native integer sorts instead of comparators over strings and times. Same order as
 * `sort((a, b) => vtime(a) - vtime(b) || a - b)` and `sort by hops, then address <`.
 */
import type { TraceEdge } from './trace';
import type { AdjacencyColumns, TransferGraph } from './transfer-graph';

/** Edge indices ordered by view time (ascending time for `out`, descending for `in`), ties by edge index. */
export function edgesInViewOrder(graph: TransferGraph, edges: ArrayLike<number>, out: boolean): Int32Array {
  const n = edges.length;
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) ranks[i] = graph.timeRank(edges[i]!);
  ranks.sort();
  const byRank = graph.byTimeRank();
  const ordered = new Int32Array(n);
  if (out) {
    for (let i = 0; i < n; i++) ordered[i] = byRank[ranks[i]!]!;
    return ordered;
  }
  for (let i = 0; i < n; i++) ordered[i] = byRank[ranks[n - 1 - i]!]!;
  // Reversed, equal times came out by descending edge index: put each such run back.
  for (let i = 0; i < n; ) {
    const t = graph.time(ordered[i]!);
    let j = i + 1;
    while (j < n && graph.time(ordered[j]!) === t) j++;
    if (j - i > 1) ordered.subarray(i, j).reverse();
    i = j;
  }
  return ordered;
}

/**
 * The same order for transfers named by their position in one side's columns (a trace that
 * scans that side keeps positions, so its result is read from those columns in memory order).
 */
export function positionsInViewOrder(graph: TransferGraph, columns: AdjacencyColumns, positions: ArrayLike<number>, out: boolean): Int32Array {
  const n = positions.length;
  const m = columns.edges.length;
  const ordered = new Int32Array(n);
  if (graph.size * m < Number.MAX_SAFE_INTEGER) {
    // rank · m + position: one number per transfer, sorted natively.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = columns.rank[positions[i]!]! * m + positions[i]!;
    keys.sort();
    for (let i = 0; i < n; i++) ordered[i] = keys[i]! % m;
  } else {
    ordered.set(Array.from(positions).sort((a, b) => columns.rank[a]! - columns.rank[b]!));
  }
  if (out) return ordered;
  ordered.reverse();
  // Reversed, equal times came out by descending row: put each such run back.
  for (let i = 0; i < n; ) {
    const t = columns.time[ordered[i]!]!;
    let j = i + 1;
    while (j < n && columns.time[ordered[j]!] === t) j++;
    if (j - i > 1) ordered.subarray(i, j).reverse();
    i = j;
  }
  return ordered;
}

/** The transfer at a position of one side's columns as a trace lists it, carrying `taint`. */
export function traceEdgeAt(graph: TransferGraph, columns: AdjacencyColumns, k: number, out: boolean, asset: string, taint: bigint): TraceEdge {
  const owner = graph.address(columns.owner[k]!);
  const peer = graph.address(columns.peer[k]!);
  return {
    from: out ? owner : peer,
    to: out ? peer : owner,
    asset,
    amount: columns.amountExact[k]!,
    tx: columns.tx[k]!,
    index: columns.place[k]!,
    time: isoTime(columns.time[k]!),
    taint,
    id: columns.rowId[k]!,
  };
}

/** Address ids ordered by their hops, then address (as `<` compares strings). */
export function nodesInResultOrder(graph: TransferGraph, ids: readonly number[], hopsOf: (i: number) => number): number[] {
  const n = ids.length;
  const count = graph.addressCount;
  let maxHops = 0;
  for (let i = 0; i < n; i++) maxHops = Math.max(maxHops, hopsOf(i));
  if ((maxHops + 1) * count > Number.MAX_SAFE_INTEGER) {
    const idx = Array.from(ids, (_, i) => i);
    idx.sort((x, y) => hopsOf(x) - hopsOf(y) || graph.addressRank(ids[x]!) - graph.addressRank(ids[y]!));
    return idx.map((i) => ids[i]!);
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = hopsOf(i) * count + graph.addressRank(ids[i]!);
  keys.sort();
  const ordered = new Array<number>(n);
  for (let i = 0; i < n; i++) ordered[i] = graph.addressOfRank(keys[i]! % count);
  return ordered;
}

/** A transfer of the graph as a trace lists it, carrying `taint`. */
export function traceEdge(graph: TransferGraph, e: number, taint: bigint): TraceEdge {
  return {
    from: graph.address(graph.from(e)),
    to: graph.address(graph.to(e)),
    asset: graph.assetName(graph.asset(e)),
    amount: graph.amount(e),
    tx: graph.tx(e),
    index: graph.place(e),
    time: isoTime(graph.time(e)),
    taint,
    id: graph.rowId(e),
  };
}

let isoDay = NaN;
let isoPrefix = '';
/** `new Date(ms).toISOString()`, with the date part kept from the previous call of the same day. */
export function isoTime(ms: number): string {
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
