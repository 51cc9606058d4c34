import { Argument, Option, type Command } from 'commander';
import { CASE_LANGUAGES, type CaseApi, type VictimInfo } from '../../shared/api/contract';
import { NitkaError, unwrap } from '../../shared/result';
import { formatCase } from './format';

interface Io {
  out: (text: string) => void;
}
type WithCase = <T>(casePath: string, run: (api: CaseApi) => Promise<T>) => Promise<T>;

/** A node argument: its id as a number, anything else a canonical value. */
const nodeRef = (v: string): number | string => (/^\d+$/.test(v) ? Number(v) : v);

function formatVictim(v: VictimInfo): string {
  const covers = v.coveredNodeIds.filter((id) => id !== v.nodeId);
  return `${v.pseudonym}  ${v.kind} #${v.nodeId}${covers.length ? `, covers #${covers.join(', #')}` : ''}  flagged ${v.flaggedAt} by ${v.flaggedBy}${v.note ? `: ${v.note}` : ''}`;
}

/** victim, victims, reveal, settings, views, traces. */
export function addWorkbenchCommands(program: Command, io: Io, withCase: WithCase): void {
  const printJson = (v: unknown) => io.out(JSON.stringify(v, null, 2));

  program
    .command('victim')
    .description('flag a person, account or identifier as a victim (shown as V-001… everywhere) or unflag it; audit-logged')
    .argument('<case>', 'the .nitka case file')
    .addArgument(new Argument('<action>', 'flag or unflag').choices(['flag', 'unflag']))
    .argument('<node>', 'a node id or canonical value (+381641234567, account:telegram:name)')
    .option('--note <text>', 'why (kept in the audit log)')
    .option('--json', 'print the victim as JSON')
    .action(async (casePath: string, action: 'flag' | 'unflag', node: string, opts: { note?: string; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const input = { node: nodeRef(node), ...(opts.note ? { note: opts.note } : {}) };
        if (action === 'unflag') {
          unwrap(await api.unflagVictim(input));
          return io.out(opts.json ? 'null' : `Node ${node} is no longer flagged as a victim.`);
        }
        const v = unwrap(await api.flagVictim(input));
        if (opts.json) printJson(v);
        else io.out(`Flagged as ${v.pseudonym}.\n${formatVictim(v)}`);
      });
    });

  program
    .command('victims')
    .description('list the victims of the case by pseudonym, with the nodes each covers')
    .argument('<case>', 'the .nitka case file')
    .option('--json', 'print JSON: [{pseudonym, nodeId, kind, coveredNodeIds, flaggedAt, flaggedBy, note}]')
    .action(async (casePath: string, opts: { json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const list = unwrap(await api.listVictims());
        if (opts.json) printJson(list);
        else io.out(list.length ? list.map(formatVictim).join('\n') : 'No victims are flagged.');
      });
    });

  program
    .command('reveal')
    .description('show the real identity behind a victim pseudonym (the reveal and its reason are audit-logged)')
    .argument('<case>', 'the .nitka case file')
    .argument('<pseudonym>', 'e.g. V-001')
    .requiredOption('--reason <text>', 'why the identity is revealed (kept in the audit log)')
    .option('--json', 'print JSON: {victim, nodes:[{id, kind, value, realValue, realLabel, …}]}')
    .action(async (casePath: string, pseudonym: string, opts: { reason: string; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const r = unwrap(await api.revealVictim({ pseudonym, reason: opts.reason }));
        if (opts.json) return printJson(r);
        io.out(formatVictim(r.victim));
        for (const n of r.nodes) io.out(`  #${n.id} ${n.kind} ${n.value} = ${n.realValue}${n.realLabel && n.realLabel !== n.realValue ? ` "${n.realLabel}"` : ''}`);
      });
    });

  program
    .command('settings')
    .description('show or change the case name, time zone, default phone region and language (changes are audit-logged)')
    .argument('<case>', 'the .nitka case file')
    .option('--name <name>', 'the case name')
    .option('--timezone <zone>', 'time zone for chats that give local times, e.g. Europe/Sarajevo')
    .option('--region <code>', 'two-letter region for phone numbers written without a country code, e.g. BA')
    .addOption(new Option('--language <lang>', 'working language of the case').choices([...CASE_LANGUAGES]))
    .option('--json', 'print the case information as JSON')
    .action(async (casePath: string, opts: { name?: string; timezone?: string; region?: string; language?: (typeof CASE_LANGUAGES)[number]; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const changes = {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.timezone !== undefined ? { timezone: opts.timezone } : {}),
          ...(opts.region !== undefined ? { defaultRegion: opts.region.toUpperCase() } : {}),
          ...(opts.language !== undefined ? { language: opts.language } : {}),
        };
        const info = Object.keys(changes).length ? unwrap(await api.updateSettings(changes)) : unwrap(await api.caseInfo());
        if (opts.json) printJson(info);
        else io.out(`${formatCase(info)}\nLanguage  ${info.language}`);
      });
    });

  program
    .command('views')
    .description('list the saved views of the network (filters, positions, hidden, pinned and grouped nodes)')
    .argument('<case>', 'the .nitka case file')
    .option('--json', 'print JSON: [{name, updatedAt, nodes}]')
    .action(async (casePath: string, opts: { json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const list = unwrap(await api.listViews());
        if (opts.json) printJson(list);
        else io.out(list.length ? list.map((v) => `${v.name}  ${v.nodes} positioned nodes, saved ${v.updatedAt}`).join('\n') : 'No saved views.');
      });
    });

  program
    .command('traces')
    .description('list the saved wallet traces, newest first, or show one')
    .argument('<case>', 'the .nitka case file')
    .argument('[id]', 'a trace id: print that trace')
    .option('--json', 'print JSON: [{id, seed, direction, model, fingerprint, at, by, nodes, exits}], or the trace')
    .action(async (casePath: string, id: string | undefined, opts: { json?: boolean }) => {
      await withCase(casePath, async (api) => {
        if (id !== undefined) {
          const n = Number(id.replace(/^#/, ''));
          if (!Number.isInteger(n) || n < 1) throw new NitkaError('bad_input', `'${id}' is not a trace id (see nitka traces)`);
          const t = unwrap(await api.getTrace({ id: n }));
          if (opts.json) return printJson(t);
          io.out(`Trace #${t.id} ${t.direction === 'out' ? 'from' : 'to'} ${t.seed}, model ${t.model}, fingerprint ${t.fingerprint}${t.truncated ? `\nStopped early: ${t.truncated}` : ''}`);
          for (const node of t.nodes) io.out(`  hop ${node.hops}  ${node.address}  taint ${node.taint} ${node.asset}${node.exit ? '  EXIT' : ''}${node.labels.length ? `  [${node.labels.join('; ')}]` : ''}`);
          return;
        }
        const list = unwrap(await api.listTraces());
        if (opts.json) printJson(list);
        else io.out(list.length ? list.map((t) => `#${t.id}  ${t.at}  ${t.direction === 'out' ? 'from' : 'to'} ${t.seed}  ${t.model}  ${t.nodes} wallets, ${t.exits} exits  by ${t.by}`).join('\n') : 'No saved traces.');
      });
    });
}
