import Graph from 'graphology';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import { describe, expect, it } from 'vitest';
import { computeLayout, computeMetrics } from '../../../workers/layout/layout.api';
import { seededRandom } from '../../helpers/seeded-random';

// two triangles joined by a bridge node 7: the broker of this small network
const nodes = ['1', '2', '3', '4', '5', '6', '7'].map((id) => ({ id }));
const pairs: [string, string][] = [['1', '2'], ['2', '3'], ['3', '1'], ['4', '5'], ['5', '6'], ['6', '4'], ['3', '7'], ['7', '4']];
const edges = pairs.map(([source, target], i) => ({ id: `e${i}`, source, target }));
const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('layout engine (fcose on headless cytoscape)', () => {
  it('places every node, apart from each other, the same way for the same request', () => {
    const a = computeLayout({ nodes, edges });
    const b = computeLayout({ nodes, edges });
    expect(Object.keys(a.positions).sort()).toEqual(nodes.map((n) => n.id));
    expect(a.positions).toEqual(b.positions);
    expect(a.incremental).toBe(false);
    const ps = Object.values(a.positions);
    for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) expect(dist(ps[i]!, ps[j]!)).toBeGreaterThan(10);
    // linked nodes end up closer than the two far ends of the bridge
    expect(dist(a.positions['1']!, a.positions['2']!)).toBeLessThan(dist(a.positions['1']!, a.positions['6']!));
  });

  it('keeps pinned nodes exactly where they are and known nodes near where they were', () => {
    const first = computeLayout({ nodes, edges });
    const withNew = { nodes: [...nodes, { id: '8' }], edges: [...edges, { id: 'e9', source: '8', target: '1' }] };
    const pinned = { '7': { x: 500, y: -500 } };
    const next = computeLayout({ ...withNew, initial: first.positions, fixed: pinned });
    expect(next.incremental).toBe(true);
    expect(next.positions['7']).toEqual({ x: 500, y: -500 });
    expect(next.positions['8']).toBeDefined();
    expect(dist(next.positions['8']!, next.positions['1']!)).toBeLessThan(400);
  });

  it('lays out compound nodes (groups, open clusters) around their children', () => {
    const r = computeLayout({ nodes: [{ id: 'g:A' }, { id: '1', parent: 'g:A' }, { id: '2', parent: 'g:A' }, { id: '3' }], edges: [{ id: 'e', source: '2', target: '3' }] });
    expect(Object.keys(r.positions).sort()).toEqual(['1', '2', '3']);
  });

  it('rejects a request that names unknown nodes', () => {
    expect(() => computeLayout({ nodes, edges: [{ id: 'x', source: '1', target: '99' }] })).toThrow(/link x joins 1 and 99/);
    expect(() => computeLayout({ nodes: [{ id: '1', parent: 'g:none' }], edges: [] })).toThrow(/parent g:none/);
    expect(() => computeLayout({ nodes: [{ id: '1' }, { id: '1' }], edges: [] })).toThrow(/node 1 appears twice/);
  });
});

describe('centrality', () => {
  it('finds the bridge as the broker, exactly like graphology on a small graph', () => {
    const m = computeMetrics({ nodes: nodes.map((n) => n.id), edges });
    expect(m.sampled).toBeNull();
    expect(m.degree['3']).toBe(3);
    expect(m.degree['7']).toBe(2);
    const top = Object.entries(m.betweenness).sort((a, b) => b[1] - a[1])[0]![0];
    expect(['3', '7', '4']).toContain(top);
    expect(m.betweenness['7']).toBeGreaterThan(m.betweenness['1']!);
  });

  it('estimates betweenness from a sample on large graphs, close to the exact value', () => {
    const random = seededRandom(42);
    const n = 600;
    const ids = Array.from({ length: n }, (_, i) => String(i));
    const links = Array.from({ length: n * 2 }, () => ({ source: String(Math.floor(random() * n)), target: String(Math.floor(random() * n)) }));
    const sampled = computeMetrics({ nodes: ids, edges: links, exactLimit: 100, samples: 300 });
    expect(sampled.sampled).toBe(300);
    const g = new Graph({ type: 'undirected' });
    for (const id of ids) g.addNode(id);
    for (const l of links) if (l.source !== l.target && !g.hasEdge(l.source, l.target)) g.addEdge(l.source, l.target);
    const exact = betweennessCentrality(g, { getEdgeWeight: null });
    const top = (b: Record<string, number>) => Object.entries(b).sort((x, y) => y[1] - x[1]).slice(0, 10).map(([id]) => id);
    const overlap = top(exact).filter((id) => top(sampled.betweenness).includes(id)).length;
    expect(overlap).toBeGreaterThanOrEqual(6);
  });

  it('names a link to a node that is not in the request', () => {
    expect(() => computeMetrics({ nodes: ['1'], edges: [{ source: '1', target: '2' }] })).toThrow(/link 1–2/);
  });
});
