// `npm run bench:ingest`: a deterministic 1,000,000-message WhatsApp export ingested end to end
// (parse, extract identifiers, encrypted insert, full-text index, evidence hashing) into a new
// case, printed beside two baselines measured in the same run on the same file:
//   - the `whatsapp-chat-parser` npm package parsing the file (parse only, nothing stored);
//   - a bare encrypted SQLite (SQLCipher, same pragmas) insert of the same lines with FTS5.
// Goal: end to end ≤ 2× the bare insert, peak RSS ≤ 500 MB. Each measurement runs in its own
// process so its peak RSS (getrusage maxrss, all threads) is its own; Nitka runs its bundled
// workers, as the app does, not the TypeScript sources through tsx.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BUNDLED_STORE_WORKER = fileURLToPath(new URL('../../dist/electron/store.worker.js', import.meta.url));
const MESSAGES = Number(process.env.NITKA_BENCH_MESSAGES ?? 1_000_000);
/** each measurement runs this often and the fastest run counts: disk flushes make single runs noisy */
const RUNS = Number(process.env.NITKA_BENCH_RUNS ?? 2);
const GOAL = { ratioToBare: 2, peakRssMB: 500 };

interface PhaseResult {
  ms: number;
  messages: number;
  peakRssMB: number;
}

const peakRssMB = () => (process.resourceUsage().maxRSS * 1024) / 1e6;

async function phaseNitka(file: string, dir: string): Promise<PhaseResult> {
  const { NodeCaseService, inProcessCaseApi } = await import('../../electron/core/case-service');
  const { unwrap } = await import('../../shared/result');
  // The shipped code: the bundled database worker, which starts the bundled ingest worker.
  const service = new NodeCaseService({ host: 'in-process', actor: 'bench@local', workerEntry: { js: pathToFileURL(BUNDLED_STORE_WORKER) } });
  const api = inProcessCaseApi(service);
  unwrap(await api.createCase({ path: path.join(dir, 'bench.nitka'), passphrase: 'bench' }));
  const t = performance.now();
  const r = unwrap(await api.ingestFile({ path: file }));
  const ms = performance.now() - t;
  await service.closeCase();
  return { ms, messages: r.report?.messages ?? 0, peakRssMB: peakRssMB() };
}

async function phaseParser(file: string): Promise<PhaseResult> {
  const { parseString } = await import('whatsapp-chat-parser');
  const t = performance.now();
  const messages = parseString(fs.readFileSync(file, 'utf8'), { daysFirst: true });
  return { ms: performance.now() - t, messages: messages.length, peakRssMB: peakRssMB() };
}

async function phaseBare(file: string, dir: string): Promise<PhaseResult> {
  const { default: Database } = await import('better-sqlite3-multiple-ciphers');
  const { linesFromSource } = await import('../../workers/parsers/lines');
  const db = new Database(path.join(dir, 'bare.db'));
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = 'bench'`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // The case's own page cache (electron/core/store/case-db.ts): the same pragmas on both sides.
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE lines (id INTEGER PRIMARY KEY, line INTEGER, body TEXT);
           CREATE VIRTUAL TABLE lines_fts USING fts5 (body, content = '', tokenize = 'unicode61 remove_diacritics 2');`);
  const insert = db.prepare('INSERT INTO lines (line, body) VALUES (?, ?)');
  const fts = db.prepare('INSERT INTO lines_fts (rowid, body) VALUES (?, ?)');
  const fd = fs.openSync(file, 'r');
  const source = { size: fs.fstatSync(fd).size, read: (into: Uint8Array, position: number) => fs.readSync(fd, into, 0, into.length, position) };
  const t = performance.now();
  let n = 0;
  db.transaction(() => {
    for (const l of linesFromSource(source)) {
      const id = insert.run(l.line, l.text).lastInsertRowid;
      fts.run(id, l.text);
      n += 1;
    }
  })();
  const ms = performance.now() - t;
  fs.closeSync(fd);
  db.close();
  return { ms, messages: n, peakRssMB: peakRssMB() };
}

function runPhase(phase: string, file: string): PhaseResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nitka-bench-${phase}-`));
  try {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--phase', phase, file, dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`phase ${phase} failed:\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as PhaseResult;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const phaseAt = process.argv.indexOf('--phase');
  if (phaseAt > 0) {
    const [phase, file, dir] = process.argv.slice(phaseAt + 1) as [string, string, string];
    const result = phase === 'nitka' ? await phaseNitka(file, dir) : phase === 'parser' ? await phaseParser(file) : await phaseBare(file, dir);
    console.log(JSON.stringify(result));
    process.exit(0);
  }
  // Measure what ships: build the Electron-side bundles (database and ingest workers) first.
  const built = spawnSync(process.execPath, [fileURLToPath(new URL('../../electron/build.mjs', import.meta.url))], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the workers failed:\n${built.stderr}`);
  const { generateWhatsAppExport } = await import('./gen-whatsapp');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nitka-bench-chat-'));
  try {
    const file = path.join(dir, 'WhatsApp Chat with Bench.txt');
    const bytes = generateWhatsAppExport(file, MESSAGES);
    const best = (phase: string): PhaseResult => {
      const runs = Array.from({ length: RUNS }, () => runPhase(phase, file));
      return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    };
    const parser = best('parser');
    const bare = best('bare');
    const nitka = best('nitka');
    const rate = (r: PhaseResult) => Math.round(r.messages / (r.ms / 1000)).toLocaleString('en');
    const rows: string[][] = [
      ['', 'Nitka end to end', 'whatsapp-chat-parser (parse only)', 'bare encrypted insert + FTS'],
      ['messages', String(nitka.messages), String(parser.messages), `${bare.messages} lines`],
      ['seconds', (nitka.ms / 1000).toFixed(1), (parser.ms / 1000).toFixed(1), (bare.ms / 1000).toFixed(1)],
      ['messages/s', rate(nitka), rate(parser), rate(bare)],
      ['peak RSS MB', nitka.peakRssMB.toFixed(0), parser.peakRssMB.toFixed(0), bare.peakRssMB.toFixed(0)],
    ];
    console.log(`Nitka chat ingest benchmark: ${MESSAGES.toLocaleString('en')} WhatsApp messages, ${(bytes / 1e6).toFixed(0)} MB, ${os.cpus().length} cores, Node ${process.version}, best of ${RUNS} runs`);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
    const ratio = nitka.ms / bare.ms;
    console.log(`end to end / bare insert: ${ratio.toFixed(2)}× (goal ≤ ${GOAL.ratioToBare}×) ${ratio <= GOAL.ratioToBare ? 'met' : 'NOT met'}`);
    console.log(`peak RSS: ${nitka.peakRssMB.toFixed(0)} MB (goal ≤ ${GOAL.peakRssMB} MB) ${nitka.peakRssMB <= GOAL.peakRssMB ? 'met' : 'NOT met'}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
