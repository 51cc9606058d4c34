// Truncated addresses from chats completed against the case's known addresses. The ambiguous
// pairs are real: among the addresses of keys 1…1500, keys 251/418 share `0xf0…28` and keys
// 1184/1492 share `TFd…Zu` (found once by search, pinned here).
import { payments } from 'bitcoinjs-lib';
import bs58check from 'bs58check';
import { SigningKey, computeAddress, getBytes } from 'ethers';
import { describe, expect, it } from 'vitest';
import { completeTruncated } from '../../../workers/tracing/truncated';

const key = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const eth = (n: number) => `eth:${computeAddress(key(n))}`;
const tron = (n: number) => `tron:${bs58check.encode(Uint8Array.from([0x41, ...getBytes(computeAddress(key(n)))]))}`;
const pubkey = (n: number) => getBytes(new SigningKey(key(n)).compressedPublicKey);
const bech32 = (n: number) => `btc:${payments.p2wpkh({ pubkey: pubkey(n) }).address!}`;
const legacy = (n: number) => `btc:${payments.p2pkh({ pubkey: pubkey(n) }).address!}`;

const ETH_A = eth(251); // 0xf0218008120201e66B65Fce4Df9035007E811228
const ETH_B = eth(418); // 0xF0c170cBA8e7CdbbF9d367AAeB625ca1791b5E28
const TRON_A = tron(1184); // TFd42E2hRyD9R8TWuoYcT95FRhz9x934Zu
const TRON_B = tron(1492); // TFdbFMNnGgkFMnG6Z5ckUnRSBLV5SSkvZu
const BTC_SEGWIT = bech32(1); // bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4
const BTC_LEGACY = legacy(2); // 1cMh228HTCiwS8ZsaakH8A8wze1JR5ZsP
const known = [ETH_A, ETH_B, TRON_A, TRON_B, BTC_SEGWIT, BTC_LEGACY, eth(7), tron(7), 'phone:+38164123456'];

describe('completeTruncated', () => {
  it('pins the fixture addresses', () => {
    expect([ETH_A, ETH_B, TRON_A, TRON_B, BTC_SEGWIT, BTC_LEGACY]).toEqual([
      'eth:0xf0218008120201e66B65Fce4Df9035007E811228',
      'eth:0xF0c170cBA8e7CdbbF9d367AAeB625ca1791b5E28',
      'tron:TFd42E2hRyD9R8TWuoYcT95FRhz9x934Zu',
      'tron:TFdbFMNnGgkFMnG6Z5ckUnRSBLV5SSkvZu',
      'btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      'btc:1cMh228HTCiwS8ZsaakH8A8wze1JR5ZsP',
    ]);
  });

  it('finds the unique candidate for each ellipsis style, with offsets', () => {
    const text = 'pošalji na TFd4…x934Zu ili 0xF021...1228, btc bc1qw5..f3t4 ili 1cMh…ZsP';
    const got = completeTruncated(text, known);
    expect(got).toEqual([
      { raw: 'TFd4…x934Zu', start: 11, end: 22, candidates: [TRON_A] },
      { raw: '0xF021...1228', start: 27, end: 40, candidates: [ETH_A] },
      { raw: 'bc1qw5..f3t4', start: 46, end: 58, candidates: [BTC_SEGWIT] },
      { raw: '1cMh…ZsP', start: 63, end: 71, candidates: [BTC_LEGACY] },
    ]);
    for (const m of got) expect(text.slice(m.start, m.end)).toBe(m.raw);
  });

  it('reports every candidate when the fragment is ambiguous', () => {
    expect(completeTruncated('uplata 0xf0…28 i TFd…Zu', known).map((m) => m.candidates)).toEqual([
      [ETH_B, ETH_A], // code-unit order: upper-case F first
      [TRON_A, TRON_B],
    ]);
  });

  it('ignores case for hex and bech32, but not for base58', () => {
    const got = completeTruncated('0XF021 no; 0xf021…1228, BC1QW5…F3T4, tfd4…x934zu, TFD4…X934ZU', known);
    expect(got.map((m) => [m.raw, m.candidates])).toEqual([
      ['0xf021…1228', [ETH_A]],
      ['BC1QW5…F3T4', [BTC_SEGWIT]],
      ['TFD4…X934ZU', []],
    ]);
  });

  it('returns no candidate when nothing known fits, and skips full addresses', () => {
    const full = ETH_A.slice(4);
    expect(completeTruncated(`0xdead…beef and ${full}`, known)).toEqual([{ raw: '0xdead…beef', start: 0, end: 11, candidates: [] }]);
  });
});
