import cytoscape, { type Core, type ElementDefinition, type EventObject } from 'cytoscape';
import { useCallback, useEffect, useMemo, useRef, useState, type JSX, type KeyboardEvent } from 'react';
import { LINK_KINDS, NODE_KINDS, type CaseApi, type Graph, type GraphFilter, type SourceInfo } from '../../../shared/api/contract';
import type { NitkaErrorValue } from '../../../shared/result';
import type { MetricsResult, Point } from '../../../workers/layout/layout.api';
import { useI18n } from '../i18n/i18n';
import { LARGE_ELEMENTS, graphStyle, kindData, readTheme, rendererOptions, webglAvailable } from './cy-config';
import { GraphIndex, OVERVIEW_TOP, emptyChoices, rankMetric, searchNodes, shortestPath, visibleElements, type ViewChoices, type Visible, type VisNode } from './graph-model';
import { layoutWorker } from './layout-client';
import { NODE_KIND_STYLE, kindIcon, tagFlags } from './node-kinds';
import './graph.css';

export type GraphSelection = { nodes: number[]; edge: number | null };
export interface GraphViewProps {
  api: CaseApi;
  /** bumps when the case changed (ingest, decision, victim flag): reload the graph, keep positions of known nodes */
  version: number;
  selection: GraphSelection;
  onSelect(selection: GraphSelection): void;
  /** ask the shell to open the evidence panel / timeline for the selection */
  onOpenEvidence?(selection: GraphSelection): void;
  /** a node to focus (centre, select, expand) — e.g. from a search elsewhere or the trace view */
  focus?: number | null;
}

type NodeKind = (typeof NODE_KINDS)[number];
type LinkKind = (typeof LINK_KINDS)[number];
type MetricMode = 'none' | 'degree' | 'betweenness';
type Phase = 'loading' | 'layout' | 'ready' | 'error';

/** The view kept automatically with the case, so reopening shows the same picture. */
const DEFAULT_VIEW = 'default';
const SAVE_DELAY_MS = 1500;
/** In a large graph, labels appear from this zoom on, for at most this many nodes in view. */
const LABEL_ZOOM = 0.6;
const MAX_LABELS = 1500;

const toNodeDef = (n: VisNode, at: Point | undefined): ElementDefinition => ({
  group: 'nodes',
  data: { id: n.id, kind: n.kind, ...kindData(n.kind), label: n.label, size: n.size, ...(n.parent ? { parent: n.parent } : {}) },
  classes: n.classes.join(' '),
  ...(at ? { position: { ...at } } : {}),
});

/** Parents before children: groups, then top-level nodes, then members of groups, then members of open clusters. */
const tier = (n: VisNode) => (n.kind === 'group' ? 0 : n.parent === null ? 1 : n.parent.startsWith('g:') ? 2 : 3);

