// A deterministic synthetic USDT-on-TRON ledger for the tracing benchmark: n transfers over a given
// number of addresses in time order over one year, like a TronScan TRC-20 export. Activity is
// skewed (a few busy wallets, a long tail: address i is picked with density ∝ 1/√i), amounts are
// log-uniform from 1 to 100,000 USDT, and a few exchange hot wallets — labelled, so a trace stops
// there — take a fifth of all transfers as deposits and withdrawals: hubs of huge degree.
// The same arguments always give the same ledger.
import { seededRandom } from '../helpers/seeded-random';

export const USDT_TRC20 = 'trc20:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';

export interface BenchTransfer {
  from: string;
  to: string;
  /** base units, 6 decimals */
  amount: bigint;
  tx: string;
  /** ISO 8601 UTC */
  time: string;
}

export interface BenchLabel {
  address: string;
  label: string;
  category: string;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const EXCHANGES = ['Binance', 'OKX', 'HTX', 'Bybit', 'KuCoin', 'Gate.io'];

/** Canonical-looking TRON addresses (T + 33 base58 characters; no valid checksum needed here). */
export function benchAddresses(count: number, seed: number): string[] {
  const r = seededRandom(seed ^ 0x5eed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = 'tron:T';
    for (let k = 0; k < 33; k++) s += BASE58[Math.floor(r() * 58)];
    out.push(s);
  }
  return out;
}

/** The exchange hot wallets are the first addresses of the list. */
export function benchLabels(addresses: readonly string[]): BenchLabel[] {
  return EXCHANGES.map((name, i) => ({ address: addresses[i]!, label: `${name} hot wallet`, category: 'exchange' }));
}

/** The ledger, in time order, as a stream (a million rows need not sit in memory at once). */
export function* generateTransfers(n: number, addresses: readonly string[], seed: number): Generator<BenchTransfer> {
  const r = seededRandom(seed);
  const users = addresses.length - EXCHANGES.length;
  const user = (): string => addresses[EXCHANGES.length + Math.floor(users * r() ** 2)]!;
  const exchange = (): string => addresses[Math.floor(r() * EXCHANGES.length)]!;
  const hex = (): string => {
    let s = '';
    for (let k = 0; k < 8; k++) s += Math.floor(r() * 0x100000000).toString(16).padStart(8, '0');
    return s;
  };
  const start = Date.UTC(2025, 0, 1) / 1000;
  const meanGap = (365 * 86400) / n;
  let t = start;
  for (let i = 0; i < n; i++) {
    // Whole seconds, as TRON block times are: some transfers share a timestamp.
    t += Math.floor(r() * 2 * meanGap + 0.5);
    const kind = r();
    const from = kind < 0.1 ? exchange() : user();
    let to = kind >= 0.1 && kind < 0.2 ? exchange() : user();
    while (to === from) to = addresses[EXCHANGES.length + Math.floor(r() * users)]!;
    const amount = BigInt(Math.floor(10 ** (r() * 5) * 1_000_000));
    yield { from, to, amount, tx: hex(), time: new Date(t * 1000).toISOString() };
  }
}
