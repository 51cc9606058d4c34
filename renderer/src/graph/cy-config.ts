import type { CytoscapeOptions, StylesheetJson } from 'cytoscape';
import { NODE_KINDS } from '../../../shared/api/contract';
import { NODE_KIND_STYLE, kindIcon } from './node-kinds';

/**
 * The one cytoscape configuration of the graph view: style, level of detail and renderer. The
 * graph bench (test/bench/graph.bench.ts) imports this same module, so what it measures is what
 * the analyst gets.
 */

/** Above this many elements (nodes + links) the view switches to WebGL and coarser level of detail. */
export const LARGE_ELEMENTS = 3000;
/** Labels smaller than this on screen are not drawn: at overview zoom a 10,000-node graph stays a picture, not a smear of text. */
export const MIN_LABEL_PX = 9;

export interface GraphTheme {
  panel: string;
  ink: string;
  muted: string;
  line: string;
  accent: string;
  accentInk: string;
}

/** Light-theme values, used when the shell's CSS variables are absent (the bench page, tests). */
export const DEFAULT_THEME: GraphTheme = { panel: '#ffffff', ink: '#1d2430', muted: '#5b6575', line: '#b9c0cc', accent: '#8a1c2b', accentInk: '#ffffff' };

/** Reads the shell's theme from its CSS variables (light or dark), falling back per variable. */
export function readTheme(el: Element): GraphTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    panel: v('--panel', DEFAULT_THEME.panel),
    ink: v('--ink', DEFAULT_THEME.ink),
    muted: v('--muted', DEFAULT_THEME.muted),
    line: v('--line', DEFAULT_THEME.line),
    accent: v('--accent', DEFAULT_THEME.accent),
    accentInk: v('--accent-ink', DEFAULT_THEME.accentInk),
  };
}

/** The data fields the stylesheet reads for a node of this kind (groups are drawn by the :parent rule). */
export function kindData(kind: string): { color: string; shape: string } {
  return kind in NODE_KIND_STYLE ? NODE_KIND_STYLE[kind as keyof typeof NODE_KIND_STYLE] : { color: '#8a94a6', shape: 'round-rectangle' };
}

type StyleBlock = { selector: string; style: Record<string, string | number> };

