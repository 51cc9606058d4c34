import { Option, type Command } from 'commander';
import { LINK_KINDS, NODE_KINDS, type CaseApi, type GraphNode, type LinkEvidence, type SuggestionInfo, type Why } from '../../shared/api/contract';
import { NitkaError, unwrap } from '../../shared/result';

interface Io {
  out: (text: string) => void;
}
type WithCase = <T>(casePath: string, run: (api: CaseApi) => Promise<T>) => Promise<T>;

const nodeName = (n: GraphNode) => `#${n.id} ${n.kind} ${n.value}${n.label && n.label !== n.value ? ` "${n.label}"` : ''}`;

/** A node argument: its id as a number, anything else a canonical value. */
const nodeRef = (v: string): number | string => (/^\d+$/.test(v) ? Number(v) : v);

function formatEvidence(e: LinkEvidence): string {
  const where = [
    e.fileName ? `source #${e.sourceId} ${e.fileName}${e.exhibit ? ` (exhibit ${e.exhibit})` : ''}` : e.auditSeq !== null ? `audit entry #${e.auditSeq}` : null,
    e.locator.entry ? `entry ${e.locator.entry}` : null,
    e.locator.ad ? `ad ${e.locator.ad}` : null,
    e.locator.line !== null ? `line ${e.locator.line}` : null,
    e.locator.messageId ? `at ${e.locator.messageId}` : null,
    e.locator.offset !== null ? `byte ${e.locator.offset}` : null,
    e.locator.field ? `field ${e.locator.field}` : null,
  ].filter(Boolean);
  const what = [e.excerpt ? `"${e.excerpt}"` : null, e.raw && e.excerpt && !e.excerpt.includes(e.raw) ? `(read "${e.raw}")` : null, e.note].filter(Boolean);
  return `      - ${where.join(', ')}${e.at ? ` [${e.at}]` : ''}${what.length ? `: ${what.join(' — ')}` : ''}`;
}

function formatWhy(w: Why): string {
  const lines = [`${nodeName(w.a)}\n  ⟷ ${nodeName(w.b)}`];
  if (w.direct.length === 0) lines.push('No direct link.');
  for (const d of w.direct) {
    lines.push(`Direct link #${d.link.id}: ${d.link.source === w.a.id ? 'A' : 'B'} ${d.link.kind} ${d.link.source === w.a.id ? 'B' : 'A'} (weight ${d.link.weight.toFixed(2)}, ${d.link.evidenceCount} pieces of evidence)`);
    for (const e of d.evidence) lines.push(formatEvidence(e));
  }
  if (!w.path) lines.push('No path connects them.');
  else if (w.path.length > 0) {
    lines.push(`Shortest path (${w.path.length} ${w.path.length === 1 ? 'hop' : 'hops'}):`);
    for (const hop of w.path) {
      const forward = hop.link.source === hop.from.id;
      lines.push(`  ${nodeName(hop.from)} ${forward ? '—' : '←'}${hop.link.kind}${forward ? '→' : '—'} ${nodeName(hop.to)}  (link #${hop.link.id}, ${hop.link.evidenceCount} evidence)`);
      for (const e of hop.evidence) lines.push(formatEvidence(e));
      if (hop.link.evidenceCount > hop.evidence.length) lines.push(`      … and ${hop.link.evidenceCount - hop.evidence.length} more`);
    }
  }
  return lines.join('\n');
}

function formatSuggestion(s: SuggestionInfo): string {
  return [
    `#${s.id}  score ${s.score.toFixed(2)}  ${s.status}${s.person !== null ? ` → person #${s.person}` : ''}`,
    ...s.nodes.map((n) => `    ${nodeName(n)}`),
    ...s.reasons.map((r) => `    because ${r.code.replace(/_/g, ' ')}: ${r.detail}`),
  ].join('\n');
}

