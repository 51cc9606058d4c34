/**
 * Which parser reads a source, decided from its name and first bytes: one table of detectors for
 * every chat export format we read. Runs inside the ingest worker; nothing here touches the case
 * database.
 */
import { createHash } from 'node:crypto';
import type { ColumnMapping, IngestReport, SourceFormat } from '../../shared/api/contract';
import { NitkaError } from '../../shared/result';
import type { ChatRecord } from '../parsers/chat-records';
import type { ParsedAd } from '../parsers/ads/ad-records';
import type { ChainRecord } from '../parsers/transfers/transfer-records';
import { detectAdFormat } from '../parsers/ads/ads-detect';
import { sniffImageType } from '../images/decode-image';
import { adRecords, readAdZip, zipAdRecords, type AdFormat } from './ads-plan';
import { detectChainFormat, type ChainFormat } from '../parsers/transfers/detect';
import { chainRecords } from './chain-plan';
import { imageFacts, looksLikeImageName, type ImageFacts } from './image-facts';
import { discordStreamRecords } from '../parsers/discord/discord-json';
import { linesFromChunks, linesFromSource, type ChunkSource } from '../parsers/lines';
import { entryChunks, zipChunks } from '../parsers/zip-stream';
import { metaMessageRecords, metaThreadInfo } from '../parsers/messenger/messenger-json';
import { isSignalJsonLine, SIGNAL_MD_HEADER, signalJsonLinesRecords, signalMarkdownRecords } from '../parsers/signal/signal-export';
import { csvRows } from '../parsers/table/csv';
import { inferTableDateOrder, mappingFits, resolveColumns, tableChatRecords, type TableInputRow } from '../parsers/table/message-table';
import { isXlsx, xlsxRows } from '../parsers/table/xlsx';
import { telegramStreamRecords } from '../parsers/telegram/telegram-json';
import { inferDateOrderFromChunks, inferDateOrderFromSource, whatsAppChatRecords, type DateOrder } from '../parsers/whatsapp/whatsapp-text';

/** A picture ingested on its own. */
export interface ParsedImage {
  kind: 'image';
  facts: ImageFacts;
}

/** Everything a parser yields: chat records, ads, pictures. */
export type EvidenceRecord = ChatRecord | ParsedAd | ParsedImage | ChainRecord;

/** An archive entry beside the chat or ads (media), hashed; pictures also perceptually. */
export interface MediaEntry {
  entry: string;
  sha256: string;
  size: number;
  image: ImageFacts | null;
}

export interface ParseOptions {
  format?: SourceFormat | undefined;
  dateOrder?: DateOrder | undefined;
  /** column mapping of a message table, given for this source */
  mapping?: ColumnMapping | undefined;
  /** saved mappings to try on a table when none is given: the first whose columns all exist */
  savedMappings?: Array<{ name: string; mapping: ColumnMapping }> | undefined;
}

type DetectedFormat = IngestReport['format'];

const WHATSAPP_HEADER = /^\u200e?\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\.?,?\s\d{1,2}[:.]\d{2}/;
const WHATSAPP_CHAT_FILE = /(^|\/)(_chat\.txt|WhatsApp Chat (with|mit|con|sa|avec) .+\.txt)$/i;
/** signal-export writes ISO dates in brackets without seconds or without the comma WhatsApp puts there */
const SIGNAL_LIKE = /^\[\d{4}-\d{2}-\d{2}(?:, \d{2}:\d{2}\]| \d{2}:\d{2}(?::\d{2})?\]) [^:]+:/;

function firstLines(head: Uint8Array, n = 5): string[] {
  return new TextDecoder().decode(head).replace(/^\ufeff/, '').split('\n').slice(0, n).map((l) => l.replace(/\r$/, ''));
}

