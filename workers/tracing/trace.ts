/**
 * Follows value from a seed address through the transfer graph, hop by hop and forward in time,
 * under one taint model (taint-models.ts), and says where it went (`out`) or where it came from
 * (`in`).
 *
 * Choices, and why:
 * - The seed's balance is wholly tainted from `since` on: every outflow of the seed from `since`
 *   to `until` carries its full amount. The investigator picks the seed because its money is the
 *   money of interest; the models then decide what happens downstream.
 * - Every other address keeps its whole history in the computation (clean inflows from before
 *   `since` dilute a haircut, fill a FIFO queue); only transfers after `until` are not read.
 * - `in` is the mirror image: time runs backwards and inflows and outflows swap, so the same
 *   models say which earlier inflows funded a later outflow. There `until` bounds the seed and
 *   transfers before `since` are not read.
 * - Taint of an address's outflows depends on all its tainted inflows, which may arrive from
 *   nodes found later (a cycle in time, several paths). Nodes are expanded breadth first and
 *   re-expanded when the taint of one of their inflows changes, up to `maxRecomputes` times. Taint
 *   only grows along time-respecting paths of at most `hops` transfers, so this settles; the cap
 *   only guards against value circling within one timestamp.
 * - An outflow carries taint only if the tainted value had arrived before it left, so "a
 *   transfer before the funds arrived is not followed" falls out of the models themselves.
 * - `btc-tx:` nodes are pass-through: reaching one costs no hop, leaving it to an address does;
 *   the models apply to them as to addresses (all inputs first, then the outputs).
 * - Exits (a labelled exchange, bridge, mixer… as `isExit` says) are included with exit=true and
 *   the taint they received, but never expanded: value there leaves the chain's view. The seed is
 *   expanded even if it is labelled, since the investigator asked for it.
 * - Budgets keep a hub from swallowing the trace. `maxDegree` keeps, per node, the tainted
 *   outflows carrying the most taint (ties: larger amount, then earlier); `minAmount` drops
 *   outflows carrying less taint than it (dust); `maxNodes` stops adding nodes. Each cut is
 *   counted in `truncated`.
 * - Poison has its own path (poison-reach.ts): reachability forward in time, with the same
 *   results as the general one below and a fraction of its work; its `read` names only the
 *   outflows from each node's first tainted inflow on, so poison fingerprints differ from those
 *   of the general path (they were computed before that path existed).
 * - Without `asset`, each asset the seed sent (or received, for `in`) is traced separately and
 *   the results merged; a node is one address in one asset.
 */
import { fingerprint, type FingerprintLabel } from './fingerprint';
import { outflowTaints, type Flow, type TaintModel, type TaintedFlow } from './taint-models';
import type { TransferGraph } from './transfer-graph';
import { tracePoisonAsset } from './poison-reach';
import { exitLookup, type ExitTable } from './exit-table';
import { edgesInViewOrder, nodesInResultOrder, traceEdge } from './trace-order';

export interface AddressLabel {
  label: string;
  category: string | null;
}

export interface TraceBudgets {
  /** nodes in the result, all assets together (default 5,000) */
  maxNodes?: number | undefined;
  /** tainted outflows followed per node (default 500) */
  maxDegree?: number | undefined;
  /** expansions of one node as its inflows change (default 64): a guard against same-time cycles */
  maxRecomputes?: number | undefined;
}

export interface TraceParams {
  seed: string;
  direction: 'out' | 'in';
  hops: number;
  model: TaintModel;
  /** trace only this asset (`trc20:tron:T…`, `ETH`, `BTC`); default: every asset of the seed */
  asset?: string | undefined;
  /** ISO 8601 UTC */
  since?: string | undefined;
  until?: string | undefined;
  /** outflows carrying less taint than this (base units) are not followed */
  minAmount?: bigint | undefined;
  budgets?: TraceBudgets | undefined;
  /** the labels of an exit (exchange, bridge, mixer), or null for an address to follow */
  isExit?: ((address: string) => AddressLabel[] | null) | undefined;
  /** the same answers as `isExit`, resolved to this graph's address ids (exit-table.ts); asked instead of it when given */
  exits?: ExitTable | undefined;
}

