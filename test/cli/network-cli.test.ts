import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tmp';
import { runNitka } from '../helpers/run-cli';

const PASS = 'x';
const FIXTURES = path.resolve(__dirname, '../fixtures');

describe('nitka graph, why, suggestions, merge/reject/reopen, clusters', () => {
  let dir: string;
  let cleanup: () => void;
  let casePath: string;

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDir('nitka-net-'));
    casePath = path.join(dir, 'n.nitka');
    expect((await runNitka(['create', casePath], { passphrase: PASS })).code).toBe(0);
    const ingest = await runNitka(['ingest', casePath, path.join(FIXTURES, 'demo', 'WhatsApp Chat with Posao Beč.txt'), path.join(FIXTURES, 'network', 'ads-a.jsonl')], { passphrase: PASS });
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 60_000);
  afterAll(() => cleanup());

  it('prints the graph as JSON with nodes and edges', async () => {
    const r = await runNitka(['graph', casePath, '--json'], { passphrase: PASS });
    expect(r.code, r.stderr).toBe(0);
    const g = JSON.parse(r.stdout) as { nodes: Array<{ id: number; kind: string; value: string; label: string | null }>; edges: Array<{ id: number; source: number; target: number; kind: string; weight: number }> };
    expect(g.nodes.filter((n) => n.value === '+381641234567')).toHaveLength(1);
    expect(new Set(g.nodes.map((n) => n.kind))).toEqual(new Set(['phone', 'handle', 'chat', 'account', 'ad', 'person', 'cluster']));
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) {
      expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
      expect(e.weight).toBeGreaterThan(0);
    }
    const only = JSON.parse((await runNitka(['graph', casePath, '--json', '--nodes', 'ad,phone'], { passphrase: PASS })).stdout) as { nodes: Array<{ kind: string }> };
    expect(new Set(only.nodes.map((n) => n.kind))).toEqual(new Set(['ad', 'phone']));
    expect((await runNitka(['graph', casePath, '--nodes', 'planet'], { passphrase: PASS })).code).toBe(2);
  });

  it('explains a link with its evidence and the shortest path, by canonical value or id', async () => {
    const r = await runNitka(['why', casePath, 'ad:oglasi.rs/RS-1', '+381641234567'], { passphrase: PASS });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('lists_contact');
    expect(r.stdout).toMatch(/ads-a\.jsonl, ad RS-1, line 1, byte 0, field contact:phone \[2024-03-10T17:00:00Z\]: "phone: 064 123 4567"/);
    const json = JSON.parse((await runNitka(['why', casePath, 'ad:oglasi.rs/RS-1', 'telegram:posao_bec_2024', '--json'], { passphrase: PASS })).stdout) as { direct: unknown[]; path: Array<{ link: { kind: string } }> };
    expect(json.direct).toEqual([]);
    expect(json.path.length).toBeGreaterThanOrEqual(2);
    const missing = await runNitka(['why', casePath, 'nobody', '1'], { passphrase: PASS });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no node named "nobody"');
  });

  it('lists suggestions, merges, reopens and rejects them, each in the audit log', async () => {
    const list = JSON.parse((await runNitka(['suggestions', casePath, '--json'], { passphrase: PASS })).stdout) as Array<{ id: number; score: number; reasons: Array<{ code: string; detail: string }>; nodes: Array<{ label: string | null }> }>;
    const s = list.find((x) => x.nodes.some((n) => n.label === 'Драган Петровић') && x.nodes.some((n) => n.label === 'Dragan Petrović'));
    expect(s, JSON.stringify(list)).toBeDefined();
    expect(s!.reasons[0]!.detail).toContain('Драган Петровић');
    const merged = await runNitka(['merge', casePath, String(s!.id), '--note', 'same photo'], { passphrase: PASS });
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/accepted → person #\d+/);
    expect((await runNitka(['reject', casePath, String(s!.id)], { passphrase: PASS })).code).toBe(2);
    expect((await runNitka(['reopen', casePath, String(s!.id)], { passphrase: PASS })).code).toBe(0);
    expect((await runNitka(['reject', casePath, String(s!.id)], { passphrase: PASS })).code).toBe(0);
    const rejected = JSON.parse((await runNitka(['suggestions', casePath, '--status', 'rejected', '--json'], { passphrase: PASS })).stdout) as Array<{ id: number }>;
    expect(rejected.map((x) => x.id)).toEqual([s!.id]);
    const log = await runNitka(['log', casePath], { passphrase: PASS });
    expect(log.stdout).toMatch(/suggestion\.accepted[\s\S]*suggestion\.reopened[\s\S]*suggestion\.rejected/);
    expect((await runNitka(['merge', casePath, 'x'], { passphrase: PASS })).code).toBe(2);
  });

  it('prints ad clusters with each member by its own ad id and source', async () => {
    const r = await runNitka(['clusters', casePath, '--json'], { passphrase: PASS });
    expect(r.code, r.stderr).toBe(0);
    const clusters = JSON.parse(r.stdout) as Array<{ id: number; score: number; members: Array<{ ad: string; source: string }> }>;
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members.map((m) => [m.ad, m.source])).toEqual([['RS-1', 'ads-a.jsonl'], ['RS-2', 'ads-a.jsonl']]);
    expect((await runNitka(['clusters', casePath], { passphrase: PASS })).stdout).toMatch(/cluster #\d+ +score 0\.\d\d +2 ads/);
  });
});
