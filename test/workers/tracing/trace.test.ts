import { describe, expect, it } from 'vitest';
import { TransferGraph, type TransferRow } from '../../../workers/tracing/transfer-graph';
import { traceFingerprint, traceFunds, type AddressLabel, type TraceParams, type TraceResult } from '../../../workers/tracing/trace';
import { fingerprint } from '../../../workers/tracing/fingerprint';
import { TAINT_MODELS } from '../../../workers/tracing/taint-models';

const USDT = 'trc20:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const U = 1_000_000n;
const at = (minute: number): string => new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString();

let nextId = 1;
function t(from: string, to: string, amount: bigint, minute: number, extra: Partial<TransferRow> = {}): TransferRow {
  const id = nextId++;
  return { id, from: `tron:T${from}`, to: `tron:T${to}`, asset: USDT, amount, tx: `tx${id}`, index: 'log:0', time: at(minute), decimals: 6, ...extra };
}

const exchange: AddressLabel[] = [{ label: 'Binance hot wallet', category: 'exchange' }];
const isExit = (address: string): AddressLabel[] | null => (address === 'tron:TX' ? exchange : null);

const node = (r: TraceResult, address: string) => r.nodes.find((n) => n.address === `tron:T${address}`);
const edge = (r: TraceResult, from: string, to: string) => r.edges.find((e) => e.from === `tron:T${from}` && e.to === `tron:T${to}`);

function base(seed: string, extra: Partial<TraceParams> = {}): TraceParams {
  return { seed: `tron:T${seed}`, direction: 'out', hops: 6, model: 'fifo', isExit, ...extra };
}

