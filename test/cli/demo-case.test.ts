import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCase, DEMO_PASSPHRASE } from '../../electron/cli/demo-case';
import { NodeCaseService, inProcessCaseApi } from '../../electron/core/case-service';
import { unwrap } from '../../shared/result';
import { makeTempDir } from '../helpers/tmp';
import { runNitka } from '../helpers/run-cli';

describe('the demo case behind `npm run demo`', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = makeTempDir('nitka-demo-')));
  afterAll(() => cleanup());

  it('builds from the bundled fixtures: every file stored, the chat read, the case verifies', async () => {
    const file = path.join(dir, 'demo.nitka');
    await buildDemoCase(file);
    const service = new NodeCaseService({ host: 'in-process' });
    const api = inProcessCaseApi(service);
    try {
      unwrap(await api.openCase({ path: file, passphrase: DEMO_PASSPHRASE }));
      expect(unwrap(await api.listSources()).map((s) => s.fileName).sort()).toEqual(['WhatsApp Chat with Posao Beč.txt', 'oglasi.jsonl', 'wallet-export.csv']);
      expect(unwrap(await api.listMessages({})).length).toBeGreaterThan(0);
      expect(unwrap(await api.listEntities({ kind: 'phone' })).length).toBeGreaterThan(0);
      expect(unwrap(await api.verify()).ok).toBe(true);
    } finally {
      await service.closeCase();
    }
    // Building again leaves the existing case alone.
    await buildDemoCase(file);
  }, 60_000);

  it('`nitka demo CASE` builds it in one command and shows a real network (chats, ads and wallets linked)', async () => {
    const file = path.join(dir, 'nitka-demo.nitka');
    const built = await runNitka(['demo', file]);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toContain(`Built the demo case: ${file}`);
    expect(built.stdout).toContain(`Passphrase: ${DEMO_PASSPHRASE}`);
    const graph = await runNitka(['graph', file, '--json'], { passphrase: DEMO_PASSPHRASE });
    expect(graph.code).toBe(0);
    const g = JSON.parse(graph.stdout) as { nodes: { kind: string }[]; edges: { kind: string }[] };
    const kinds = new Set(g.nodes.map((n) => n.kind));
    for (const k of ['phone', 'account', 'chat', 'ad', 'wallet']) expect(kinds, k).toContain(k);
    expect(new Set(g.edges.map((e) => e.kind))).toContain('paid');
    const again = await runNitka(['demo', file]);
    expect(again.stdout).toContain('Demo case already there');
  }, 120_000);
});