export interface TraceNode {
  address: string;
  hops: number;
  /** tainted value received (for the seed: sent), base units */
  taint: bigint;
  asset: string;
  labels: AddressLabel[];
  exit: boolean;
}

export interface TraceEdge {
  from: string;
  to: string;
  asset: string;
  amount: bigint;
  tx: string;
  index: string;
  /** ISO 8601 UTC */
  time: string;
  taint: bigint;
  /** the transfer's row id in the store */
  id: number;
}

export type TruncationReason = 'maxNodes' | 'maxDegree' | 'minAmount' | 'maxRecomputes';

export interface Truncation {
  reasons: TruncationReason[];
  /** tainted transfers not followed because the node budget was spent */
  edgesPastMaxNodes: number;
  /** nodes whose tainted outflows were cut to maxDegree */
  hubs: Array<{ address: string; asset: string; kept: number; tainted: number }>;
  /** tainted outflows below minAmount */
  belowMinAmount: number;
  /** nodes whose inflows were still changing when maxRecomputes was reached */
  unsettled: string[];
}

export interface TraceResult {
  seed: string;
  direction: 'out' | 'in';
  model: TaintModel;
  hops: number;
  assets: string[];
  nodes: TraceNode[];
  edges: TraceEdge[];
  truncated: Truncation | null;
  /** graph edge indices of the transfers the computation read, unsorted and possibly repeated: for the fingerprint */
  read: number[];
}

export const DEFAULT_BUDGETS = { maxNodes: 5000, maxDegree: 500, maxRecomputes: 64 } as const;

interface NodeState {
  id: number;
  hops: number;
  exit: AddressLabel[] | null;
  queued: boolean;
  expansions: number;
  /** view time of the earliest tainted inflow */
  firstTaint?: number;
  /** built on the first expansion and kept: a node may be expanded again when its inflows change */
  forward?: number[];
  outflows?: Flow[];
  inflowEdges?: number[];
  inflows?: TaintedFlow[];
}

/** The direction-independent view of the graph: "forward" is the way value is being followed. */
interface View {
  /** forward (outflow) edges of a node in one asset up to viewEnd, in ascending view time */
  forward(id: number, asset: number, viewEnd: number): number[];
  /** backward (inflow) edges of a node in one asset up to viewEnd, in ascending view time */
  backward(id: number, asset: number, viewEnd: number): number[];
  peer(e: number): number;
  source(e: number): number;
  vtime(e: number): number;
  /** position in the transaction, negated with time for `in` */
  vseq(e: number): number;
}

function makeView(g: TransferGraph, direction: 'out' | 'in'): View {
  // Straight loops over the CSR slices: these run once per expanded node and dominate a trace.
  const collect = (adj: { edges: Int32Array; start: number; end: number }, reverse: boolean, asset: number, viewEnd: number): number[] => {
    const out: number[] = [];
    const edges = adj.edges;
    if (reverse) {
      for (let k = adj.end - 1; k >= adj.start; k--) {
        const e = edges[k]!;
        if (-g.time(e) > viewEnd) break;
        if (g.asset(e) === asset) out.push(e);
      }
    } else {
      for (let k = adj.start; k < adj.end; k++) {
        const e = edges[k]!;
        if (g.time(e) > viewEnd) break;
        if (g.asset(e) === asset) out.push(e);
      }
    }
    return out;
  };
  if (direction === 'out') {
    return {
      forward: (id, asset, viewEnd) => collect(g.outgoing(id), false, asset, viewEnd),
      backward: (id, asset, viewEnd) => collect(g.incoming(id), false, asset, viewEnd),
      peer: (e) => g.to(e),
      source: (e) => g.from(e),
      vtime: (e) => g.time(e),
      vseq: (e) => g.seq(e),
    };
  }
  return {
    forward: (id, asset, viewEnd) => collect(g.incoming(id), true, asset, viewEnd),
    backward: (id, asset, viewEnd) => collect(g.outgoing(id), true, asset, viewEnd),
    peer: (e) => g.from(e),
    source: (e) => g.to(e),
    vtime: (e) => -g.time(e),
    vseq: (e) => -g.seq(e),
  };
}

