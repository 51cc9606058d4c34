import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCase, DEMO_EVIDENCE_DIR, DEMO_PASSPHRASE } from '../../electron/cli/demo-case';
import type { ExportResult, Graph, ImportPackageResult, VerifyReport } from '../../shared/api/contract';
import { FTM_SCHEMATA } from '../../workers/export/ftm';
import { makeTempDir } from '../helpers/tmp';
import { runNitka } from '../helpers/run-cli';

const PARTNER_PASSPHRASE = 'agreed-out-of-band-2024';

/** Node and edge counts as networkx reads the file (Debian's python3-networkx). */
function networkxCounts(file: string, reader: 'read_graphml' | 'read_gexf'): { nodes: number; edges: number } {
  const out = execFileSync('python3', ['-c', `import sys, networkx as nx; g = nx.${reader}(sys.argv[1]); print(g.number_of_nodes(), g.number_of_edges())`, file], { encoding: 'utf8' });
  const [nodes, edges] = out.trim().split(' ').map(Number);
  return { nodes: nodes!, edges: edges! };
}

describe('`nitka export` and `nitka import-package` on the demo case', () => {
  let dir: string;
  let cleanup: () => void;
  let demo: string;
  let graph: Graph;
  const exportJson = async (format: string, out: string, extra: string[] = []): Promise<ExportResult> => {
    const r = await runNitka(['export', demo, '--format', format, '--out', out, '--json', ...extra], { passphrase: DEMO_PASSPHRASE });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as ExportResult;
  };

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDir('nitka-export-cli-'));
    demo = path.join(dir, 'demo.nitka');
    await buildDemoCase(demo);
    const g = await runNitka(['graph', demo, '--json'], { passphrase: DEMO_PASSPHRASE });
    graph = JSON.parse(g.stdout) as Graph;
  }, 120_000);
  afterAll(() => cleanup());

  it('GraphML and GEXF load in networkx with the node and edge counts of `nitka graph`', async () => {
    for (const [format, reader] of [['graphml', 'read_graphml'], ['gexf', 'read_gexf']] as const) {
      const out = path.join(dir, `demo.${format}`);
      const r = await exportJson(format, out);
      expect(r.nodes).toBe(graph.nodes.length);
      expect(r.edges).toBe(graph.edges.length);
      expect(networkxCounts(out, reader)).toEqual({ nodes: graph.nodes.length, edges: graph.edges.length });
    }
  }, 60_000);

  it('ANX is well-formed XML with one entity per node and one link per edge, each link carrying its source cards', async () => {
    const out = path.join(dir, 'demo.anx');
    await exportJson('anx', out);
    const xml = fs.readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const chart = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['ChartItem', 'Card'].includes(name) }).parse(xml) as {
      Chart: { ChartItemCollection: { ChartItem: Array<{ End?: unknown; Link?: { CardCollection?: { Card: Array<Record<string, string>> } } }> } };
    };
    const items = chart.Chart.ChartItemCollection.ChartItem;
    expect(items.filter((i) => i.End).length).toBe(graph.nodes.length);
    const links = items.filter((i) => i.Link);
    expect(links.length).toBe(graph.edges.length);
    const refs = links.flatMap((l) => l.Link!.CardCollection?.Card ?? []).map((c) => c['@_SourceReference']);
    expect(refs.some((r) => /SHA-256 [0-9a-f]{64}/.test(r ?? ''))).toBe(true);
  }, 60_000);

  it('FollowTheMoney lines parse as JSON with real schema names and stable ids', async () => {
    const first = path.join(dir, 'a.ftm');
    const second = path.join(dir, 'b.ftm');
    await exportJson('ftm', first);
    await exportJson('ftm', second);
    const lines = fs.readFileSync(first, 'utf8').trim().split('\n');
    const entities = lines.map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> });
    for (const e of entities) {
      expect(FTM_SCHEMATA as readonly string[]).toContain(e.schema);
      for (const values of Object.values(e.properties)) expect(Array.isArray(values)).toBe(true);
    }
    expect(entities.filter((e) => e.schema === 'CryptoWallet').length).toBe(graph.nodes.filter((n) => n.kind === 'wallet').length);
    expect(entities.some((e) => e.schema === 'UnknownLink' && e.properties.role?.includes('paid'))).toBe(true);
    const ids = (f: string) => fs.readFileSync(f, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { id: string }).id).sort();
    expect(ids(second)).toEqual(ids(first));
  }, 60_000);

  it('the PDF report turns into pages and its text carries every source hash; the export is in the audit log with its SHA-256', async () => {
    const out = path.join(dir, 'report.pdf');
    const r = await exportJson('pdf', out);
    execFileSync('pdftoppm', ['-r', '20', '-png', out, path.join(dir, 'page')]);
    expect(fs.readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f)).length).toBeGreaterThanOrEqual(2);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', out, '-'], { encoding: 'utf8' });
    const sources = JSON.parse((await runNitka(['sources', demo, '--json'], { passphrase: DEMO_PASSPHRASE })).stdout) as Array<{ sha256: string }>;
    expect(sources.length).toBe(3);
    for (const s of sources) expect(text).toContain(s.sha256);
    const log = JSON.parse((await runNitka(['log', demo, '--json'], { passphrase: DEMO_PASSPHRASE })).stdout) as Array<{ seq: number; action: string; details: { files: Array<{ sha256: string }> } }>;
    const entry = log.find((e) => e.seq === r.auditSeq)!;
    expect(entry.action).toBe('export');
    expect(entry.details.files[0]!.sha256).toBe(r.files[0]!.sha256);
  }, 60_000);

  it('a package from the demo case imports into a partner case: hashes kept, verify passes, shared identifiers reported', async () => {
    const pkg = path.join(dir, 'to-partner.nitkapkg');
    process.env.PARTNER_KEY = PARTNER_PASSPHRASE;
    try {
      await exportJson('package', pkg, ['--package-passphrase-env', 'PARTNER_KEY']);
    } finally {
      delete process.env.PARTNER_KEY;
    }
    // The partner's case holds the same ads, found on its own.
    const partner = path.join(dir, 'partner.nitka');
    expect((await runNitka(['create', partner, '--name', 'Partner case'], { passphrase: 'partner-pass' })).code).toBe(0);
    expect((await runNitka(['ingest', partner, path.join(DEMO_EVIDENCE_DIR, 'oglasi.jsonl')], { passphrase: 'partner-pass' })).code).toBe(0);

    const wrong = await runNitka(['import-package', partner, pkg], { passphrase: 'partner-pass' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/NITKA_PACKAGE_PASSPHRASE/);

    process.env.NITKA_PACKAGE_PASSPHRASE = PARTNER_PASSPHRASE;
    let imported: ImportPackageResult;
    let text: string;
    try {
      const r = await runNitka(['import-package', partner, pkg, '--json'], { passphrase: 'partner-pass' });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      imported = JSON.parse(r.stdout) as ImportPackageResult;
      text = (await runNitka(['import-package', partner, pkg], { passphrase: 'partner-pass' })).stdout;
    } finally {
      delete process.env.NITKA_PACKAGE_PASSPHRASE;
    }
    expect(imported.fromCase.name).toBe('Demo: Operacija Kolo');
    expect(imported.sources).toBe(2);
    expect(imported.matches.map((m) => m.value)).toContain('+381641234567');
    for (const m of imported.matches) expect(m.occurrencesHere).toBeGreaterThan(0);
    expect(text).toContain('+381641234567');

    const sourcesOf = async (file: string, pass: string) => JSON.parse((await runNitka(['sources', file, '--json'], { passphrase: pass })).stdout) as Array<{ sha256: string; exhibit: string | null; note: string | null }>;
    const a = await sourcesOf(demo, DEMO_PASSPHRASE);
    const b = await sourcesOf(partner, 'partner-pass');
    expect(new Set(b.map((s) => s.sha256))).toEqual(new Set(a.map((s) => s.sha256)));
    expect(b.filter((s) => s.note?.includes('from case "Demo: Operacija Kolo"')).length).toBe(2);
    const verify = JSON.parse((await runNitka(['verify', partner, '--json'], { passphrase: 'partner-pass' })).stdout) as VerifyReport;
    expect(verify.problems).toEqual([]);
    expect(verify.ok).toBe(true);
  }, 120_000);
});
