import { fileSource, memorySource, type ChunkSource } from '../../../workers/parsers/lines';

/** Positional reads from evidence that may be far larger than memory. */
export type ByteReader = ChunkSource & { close(): void };

/** Reads a file by descriptor, so the same open file is hashed and stored. */
export const fileReader = fileSource;

/** Reads bytes already in memory (an upload from the UI). */
export function memoryReader(bytes: Uint8Array): ByteReader {
  return { ...memorySource(bytes), close: () => {} };
}
