import { sha256 } from 'ethers';

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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted and BigInt as decimal strings; functions and undefined dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(toJson(value));
}

function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new Error('canonicalJson: a non-finite number has no JSON form');
      return value;
    case 'object': {
      if (Array.isArray(value)) return value.map(toJson);
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(value).sort()) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined || typeof v === 'function') continue;
        out[key] = toJson(v);
      }
      return out;
    }
    default:
      return null;
  }
}

/** SHA-256 hex over the canonical parameters, the transfers read (by id) and the labels read. */
export function fingerprint(params: unknown, transfersUsed: Iterable<FingerprintTransfer>, labelsUsed: Iterable<FingerprintLabel> = []): string {
  const transfers = [...transfersUsed].sort((a, b) => a.id - b.id || (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : 0));
  const labels = [...labelsUsed].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const parts: string[] = [canonicalJson({ params, version: 1 })];
  for (const t of transfers) parts.push(`${t.id}|${t.asset}|${t.from}|${t.to}|${t.amount}|${t.tx}|${t.index}|${t.time}`);
  for (const l of labels) parts.push(`label|${l.address}|${canonicalJson(l.labels)}`);
  return sha256(new TextEncoder().encode(parts.join('\n'))).slice(2);
}
