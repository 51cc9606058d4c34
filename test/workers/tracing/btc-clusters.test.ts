// Common-input clustering on hand-made Bitcoin transactions whose addresses are real: derived by
// bitcoinjs-lib from fixed keys, so their checksums hold like any address from a case.
import { payments } from 'bitcoinjs-lib';
import { SigningKey, getBytes } from 'ethers';
import { describe, expect, it } from 'vitest';
import type { ParsedTransfer } from '../../../workers/parsers/transfers/transfer-records';
import { BTC_CONFIDENCE, BtcClusterer, clusterBtcTransfers } from '../../../workers/tracing/btc-clusters';

const pubkey = (n: number) => getBytes(new SigningKey(`0x${n.toString(16).padStart(64, '0')}`).compressedPublicKey);
const p2wpkh = (n: number) => `btc:${payments.p2wpkh({ pubkey: pubkey(n) }).address!}`;
const p2pkh = (n: number) => `btc:${payments.p2pkh({ pubkey: pubkey(n) }).address!}`;

const BTC = 100_000_000n;
const txid = (n: number) => n.toString(16).padStart(64, '0');

/** Transfers of one transaction, in the input → `btc-tx:` → output shape of the parsers. */
function btcTx(n: number, utc: string, inputs: Array<[string, bigint]>, outputs: Array<[string, bigint]>): ParsedTransfer[] {
  const id = txid(n);
  const base = { kind: 'transfer', chain: 'btc', asset: 'BTC', symbol: 'BTC', decimals: 8, tx: id, block: n, utc, type: 'native', status: 'ok', locator: {} } as const;
  return [
    ...inputs.map(([address, sats], i) => ({ ...base, from: address, to: `btc-tx:${id}`, amount: sats.toString(), index: `in:${i}` })),
    ...outputs.map(([address, sats], i) => ({ ...base, from: `btc-tx:${id}`, to: address, amount: sats.toString(), index: `out:${i}` })),
  ];
}

const [A, B, D, E] = [p2wpkh(1), p2wpkh(2), p2wpkh(3), p2wpkh(4)];
const CHANGE = p2wpkh(5);
const PAYEE = p2pkh(6);
const people = Array.from({ length: 14 }, (_, i) => p2wpkh(100 + i));
const mixed = Array.from({ length: 14 }, (_, i) => p2wpkh(200 + i));

// PAYEE is seen before tx 2 (it was paid from elsewhere), so CHANGE is the fresh output there.
const earlier = btcTx(1, '2024-03-01T10:00:00Z', [[E, 3n * BTC]], [[PAYEE, 1n * BTC], [E, 2n * BTC - 2000n]]);
// A plain spend: A and B pay 0.05 BTC to PAYEE, the odd remainder goes to fresh CHANGE.
const spend = btcTx(2, '2024-03-02T10:00:00Z', [[A, 4_000_000n], [B, 3_123_456n]], [[PAYEE, 5_000_000n], [CHANGE, 2_121_000n + 2_456n - 2_000n]]);
// B spends again with D: the cluster grows transitively.
const spend2 = btcTx(3, '2024-03-03T10:00:00Z', [[B, 1_000_000n], [D, 2_000_000n]], [[PAYEE, 2_999_000n]]);
// Whirlpool 0.01 BTC pool: 5 inputs, 5 equal outputs.
const whirlpool = btcTx(
  4,
  '2024-03-04T10:00:00Z',
  people.slice(0, 5).map((p) => [p, 1_010_000n] as [string, bigint]),
  mixed.slice(0, 5).map((p) => [p, 1_000_000n] as [string, bigint]),
);
// JoinMarket-like: 3 participants, 3 equal outputs and 2 change outputs.
const joinmarket = btcTx(
  5,
  '2024-03-05T10:00:00Z',
  [[people[5]!, 30_000_000n], [people[6]!, 25_000_000n], [people[7]!, 21_000_000n], [A, 1_000_000n]],
  [[mixed[5]!, 20_000_000n], [mixed[6]!, 20_000_000n], [mixed[7]!, 20_000_000n], [mixed[8]!, 10_000_000n], [mixed[9]!, 5_990_000n]],
);
// Wasabi 1.x: 12 participants at ~0.1 BTC plus coordinator and change outputs.
const wasabi = btcTx(
  6,
  '2024-03-06T10:00:00Z',
  people.map((p) => [p, 11_000_000n] as [string, bigint]).slice(0, 12),
  [...mixed.slice(0, 12).map((p) => [p, 9_876_543n] as [string, bigint]), [mixed[12]!, 3_000_000n]],
);

