/**
 * A JSON document read as a stream with @streamparser/json, fed synchronously chunk by chunk:
 * only the values at `paths` are built, handed to `collect`, and dropped, so an export of any size
 * parses in bounded memory. Errors name the byte where the JSON broke or ended early.
 */
import { JSONParser } from '@streamparser/json';
import { chunksOf, type ChunkSource } from './lines';

export type JsonPath = Array<string | number | undefined>;

/** Feeds a source through a streaming JSON parser, yielding what `collect` gathered after each chunk. */
export function* streamJson<T>(source: ChunkSource, paths: string[], collect: (path: JsonPath, value: unknown, out: T[]) => void, onProgress?: (bytesDone: number) => void, chunkSize = 1 << 20): Generator<T> {
  const out: T[] = [];
  let own: unknown = null;
  const parser = new JSONParser({ paths, keepStack: false });
  parser.onValue = ({ value, key, stack }) => {
    try {
      collect([...stack.slice(1).map((e) => e.key), key], value, out);
    } catch (e) {
      own = e;
      throw e;
    }
  };
  let position = 0;
  for (const chunk of chunksOf(source, onProgress, chunkSize)) {
    try {
      // A copy: the parser may hold on to the bytes of a value that spans two chunks.
      parser.write(chunk.slice());
    } catch (e) {
      if (own) throw own;
      throw new Error(`not valid JSON near byte ${position}: ${(e as Error).message}`);
    }
    position += chunk.length;
    yield* out.splice(0);
  }
  if (!parser.isEnded) throw new Error(`the JSON ends early, at byte ${position}: the file is cut off`);
  yield* out.splice(0);
}

