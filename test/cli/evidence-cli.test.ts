import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeEvidence, SourceReport, TimelineEvent } from '../../shared/api/contract';
import { buildDemoCase, DEMO_PASSPHRASE } from '../../electron/cli/demo-case';
import { makeTempDir } from '../helpers/tmp';
import { runNitka } from '../helpers/run-cli';

const PASS = DEMO_PASSPHRASE;

describe('nitka evidence, timeline, report on the demo case', () => {
  let cleanup: () => void;
  let casePath: string;

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = makeTempDir('nitka-evidence-'));
    casePath = path.join(dir, 'demo.nitka');
    await buildDemoCase(casePath);
  }, 60_000);
  afterAll(() => cleanup());

  it('prints the links of a phone with excerpts, files, exhibits and places', async () => {
    const r = await runNitka(['evidence', casePath, '064 123 4567'], { passphrase: PASS });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^#\d+ phone \+381641234567$/);
    expect(r.stdout).toMatch(/←mentions— #\d+ chat chat:1 "Posao Beč" +\(link #\d+, weight 0\.95, 1 evidence, 2024-03-12T20:18:00Z\)/);
    expect(r.stdout).toMatch(/- source #1 WhatsApp Chat with Posao Beč\.txt \(exhibit DEMO-1\), sha256 [0-9a-f]{12}…, line 4, byte \d+ \[2024-03-12T20:18:00Z\]: "…edimo papire\./);
    expect(r.stdout).toMatch(/- source #2 oglasi\.jsonl \(exhibit DEMO-2\), sha256 [0-9a-f]{12}…, ad A-100231, line 1, byte 0, field body/);
    const json = JSON.parse((await runNitka(['evidence', casePath, 'tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX', '--json', '--limit', '1'], { passphrase: PASS })).stdout) as NodeEvidence;
    expect(json.node.kind).toBe('wallet');
    expect(json.links.map((l) => [l.link.kind, l.evidence.length, l.evidence[0]!.fileName])).toEqual([['paid', 1, 'wallet-export.csv'], ['paid', 1, 'wallet-export.csv']]);
    const missing = await runNitka(['evidence', casePath, 'telegram:nobody'], { passphrase: PASS });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no node named "telegram:nobody"');
  }, 150_000);

  it('prints the timeline of a phone and a wallet, windowed, with amounts in the asset units', async () => {
    const r = await runNitka(['timeline', casePath, '+381641234567', 'tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX'], { passphrase: PASS });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      '2024-03-10T17:00:00Z ad', '2024-03-11T07:30:00Z ad', '2024-03-12T20:18:00Z message', '2024-03-12T20:31:07Z transfer', '2024-03-13T08:02:44Z transfer',
    ]);
    expect(lines[3]).toContain('tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE → tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX 50 USDT: tx 5c0f1e2d');
    expect(lines[3]).toContain('(wallet-export.csv, line 2, at 5c0f1e2d');
    const window = JSON.parse((await runNitka(['timeline', casePath, '+381641234567', 'tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX', '--since', '2024-03-12T00:00:00Z', '--until', '2024-03-13T00:00:00+01:00', '--json'], { passphrase: PASS })).stdout) as { events: TimelineEvent[]; truncated: boolean };
    expect(window.events.map((e) => e.kind)).toEqual(['message', 'transfer']);
    const cut = JSON.parse((await runNitka(['timeline', casePath, 'chat:1', '--limit', '2', '--json'], { passphrase: PASS })).stdout) as { events: TimelineEvent[]; truncated: boolean };
    expect(cut.truncated).toBe(true);
    expect(cut.events.map((e) => e.kind)).toEqual(['system', 'message']);
    expect((await runNitka(['timeline', casePath, 'chat:1', '--since', 'yesterday'], { passphrase: PASS })).stderr).toContain("--since: 'yesterday' is not a date and time");
  }, 150_000);

  it('prints the ingest report of a source with its unparsed fragments', async () => {
    const r = await runNitka(['report', casePath, '1'], { passphrase: PASS });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^#1 {2}[0-9a-f]{64} .* WhatsApp Chat with Posao Beč\.txt {2}\(exhibit DEMO-1/);
    expect(r.stdout).toContain('whatsapp-txt: 6 messages, 1 system events, 2 accounts');
    expect(r.stdout).toContain('No unparsed fragments.');
    const json = JSON.parse((await runNitka(['report', casePath, '#3', '--json'], { passphrase: PASS })).stdout) as SourceReport;
    expect(json).toMatchObject({ source: { id: 3, fileName: 'wallet-export.csv' }, report: { format: 'transfers-csv', transfers: 3 }, fragments: [], fragmentCount: 0 });
    const missing = await runNitka(['report', casePath, '9'], { passphrase: PASS });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no source #9 in this case');
    expect((await runNitka(['report', casePath, 'first'], { passphrase: PASS })).code).toBe(2);
  }, 150_000);
});
