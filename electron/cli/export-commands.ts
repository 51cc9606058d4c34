import { Option, type Command } from 'commander';
import { read } from 'read';
import { EXPORT_FORMATS, type CaseApi, type ExportFormat, type ImportPackageResult } from '../../shared/api/contract';
import { NitkaError, unwrap } from '../../shared/result';

interface Io {
  out: (text: string) => void;
}
type WithCase = <T>(casePath: string, run: (api: CaseApi) => Promise<T>) => Promise<T>;

/** The environment variable the package passphrase is read from unless --package-passphrase-env names another. */
export const PACKAGE_PASSPHRASE_ENV = 'NITKA_PACKAGE_PASSPHRASE';

/**
 * The exchange-package passphrase: from the named environment variable, else asked on the
 * terminal without echo (twice when making a package). Never a command-line argument, which
 * other users can read in the process list.
 */
async function packagePassphrase(envName: string, what: string, confirm: boolean): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw new NitkaError('bad_input', `${what}: no package passphrase: set ${envName} or run nitka in a terminal to be asked for it`);
  const ask = (prompt: string) => read({ prompt, silent: true, replace: '', output: process.stderr });
  const first = await ask(`Package passphrase for ${what}: `);
  if (first === '') throw new NitkaError('bad_input', `${what}: the package passphrase must not be empty`);
  if (confirm && (await ask('Repeat the package passphrase: ')) !== first) throw new NitkaError('bad_input', `${what}: the package passphrases do not match`);
  return first;
}

function formatMatches(r: ImportPackageResult): string {
  const lines = [
    `Imported from case "${r.fromCase.name}" (${r.fromCase.caseId}): ${r.sources} new ${r.sources === 1 ? 'source' : 'sources'}, ${r.nodes} new nodes, ${r.links} new links.`,
    r.matches.length ? `Identifiers this case already had (${r.matches.length}):` : 'No identifier of the package was already in this case.',
    ...r.matches.map((m) => `  ${m.kind.padEnd(8)} ${m.value}  node #${m.nodeId}, ${m.occurrencesHere} ${m.occurrencesHere === 1 ? 'occurrence' : 'occurrences'} here`),
  ];
  return lines.join('\n');
}

/** export, import-package. */
export function addExportCommands(program: Command, io: Io, withCase: WithCase): void {
  const printJson = (v: unknown) => io.out(JSON.stringify(v, null, 2));

  program
    .command('export')
    .description('write the case (or a saved view) for a court, an analyst tool or a partner agency; victims pseudonymised unless --reveal-victims; audit-logged with the SHA-256 of every file')
    .argument('<case>', 'the .nitka case file')
    .addOption(new Option('--format <format>', 'graphml, gexf (Gephi), anx (i2 Analyst\'s Notebook), ftm (FollowTheMoney JSON lines), csv (a folder), xlsx, html or pdf (evidence report), package (encrypted case exchange)').choices(EXPORT_FORMATS).makeOptionMandatory())
    .requiredOption('--out <path>', 'the file to write (for csv: a new folder); never overwritten')
    .option('--view <name>', 'export only this saved view: its filtered nodes minus hidden ones, with its positions')
    .addOption(new Option('--redact-victims', 'show victims under pseudonyms (V-001…) and mask their identifiers (the default)').conflicts('revealVictims'))
    .option('--reveal-victims', 'write victims\' real names and identifiers (recorded in the audit log)')
    .option('--package-passphrase-env <var>', `package only: the environment variable holding the passphrase agreed with the partner (default ${PACKAGE_PASSPHRASE_ENV}, else asked)`)
    .option('--json', 'print the result as JSON')
    .action(async (casePath: string, opts: { format: ExportFormat; out: string; view?: string; redactVictims?: boolean; revealVictims?: boolean; packagePassphraseEnv?: string; json?: boolean }) => {
      if (opts.packagePassphraseEnv !== undefined && opts.format !== 'package') throw new NitkaError('bad_input', '--package-passphrase-env goes with --format package');
      const passphrase = opts.format === 'package' ? await packagePassphrase(opts.packagePassphraseEnv ?? PACKAGE_PASSPHRASE_ENV, opts.out, true) : undefined;
      await withCase(casePath, async (api) => {
        const r = unwrap(await api.exportCase({ format: opts.format, out: opts.out, view: opts.view, revealVictims: opts.revealVictims === true, passphrase }));
        if (opts.json) return printJson(r);
        const lines = [
          `Exported ${r.nodes} nodes and ${r.edges} links as ${r.format}${opts.view ? ` (view "${opts.view}")` : ''}; audit entry #${r.auditSeq}.`,
          r.redactedVictims ? `${r.redactedVictims} ${r.redactedVictims === 1 ? 'victim is' : 'victims are'} shown under pseudonyms.` : opts.revealVictims ? 'Victims are REVEALED in this export (recorded in the audit log).' : 'No victim is in what was exported.',
          ...r.files.map((f) => `  ${f.sha256}  ${f.path}  (${f.bytes} bytes)`),
        ];
        io.out(lines.join('\n'));
      });
    });

  program
    .command('import-package')
    .description(`bring a partner's exchange package into this case (passphrase from ${PACKAGE_PASSPHRASE_ENV} or asked): every hash checked first, sources ingested with their provenance, shared identifiers reported`)
    .argument('<case>', 'the .nitka case file to import into')
    .argument('<package>', 'the exchange package file')
    .option('--json', 'print the result as JSON')
    .action(async (casePath: string, packagePath: string, opts: { json?: boolean }) => {
      const passphrase = await packagePassphrase(PACKAGE_PASSPHRASE_ENV, packagePath, false);
      await withCase(casePath, async (api) => {
        const r = unwrap(await api.importPackage({ path: packagePath, passphrase }));
        if (opts.json) printJson(r);
        else io.out(formatMatches(r));
      });
    });
}
