/**
 * What every transfer parser needs: exact decimal → base-unit conversion, canonical wallet values
 * (the forms of shared/identifiers/crypto.ts, so a wallet found in a chat and in an export is one
 * entity), the tokens whose decimals we know, and the notes a parser hands back with its records.
 */
import bs58check from 'bs58check';
import { extractWallets } from '../../../shared/identifiers/crypto';
import type { Chain } from './transfer-records';

/** What a parser says about a file besides its records: rows skipped, decimals assumed, inputs it could not resolve. */
export interface TransferParseSummary {
  /** one line each, deduplicated; the first line a note applies to is named */
  notes: string[];
  /** Bitcoin inputs whose address and value the source does not give (Bitcoin Core without prevout) */
  unresolvedInputs: number;
  /** rows or elements read but not turned into records (zero values, approvals, unknown tokens…) */
  skipped: number;
}

/** Collects notes once per kind, naming where each kind was first seen and how often it happened. */
export class NoteBook {
  private readonly seen = new Map<string, { where: string; text: string; count: number }>();
  skipped = 0;
  unresolvedInputs = 0;

  note(key: string, where: string, text: string): void {
    const got = this.seen.get(key);
    if (got) got.count += 1;
    else this.seen.set(key, { where, text, count: 1 });
  }

  skip(key: string, where: string, text: string): void {
    this.skipped += 1;
    this.note(key, where, text);
  }

  summary(): TransferParseSummary {
    const notes = [...this.seen.values()].map((n) => `${n.where}: ${n.text}${n.count > 1 ? ` (${n.count} times; the first is named)` : ''}`);
    return { notes, unresolvedInputs: this.unresolvedInputs, skipped: this.skipped };
  }
}

const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^\d+(\.\d+)?$|^\.\d+$/;

/**
 * A token amount as an explorer or spreadsheet writes it ("1,234.5", "0.000001") in integer base
 * units, by string arithmetic. Commas are only accepted as thousands separators; scientific
 * notation is refused, since a spreadsheet that wrote it has already rounded the number.
 */
export function decimalToBaseUnits(text: string, decimals: number): string {
  let t = text.trim().replace(/^\+/, '');
  if (/^\d*\.?\d+[eE][+-]?\d+$/.test(t)) throw new Error(`amount "${text}" is in scientific notation: the program that wrote it rounded it, so it cannot be read exactly (export the original again)`);
  if (GROUPED.test(t)) t = t.replace(/,/g, '');
  if (!PLAIN.test(t)) throw new Error(`amount "${text}" is not a decimal number`);
  const [whole = '', fraction = ''] = t.split('.');
  const extra = fraction.slice(decimals);
  if (/[^0]/.test(extra)) throw new Error(`amount "${text}" has more decimal places than the asset's ${decimals}`);
  const units = `${whole}${fraction.slice(0, decimals).padEnd(decimals, '0')}`.replace(/^0+(?=\d)/, '');
  return units === '' ? '0' : units;
}

/**
 * A JSON number (Bitcoin Core writes BTC values as numbers) in base units. Exact for every BTC
 * amount: below 2^53 base units a decimal with at most 8 places survives the trip through a
 * double, and JavaScript prints the shortest decimal that reads back as the same double.
 */
export function jsonNumberToBaseUnits(value: number, decimals: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`amount ${value} is not a non-negative number`);
  const [mantissa = '', exp = '0'] = value.toString().toLowerCase().split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = `${whole}${fraction}`;
  const point = whole.length + Number(exp);
  const plain = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return decimalToBaseUnits(plain, decimals);
}

/** Checks a value from a JSON API that should already be an integer in base units. */
export function baseUnits(value: unknown): string {
  const t = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(t)) throw new Error(`amount ${JSON.stringify(value)} is not an integer number of base units`);
  return t.replace(/^0+(?=\d)/, '');
}

