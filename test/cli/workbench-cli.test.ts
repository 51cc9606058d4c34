import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/tmp';
import { runNitka } from '../helpers/run-cli';

const PASS = 'x';
const FIXTURES = path.resolve(__dirname, '../fixtures');
const VICTIM_WALLET = 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE';

describe('nitka victim, victims, reveal, settings, views, traces', () => {
  let dir: string;
  let cleanup: () => void;
  let casePath: string;
  const nitka = (...args: string[]) => runNitka(args, { passphrase: PASS });

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDir('nitka-wb-'));
    casePath = path.join(dir, 'w.nitka');
    expect((await nitka('create', casePath)).code).toBe(0);
    const ingest = await nitka('ingest', casePath, path.join(FIXTURES, 'network', 'ads-a.jsonl'), path.join(FIXTURES, 'demo', 'wallet-export.csv'));
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 120_000);
  afterAll(() => cleanup());

  it('flags a person as a victim, hides the name and phone in the graph, reveals them with a reason, and unflags', async () => {
    const before = JSON.parse((await nitka('graph', casePath, '--json')).stdout) as { nodes: Array<{ id: number; kind: string; label: string | null }> };
    const dragan = before.nodes.find((n) => n.kind === 'person' && n.label === 'Dragan Petrović')!;
    const flag = await nitka('victim', casePath, 'flag', String(dragan.id), '--note', 'came forward');
    expect(flag.code, flag.stderr).toBe(0);
    expect(flag.stdout).toContain('Flagged as V-001.');
    const graph = await nitka('graph', casePath, '--json');
    // The Cyrillic spelling on the other ad is the same name, and is hidden too.
    expect(graph.stdout).not.toMatch(/Dragan Petrovi|Драган Петровић|dragan petrovic|\+381641234567/i);
    expect(graph.stdout).toContain('"V-001 phone 1"');
    const victims = JSON.parse((await nitka('victims', casePath, '--json')).stdout) as Array<{ pseudonym: string; nodeId: number }>;
    expect(victims).toMatchObject([{ pseudonym: 'V-001', nodeId: dragan.id }]);
    expect((await nitka('reveal', casePath, 'V-001')).code).toBe(2);
    const revealed = await nitka('reveal', casePath, 'V-001', '--reason', 'prosecutor asked in writing');
    expect(revealed.code, revealed.stderr).toBe(0);
    expect(revealed.stdout).toContain('= +381641234567');
    const unflag = await nitka('victim', casePath, 'unflag', String(dragan.id));
    expect(unflag.code, unflag.stderr).toBe(0);
    expect((await nitka('victims', casePath)).stdout).toContain('No victims are flagged.');
    expect((await nitka('victim', casePath, 'hide', '1')).code).toBe(2);
  }, 300_000);

  it('changes settings, lists views and traces', async () => {
    const s = await nitka('settings', casePath, '--language', 'bs', '--region', 'ba', '--timezone', 'Europe/Sarajevo', '--json');
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ language: 'bs', defaultRegion: 'BA', timezone: 'Europe/Sarajevo' });
    expect((await nitka('settings', casePath, '--language', 'xx')).code).toBe(2);
    expect((await nitka('views', casePath)).stdout).toContain('No saved views.');
    expect((await nitka('trace', casePath, VICTIM_WALLET)).code).toBe(0);
    const traces = JSON.parse((await nitka('traces', casePath, '--json')).stdout) as Array<{ id: number; seed: string; model: string }>;
    expect(traces).toMatchObject([{ seed: VICTIM_WALLET, model: 'haircut' }]);
    const one = await nitka('traces', casePath, String(traces[0]!.id));
    expect(one.stdout).toContain(`Trace #${traces[0]!.id} from ${VICTIM_WALLET}`);
  }, 300_000);
});
