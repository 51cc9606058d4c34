import fs from 'node:fs';
import type { SourceLine } from './whatsapp/whatsapp-text';

/** Positional reads of a source too large to hold in memory. */
export interface ChunkSource {
  readonly size: number;
  /** Fills `into` from `position`; returns the number of bytes read (0 at the end). */
  read(into: Uint8Array, position: number): number;
}

/**
 * A source read in chunks from `from` on, reporting the bytes read so far once each chunk has been
 * used. The chunk buffer is reused: a consumer that keeps a chunk must copy it.
 */
export function* chunksOf(source: ChunkSource, onProgress?: (bytesDone: number) => void, chunkSize = 1 << 20, from = 0): Generator<Uint8Array> {
  const buf = new Uint8Array(chunkSize);
  let position = from;
  for (;;) {
    const n = source.read(buf, position);
    if (n === 0) break;
    position += n;
    yield buf.subarray(0, n);
    onProgress?.(position);
  }
  onProgress?.(source.size);
}

/** The whole source in one buffer, for formats that cannot be read as a stream (XLSX, HTML). */
export function readWhole(source: ChunkSource): Uint8Array {
  const buf = new Uint8Array(source.size);
  let filled = 0;
  while (filled < source.size) {
    const n = source.read(buf.subarray(filled), filled);
    if (n === 0) break;
    filled += n;
  }
  return buf.subarray(0, filled);
}

/**
 * The lines of a UTF-8 source with 1-based numbers and byte offsets, read chunk by chunk so a
 * 1 GB export never sits in memory whole. A leading BOM is skipped; CR before LF is dropped.
 */
export function linesFromSource(source: ChunkSource, onProgress?: (bytesDone: number) => void, chunkSize = 1 << 20): Generator<SourceLine> {
  return linesFromChunks(chunksOf(source, onProgress, chunkSize));
}

/** The same over any stream of byte chunks (a file, a zip entry being inflated). Chunks may be reused by the producer. */
export function* linesFromChunks(chunks: Iterable<Uint8Array>): Generator<SourceLine> {
  const decoder = new TextDecoder('utf-8');
  let carry: Uint8Array = new Uint8Array(0);
  let carryOffset = 0;
  let line = 1;
  let first = true;
  for (const chunk of chunks) {
    let data = concat(carry, chunk);
    if (first) {
      if (data.length < 3 && data.length > 0) {
        carry = data.slice();
        continue;
      }
      first = false;
      if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
        data = data.subarray(3);
        carryOffset = 3;
      }
    }
    let lineStart = 0;
    for (let i = 0; i < data.length; i++) {
      if (data[i] === 0x0a) {
        const end = i > lineStart && data[i - 1] === 0x0d ? i - 1 : i;
        yield { text: decoder.decode(data.subarray(lineStart, end)), line, offset: carryOffset + lineStart };
        line += 1;
        lineStart = i + 1;
      }
    }
    carry = data.slice(lineStart);
    carryOffset += lineStart;
  }
  if (carry.length > 0) {
    let data = carry;
    if (first && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
      data = data.subarray(3);
      carryOffset = 3;
    }
    if (data.length > 0) {
      const end = data[data.length - 1] === 0x0d ? data.length - 1 : data.length;
      yield { text: decoder.decode(data.subarray(0, end)), line, offset: carryOffset };
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A ChunkSource over a file, read by descriptor so the same open file serves every pass. */
export function fileSource(path: string): ChunkSource & { stat: fs.Stats; close(): void } {
  const fd = fs.openSync(path, 'r');
  const stat = fs.fstatSync(fd);
  return {
    size: stat.size,
    stat,
    read: (into, position) => fs.readSync(fd, into, 0, into.length, position),
    close: () => fs.closeSync(fd),
  };
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
