import { describe, expect, it } from 'vitest';
import type { Graph, GraphEdge, GraphNode } from '../../../shared/api/contract';
import { GraphIndex, emptyChoices, rankMetric, searchNodes, shortestPath, visibleElements, nodeLabel, type ViewChoices } from '../../../renderer/src/graph/graph-model';
import { tagFlags } from '../../../renderer/src/graph/node-kinds';

// A small network of our own: a recruiter's phone in a chat and in two near-duplicate ads (one cluster),
// a wallet paid by the recruiter's account, an exchange wallet, and a victim.
const node = (id: number, kind: GraphNode['kind'], value: string, extra: Partial<GraphNode> = {}): GraphNode => ({ id, kind, value, label: null, victim: null, tags: [], ...extra });
let nextEdge = 100;
const edge = (source: number, target: number, kind: GraphEdge['kind'], weight = 1): GraphEdge => ({ id: nextEdge++, source, target, kind, weight, evidenceCount: 1, firstSeen: null, lastSeen: null });

const nodes: GraphNode[] = [
  node(1, 'phone', '+381641234567'),
  node(2, 'account', 'whatsapp:+381641234567', { label: 'Marko Đorđević' }),
  node(3, 'chat', 'whatsapp:chat:posao-bec', { label: 'Posao Beč' }),
  node(4, 'ad', 'ad:oglasi.rs/A-1', { label: 'Posao u Beču, smještaj obezbijeđen' }),
  node(5, 'ad', 'ad:oglasi.rs/A-2', { label: 'Posao u Beču!' }),
  node(6, 'cluster', 'cluster:oglasi.rs/A-1'),
  node(7, 'wallet', 'tron:TXa1', { tags: ['exchange: Binance'] }),
  node(8, 'wallet', 'tron:TPois0n', { tags: ['poisoning: look-alike of tron:TXa1'] }),
  node(9, 'account', 'V-001', { victim: 'V-001' }),
  node(10, 'email', 'nobody@example.org'),
];
const edges: GraphEdge[] = [
  edge(2, 3, 'member_of'),
  edge(9, 3, 'member_of'),
  edge(3, 1, 'mentions', 3),
  edge(4, 1, 'lists_contact'),
  edge(5, 1, 'lists_contact'),
  edge(4, 6, 'member_of'),
  edge(5, 6, 'member_of'),
  edge(2, 7, 'paid', 5),
  edge(7, 8, 'paid'),
];
const graph: Graph = { nodes, edges };
const index = new GraphIndex(graph);
const choose = (c: Partial<ViewChoices>): ViewChoices => ({ ...emptyChoices(), ...c });
const ids = (v: { nodes: { id: string }[] }) => v.nodes.map((n) => n.id).sort();