const all = [...earlier, ...spend, ...spend2, ...whirlpool, ...joinmarket, ...wasabi];

describe('BtcClusterer', () => {
  it('merges the inputs of ordinary spends, transitively, with the smallest address as id', () => {
    const { clusters } = clusterBtcTransfers([...earlier, ...spend, ...spend2]);
    expect(clusters).toEqual([
      {
        id: [A, B, D].sort()[0],
        addresses: [A, B, D].sort(),
        heuristic: 'common-input-ownership',
        confidence: BTC_CONFIDENCE.coSpend,
        evidence: [txid(2), txid(3)],
      },
    ]);
  });

  it('detects CoinJoins by name and never merges their inputs', () => {
    const { clusters, coinjoins } = clusterBtcTransfers(all);
    expect(coinjoins).toEqual([
      { tx: txid(4), heuristic: 'whirlpool', confidence: BTC_CONFIDENCE.whirlpool, equalOutputs: 5, value: '1000000' },
      { tx: txid(5), heuristic: 'joinmarket-like', confidence: BTC_CONFIDENCE.joinMarket, equalOutputs: 3, value: '20000000' },
      { tx: txid(6), heuristic: 'wasabi', confidence: BTC_CONFIDENCE.wasabi, equalOutputs: 12, value: '9876543' },
    ]);
    const clustered = clusters.flatMap((c) => c.addresses);
    for (const p of people) expect(clustered).not.toContain(p);
    // A took part in the JoinMarket round: its cluster must not swallow the other participants
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.addresses).toEqual([A, B, D].sort());
  });

  it('flags a generic equal-output CoinJoin without change outputs', () => {
    const tx = btcTx(
      7,
      '2024-03-07T10:00:00Z',
      people.slice(0, 4).map((p) => [p, 5_000_000n] as [string, bigint]),
      mixed.slice(0, 4).map((p) => [p, 4_900_000n] as [string, bigint]),
    );
    const r = clusterBtcTransfers(tx);
    expect(r.coinjoins.map((c) => c.heuristic)).toEqual(['equal-output-coinjoin']);
    expect(r.clusters).toEqual([]);
  });

  it('gives the same result incrementally as all at once, even when a CoinJoin is revealed late', () => {
    const once = clusterBtcTransfers(all);
    const inc = new BtcClusterer();
    // the JoinMarket round's inputs and only two outputs first: it looks like an ordinary spend
    const jmInputsAndTwo = joinmarket.filter((t) => t.index.startsWith('in:') || t.index === 'out:0' || t.index === 'out:3');
    const jmRest = joinmarket.filter((t) => !jmInputsAndTwo.includes(t));
    inc.addTransfers(jmInputsAndTwo);
    expect(inc.clusters().flatMap((c) => c.addresses)).toContain(people[5]);
    for (const batch of [wasabi.slice(5), spend2, [...earlier].reverse(), jmRest, spend, wasabi.slice(0, 5), whirlpool]) inc.addTransfers(batch);
    // an overlapping re-import must not count legs twice
    inc.addTransfers(whirlpool);
    expect(inc.result()).toEqual(once);
  });

  it('offers change guesses as labelled suggestions, never merged into a cluster', () => {
    const { clusters, changeGuesses } = clusterBtcTransfers(all);
    expect(changeGuesses.filter((g) => g.tx === txid(2))).toEqual([
      { tx: txid(2), address: CHANGE, heuristic: 'fresh-address', confidence: BTC_CONFIDENCE.freshAddress },
      { tx: txid(2), address: CHANGE, heuristic: 'round-payment', confidence: BTC_CONFIDENCE.roundPayment },
      { tx: txid(2), address: CHANGE, heuristic: 'script-type-match', confidence: BTC_CONFIDENCE.scriptTypeMatch },
    ]);
    expect(clusters.flatMap((c) => c.addresses)).not.toContain(CHANGE);
    // change sent back to the spender (tx 1) and CoinJoins get no guesses
    expect(changeGuesses.map((g) => g.tx).filter((t) => t !== txid(2))).toEqual([]);
  });

  it('trusts a co-spend less when the outputs are unknown', () => {
    const inputsOnly = spend.filter((t) => t.index.startsWith('in:'));
    expect(clusterBtcTransfers(inputsOnly).clusters[0]!.confidence).toBe(BTC_CONFIDENCE.coSpendIncomplete);
  });

  it('ignores failed transactions and other chains', () => {
    const failed = spend.map((t) => ({ ...t, status: 'failed' as const }));
    expect(clusterBtcTransfers(failed).clusters).toEqual([]);
  });
});
