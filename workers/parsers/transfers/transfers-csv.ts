/**
 * A generic table of transfers (an exchange's withdrawal history, a spreadsheet an analyst kept, a
 * tool's export) read through a column mapping: which column holds the chain, time, sender,
 * receiver, amount in token units, and optionally the asset, transaction id and decimals.
 */
import type { ChunkSource } from '../lines';
import { csvRows } from '../table/csv';
import { parseTableTime } from '../table/message-table';
import { canonicalWallet, decimalsOf, decimalToBaseUnits, KNOWN_TOKENS, knownToken, NATIVE, NoteBook, tokenAsset, walletOf, type TransferParseSummary } from './chain-values';
import type { Chain, ParsedTransfer } from './transfer-records';

export interface TransferMapping {
  /** a column of chain names (ETH, Ethereum, ERC20, TRON, TRX, TRC20, BTC, Bitcoin), or the chain of every row: `eth`, `tron`, `btc` */
  chain: string;
  time: string;
  from: string;
  to: string;
  /** amounts in token units as decimals ("1,234.5"), never base units */
  amount: string;
  /** a column of tickers (USDT, ETH) or token contracts; without it every row is the chain's native coin */
  asset?: string;
  tx?: string;
  /** a column of decimal places, or the decimal places of every row */
  decimals?: string | number;
  symbol?: string;
  /** how `time` is written: a luxon format, `iso`, `epoch-s`, `epoch-ms`, `excel`; guessed when absent */
  timeFormat?: string;
}

export interface TransfersCsvOptions {
  /** the zone of times written without one; UTC unless told */
  timezone?: string;
  onProgress?: (bytesDone: number) => void;
}

const norm = (s: string) => s.replace(/^\ufeff/, '').trim().toLowerCase();
const CHAINS: Record<string, Chain> = { eth: 'eth', ethereum: 'eth', erc20: 'eth', 'erc-20': 'eth', tron: 'tron', trx: 'tron', trc20: 'tron', 'trc-20': 'tron', btc: 'btc', bitcoin: 'btc' };
const FIXED_CHAINS = new Set<string>(['eth', 'tron', 'btc']);

const COLUMN_FIELDS = ['time', 'from', 'to', 'amount', 'asset', 'tx', 'symbol'] as const;

/** Column index of each mapped field; throws naming what is missing and what the header has. */
function resolve(header: string[], mapping: TransferMapping) {
  const names = header.map(norm);
  const missing: string[] = [];
  const at = (field: string, column: string | undefined): number => {
    if (column === undefined || column === '') return -1;
    const i = names.indexOf(norm(column));
    if (i < 0) missing.push(`${field} → "${column}"`);
    return i;
  };
  const columns = Object.fromEntries(COLUMN_FIELDS.map((f) => [f, at(f, mapping[f])])) as Record<(typeof COLUMN_FIELDS)[number], number>;
  const chainColumn = names.indexOf(norm(mapping.chain));
  if (chainColumn < 0 && !FIXED_CHAINS.has(norm(mapping.chain))) missing.push(`chain → "${mapping.chain}" (neither a column nor eth, tron, btc)`);
  const decimalsColumn = typeof mapping.decimals === 'string' && !/^\d+$/.test(mapping.decimals) ? at('decimals', mapping.decimals) : -1;
  if (missing.length) throw new Error(`the mapping names columns the header row does not have (${missing.join(', ')}); the columns are ${header.map((h) => `"${h.trim()}"`).join(', ')}`);
  const fixedDecimals = typeof mapping.decimals === 'number' ? mapping.decimals : typeof mapping.decimals === 'string' && /^\d+$/.test(mapping.decimals) ? Number(mapping.decimals) : null;
  return { ...columns, chainColumn, fixedChain: chainColumn < 0 ? (norm(mapping.chain) as Chain) : null, decimalsColumn, fixedDecimals };
}

/** True when every column the mapping needs is in the header row. */
export function transferMappingFits(header: string[], mapping: TransferMapping): boolean {
  try {
    resolve(header, mapping);
    return true;
  } catch {
    return false;
  }
}

