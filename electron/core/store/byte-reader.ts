import fs from 'node:fs';
import { memorySource } from '../../../workers/parsers/lines';

/** Positional reads from evidence that may be far larger than memory. */
export interface ByteReader {
  readonly size: number;
  /** Fills `into` from `position`; returns the number of bytes read (0 at the end). */
  read(into: Buffer, position: number): number;
  close(): void;
}

/** Reads a file by descriptor, so the same open file is hashed and stored. */
export function fileReader(file: string): ByteReader & { stat: fs.Stats } {
  const fd = fs.openSync(file, 'r');
  const stat = fs.fstatSync(fd);
  return {
    size: stat.size,
    stat,
    read: (into, position) => fs.readSync(fd, into, 0, into.length, position),
    close: () => fs.closeSync(fd),
  };
}

/** Reads bytes already in memory (an upload from the UI). */
export function memoryReader(bytes: Uint8Array): ByteReader {
  return { ...memorySource(bytes), close: () => {} };
}
