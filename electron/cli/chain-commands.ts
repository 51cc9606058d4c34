import { Option, type Command } from 'commander';
import { TAINT_MODELS, type CaseApi, type TraceResult } from '../../shared/api/contract';
import { NitkaError, unwrap } from '../../shared/result';

interface Io {
  out: (text: string) => void;
}
type WithCase = <T>(casePath: string, run: (api: CaseApi) => Promise<T>) => Promise<T>;

const count = (flag: string, min = 0) => (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new NitkaError('bad_input', `${flag}: '${v}' is not a whole number${min ? ` ≥ ${min}` : ''}`);
  return n;
};

const isoTime = (flag: string) => (v: string): string => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new NitkaError('bad_input', `${flag}: '${v}' is not a date and time (ISO 8601, e.g. 2024-03-01T00:00:00Z)`);
  return d.toISOString();
};

function formatTrace(t: TraceResult): string {
  const lines = [`Trace #${t.id}: ${t.direction === 'out' ? 'from' : 'to'} ${t.seed}, model ${t.model}, fingerprint ${t.fingerprint}`];
  if (t.truncated) lines.push(`Stopped early: ${t.truncated}`);
  const exits = t.nodes.filter((n) => n.exit);
  if (exits.length) {
    lines.push('Exits (where legal requests go):');
    for (const n of exits) lines.push(`  ${n.address}  [${n.labels.join(', ')}]  hop ${n.hops}, taint ${n.taint} ${n.asset}`);
  }
  lines.push('Addresses:');
  for (const n of t.nodes) lines.push(`  hop ${n.hops}  ${n.address}  taint ${n.taint} ${n.asset}${n.labels.length ? `  [${n.labels.join(', ')}]` : ''}${n.exit ? '  EXIT' : ''}`);
  lines.push('Transfers:');
  for (const e of t.edges) lines.push(`  ${e.time}  ${e.from} → ${e.to}  ${e.amount} ${e.asset} (taint ${e.taint})  tx ${e.tx}`);
  return lines.join('\n');
}