const GUESS: Record<Exclude<keyof TransferMapping, 'timeFormat'>, string[]> = {
  chain: ['chain', 'network', 'blockchain', 'coin network'],
  time: ['timestamp_utc', 'timestamp', 'time', 'date', 'datetime', 'date(utc)', 'time (utc)', 'date (utc)', 'utc'],
  from: ['from', 'sender', 'from_address', 'source address'],
  to: ['to', 'receiver', 'recipient', 'to_address', 'destination address', 'address'],
  amount: ['amount', 'value', 'quantity'],
  asset: ['asset', 'token', 'currency', 'coin', 'contract'],
  tx: ['txid', 'tx', 'tx_hash', 'txhash', 'transaction hash', 'hash', 'transaction id'],
  decimals: ['decimals', 'token_decimals'],
  symbol: ['symbol', 'ticker'],
};

/** A mapping read off the header names (chain, time, from, to, amount at least), or null. */
export function guessTransferMapping(header: string[]): TransferMapping | null {
  const names = header.map(norm);
  const pick = (field: keyof typeof GUESS): string | undefined => {
    const i = GUESS[field].map((n) => names.indexOf(n)).find((j) => j >= 0);
    return i === undefined ? undefined : header[i]!.replace(/^\ufeff/, '').trim();
  };
  const [chain, time, from, to, amount] = [pick('chain'), pick('time'), pick('from'), pick('to'), pick('amount')];
  if (!chain || !time || !from || !to || !amount) return null;
  const mapping: TransferMapping = { chain, time, from, to, amount };
  for (const f of ['asset', 'tx', 'decimals', 'symbol'] as const) {
    const c = pick(f);
    if (c && c !== mapping.asset) mapping[f] = c;
  }
  return mapping;
}

/**
 * The transfers of a mapped table. Decimals of a token come from the mapping or its column, else
 * the known token table (a bare ticker like USDT is taken as the official contract of that chain,
 * and the summary says so); rows of unknown tokens are skipped and named. A Bitcoin row gives only
 * the output leg `btc-tx:<txid>` → receiver: its inputs need the transaction itself.
 */
