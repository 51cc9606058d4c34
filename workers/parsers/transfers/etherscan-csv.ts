/**
 * Etherscan "Download CSV" exports of an address — normal transactions, internal transactions,
 * ERC-20 token transfers — read by header name, since the columns were renamed over the years
 * (`Txhash` → `Transaction Hash`, `DateTime` → `DateTime (UTC)`, `TokenValue` → `Quantity`), and the
 * same layouts of BscScan, PolygonScan and other Etherscan-built explorers (`Value_IN(BNB)`).
 */
import type { ChunkSource } from '../lines';
import { csvRows } from '../table/csv';
import { decimalsOf, decimalToBaseUnits, knownToken, NoteBook, tokenAsset, utcOfEpoch, walletOf, type TransferParseSummary } from './chain-values';
import type { ParsedTransfer } from './transfer-records';

export type EtherscanCsvVariant = 'normal' | 'internal' | 'token';

export interface EtherscanCsvOptions {
  /** decimals of token contracts the export does not give, by canonical contract (`eth:0x…`) */
  tokenDecimals?: Record<string, number>;
  onProgress?: (bytesDone: number) => void;
}

const norm = (s: string) => s.replace(/^\ufeff/, '').trim().toLowerCase().replace(/[^a-z0-9]/g, '');

/** Column names by what they hold; the first name found wins. */
const COLUMNS = {
  tx: ['txhash', 'transactionhash', 'hash', 'txnhash'],
  block: ['blockno', 'blocknumber', 'block'],
  unix: ['unixtimestamp', 'timestamp'],
  date: ['datetimeutc', 'datetime', 'date', 'humanreadabletime'],
  from: ['from'],
  to: ['to', 'txto'],
  contract: ['contractaddress', 'tokencontractaddress'],
  status: ['status'],
  errCode: ['errcode', 'errorcode'],
  tokenValue: ['tokenvalue', 'quantity', 'value', 'amount'],
  tokenSymbol: ['tokensymbol', 'symbol'],
  tokenName: ['tokenname', 'token'],
  tokenDecimal: ['tokendecimal', 'tokendecimals', 'decimals'],
  tokenId: ['tokenid'],
  parent: ['parenttxfrom', 'partxfrom'],
  traceId: ['traceid'],
  logIndex: ['logindex'],
} as const;
type Column = keyof typeof COLUMNS;

function indexHeader(header: string[]) {
  const names = header.map(norm);
  // "TokenSymbol OP" and similar suffixes some explorer forks add are matched by prefix, after exact names.
  const at = (c: Column): number => {
    for (const n of COLUMNS[c]) {
      const i = names.indexOf(n);
      if (i >= 0) return i;
    }
    return -1;
  };
  const valueIn = header.findIndex((h) => /^value_?in\s*\(/i.test(h.trim()));
  const valueOut = header.findIndex((h) => /^value_?out\s*\(/i.test(h.trim()));
  const native = (/\(([^)]+)\)/.exec(header[valueIn >= 0 ? valueIn : valueOut] ?? '')?.[1] ?? 'ETH').trim().toUpperCase();
  return { at, valueIn, valueOut, native, has: (c: Column) => at(c) >= 0 };
}

/** Which Etherscan export a header row is, or null when it is none of them (NFT transfers included). */
export function detectEtherscanCsv(header: string[]): EtherscanCsvVariant | null {
  const h = indexHeader(header);
  if (!h.has('tx') || !h.has('from') || !h.has('to')) return null;
  if (h.has('parent') || (header.some((c) => norm(c) === 'txto') && h.valueIn >= 0)) return 'internal';
  if (h.valueIn >= 0 && h.valueOut >= 0) return 'normal';
  if (h.has('tokenId')) return null;
  if (h.has('contract') && (h.has('tokenSymbol') || header.some((c) => /^tokensymbol/.test(norm(c)))) && h.has('tokenValue')) return 'token';
  return null;
}

/**
 * The transfers of an Etherscan CSV export. Native values and token values are decimal amounts:
 * ETH (and BNB, MATIC… on other explorers) has 18 decimals; a token's come from a `TokenDecimal`
 * column, `options.tokenDecimals`, or the known token table — a token with none of them is skipped
 * and named in the summary. Zero-value rows (contract calls) move nothing and are skipped too.
 * The CSV gives no log index or trace path, so `index` is `log:?amount=<units>` / `call:?amount=<units>`:
 * the same row listed twice (overlapping downloads) stays one fact, distinct movements stay apart.
 */
export function* parseEtherscanCsv(source: ChunkSource, options: EtherscanCsvOptions = {}): Generator<ParsedTransfer, TransferParseSummary> {
  const notes = new NoteBook();
  let h: ReturnType<typeof indexHeader> | null = null;
  let variant: EtherscanCsvVariant | null = null;
  let symbolColumn = -1;
  for (const row of csvRows(source, options.onProgress)) {
    const where = `line ${row.line}`;
    if (!h) {
      variant = detectEtherscanCsv(row.cells);
      if (!variant) throw new Error(`${where}: not an Etherscan export header (columns ${row.cells.map((c) => `"${c}"`).join(', ')})`);
      h = indexHeader(row.cells);
      symbolColumn = h.has('tokenSymbol') ? h.at('tokenSymbol') : row.cells.findIndex((c) => /^tokensymbol/.test(norm(c)));
      if (h.native !== 'ETH') notes.note('native', where, `values are ${h.native}, an EVM chain other than Ethereum: recorded under chain "eth" with asset ${h.native}, and its tokens as erc20:eth:… contracts of that chain`);
      continue;
    }
    if (row.cells.every((c) => !c.trim())) continue;
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '').trim() : '');
    const get = (c: Column) => cell(h!.at(c));
    try {
      const transfer = readRow(variant!, h, get, cell, symbolColumn, options, notes, where);
      if (transfer) yield { ...transfer, locator: { line: row.line, ...(row.lastLine && row.lastLine !== row.line ? { lastLine: row.lastLine } : {}), ...(row.offset !== undefined ? { offset: row.offset } : {}) } };
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
  }
  if (!h) throw new Error('the file is empty: no Etherscan header row');
  return notes.summary();
}

