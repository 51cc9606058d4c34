import Graph from 'graphology';
import { bidirectional } from 'graphology-shortest-path/unweighted';
import type { Graph as CaseGraph, GraphEdge, GraphNode } from '../../../shared/api/contract';
import { foldForMatching } from '../../../shared/text/fold-text';
import { tagFlags } from './node-kinds';

/**
 * The graph view's model, free of React and cytoscape: which nodes and links are drawn for the
 * loaded network and the analyst's choices (hidden, revealed, groups, open or closed clusters),
 * search, shortest paths. Tested in node (test/renderer/graph/graph-model.test.ts).
 */

/** Above this many nodes the view starts bounded: the best-connected nodes and the clusters, closed; the rest on demand. */
export const BOUNDED_ABOVE = 2000;
/** How many best-connected nodes a bounded view starts with. */
export const OVERVIEW_TOP = 400;

export interface ViewChoices {
  hidden: ReadonlySet<number>;
  pinned: ReadonlySet<number>;
  /** nodes shown in a bounded view beyond the overview (expanded, searched, on a path) */
  revealed: ReadonlySet<number>;
  groups: readonly { name: string; nodeIds: readonly number[] }[];
  /** clusters the analyst opened or closed; the rest follow the default (open unless bounded) */
  openClusters: ReadonlySet<number>;
  closedClusters: ReadonlySet<number>;
}

export const emptyChoices = (): ViewChoices => ({ hidden: new Set(), pinned: new Set(), revealed: new Set(), groups: [], openClusters: new Set(), closedClusters: new Set() });

export interface VisNode {
  /** cytoscape id: the node id as a string, or `g:<name>` for an analyst's group */
  id: string;
  nodeId: number | null;
  kind: GraphNode['kind'] | 'group';
  label: string;
  parent: string | null;
  classes: string[];
  /** members folded into a closed cluster */
  size: number;
}

export interface VisEdge {
  /** `e<link id>`, or `m:<a>-<b>` for links folded into a closed cluster */
  id: string;
  edgeId: number | null;
  source: string;
  target: string;
  kind: GraphEdge['kind'];
  weight: number;
  /** how many links a folded edge stands for */
  count: number;
  classes: string[];
}

export interface Visible {
  nodes: VisNode[];
  edges: VisEdge[];
  bounded: boolean;
  /** loaded nodes not drawn because the view is bounded (hidden ones not counted) */
  notShown: number;
}

/** Precomputed lookups over one loaded graph; rebuilt only when the graph is reloaded. */
export class GraphIndex {
  readonly byId = new Map<number, GraphNode>();
  readonly edgeById = new Map<number, GraphEdge>();
  readonly links = new Map<number, GraphEdge[]>();
  /** ad → the cluster it is a member of (its first, should there be several) */
  readonly clusterOf = new Map<number, number>();
  readonly members = new Map<number, number[]>();
  private folded: Map<number, string> | null = null;

  constructor(readonly graph: CaseGraph) {
    for (const n of graph.nodes) {
      this.byId.set(n.id, n);
      this.links.set(n.id, []);
    }
    for (const e of graph.edges) {
      if (!this.byId.has(e.source) || !this.byId.has(e.target)) continue;
      this.edgeById.set(e.id, e);
      this.links.get(e.source)!.push(e);
      if (e.target !== e.source) this.links.get(e.target)!.push(e);
      if (e.kind === 'member_of') {
        const [member, cluster] = this.byId.get(e.target)!.kind === 'cluster' ? [e.source, e.target] : this.byId.get(e.source)!.kind === 'cluster' ? [e.target, e.source] : [null, null];
        if (member !== null && cluster !== null && !this.clusterOf.has(member)) {
          this.clusterOf.set(member, cluster);
          (this.members.get(cluster) ?? this.members.set(cluster, []).get(cluster)!).push(member);
        }
      }
    }
  }

  degree(id: number): number {
    return this.links.get(id)?.length ?? 0;
  }

  neighbours(id: number): number[] {
    const out = new Set<number>();
    for (const e of this.links.get(id) ?? []) out.add(e.source === id ? e.target : e.source);
    out.delete(id);
    return [...out];
  }

  /** A node's searchable text, folded once (case, diacritics, Cyrillic). */
  foldedText(id: number): string {
    this.folded ??= new Map();
    let s = this.folded.get(id);
    if (s === undefined) {
      const n = this.byId.get(id)!;
      s = foldForMatching([n.value, n.label ?? '', n.victim ?? '', ...n.tags].join(' '));
      this.folded.set(id, s);
    }
    return s;
  }
}

