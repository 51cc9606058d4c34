import { Option, type Command } from 'commander';
import type { CaseApi, GraphNode, LinkEvidence, NodeEvidence, SourceReport, TimelineEvent } from '../../shared/api/contract';
import { NitkaError, unwrap } from '../../shared/result';
import { formatReport, formatSource } from './format';

interface Io {
  out: (text: string) => void;
}
type WithCase = <T>(casePath: string, run: (api: CaseApi) => Promise<T>) => Promise<T>;

const nodeName = (n: GraphNode) => `#${n.id} ${n.kind} ${n.value}${n.label && n.label !== n.value ? ` "${n.label}"` : ''}${n.tags.length ? ` [${n.tags.join(', ')}]` : ''}`;

/** A node argument: its id as a number, anything else a canonical value. */
const nodeRef = (v: string): number | string => (/^\d+$/.test(v) ? Number(v) : v);

const positive = (flag: string) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new NitkaError('bad_input', `${flag}: '${v}' is not a whole number ≥ 1`);
  return n;
};

const isoTime = (flag: string) => (v: string): string => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new NitkaError('bad_input', `${flag}: '${v}' is not a date and time (ISO 8601, e.g. 2024-03-01T00:00:00Z)`);
  return d.toISOString();
};

/** Where a piece of evidence is: file, exhibit, hash and place in the file, or the analyst's audit entry. */
function where(e: LinkEvidence): string {
  return [
    e.fileName ? `source #${e.sourceId} ${e.fileName}${e.exhibit ? ` (exhibit ${e.exhibit})` : ''}` : e.auditSeq !== null ? `audit entry #${e.auditSeq}` : null,
    e.sha256 ? `sha256 ${e.sha256.slice(0, 12)}…` : null,
    e.locator.entry ? `entry ${e.locator.entry}` : null,
    e.locator.ad ? `ad ${e.locator.ad}` : null,
    e.locator.line !== null ? `line ${e.locator.line}` : null,
    e.locator.messageId ? `at ${e.locator.messageId}` : null,
    e.locator.offset !== null ? `byte ${e.locator.offset}` : null,
    e.locator.field ? `field ${e.locator.field}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

export function formatNodeEvidence(ev: NodeEvidence): string {
  const lines = [nodeName(ev.node)];
  if (ev.node.victim) lines.push(`  shown as victim ${ev.node.victim}`);
  for (const n of ev.notes) lines.push(`  note: ${n}`);
  if (ev.links.length === 0) lines.push('No links.');
  for (const { other, link, evidence } of ev.links) {
    const out = link.source === ev.node.id;
    lines.push(`${out ? '—' : '←'}${link.kind}${out ? '→' : '—'} ${nodeName(other)}  (link #${link.id}, weight ${link.weight.toFixed(2)}, ${link.evidenceCount} evidence${link.firstSeen ? `, ${link.firstSeen}${link.lastSeen && link.lastSeen !== link.firstSeen ? ` – ${link.lastSeen}` : ''}` : ''})`);
    for (const e of evidence) {
      const what = [e.excerpt ? `"${e.excerpt}"` : null, e.raw && e.excerpt && !e.excerpt.includes(e.raw) ? `(read "${e.raw}")` : null, e.note].filter(Boolean);
      lines.push(`    - ${where(e)}${e.at ? ` [${e.at}]` : ''}${what.length ? `: ${what.join(' — ')}` : ''}`);
    }
    if (link.evidenceCount > evidence.length) lines.push(`    … and ${link.evidenceCount - evidence.length} more (--limit)`);
  }
  return lines.join('\n');
}

export function formatTimeline(events: TimelineEvent[], truncated: boolean): string {
  if (events.length === 0) return 'No events.';
  const lines = events.map((e) => {
    const place = [e.fileName, e.locator.line !== null ? `line ${e.locator.line}` : null, e.locator.ref ? `at ${e.locator.ref}` : null].filter(Boolean).join(', ');
    const amount = e.amount !== null ? ` ${e.amount} ${e.asset ?? ''}`.trimEnd() : '';
    const text = e.text ? `: ${e.text.replace(/\s+/g, ' ')}` : '';
    return `${e.at}  ${e.kind.padEnd(8)} ${e.title}${amount}${text}  (${place})`;
  });
  if (truncated) lines.push(`… more events follow: narrow the time window (--since, --until) or raise --limit`);
  return lines.join('\n');
}

export function formatSourceReport(r: SourceReport): string {
  const lines = [formatSource(r.source), r.report ? formatReport(r.report) : 'No ingest report is kept for this source.'];
  lines.push(r.fragmentCount ? `${r.fragmentCount} unparsed ${r.fragmentCount === 1 ? 'fragment' : 'fragments'}:` : 'No unparsed fragments.');
  for (const f of r.fragments) lines.push(`  ${[f.line !== null ? `line ${f.line}` : null, f.offset !== null ? `byte ${f.offset}` : null].filter(Boolean).join(', ') || '-'}: ${f.text}`);
  if (r.fragmentCount > r.fragments.length) lines.push(`  … and ${r.fragmentCount - r.fragments.length} more (--limit)`);
  return lines.join('\n');
}

/** evidence, timeline, report. */
export function addEvidenceCommands(program: Command, io: Io, withCase: WithCase): void {
  const printJson = (v: unknown) => io.out(JSON.stringify(v, null, 2));

  program
    .command('evidence')
    .description('everything that supports a node: each of its links with the other end and the evidence (excerpt, source, SHA-256, place)')
    .argument('<case>', 'the .nitka case file')
    .argument('<node>', 'a node id or canonical value (+381641234567, tron:T…, telegram:name)')
    .addOption(new Option('--limit <n>', 'pieces of evidence shown per link').default(20).argParser(positive('--limit')))
    .option('--json', 'print JSON: {node, links:[{other, link, evidence}], notes}')
    .action(async (casePath: string, node: string, opts: { limit: number; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const ev = unwrap(await api.nodeEvidence({ node: nodeRef(node), evidenceLimit: opts.limit }));
        if (opts.json) printJson(ev);
        else io.out(formatNodeEvidence(ev));
      });
    });

  program
    .command('timeline')
    .description('messages, calls, ads and transfers of one or more nodes on one time axis, oldest first')
    .argument('<case>', 'the .nitka case file')
    .argument('<nodes...>', 'node ids or canonical values')
    .addOption(new Option('--since <time>', 'only events at or after this time (ISO 8601)').argParser(isoTime('--since')))
    .addOption(new Option('--until <time>', 'only events at or before this time (ISO 8601)').argParser(isoTime('--until')))
    .addOption(new Option('--limit <n>', 'at most this many events').default(5000).argParser(positive('--limit')))
    .option('--json', 'print JSON: {events:[{at, kind, title, text, amount, asset, nodeIds, sourceId, fileName, locator}], truncated}')
    .action(async (casePath: string, nodes: string[], opts: { since?: string; until?: string; limit: number; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const t = unwrap(await api.timeline({ nodes: nodes.map(nodeRef), limit: opts.limit, ...(opts.since ? { since: opts.since } : {}), ...(opts.until ? { until: opts.until } : {}) }));
        if (opts.json) printJson(t);
        else io.out(formatTimeline(t.events, t.truncated));
      });
    });

  program
    .command('report')
    .description("a source's ingest report and the lines no parser understood, with their place")
    .argument('<case>', 'the .nitka case file')
    .argument('<source-id>', 'the source number (see nitka sources)')
    .addOption(new Option('--limit <n>', 'unparsed fragments shown').default(1000).argParser(positive('--limit')))
    .option('--json', 'print JSON: {source, report, fragments:[{line, offset, text}], fragmentCount}')
    .action(async (casePath: string, sourceId: string, opts: { limit: number; json?: boolean }) => {
      const id = positive('<source-id>')(sourceId.replace(/^#/, ''));
      await withCase(casePath, async (api) => {
        const r = unwrap(await api.sourceReport({ sourceId: id, limit: opts.limit }));
        if (opts.json) printJson(r);
        else io.out(formatSourceReport(r));
      });
    });
}
