/**
 * Reading transaction data investigators get offline (explorer and exchange exports, node
 * responses saved as JSON) and address label lists, through one table of parsers.
 */
import type { ChainRecord } from '../parsers/transfers/transfer-records';
import type { ChainFormat } from '../parsers/transfers/detect';
import { parseBtcJson } from '../parsers/transfers/btc-json';
import { parseEtherscanCsv } from '../parsers/transfers/etherscan-csv';
import { parseLabelsCsv, parseTagPack } from '../parsers/transfers/labels';
import { guessTransferMapping, parseTransfersCsv } from '../parsers/transfers/transfers-csv';
import { parseTronJson } from '../parsers/transfers/tron-json';
import { csvRows } from '../parsers/table/csv';
import type { ChunkSource } from '../parsers/lines';

/** The records of one chain source; the parsers' notes (rows skipped and why) are returned at the end. */
export function* chainRecords(format: ChainFormat, source: ChunkSource, timezone: string, onProgress?: (done: number) => void): Generator<ChainRecord, string[]> {
  let summary: { notes: string[] };
  switch (format) {
    case 'etherscan-csv':
      summary = yield* parseEtherscanCsv(source, { onProgress });
      break;
    case 'tron-json':
      summary = yield* parseTronJson(source, onProgress);
      break;
    case 'esplora-json':
    case 'bitcoin-core-json':
      summary = yield* parseBtcJson(source, onProgress);
      break;
    case 'tagpack':
      summary = yield* parseTagPack(source);
      break;
    case 'labels-csv':
      summary = yield* parseLabelsCsv(source, onProgress);
      break;
    case 'transfers-csv': {
      let header: string[] = [];
      for (const row of csvRows(source)) {
        header = row.cells;
        break;
      }
      const mapping = guessTransferMapping(header);
      if (!mapping) throw new Error(`line 1: the columns ${header.map((h) => `"${h}"`).join(', ')} do not say which is the time, sender, receiver and amount`);
      summary = yield* parseTransfersCsv(source, mapping, { timezone, onProgress });
      break;
    }
  }
  return summary.notes;
}
