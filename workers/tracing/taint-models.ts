/**
 * How tainted value leaves one address (or one Bitcoin transaction node): given what came in, each
 * inflow with the part of it that is tainted, and what went out, the taint each outflow carries.
 * All amounts are integer base units as BigInt; nothing here is ever a float.
 *
 * Shared rules of every model:
 * - Money cannot leave before it arrived: an outflow draws only on inflows at or before its time.
 *   At equal times the inflow comes first (one block, one timestamp, and the explorer does not
 *   say which came first), except an inflow later in the same transaction than an outflow —
 *   Bitcoin change (`out:n` after `in:n`), a refund by internal call after the `tx` value —
 *   which is that outflow's consequence and comes after it.
 * - An outflow larger than the known balance is paid from value we have no record of (history
 *   before the data starts, a missing source). That value is counted as clean: unknown origin is
 *   not evidence of taint, so no model invents taint.
 *
 * The models (Möser, Böhme & Breuker 2014; Tironsakkul et al. 2020 for TIHO):
 * - `poison`: once any taint has arrived, every later outflow is wholly tainted, for ever.
 * - `haircut`: each outflow carries the tainted share of the balance at that moment,
 *   amount × tainted / total, rounded half to even to a base unit; the rounded taint is what
 *   leaves the tainted balance, so taint is conserved exactly (in = out + what stays).
 * - `fifo` / `lifo`: the balance is a queue / stack of lots, one per inflow; an outflow takes
 *   the oldest / newest lots first. A lot that is itself partly tainted (it came through a
 *   haircut upstream) gives up taint in proportion, rounded half to even, its remainder kept in
 *   the lot, so amounts and taint conserve exactly.
 * - `tiho` (taint in, highest out): outflows that leave the same balance — those between one
 *   inflow and the next — take the tainted value first, the largest outflow first (ties: the
 *   earlier), each up to its amount; the rest of each outflow is clean. What no outflow of the
 *   batch takes stays in the balance for later ones. On a Bitcoin transaction node (all inputs,
 *   then all outputs, at one time) this is the literature's TIHO: tainted inputs go to the
 *   highest outputs.
 */

export type TaintModel = 'poison' | 'haircut' | 'fifo' | 'lifo' | 'tiho';

export const TAINT_MODELS: readonly TaintModel[] = ['poison', 'haircut', 'fifo', 'lifo', 'tiho'];

export interface Flow {
  /** any monotone time key: milliseconds since the epoch, or its negation for a backward trace */
  time: number;
  amount: bigint;
  /** transaction and position in it, only used to recognise an inflow caused by an outflow */
  tx?: string | undefined;
  seq?: number | undefined;
}

export interface TaintedFlow extends Flow {
  /** the tainted part of amount, 0 ≤ taint ≤ amount */
  taint: bigint;
}

/** n / d rounded half to even; n ≥ 0, d > 0. */
export function divRoundHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && q % 2n === 1n)) return q + 1n;
  return q;
}

/** Whether an inflow comes later in the same transaction than one of outflows[from, to). */
function causedBy(f: TaintedFlow, outflows: readonly Flow[], from: number, to: number): boolean {
  if (f.tx === undefined || f.seq === undefined) return false;
  for (let k = from; k < to; k++) {
    const out = outflows[k]!;
    if (out.tx === f.tx && out.seq !== undefined && f.seq > out.seq) return true;
  }
  return false;
}

type Step = { inflow: true; flow: TaintedFlow } | { inflow: false; flow: Flow; index: number };

/**
 * Inflows and outflows (each already in time order) merged into the order the balance sees them.
 * Within one timestamp: inflows, then outflows, then inflows caused by one of those outflows.
 */
export function orderFlows(inflows: readonly TaintedFlow[], outflows: readonly Flow[]): Step[] {
  const steps: Step[] = [];
  let i = 0;
  let o = 0;
  while (i < inflows.length || o < outflows.length) {
    const ti = i < inflows.length ? inflows[i]!.time : Infinity;
    const to = o < outflows.length ? outflows[o]!.time : Infinity;
    const t = Math.min(ti, to);
    const i0 = i;
    while (i < inflows.length && inflows[i]!.time === t) i++;
    const o0 = o;
    while (o < outflows.length && outflows[o]!.time === t) o++;
    if (o === o0) {
      for (let k = i0; k < i; k++) steps.push({ inflow: true, flow: inflows[k]! });
      continue;
    }
    const later: TaintedFlow[] = [];
    for (let k = i0; k < i; k++) {
      const f = inflows[k]!;
      if (causedBy(f, outflows, o0, o)) later.push(f);
      else steps.push({ inflow: true, flow: f });
    }
    for (let k = o0; k < o; k++) steps.push({ inflow: false, flow: outflows[k]!, index: k });
    for (const f of later) steps.push({ inflow: true, flow: f });
  }
  return steps;
}