function parseTime(iso: string | undefined, name: string): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new RangeError(`${name}: not a time: ${iso}`);
  return t;
}

export interface Cuts {
  edgesPastMaxNodes: number;
  hubs: Truncation['hubs'];
  belowMinAmount: number;
  unsettled: string[];
}

export interface TraceOptions {
  /**
   * Trace poison through the general path too, not its own (poison-reach.ts). Same nodes, edges
   * and cuts, only slower and reading more: the reference the tests hold the fast path to.
   */
  generalPoison?: boolean | undefined;
}

/** Follows tainted value from `params.seed`; see the module comment for the rules. */
export function traceFunds(graph: TransferGraph, params: TraceParams, options: TraceOptions = {}): TraceResult {
  if (!Number.isInteger(params.hops) || params.hops < 0) throw new RangeError(`hops must be a whole number ≥ 0, not ${params.hops}`);
  const since = parseTime(params.since, 'since');
  const until = parseTime(params.until, 'until');
  const out = params.direction === 'out';
  // In view time (negated for `in`): the seed's outflows from seedStart on; nothing after viewEnd.
  const seedStart = out ? (since ?? -Infinity) : until === undefined ? -Infinity : -until;
  const viewEnd = out ? (until ?? Infinity) : since === undefined ? Infinity : -since;
  const view = makeView(graph, params.direction);
  const result: TraceResult = { seed: params.seed, direction: params.direction, model: params.model, hops: params.hops, assets: [], nodes: [], edges: [], truncated: null, read: [] };
  const seedId = graph.addressId(params.seed);
  if (seedId === undefined) return result;

  let assets: number[];
  if (params.asset !== undefined) {
    const a = graph.assetId(params.asset);
    assets = a === undefined ? [] : [a];
  } else {
    const seen = new Set<number>();
    const adj = out ? graph.outgoing(seedId) : graph.incoming(seedId);
    for (let k = adj.start; k < adj.end; k++) {
      const e = adj.edges[k]!;
      const t = view.vtime(e);
      if (t >= seedStart && t <= viewEnd) seen.add(graph.asset(e));
    }
    assets = [...seen].sort((x, y) => (graph.assetName(x) < graph.assetName(y) ? -1 : 1));
  }

  const cuts: Cuts = { edgesPastMaxNodes: 0, hubs: [], belowMinAmount: 0, unsettled: [] };
  const read: number[] = [];
  const budget = {
    maxNodes: params.budgets?.maxNodes ?? DEFAULT_BUDGETS.maxNodes,
    maxDegree: params.budgets?.maxDegree ?? DEFAULT_BUDGETS.maxDegree,
    maxRecomputes: params.budgets?.maxRecomputes ?? DEFAULT_BUDGETS.maxRecomputes,
  };
  let nodesLeft = budget.maxNodes;
  for (const asset of assets) {
    const one =
      params.model === 'poison' && options.generalPoison !== true
        ? tracePoisonAsset(graph, out, params, seedId, asset, { seedStart, viewEnd }, budget, () => nodesLeft, (n) => (nodesLeft -= n), cuts, read)
        : traceAsset(graph, view, params, seedId, asset, { seedStart, viewEnd }, budget, () => nodesLeft, (n) => (nodesLeft -= n), cuts, read);
    result.assets.push(graph.assetName(asset));
    result.nodes.push(...one.nodes);
    result.edges.push(...one.edges);
  }
  result.read = read;
  const reasons: TruncationReason[] = [];
  if (cuts.edgesPastMaxNodes > 0) reasons.push('maxNodes');
  if (cuts.hubs.length > 0) reasons.push('maxDegree');
  if (cuts.belowMinAmount > 0) reasons.push('minAmount');
  if (cuts.unsettled.length > 0) reasons.push('maxRecomputes');
  if (reasons.length > 0) result.truncated = { reasons, ...cuts };
  return result;
}