/** Picks the export format from the name and the first bytes; `raw` keeps only the evidence. */
export function detectFormat(fileName: string, head: Uint8Array): DetectedFormat {
  if (looksLikeImageName(fileName) && sniffImageType(head)) return 'image';
  const ads = detectAdFormat(fileName, head);
  if (ads) return ads;
  const chain = detectChainFormat(fileName, head);
  if (chain) return chain;
  if (/\.xlsx$/i.test(fileName) && isXlsx(head)) return 'xlsx';
  if (/\.(csv|tsv)$/i.test(fileName)) return 'csv';
  if (head[0] === 0x50 && head[1] === 0x4b && /\.zip$/i.test(fileName)) return 'whatsapp-zip';
  const lines = firstLines(head);
  const start = lines.join('\n');
  if (/\.(md|txt)$/i.test(fileName) && lines.some((l) => SIGNAL_LIKE.test(l) && SIGNAL_MD_HEADER.test(l))) return 'signal-md';
  if (/\.(md)$/i.test(fileName) && lines.some((l) => SIGNAL_MD_HEADER.test(l))) return 'signal-md';
  if (/\.txt$/i.test(fileName) && lines.some((l) => WHATSAPP_HEADER.test(l))) return 'whatsapp-txt';
  if (/\.jsonl?$/i.test(fileName) && lines[0] !== undefined && isSignalJsonLine(lines[0])) return 'signal-jsonl';
  if (/\.json$/i.test(fileName) && /^\s*\{/.test(start)) {
    if (/"(guild|channel)"\s*:\s*\{/.test(start)) return 'discord-json';
    if (/"(sender_name|timestamp_ms|senderName|thread_path|participants)"\s*:/.test(start)) return 'messenger-json';
    // A full-account export opens with "about" and "personal_information"; its chats come last.
    if (/"personal_information"\s*:/.test(start)) return 'telegram-json';
    if (/"(messages|chats)"\s*:/.test(start)) return 'telegram-json';
  }
  return 'raw';
}

function chatTitle(fileName: string): string {
  const m = /WhatsApp Chat (?:with|mit|con|sa|avec) (.+)\.(txt|zip)$/i.exec(fileName);
  return m?.[1] ?? fileName.replace(/\.(txt|zip|json|jsonl|md)$/i, '');
}

function badInput(fileName: string, message: string, details: Record<string, unknown> = {}): NitkaError {
  return new NitkaError('bad_input', `${fileName}: ${message}`, { file: fileName, ...details });
}

/** A parser's plain error as bad input naming the file; a NitkaError passes as it is. */
function named<T>(fileName: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw e instanceof NitkaError ? e : badInput(fileName, (e as Error).message);
  }
}

/** The same for records read lazily: their errors surface while the writer consumes them. */
function* namedRecords<R extends EvidenceRecord>(fileName: string, records: () => Iterable<R>): Generator<R> {
  try {
    yield* records();
  } catch (e) {
    throw e instanceof NitkaError ? e : badInput(fileName, (e as Error).message);
  }
}

export interface Plan {
  format: DetectedFormat;
  dateOrder: DateOrder | null;
  /** for tables: the mapping used, and its saved name when it was one */
  mapping?: { mapping: ColumnMapping; name: string | null };
  records: Iterable<EvidenceRecord>;
  /** archive entries other than the chat itself (media), by base name, hashed */
  media: Map<string, MediaEntry>;
  /** pictures in an ad archive, by entry, for the ads that name them */
  adImages?: Map<string, ImageFacts>;
}

function whatsAppPlan(fileName: string, text: ChunkSource, options: ParseOptions, timezone: string, onProgress?: (done: number) => void): Plan {
  // Two streaming passes: the first decides the date order from the whole file.
  const dateOrder = options.dateOrder ?? inferDateOrderFromSource(text);
  if (!dateOrder) throw needsDateOrder(fileName);
  return {
    format: 'whatsapp-txt',
    dateOrder,
    records: whatsAppChatRecords(linesFromSource(text, onProgress), { dateOrder, timezone, title: chatTitle(fileName) }),
    media: new Map(),
  };
}

function needsDateOrder(fileName: string): NitkaError {
  return badInput(fileName, 'the dates could be day/month or month/day and no day above 12 decides it; give the date order (--date-order dmy, mdy or ymd)', { needs: 'dateOrder' });
}

/**
 * A WhatsApp zip, streamed: one pass finds the chat and hashes every media file, one decides the
 * date order, one reads the chat; nothing but the current chunk is held, whatever the media.
 */
function whatsAppZipPlan(fileName: string, zip: ChunkSource, options: ParseOptions, timezone: string, required: boolean, onProgress?: (done: number) => void): Plan | null {
  const media = new Map<string, MediaEntry>();
  let chatEntry: string | null = null;
  named(fileName, () => {
    let hash = createHash('sha256');
    let size = 0;
    // Pictures are kept whole until their last chunk, to hash them perceptually; other media never are.
    let picture: Uint8Array[] = [];
    for (const c of zipChunks(zip, (name) => {
      if (!chatEntry && WHATSAPP_CHAT_FILE.test(name)) {
        chatEntry = name;
        return false;
      }
      return true;
    })) {
      hash.update(c.data);
      size += c.data.length;
      const isPicture = looksLikeImageName(c.entry);
      if (isPicture) picture.push(c.data);
      if (c.final) {
        const image = isPicture ? imageFacts(Buffer.concat(picture), c.entry, c.entry) : null;
        media.set(c.entry.split('/').pop()!, { entry: c.entry, sha256: hash.digest('hex'), size, image });
        hash = createHash('sha256');
        size = 0;
        picture = [];
      }
    }
  });
  if (!chatEntry) {
    if (required) throw badInput(fileName, 'the zip holds no _chat.txt or "WhatsApp Chat with ….txt"');
    return null;
  }
  const entry: string = chatEntry;
  const dateOrder = options.dateOrder ?? named(fileName, () => inferDateOrderFromChunks(entryChunks(zip, entry)));
  if (!dateOrder) throw needsDateOrder(fileName);
  return {
    format: 'whatsapp-zip',
    dateOrder,
    records: namedRecords(fileName, () => whatsAppChatRecords(linesFromChunks(entryChunks(zip, entry, onProgress)), { dateOrder, timezone, title: chatTitle(fileName), entry })),
    media,
  };
}

const APP_NAMES: Record<string, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', messenger: 'Messenger', instagram: 'Instagram', signal: 'Signal', discord: 'Discord' };

/** Telegram, streamed: errors surface while the writer consumes, inside its transaction. */
function telegramPlan(fileName: string, source: ChunkSource, timezone: string, onProgress?: (done: number) => void): Plan {
  return {
    format: 'telegram-json',
    dateOrder: null,
    records: namedRecords(fileName, () => telegramStreamRecords(source, { timezone }, onProgress)),
    media: new Map(),
  };
}

/** Messenger or Instagram, streamed in two passes (the thread's title comes after its messages). */
function metaPlan(fileName: string, source: ChunkSource, platform: 'messenger' | 'instagram' | undefined, onProgress?: (done: number) => void): Plan {
  const info = named(fileName, () => metaThreadInfo(source, { ...(platform ? { platform } : {}), fileName }));
  return {
    format: info.platform === 'instagram' ? 'instagram-json' : 'messenger-json',
    dateOrder: null,
    records: namedRecords(fileName, function* () {
      yield info.chat;
      yield* metaMessageRecords(source, info.chat.key, onProgress);
    }),
    media: new Map(),
  };
}

function discordPlan(fileName: string, source: ChunkSource, onProgress?: (done: number) => void): Plan {
  return {
    format: 'discord-json',
    dateOrder: null,
    records: namedRecords(fileName, () => discordStreamRecords(source, onProgress)),
    media: new Map(),
  };
}

function signalPlan(fileName: string, source: ChunkSource, head: Uint8Array, timezone: string, onProgress?: (done: number) => void): Plan {
  const title = chatTitle(fileName.replace(/(^|\/)(chat\.md|data\.json)$/i, '$1signal') );
  const first = firstLines(head).find((l) => l.trim() !== '') ?? '';
  if (first.trimStart().startsWith('{')) {
    return { format: 'signal-jsonl', dateOrder: null, records: signalJsonLinesRecords(linesFromSource(source, onProgress), { timezone, title }), media: new Map() };
  }
  return { format: 'signal-md', dateOrder: null, records: signalMarkdownRecords(linesFromSource(source, onProgress), { timezone, title }), media: new Map() };
}

function tablePlan(fileName: string, source: ChunkSource, bytes: () => Uint8Array, format: 'csv' | 'xlsx', options: ParseOptions, timezone: string, onProgress?: (done: number) => void): Plan {
  let sheet = options.mapping?.sheet;
  const rows = (progress?: (done: number) => void): Iterable<TableInputRow> => {
    if (format === 'csv') return csvRows(source, progress);
    const workbook = bytes();
    return (function* () {
      for (const r of xlsxRows(workbook, sheet)) yield { cells: r.cells, line: r.row, entry: r.sheet };
    })();
  };
  const header = named(fileName, () => {
    for (const row of rows()) return row.cells;
    return [];
  });
  if (header.length === 0) throw badInput(fileName, 'the table is empty: no header row');
  let chosen: { mapping: ColumnMapping; name: string | null } | null = options.mapping ? { mapping: options.mapping, name: null } : null;
  if (!chosen) {
    const saved = options.savedMappings?.find((m) => mappingFits(header, m.mapping));
    if (saved) chosen = { mapping: saved.mapping, name: saved.name };
  }
  if (!chosen) {
    throw badInput(fileName, `a message table needs a column mapping (which column is the time, the sender, the body…); give one with --map time=…,body=…,sender=… or save one; the columns are ${header.map((h) => `"${h.trim()}"`).join(', ')}`, { needs: 'mapping', columns: header.map((h) => h.trim()) });
  }
  const mapping = chosen.mapping;
  sheet = mapping.sheet;
  const at = named(fileName, () => resolveColumns(header, mapping)).time!;
  let dateOrder: DateOrder | null = options.dateOrder ?? null;
  if (!dateOrder && !mapping.timeFormat) {
    dateOrder = named(fileName, () => inferTableDateOrder((function* () {
      let skip = true;
      for (const r of rows()) {
        if (skip) skip = false;
        else yield r.cells[at] ?? '';
      }
    })()));
  }
  return { format, dateOrder, mapping: chosen, records: tableChatRecords(rows(onProgress), mapping, { timezone, dateOrder, title: chatTitle(fileName.replace(/\.(csv|tsv|xlsx)$/i, '')) }), media: new Map() };
}

function adPlan(fileName: string, source: ChunkSource, format: AdFormat, onProgress?: (done: number) => void): Plan {
  return { format, dateOrder: null, records: namedRecords(fileName, () => adRecords(format, fileName, source, undefined, onProgress)), media: new Map() };
}

/** Ads in a zip with their pictures; null when the zip holds no capture and none was asked for. */
function adZipPlan(fileName: string, zip: ChunkSource, required: boolean, onProgress?: (done: number) => void): Plan | null {
  const { captures, images } = named(fileName, () => readAdZip(zip, onProgress));
  if (captures.length === 0) {
    if (required) throw badInput(fileName, 'the zip holds no ad capture (.jsonl, .json, .csv or .html with ads)');
    return null;
  }
  return { format: 'ads-zip', dateOrder: null, records: namedRecords(fileName, () => zipAdRecords(fileName, captures)), media: new Map(), adImages: images };
}

function chainPlan(fileName: string, source: ChunkSource, format: ChainFormat, timezone: string, onProgress?: (done: number) => void): Plan {
  return { format, dateOrder: null, records: namedRecords(fileName, () => chainRecords(format, source, timezone, onProgress)), media: new Map() };
}

function imagePlan(fileName: string, bytes: () => Uint8Array): Plan {
  return { format: 'image', dateOrder: null, records: [{ kind: 'image', facts: imageFacts(bytes(), fileName, null) }], media: new Map() };
}

/** Decides how to read a source, or null to keep it as raw evidence only. */
export function plan(fileName: string, source: ChunkSource, bytes: () => Uint8Array, head: Uint8Array, options: ParseOptions, timezone: string, onProgress?: (done: number) => void): Plan | null {
  const wanted = options.format ?? 'auto';
  if (wanted === 'raw') return null;
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  if (wanted === 'auto') {
    const detected = detectFormat(fileName, head);
    switch (detected) {
      case 'raw':
        return null;
      case 'whatsapp-zip':
        return whatsAppZipPlan(fileName, source, options, timezone, false, onProgress) ?? adZipPlan(fileName, source, false, onProgress);
      case 'image':
        return imagePlan(fileName, bytes);
      case 'ads-jsonl':
      case 'ads-json':
      case 'ads-csv':
      case 'ads-html':
        return adPlan(fileName, source, detected, onProgress);
      case 'etherscan-csv':
      case 'tron-json':
      case 'esplora-json':
      case 'bitcoin-core-json':
      case 'transfers-csv':
      case 'tagpack':
      case 'labels-csv':
        return chainPlan(fileName, source, detected, timezone, onProgress);
      case 'whatsapp-txt':
        return whatsAppPlan(fileName, source, options, timezone, onProgress);
      case 'signal-md':
      case 'signal-jsonl':
        return signalPlan(fileName, source, head, timezone, onProgress);
      case 'csv':
      case 'xlsx':
        return tablePlan(fileName, source, bytes, detected, options, timezone, onProgress);
      case 'telegram-json':
        // Telegram and Discord exports can be gigabytes: streamed, never parsed whole.
        return telegramPlan(fileName, source, timezone, onProgress);
      case 'discord-json':
        return discordPlan(fileName, source, onProgress);
      case 'messenger-json':
        return metaPlan(fileName, source, undefined, onProgress);
      default:
        return null;
    }
  }
  const name = APP_NAMES[wanted] ?? wanted;
  switch (wanted) {
    case 'whatsapp':
      if (isZip) return whatsAppZipPlan(fileName, source, options, timezone, true, onProgress);
      if (!firstLines(head).some((l) => WHATSAPP_HEADER.test(l))) throw badInput(fileName, `not a ${name} export: no dated message line at the start`);
      return whatsAppPlan(fileName, source, options, timezone, onProgress);
    case 'ads': {
      if (isZip) return adZipPlan(fileName, source, true, onProgress);
      const format = detectAdFormat(fileName, head) ?? (/\.html?$/i.test(fileName) ? 'ads-html' : /\.csv$/i.test(fileName) ? 'ads-csv' : /\.json$/i.test(fileName) ? 'ads-json' : 'ads-jsonl');
      return adPlan(fileName, source, format, onProgress);
    }
    case 'transfers':
    case 'tagpack':
    case 'labels': {
      const detected = detectChainFormat(fileName, head);
      const fits = wanted === 'transfers' ? detected !== 'tagpack' && detected !== 'labels-csv' : wanted === 'tagpack' ? detected === 'tagpack' : detected === 'labels-csv';
      if (!detected || !fits) {
        const what = wanted === 'transfers' ? 'an explorer export or transfers table (Etherscan CSV, TronGrid/Tronscan JSON, Esplora or Bitcoin Core JSON, a CSV with time, from, to and amount columns)' : wanted === 'tagpack' ? 'a GraphSense TagPack (YAML with title/creator and tags)' : 'a labels CSV (address, label, category, source)';
        throw badInput(fileName, `not ${what}`);
      }
      return chainPlan(fileName, source, detected, timezone, onProgress);
    }
    case 'image':
      if (!sniffImageType(head)) throw badInput(fileName, 'not a picture: no JPEG, PNG, GIF, WebP or BMP header');
      return imagePlan(fileName, bytes);
    case 'table':
      return tablePlan(fileName, source, bytes, isZip ? 'xlsx' : 'csv', options, timezone, onProgress);
    case 'signal':
      if (!firstLines(head).some((l) => SIGNAL_MD_HEADER.test(l) || isSignalJsonLine(l))) throw badInput(fileName, `not a ${name} export: no "[date time] sender:" line or JSON record at the start`);
      return signalPlan(fileName, source, head, timezone, onProgress);
    case 'telegram':
      return telegramPlan(fileName, source, timezone, onProgress);
    case 'discord':
      return discordPlan(fileName, source, onProgress);
    case 'messenger':
    case 'instagram':
      return metaPlan(fileName, source, wanted, onProgress);
    default:
      throw badInput(fileName, `no parser for format "${wanted}"`);
  }
}

