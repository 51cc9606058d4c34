/**
 * The entries of a zip archive read as a stream (fflate's Unzip, fed synchronously), so an export
 * with gigabytes of media never sits in memory: only the entries asked for are inflated, chunk by
 * chunk, in archive order.
 */
import { Unzip, UnzipInflate } from 'fflate';
import { chunksOf, type ChunkSource } from './lines';

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
  let position = 0;
  const push = (data: Uint8Array, final: boolean) => {
    try {
      unzip.push(data, final);
    } catch (e) {
      throw new Error(`corrupt zip archive near byte ${position}: ${(e as Error).message}`);
    }
    if (failure) throw failure;
  };
  for (const chunk of chunksOf(source, onProgress, chunkSize)) {
    position += chunk.length;
    // A copy: an entry cut between two chunks keeps its first part until the rest arrives.
    push(chunk.slice(), false);
    yield* out.splice(0);
  }
  push(new Uint8Array(0), true);
  yield* out.splice(0);
}

/** The data of one entry as a stream of chunks. */
export function* entryChunks(source: ChunkSource, entry: string, onProgress?: (bytesDone: number) => void): Generator<Uint8Array> {
  for (const c of zipChunks(source, (name) => name === entry, onProgress)) yield c.data;
}
