/**
 * Value movements inside a transaction, from the `callTracer` call tree of
 * `debug_traceTransaction`. The root frame is the transaction itself (already a native transfer),
 * so only nested frames count; `path` numbers them by their position in each parent's `calls`:
 * `0.1.2` is the third call made by the second call of the first call.
 */

export interface CallFrame {
  type: string;
  from: string;
  to?: string;
  value?: string;
  error?: string;
  calls?: CallFrame[];
}

export interface ValueCall {
  path: string;
  /** lower-case hex addresses as the tracer writes them */
  from: string;
  to: string;
  /** wei, exact */
  value: bigint;
  /** the frame or one of its callers reverted: the value never moved */
  reverted: boolean;
}

/**
 * DELEGATECALL and CALLCODE run the callee's code in the caller's account, and STATICCALL cannot
 * carry value: none of them moves ether from one account to another, whatever `value` they show.
 */
const MOVES_VALUE = new Set(['CALL', 'CREATE', 'CREATE2', 'SELFDESTRUCT']);

function isFrame(value: unknown): value is CallFrame {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && typeof (value as { from?: unknown }).from === 'string';
}

/** Value-carrying nested calls of a callTracer result, depth first, in execution order. */
export function valueCallsOf(root: unknown): ValueCall[] {
  const out: ValueCall[] = [];
  if (!isFrame(root)) return out;
  const walk = (frame: CallFrame, path: string, reverted: boolean) => {
    const children = Array.isArray(frame.calls) ? frame.calls : [];
    for (const [i, child] of children.entries()) {
      if (!isFrame(child)) continue;
      const childPath = path ? `${path}.${i}` : String(i);
      const childReverted = reverted || typeof child.error === 'string';
      const value = typeof child.value === 'string' && /^0x[0-9a-fA-F]+$/.test(child.value) ? BigInt(child.value) : 0n;
      if (value > 0n && MOVES_VALUE.has(child.type.toUpperCase()) && typeof child.to === 'string') {
        out.push({ path: childPath, from: child.from.toLowerCase(), to: child.to.toLowerCase(), value, reverted: childReverted });
      }
      walk(child, childPath, childReverted);
    }
  };
  walk(root, '', typeof root.error === 'string');
  return out;
}
