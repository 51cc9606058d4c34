import cytoscape, { type ElementDefinition } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import Graph from 'graphology';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import { createUnweightedIndexedBrandes } from 'graphology-shortest-path/indexed-brandes';

cytoscape.use(fcose);

export type Point = { x: number; y: number };

/** What the graph view asks to be placed: the visible nodes (with compound parents) and links. */
export interface LayoutRequest {
  nodes: { id: string; parent?: string | null }[];
  edges: { id: string; source: string; target: string }[];
  /** nodes that must not move (pinned by the analyst) */
  fixed?: Record<string, Point>;
  /** nodes already placed: the layout starts from here, so a reload does not reshuffle the picture */
  initial?: Record<string, Point>;
  /** seed of the pseudo-random start, so the same request gives the same picture */
  seed?: number;
}

export interface LayoutResult {
  positions: Record<string, Point>;
  layout: 'fcose';
  incremental: boolean;
  ms: number;
}

/** Degree and betweenness per node, to find brokers between parts of the network. */
export interface MetricsRequest {
  nodes: string[];
  edges: { source: string; target: string }[];
  /** above this many nodes betweenness is estimated from a seeded sample of sources (Brandes with pivots) */
  exactLimit?: number;
  samples?: number;
  seed?: number;
}

export interface MetricsResult {
  degree: Record<string, number>;
  betweenness: Record<string, number>;
  /** number of sampled sources when betweenness is an estimate, null when exact */
  sampled: number | null;
  ms: number;
}

/** Above this many nodes fcose runs its spectral phase only: seconds instead of minutes, and still readable. */
export const DRAFT_ABOVE = 3000;

/** mulberry32, kept here because workers may not import test helpers and shared/ has no PRNG. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** fcose draws its start and samples with Math.random; swapping in a seeded one makes layouts reproducible. */
function withSeed<T>(seed: number, run: () => T): T {
  const original = Math.random;
  Math.random = seeded(seed);
  try {
    return run();
  } finally {
    Math.random = original;
  }
}

function checkRequest(req: LayoutRequest): void {
  const ids = new Set<string>();
  for (const n of req.nodes) {
    if (typeof n.id !== 'string' || n.id === '') throw new Error('layout: a node without an id');
    if (ids.has(n.id)) throw new Error(`layout: node ${n.id} appears twice`);
    ids.add(n.id);
  }
  for (const n of req.nodes) {
    if (n.parent && !ids.has(n.parent)) throw new Error(`layout: node ${n.id} names parent ${n.parent}, which is not in the request`);
  }
  for (const e of req.edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) throw new Error(`layout: link ${e.id} joins ${e.source} and ${e.target}, not both in the request`);
  }
}

/**
 * Places the nodes with fcose on a headless cytoscape instance. When some nodes already have
 * positions, the others start beside their placed neighbours and fcose only refines (randomize
 * false needs quality "proof"), so known nodes stay roughly where the analyst saw them.
 */
