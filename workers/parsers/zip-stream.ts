/**
 * The entries of a zip archive read as a stream (fflate's Unzip, fed synchronously), so an export
 * with gigabytes of media never sits in memory: only the entries asked for are inflated, chunk by
 * chunk, in archive order.
 */
import { Unzip, UnzipInflate } from 'fflate';
import type { ChunkSource } from './lines';

export interface ZipChunk {
  entry: string;
  data: Uint8Array;
  /** the last chunk of this entry */
  final: boolean;
}

export function* zipChunks(source: ChunkSource, wanted: (entry: string) => boolean, onProgress?: (bytesDone: number) => void, chunkSize = 1 << 20): Generator<ZipChunk> {
  const out: ZipChunk[] = [];
  let failure: Error | null = null;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.onfile = (file) => {
    if (file.name.endsWith('/') || !wanted(file.name)) return;
    file.ondata = (err, data, final) => {
      if (err) failure ??= new Error(`corrupt zip entry ${file.name}: ${err.message}`);
      else out.push({ entry: file.name, data, final });
    };
    file.start();
  };
  const buf = new Uint8Array(chunkSize);
  let position = 0;
  for (;;) {
    const n = source.read(buf, position);
    position += n;
    try {
      unzip.push(buf.slice(0, n), n === 0);
    } catch (e) {
      throw new Error(`corrupt zip archive near byte ${position}: ${(e as Error).message}`);
    }
    if (failure) throw failure;
    yield* out.splice(0);
    onProgress?.(position);
    if (n === 0) return;
  }
}

/** The data of one entry as a stream of chunks. */
export function* entryChunks(source: ChunkSource, entry: string, onProgress?: (bytesDone: number) => void): Generator<Uint8Array> {
  for (const c of zipChunks(source, (name) => name === entry, onProgress)) yield c.data;
}