/** The wallet value shared/identifiers/crypto.ts gives this address, or null when it is no valid address of that chain. */
export function canonicalWallet(text: string, chain?: Chain): string | null {
  const t = text.trim();
  const found = extractWallets(t);
  const whole = found.length === 1 && found[0]!.start === 0 && found[0]!.end === t.length ? found[0]!.value : null;
  if (!whole) return null;
  return chain && !whole.startsWith(`${chain}:`) ? null : whole;
}

const CHAIN_NAMES: Record<Chain, string> = { eth: 'Ethereum', tron: 'TRON', btc: 'Bitcoin' };

/** The canonical wallet value of an address field, or an error that says what is wrong with it. */
export function walletOf(text: string, chain: Chain, field: string): string {
  const t = text.trim();
  if (chain === 'tron' && /^(41|0x41)?[0-9a-fA-F]{40}$/.test(t)) return tronFromHex(t);
  const w = canonicalWallet(t, chain);
  if (w) return w;
  if (!t) throw new Error(`${field} is empty`);
  throw new Error(`${field} "${t}" is not a valid ${CHAIN_NAMES[chain]} address (${chain === 'eth' ? 'hex with an EIP-55 checksum' : chain === 'tron' ? 'base58check starting with T' : 'base58check or bech32'}; a checksum that fails is a typo or a forgery)`);
}

/** A TRON address written in hex (`41…`, as the node's raw transactions do) as its `tron:T…` wallet value. */
export function tronFromHex(hex: string): string {
  let h = hex.trim().replace(/^0x/i, '');
  if (h.length === 40) h = `41${h}`;
  if (!/^41[0-9a-fA-F]{40}$/.test(h)) throw new Error(`"${hex}" is not a TRON address in hex (41 and 20 bytes)`);
  return `tron:${bs58check.encode(Uint8Array.from(h.match(/../g)!, (b) => parseInt(b, 16)))}`;
}

/** ISO 8601 UTC of epoch seconds or milliseconds (told apart by size, as explorers mix them). */
export function utcOfEpoch(value: unknown): string | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) return null;
  const ms = n > 1e11 ? n : n * 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export interface KnownToken {
  chain: Chain;
  /** canonical wallet value of the contract */
  contract: string;
  symbol: string;
  decimals: number;
}

/**
 * Tokens whose decimals we know, by contract. Never by ticker alone: fake "USDT" tokens with other
 * decimals are what address-poisoning scams airdrop.
 */
export const KNOWN_TOKENS: readonly KnownToken[] = [
  { chain: 'eth', contract: 'eth:0xdAC17F958D2ee523a2206206994597C13D831ec7', symbol: 'USDT', decimals: 6 },
  { chain: 'eth', contract: 'eth:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', symbol: 'USDC', decimals: 6 },
  { chain: 'tron', contract: 'tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', symbol: 'USDT', decimals: 6 },
  { chain: 'tron', contract: 'tron:TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8', symbol: 'USDC', decimals: 6 },
];

/** Native assets: decimals of ETH, TRX, BTC. */
export const NATIVE: Record<Chain, { asset: string; decimals: number }> = {
  eth: { asset: 'ETH', decimals: 18 },
  tron: { asset: 'TRX', decimals: 6 },
  btc: { asset: 'BTC', decimals: 8 },
};

export function knownToken(contract: string): KnownToken | null {
  return KNOWN_TOKENS.find((t) => t.contract === contract) ?? null;
}

/** The asset name of a token contract: `erc20:eth:0x…` or `trc20:tron:T…`. */
export function tokenAsset(contract: string): string {
  return contract.startsWith('tron:') ? `trc20:${contract}` : `erc20:${contract}`;
}

/** Decimal places from an export's own column, or null when it has none. */
export function decimalsOf(value: unknown): number | null {
  const t = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,2}$/.test(t)) return null;
  const n = Number(t);
  return n <= 36 ? n : null;
}