function isoOrUndefined(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The network workbench: cytoscape canvas, search, filters, expand/hide/pin/group, paths, clusters, centrality, saved views. */
export function GraphView(props: GraphViewProps): JSX.Element {
  const { api, version, selection, onSelect, onOpenEvidence, focus } = props;
  const { t } = useI18n();

  const containerRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const cyRef = useRef<Core | null>(null);
  const cyLargeRef = useRef<boolean | null>(null);
  const positions = useRef(new Map<string, Point>());
  const saveTimer = useRef<number | null>(null);
  const layoutRun = useRef(0);
  const pendingFocus = useRef<number | null>(null);

  const [graph, setGraph] = useState<Graph | null>(null);
  const [filter, setFilter] = useState<GraphFilter>({});
  const [choices, setChoices] = useState<ViewChoices>(emptyChoices);
  const [showAll, setShowAll] = useState(false);
  const [phase, setPhase] = useState<Phase>('loading');
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [viewReady, setViewReady] = useState(false);
  const [viewsError, setViewsError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [resultsOpen, setResultsOpen] = useState(false);
  const [path, setPath] = useState<{ nodes: number[]; edges: number[] } | null>(null);
  const [metricMode, setMetricMode] = useState<MetricMode>('none');
  const [metrics, setMetrics] = useState<MetricsResult | null>(null);
  const [panel, setPanel] = useState<'none' | 'filters' | 'views' | 'help'>('none');
  const [grouping, setGrouping] = useState<string | null>(null);
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [views, setViews] = useState<{ name: string; updatedAt: string; nodes: number }[]>([]);
  const [viewName, setViewName] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [drawn, setDrawn] = useState({ nodes: 0, edges: 0 });

  const index = useMemo(() => (graph ? new GraphIndex(graph) : null), [graph]);
  const visible: Visible | null = useMemo(() => (index ? visibleElements(index, choices, showAll ? false : undefined) : null), [index, choices, showAll]);

  const selectionRef = useRef(selection);
  selectionRef.current = selection;
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  // ---- saving the picture with the case -------------------------------------------------------

  const viewPayload = useCallback(
    (name: string) => ({
      name,
      filter,
      positions: Object.fromEntries([...positions.current].filter(([id]) => /^\d+$/.test(id))),
      hidden: [...choices.hidden],
      pinned: [...choices.pinned],
      groups: choices.groups.map((g) => ({ name: g.name, nodeIds: [...g.nodeIds] })),
      layout: 'fcose',
    }),
    [filter, choices],
  );

  const saveDefaultSoon = useCallback(() => {
    if (viewsError) return;
    if (saveTimer.current !== null) window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(() => {
      saveTimer.current = null;
      void api.saveView(viewPayload(DEFAULT_VIEW)).then((r) => {
        if (!r.ok) setViewsError(r.error.message);
      });
    }, SAVE_DELAY_MS);
  }, [api, viewPayload, viewsError]);
  const saveDefaultRef = useRef(saveDefaultSoon);
  saveDefaultRef.current = saveDefaultSoon;

  useEffect(
    () => () => {
      if (saveTimer.current !== null) window.clearTimeout(saveTimer.current);
    },
    [],
  );

  const applyView = useCallback((v: { filter: GraphFilter; positions: Record<string, Point>; hidden: number[]; pinned: number[]; groups: { name: string; nodeIds: number[] }[] }) => {
    positions.current = new Map(Object.entries(v.positions));
    setFilter(v.filter);
    setSince(toLocalInput(v.filter.since));
    setUntil(toLocalInput(v.filter.until));
    setChoices({ ...emptyChoices(), hidden: new Set(v.hidden), pinned: new Set(v.pinned), groups: v.groups });
  }, []);

  // first: the picture kept with the case (if any), then the graph it was drawn from
  useEffect(() => {
    let live = true;
    void api.getView({ name: DEFAULT_VIEW }).then((r) => {
      if (!live) return;
      if (r.ok) applyView(r.value);
      else if (r.error.kind !== 'not_found') setViewsError(r.error.message);
      setViewReady(true);
    });
    void api.listSources().then((r) => live && r.ok && setSources(r.value));
    return () => {
      live = false;
    };
  }, [api, applyView]);

  useEffect(() => {
    if (!viewReady) return;
    let live = true;
    setPhase((p) => (p === 'ready' ? p : 'loading'));
    void api.graph(filter).then((r) => {
      if (!live) return;
      if (r.ok) {
        setGraph(r.value);
        setMetrics(null);
        setError(null);
      } else {
        setError(r.error);
        setPhase('error');
      }
    });
    return () => {
      live = false;
    };
  }, [api, filter, version, viewReady]);

  // ---- cytoscape ------------------------------------------------------------------------------

  const ensureCy = useCallback((elementCount: number): Core => {
    const large = elementCount > LARGE_ELEMENTS;
    if (cyRef.current && cyLargeRef.current === large) return cyRef.current;
    cyRef.current?.destroy();
    const container = containerRef.current!;
    const cy = cytoscape({ container, style: graphStyle(readTheme(container), large), ...rendererOptions(elementCount, large && webglAvailable()) });
    cyRef.current = cy;
    cyLargeRef.current = large;

    const pick = (e: EventObject) => {
      const target = e.target as cytoscape.SingularElementArgument | Core;
      const additive = !!(e.originalEvent as MouseEvent | undefined)?.shiftKey || !!(e.originalEvent as MouseEvent | undefined)?.ctrlKey || !!(e.originalEvent as MouseEvent | undefined)?.metaKey;
      containerRef.current?.focus({ preventScroll: true });
      if (target === cy) return onSelectRef.current({ nodes: [], edge: null });
      const ele = target as cytoscape.SingularElementArgument;
      if (ele.isEdge()) {
        const id = ele.id();
        const nodes = [Number(ele.source().id()), Number(ele.target().id())].filter((n) => Number.isFinite(n));
        return onSelectRef.current({ nodes, edge: id.startsWith('e') ? Number(id.slice(1)) : null });
      }
      const id = ele.id();
      const ids = id.startsWith('g:') ? ele.descendants().map((d) => Number(d.id())).filter((n) => Number.isFinite(n)) : [Number(id)];
      const current = selectionRef.current.nodes;
      if (additive) {
        const all = ids.every((n) => current.includes(n));
        onSelectRef.current({ nodes: all ? current.filter((n) => !ids.includes(n)) : [...new Set([...current, ...ids])], edge: null });
      } else {
        onSelectRef.current({ nodes: ids, edge: null });
      }
    };
    cy.on('tap', pick);
    cy.on('dbltap', 'node', (e) => {
      const id = Number((e.target as cytoscape.NodeSingular).id());
      if (Number.isFinite(id)) dblRef.current(id);
    });
    if (large) {
      // level of detail: a large graph draws labels only for nodes in view once zoomed in enough to read them
      let timer: number | null = null;
      cy.on('viewport', () => {
        if (timer !== null) window.clearTimeout(timer);
        timer = window.setTimeout(() => {
          timer = null;
          const extent = cy.extent();
          cy.batch(() => {
            cy.nodes('.lbl').removeClass('lbl');
            if (cy.zoom() < LABEL_ZOOM) return;
            const inView = cy.nodes().filter((n) => {
              const p = n.position();
              return p.x >= extent.x1 && p.x <= extent.x2 && p.y >= extent.y1 && p.y <= extent.y2;
            });
            if (inView.length <= MAX_LABELS) inView.addClass('lbl');
          });
        }, 150);
      });
    }
    cy.on('dragfree', 'node', (e) => {
      (e.target as cytoscape.NodeSingular).descendants().union(e.target as cytoscape.NodeSingular).forEach((n) => {
        if (!n.isParent()) positions.current.set(n.id(), { ...n.position() });
      });
      saveDefaultRef.current();
    });
    return cy;
  }, []);

  useEffect(
    () => () => {
      cyRef.current?.destroy();
      cyRef.current = null;
    },
    [],
  );

  const runLayout = useCallback(
    async (vis: Visible, fresh: boolean) => {
      const run = ++layoutRun.current;
      const leaves = vis.nodes.filter((n) => n.kind !== 'group');
      setPhase('layout');
      setNote(null);
      const initial: Record<string, Point> = {};
      const fixed: Record<string, Point> = {};
      for (const n of leaves) {
        const at = positions.current.get(n.id);
        if (!at) continue;
        if (n.nodeId !== null && choices.pinned.has(n.nodeId)) fixed[n.id] = at;
        else if (!fresh) initial[n.id] = at;
      }
      try {
        const result = await layoutWorker().layout({
          nodes: vis.nodes.map((n) => ({ id: n.id, parent: n.parent })),
          edges: vis.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
          initial,
          fixed,
        });
        if (run !== layoutRun.current) return;
        for (const [id, p] of Object.entries(result.positions)) positions.current.set(id, p);
        const cy = cyRef.current;
        if (cy) {
          cy.batch(() => {
            for (const [id, p] of Object.entries(result.positions)) {
              const n = cy.getElementById(id);
              if (n.nonempty() && !n.isParent()) n.position(p);
            }
          });
          cy.fit(undefined, 30);
        }
        setPhase('ready');
        saveDefaultRef.current();
      } catch (e) {
        if (run !== layoutRun.current) return;
        setError({ kind: 'internal', message: e instanceof Error ? e.message : String(e) });
        setPhase('error');
      }
    },
    [choices.pinned],
  );

  // draw what is visible: add, update and remove elements (no full rebuild: positions and viewport stay)
  useEffect(() => {
    if (!visible || !containerRef.current) return;
    const cy = ensureCy(visible.nodes.length + visible.edges.length);
    const wanted = new Map<string, VisNode>(visible.nodes.map((n) => [n.id, n]));
    const wantedEdges = new Set(visible.edges.map((e) => e.id));
    const missing: VisNode[] = [];
    const firstDraw = cy.elements().empty();
    cy.batch(() => {
      const add: ElementDefinition[] = [];
      const moves: [string, string | null][] = [];
      for (const n of [...visible.nodes].sort((a, b) => tier(a) - tier(b))) {
        const ele = cy.getElementById(n.id) as cytoscape.NodeSingular;
        const at = positions.current.get(n.id);
        if (ele.empty()) {
          if (!at && n.kind !== 'group') missing.push(n);
          add.push(toNodeDef(n, at ?? { x: 0, y: 0 }));
        } else {
          ele.data({ label: n.label, size: n.size });
          ele.classes(n.classes);
          const parent = ele.parent().nonempty() ? ele.parent().first().id() : null;
          if (parent !== n.parent) moves.push([n.id, n.parent]);
        }
      }
      for (const e of visible.edges) {
        if (cy.getElementById(e.id).nonempty()) {
          cy.getElementById(e.id).data({ weight: e.weight, count: e.count });
          continue;
        }
        add.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, kind: e.kind, weight: e.weight, count: e.count }, classes: e.classes.join(' ') });
      }
      // new nodes first (a new parent must exist before a child moves in)
      cy.add(add.filter((d) => d.group === 'nodes'));
      for (const [id, parent] of moves) cy.getElementById(id).move({ parent });
      // removing a compound removes its children, so leaves go first, after every move is done
      cy.edges().filter((e) => !wantedEdges.has(e.id())).remove();
      cy.nodes().filter((n) => !wanted.has(n.id()) && !n.isParent()).remove();
      cy.nodes().filter((n) => !wanted.has(n.id())).remove();
      cy.add(add.filter((d) => d.group === 'edges'));
    });
    setDrawn({ nodes: visible.nodes.filter((n) => n.kind !== 'group').length, edges: visible.edges.length });
    if (visible.nodes.length === 0) {
      setPhase('ready');
      return;
    }
    if (missing.length > 0) {
      // place newcomers beside a placed neighbour until the worker's layout arrives
      cy.batch(() => {
        for (const n of missing) {
          const ele = cy.getElementById(n.id) as cytoscape.NodeSingular;
          const placed = ele.neighborhood().nodes().filter((m) => positions.current.has(m.id()));
          if (placed.nonempty()) {
            const p = (placed.first() as cytoscape.NodeSingular).position();
            ele.position({ x: p.x + (Math.random() - 0.5) * 60, y: p.y + (Math.random() - 0.5) * 60 });
          }
        }
      });
      void runLayout(visible, false);
    } else {
      if (firstDraw) cy.fit(undefined, 30);
      setPhase('ready');
    }
    const f = pendingFocus.current;
    if (f !== null && cy.getElementById(String(f)).nonempty()) {
      pendingFocus.current = null;
      cy.animate({ center: { eles: cy.getElementById(String(f)) }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 });
    }
  }, [visible, ensureCy, runLayout]);

  // selection, search matches, path and metric highlighting are classes on drawn elements
  const matches = useMemo(() => (index && query.trim().length >= 2 ? searchNodes(index, query) : []), [index, query]);
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !visible) return;
    const picked = new Set(selection.nodes.map(String));
    const pathNodes = new Set((path?.nodes ?? []).map(String));
    const pathEdges = new Set((path?.edges ?? []).map((e) => `e${e}`));
    const hits = new Set(matches.map((n) => String(n.id)));
    const values = metrics && metricMode !== 'none' ? (metricMode === 'degree' ? metrics.degree : metrics.betweenness) : null;
    const ranked = values ? rankMetric(values, visible.nodes.filter((n) => n.nodeId !== null).map((n) => n.nodeId!)) : null;
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const id = n.id();
        n.toggleClass('picked', picked.has(id));
        n.toggleClass('path', pathNodes.has(id));
        n.toggleClass('match', hits.has(id));
        const num = Number(id);
        n.toggleClass('broker', !!ranked?.top.has(num));
        if (ranked && ranked.scaled.has(num)) n.data('m', Math.max(0.001, ranked.scaled.get(num)!));
        else n.removeData('m');
      });
      cy.edges().forEach((e) => {
        e.toggleClass('path', pathEdges.has(e.id()));
        e.toggleClass('picked', selection.edge !== null && e.id() === `e${selection.edge}`);
      });
    });
  }, [selection, path, matches, metrics, metricMode, visible, drawn]);

  // centrality comes from the worker, over the whole loaded graph
  useEffect(() => {
    if (metricMode === 'none' || metrics || !graph) return;
    let live = true;
    void layoutWorker()
      .metrics({ nodes: graph.nodes.map((n) => String(n.id)), edges: graph.edges.map((e) => ({ source: String(e.source), target: String(e.target) })) })
      .then((m) => live && setMetrics(m))
      .catch((e: unknown) => live && setError({ kind: 'internal', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, [metricMode, metrics, graph]);

  // ---- actions --------------------------------------------------------------------------------

  const reveal = useCallback((ids: number[]) => {
    setChoices((c) => {
      const hidden = new Set(c.hidden);
      const revealed = new Set(c.revealed);
      for (const id of ids) {
        hidden.delete(id);
        revealed.add(id);
      }
      return { ...c, hidden, revealed };
    });
  }, []);

  const expand = useCallback(
    (ids: number[]) => {
      if (!index || ids.length === 0) return;
      reveal([...ids, ...ids.flatMap((id) => index.neighbours(id))]);
    },
    [index, reveal],
  );

  const toggleClusters = useCallback(
    (ids: number[]) => {
      if (!index || !visible) return;
      const clusters = ids.filter((id) => index.byId.get(id)?.kind === 'cluster');
      if (clusters.length === 0) return;
      setChoices((c) => {
        const open = new Set(c.openClusters);
        const closed = new Set(c.closedClusters);
        for (const id of clusters) {
          const isOpen = cyRef.current?.getElementById(String(id)).isParent() ?? false;
          const collapsed = visible.nodes.find((n) => n.nodeId === id)?.classes.includes('collapsed') ?? false;
          if (collapsed || !isOpen) {
            open.add(id);
            closed.delete(id);
          } else {
            closed.add(id);
            open.delete(id);
          }
        }
        return { ...c, openClusters: open, closedClusters: closed };
      });
    },
    [index, visible],
  );

  const dblRef = useRef<(id: number) => void>(() => undefined);
  dblRef.current = (id: number) => {
    if (index?.byId.get(id)?.kind === 'cluster') toggleClusters([id]);
    else expand([id]);
  };

  const hide = useCallback(() => {
    if (selection.nodes.length === 0) return;
    setChoices((c) => ({ ...c, hidden: new Set([...c.hidden, ...selection.nodes]), revealed: new Set([...c.revealed].filter((id) => !selection.nodes.includes(id))) }));
    onSelect({ nodes: [], edge: null });
    saveDefaultSoon();
  }, [selection, onSelect, saveDefaultSoon]);

  const unhideAll = useCallback(() => {
    setChoices((c) => ({ ...c, hidden: new Set() }));
    saveDefaultSoon();
  }, [saveDefaultSoon]);

  const allPinned = selection.nodes.length > 0 && selection.nodes.every((id) => choices.pinned.has(id));
  const togglePin = useCallback(() => {
    if (selection.nodes.length === 0) return;
    const cy = cyRef.current;
    for (const id of selection.nodes) {
      const n = cy?.getElementById(String(id));
      if (n?.nonempty()) positions.current.set(String(id), { ...(n as cytoscape.NodeSingular).position() });
    }
    setChoices((c) => {
      const pinned = new Set(c.pinned);
      for (const id of selection.nodes) if (allPinned) pinned.delete(id);
      else pinned.add(id);
      return { ...c, pinned };
    });
    saveDefaultSoon();
  }, [selection, allPinned, saveDefaultSoon]);

  const createGroup = useCallback(
    (name: string) => {
      const trimmed = name.trim();
      if (!trimmed || selection.nodes.length === 0) return;
      setChoices((c) => ({
        ...c,
        groups: [...c.groups.filter((g) => g.name !== trimmed).map((g) => ({ ...g, nodeIds: g.nodeIds.filter((id) => !selection.nodes.includes(id)) })).filter((g) => g.nodeIds.length > 0), { name: trimmed, nodeIds: [...selection.nodes] }],
      }));
      setGrouping(null);
      saveDefaultSoon();
    },
    [selection, saveDefaultSoon],
  );

  const ungroup = useCallback(() => {
    setChoices((c) => ({ ...c, groups: c.groups.filter((g) => !g.nodeIds.some((id) => selection.nodes.includes(id))) }));
    saveDefaultSoon();
  }, [selection, saveDefaultSoon]);

  const findPath = useCallback(() => {
    if (!index) return;
    if (selection.nodes.length !== 2) {
      setNote(t('graph.pathNeedsTwo'));
      return;
    }
    const found = shortestPath(index, selection.nodes[0]!, selection.nodes[1]!, choices.hidden);
    setPath(found);
    if (found) {
      reveal(found.nodes);
      setNote(t('graph.pathFound', { hops: found.edges.length }));
    } else {
      setNote(t('graph.pathNone'));
    }
  }, [index, selection, choices.hidden, reveal, t]);

  const fit = useCallback(() => cyRef.current?.fit(undefined, 30), []);

  const focusNode = useCallback(
    (id: number) => {
      if (!index?.byId.has(id)) return;
      pendingFocus.current = id;
      reveal([id]);
      onSelect({ nodes: [id], edge: null });
      const cy = cyRef.current;
      const ele = cy?.getElementById(String(id));
      if (cy && ele?.nonempty()) {
        pendingFocus.current = null;
        cy.animate({ center: { eles: ele }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 });
      }
    },
    [index, reveal, onSelect],
  );

  useEffect(() => {
    if (focus === null || focus === undefined || !index) return;
    focusNode(focus);
    expand([focus]);
    // only a new focus request (or the first load after one) acts, not every reload
  }, [focus, index === null]);

  const relayout = useCallback(() => {
    if (visible) void runLayout(visible, true);
  }, [visible, runLayout]);

  const openEvidence = useCallback(() => {
    if (selection.nodes.length > 0 || selection.edge !== null) onOpenEvidence?.(selection);
  }, [selection, onOpenEvidence]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const tag = (e.target as HTMLElement).tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA' || e.altKey || e.ctrlKey || e.metaKey) return;
    const act: Record<string, () => void> = {
      f: fit,
      '/': () => searchRef.current?.focus(),
      e: () => expand(selection.nodes),
      h: hide,
      Delete: hide,
      p: togglePin,
      g: () => selection.nodes.length > 0 && setGrouping(t('graph.groupDefault', { n: choices.groups.length + 1 })),
      s: findPath,
      c: () => toggleClusters(selection.nodes),
      Enter: openEvidence,
      Escape: () => {
        onSelect({ nodes: [], edge: null });
        setPath(null);
        setNote(null);
      },
      '?': () => setPanel((p) => (p === 'help' ? 'none' : 'help')),
    };
    const f = act[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  };

  // ---- filters and saved views ----------------------------------------------------------------

  const setKinds = (kind: NodeKind, on: boolean) => {
    const current = new Set<NodeKind>(filter.nodeKinds ?? NODE_KINDS);
    if (on) current.add(kind);
    else current.delete(kind);
    setFilter({ ...filter, nodeKinds: current.size === NODE_KINDS.length ? undefined : NODE_KINDS.filter((k) => current.has(k)) });
    saveDefaultSoon();
  };
  const setLinks = (kind: LinkKind, on: boolean) => {
    const current = new Set<LinkKind>(filter.linkKinds ?? LINK_KINDS);
    if (on) current.add(kind);
    else current.delete(kind);
    setFilter({ ...filter, linkKinds: current.size === LINK_KINDS.length ? undefined : LINK_KINDS.filter((k) => current.has(k)) });
    saveDefaultSoon();
  };
  const setSource = (id: number, on: boolean) => {
    const current = new Set<number>(filter.sourceIds ?? sources.map((s) => s.id));
    if (on) current.add(id);
    else current.delete(id);
    setFilter({ ...filter, sourceIds: current.size === sources.length ? undefined : sources.map((s) => s.id).filter((s) => current.has(s)) });
    saveDefaultSoon();
  };
  const applyTime = () => {
    const s = isoOrUndefined(since);
    const u = isoOrUndefined(until);
    if (s && u && s > u) {
      setNote(t('graph.filterBadTime'));
      return;
    }
    setFilter({ ...filter, since: s, until: u });
    saveDefaultSoon();
  };

  const refreshViews = useCallback(() => {
    void api.listViews().then((r) => {
      if (r.ok) setViews(r.value);
      else setViewsError(r.error.message);
    });
  }, [api]);
  useEffect(() => {
    if (panel === 'views') refreshViews();
  }, [panel, refreshViews]);

  const saveNamed = () => {
    const name = viewName.trim();
    if (!name) return;
    void api.saveView(viewPayload(name)).then((r) => {
      if (r.ok) {
        setNote(t('graph.viewSaved', { name }));
        refreshViews();
      } else setError(r.error);
    });
  };
  const loadNamed = (name: string) => {
    void api.getView({ name }).then((r) => {
      if (r.ok) {
        applyView(r.value);
        setPath(null);
        setNote(t('graph.viewLoaded', { name }));
        const cy = cyRef.current;
        if (cy) {
          // positions of drawn nodes come from the view at once; the rest when drawn
          cy.batch(() => cy.nodes().forEach((n) => void (r.value.positions[n.id()] && !n.isParent() && n.position(r.value.positions[n.id()]!))));
          cy.fit(undefined, 30);
        }
      } else setError(r.error);
    });
  };
  const deleteNamed = (name: string) => {
    void api.deleteView({ name }).then((r) => {
      if (r.ok) {
        setNote(t('graph.viewDeleted', { name }));
        refreshViews();
      } else setError(r.error);
    });
  };

  // ---- render ---------------------------------------------------------------------------------

  const single = selection.nodes.length === 1 && index ? index.byId.get(selection.nodes[0]!) : undefined;
  const hasCluster = !!index && selection.nodes.some((id) => index.byId.get(id)?.kind === 'cluster');
  const inGroup = choices.groups.some((g) => g.nodeIds.some((id) => selection.nodes.includes(id)));
  const none = selection.nodes.length === 0;
  const betweennessOf = single && metrics ? metrics.betweenness[String(single.id)] : undefined;

  return (
    <section className="nitka-graph" aria-label={t('graph.region')} data-testid="graph-view" onKeyDown={onKeyDown}>
      <div className="ng-toolbar" role="toolbar" aria-label={t('graph.toolbar')}>
        <div className="ng-search">
          <input
            ref={searchRef}
            type="search"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setResultsOpen(true);
            }}
            onFocus={() => setResultsOpen(true)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && matches[0]) {
                focusNode(matches[0].id);
                setResultsOpen(false);
              }
              if (e.key === 'Escape') setResultsOpen(false);
            }}
            placeholder={t('graph.searchPlaceholder')}
            aria-label={t('graph.searchLabel')}
            data-testid="graph-search"
          />
          {resultsOpen && query.trim().length >= 2 && (
            <ul className="ng-results" aria-label={t('graph.searchResults')} data-testid="graph-search-results">
              {matches.length === 0 ? (
                <li className="ng-muted">{t('graph.searchNone', { query: query.trim() })}</li>
              ) : (
                matches.map((n) => (
                  <li key={n.id}>
                    <button
                      type="button"
                      onClick={() => {
                        focusNode(n.id);
                        setResultsOpen(false);
                      }}
                      data-testid={`graph-result-${n.id}`}
                    >
                      <span className="ng-dot" data-kind={n.kind} />
                      <span className="ng-result-label">{n.victim ?? n.label ?? n.value}</span>
                      <span className="ng-muted">{t(`graph.kind.${n.kind}`)}</span>
                    </button>
                  </li>
                ))
              )}
            </ul>
          )}
        </div>
        <button type="button" onClick={fit} aria-label={t('graph.fitLabel')} title={t('graph.fitLabel')} data-testid="graph-fit">{t('graph.fit')}</button>
        <button type="button" onClick={() => expand(selection.nodes)} disabled={none} aria-label={t('graph.expandLabel')} title={t('graph.expandLabel')} data-testid="graph-expand">{t('graph.expand')}</button>
        <button type="button" onClick={hide} disabled={none} aria-label={t('graph.hideLabel')} title={t('graph.hideLabel')} data-testid="graph-hide">{t('graph.hide')}</button>
        {choices.hidden.size > 0 && (
          <button type="button" onClick={unhideAll} aria-label={t('graph.unhideLabel')} title={t('graph.unhideLabel')} data-testid="graph-unhide">{t('graph.unhide', { count: choices.hidden.size })}</button>
        )}
        <button type="button" onClick={togglePin} disabled={none} aria-pressed={allPinned} aria-label={t('graph.pinLabel')} title={t('graph.pinLabel')} data-testid="graph-pin">{allPinned ? t('graph.unpin') : t('graph.pin')}</button>
        <button type="button" onClick={() => setGrouping(t('graph.groupDefault', { n: choices.groups.length + 1 }))} disabled={none} aria-label={t('graph.groupLabel')} title={t('graph.groupLabel')} data-testid="graph-group">{t('graph.group')}</button>
        {inGroup && <button type="button" onClick={ungroup} aria-label={t('graph.ungroupLabel')} title={t('graph.ungroupLabel')} data-testid="graph-ungroup">{t('graph.ungroup')}</button>}
        <button type="button" onClick={findPath} disabled={selection.nodes.length !== 2} aria-label={t('graph.pathLabel')} title={t('graph.pathLabel')} data-testid="graph-path">{t('graph.path')}</button>
        {hasCluster && <button type="button" onClick={() => toggleClusters(selection.nodes)} aria-label={t('graph.clusterToggleLabel')} title={t('graph.clusterToggleLabel')} data-testid="graph-cluster-toggle">{t('graph.clusterToggle')}</button>}
        <button type="button" onClick={relayout} disabled={!visible || phase === 'layout'} aria-label={t('graph.relayoutLabel')} title={t('graph.relayoutLabel')} data-testid="graph-relayout">{t('graph.relayout')}</button>
        {onOpenEvidence && <button type="button" onClick={openEvidence} disabled={none && selection.edge === null} aria-label={t('graph.evidenceLabel')} title={t('graph.evidenceLabel')} data-testid="graph-evidence">{t('graph.evidence')}</button>}
        <label className="ng-metric" title={t('graph.metricLabel')}>
          <span>{t('graph.metric')}</span>
          <select value={metricMode} onChange={(e) => setMetricMode(e.target.value as MetricMode)} aria-label={t('graph.metricLabel')} data-testid="graph-metric">
            <option value="none">{t('graph.metric.none')}</option>
            <option value="degree">{t('graph.metric.degree')}</option>
            <option value="betweenness">{t('graph.metric.betweenness')}</option>
          </select>
        </label>
        <span className="ng-spacer" />
        <button type="button" onClick={() => setPanel((p) => (p === 'filters' ? 'none' : 'filters'))} aria-expanded={panel === 'filters'} aria-label={t('graph.filtersLabel')} data-testid="graph-filters-toggle">{t('graph.filters')}</button>
        <button type="button" onClick={() => setPanel((p) => (p === 'views' ? 'none' : 'views'))} aria-expanded={panel === 'views'} aria-label={t('graph.viewsLabel')} data-testid="graph-views-toggle">{t('graph.views')}</button>
        <button type="button" onClick={() => setPanel((p) => (p === 'help' ? 'none' : 'help'))} aria-expanded={panel === 'help'} aria-label={t('graph.helpLabel')} title={t('graph.helpText')} data-testid="graph-help">?</button>
      </div>

      {grouping !== null && (
        <form
          className="ng-inline"
          onSubmit={(e) => {
            e.preventDefault();
            createGroup(grouping);
          }}
        >
          <label>
            <span>{t('graph.groupName')}</span>
            <input value={grouping} onChange={(e) => setGrouping(e.target.value)} autoFocus data-testid="graph-group-name" />
          </label>
          <button type="submit" data-testid="graph-group-create">{t('graph.groupCreate')}</button>
          <button type="button" onClick={() => setGrouping(null)}>{t('graph.cancel')}</button>
        </form>
      )}

      <div className="ng-body">
        {panel === 'filters' && (
          <aside className="ng-panel" data-testid="graph-filters">
            <fieldset>
              <legend>{t('graph.filterKinds')}</legend>
              {NODE_KINDS.map((k) => (
                <label key={k} className="ng-check">
                  <input type="checkbox" checked={!filter.nodeKinds || filter.nodeKinds.includes(k)} onChange={(e) => setKinds(k, e.target.checked)} data-testid={`graph-filter-kind-${k}`} />
                  <span className="ng-dot" data-kind={k} />
                  {t(`graph.kind.${k}`)}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>{t('graph.filterLinks')}</legend>
              {LINK_KINDS.map((k) => (
                <label key={k} className="ng-check">
                  <input type="checkbox" checked={!filter.linkKinds || filter.linkKinds.includes(k)} onChange={(e) => setLinks(k, e.target.checked)} data-testid={`graph-filter-link-${k}`} />
                  {t(`graph.link.${k}`)}
                </label>
              ))}
            </fieldset>
            {sources.length > 0 && (
              <fieldset>
                <legend>{t('graph.filterSources')}</legend>
                {sources.map((s) => (
                  <label key={s.id} className="ng-check" title={`SHA-256 ${s.sha256}`}>
                    <input type="checkbox" checked={!filter.sourceIds || filter.sourceIds.includes(s.id)} onChange={(e) => setSource(s.id, e.target.checked)} data-testid={`graph-filter-source-${s.id}`} />
                    <span className="ng-ellipsis">#{s.id} {s.fileName}{s.exhibit ? ` (${s.exhibit})` : ''}</span>
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset>
              <legend>{t('graph.filterTime')}</legend>
              <label className="ng-field">
                <span>{t('graph.filterSince')}</span>
                <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} data-testid="graph-filter-since" />
              </label>
              <label className="ng-field">
                <span>{t('graph.filterUntil')}</span>
                <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} data-testid="graph-filter-until" />
              </label>
              <button type="button" onClick={applyTime} data-testid="graph-filter-apply">{t('graph.filterApply')}</button>
            </fieldset>
            <button
              type="button"
              onClick={() => {
                setFilter({});
                setSince('');
                setUntil('');
                saveDefaultSoon();
              }}
              data-testid="graph-filter-reset"
            >
              {t('graph.filterReset')}
            </button>
          </aside>
        )}

        <div className="ng-stage">
          <div
            ref={containerRef}
            className="ng-canvas"
            tabIndex={0}
            role="application"
            aria-label={t('graph.canvas')}
            data-testid="graph-canvas"
            data-state={phase}
            data-nodes={drawn.nodes}
            data-edges={drawn.edges}
            data-loaded-nodes={graph?.nodes.length ?? 0}
          />
          {(phase === 'loading' || phase === 'layout') && (
            <div className="ng-overlay" role="status">
              {phase === 'loading' ? t('graph.loading') : t('graph.layingOut', { count: drawn.nodes })}
            </div>
          )}
          {phase === 'ready' && graph && drawn.nodes === 0 && <div className="ng-overlay">{t('graph.empty')}</div>}
        </div>

        {panel === 'views' && (
          <aside className="ng-panel" data-testid="graph-views">
            {viewsError && <p className="ng-warn">{t('graph.viewsUnavailable', { message: viewsError })}</p>}
            <form
              className="ng-field"
              onSubmit={(e) => {
                e.preventDefault();
                saveNamed();
              }}
            >
              <span>{t('graph.viewName')}</span>
              <input value={viewName} onChange={(e) => setViewName(e.target.value)} maxLength={200} data-testid="graph-view-name" />
              <button type="submit" disabled={!viewName.trim()} aria-label={t('graph.saveViewLabel')} title={t('graph.saveViewLabel')} data-testid="graph-save-view">{t('graph.saveView')}</button>
            </form>
            {views.length === 0 ? (
              <p className="ng-muted">{t('graph.viewsNone')}</p>
            ) : (
              <ul className="ng-views">
                {views.map((v) => (
                  <li key={v.name} data-testid={`graph-view-${v.name}`}>
                    <strong>{v.name === DEFAULT_VIEW ? t('graph.viewDefault') : v.name}</strong>
                    <span className="ng-muted">{t('graph.viewNodes', { count: v.nodes, at: new Date(v.updatedAt).toLocaleString() })}</span>
                    <span>
                      <button type="button" onClick={() => loadNamed(v.name)} data-testid={`graph-view-load-${v.name}`}>{t('graph.viewLoad')}</button>
                      {v.name !== DEFAULT_VIEW && <button type="button" onClick={() => deleteNamed(v.name)} data-testid={`graph-view-delete-${v.name}`}>{t('graph.viewDelete')}</button>}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </aside>
        )}
        {panel === 'help' && (
          <aside className="ng-panel" role="note" data-testid="graph-help-text">
            <p>{t('graph.helpText')}</p>
            <h4>{t('graph.legend')}</h4>
            <ul className="ng-legend">
              {NODE_KINDS.map((k) => (
                <li key={k}>
                  <img src={kindIcon(k)} alt="" style={{ background: NODE_KIND_STYLE[k].color }} />
                  {t(`graph.kind.${k}`)}
                </li>
              ))}
              <li><span className="ng-swatch ng-swatch-victim" />{t('graph.victimNote', { pseudonym: 'V-001' })}</li>
              <li><span className="ng-swatch ng-swatch-exit" />{t('graph.exit')}</li>
              <li><span className="ng-swatch ng-swatch-poison" />{t('graph.poisoning')}</li>
            </ul>
          </aside>
        )}
      </div>

      <div className="ng-status" role="status" aria-live="polite" data-testid="graph-status">
        {error && <span className="ng-error">{t('graph.error', { message: error.message })}</span>}
        {graph && <span>{t('graph.counts', { nodes: drawn.nodes, edges: drawn.edges, total: graph.nodes.length })}</span>}
        {visible?.bounded && (
          <span>
            {t('graph.bounded', { top: OVERVIEW_TOP, rest: visible.notShown })}{' '}
            <button type="button" onClick={() => setShowAll(true)} aria-label={t('graph.showAllLabel')} data-testid="graph-show-all">{t('graph.showAll')}</button>
          </span>
        )}
        {metricMode !== 'none' && !metrics && <span>{t('graph.metricComputing')}</span>}
        {metricMode !== 'none' && metrics && <span>{t('graph.brokers')}</span>}
        {metricMode === 'betweenness' && metrics?.sampled && <span>{t('graph.metricSampled', { samples: metrics.sampled })}</span>}
        {note && <span data-testid="graph-note">{note}</span>}
        {selection.nodes.length > 1 && <span>{t('graph.selected', { count: selection.nodes.length })}</span>}
        {single && (
          <span className="ng-detail" data-testid="graph-detail">
            <span className="ng-dot" data-kind={single.kind} />
            <strong>{t(`graph.kind.${single.kind}`)}</strong> <span className="ng-mono">{single.victim ?? single.value}</span>
            {single.label && !single.victim && single.label !== single.value && <span> · {single.label}</span>}
            {single.victim && <span className="ng-victim"> · {t('graph.victimNote', { pseudonym: single.victim })}</span>}
            {index && <span> · {t('graph.degree', { count: index.degree(single.id) })}</span>}
            {betweennessOf !== undefined && <span> · {t('graph.betweenness', { value: betweennessOf.toFixed(4) })}</span>}
            {single.tags.length > 0 && (
              <span>
                {' '}· {t('graph.tags')}: {single.tags.join('; ')}
                {tagFlags(single.tags).exit && <em> ({t('graph.exit')})</em>}
                {tagFlags(single.tags).poisoning && <em className="ng-error"> ({t('graph.poisoning')})</em>}
              </span>
            )}
          </span>
        )}
      </div>
    </section>
  );
}
