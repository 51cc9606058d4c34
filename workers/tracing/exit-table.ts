/**
 * Exits (labelled services where a trace stops) resolved once to a graph's address ids, so a
 * trace asks an array instead of calling `isExit` with a string for every node it reaches —
 * which, at thousands of nodes per trace, costs more than the walk itself. Built from the same
 * map `isExit` would read; the case's Tracing keeps one until the labels or the graph change.
 */
import type { AddressLabel, TraceParams } from './trace';
import type { TransferGraph } from './transfer-graph';

export interface ExitTable {
  /** the labels of the exit with this address id, or null */
  get(addressId: number): AddressLabel[] | null;
}

/** The exits among `labelled` (address → its labels, only for addresses that are exits), by address id of `graph`. */
export function exitTable(graph: TransferGraph, labelled: ReadonlyMap<string, AddressLabel[]>): ExitTable {
  const size = graph.addressCount;
  const flags = new Uint8Array(size);
  const byId = new Map<number, AddressLabel[]>();
  for (const [address, labels] of labelled) {
    const id = graph.addressId(address);
    if (id === undefined || id >= size) continue;
    flags[id] = 1;
    byId.set(id, labels);
  }
  return {
    // Addresses the graph learnt after the table was built are looked up by name.
    get: (id) => (id < size ? (flags[id] === 1 ? byId.get(id)! : null) : (labelled.get(graph.address(id)) ?? null)),
  };
}

/** Whether an address id of the graph is an exit, by `params.exits` or else `params.isExit`. */
export function exitLookup(graph: TransferGraph, params: TraceParams): (addressId: number) => AddressLabel[] | null {
  const table = params.exits;
  if (table) return (id) => table.get(id);
  const isExit = params.isExit;
  return isExit ? (id) => isExit(graph.address(id)) : () => null;
}