function traceAsset(
  graph: TransferGraph,
  view: View,
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
  const exitOf = exitLookup(graph, params);
  const states = new Map<number, NodeState>();
  const edgeTaint = new Map<number, bigint>();
  // One FIFO queue: first discoveries come out in hop order (breadth first), and a node whose
  // inflows change goes to the back, so it is expanded again once with every change since.
  const queue: number[] = [];
  let head = 0;
  const enqueue = (s: NodeState): void => {
    if (s.queued || s.exit !== null || s.hops >= params.hops) return;
    if (s.expansions >= budget.maxRecomputes) {
      const address = graph.address(s.id);
      if (!cuts.unsettled.includes(address)) cuts.unsettled.push(address);
      return;
    }
    s.queued = true;
    queue.push(s.id);
  };

  const seed: NodeState = { id: seedId, hops: 0, exit: null, queued: false, expansions: 0 };
  states.set(seedId, seed);
  spendNodes(1);
  enqueue(seed);

  const deliver = (from: NodeState, e: number, taint: bigint): void => {
    const target = view.peer(e);
    const hops = from.hops + (graph.isTxNode(target) ? 0 : 1);
    let s = states.get(target);
    if (s === undefined) {
      if (nodesLeft() <= 0) {
        cuts.edgesPastMaxNodes++;
        return;
      }
      spendNodes(1);
      const exit = graph.isTxNode(target) ? null : exitOf(target);
      s = { id: target, hops, exit, queued: false, expansions: 0 };
      states.set(target, s);
    } else if (hops < s.hops) {
      s.hops = hops;
    } else if (params.model === 'poison' && s.firstTaint !== undefined && view.vtime(e) > s.firstTaint) {
      // Under poison only the earliest tainted inflow matters: a later one changes nothing.
      edgeTaint.set(e, taint);
      return;
    }
    const t = view.vtime(e);
    if (s.firstTaint === undefined || t < s.firstTaint) s.firstTaint = t;
    edgeTaint.set(e, taint);
    if (target !== seedId) enqueue(s);
  };

  while (head < queue.length) {
    const s = states.get(queue[head++]!)!;
    s.queued = false;
    s.expansions++;
    if (s.forward === undefined) {
      s.forward = view.forward(s.id, asset, window.viewEnd);
      for (const e of s.forward) read.push(e);
    }
    const forward = s.forward;
    let taints: bigint[];
    if (s.id === seedId) {
      taints = forward.map((e) => (view.vtime(e) >= window.seedStart ? graph.amount(e) : 0n));
    } else if (params.model === 'poison' && s.firstTaint !== undefined && !forward.some((e) => view.vtime(e) === s.firstTaint)) {
      // Poison needs no balance: everything leaving after the first tainted inflow is tainted.
      // (An outflow at that very time goes the general way, for the same-transaction rule.)
      const first = s.firstTaint;
      taints = forward.map((e) => (view.vtime(e) > first ? graph.amount(e) : 0n));
    } else {
      if (s.inflows === undefined || s.inflowEdges === undefined || s.outflows === undefined) {
        s.inflowEdges = view.backward(s.id, asset, window.viewEnd);
        s.inflows = s.inflowEdges.map((e) => {
          read.push(e);
          return { time: view.vtime(e), amount: graph.amount(e), taint: 0n, tx: graph.tx(e), seq: view.vseq(e) };
        });
        s.outflows = forward.map((e) => ({ time: view.vtime(e), amount: graph.amount(e), tx: graph.tx(e), seq: view.vseq(e) }));
      }
      for (let i = 0; i < s.inflowEdges.length; i++) s.inflows[i]!.taint = edgeTaint.get(s.inflowEdges[i]!) ?? 0n;
      taints = outflowTaints(params.model, s.inflows, s.outflows);
    }
    const tainted: number[] = [];
    for (let i = 0; i < forward.length; i++) {
      const t = taints[i]!;
      if (t === 0n) continue;
      if (t < minAmount) {
        if (s.expansions === 1) cuts.belowMinAmount++;
        continue;
      }
      tainted.push(i);
    }
    let follow = tainted;
    if (tainted.length > budget.maxDegree) {
      follow = [...tainted].sort((x, y) => {
        const tx = taints[x]!;
        const ty = taints[y]!;
        if (tx !== ty) return tx > ty ? -1 : 1;
        const ax = graph.amount(forward[x]!);
        const ay = graph.amount(forward[y]!);
        if (ax !== ay) return ax > ay ? -1 : 1;
        return x - y;
      }).slice(0, budget.maxDegree);
      if (s.expansions === 1) cuts.hubs.push({ address: graph.address(s.id), asset: assetName, kept: follow.length, tainted: tainted.length });
    }
    for (const i of follow) {
      const e = forward[i]!;
      if (edgeTaint.get(e) === taints[i]) continue;
      deliver(s, e, taints[i]!);
    }
  }

  const received = new Map<number, bigint>();
  let seedSent = 0n;
  // In view time, then row; nodes by hops, then address (trace-order.ts: by precomputed ranks).
  const edges: TraceEdge[] = [];
  for (const e of edgesInViewOrder(graph, [...edgeTaint.keys()], params.direction === 'out')) {
    const taint = edgeTaint.get(e)!;
    const target = view.peer(e);
    received.set(target, (received.get(target) ?? 0n) + taint);
    if (view.source(e) === seedId) seedSent += taint;
    edges.push(traceEdge(graph, e, taint));
  }
  const reached = [...states.values()];
  const nodes: TraceNode[] = [];
  for (const id of nodesInResultOrder(graph, reached.map((s) => s.id), (i) => reached[i]!.hops)) {
    const s = states.get(id)!;
    nodes.push({
      address: graph.address(s.id),
      hops: s.hops,
      taint: s.id === seedId ? seedSent : (received.get(s.id) ?? 0n),
      asset: assetName,
      labels: s.exit ?? [],
      exit: s.exit !== null,
    });
  }
  return { nodes, edges };
}

/** The parameters a fingerprint covers: everything but the exit callback, with defaults filled in. */
export function canonicalParams(params: TraceParams): Record<string, unknown> {
  return {
    seed: params.seed,
    direction: params.direction,
    hops: params.hops,
    model: params.model,
    asset: params.asset ?? null,
    since: params.since ?? null,
    until: params.until ?? null,
    minAmount: params.minAmount ?? 0n,
    budgets: { ...DEFAULT_BUDGETS, ...Object.fromEntries(Object.entries(params.budgets ?? {}).filter(([, v]) => v !== undefined)) },
  };
}

/** The fingerprint of a finished trace: its parameters, every transfer it read, the exit labels. */
export function traceFingerprint(graph: TransferGraph, params: TraceParams, result: TraceResult): string {
  const labels: FingerprintLabel[] = result.nodes.filter((n) => n.exit).map((n) => ({ address: n.address, labels: n.labels }));
  const read = Int32Array.from(result.read).sort();
  const transfers = read.filter((e, i) => i === 0 || e !== read[i - 1]);
  return fingerprint(canonicalParams(params), Array.from(transfers, (e) => graph.transfer(e)), labels);
}