export function computeLayout(req: LayoutRequest): LayoutResult {
  const started = performance.now();
  checkRequest(req);
  const fixed = req.fixed ?? {};
  const initial = { ...(req.initial ?? {}), ...fixed };
  const parents = new Set(req.nodes.map((n) => n.parent).filter((p): p is string => !!p));
  const leaves = req.nodes.filter((n) => !parents.has(n.id));
  const known = leaves.filter((n) => initial[n.id]).length;
  const incremental = known > 0 && known >= leaves.length / 2;
  const random = seeded(req.seed ?? 1);

  const start: Record<string, Point> = {};
  if (incremental) {
    const neighbours = new Map<string, string[]>();
    for (const e of req.edges) {
      (neighbours.get(e.source) ?? neighbours.set(e.source, []).get(e.source)!).push(e.target);
      (neighbours.get(e.target) ?? neighbours.set(e.target, []).get(e.target)!).push(e.source);
    }
    for (const n of leaves) {
      const at = initial[n.id];
      if (at) {
        start[n.id] = at;
        continue;
      }
      const placed = (neighbours.get(n.id) ?? []).map((m) => initial[m]).filter((p): p is Point => !!p);
      const cx = placed.length ? placed.reduce((s, p) => s + p.x, 0) / placed.length : 0;
      const cy = placed.length ? placed.reduce((s, p) => s + p.y, 0) / placed.length : 0;
      start[n.id] = { x: cx + (random() - 0.5) * 80, y: cy + (random() - 0.5) * 80 };
    }
  }

  const elements: ElementDefinition[] = [
    ...req.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id, ...(n.parent ? { parent: n.parent } : {}) }, ...(start[n.id] ? { position: { ...start[n.id]! } } : {}) })),
    ...req.edges.filter((e) => e.source !== e.target).map((e) => ({ group: 'edges' as const, data: { id: e.id, source: e.source, target: e.target } })),
  ];
  const cy = cytoscape({ headless: true, styleEnabled: true, elements, style: [{ selector: 'node', style: { width: 36, height: 36 } }] });
  const fixedNodeConstraint = Object.entries(fixed)
    .filter(([id]) => !parents.has(id) && cy.getElementById(id).nonempty())
    .map(([nodeId, position]) => ({ nodeId, position: { ...position } }));

  const large = leaves.length > DRAFT_ABOVE;
  withSeed(req.seed ?? 1, () => {
    if (leaves.length > 1) {
      cy.layout({
        name: 'fcose',
        quality: incremental ? 'proof' : large ? 'draft' : 'default',
        randomize: !incremental,
        animate: false,
        fit: false,
        nodeDimensionsIncludeLabels: false,
        uniformNodeDimensions: true,
        packComponents: false,
        nodeRepulsion: 6000,
        idealEdgeLength: 90,
        nodeSeparation: 90,
        numIter: large ? 800 : 2500,
        ...(fixedNodeConstraint.length ? { fixedNodeConstraint } : {}),
      } as cytoscape.LayoutOptions).run();
    }
  });

  const positions: Record<string, Point> = {};
  cy.nodes().forEach((n) => {
    if (parents.has(n.id())) return;
    const p = n.position();
    positions[n.id()] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
  });
  for (const [id, p] of Object.entries(fixed)) if (positions[id]) positions[id] = { ...p };
  cy.destroy();
  return { positions, layout: 'fcose', incremental, ms: Math.round(performance.now() - started) };
}

/**
 * Degree and betweenness on the undirected graph. Exact Brandes costs nodes × links; above
 * `exactLimit` nodes the sum runs over a seeded sample of sources and is scaled up, which keeps
 * the ranking of brokers while staying within a second or two on 10,000 nodes.
 */
export function computeMetrics(req: MetricsRequest): MetricsResult {
  const started = performance.now();
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const id of req.nodes) g.mergeNode(id);
  for (const e of req.edges) {
    if (e.source === e.target) continue;
    if (!g.hasNode(e.source) || !g.hasNode(e.target)) throw new Error(`metrics: link ${e.source}–${e.target} names a node that is not in the request`);
    g.mergeEdge(e.source, e.target);
  }
  const degree: Record<string, number> = {};
  g.forEachNode((n) => (degree[n] = g.degree(n)));

  const limit = req.exactLimit ?? 2500;
  const n = g.order;
  if (n <= limit) {
    const betweenness = betweennessCentrality(g, { normalized: true, getEdgeWeight: null });
    return { degree, betweenness, sampled: null, ms: Math.round(performance.now() - started) };
  }

  const samples = Math.min(n, req.samples ?? 256);
  const brandes = createUnweightedIndexedBrandes(g);
  const random = seeded(req.seed ?? 7);
  const picked = new Set<number>();
  while (picked.size < samples) picked.add(Math.floor(random() * n));
  const delta = new Float64Array(n);
  const centrality = new Float64Array(n);
  for (const s of picked) {
    const [S, P, sigma] = brandes(s);
    delta.fill(0);
    while (S.size !== 0) {
      const w = S.pop()!;
      const coefficient = (1 + delta[w]!) / sigma[w]!;
      for (const v of P[w]!) delta[v]! += sigma[v]! * coefficient;
      if (w !== s) centrality[w]! += delta[w]!;
    }
  }
  // scale the sample up to all sources, then normalise as the exact version does
  const scale = n / samples / ((n - 1) * (n - 2));
  for (let i = 0; i < n; i++) centrality[i]! *= scale;
  const betweenness = (brandes as unknown as { index: { collect(values: Float64Array): Record<string, number> } }).index.collect(centrality);
  return { degree, betweenness, sampled: samples, ms: Math.round(performance.now() - started) };
}

/** The API the layout worker exposes through comlink; tests call it in-process. */
export const layoutApi = {
  layout: (req: LayoutRequest): LayoutResult => computeLayout(req),
  metrics: (req: MetricsRequest): MetricsResult => computeMetrics(req),
};
export type LayoutApi = typeof layoutApi;
