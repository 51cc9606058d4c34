import { sha256 } from 'ethers';
import { canonicalJson } from '../../shared/canonical-json';

/**
 * What a saved trace was computed from, as one SHA-256: the same trace over the same data gives
 * the same fingerprint, and any changed datum it read (an amount, a time, a label) changes it.
 * ethers' synchronous hash rather than node:crypto (or async WebCrypto) so the engine also runs in a browser Web Worker.
 */

/** A transfer as the fingerprint names it: its row id and every field the trace read. */
export interface FingerprintTransfer {
  id: number;
  from: string;
  to: string;
  asset: string;
  amount: bigint;
  tx: string;
  index: string;
  time: number;
}

export interface FingerprintLabel {
  address: string;
  labels: ReadonlyArray<{ label: string; category: string | null }>;
}

/** JSON with object keys sorted and BigInt as decimal strings; functions and undefined dropped. */
export { canonicalJson };

/** SHA-256 hex over the canonical parameters, the transfers read (by id) and the labels read. */
export function fingerprint(params: unknown, transfersUsed: Iterable<FingerprintTransfer>, labelsUsed: Iterable<FingerprintLabel> = []): string {
  const transfers = [...transfersUsed].sort((a, b) => a.id - b.id || (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : 0));
  const labels = [...labelsUsed].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const parts: string[] = [canonicalJson({ params, version: 1 })];
  for (const t of transfers) parts.push(`${t.id}|${t.asset}|${t.from}|${t.to}|${t.amount}|${t.tx}|${t.index}|${t.time}`);
  for (const l of labels) parts.push(`label|${l.address}|${canonicalJson(l.labels)}`);
  return sha256(new TextEncoder().encode(parts.join('\n'))).slice(2);
}
