/**
 * Whether a file is transaction data or an address label list, from its name and first bytes.
 * Chat exports, ad captures and message tables are never claimed: the detectors below look for
 * keys and columns only explorer, node and TagPack files have.
 */
import { detectBtcJson } from './btc-json';
import { detectEtherscanCsv } from './etherscan-csv';
import { labelsCsvColumns } from './labels';
import { guessTransferMapping } from './transfers-csv';
import { detectTronJson } from './tron-json';

export type ChainFormat = 'etherscan-csv' | 'tron-json' | 'esplora-json' | 'bitcoin-core-json' | 'transfers-csv' | 'tagpack' | 'labels-csv';

/** Columns of messages and ads: a table with any of them belongs to the chat or ad importers. */
const NOT_OURS = new Set(['message', 'messages', 'body', 'text', 'content', 'poruka', 'msg', 'chat', 'chatname', 'conversation', 'thread', 'title', 'naslov', 'description', 'opis', 'url', 'sender', 'recipient', 'direction', 'attachment']);
const CHAT_JSON_KEYS = /"(messages|chats|participants|sender_name|thread_path|is_still_participant|guild|from_id)"\s*:/;

export function detectChainFormat(fileName: string, head: Uint8Array): ChainFormat | null {
  const name = fileName.toLowerCase();
  const text = new TextDecoder().decode(head).replace(/^\ufeff/, '');
  if (/\.ya?ml$/.test(name)) return /^tags\s*:/m.test(text) && /^(title|creator)\s*:/m.test(text) ? 'tagpack' : null;
  if (/\.json$/.test(name)) {
    if (CHAT_JSON_KEYS.test(text)) return null;
    const btc = detectBtcJson(text);
    if (btc) return btc;
    return detectTronJson(text) ? 'tron-json' : null;
  }
  if (/\.(csv|tsv)$/.test(name)) {
    const header = headerCells(text);
    if (header.length < 2) return null;
    if (header.some((c) => NOT_OURS.has(c.trim().toLowerCase()))) return null;
    if (detectEtherscanCsv(header)) return 'etherscan-csv';
    if (guessTransferMapping(header)) return 'transfers-csv';
    if (labelsCsvColumns(header) && !header.some((c) => /^(amount|value|quantity)$/i.test(c.trim()))) return 'labels-csv';
  }
  return null;
}

/** The cells of the first row: the delimiter that splits it most, quotes honoured. */
function headerCells(text: string): string[] {
  const line = text.split(/\r?\n/)[0] ?? '';
  const split = (d: string) => {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
    return cells.map((c) => c.trim());
  };
  return [',', ';', '\t'].map(split).sort((a, b) => b.length - a.length)[0]!;
}