/** What a node is called on the canvas: a victim only by pseudonym, else its label, else its canonical value. */
export function nodeLabel(n: GraphNode): string {
  if (n.victim) return n.victim;
  return n.label && n.label !== n.value ? n.label : n.value;
}

function nodeClasses(n: GraphNode, choices: ViewChoices): string[] {
  const classes: string[] = [];
  if (n.victim) classes.push('victim');
  if (n.tags.length) {
    const flags = tagFlags(n.tags);
    if (flags.exit) classes.push('exit');
    if (flags.poisoning) classes.push('poison');
  }
  if (choices.pinned.has(n.id)) classes.push('pinned');
  return classes;
}

/** The best-connected nodes first; ties by id, so the overview is the same on every load. */
export function topByDegree(index: GraphIndex, count: number): number[] {
  return index.graph.nodes
    .map((n) => n.id)
    .sort((a, b) => index.degree(b) - index.degree(a) || a - b)
    .slice(0, count);
}

/** The nodes and links to draw for the loaded graph and the analyst's choices. */
export function visibleElements(index: GraphIndex, choices: ViewChoices, bounded = index.graph.nodes.length > BOUNDED_ABOVE): Visible {
  const { hidden } = choices;
  const shown = new Set<number>();
  if (bounded) {
    for (const id of topByDegree(index, OVERVIEW_TOP)) shown.add(id);
    for (const id of index.members.keys()) shown.add(id);
    for (const id of choices.revealed) if (index.byId.has(id)) shown.add(id);
  } else {
    for (const n of index.graph.nodes) shown.add(n.id);
  }
  for (const id of hidden) shown.delete(id);

  const open = (cluster: number) => choices.openClusters.has(cluster) || (!bounded && !choices.closedClusters.has(cluster));
  // an ad of a closed, drawn cluster is folded into it (whether or not it was among the best
  // connected), unless the analyst reached it directly
  const foldedInto = new Map<number, number>();
  for (const [member, cluster] of index.clusterOf) {
    if (shown.has(cluster) && !open(cluster) && !choices.revealed.has(member) && !hidden.has(member)) {
      foldedInto.set(member, cluster);
      shown.delete(member);
    }
  }

  const parent = new Map<number, string>();
  const groupIds = new Set<string>();
  for (const g of choices.groups) {
    for (const id of g.nodeIds) {
      if (shown.has(id) && !parent.has(id)) {
        parent.set(id, `g:${g.name}`);
        groupIds.add(`g:${g.name}`);
      }
    }
  }
  for (const [member, cluster] of index.clusterOf) {
    if (shown.has(member) && shown.has(cluster) && open(cluster) && !parent.has(member) && !parent.has(cluster)) parent.set(member, String(cluster));
  }

  const size = new Map<number, number>();
  for (const cluster of foldedInto.values()) size.set(cluster, (size.get(cluster) ?? 0) + 1);

  const nodes: VisNode[] = [];
  for (const g of choices.groups) {
    const id = `g:${g.name}`;
    if (groupIds.has(id)) nodes.push({ id, nodeId: null, kind: 'group', label: g.name, parent: null, classes: ['group'], size: 0 });
  }
  for (const n of index.graph.nodes) {
    if (!shown.has(n.id)) continue;
    const folded = size.get(n.id) ?? 0;
    const classes = nodeClasses(n, choices);
    if (n.kind === 'cluster' && !open(n.id) && folded > 0) classes.push('collapsed');
    const label = folded > 0 ? `${nodeLabel(n)} (${folded})` : nodeLabel(n);
    nodes.push({ id: String(n.id), nodeId: n.id, kind: n.kind, label, parent: parent.get(n.id) ?? null, classes, size: folded });
  }

  const edges: VisEdge[] = [];
  const meta = new Map<string, VisEdge>();
  const end = (id: number): number | null => (shown.has(id) ? id : (foldedInto.get(id) ?? null));
  for (const e of index.graph.edges) {
    const s = end(e.source);
    const t = end(e.target);
    if (s === null || t === null || s === t) continue;
    // containment already says "member of" for an open cluster's ads
    if (e.kind === 'member_of' && (parent.get(e.source) === String(e.target) || parent.get(e.target) === String(e.source))) continue;
    if (s === e.source && t === e.target) {
      edges.push({ id: `e${e.id}`, edgeId: e.id, source: String(s), target: String(t), kind: e.kind, weight: e.weight, count: 1, classes: [] });
      continue;
    }
    const key = s < t ? `m:${s}-${t}` : `m:${t}-${s}`;
    const m = meta.get(key);
    if (m) {
      m.count += 1;
      m.weight += e.weight;
    } else {
      meta.set(key, { id: key, edgeId: null, source: String(s), target: String(t), kind: e.kind, weight: e.weight, count: 1, classes: ['meta'] });
    }
  }
  edges.push(...meta.values());

  const notShown = bounded ? index.graph.nodes.filter((n) => !shown.has(n.id) && !hidden.has(n.id) && !foldedInto.has(n.id)).length : 0;
  return { nodes, edges, bounded, notShown };
}

