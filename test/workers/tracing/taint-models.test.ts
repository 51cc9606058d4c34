import { describe, expect, it } from 'vitest';
import { divRoundHalfEven, outflowTaints, TAINT_MODELS, type Flow, type TaintedFlow, type TaintModel } from '../../../workers/tracing/taint-models';
import { formatUnits } from '../../../workers/tracing/format-units';
import { seededRandom } from '../../helpers/seeded-random';

const USDT = 1_000_000n;

/** The worked example: 3 dirty then 7 clean in, then 2, 5, 3 out (USDT, 6 decimals). */
const exampleIn: TaintedFlow[] = [
  { time: 1, amount: 3n * USDT, taint: 3n * USDT },
  { time: 2, amount: 7n * USDT, taint: 0n },
];
const exampleOut: Flow[] = [
  { time: 3, amount: 2n * USDT },
  { time: 4, amount: 5n * USDT },
  { time: 5, amount: 3n * USDT },
];

function shown(model: TaintModel): string[] {
  return outflowTaints(model, exampleIn, exampleOut).map((t) => formatUnits(t, 6));
}

/** Random history whose outflows never exceed the balance and whose last outflow empties it. */
function history(seed: number, pureLots: boolean): { inflows: TaintedFlow[]; outflows: Flow[] } {
  const r = seededRandom(seed);
  const inflows: TaintedFlow[] = [];
  const outflows: Flow[] = [];
  let balance = 0n;
  let time = 0;
  const events = 5 + Math.floor(r() * 40);
  for (let k = 0; k < events; k++) {
    time += r() < 0.2 ? 0 : 1 + Math.floor(r() * 3);
    if (balance === 0n || r() < 0.5) {
      const amount = BigInt(1 + Math.floor(r() * 1000));
      const taint = pureLots ? (r() < 0.4 ? amount : 0n) : r() < 0.3 ? amount : r() < 0.5 ? BigInt(Math.floor(r() * Number(amount))) : 0n;
      inflows.push({ time, amount, taint });
      balance += amount;
    } else {
      const amount = 1n + BigInt(Math.floor(r() * Number(balance)));
      outflows.push({ time: time + 0.5, amount });
      balance -= amount;
    }
  }
  if (balance > 0n) outflows.push({ time: time + 1, amount: balance });
  return { inflows, outflows };
}

/** FIFO/LIFO one base unit at a time: the obviously right answer for whole lots. */
function unitQueue(inflows: TaintedFlow[], outflows: Flow[], newestFirst: boolean): bigint[] {
  const events = [...inflows.map((f) => ({ t: f.time, k: 0, f })), ...outflows.map((f, i) => ({ t: f.time, k: 1, f, i }))].sort((a, b) => a.t - b.t || a.k - b.k);
  const units: boolean[] = [];
  const out = outflows.map(() => 0n);
  for (const ev of events) {
    if (ev.k === 0) {
      const f = ev.f as TaintedFlow;
      for (let u = 0n; u < f.amount; u++) units.push(f.taint > 0n);
    } else {
      for (let u = 0n; u < ev.f.amount; u++) {
        const dirty = newestFirst ? units.pop() : units.shift();
        if (dirty) out[(ev as { i: number }).i]! += 1n;
      }
    }
  }
  return out;
}