export function* parseTransfersCsv(source: ChunkSource, mapping: TransferMapping, options: TransfersCsvOptions = {}): Generator<ParsedTransfer, TransferParseSummary> {
  const notes = new NoteBook();
  const timezone = options.timezone ?? 'UTC';
  let cols: ReturnType<typeof resolve> | null = null;
  for (const row of csvRows(source, options.onProgress)) {
    const where = `line ${row.line}`;
    if (!cols) {
      try {
        cols = resolve(row.cells, mapping);
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`);
      }
      continue;
    }
    if (row.cells.every((c) => !c.trim())) continue;
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '').trim() : '');
    try {
      const t = readRow(cols, cell, mapping, timezone, notes, where, row.line);
      if (t) yield { ...t, locator: { line: row.line, ...(row.lastLine && row.lastLine !== row.line ? { lastLine: row.lastLine } : {}), ...(row.offset !== undefined ? { offset: row.offset } : {}) } };
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
  }
  if (!cols) throw new Error('the file is empty: no header row');
  return notes.summary();
}

function readRow(cols: ReturnType<typeof resolve>, cell: (i: number) => string, mapping: TransferMapping, timezone: string, notes: NoteBook, where: string, line: number): Omit<ParsedTransfer, 'locator'> | null {
  const chainText = cols.fixedChain ?? cell(cols.chainColumn);
  const chain = CHAINS[norm(chainText).replace(/\s+/g, '')];
  if (!chain) throw new Error(`chain "${chainText}" is none of ETH, TRON, BTC`);
  const time = parseTableTime(cell(cols.time), mapping.timeFormat, timezone, null);
  if (!time) throw new Error(`time "${cell(cols.time)}" could not be read${mapping.timeFormat ? ` as ${mapping.timeFormat}` : ''}`);
  const asset = resolveAsset(chain, cell(cols.asset), cell(cols.symbol), cols.fixedDecimals ?? decimalsOf(cell(cols.decimalsColumn)), notes, where);
  if (!asset) return null;
  let amountText = cell(cols.amount);
  if (amountText.startsWith('-')) {
    amountText = amountText.slice(1);
    notes.note('negative', where, 'negative amounts (an exchange writes withdrawals so) are read as their size; the direction is from → to');
  }
  const amount = decimalToBaseUnits(amountText, asset.decimals);
  const txText = cell(cols.tx);
  const tx = chain === 'eth' ? txText.toLowerCase() : txText.toLowerCase().replace(/^0x/, '');
  if (tx && !(chain === 'eth' ? /^0x[0-9a-f]{64}$/ : /^[0-9a-f]{64}$/).test(tx)) throw new Error(`transaction id "${txText}" is not ${chain === 'eth' ? '0x and ' : ''}64 hex digits`);
  const utc = time.utc.replace('.000Z', 'Z');
  const base = { kind: 'transfer' as const, chain, asset: asset.asset, symbol: asset.symbol, decimals: asset.decimals, amount, block: null, utc, status: 'ok' as const };
  if (chain === 'btc') {
    if (!tx) {
      notes.skip('btc-no-tx', where, 'a Bitcoin row without transaction id cannot be placed in the transaction graph: skipped');
      return null;
    }
    if (cell(cols.from)) notes.note('btc-from', where, "a Bitcoin row's sender is not a transfer of this amount (inputs carry change and fee): only btc-tx → receiver is recorded; read the transaction itself for its inputs");
    return { ...base, from: `btc-tx:${tx}`, to: walletOf(cell(cols.to), 'btc', 'to'), tx, index: 'out:?', type: 'native' };
  }
  const from = walletOf(cell(cols.from), chain, 'from');
  const to = walletOf(cell(cols.to), chain, 'to');
  const token = asset.asset !== NATIVE[chain].asset;
  return { ...base, from, to, tx: tx || `line:${line}`, index: token ? `log:?amount=${amount}` : 'tx', type: token ? 'token' : 'native' };
}

function resolveAsset(chain: Chain, assetText: string, symbolText: string, decimals: number | null, notes: NoteBook, where: string): { asset: string; symbol: string; decimals: number } | null {
  const native = NATIVE[chain];
  const ticker = (symbolText || assetText).toUpperCase();
  if (!assetText || assetText.toUpperCase() === native.asset) return { asset: native.asset, symbol: native.asset, decimals: native.decimals };
  if (chain === 'btc') {
    notes.skip(`asset:${assetText}`, where, `asset "${assetText}" on Bitcoin: skipped`);
    return null;
  }
  const contract = canonicalWallet(assetText, chain);
  const known = contract ? knownToken(contract) : (KNOWN_TOKENS.find((t) => t.chain === chain && t.symbol === assetText.toUpperCase()) ?? null);
  if (!contract && known) notes.note(`ticker:${chain}:${known.symbol}`, where, `asset "${assetText}" is taken to be ${known.symbol} at its official contract ${known.contract} (a ticker alone could be a fake token)`);
  const tokenContract = contract ?? known?.contract ?? null;
  if (!tokenContract) {
    notes.skip(`asset:${assetText}`, where, `asset "${assetText}" is neither a token contract nor a known token of ${chain}: skipped`);
    return null;
  }
  const d = decimals ?? known?.decimals ?? null;
  if (d === null) {
    notes.skip(`decimals:${tokenContract}`, where, `token ${tokenContract} has no decimals in the table or the mapping and is not a known token: skipped`);
    return null;
  }
  if (decimals === null) notes.note(`known:${tokenContract}`, where, `decimals of ${known!.symbol} (${tokenContract}) are not in the table: ${d} from the known token table`);
  return { asset: tokenAsset(tokenContract), symbol: ticker || known?.symbol || '', decimals: d };
}