/** Nodes whose value, label, pseudonym or tags contain the query; a phone may be typed as people write it (064 123 4567). */
export function searchNodes(index: GraphIndex, query: string, limit = 20): GraphNode[] {
  const q = foldForMatching(query);
  if (!q) return [];
  // digits as written locally: "064/123-4567" should find +381641234567, so leading zeros are dropped
  const digits = /^[\d\s+()./-]+$/.test(query.trim()) ? query.replace(/\D/g, '').replace(/^0+/, '') : '';
  const scored: { node: GraphNode; score: number }[] = [];
  for (const n of index.graph.nodes) {
    const text = index.foldedText(n.id);
    let score = -1;
    const value = foldForMatching(n.victim ?? n.value);
    if (value === q) score = 3;
    else if (value.startsWith(q)) score = 2;
    else if (text.includes(q)) score = 1;
    else if (digits.length >= 4 && !n.victim && n.value.replace(/\D/g, '').includes(digits)) score = 1;
    if (score >= 0) scored.push({ node: n, score });
  }
  scored.sort((a, b) => b.score - a.score || index.degree(b.node.id) - index.degree(a.node.id) || a.node.id - b.node.id);
  return scored.slice(0, limit).map((s) => s.node);
}

/**
 * The fewest-hops chain between two nodes over the loaded graph, ignoring direction and hidden
 * nodes; for each hop the heaviest link. Null when they are not connected.
 */
export function shortestPath(index: GraphIndex, a: number, b: number, hidden: ReadonlySet<number> = new Set()): { nodes: number[]; edges: number[] } | null {
  if (!index.byId.has(a)) throw new Error(`shortest path: node ${a} is not in the loaded graph`);
  if (!index.byId.has(b)) throw new Error(`shortest path: node ${b} is not in the loaded graph`);
  if (hidden.has(a) || hidden.has(b)) return null;
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const n of index.graph.nodes) if (!hidden.has(n.id)) g.addNode(String(n.id));
  const best = new Map<string, GraphEdge>();
  for (const e of index.edgeById.values()) {
    if (e.source === e.target || hidden.has(e.source) || hidden.has(e.target)) continue;
    const key = e.source < e.target ? `${e.source}-${e.target}` : `${e.target}-${e.source}`;
    const prev = best.get(key);
    if (!prev || e.weight > prev.weight) best.set(key, e);
    if (!prev) g.addEdge(String(e.source), String(e.target));
  }
  const path = bidirectional(g, String(a), String(b));
  if (!path) return null;
  const nodes = path.map(Number);
  const edges: number[] = [];
  for (let i = 1; i < nodes.length; i++) {
    const x = nodes[i - 1]!;
    const y = nodes[i]!;
    edges.push(best.get(x < y ? `${x}-${y}` : `${y}-${x}`)!.id);
  }
  return { nodes, edges };
}

/** Scales a metric to 0..1 over the drawn nodes and names the top `brokers` of them. */
export function rankMetric(values: Readonly<Record<string, number>>, drawn: readonly number[], brokers = 10): { scaled: Map<number, number>; top: Set<number> } {
  let max = 0;
  for (const id of drawn) max = Math.max(max, values[String(id)] ?? 0);
  const scaled = new Map<number, number>();
  for (const id of drawn) scaled.set(id, max > 0 ? (values[String(id)] ?? 0) / max : 0);
  const top = new Set(
    drawn
      .filter((id) => (values[String(id)] ?? 0) > 0)
      .sort((x, y) => (values[String(y)] ?? 0) - (values[String(x)] ?? 0) || x - y)
      .slice(0, brokers),
  );
  return { scaled, top };
}
