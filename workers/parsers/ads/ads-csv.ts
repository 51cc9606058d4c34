/**
 * Captured ads as a CSV table (a scraper's export, a spreadsheet an analyst kept): the header row
 * names the fields, each further row is one ad mapped like a JSON ad. `locator.line` is the row's
 * first line, so a quoted multi-line body still points at where its row starts.
 */
import type { ChunkSource } from '../lines';
import { csvRows } from '../table/csv';
import { adFromObject, adTimezone, namedAdError } from './ad-from-object';
import type { ParsedAd } from './ad-records';
import type { AdParseOptions } from './ads-json';

export function* csvAdRecords(source: ChunkSource, fileName: string, onProgress?: (bytesDone: number) => void, options: AdParseOptions = {}): Generator<ParsedAd> {
  let line = 0;
  try {
    const mapping = { timezone: adTimezone(options.timezone), splitImageLists: true };
    let header: string[] | null = null;
    for (const row of csvRows(source, onProgress, options.chunkSize)) {
      line = row.line;
      if (!header) {
        header = columnNames(row.cells);
        continue;
      }
      if (row.cells.every((c) => c.trim() === '')) continue;
      // A CSV cannot tell an empty cell from a missing value: empty cells are left out.
      const ad: Record<string, string> = {};
      row.cells.forEach((cell, i) => {
        if (cell.trim() !== '') ad[header![i] ?? `column ${i + 1}`] = cell;
      });
      yield adFromObject(ad, { line: row.line, lastLine: row.lastLine ?? row.line, ...(row.offset !== undefined ? { offset: row.offset } : {}) }, mapping);
    }
    if (!header) throw new Error('the table is empty: no header row');
  } catch (e) {
    throw namedAdError(fileName, e, line ? { line } : {});
  }
}

/** Header cells as keys: blank ones get their position, repeated ones a number (`phone`, `phone 2`). */
function columnNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const name = cell.replace(/^\ufeff/, '').trim() || `column ${i + 1}`;
    const count = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), count);
    return count === 1 ? name : `${name} ${count}`;
  });
}
