/**
 * JSON encoding for the loopback transport. JSON has no bytes, so a Uint8Array travels as
 * `{"$bytes": "<base64>"}`; everything else is plain JSON.
 */
const BYTES_KEY = '$bytes';

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

function base64ToBytes(b64: string): Uint8Array {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Serialises a value to JSON text, encoding byte arrays as base64. */
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [BYTES_KEY]: bytesToBase64(v) } : v,
  );
}

/** Parses JSON text produced by encodeWire, restoring byte arrays. */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const b = (v as Record<string, unknown>)[BYTES_KEY];
      if (keys.length === 1 && typeof b === 'string') return base64ToBytes(b);
    }
    return v;
  });
}
