import type { SourceLine } from './whatsapp/whatsapp-text';

/** Positional reads of a source too large to hold in memory. */
export interface ChunkSource {
  readonly size: number;
  /** Fills `into` from `position`; returns the number of bytes read (0 at the end). */
  read(into: Uint8Array, position: number): number;
}

/**
 * The lines of a UTF-8 source with 1-based numbers and byte offsets, read chunk by chunk so a
 * 1 GB export never sits in memory whole. A leading BOM is skipped; CR before LF is dropped.
 */
export function* linesFromSource(source: ChunkSource, onProgress?: (bytesDone: number) => void, chunkSize = 1 << 20): Generator<SourceLine> {
  const decoder = new TextDecoder('utf-8');
  const buf = new Uint8Array(chunkSize);
  const bom = new Uint8Array(3);
  const bomRead = source.read(bom, 0);
  const bomLength = bomRead === 3 && bom[0] === 0xef && bom[1] === 0xbb && bom[2] === 0xbf ? 3 : 0;
  let carry: Uint8Array = new Uint8Array(0);
  let carryOffset = bomLength;
  let position = bomLength;
  let line = 1;
  for (;;) {
    const n = source.read(buf, position);
    const data = n > 0 ? concat(carry, buf.subarray(0, n)) : carry;
    let lineStart = 0;
    for (let i = 0; i < data.length; i++) {
      if (data[i] === 0x0a) {
        const end = i > lineStart && data[i - 1] === 0x0d ? i - 1 : i;
        yield { text: decoder.decode(data.subarray(lineStart, end)), line, offset: carryOffset + lineStart };
        line += 1;
        lineStart = i + 1;
      }
    }
    if (n === 0) {
      if (lineStart < data.length) {
        const end = data[data.length - 1] === 0x0d ? data.length - 1 : data.length;
        yield { text: decoder.decode(data.subarray(lineStart, end)), line, offset: carryOffset + lineStart };
      }
      onProgress?.(source.size);
      return;
    }
    carry = data.slice(lineStart);
    carryOffset += lineStart;
    position += n;
    onProgress?.(position);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A ChunkSource over bytes already in memory. */
export function memorySource(bytes: Uint8Array): ChunkSource {
  return {
    size: bytes.length,
    read: (into, position) => {
      const part = bytes.subarray(position, Math.min(bytes.length, position + into.length));
      into.set(part);
      return part.length;
    },
  };
}