function poison(steps: Step[], out: bigint[]): void {
  let poisoned = false;
  for (const s of steps) {
    if (s.inflow) {
      if (s.flow.taint > 0n) poisoned = true;
    } else if (poisoned) {
      out[s.index] = s.flow.amount;
    }
  }
}

function haircut(steps: Step[], out: bigint[]): void {
  let total = 0n;
  let tainted = 0n;
  for (const s of steps) {
    if (s.inflow) {
      total += s.flow.amount;
      tainted += s.flow.taint;
      continue;
    }
    const a = s.flow.amount;
    if (tainted === 0n || a === 0n) {
      total = total > a ? total - a : 0n;
      continue;
    }
    // A shortfall is paid with clean value of unknown origin: the balance counts as at least a.
    const base = total > a ? total : a;
    const t = divRoundHalfEven(a * tainted, base);
    out[s.index] = t;
    tainted -= t;
    total = base - a;
  }
}

interface Lot {
  amount: bigint;
  taint: bigint;
}

/** Takes `want` from a lot; the taint it carries is proportional, the remainder stays in the lot. */
function take(lot: Lot, want: bigint): bigint {
  if (want >= lot.amount) {
    const t = lot.taint;
    lot.amount = 0n;
    lot.taint = 0n;
    return t;
  }
  let t: bigint;
  if (lot.taint === 0n) t = 0n;
  else if (lot.taint === lot.amount) t = want;
  else t = divRoundHalfEven(want * lot.taint, lot.amount);
  lot.amount -= want;
  lot.taint -= t;
  return t;
}

function queue(steps: Step[], out: bigint[], newestFirst: boolean): void {
  const lots: Lot[] = [];
  let head = 0;
  for (const s of steps) {
    if (s.inflow) {
      if (s.flow.amount > 0n) lots.push({ amount: s.flow.amount, taint: s.flow.taint });
      continue;
    }
    let want = s.flow.amount;
    let t = 0n;
    while (want > 0n && head < lots.length) {
      const lot = newestFirst ? lots[lots.length - 1]! : lots[head]!;
      const got = lot.amount < want ? lot.amount : want;
      t += take(lot, got);
      want -= got;
      if (lot.amount === 0n) {
        if (newestFirst) lots.pop();
        else head++;
      }
    }
    if (t > 0n) out[s.index] = t;
    // Compact the spent prefix now and then so a long-lived address stays O(n).
    if (!newestFirst && head > 1024 && head * 2 > lots.length) {
      lots.splice(0, head);
      head = 0;
    }
  }
}

function tiho(steps: Step[], out: bigint[]): void {
  let total = 0n;
  let tainted = 0n;
  let k = 0;
  while (k < steps.length) {
    const s = steps[k]!;
    if (s.inflow) {
      total += s.flow.amount;
      tainted += s.flow.taint;
      k++;
      continue;
    }
    const batch: Array<{ flow: Flow; index: number }> = [];
    while (k < steps.length) {
      const b = steps[k]!;
      if (b.inflow) break;
      batch.push({ flow: b.flow, index: b.index });
      k++;
    }
    let spent = 0n;
    for (const b of batch) spent += b.flow.amount;
    if (tainted > 0n) {
      // Stable sort: equal amounts keep time order, so the earlier outflow takes the taint.
      const highest = [...batch].sort((x, y) => (x.flow.amount === y.flow.amount ? 0 : x.flow.amount > y.flow.amount ? -1 : 1));
      for (const b of highest) {
        if (tainted === 0n) break;
        const t = b.flow.amount < tainted ? b.flow.amount : tainted;
        if (t > 0n) out[b.index] = t;
        tainted -= t;
      }
    }
    total = total > spent ? total - spent : 0n;
    if (tainted > total) tainted = total;
  }
}

/**
 * The taint each outflow carries under `model`, in the order of `outflows`. Inflows and outflows
 * must each be sorted by time.
 */
export function outflowTaints(model: TaintModel, inflows: readonly TaintedFlow[], outflows: readonly Flow[]): bigint[] {
  const out = new Array<bigint>(outflows.length).fill(0n);
  if (outflows.length === 0) return out;
  let anyTaint = false;
  for (const f of inflows) if (f.taint > 0n) anyTaint = true;
  if (!anyTaint) return out;
  const steps = orderFlows(inflows, outflows);
  switch (model) {
    case 'poison':
      poison(steps, out);
      break;
    case 'haircut':
      haircut(steps, out);
      break;
    case 'fifo':
      queue(steps, out, false);
      break;
    case 'lifo':
      queue(steps, out, true);
      break;
    case 'tiho':
      tiho(steps, out);
      break;
  }
  return out;
}