describe('taint models', () => {
  it('the worked example: 3 dirty + 7 clean in, 2 / 5 / 3 out', () => {
    expect(shown('poison')).toEqual(['2', '5', '3']);
    expect(shown('haircut')).toEqual(['0.6', '1.5', '0.9']);
    expect(shown('fifo')).toEqual(['2', '1', '0']);
    expect(shown('lifo')).toEqual(['0', '0', '3']);
    expect(shown('tiho')).toEqual(['0', '3', '0']);
  });

  it('money cannot leave before it arrived; at equal times the inflow comes first', () => {
    const inflows: TaintedFlow[] = [{ time: 10, amount: 5n, taint: 5n }];
    const outflows: Flow[] = [{ time: 9, amount: 5n }, { time: 10, amount: 5n }];
    for (const model of TAINT_MODELS) expect(outflowTaints(model, inflows, outflows)).toEqual([0n, 5n]);
  });

  it('an inflow later in the same transaction (change, refund) does not fund that outflow', () => {
    // 10 clean leave as input 0 of tx T; 3 dirty come back as its output 1 (say, a refund in T).
    const inflows: TaintedFlow[] = [
      { time: 1, amount: 10n, taint: 0n },
      { time: 5, amount: 3n, taint: 3n, tx: 'T', seq: 4_000_001 },
    ];
    const outflows: Flow[] = [{ time: 5, amount: 10n, tx: 'T', seq: 1_000_000 }, { time: 6, amount: 3n }];
    for (const model of TAINT_MODELS) expect(outflowTaints(model, inflows, outflows)).toEqual([0n, 3n]);
    // The same inflow earlier in T (an input of a pass-through node) does fund it.
    const input = [{ ...inflows[1]!, seq: 1_000_000 }];
    expect(outflowTaints('fifo', input, [{ time: 5, amount: 3n, tx: 'T', seq: 4_000_000 }])).toEqual([3n]);
  });

  it('an outflow beyond the known balance is paid with clean value of unknown origin', () => {
    const inflows: TaintedFlow[] = [{ time: 1, amount: 4n, taint: 4n }];
    const outflows: Flow[] = [{ time: 2, amount: 10n }];
    expect(outflowTaints('haircut', inflows, outflows)).toEqual([4n]);
    expect(outflowTaints('fifo', inflows, outflows)).toEqual([4n]);
    expect(outflowTaints('lifo', inflows, outflows)).toEqual([4n]);
    expect(outflowTaints('tiho', inflows, outflows)).toEqual([4n]);
    expect(outflowTaints('poison', inflows, outflows)).toEqual([10n]);
  });

  it('haircut rounds half to even on base units and conserves the remainder', () => {
    expect(divRoundHalfEven(5n, 2n)).toBe(2n);
    expect(divRoundHalfEven(7n, 2n)).toBe(4n);
    expect(divRoundHalfEven(7n, 3n)).toBe(2n);
    expect(divRoundHalfEven(8n, 3n)).toBe(3n);
    // 1 dirty unit in a balance of 2: out 1 carries ½ → 0 (half to even); the last unit carries it.
    const t = outflowTaints('haircut', [{ time: 1, amount: 1n, taint: 1n }, { time: 1, amount: 1n, taint: 0n }], [{ time: 2, amount: 1n }, { time: 3, amount: 1n }]);
    expect(t).toEqual([0n, 1n]);
  });

  it('TIHO gives the taint to the largest outflows of a batch, and what is left to later ones', () => {
    const inflows: TaintedFlow[] = [{ time: 1, amount: 10n, taint: 8n }, { time: 5, amount: 2n, taint: 0n }];
    const outflows: Flow[] = [{ time: 2, amount: 1n }, { time: 3, amount: 6n }, { time: 4, amount: 1n }, { time: 6, amount: 4n }];
    // Batch 1 (before the second inflow): the 6 takes 6, then the earlier 1 takes 1, the later 1 takes the last 1.
    expect(outflowTaints('tiho', inflows, outflows)).toEqual([1n, 6n, 1n, 0n]);
  });

  it.each([['fifo'], ['lifo'], ['tiho'], ['haircut']] as const)('%s conserves taint exactly on random histories', (model) => {
    for (let seed = 1; seed <= 300; seed++) {
      const { inflows, outflows } = history(seed, false);
      const taints = outflowTaints(model, inflows, outflows);
      const taintIn = inflows.reduce((s, f) => s + f.taint, 0n);
      const taintOut = taints.reduce((s, t) => s + t, 0n);
      taints.forEach((t, i) => {
        expect(t).toBeGreaterThanOrEqual(0n);
        expect(t).toBeLessThanOrEqual(outflows[i]!.amount);
      });
      expect(taintOut, `seed ${seed}`).toBe(taintIn);
    }
  });

  it.each([['fifo', false], ['lifo', true]] as const)('%s agrees with a unit-by-unit queue on random whole lots', (model, newestFirst) => {
    for (let seed = 1; seed <= 150; seed++) {
      const { inflows, outflows } = history(seed * 7919, true);
      expect(outflowTaints(model, inflows, outflows), `seed ${seed}`).toEqual(unitQueue(inflows, outflows, newestFirst));
    }
  });

  it('poison taints every outflow after the first taint, and none before', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const { inflows, outflows } = history(seed, false);
      const first = inflows.find((f) => f.taint > 0n)?.time ?? Infinity;
      const taints = outflowTaints('poison', inflows, outflows);
      outflows.forEach((o, i) => expect(taints[i]).toBe(o.time >= first ? o.amount : 0n));
    }
  });
});

describe('formatUnits', () => {
  it('prints exact decimals without trailing zeros', () => {
    expect(formatUnits(600_000_000n, 6)).toBe('600');
    expect(formatUnits(500_000n, 6)).toBe('0.5');
    expect(formatUnits(1n, 18)).toBe('0.000000000000000001');
    expect(formatUnits(123_456_789n, 8)).toBe('1.23456789');
    expect(formatUnits(0n, 6)).toBe('0');
    expect(formatUnits(-1_500_000n, 6)).toBe('-1.5');
    expect(formatUnits(2n ** 256n - 1n, 18)).toBe('115792089237316195423570985008687907853269984665640564039457.584007913129639935');
    expect(formatUnits(42n, 0)).toBe('42');
  });
});
