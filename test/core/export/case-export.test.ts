import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCase, DEMO_PASSPHRASE } from '../../../electron/cli/demo-case';
import { NodeCaseService, inProcessCaseApi } from '../../../electron/core/case-service';
import type { CaseApi } from '../../../shared/api/contract';
import { unwrap } from '../../../shared/result';
import { makeTempDir } from '../../helpers/tmp';

describe('exportCase and importPackage in the case service', () => {
  let dir: string;
  let cleanup: () => void;
  let service: NodeCaseService;
  let api: CaseApi;

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDir('nitka-case-export-'));
    const demo = path.join(dir, 'demo.nitka');
    await buildDemoCase(demo);
    service = new NodeCaseService({ host: 'in-process' });
    api = inProcessCaseApi(service);
    unwrap(await api.openCase({ path: demo, passphrase: DEMO_PASSPHRASE }));
  }, 120_000);
  afterAll(async () => {
    await service.closeCase();
    cleanup();
  });

  it('a saved view exports only its filtered nodes minus the hidden ones, at its positions, with the view in the audit trail', async () => {
    const graph = unwrap(await api.graph({ nodeKinds: ['wallet'] }));
    expect(graph.nodes.length).toBeGreaterThan(2);
    const [hidden, ...shown] = graph.nodes;
    const positions = Object.fromEntries(shown.map((n, i) => [String(n.id), { x: i * 100, y: 50 }]));
    unwrap(await api.saveView({ name: 'money', filter: { nodeKinds: ['wallet'] }, positions, hidden: [hidden!.id], pinned: [], groups: [], layout: 'fcose' }));
    const out = path.join(dir, 'money.graphml');
    const r = unwrap(await api.exportCase({ format: 'graphml', out, view: 'money' }));
    expect(r.nodes).toBe(shown.length);
    const script = 'import sys, json, networkx as nx\ng = nx.read_graphml(sys.argv[1])\nprint(json.dumps({k: [d.get("x"), d.get("y"), d["value"]] for k, d in g.nodes(data=True)}))';
    const nodes = JSON.parse(execFileSync('python3', ['-c', script, out], { encoding: 'utf8' })) as Record<string, [number, number, string]>;
    expect(Object.keys(nodes).sort()).toEqual(shown.map((n) => `n${n.id}`).sort());
    expect(nodes[`n${shown[1]!.id}`]).toEqual([100, 50, shown[1]!.value]);
    const html = path.join(dir, 'money.html');
    unwrap(await api.exportCase({ format: 'html', out: html, view: 'money' }));
    const text = fs.readFileSync(html, 'utf8');
    expect(text).toContain('view.save');
    expect(text).not.toContain(hidden!.value);
    const entry = unwrap(await api.auditLog({ afterSeq: r.auditSeq - 1, limit: 1 }))[0]!;
    expect(entry).toMatchObject({ action: 'export', details: { format: 'graphml', view: 'money', nodes: shown.length } });
  }, 60_000);

  it('never overwrites, and checks the passphrase goes with a package only', async () => {
    const out = path.join(dir, 'once.gexf');
    unwrap(await api.exportCase({ format: 'gexf', out }));
    const again = await api.exportCase({ format: 'gexf', out });
    expect(again.ok ? null : again.error.kind).toBe('exists');
    const noPass = await api.exportCase({ format: 'package', out: path.join(dir, 'p.pkg') });
    expect(noPass.ok ? null : noPass.error.message).toMatch(/passphrase/);
    const stray = await api.exportCase({ format: 'csv', out: path.join(dir, 'csv'), passphrase: 'long enough' });
    expect(stray.ok ? null : stray.error.kind).toBe('bad_input');
    expect(fs.existsSync(path.join(dir, 'csv'))).toBe(false);
    const missingView = await api.exportCase({ format: 'ftm', out: path.join(dir, 'x.ftm'), view: 'no such view' });
    expect(missingView.ok ? null : missingView.error.kind).toBe('not_found');
  }, 60_000);

  it('an altered or mis-keyed package is refused and leaves the receiving case exactly as it was', async () => {
    // A chat whose dates cannot decide day/month was read as told; the partner's case must read it the same way.
    const ambiguous = path.join(dir, 'WhatsApp Chat with Agencija.txt');
    fs.writeFileSync(ambiguous, '05/04/2024, 10:02 - Agencija: Javi se na +381 64 987 6543.\n06/04/2024, 11:00 - Klijent: Važi.\n');
    expect((await api.ingestFile({ path: ambiguous })).ok).toBe(false);
    unwrap(await api.ingestFile({ path: ambiguous, dateOrder: 'dmy' }));
    const pkg = path.join(dir, 'out.pkg');
    unwrap(await api.exportCase({ format: 'package', out: pkg, passphrase: 'partner passphrase' }));
    const other = new NodeCaseService({ host: 'in-process' });
    const b = inProcessCaseApi(other);
    try {
      unwrap(await b.createCase({ path: path.join(dir, 'b.nitka'), passphrase: 'b' }));
      const before = { info: unwrap(await b.caseInfo()), graph: unwrap(await b.graph()) };
      const wrong = await b.importPackage({ path: pkg, passphrase: 'not the passphrase' });
      expect(wrong.ok ? null : wrong.error.kind).toBe('wrong_passphrase');
      const bytes = fs.readFileSync(pkg);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 100) ^ 0x40, bytes.length - 100);
      const altered = path.join(dir, 'altered.pkg');
      fs.writeFileSync(altered, bytes);
      const bad = await b.importPackage({ path: altered, passphrase: 'partner passphrase' });
      expect(bad.ok).toBe(false);
      expect(unwrap(await b.caseInfo())).toMatchObject({ sourceCount: before.info.sourceCount, auditEntries: before.info.auditEntries });
      expect(unwrap(await b.graph()).nodes.length).toBe(before.graph.nodes.length);
      const good = unwrap(await b.importPackage({ path: pkg, passphrase: 'partner passphrase' }));
      expect(good.sources).toBe(4);
      const messages = unwrap(await b.listMessages({ search: 'Važi' }));
      expect(messages[0]!.sentUtc.startsWith('2024-04-06')).toBe(true);
      expect(good.matches).toEqual([]);
      const log = unwrap(await b.auditLog({}));
      expect(log.at(-1)).toMatchObject({ action: 'package.import', details: { fromCaseName: 'Demo: Operacija Kolo' } });
      expect(unwrap(await b.verify()).ok).toBe(true);
    } finally {
      await other.closeCase();
    }
  }, 90_000);
});
