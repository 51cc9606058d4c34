// Browser side of `npm run bench:graph` (bundled by graph.bench.ts with esbuild). Draws the
// generated graph either with the graph view's own configuration (renderer/src/graph/cy-config.ts:
// style, level of detail, WebGL for large graphs) or with plain cytoscape defaults, from the same
// preset positions, and measures time to first frame and frames drawn during a scripted pan/zoom.
import cytoscape, { type ElementDefinition } from 'cytoscape';
import { DEFAULT_THEME, LARGE_ELEMENTS, graphStyle, kindData, rendererOptions, webglAvailable } from '../../renderer/src/graph/cy-config';

type BenchGraph = { nodes: { id: number; kind: string; label: string; x: number; y: number }[]; edges: { id: number; source: number; target: number; kind: string; weight: number }[] };
export type BenchResult = { mode: string; webgl: boolean; nodes: number; edges: number; firstFrameMs: number; constructMs: number; firstDrawMs: number; frames: number; seconds: number; fps: number; rafFps: number };

declare global {
  interface Window {
    __bench?: BenchResult | { error: string };
  }
}

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));

async function run(): Promise<BenchResult> {
  const mode = location.hash.slice(1) || 'ours';
  const seconds = Number(new URLSearchParams(location.search).get('seconds') ?? 3);
  const graph = (await (await fetch('./graph.json')).json()) as BenchGraph;
  const elements: ElementDefinition[] = [
    ...graph.nodes.map((n) => ({ group: 'nodes' as const, data: { id: String(n.id), kind: n.kind, ...kindData(n.kind), label: n.label }, position: { x: n.x, y: n.y } })),
    ...graph.edges.map((e) => ({ group: 'edges' as const, data: { id: `e${e.id}`, source: String(e.source), target: String(e.target), kind: e.kind, weight: e.weight } })),
  ];
  const container = document.getElementById('cy')!;
  const count = elements.length;
  // 'ours' lets the view choose as it does for the analyst (WebGL only on a hardware GPU);
  // 'ours-webgl' forces cytoscape's WebGL renderer whatever draws it, for comparison
  const webgl = count > LARGE_ELEMENTS && (mode === 'ours-webgl' ? !!document.createElement('canvas').getContext('webgl2') : mode === 'ours' && webglAvailable());
  await nextFrame();

  // time to first frame: from handing the elements over to the first frame after cytoscape's first render
  const t0 = performance.now();
  const cy =
    mode.startsWith('ours')
      ? cytoscape({ container, elements, layout: { name: 'preset' }, style: graphStyle(DEFAULT_THEME, count > LARGE_ELEMENTS), ...rendererOptions(count, webgl) })
      : cytoscape({ container, elements, layout: { name: 'preset' } });
  const constructMs = performance.now() - t0;
  // cytoscape's WebGL mode emits no 'render' event, so both modes are read from the renderer's own
  // count of completed draws (base renderer: redrawCount, bumped after each r.render in its rAF loop)
  const renderer = (cy as unknown as { renderer(): { redrawCount?: number; lastRedrawTime?: number } }).renderer();
  const draws = () => renderer.redrawCount ?? 0;
  while (draws() === 0) await nextFrame();
  await nextFrame();
  const firstFrameMs = performance.now() - t0;
  const firstDrawMs = renderer.lastRedrawTime ?? 0;

  // scripted pan and zoom: every animation frame moves the viewport; frames = draws cytoscape completed
  const before = draws();
  const start = performance.now();
  const zoom0 = cy.zoom();
  let raf = 0;
  while (performance.now() - start < seconds * 1000) {
    const t = (performance.now() - start) / 1000;
    cy.viewport({ zoom: zoom0 * (1 + 0.6 * Math.sin(t * 2)), pan: { x: cy.pan().x + 6 * Math.cos(t * 3), y: cy.pan().y + 6 * Math.sin(t * 3) } });
    await nextFrame();
    raf++;
  }
  const elapsed = (performance.now() - start) / 1000;
  const frames = draws() - before;
  return { mode, webgl, nodes: graph.nodes.length, edges: graph.edges.length, firstFrameMs: Math.round(firstFrameMs), constructMs: Math.round(constructMs), firstDrawMs: Math.round(firstDrawMs), frames, seconds: elapsed, fps: frames / elapsed, rafFps: raf / elapsed };
}

run().then(
  (r) => (window.__bench = r),
  (e: unknown) => (window.__bench = { error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) }),
);
