/**
 * Address labels: GraphSense TagPacks (YAML: header fields are the defaults of every tag) and a
 * plain labels CSV (`address,label,category,source`). Addresses are canonicalised like every other
 * wallet value; one that fails its checksum stops the import, naming its line, since a label on a
 * mistyped address would point the investigation at a stranger.
 */
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { chunksOf, type ChunkSource } from '../lines';
import { csvRows } from '../table/csv';
import type { Locator } from '../chat-records';
import { canonicalWallet, NoteBook, type TransferParseSummary } from './chain-values';
import type { ParsedLabel } from './transfer-records';

/** TagPack currencies/networks → the prefix of the canonical wallet value; tokens live on eth or tron. */
const CURRENCY_PREFIX: Record<string, string[]> = {
  BTC: ['btc'],
  ETH: ['eth'],
  TRX: ['tron'],
  TRON: ['tron'],
  LTC: ['ltc'],
  DOGE: ['doge'],
  USDT: ['eth', 'tron'],
  USDC: ['eth', 'tron'],
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);

/** The canonical wallet value of a labelled address, checked against the currency the label gives. */
export function labelledWallet(address: string, currency: string | null): string {
  const a = address.trim();
  const wallet = canonicalWallet(a);
  const allowed = currency ? CURRENCY_PREFIX[currency.toUpperCase()] : undefined;
  if (!wallet) {
    if (/^0x[0-9a-fA-F]{40}$/.test(a)) throw new Error(`address "${a}" fails its EIP-55 checksum (a typo or a forgery)`);
    throw new Error(`address "${a}" is not a valid ${currency ?? 'BTC, ETH or TRON'} address (its checksum fails or its form is unknown)`);
  }
  if (allowed && !allowed.includes(wallet.slice(0, wallet.indexOf(':')))) throw new Error(`address "${a}" is a ${wallet.slice(0, wallet.indexOf(':'))} address, but the currency is ${currency}`);
  return wallet;
}

function readAll(source: ChunkSource): string {
  const parts: Uint8Array[] = [];
  for (const chunk of chunksOf(source)) parts.push(chunk.slice());
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, '');
}

/**
 * The labels of a GraphSense TagPack. A YAML document is read whole (TagPacks are lists, not
 * ledgers). Tags of currencies we do not model (XMR, ZEC, BCH…) are skipped and counted.
 */
export function* parseTagPack(source: ChunkSource): Generator<ParsedLabel, TransferParseSummary> {
  const notes = new NoteBook();
  const lineCounter = new LineCounter();
  // failsafe: every scalar a string, else YAML reads an unquoted 0x… address as a hex number.
  const doc = parseDocument(readAll(source), { lineCounter, uniqueKeys: false, schema: 'failsafe' });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new Error(`line ${e.linePos?.[0]?.line ?? '?'}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const pack: unknown = doc.toJS();
  if (!isObj(pack) || !Array.isArray(pack.tags)) throw new Error('line 1: not a TagPack: no `tags:` list');
  const tagsNode = doc.get('tags', true);
  const lineOf = (i: number): number => {
    const item = isSeq(tagsNode) ? tagsNode.items[i] : null;
    const range = isMap(item) ? item.range : null;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const defaults = { label: text(pack.label), category: text(pack.category), source: text(pack.source), currency: text(pack.currency) ?? text(pack.network) };
  for (const [i, tag] of pack.tags.entries()) {
    const line = lineOf(i);
    const where = `line ${line}: tags[${i}]`;
    if (!isObj(tag)) throw new Error(`${where}: not a mapping`);
    const address = text(tag.address);
    if (!address) throw new Error(`${where}: no address`);
    const currency = text(tag.currency) ?? text(tag.network) ?? defaults.currency;
    if (currency && !CURRENCY_PREFIX[currency.toUpperCase()] && !canonicalWallet(address)) {
      notes.skip(`currency:${currency}`, where, `a ${currency} address: not a chain Nitka reads, skipped`);
      continue;
    }
    const label = text(tag.label) ?? defaults.label;
    if (!label) throw new Error(`${where}: no label (neither the tag nor the header has one)`);
    let wallet: string;
    try {
      wallet = labelledWallet(address, currency);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    const locator: Locator = { line, messageId: `/tags/${i}` };
    yield { kind: 'label', address: wallet, label, category: text(tag.category) ?? defaults.category, source: text(tag.source) ?? defaults.source ?? text(pack.title), locator };
  }
  return notes.summary();
}

const LABEL_COLUMNS = {
  address: ['address', 'wallet', 'addr', 'wallet address'],
  label: ['label', 'name', 'tag', 'entity'],
  category: ['category', 'type'],
  source: ['source', 'origin', 'url'],
  currency: ['currency', 'chain', 'network'],
} as const;

/** Column indexes of a labels CSV header (address and label at least), or null. */
export function labelsCsvColumns(header: string[]): Record<keyof typeof LABEL_COLUMNS, number> | null {
  const names = header.map((h) => h.replace(/^\ufeff/, '').trim().toLowerCase());
  const at = (k: keyof typeof LABEL_COLUMNS) => LABEL_COLUMNS[k].map((n) => names.indexOf(n)).find((i) => i >= 0) ?? -1;
  const cols = { address: at('address'), label: at('label'), category: at('category'), source: at('source'), currency: at('currency') };
  return cols.address >= 0 && cols.label >= 0 ? cols : null;
}

/** The labels of a CSV with `address` and `label` columns (and optionally `category`, `source`, `currency`). */
export function* parseLabelsCsv(source: ChunkSource, onProgress?: (bytesDone: number) => void): Generator<ParsedLabel, TransferParseSummary> {
  const notes = new NoteBook();
  let cols: ReturnType<typeof labelsCsvColumns> = null;
  for (const row of csvRows(source, onProgress)) {
    const where = `line ${row.line}`;
    if (!cols) {
      cols = labelsCsvColumns(row.cells);
      if (!cols) throw new Error(`${where}: a labels table needs "address" and "label" columns; it has ${row.cells.map((c) => `"${c.trim()}"`).join(', ')}`);
      continue;
    }
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '').trim() : '');
    if (row.cells.every((c) => !c.trim())) continue;
    const label = cell(cols.label);
    if (!label) {
      notes.skip('no-label', where, 'a row without a label: skipped');
      continue;
    }
    let wallet: string;
    try {
      wallet = labelledWallet(cell(cols.address), cell(cols.currency) || null);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    yield { kind: 'label', address: wallet, label, category: cell(cols.category) || null, source: cell(cols.source) || null, locator: { line: row.line, ...(row.offset !== undefined ? { offset: row.offset } : {}) } };
  }
  if (!cols) throw new Error('the file is empty: no header row');
  return notes.summary();
}
