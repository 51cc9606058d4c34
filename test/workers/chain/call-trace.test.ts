import { describe, expect, it } from 'vitest';
import { valueCallsOf } from '../../../workers/chain/call-trace';

const A = '0x' + 'a'.repeat(40);
const B = '0x' + 'b'.repeat(40);
const C = '0x' + 'c'.repeat(40);
const D = '0x' + 'd'.repeat(40);

describe('valueCallsOf', () => {
  it('numbers nested calls by their position and keeps only calls that move ether', () => {
    const trace = {
      type: 'CALL', from: A, to: B, value: '0x64',
      calls: [
        { type: 'STATICCALL', from: B, to: C },
        {
          type: 'CALL', from: B, to: C, value: '0x0',
          calls: [
            { type: 'DELEGATECALL', from: C, to: D, value: '0x5' },
            { type: 'CALL', from: C, to: D, value: '0x0' },
            { type: 'CALL', from: C, to: A.toUpperCase().replace('0X', '0x'), value: '0x1bc16d674ec80000' },
          ],
        },
        { type: 'CREATE2', from: B, to: D, value: '0x2' },
      ],
    };
    expect(valueCallsOf(trace)).toEqual([
      { path: '1.2', from: C, to: A, value: 2_000_000_000_000_000_000n, reverted: false },
      { path: '2', from: B, to: D, value: 2n, reverted: false },
    ]);
  });

  it('marks the calls of a reverted frame, and of a reverted transaction, as reverted', () => {
    const inner = { type: 'CALL', from: B, to: C, value: '0x1', error: 'execution reverted', calls: [{ type: 'CALL', from: C, to: D, value: '0x1' }] };
    expect(valueCallsOf({ type: 'CALL', from: A, to: B, calls: [inner] }).map((c) => [c.path, c.reverted])).toEqual([['0', true], ['0.0', true]]);
    expect(valueCallsOf({ type: 'CALL', from: A, to: B, error: 'out of gas', calls: [{ type: 'CALL', from: B, to: C, value: '0x1' }] })[0]?.reverted).toBe(true);
  });

  it('reads nothing from what is not a call frame', () => {
    expect(valueCallsOf(null)).toEqual([]);
    expect(valueCallsOf({ structLogs: [] })).toEqual([]);
  });
});
