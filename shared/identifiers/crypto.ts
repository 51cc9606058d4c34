import { bech32, bech32m } from 'bech32';
import bs58check from 'bs58check';
import { getAddress } from 'ethers';
import type { IdentifierOccurrence } from './types';

/** Base58Check payloads: version byte → chain, for legacy and script addresses. */
const BASE58_VERSIONS: Record<number, { chain: string; length: number }> = {
  0x00: { chain: 'btc', length: 21 },
  0x05: { chain: 'btc', length: 21 },
  0x30: { chain: 'ltc', length: 21 },
  0x32: { chain: 'ltc', length: 21 },
  0x1e: { chain: 'doge', length: 21 },
  0x16: { chain: 'doge', length: 21 },
  0x41: { chain: 'tron', length: 21 },
};

const BASE58_CANDIDATE = /(?<![A-Za-z0-9])[13LMDT][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])/g;
const SEGWIT_CANDIDATE = /(?<![A-Za-z0-9])(?:bc|ltc|tb)1[02-9ac-hj-np-z]{6,87}(?![A-Za-z0-9])/gi;
const ETH_CANDIDATE = /(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])/g;

function base58Chain(address: string): string | null {
  try {
    const payload = bs58check.decode(address);
    const v = BASE58_VERSIONS[payload[0]!];
    return v && payload.length === v.length ? v.chain : null;
  } catch {
    return null;
  }
}

/** A SegWit address with a valid bech32 (v0) or bech32m (v1+) checksum, lower-cased. */
function segwit(address: string): { chain: string; canonical: string } | null {
  if (address !== address.toLowerCase() && address !== address.toUpperCase()) return null; // mixed case is invalid bech32
  const lower = address.toLowerCase();
  for (const codec of [bech32, bech32m]) {
    try {
      const { prefix, words } = codec.decode(lower, 90);
      const version = words[0];
      if (version === undefined || version > 16) continue;
      if ((version === 0) !== (codec === bech32)) continue;
      const program = codec.fromWords(words.slice(1));
      if (program.length < 2 || program.length > 40 || (version === 0 && program.length !== 20 && program.length !== 32)) continue;
      const chain = prefix === 'bc' ? 'btc' : prefix === 'ltc' ? 'ltc' : 'btc-testnet';
      return { chain, canonical: lower };
    } catch {
      // try the other codec
    }
  }
  return null;
}

/** Crypto addresses whose checksum holds; an invalid checksum is never a wallet. */
export function extractWallets(text: string): IdentifierOccurrence[] {
  const out: IdentifierOccurrence[] = [];
  const push = (m: RegExpExecArray, value: string) =>
    out.push({ kind: 'wallet', value, raw: m[0], start: m.index, end: m.index + m[0].length, confidence: 1 });
  for (let m = BASE58_CANDIDATE.exec(text); m; m = BASE58_CANDIDATE.exec(text)) {
    const chain = base58Chain(m[0]);
    if (chain) push(m, `${chain}:${m[0]}`);
  }
  for (let m = SEGWIT_CANDIDATE.exec(text); m; m = SEGWIT_CANDIDATE.exec(text)) {
    const s = segwit(m[0]);
    if (s) push(m, `${s.chain}:${s.canonical}`);
  }
  for (let m = ETH_CANDIDATE.exec(text); m; m = ETH_CANDIDATE.exec(text)) {
    const hex = m[0].slice(2);
    const mixed = hex !== hex.toLowerCase() && hex !== hex.toUpperCase();
    try {
      // getAddress verifies EIP-55 when the case is mixed and returns the checksummed form.
      push(m, `eth:${getAddress(mixed ? m[0] : m[0].toLowerCase())}`);
    } catch {
      // a mixed-case address with a wrong EIP-55 checksum: a typo or a forgery, not a wallet
    }
  }
  return out;
}