/** fetch-chain and trace. */
export function addChainCommands(program: Command, io: Io, withCase: WithCase): void {
  const printJson = (v: unknown) => io.out(JSON.stringify(v, null, 2));

  program
    .command('fetch-chain')
    .description('fetch Ethereum transfers (ETH, ERC-20, internal) of addresses from a node YOU configure; every request is audit-logged')
    .argument('<case>', 'the .nitka case file')
    .requiredOption('--rpc <url>', 'JSON-RPC endpoint of your own node or one your agency allows (keys in the URL are never stored)')
    .option('--address <eth:0x…...>', 'wallet to fetch (repeat for several)', (v: string, all: string[] = []) => [...all, v])
    .addOption(new Option('--from-block <n>', 'first block').argParser(count('--from-block')))
    .addOption(new Option('--to-block <n>', 'last block (default: the head)').argParser(count('--to-block')))
    .addOption(new Option('--hops <n>', 'also fetch the counterparties, this many rings out').argParser(count('--hops')))
    .option('--json', 'print JSON: {source, duplicate, report, requests, cached}')
    .action(async (casePath: string, opts: { rpc: string; address?: string[]; fromBlock?: number; toBlock?: number; hops?: number; json?: boolean }) => {
      if (!opts.address?.length) throw new NitkaError('bad_input', 'give at least one --address eth:0x…');
      await withCase(casePath, async (api) => {
        const r = unwrap(await api.fetchChain({ rpc: opts.rpc, addresses: opts.address!, fromBlock: opts.fromBlock, toBlock: opts.toBlock, hops: opts.hops }));
        if (opts.json) return printJson(r);
        io.out(`Fetched ${r.report?.transfers ?? 0} transfers with ${r.requests} requests to the node (${r.cached} answers from the case's cache); stored as source #${r.source.id} ${r.source.fileName} (SHA-256 ${r.source.sha256}).`);
      });
    });

  program
    .command('findings')
    .description('address poisoning, Bitcoin wallets (common-input ownership, CoinJoins, change guesses) and addresses cut short in chats')
    .argument('<case>', 'the .nitka case file')
    .option('--json', 'print JSON: {poisoning, btcClusters, coinjoins, changeGuesses, truncated}')
    .action(async (casePath: string, opts: { json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const f = unwrap(await api.chainFindings());
        if (opts.json) return printJson(f);
        const lines: string[] = [];
        lines.push(`Address poisoning: ${f.poisoning.length}`);
        for (const p of f.poisoning) lines.push(`  ${p.reason}  ${p.suspect}${p.lookalikeOf ? ` imitates ${p.lookalikeOf}` : ''} → victim ${p.victim}  tx ${p.tx}  (${p.confidence}) ${p.detail}`);
        lines.push(`Bitcoin wallets (common-input ownership): ${f.btcClusters.length}`);
        for (const c of f.btcClusters) lines.push(`  ${c.id}: ${c.addresses.length} addresses, confidence ${c.confidence}, txs ${c.evidence.join(', ')}`);
        lines.push(`CoinJoins (inputs never merged): ${f.coinjoins.length}`);
        for (const c of f.coinjoins) lines.push(`  ${c.tx}  ${c.heuristic} (${c.confidence}): ${c.equalOutputs} outputs of ${c.value} sat`);
        lines.push(`Change guesses (suggestions only): ${f.changeGuesses.length}`);
        for (const c of f.changeGuesses) lines.push(`  ${c.tx}  ${c.address}  ${c.heuristic} (${c.confidence})`);
        lines.push(`Addresses cut short in messages: ${f.truncated.length}`);
        for (const t of f.truncated) lines.push(`  message ${t.messageId} (source #${t.sourceId}${t.line !== null ? `, line ${t.line}` : ''}): ${t.raw} → ${t.candidates.length ? t.candidates.join(' or ') : 'no address in the case fits'}`);
        io.out(lines.join('\n'));
      });
    });

  program
    .command('trace')
    .description('follow the money from (or to) a wallet through the transfers in the case, time-ordered, with taint')
    .argument('<case>', 'the .nitka case file')
    .argument('<address>', 'canonical wallet value: tron:T…, eth:0x…, btc:…')
    .addOption(new Option('--direction <d>', 'out: where the money went; in: where it came from').choices(['out', 'in']).default('out'))
    .addOption(new Option('--hops <n>', 'how far').argParser(count('--hops', 1)).default(6))
    .addOption(new Option('--model <m>', 'taint model').choices([...TAINT_MODELS]).default('haircut'))
    .addOption(new Option('--since <time>', 'ignore transfers before').argParser(isoTime('--since')))
    .addOption(new Option('--until <time>', 'ignore transfers after').argParser(isoTime('--until')))
    .option('--min-amount <x>', 'ignore transfers below this amount, in the asset\'s units (e.g. 10 for 10 USDT)')
    .option('--asset <asset>', 'the asset to follow when the wallet moved several (ETH, TRX, BTC, erc20:eth:0x…, trc20:tron:T…)')
    .option('--json', 'print JSON: {seed, direction, model, fingerprint, nodes:[{address, hops, taint, asset, labels, exit}], edges:[{from, to, asset, amount, tx, time}]}')
    .action(async (casePath: string, address: string, opts: { direction: 'out' | 'in'; hops: number; model: (typeof TAINT_MODELS)[number]; since?: string; until?: string; minAmount?: string; asset?: string; json?: boolean }) => {
      await withCase(casePath, async (api) => {
        const t = unwrap(await api.trace({ address, direction: opts.direction, hops: opts.hops, model: opts.model, since: opts.since, until: opts.until, minAmount: opts.minAmount, asset: opts.asset }));
        if (opts.json) printJson(t);
        else io.out(formatTrace(t));
      });
    });
}
