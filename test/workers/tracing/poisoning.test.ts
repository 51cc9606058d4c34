// Address poisoning on Ethereum and TRON with real addresses from fixed keys. The planted
// look-alike is built the way attackers' vanity generators produce one: same first and last four
// hex digits as the imitated address, different middle (any 20 bytes make a valid address).
import { computeAddress, getAddress, getBytes } from 'ethers';
import bs58check from 'bs58check';
import { describe, expect, it } from 'vitest';
import type { ParsedTransfer } from '../../../workers/parsers/transfers/transfer-records';
import { POISONING_CONFIDENCE, detectPoisoning } from '../../../workers/tracing/poisoning';

const key = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const hexAddress = (n: number) => computeAddress(key(n));
const eth = (hex: string) => `eth:${getAddress(hex)}`;
const tron = (hex: string) => `tron:${bs58check.encode(Uint8Array.from([0x41, ...getBytes(hex)]))}`;

const victimHex = hexAddress(1);
const supplierHex = hexAddress(2);
// the look-alike: supplier's ends around another key's middle, written lower-case so its EIP-55
// case differs from the original's; matching must ignore that
const lookalikeHex = `0x${supplierHex.slice(2, 6)}${hexAddress(3).slice(6, 38)}${supplierHex.slice(-4)}`.toLowerCase();
// shares only the first four digits: not a look-alike by the default rule
const prefixOnlyHex = `0x${supplierHex.slice(2, 6)}${hexAddress(4).slice(6)}`.toLowerCase();

const VICTIM = eth(victimHex);
const SUPPLIER = eth(supplierHex);
const LOOKALIKE = eth(lookalikeHex);
const PREFIX_ONLY = eth(prefixOnlyHex);
const UNRELATED_1 = eth(hexAddress(5));
const UNRELATED_2 = eth(hexAddress(6));
const USDT = 'erc20:eth:0xdAC17F958D2ee523a2206206994597C13D831ec7';

let n = 0;
function transfer(from: string, to: string, amount: bigint, utc: string, extra: Partial<ParsedTransfer> = {}): ParsedTransfer {
  n += 1;
  return {
    kind: 'transfer',
    chain: 'eth',
    asset: USDT,
    symbol: 'USDT',
    decimals: 6,
    from,
    to,
    amount: amount.toString(),
    tx: `0x${n.toString(16).padStart(64, '0')}`,
    index: 'log:0',
    block: n,
    utc,
    type: 'token',
    status: 'ok',
    locator: {},
    ...extra,
  };
}

