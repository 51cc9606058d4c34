import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { entityKinds, SOURCE_FORMATS, type CaseApi, type ColumnMapping, type Entity, type SourceFormat } from '../../shared/api/contract';
import { NitkaError, unwrap, type ErrorKind, type Result } from '../../shared/result';
import { NITKA_VERSION } from '../../shared/version';
import { NodeCaseService, inProcessCaseApi } from '../core/case-service';
import { startLoopbackHost } from '../host/loopback-host';
import { formatBytes } from '../../shared/format-bytes';
import { formatAudit, formatCase, formatReport, formatSource, formatSources, formatVerify } from './format';
import { obtainPassphrase } from './passphrase';
import { addNetworkCommands } from './network-commands';
import { addChainCommands } from './chain-commands';
import { addEvidenceCommands } from './evidence-commands';
import { addExportCommands } from './export-commands';
import { addWorkbenchCommands } from './workbench-commands';
import { buildDemoCase, DEMO_PASSPHRASE } from './demo-case';

/** Exit codes: 0 ok, 1 failure, 2 bad usage or bad input. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

const BAD_INPUT_KINDS: ReadonlySet<ErrorKind> = new Set([
  'bad_input', 'not_found', 'exists', 'wrong_passphrase', 'not_a_case', 'newer_version', 'no_case_open', 'unauthorized',
]);

const MAPPING_KEYS = ['time', 'body', 'sender', 'chat', 'messageId', 'replyTo', 'attachment', 'platform', 'sheet'];

/** `time=Datum,body=Poruka,sender=Od` → an object; the contract validates the rest. */
function parseColumnMap(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (eq < 1 || !MAPPING_KEYS.includes(key)) throw new NitkaError('bad_input', `--map: '${part}' is not FIELD=COLUMN with FIELD one of ${MAPPING_KEYS.join(', ')}`);
    out[key] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Maps an error kind to the process exit code. */
export function exitCodeFor(kind: ErrorKind): number {
  return BAD_INPUT_KINDS.has(kind) ? EXIT_BAD_INPUT : EXIT_FAILURE;
}

/** Where `npm run build` puts the renderer. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** A one-line progress bar on stderr: phase, percentage and bytes. */
function progressBar(label: string): { update: (phase: string, done: number, total: number) => void; done: () => void } {
  let drawn = false;
  return {
    update: (phase, done, total) => {
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const width = 30;
      const filled = Math.round(ratio * width);
      process.stderr.write(`\r${label}  ${phase.padEnd(5)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${formatBytes(done)} / ${formatBytes(total)}   `);
      drawn = true;
    },
    done: () => {
      if (drawn) process.stderr.write('\n');
    },
  };
}

/** Opens CASE in-process for one command and always closes it. */
async function withCase<T>(casePath: string, run: (api: CaseApi, service: NodeCaseService) => Promise<T>): Promise<T> {
  const passphrase = await obtainPassphrase(casePath, { confirm: false });
  const service = new NodeCaseService({ host: 'in-process' });
  const api = inProcessCaseApi(service);
  try {
    unwrap(await api.openCase({ path: casePath, passphrase }));
    return await run(api, service);
  } finally {
    await service.closeCase();
  }
}

function buildProgram(io: Io, setExit: (code: number) => void, onServe: (stop: () => Promise<void>) => void): Command {
  const program = new Command('nitka')
    .description('Nitka: an offline workbench for mapping trafficking and smuggling networks.\nThe case passphrase is read from NITKA_PASSPHRASE, or asked for on the terminal.')
    .version(NITKA_VERSION)
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('create')
    .description('create a new encrypted case file')
    .argument('<case>', 'path of the new .nitka file (never overwritten)')
    .option('--name <name>', 'case name (default: the file name)')
    .option('--timezone <tz>', 'time zone for converting local times in evidence', 'Europe/Belgrade')
    .option('--region <cc>', 'default phone-number region (ISO 3166 code)', 'RS')
    .option('--json', 'print the case as JSON')
    .action(async (casePath: string, opts: { name?: string; timezone: string; region: string; json?: boolean }) => {
      const passphrase = await obtainPassphrase(casePath, { confirm: true });
      const service = new NodeCaseService({ host: 'in-process' });
      const api = inProcessCaseApi(service);
      try {
        const info = unwrap(await api.createCase({ path: casePath, passphrase, name: opts.name, timezone: opts.timezone, defaultRegion: opts.region }));
        if (opts.json) printJson(io, info);
        else io.out(`Created ${info.path}\n${formatCase(info)}`);
      } finally {
        await service.closeCase();
      }
    });

  program
    .command('ingest')
    .description('add evidence files to a case: original bytes, SHA-256 and provenance, one transaction per file')
    .argument('<case>', 'the .nitka case file')
    .argument('<paths...>', 'files to ingest')
    .option('--exhibit <id>', 'exhibit number of the evidence item')
    .option('--note <text>', 'investigator note kept with the source')
    .option('--acquired <time>', 'when the evidence was acquired (ISO 8601, default: now)')
    .addOption(new Option('--format <format>', 'parser: auto-detect, raw (store only), or the app that made the export').choices(SOURCE_FORMATS).default('auto'))
    .addOption(new Option('--date-order <order>', 'date order of a chat export whose dates cannot decide it').choices(['dmy', 'mdy', 'ymd']))
    .addOption(new Option('--map <columns>', 'column mapping of a message table (CSV/XLSX): time=COLUMN,body=COLUMN[,sender=…,chat=…,messageId=…,replyTo=…,attachment=…,platform=…,sheet=…]').argParser(parseColumnMap))
    .option('--time-format <format>', 'how the table writes times: a luxon format like "dd.MM.yyyy HH:mm:ss", or iso, epoch-s, epoch-ms, excel')
    .option('--mapping <name>', 'use a column mapping saved earlier')
    .option('--save-mapping <name>', 'save the column mapping used under this name, for the next table of the same kind')
    .option('--progress', 'draw a progress bar on stderr even when it is not a terminal')
    .option('--json', 'print the results as JSON')
    .action(async (casePath: string, paths: string[], opts: { exhibit?: string; note?: string; acquired?: string; format: SourceFormat; dateOrder?: 'dmy' | 'mdy' | 'ymd'; map?: Record<string, string>; timeFormat?: string; mapping?: string; saveMapping?: string; progress?: boolean; json?: boolean }) => {
      if (opts.timeFormat && !opts.map) throw new NitkaError('bad_input', '--time-format goes with --map (a saved mapping keeps its own time format)');
      const mapping = opts.map ? { ...opts.map, ...(opts.timeFormat ? { timeFormat: opts.timeFormat } : {}) } : undefined;
      await withCase(casePath, async (api, service) => {
        const results: Array<{ path: string; result: Result<unknown> }> = [];
        let worst = EXIT_OK;
        for (const p of paths) {
          const bar = opts.progress || process.stderr.isTTY ? progressBar(path.basename(p)) : null;
          const unsubscribe = bar ? service.onIngestProgress(bar.update) : () => undefined;
          const r = await api.ingestFile({
            path: p,
            exhibit: opts.exhibit,
            note: opts.note,
            acquiredAt: opts.acquired,
            format: opts.format,
            dateOrder: opts.dateOrder,
            mapping: mapping as ColumnMapping | undefined,
            mappingName: opts.mapping,
            saveMappingAs: opts.saveMapping,
          });
          unsubscribe();
          bar?.done();
          results.push({ path: p, result: r });
          if (r.ok) {
            if (!opts.json) {
              io.out(`${r.value.duplicate ? 'Already in case' : 'Added'}  ${formatSource(r.value.source)}`);
              if (r.value.report && r.value.report.format !== 'raw') io.out(`        ${formatReport(r.value.report)}`);
            }
          } else {
            worst = Math.max(worst, exitCodeFor(r.error.kind));
            io.err(`nitka: ${r.error.message}`);
          }
        }
        if (opts.json) {
          printJson(io, results.map(({ path: p, result }) => (result.ok ? { path: p, ok: true, ...(result.value as object) } : { path: p, ok: false, error: result.error })));
        }
        setExit(worst);
      });
    });

  program
    .command('mappings')
    .description('list the column mappings saved in a case for message tables')
    .argument('<case>', 'the .nitka case file')
    .option('--json', 'print JSON')
    .action(async (casePath: string, opts: { json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const list = unwrap(await api.listMappings());
        if (opts.json) printJson(io, list);
        else io.out(list.length ? list.map((m) => `${m.name}  ${Object.entries(m.mapping).map(([k, v]) => `${k}=${v}`).join(',')}  (${m.createdBy}, ${m.createdAt})`).join('\n') : 'No saved mappings.');
      });
    });

  program
    .command('sources')
    .description('list the evidence sources of a case with their SHA-256')
    .argument('<case>', 'the .nitka case file')
    .option('--json', 'print JSON')
    .action(async (casePath: string, opts: { json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const list = unwrap(await api.listSources());
        if (opts.json) printJson(io, list);
        else io.out(formatSources(list));
      });
    });

  program
    .command('verify')
    .description('re-hash every stored source and the whole audit chain; prints OK or names the first break (exit 1)')
    .argument('<case>', 'the .nitka case file')
    .option('--json', 'print the report as JSON')
    .action(async (casePath: string, opts: { json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const report = unwrap(await api.verify());
        if (opts.json) printJson(io, report);
        else io.out(formatVerify(report));
        setExit(report.ok ? EXIT_OK : EXIT_FAILURE);
      });
    });

  program
    .command('log')
    .description('print the hash-chained audit log')
    .argument('<case>', 'the .nitka case file')
    .option('--json', 'print JSON')
    .action(async (casePath: string, opts: { json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const all = [];
        for (let after = 0; ; ) {
          const page = unwrap(await api.auditLog({ afterSeq: after, limit: 1000 }));
          all.push(...page);
          if (page.length < 1000) break;
          after = page[page.length - 1]!.seq;
        }
        if (opts.json) printJson(io, all);
        else io.out(formatAudit(all));
      });
    });

  program
    .command('entities')
    .description('list identifiers (phones, e-mails, URLs, handles, wallets, IBANs), accounts and chats')
    .argument('<case>', 'the .nitka case file')
    .addOption(new Option('--kind <kind>', 'only this kind').choices([...entityKinds]))
    .option('--json', 'print JSON: [{id, kind, value, label, occurrences}]')
    .action(async (casePath: string, opts: { kind?: Entity['kind']; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const list = unwrap(await api.listEntities({ kind: opts.kind }));
        if (opts.json) printJson(io, list);
        else io.out(list.length ? list.map((e) => `${e.kind.padEnd(8)} ${e.value}${e.label ? `  (${e.label})` : ''}  ×${e.occurrences}`).join('\n') : 'No entities.');
      });
    });

  program
    .command('messages')
    .description('list chat messages in time order; --search is full-text, diacritic- and script-insensitive')
    .argument('<case>', 'the .nitka case file')
    .addOption(new Option('--chat <id>', 'only this chat (the number in chat:N from `nitka entities`)').argParser((v) => {
      const n = Number(v.replace(/^chat:/, ''));
      if (!Number.isInteger(n) || n < 1) throw new NitkaError('bad_input', `--chat: '${v}' is not a chat id`);
      return n;
    }))
    .option('--search <text>', 'full-text search (placanje finds plaćanje and плаћање)')
    .option('--identifier <value>', 'only messages where this identifier occurs (canonical value from `nitka entities`, e.g. +381641234567)')
    .option('--json', 'print JSON')
    .action(async (casePath: string, opts: { chat?: number; search?: string; identifier?: string; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const list = unwrap(await api.listMessages({ chatId: opts.chat, search: opts.search, identifier: opts.identifier }));
        if (opts.json) printJson(io, list);
        else io.out(list.length ? list.map((m) => `${m.sentUtc}  [${m.chatTitle}] ${m.sender ?? '(system)'}: ${m.body}`).join('\n') : 'No messages.');
      });
    });

  addNetworkCommands(program, io, (casePath, run) => withCase(casePath, (api) => run(api)));
  addChainCommands(program, io, (casePath, run) => withCase(casePath, (api) => run(api)));
  addEvidenceCommands(program, io, (casePath, run) => withCase(casePath, (api) => run(api)));
  addExportCommands(program, io, (casePath, run) => withCase(casePath, (api) => run(api)));
  addWorkbenchCommands(program, io, (casePath, run) => withCase(casePath, (api) => run(api)));

  program
    .command('demo')
    .description(`build the bundled demo case (fictional chats, ads, wallets and transfers; passphrase "${DEMO_PASSPHRASE}") and optionally serve it`)
    .argument('[case]', 'where to write the demo case', 'demo.nitka')
    .option('--serve', 'then serve it on 127.0.0.1 like `nitka serve`')
    .action(async (casePath: string, opts: { serve?: boolean }) => {
      const file = path.resolve(casePath);
      const existed = fs.existsSync(file);
      await buildDemoCase(file);
      io.out(`${existed ? 'Demo case already there' : 'Built the demo case'}: ${file}`);
      io.out(`Passphrase: ${DEMO_PASSPHRASE}`);
      if (opts.serve) await serve(file, { renderer: DEFAULT_RENDERER_DIR });
    });

  program
    .command('serve')
    .description('serve the Nitka UI and API on 127.0.0.1 for a browser (when the Electron binary is not available)')
    .argument('[case]', 'the .nitka case file to offer (created in the UI if it does not exist)')
    .addOption(new Option('--port <n>', 'port on 127.0.0.1 (default: a free one)').argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new NitkaError('bad_input', `--port: '${v}' is not a port number`);
      return n;
    }))
    .option('--renderer <dir>', 'built renderer to serve', DEFAULT_RENDERER_DIR)
    .action((casePath: string | undefined, opts: { port?: number; renderer: string }) => serve(casePath, opts));

  for (const cmd of program.commands) cmd.configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError();
  program.exitOverride();
  for (const cmd of program.commands) cmd.exitOverride();
  return program;

  async function serve(casePath: string | undefined, opts: { port?: number | undefined; renderer: string }): Promise<void> {
    const service = new NodeCaseService({ host: 'loopback', suggestedCasePath: casePath ?? null });
    const host = await startLoopbackHost({ service, rendererDir: path.resolve(opts.renderer), port: opts.port });
    io.out(`Nitka ${NITKA_VERSION} is serving${casePath ? ` ${path.resolve(casePath)}` : ''} on 127.0.0.1 only.`);
    io.out('Open this URL in Chromium (it carries this session\'s access token):');
    io.out(host.url);
    io.out('Press Ctrl+C to stop.');
    onServe(async () => {
      await host.close();
      await service.closeCase();
    });
  }
}

/**
 * Runs the CLI and resolves to the exit code. `serve` resolves once listening and keeps the
 * process alive until SIGINT/SIGTERM.
 */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  let code = EXIT_OK;
  let stopServe: (() => Promise<void>) | null = null;
  const program = buildProgram(io, (c) => (code = c), (stop) => (stopServe = stop));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT_OK;
      return EXIT_BAD_INPUT;
    }
    if (e instanceof NitkaError) {
      io.err(`nitka: ${e.message}`);
      return exitCodeFor(e.kind);
    }
    io.err(`nitka: ${(e as Error).message ?? String(e)}`);
    return EXIT_FAILURE;
  }
  const stop = stopServe as (() => Promise<void>) | null;
  if (stop) {
    await new Promise<void>((resolve) => {
      const shutdown = () => {
        void stop().finally(resolve);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
  }
  return code;
}