describe('traceFunds', () => {
  // S sends 100 to A at 10; A had sent 30 to C at 5 (before), forwards 60 to B at 20 and 40 to X
  // (an exchange) at 25; B pays 60 to D at 30; the exchange pays E at 40.
  const rows = [
    t('Z', 'A', 30n * U, 1),
    t('A', 'C', 30n * U, 5),
    t('S', 'A', 100n * U, 10),
    t('A', 'B', 60n * U, 20),
    t('A', 'X', 40n * U, 25),
    t('B', 'D', 60n * U, 30),
    t('X', 'E', 10n * U, 40),
  ];
  const graph = TransferGraph.from(rows);

  it('follows value forward in time and not a transfer made before the funds arrived', () => {
    for (const model of TAINT_MODELS) {
      const r = traceFunds(graph, base('S', { model }));
      expect(node(r, 'C'), model).toBeUndefined();
      expect(node(r, 'B')?.hops).toBe(2);
      expect(node(r, 'D')?.hops).toBe(3);
      expect(edge(r, 'B', 'D')?.taint).toBe(60n * U);
      expect(node(r, 'S')?.taint).toBe(100n * U);
      expect(r.truncated).toBeNull();
    }
  });

  it('stops at exits and reports them', () => {
    const r = traceFunds(graph, base('S'));
    const x = node(r, 'X');
    expect(x).toMatchObject({ exit: true, labels: exchange, taint: 40n * U, hops: 2 });
    expect(node(r, 'E')).toBeUndefined();
  });

  it('respects the hop limit', () => {
    const r = traceFunds(graph, base('S', { hops: 2 }));
    expect(node(r, 'B')).toBeDefined();
    expect(node(r, 'D')).toBeUndefined();
  });

  it('since: seed outflows before it carry no taint', () => {
    const r = traceFunds(graph, base('A', { since: at(22) }));
    expect(node(r, 'B')).toBeUndefined();
    expect(node(r, 'X')?.taint).toBe(40n * U);
  });

  it('until: transfers after it are not read', () => {
    const r = traceFunds(graph, base('S', { until: at(28) }));
    expect(node(r, 'B')).toBeDefined();
    expect(node(r, 'D')).toBeUndefined();
  });

  it('a hub keeps only its maxDegree most tainted outflows and says so', () => {
    const hub = [t('S', 'H', 100n * U, 1), ...Array.from({ length: 10 }, (_, i) => t('H', `P${i}`, BigInt(i + 1) * U, 2 + i))];
    const g = TransferGraph.from(hub);
    const r = traceFunds(g, base('S', { budgets: { maxDegree: 3 } }));
    expect(r.truncated?.reasons).toEqual(['maxDegree']);
    expect(r.truncated?.hubs).toEqual([{ address: 'tron:TH', asset: USDT, kept: 3, tainted: 10 }]);
    expect(r.nodes.filter((n) => n.hops === 2).map((n) => n.address).sort()).toEqual(['tron:TP7', 'tron:TP8', 'tron:TP9']);

    const few = traceFunds(g, base('S', { budgets: { maxNodes: 4 } }));
    expect(few.nodes).toHaveLength(4);
    expect(few.truncated?.reasons).toEqual(['maxNodes']);
    expect(few.truncated?.edgesPastMaxNodes).toBe(8);

    const dust = traceFunds(g, base('S', { minAmount: 5n * U }));
    expect(dust.truncated?.reasons).toEqual(['minAmount']);
    expect(dust.truncated?.belowMinAmount).toBe(4);
    expect(dust.nodes.filter((n) => n.hops === 2)).toHaveLength(6);
  });

  it('amounts beyond 2^53 stay exact: taints, the minimum and which outflows a hub keeps', () => {
    // 2^53 and 2^53 + 1 are one double: only the BigInt tells them apart.
    const big = 2n ** 53n;
    const g = TransferGraph.from([t('S', 'H', 3n * big + 2n, 1), t('H', 'P', big, 2), t('H', 'Q', big + 1n, 3), t('H', 'R', big + 1n, 4)]);
    for (const model of ['poison', 'haircut'] as const) {
      const r = traceFunds(g, base('S', { model, budgets: { maxDegree: 2 } }));
      expect(r.nodes.filter((n) => n.hops === 2).map((n) => n.address), model).toEqual(['tron:TQ', 'tron:TR']);
      expect(node(r, 'H')?.taint).toBe(3n * big + 2n);
      expect(node(r, 'S')?.taint).toBe(3n * big + 2n);
      const min = traceFunds(g, base('S', { model, minAmount: big + 1n }));
      expect(min.truncated?.belowMinAmount, model).toBe(1);
      expect(node(min, 'P'), model).toBeUndefined();
    }
    // Sums past 2^53 of amounts each below it.
    const many = TransferGraph.from([...Array.from({ length: 4 }, (_, i) => t('S', 'A', big - 1n, 1 + i))]);
    expect(node(traceFunds(many, base('S', { model: 'poison' })), 'A')?.taint).toBe(4n * (big - 1n));
  });

  it('direction in: where the money came from, backwards in time', () => {
    // Q → P1 at 1 (funds P1), P1 → S at 5, P2 → S at 6, S → Y at 7; P1 gets more at 9 (after: not a source).
    const g = TransferGraph.from([
      t('Q', 'P1', 50n * U, 1),
      t('P1', 'S', 50n * U, 5),
      t('P2', 'S', 20n * U, 6),
      t('S', 'Y', 70n * U, 7),
      t('R', 'P1', 99n * U, 9),
    ]);
    const r = traceFunds(g, { ...base('S'), direction: 'in' });
    expect(node(r, 'P1')?.taint).toBe(50n * U);
    expect(node(r, 'P2')?.hops).toBe(1);
    expect(node(r, 'Q')).toMatchObject({ hops: 2, taint: 50n * U });
    expect(node(r, 'R')).toBeUndefined();
    expect(node(r, 'Y')).toBeUndefined();
    expect(edge(r, 'Q', 'P1')?.taint).toBe(50n * U);
    // until bounds the seed: inflows to S after it are not sources.
    const early = traceFunds(g, { ...base('S'), direction: 'in', until: at(5) });
    expect(node(early, 'P2')).toBeUndefined();
  });

  it('re-expands a node whose taint grows when a later path reaches it', () => {
    // S → A at 1 and S → B at 2; B → A at 3 (A is found at hop 1 but gets more at hop 2), A → C at 4.
    const g = TransferGraph.from([t('S', 'A', 5n * U, 1), t('S', 'B', 5n * U, 2), t('B', 'A', 5n * U, 3), t('A', 'C', 10n * U, 4)]);
    const r = traceFunds(g, base('S', { model: 'haircut' }));
    expect(edge(r, 'A', 'C')?.taint).toBe(10n * U);
    expect(node(r, 'A')).toMatchObject({ hops: 1, taint: 10n * U });
  });
});