describe('detectPoisoning', () => {
  it('finds a planted look-alike with a zero-value transfer soon after a real payment, and the payment it caused', () => {
    const real = transfer(VICTIM, SUPPLIER, 1_500_000_000n, '2024-05-01T09:00:00Z');
    const planted = transfer(VICTIM, LOOKALIKE, 0n, '2024-05-01T09:07:00Z'); // transferFrom(victim, lookalike, 0)
    const dust = transfer(LOOKALIKE, VICTIM, 1n, '2024-05-03T12:00:00Z');
    const stolen = transfer(VICTIM, LOOKALIKE, 2_000_000_000n, '2024-05-08T10:00:00Z');
    const findings = detectPoisoning([stolen, dust, planted, real]);
    expect(findings.map(({ suspect, lookalikeOf, victim, tx, reason, confidence }) => ({ suspect, lookalikeOf, victim, tx, reason, confidence }))).toEqual([
      { suspect: LOOKALIKE, lookalikeOf: SUPPLIER, victim: VICTIM, tx: planted.tx, reason: 'zero-value', confidence: POISONING_CONFIDENCE.plantedSoonAfter },
      { suspect: LOOKALIKE, lookalikeOf: SUPPLIER, victim: VICTIM, tx: dust.tx, reason: 'dust', confidence: POISONING_CONFIDENCE.plantedLater },
      { suspect: LOOKALIKE, lookalikeOf: SUPPLIER, victim: VICTIM, tx: stolen.tx, reason: 'lookalike', confidence: POISONING_CONFIDENCE.paidAfterPlanting },
    ]);
    expect(findings[0]!.detail).toContain('7 min after a real transfer');
  });

  it('does not flag unrelated addresses, nor an address sharing only its first characters', () => {
    const findings = detectPoisoning([
      transfer(VICTIM, SUPPLIER, 1_500_000_000n, '2024-05-01T09:00:00Z'),
      transfer(VICTIM, UNRELATED_1, 20_000_000n, '2024-05-01T10:00:00Z'),
      transfer(UNRELATED_2, VICTIM, 30_000_000n, '2024-05-01T11:00:00Z'),
      transfer(PREFIX_ONLY, VICTIM, 1n, '2024-05-01T11:30:00Z'),
      transfer(VICTIM, PREFIX_ONLY, 40_000_000n, '2024-05-02T11:00:00Z'),
    ]);
    expect(findings).toEqual([]);
  });

  it('honours configured prefix and suffix lengths', () => {
    const transfers = [
      transfer(VICTIM, SUPPLIER, 1_500_000_000n, '2024-05-01T09:00:00Z'),
      transfer(PREFIX_ONLY, VICTIM, 1n, '2024-05-01T09:30:00Z'),
    ];
    const findings = detectPoisoning(transfers, { prefixLength: 4, suffixLength: 0 });
    expect(findings.map((f) => [f.suspect, f.reason])).toEqual([[PREFIX_ONLY, 'dust']]);
  });

  it('flags a zero-value token transfer with no look-alike on TRON, but not a native zero-value call', () => {
    const usdtTron = 'trc20:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
    const a = tron(hexAddress(7));
    const b = tron(hexAddress(8));
    const c = tron(hexAddress(9));
    const zero = transfer(b, a, 0n, '2024-06-01T00:00:00Z', { chain: 'tron', asset: usdtTron });
    const findings = detectPoisoning([
      transfer(a, c, 5_000_000n, '2024-05-31T00:00:00Z', { chain: 'tron', asset: usdtTron }),
      zero,
      transfer(VICTIM, UNRELATED_1, 0n, '2024-06-01T00:00:00Z', { asset: 'ETH', symbol: 'ETH', decimals: 18, type: 'native', index: 'tx' }),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({ suspect: b, victim: a, lookalikeOf: null, tx: zero.tx, reason: 'zero-value', confidence: POISONING_CONFIDENCE.zeroValueOnly }),
    ]);
  });

  it('when the victim paid both, the address that planted something is the suspect', () => {
    const findings = detectPoisoning([
      transfer(LOOKALIKE, VICTIM, 0n, '2024-04-01T09:00:00Z'),
      transfer(VICTIM, LOOKALIKE, 900_000_000n, '2024-04-02T09:00:00Z'),
      transfer(VICTIM, SUPPLIER, 1_500_000_000n, '2024-05-01T09:00:00Z'),
    ]);
    expect(new Set(findings.map((f) => f.suspect))).toEqual(new Set([LOOKALIKE]));
    expect(findings.every((f) => f.lookalikeOf === SUPPLIER)).toBe(true);
  });
});

describe('detectPoisoning with fake tokens', () => {
  it('rates a look-alike sending a token never used with the original as a fake-token plant', () => {
    const fakeUsdt = `erc20:${eth(hexAddress(10))}`;
    const findings = detectPoisoning([
      transfer(VICTIM, SUPPLIER, 1_500_000_000n, '2024-05-01T09:00:00Z'),
      transfer(LOOKALIKE, VICTIM, 1_500_000_000n, '2024-05-01T09:03:00Z', { asset: fakeUsdt }),
    ]);
    expect(findings).toEqual([expect.objectContaining({ suspect: LOOKALIKE, lookalikeOf: SUPPLIER, reason: 'lookalike', confidence: POISONING_CONFIDENCE.fakeToken })]);
  });
});
