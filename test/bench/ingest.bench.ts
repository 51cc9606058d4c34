// `npm run bench`: evidence-ingest throughput and memory, printed beside a baseline measured on
// the same machine and file (plain SHA-256 of the file, the floor any ingest must pay) and the
// recorded figures of the first implementation, so a regression shows as a ratio, not a guess.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { NodeCaseService, inProcessCaseApi } from '../../electron/core/case-service';
import { unwrap } from '../../shared/result';

const SIZE_MIB = Number(process.env.NITKA_BENCH_MIB ?? 256);
/** Figures of the first implementation on the 2-core CI machine (2026-11-23), for comparison. */
const RECORDED = { ingestMiBs: 49, verifyMiBs: 222, peakRssMiB: 190 };

function mibPerSec(bytes: number, ms: number): number {
  return bytes / 1024 / 1024 / (ms / 1000);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nitka-bench-'));
  try {
    const file = path.join(dir, 'evidence.bin');
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < SIZE_MIB; i++) fs.writeSync(fd, randomBytes(1024 * 1024));
    fs.closeSync(fd);
    const bytes = SIZE_MIB * 1024 * 1024;

    let t = performance.now();
    const h = createHash('sha256');
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) h.update(chunk as Buffer);
    h.digest();
    const hashMs = performance.now() - t;

    const service = new NodeCaseService({ host: 'in-process', actor: 'bench@local' });
    const api = inProcessCaseApi(service);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
    unwrap(await api.createCase({ path: path.join(dir, 'bench.nitka'), passphrase: 'bench' }));
    t = performance.now();
    unwrap(await api.ingestFile({ path: file }));
    const ingestMs = performance.now() - t;
    t = performance.now();
    const report = unwrap(await api.verify());
    const verifyMs = performance.now() - t;
    clearInterval(sampler);
    await service.closeCase();
    if (!report.ok) throw new Error('verify failed in the benchmark');

    const rows: Array<[string, string, string, string]> = [
      ['measure', 'this run', 'baseline: sha256 only', 'recorded (first impl.)'],
      ['ingest MiB/s (hash twice, encrypt, store)', mibPerSec(bytes, ingestMs).toFixed(1), mibPerSec(bytes, hashMs).toFixed(1), String(RECORDED.ingestMiBs)],
      ['verify MiB/s (decrypt, re-hash)', mibPerSec(bytes, verifyMs).toFixed(1), mibPerSec(bytes, hashMs).toFixed(1), String(RECORDED.verifyMiBs)],
      ['peak RSS MiB (process incl. DB worker)', (peakRss / 1024 / 1024).toFixed(0), '-', String(RECORDED.peakRssMiB)],
    ];
    console.log(`Nitka ingest benchmark: ${SIZE_MIB} MiB random file, ${os.cpus().length} cores, Node ${process.version}`);
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
