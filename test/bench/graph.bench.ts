// `npm run bench:graph`: a generated 10,000-node / 20,000-link network drawn in headless Chromium
// (Debian's /usr/bin/chromium through playwright-core) with the graph view's configuration
// (renderer/src/graph/cy-config.ts: WebGL renderer and level of detail for large graphs) beside
// plain cytoscape with default settings. Both draw the same preset positions, so only rendering
// differs (the fcose layout itself runs in the layout worker and is not part of this figure).
// Printed: time to first frame (elements handed over → first frame after cytoscape's first render)
// and frames per second during a scripted 3 s pan/zoom. Goal: first frame ≤ 2 s and faster than
// plain. Everything is served from 127.0.0.1; nothing reaches the internet.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { NODE_KINDS, LINK_KINDS } from '../../shared/api/contract';
import { seededRandom } from '../helpers/seeded-random';
import type { BenchResult } from './graph-bench-page';

const NODES = Number(process.env.NITKA_BENCH_GRAPH_NODES ?? 10_000);
const EDGES = Number(process.env.NITKA_BENCH_GRAPH_EDGES ?? 20_000);
const SECONDS = Number(process.env.NITKA_BENCH_GRAPH_SECONDS ?? 3);
const GOAL_FIRST_FRAME_MS = 2000;
const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
// without a GPU, WebGL comes from SwiftShader (software); these flags let headless Chromium use it
const WEBGL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

/** A network shaped like a case: communities (a chat, its accounts, their numbers and wallets) joined by a few brokers. */
function generate(n: number, m: number) {
  const random = seededRandom(20240601);
  const community = 80;
  const groups = Math.ceil(n / community);
  const side = Math.ceil(Math.sqrt(groups));
  const nodes = Array.from({ length: n }, (_, i) => {
    const g = Math.floor(i / community);
    const angle = random() * Math.PI * 2;
    const r = 40 + random() * 260;
    return {
      id: i + 1,
      kind: NODE_KINDS[Math.floor(random() * NODE_KINDS.length)]!,
      label: `node ${i + 1}`,
      x: Math.round((g % side) * 700 + Math.cos(angle) * r),
      y: Math.round(Math.floor(g / side) * 700 + Math.sin(angle) * r),
    };
  });
  const edges: { id: number; source: number; target: number; kind: string; weight: number }[] = [];
  const seen = new Set<string>();
  while (edges.length < m) {
    const a = Math.floor(random() * n);
    const g = Math.floor(a / community);
    // most links stay inside the community; one in twenty crosses to another
    const b = random() < 0.95 ? Math.min(n - 1, g * community + Math.floor(random() * community)) : Math.floor(random() * n);
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    edges.push({ id: edges.length + 1, source: a + 1, target: b + 1, kind: LINK_KINDS[Math.floor(random() * LINK_KINDS.length)]!, weight: 1 + Math.floor(random() * 5) });
  }
  return { nodes, edges };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nitka-graph-bench-'));
  try {
    const graph = generate(NODES, EDGES);
    fs.writeFileSync(path.join(dir, 'graph.json'), JSON.stringify(graph));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><html><head><meta charset="utf-8"><title>graph bench</title></head><body style="margin:0"><div id="cy" style="width:1280px;height:800px;background:#fff"></div><script type="module" src="./page.js"></script></body></html>',
    );
    await build({ entryPoints: [path.join(here, 'graph-bench-page.ts')], bundle: true, format: 'esm', target: 'chrome120', outfile: path.join(dir, 'page.js'), logLevel: 'error' });

    const server = http.createServer((req, res) => {
      const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/+/, '') || 'index.html';
      const file = path.join(dir, path.basename(name));
      if (!fs.existsSync(file)) return void res.writeHead(name === 'favicon.ico' ? 204 : 404).end();
      res.writeHead(200, { 'Content-Type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.json') ? 'application/json' : 'text/html' });
      fs.createReadStream(file).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...WEBGL_ARGS] });
    const results: BenchResult[] = [];
    try {
      // each mode in its own page: cytoscape's WebGL mode changes a renderer prototype for the whole page
      for (const mode of (process.env.NITKA_BENCH_GRAPH_MODES ?? 'ours,plain').split(',')) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (msg) => (msg.type() === 'error' ? errors.push(msg.text()) : process.env.NITKA_BENCH_DEBUG && console.log(mode, msg.text())));
        await page.goto(`http://127.0.0.1:${port}/index.html?seconds=${SECONDS}#${mode}`);
        await page.waitForFunction(() => window.__bench !== undefined, undefined, { timeout: 180_000 });
        const r = (await page.evaluate(() => window.__bench)) as BenchResult | { error: string };
        if ('error' in r) throw new Error(`${mode}: ${r.error}`);
        if (errors.length) console.warn(`${mode}: ${errors.join('\n')}`);
        results.push(r);
        await page.close();
      }
    } finally {
      await browser.close();
      server.close();
    }

    const ours = results.find((r) => r.mode === 'ours')!;
    const plain = results.find((r) => r.mode === 'plain')!;
    const label = (r: BenchResult) =>
      r.mode === 'plain' ? 'plain cytoscape (defaults)' : `Nitka graph view${r.mode === 'ours' ? '' : ' [forced]'} (${r.webgl ? 'WebGL' : 'canvas'}, LOD)`;
    const row = (r: BenchResult) => `${label(r).padEnd(40)} ${`${r.firstFrameMs} ms`.padStart(10)} ${r.fps.toFixed(1).padStart(9)} ${`${r.frames}`.padStart(7)}   (build ${r.constructMs} ms, first draw ${r.firstDrawMs} ms)`;
    console.log(`graph bench: ${ours.nodes.toLocaleString('en')} nodes, ${ours.edges.toLocaleString('en')} links, same preset positions, 1280×800, headless Chromium, ${os.cpus().length} cores`);
    console.log(`${''.padEnd(40)} ${'1st frame'.padStart(10)} ${'fps'.padStart(9)} ${'frames'.padStart(7)}   (${SECONDS} s scripted pan/zoom)`);
    for (const r of results) console.log(row(r));
    if (!ours.webgl) console.log('(no hardware WebGL here, only SwiftShader: the view uses its canvas renderer with level of detail, as it would for the analyst; NITKA_BENCH_GRAPH_MODES=ours,ours-webgl,plain adds forced WebGL)');
    const firstOk = ours.firstFrameMs <= GOAL_FIRST_FRAME_MS;
    const faster = ours.fps > plain.fps && ours.firstFrameMs < plain.firstFrameMs;
    console.log(`goal: first frame ≤ ${GOAL_FIRST_FRAME_MS} ms: ${firstOk ? 'met' : 'NOT met'}; faster than plain: ${faster ? `met (${(ours.fps / Math.max(plain.fps, 0.01)).toFixed(1)}× the frames per second)` : 'NOT met'}`);
    process.exitCode = firstOk && faster ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