/** graph, why, suggestions, merge, reject, reopen, clusters. */
export function addNetworkCommands(program: Command, io: Io, withCase: WithCase): void {
  const printJson = (v: unknown) => io.out(JSON.stringify(v, null, 2));
  const kinds = <T extends string>(all: readonly T[], flag: string) => (v: string): T[] => {
    const list = v.split(',').map((s) => s.trim()).filter(Boolean);
    for (const k of list) if (!(all as readonly string[]).includes(k)) throw new NitkaError('bad_input', `${flag}: '${k}' is not one of ${all.join(', ')}`);
    return list as T[];
  };

  program
    .command('graph')
    .description('print the network: nodes (identifiers, accounts, chats, ads, pictures, persons, clusters) and links')
    .argument('<case>', 'the .nitka case file')
    .addOption(new Option('--nodes <kinds>', `only nodes of these kinds (comma-separated: ${NODE_KINDS.join(', ')})`).argParser(kinds(NODE_KINDS, '--nodes')))
    .addOption(new Option('--links <kinds>', `only links of these kinds (${LINK_KINDS.join(', ')})`).argParser(kinds(LINK_KINDS, '--links')))
    .option('--json', 'print JSON: {nodes:[{id,kind,value,label}], edges:[{id,source,target,kind,weight,…}]}')
    .action(async (casePath: string, opts: { nodes?: Array<(typeof NODE_KINDS)[number]>; links?: Array<(typeof LINK_KINDS)[number]>; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const g = unwrap(await api.graph({ ...(opts.nodes ? { nodeKinds: opts.nodes } : {}), ...(opts.links ? { linkKinds: opts.links } : {}) }));
        if (opts.json) return printJson(g);
        const byId = new Map(g.nodes.map((n) => [n.id, n]));
        io.out(`${g.nodes.length} nodes, ${g.edges.length} links`);
        for (const e of g.edges) io.out(`#${e.id} ${byId.get(e.source)?.value ?? e.source} —${e.kind}→ ${byId.get(e.target)?.value ?? e.target}  weight ${e.weight.toFixed(2)}, ${e.evidenceCount} evidence`);
      });
    });

  program
    .command('why')
    .description('explain with evidence every link between two nodes, and the shortest path between them')
    .argument('<case>', 'the .nitka case file')
    .argument('<a>', 'a node id or canonical value (+381641234567, tron:T…, telegram:name)')
    .argument('<b>', 'another node')
    .addOption(new Option('--evidence <n>', 'pieces of evidence shown per hop of the path').default(20).argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new NitkaError('bad_input', `--evidence: '${v}' is not a positive number`);
      return n;
    }))
    .option('--json', 'print JSON: {a, b, direct:[{link, evidence}], path:[{from, to, link, evidence}] | null}')
    .action(async (casePath: string, a: string, b: string, opts: { evidence: number; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const w = unwrap(await api.why({ a: nodeRef(a), b: nodeRef(b), evidenceLimit: opts.evidence }));
        if (opts.json) printJson(w);
        else io.out(formatWhy(w));
      });
    });

  program
    .command('suggestions')
    .description('list resolution suggestions: accounts and persons that are probably the same')
    .argument('<case>', 'the .nitka case file')
    .addOption(new Option('--status <s>', 'which ones').choices(['open', 'accepted', 'rejected', 'all']).default('open'))
    .option('--json', 'print JSON: [{id, score, reasons, nodes:[{id,kind,value,label}], status, person}]')
    .action(async (casePath: string, opts: { status: 'open' | 'accepted' | 'rejected' | 'all'; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const list = unwrap(await api.listSuggestions({ status: opts.status }));
        if (opts.json) printJson(list);
        else io.out(list.length ? list.map(formatSuggestion).join('\n') : 'No suggestions.');
      });
    });

  const decide = (name: 'merge' | 'reject' | 'reopen', description: string) =>
    program
      .command(name)
      .description(description)
      .argument('<case>', 'the .nitka case file')
      .argument('<suggestion-or-node>', name === 'merge' ? 'a suggestion id, or the first of two nodes to merge' : 'a suggestion id')
      .argument(name === 'merge' ? '[node]' : '[unused]', name === 'merge' ? 'the second node, when merging two nodes nobody suggested' : '')
      .option('--note <text>', 'why (kept in the audit log)')
      .option('--json', 'print the suggestion as JSON')
      .action(async (casePath: string, first: string, second: string | undefined, opts: { note?: string; json?: boolean }) => {
        await withCase(casePath, async (api) => {
          let input: Parameters<CaseApi['decideSuggestion']>[0];
          if (second !== undefined) {
            if (name !== 'merge') throw new NitkaError('bad_input', `${name} takes one suggestion id`);
            input = { decision: 'merge', a: nodeRef(first), b: nodeRef(second), ...(opts.note ? { note: opts.note } : {}) };
          } else {
            const id = Number(first.replace(/^#/, ''));
            if (!Number.isInteger(id) || id < 1) throw new NitkaError('bad_input', `'${first}' is not a suggestion id (see nitka suggestions)`);
            input = { decision: name, suggestionId: id, ...(opts.note ? { note: opts.note } : {}) };
          }
          const s = unwrap(await api.decideSuggestion(input));
          if (opts.json) printJson(s);
          else io.out(formatSuggestion(s));
        });
      });
  decide('merge', 'accept a suggestion: the two are one person (audit-logged; undo with reopen)');
  decide('reject', 'reject a suggestion: the two are not the same (audit-logged; undo with reopen)');
  decide('reopen', 'undo the decision on a suggestion, removing what a merge added (audit-logged)');

  program
    .command('clusters')
    .description('list clusters of near-duplicate ads (one template, shared contacts or pictures)')
    .argument('<case>', 'the .nitka case file')
    .option('--json', 'print JSON: [{id, score, members:[{ad, source}]}]')
    .action(async (casePath: string, opts: { json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const list = unwrap(await api.listClusters());
        if (opts.json) return printJson(list);
        if (!list.length) return io.out('No ad clusters.');
        for (const c of list) {
          io.out(`cluster #${c.id}  score ${c.score.toFixed(2)}  ${c.members.length} ads`);
          for (const m of c.members) io.out(`    ${m.ad}  ${m.site ?? ''}  ${m.title}  (${m.source}, similarity ${m.similarity.toFixed(2)})`);
        }
      });
    });
}
