/**
 * Rows of a CSV/TSV file read chunk by chunk with csv-parse (quoted fields, embedded newlines,
 * `,` `;` or tab delimiters, UTF-8 or UTF-16LE with BOM as Excel writes "Unicode text"). The
 * parser is fed synchronously, so a large export streams through without being held whole.
 */
import { Parser } from 'csv-parse';
import { chunksOf, type ChunkSource } from '../lines';
import type { TableInputRow } from './message-table';

interface CsvInfo {
  lines: number;
  bytes: number;
  empty_lines: number;
}

export function* csvRows(source: ChunkSource, onProgress?: (bytesDone: number) => void, chunkSize = 1 << 20): Generator<TableInputRow> {
  const head = new Uint8Array(Math.min(2, source.size));
  source.read(head, 0);
  const utf16 = head[0] === 0xff && head[1] === 0xfe;
  const parser = new Parser({
    delimiter: [',', ';', '\t'],
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    ...(utf16 ? { encoding: 'utf16le' as const } : {}),
  });
  let previous: CsvInfo = { lines: 0, bytes: utf16 ? 2 : 0, empty_lines: 0 };
  const drain = function* (): Generator<TableInputRow> {
    for (let got = parser.read() as { record: string[]; info: CsvInfo } | null; got; got = parser.read() as { record: string[]; info: CsvInfo } | null) {
      const first = previous.lines + 1 + (got.info.empty_lines - previous.empty_lines);
      yield { cells: got.record, line: first, lastLine: got.info.lines, offset: previous.bytes };
      previous = got.info;
    }
  };
  let failure: Error | null = null;
  parser.on('error', (e: Error) => (failure = e));
  for (const chunk of chunksOf(source, onProgress, chunkSize, utf16 ? 2 : 0)) {
    parser.write(Buffer.from(chunk));
    if (failure) throw failure;
    yield* drain();
  }
  parser.end();
  if (failure) throw failure;
  yield* drain();
}