describe('Bitcoin', () => {
  // A (seed) spends 1 BTC with D's clean 2 BTC in one transaction T: 2.5 to B, 0.4 change to A, 0.1 fee.
  const btc = (from: string, to: string, amount: bigint, minute: number, index: string): TransferRow => ({ id: nextId++, from, to, asset: 'BTC', amount, tx: 'T', index, time: at(minute), decimals: 8 });
  const B = 100_000_000n;
  const graph = TransferGraph.from([
    btc('btc:bc1qd', 'btc-tx:T', 2n * B, 10, 'in:0'),
    btc('btc:bc1qa', 'btc-tx:T', 1n * B, 10, 'in:1'),
    btc('btc-tx:T', 'btc:bc1qb', (25n * B) / 10n, 10, 'out:0'),
    btc('btc-tx:T', 'btc:bc1qa', (4n * B) / 10n, 10, 'out:1'),
    { id: nextId++, from: 'btc:bc1qb', to: 'btc-tx:U', asset: 'BTC', amount: 2n * B, tx: 'U', index: 'in:0', time: at(20), decimals: 8 },
    { id: nextId++, from: 'btc-tx:U', to: 'btc:bc1qe', asset: 'BTC', amount: 2n * B, tx: 'U', index: 'out:0', time: at(20), decimals: 8 },
  ]);
  const params: TraceParams = { seed: 'btc:bc1qa', direction: 'out', hops: 1, model: 'tiho' };

  it('transaction nodes are passed through without costing a hop', () => {
    const r = traceFunds(graph, params);
    const hops = Object.fromEntries(r.nodes.map((n) => [n.address, n.hops]));
    expect(hops).toEqual({ 'btc:bc1qa': 0, 'btc-tx:T': 0, 'btc:bc1qb': 1 });
    const two = traceFunds(graph, { ...params, hops: 2 });
    expect(two.nodes.find((n) => n.address === 'btc:bc1qe')?.hops).toBe(2);
  });

  it('TIHO sends the tainted input to the highest output; haircut shares it', () => {
    const tiho = traceFunds(graph, params);
    expect(tiho.edges.find((e) => e.to === 'btc:bc1qb')?.taint).toBe(B);
    const haircut = traceFunds(graph, { ...params, model: 'haircut' });
    // 2.5 × 1/3 and 0.4 × 1/3, to the satoshi, half to even.
    expect(haircut.edges.find((e) => e.to === 'btc:bc1qb')?.taint).toBe(83_333_333n);
  });
});

describe('TransferGraph', () => {
  it('counts a movement read from two sources once, skips failed ones and appends from a source', () => {
    const one = t('S', 'A', 5n * U, 1);
    const g = TransferGraph.from([one, { ...one, id: 999 }, t('S', 'A', 7n * U, 2, { status: 'failed' })]);
    expect(g.duplicateCount).toBe(1);
    expect(traceFunds(g, base('S')).nodes.find((n) => n.address === 'tron:TA')?.taint).toBe(5n * U);

    // An explorer export without log indexes and the node describe one movement with two keys.
    const fromNode = t('S', 'C', 3n * U, 4, { index: 'log:7' });
    const fromExport = { ...fromNode, id: 998, index: `log:?amount=${3n * U}` };
    const other = { ...fromNode, id: 997, index: 'log:9', amount: 2n * U };
    const g2 = TransferGraph.from([fromNode, fromExport, other]);
    expect(g2.duplicateCount).toBe(1);
    expect(traceFunds(g2, base('S')).nodes.find((n) => n.address === 'tron:TC')?.taint).toBe(5n * U);

    // Store ids only grow; the copy from the second source has the highest so far.
    const later = [t('A', 'B', 5n * U, 3, { id: 1000 })];
    const source = { rowsAfter: (after: number) => later.filter((r) => r.id > after) };
    expect(g.refresh(source)).toBe(1);
    expect(g.refresh(source)).toBe(0);
    expect(traceFunds(g, base('S')).nodes.map((n) => n.address)).toContain('tron:TB');
  });
});

describe('fingerprint', () => {
  const rows = [t('S', 'A', 5n * U, 1), t('A', 'B', 5n * U, 2), t('K', 'L', 1n * U, 3)];
  const params = base('S');
  const fp = (data: TransferRow[], p: TraceParams = params): string => {
    const g = TransferGraph.from(data);
    return traceFingerprint(g, p, traceFunds(g, p));
  };

  it('is stable for the same trace on the same data, whatever the row order', () => {
    const a = fp(rows);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fp([...rows].reverse())).toBe(a);
  });

  it('changes with a datum the trace read, or a parameter, but not with an unrelated transfer', () => {
    const a = fp(rows);
    expect(fp([rows[0]!, { ...rows[1]!, amount: 4n * U }, rows[2]!])).not.toBe(a);
    expect(fp(rows, { ...params, model: 'haircut' })).not.toBe(a);
    expect(fp(rows, { ...params, minAmount: 1n })).not.toBe(a);
    expect(fp([rows[0]!, rows[1]!, { ...rows[2]!, amount: 2n * U }])).toBe(a);
  });

  it('is a plain function of parameters and transfers', () => {
    const tr = { id: 1, from: 'a', to: 'b', asset: 'ETH', amount: 1n, tx: '0x1', index: 'tx', time: 0 };
    expect(fingerprint({ b: 1, a: 2n }, [tr])).toBe(fingerprint({ a: 2n, b: 1 }, [tr]));
    expect(fingerprint({ a: 1 }, [tr])).not.toBe(fingerprint({ a: 1 }, [{ ...tr, time: 1 }]));
  });
});