/** The stylesheet: colour, shape and pictogram per kind; victims, exits, poisoning, paths and selection stand out. */
export function graphStyle(theme: GraphTheme, large: boolean): StylesheetJson {
  // pictograms cost a texture per node: a large graph draws colour and shape only, and a label
  // only where the view asked for one (class lbl: picked, matched, on a path, or in view when zoomed in)
  // colour and shape travel in each node's data (kindData), so a large graph matches no per-kind selector at all
  const kinds: StyleBlock[] = large ? [] : NODE_KINDS.map((kind) => ({ selector: `node[kind="${kind}"]`, style: { 'background-image': kindIcon(kind) } }));
  const blocks: StyleBlock[] = [
    {
      selector: 'node',
      style: {
        width: 30,
        height: 30,
        'background-color': 'data(color)',
        shape: 'data(shape)',
        'background-width': '62%',
        'background-height': '62%',
        'background-clip': 'none',
        'border-width': 0,
        label: large ? '' : 'data(label)',
        'font-size': 11,
        'min-zoomed-font-size': large ? MIN_LABEL_PX + 2 : MIN_LABEL_PX,
        color: theme.ink,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-max-width': '140px',
        'text-wrap': 'ellipsis',
        'text-background-color': theme.panel,
        'text-background-opacity': 0.75,
        'text-background-padding': '1px',
      },
    },
    ...kinds,
    { selector: 'node[?m]', style: { width: 'mapData(m, 0, 1, 26, 70)', height: 'mapData(m, 0, 1, 26, 70)' } },
    { selector: 'node.broker', style: { 'border-width': 5, 'border-color': '#f59e0b', 'border-style': 'double' } },
    { selector: 'node.victim', style: { 'background-color': '#6d28d9', 'border-width': 3, 'border-style': 'dashed', 'border-color': '#c4b5fd', 'font-style': 'italic' } },
    { selector: 'node.exit', style: { 'border-width': 4, 'border-color': '#16a34a', 'border-style': 'double' } },
    { selector: 'node.poison', style: { 'border-width': 4, 'border-color': '#dc2626', 'border-style': 'dashed' } },
    { selector: 'node.pinned', style: { 'outline-width': 2, 'outline-color': theme.muted, 'outline-offset': 2, 'outline-style': 'dotted' } },
    {
      selector: 'node.collapsed',
      style: { width: 'mapData(size, 2, 50, 36, 80)', height: 'mapData(size, 2, 50, 36, 80)', 'border-width': 3, 'border-color': theme.panel, 'border-style': 'double' },
    },
    {
      selector: ':parent',
      style: {
        'background-color': theme.line,
        'background-opacity': 0.18,
        'background-image': 'none',
        'border-width': 1,
        'border-color': theme.muted,
        'border-style': 'dashed',
        shape: 'round-rectangle',
        padding: '14px',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-weight': 'bold',
      },
    },
    { selector: 'node.lbl, node.picked, node.match, node.path, node:parent', style: { label: 'data(label)' } },
    { selector: 'node.match', style: { 'underlay-color': '#facc15', 'underlay-opacity': 0.6, 'underlay-padding': 8, 'underlay-shape': 'ellipse' } },
    { selector: 'node.path', style: { 'underlay-color': theme.accent, 'underlay-opacity': 0.35, 'underlay-padding': 9, 'underlay-shape': 'ellipse' } },
    { selector: 'node.picked', style: { 'border-width': 4, 'border-color': theme.accent, 'border-style': 'solid', 'font-weight': 'bold', 'min-zoomed-font-size': 0 } },
    {
      selector: 'edge',
      style: {
        width: 'mapData(weight, 1, 20, 1, 5)',
        'line-color': theme.line,
        'curve-style': large ? 'haystack' : 'bezier',
        opacity: 0.85,
        'target-arrow-shape': 'none',
        label: '',
      },
    },
    { selector: 'edge[kind="paid"]', style: { 'line-color': '#b45309', 'target-arrow-shape': large ? 'none' : 'triangle', 'target-arrow-color': '#b45309', 'curve-style': large ? 'haystack' : 'bezier' } },
    { selector: 'edge[kind="same_as"]', style: { 'line-style': 'dashed', 'line-color': theme.muted } },
    { selector: 'edge[kind="similar_to"], edge[kind="shares_image"]', style: { 'line-style': 'dotted' } },
    { selector: 'edge.meta', style: { 'line-style': 'dashed', width: 'mapData(count, 1, 20, 1.5, 6)' } },
    { selector: 'edge.path', style: { 'line-color': theme.accent, width: 5, opacity: 1, 'z-index': 10 } },
    { selector: 'edge.picked', style: { 'line-color': theme.accent, width: 4, opacity: 1, label: 'data(kind)', 'font-size': 10, color: theme.ink, 'text-background-color': theme.panel, 'text-background-opacity': 0.9 } },
  ];
  // cytoscape's typings model each property's literal values; the blocks above are checked by cytoscape at run time (it warns on bad values)
  return blocks as unknown as StylesheetJson;
}

/**
 * Whether this browser can give cytoscape a hardware WebGL2 context. Software WebGL (SwiftShader,
 * llvmpipe: VMs, blocked GPUs, headless) draws slower than the canvas renderer with level of
 * detail, as `npm run bench:graph` measures, so it counts as no WebGL.
 */
export function webglAvailable(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return false;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return !/swiftshader|llvmpipe|software/i.test(name);
  } catch {
    return false;
  }
}

/**
 * Renderer options for a graph of `elements` nodes + links. Small graphs keep the crisp canvas
 * renderer; large ones use cytoscape's WebGL renderer (3.31+, node and label textures batched on
 * the GPU) and, without WebGL, the canvas renderer's viewport shortcuts.
 */
export function rendererOptions(elements: number, webgl: boolean): Partial<CytoscapeOptions> {
  const large = elements > LARGE_ELEMENTS;
  const base: Partial<CytoscapeOptions> = { minZoom: 0.02, maxZoom: 6, boxSelectionEnabled: false, autounselectify: true, pixelRatio: large ? 1 : 'auto' };
  if (!large) return base;
  if (webgl) {
    return {
      ...base,
      renderer: { name: 'canvas', webgl: true, webglTexSize: 4096, webglTexRows: 24, webglTexRowsNodes: 24, webglBatchSize: 4096, webglTexPerBatch: 16 },
    } as Partial<CytoscapeOptions>;
  }
  return { ...base, hideEdgesOnViewport: true, textureOnViewport: true, motionBlur: false };
}