describe('visible elements', () => {
  it('draws every node of a small graph, with clusters open as compound parents of their ads', () => {
    const v = visibleElements(index, emptyChoices());
    expect(v.bounded).toBe(false);
    expect(ids(v)).toEqual(['1', '10', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(v.nodes.find((n) => n.id === '4')!.parent).toBe('6');
    // containment says "member of": those two links are not drawn again
    expect(v.edges.some((e) => e.kind === 'member_of' && e.target === '6')).toBe(false);
    expect(v.edges).toHaveLength(edges.length - 2);
  });

  it('folds a closed cluster: its ads disappear into it and their links become one dashed link', () => {
    const v = visibleElements(index, choose({ closedClusters: new Set([6]) }));
    expect(ids(v)).not.toContain('4');
    const cluster = v.nodes.find((n) => n.id === '6')!;
    expect(cluster.classes).toContain('collapsed');
    expect(cluster.size).toBe(2);
    expect(cluster.label).toBe('cluster:oglasi.rs/A-1 (2)');
    const meta = v.edges.filter((e) => e.classes.includes('meta'));
    expect(meta).toEqual([expect.objectContaining({ id: 'm:1-6', count: 2, edgeId: null })]);
  });

  it('leaves hidden nodes and their links out, and keeps them out of folded links', () => {
    const v = visibleElements(index, choose({ hidden: new Set([1]) }));
    expect(ids(v)).not.toContain('1');
    expect(v.edges.some((e) => e.source === '1' || e.target === '1')).toBe(false);
  });

  it('puts grouped nodes under a group parent, before any cluster parent', () => {
    const v = visibleElements(index, choose({ groups: [{ name: 'Recruiter', nodeIds: [1, 2, 4] }] }));
    expect(v.nodes.find((n) => n.id === 'g:Recruiter')).toMatchObject({ kind: 'group', nodeId: null, label: 'Recruiter' });
    expect(v.nodes.filter((n) => n.parent === 'g:Recruiter').map((n) => n.id).sort()).toEqual(['1', '2', '4']);
    expect(v.nodes.find((n) => n.id === '5')!.parent).toBe('6');
  });

  it('marks victims, exits, poisoning suspects and pinned nodes', () => {
    const v = visibleElements(index, choose({ pinned: new Set([1]) }));
    const classes = (id: string) => v.nodes.find((n) => n.id === id)!.classes;
    expect(classes('9')).toContain('victim');
    expect(classes('7')).toContain('exit');
    expect(classes('8')).toContain('poison');
    expect(classes('1')).toContain('pinned');
    expect(classes('2')).toEqual([]);
    expect(v.nodes.find((n) => n.id === '9')!.label).toBe('V-001');
  });

  it('starts a bounded view with the best-connected nodes and closed clusters, and grows by what is revealed', () => {
    const v = visibleElements(index, emptyChoices(), true);
    // everything fits in the overview here, but clusters start closed
    expect(v.nodes.find((n) => n.id === '6')!.classes).toContain('collapsed');
    expect(ids(v)).not.toContain('4');
    const opened = visibleElements(index, choose({ openClusters: new Set([6]) }), true);
    expect(opened.nodes.find((n) => n.id === '4')!.parent).toBe('6');
  });

  it('bounds a big graph to the overview and counts what is not shown', () => {
    const many: GraphNode[] = Array.from({ length: 2500 }, (_, i) => node(i + 1, 'phone', `+3816000${i}`));
    const star: GraphEdge[] = many.slice(1).map((n) => edge(1, n.id, 'mentions'));
    const big = new GraphIndex({ nodes: many, edges: star });
    const v = visibleElements(big, emptyChoices());
    expect(v.bounded).toBe(true);
    expect(v.nodes).toHaveLength(400);
    expect(v.nodes[0]!.id).toBe('1');
    expect(v.notShown).toBe(2100);
    const more = visibleElements(big, choose({ revealed: new Set([2500]) }));
    expect(more.nodes.map((n) => n.id)).toContain('2500');
  });
});

describe('search', () => {
  it('matches values and labels without regard to case or diacritics', () => {
    // đ folds to "dj", as in the message search: both spellings find it
    expect(searchNodes(index, 'djordjevic').map((n) => n.id)).toEqual([2]);
    expect(searchNodes(index, 'ĐORĐEVIĆ').map((n) => n.id)).toEqual([2]);
    expect(searchNodes(index, 'BEČU').map((n) => n.id).sort()).toEqual([4, 5]);
    expect(searchNodes(index, 'binance').map((n) => n.id)).toEqual([7]);
  });

  it('finds a phone typed the way people write it, and ranks the exact value first', () => {
    expect(searchNodes(index, '064 123 4567').map((n) => n.id)).toEqual([1, 2]);
    expect(searchNodes(index, '+381641234567')[0]!.id).toBe(1);
  });

  it('finds a victim by pseudonym only', () => {
    expect(searchNodes(index, 'v-001').map((n) => n.id)).toEqual([9]);
    expect(nodeLabel(nodes[8]!)).toBe('V-001');
  });

  it('returns nothing for an empty query', () => {
    expect(searchNodes(index, '  ')).toEqual([]);
  });
});

describe('shortest path', () => {
  it('goes through the fewest hops, ignoring link direction', () => {
    const p = shortestPath(index, 9, 7)!;
    expect(p.nodes).toEqual([9, 3, 2, 7]);
    expect(p.edges.map((id) => index.edgeById.get(id)!.kind)).toEqual(['member_of', 'member_of', 'paid']);
  });

  it('avoids hidden nodes and says when there is no path', () => {
    expect(shortestPath(index, 9, 7, new Set([2]))).toBeNull();
    expect(shortestPath(index, 1, 10)).toBeNull();
  });

  it('names a node that is not loaded', () => {
    expect(() => shortestPath(index, 1, 999)).toThrow(/node 999 is not in the loaded graph/);
  });
});

describe('metrics and tags', () => {
  it('scales a metric over the drawn nodes and names the top brokers', () => {
    const { scaled, top } = rankMetric({ '1': 4, '2': 2, '3': 0 }, [1, 2, 3], 1);
    expect(scaled.get(1)).toBe(1);
    expect(scaled.get(2)).toBe(0.5);
    expect([...top]).toEqual([1]);
  });

  it('reads exits and poisoning from wallet tags', () => {
    expect(tagFlags(['exchange: Binance'])).toEqual({ exit: true, poisoning: false });
    expect(tagFlags(['poisoning: look-alike'])).toEqual({ exit: false, poisoning: true });
    expect(tagFlags(['scam: reported'])).toEqual({ exit: false, poisoning: false });
  });
});