describe('poison on random graphs', () => {
  it('taints exactly the transfers reachable forward in time from the seed', () => {
    let state = 12345;
    const rand = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    for (let round = 0; round < 30; round++) {
      // Distinct times, so "after" is unambiguous; a single pass in time order is the reference.
      const rows: TransferRow[] = [];
      for (let k = 0; k < 200; k++) {
        const from = `N${rand(30)}`;
        let to = `N${rand(30)}`;
        if (to === from) to = `N${(Number(from.slice(1)) + 1) % 30}`;
        rows.push({ id: k + 1, from: `tron:T${from}`, to: `tron:T${to}`, asset: USDT, amount: BigInt(1 + rand(100)), tx: `r${round}t${k}`, index: 'log:0', time: Date.UTC(2025, 0, 1) + k * 1000 });
      }
      const seed = 'tron:TN0';
      const arrived = new Map<string, number>([[seed, -Infinity]]);
      const expected = new Set<number>();
      for (const r of rows) {
        const a = arrived.get(r.from);
        if (a === undefined || (r.from !== seed && !(Number(r.time) > a))) continue;
        expected.add(r.id);
        if (!arrived.has(r.to)) arrived.set(r.to, Number(r.time));
      }
      const result = traceFunds(TransferGraph.from(rows), { seed, direction: 'out', hops: 1000, model: 'poison' });
      expect(new Set(result.edges.map((e) => e.id)), `round ${round}`).toEqual(expected);
      for (const e of result.edges) expect(e.taint).toBe(e.amount);
    }
  });
});

describe('poison fast path', () => {
  it('gives the general path’s nodes, edges and cuts on seeded random graphs, reading no more', () => {
    let state = 777;
    const rand = (n: number): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    const exits = new Set(['tron:TN7', 'tron:TN13']);
    const exitOf = (address: string): AddressLabel[] | null => (exits.has(address) ? exchange : null);
    const places = ['tx', 'in:0', 'in:1', 'call', 'log:0', 'log:1', 'out:0', 'out:1'];
    const norm = (r: TraceResult): string => JSON.stringify({ nodes: r.nodes, edges: r.edges, truncated: r.truncated, assets: r.assets }, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    let compared = 0;
    for (let round = 0; round < 60; round++) {
      // Few timestamps (ties), a shared tx per timestamp (same-transaction rule), two assets,
      // Bitcoin transaction nodes, exits, zero amounts.
      const rows: TransferRow[] = [];
      const n = 20 + rand(40);
      for (let k = 0; k < 150 + rand(250); k++) {
        const name = (): string => (rand(8) === 0 ? `btc-tx:B${rand(5)}` : `tron:TN${rand(n)}`);
        const from = name();
        let to = name();
        if (to === from) to = `tron:TN${(rand(n) + 1) % n}`;
        const minute = rand(60);
        // Some amounts beyond 2^53, where doubles are no longer exact, some that only differ there.
        const size = rand(6);
        const amount = size === 0 ? 2n ** 53n + BigInt(rand(3)) : size === 1 ? BigInt(1 + rand(100)) * 10n ** 18n : BigInt(rand(10) === 0 ? 0 : 1 + rand(100));
        rows.push({ id: k + 1, from, to, asset: rand(5) === 0 ? 'ETH' : USDT, amount, tx: `m${minute}t${rand(2)}`, index: places[rand(places.length)]!, time: at(minute) });
      }
      const graph = TransferGraph.from(rows);
      for (let trial = 0; trial < 6; trial++) {
        const params: TraceParams = {
          seed: `tron:TN${rand(n)}`,
          direction: rand(2) === 0 ? 'out' : 'in',
          hops: 1 + rand(8),
          model: 'poison',
          asset: rand(3) === 0 ? USDT : undefined,
          since: rand(3) === 0 ? at(rand(30)) : undefined,
          until: rand(3) === 0 ? at(30 + rand(30)) : undefined,
          minAmount: rand(3) === 0 ? (rand(2) === 0 ? BigInt(rand(40)) : 2n ** 53n + BigInt(rand(3))) : undefined,
          budgets: { maxNodes: rand(2) === 0 ? 5 + rand(30) : undefined, maxDegree: rand(2) === 0 ? 1 + rand(6) : undefined, maxRecomputes: rand(3) === 0 ? 1 + rand(3) : undefined },
          isExit: exitOf,
        };
        const fast = traceFunds(graph, params);
        const general = traceFunds(graph, params, { generalPoison: true });
        expect(norm(fast), `round ${round} trial ${trial}`).toBe(norm(general));
        const generalRead = new Set(general.read);
        for (const e of fast.read) expect(generalRead.has(e)).toBe(true);
        // Every tainted edge the fast path followed was read (its fingerprint names it).
        const fastRead = new Set(fast.read.map((e) => graph.transfer(e).id));
        for (const e of fast.edges) expect(fastRead.has(e.id)).toBe(true);
        if (fast.edges.length > 0) compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