function readRow(
  variant: EtherscanCsvVariant,
  h: ReturnType<typeof indexHeader>,
  get: (c: Column) => string,
  cell: (i: number) => string,
  symbolColumn: number,
  options: EtherscanCsvOptions,
  notes: NoteBook,
  where: string,
): Omit<ParsedTransfer, 'locator'> | null {
  const tx = get('tx').toLowerCase();
  if (!/^0x[0-9a-f]{64}$/.test(tx)) throw new Error(`transaction hash "${get('tx')}" is not 0x and 64 hex digits`);
  const blockText = get('block');
  const block = /^\d+$/.test(blockText) ? Number(blockText) : null;
  const utc = utcOfEpoch(get('unix')) ?? utcOfDateTime(get('date'));
  if (!utc) throw new Error(`no time: UnixTimestamp "${get('unix')}", DateTime "${get('date')}"`);
  const status = get('status');
  const failed = get('errCode') !== '' || /error|fail|revert/i.test(status) || (variant === 'internal' && status === '1');
  const from = walletOf(get('from'), 'eth', 'From');
  // A contract creation has no To; the new contract is where the value went.
  const toText = get('to') || get('contract');
  const to = walletOf(toText, 'eth', 'To');
  const base = { chain: 'eth' as const, from, to, tx, block, utc, status: failed ? ('failed' as const) : ('ok' as const) };

  if (variant === 'token') {
    const contract = walletOf(get('contract'), 'eth', 'ContractAddress');
    const symbol = cell(symbolColumn) || get('tokenName');
    const decimals = decimalsOf(get('tokenDecimal')) ?? options.tokenDecimals?.[contract] ?? knownToken(contract)?.decimals ?? null;
    if (decimals === null) {
      notes.skip(`decimals:${contract}`, where, `token ${symbol || '?'} (${contract}) has no decimals in the export and is not a known token: skipped (give its decimals to read it)`);
      return null;
    }
    if (!get('tokenDecimal') && !options.tokenDecimals?.[contract]) notes.note(`known:${contract}`, where, `decimals of ${symbol} (${contract}) are not in the export: ${decimals} from the known token table`);
    const amount = decimalToBaseUnits(get('tokenValue'), decimals);
    const logIndex = get('logIndex');
    return { ...base, kind: 'transfer', asset: tokenAsset(contract), symbol, decimals, amount, index: /^\d+$/.test(logIndex) ? `log:${logIndex}` : `log:?amount=${amount}`, type: 'token' };
  }

  const valueIn = cell(h.valueIn);
  const valueOut = cell(h.valueOut);
  const inUnits = valueIn ? decimalToBaseUnits(valueIn, 18) : '0';
  const outUnits = valueOut ? decimalToBaseUnits(valueOut, 18) : '0';
  const amount = inUnits !== '0' ? inUnits : outUnits;
  if (amount === '0') {
    notes.skip('zero', where, 'a transaction without value (a contract call) moves nothing: skipped');
    return null;
  }
  if (variant === 'internal') {
    const trace = get('traceId');
    return { ...base, kind: 'transfer', asset: h.native, symbol: h.native, decimals: 18, amount, index: trace ? `call:${trace}` : `call:?amount=${amount}`, type: 'internal' };
  }
  return { ...base, kind: 'transfer', asset: h.native, symbol: h.native, decimals: 18, amount, index: 'tx', type: 'native' };
}

/** Etherscan's DateTime column: `2024-03-12 20:31:07`, UTC. */
function utcOfDateTime(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:Z| UTC)?$/.exec(text.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace('.000Z', 'Z');
}
