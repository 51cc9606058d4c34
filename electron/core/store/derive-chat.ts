import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { unzipSync } from 'fflate';
import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { IngestReport, SourceFormat } from '../../../shared/api/contract';
import { extractIdentifiers } from '../../../shared/identifiers/extract';
import { NitkaError } from '../../../shared/result';
import { cyrillicToLatin } from '../../../shared/transliterate';
import type { ChatRecord } from '../../../workers/parsers/chat-records';
import { discordChatRecords, isDiscordExport } from '../../../workers/parsers/discord/discord-json';
import { guessMetaPlatform, isMetaThread, metaChatRecords } from '../../../workers/parsers/messenger/messenger-json';
import { isSignalJsonLine, SIGNAL_MD_HEADER, signalJsonLinesRecords, signalMarkdownRecords } from '../../../workers/parsers/signal/signal-export';
import { isTelegramExport, telegramChatRecords } from '../../../workers/parsers/telegram/telegram-json';
import { linesFromSource, memorySource, type ChunkSource } from '../../../workers/parsers/lines';
import { inferDateOrder, whatsAppChatRecords, type DateOrder } from '../../../workers/parsers/whatsapp/whatsapp-text';

export type { SourceFormat };

export interface DeriveOptions {
  format?: SourceFormat | undefined;
  dateOrder?: DateOrder | undefined;
}

type DetectedFormat = IngestReport['format'];

const WHATSAPP_HEADER = /^\u200e?\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\.?,?\s\d{1,2}[:.]\d{2}/;
const WHATSAPP_CHAT_FILE = /(^|\/)(_chat\.txt|WhatsApp Chat (with|mit|con|sa|avec) .+\.txt)$/i;
/** signal-export writes ISO dates in brackets without seconds or without the comma WhatsApp puts there */
const SIGNAL_LIKE = /^\[\d{4}-\d{2}-\d{2}(?:, \d{2}:\d{2}\]| \d{2}:\d{2}(?::\d{2})?\]) [^:]+:/;

function firstLines(head: Uint8Array, n = 5): string[] {
  return new TextDecoder().decode(head).replace(/^\ufeff/, '').split('\n').slice(0, n).map((l) => l.replace(/\r$/, ''));
}

/**
 * Picks the export format from the name and the first bytes; `raw` keeps only the evidence.
 * For JSON the first bytes only suggest the app: the parsed document decides (see `plan`).
 */
export function detectFormat(fileName: string, head: Uint8Array): DetectedFormat {
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
    if (/"(messages|chats)"\s*:/.test(start) && /"(date_unixtime|date|from_id|about)"/.test(start)) return 'telegram-json';
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

interface Plan {
  format: DetectedFormat;
  dateOrder: DateOrder | null;
  records: Iterable<ChatRecord>;
  /** archive entries other than the chat itself (media), by base name */
  media: Map<string, { entry: string; bytes: Uint8Array }>;
}

function whatsAppPlan(fileName: string, text: ChunkSource, format: DetectedFormat, options: DeriveOptions, timezone: string, onProgress?: (done: number) => void, entry?: string): Plan {
  // Two streaming passes: the first decides the date order from the whole file.
  const dateOrder = options.dateOrder ?? inferDateOrder((function* () {
    for (const l of linesFromSource(text)) yield l.text;
  })());
  if (!dateOrder) {
    throw badInput(fileName, 'the dates could be day/month or month/day and no day above 12 decides it; give the date order (--date-order dmy, mdy or ymd)', { needs: 'dateOrder' });
  }
  return {
    format,
    dateOrder,
    records: whatsAppChatRecords(linesFromSource(text, onProgress), { dateOrder, timezone, title: chatTitle(fileName), ...(entry ? { entry } : {}) }),
    media: new Map(),
  };
}

function whatsAppZipPlan(fileName: string, zip: Uint8Array, options: DeriveOptions, timezone: string, required: boolean): Plan | null {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    throw badInput(fileName, `corrupt zip archive: ${(e as Error).message}`);
  }
  const chatEntry = Object.keys(files).find((n) => WHATSAPP_CHAT_FILE.test(n));
  if (!chatEntry) {
    if (required) throw badInput(fileName, 'the zip holds no _chat.txt or "WhatsApp Chat with ….txt"');
    return null;
  }
  const p = whatsAppPlan(fileName, memorySource(files[chatEntry]!), 'whatsapp-zip', options, timezone, undefined, chatEntry);
  for (const [name, data] of Object.entries(files)) {
    if (name !== chatEntry && !name.endsWith('/')) p.media.set(name.split('/').pop()!, { entry: name, bytes: data });
  }
  return p;
}

type JsonApp = 'telegram' | 'messenger' | 'instagram' | 'discord';
const APP_NAMES: Record<string, string> = { whatsapp: 'WhatsApp', telegram: 'Telegram', messenger: 'Messenger', instagram: 'Instagram', signal: 'Signal', discord: 'Discord' };

function jsonPlan(fileName: string, json: unknown, app: JsonApp | 'auto', timezone: string): Plan | null {
  const chosen: JsonApp | null =
    app !== 'auto' ? app : isDiscordExport(json) ? 'discord' : isMetaThread(json) ? guessMetaPlatform(json) : isTelegramExport(json) ? 'telegram' : null;
  if (!chosen) return null;
  try {
    // Parse eagerly so a malformed document is refused before anything is written.
    switch (chosen) {
      case 'telegram':
        return { format: 'telegram-json', dateOrder: null, records: [...telegramChatRecords(json, { timezone })], media: new Map() };
      case 'discord':
        return { format: 'discord-json', dateOrder: null, records: [...discordChatRecords(json)], media: new Map() };
      case 'messenger':
      case 'instagram':
        return { format: chosen === 'instagram' ? 'instagram-json' : 'messenger-json', dateOrder: null, records: [...metaChatRecords(json, { platform: chosen, fileName })], media: new Map() };
    }
  } catch (e) {
    if (app !== 'auto') throw badInput(fileName, (e as Error).message);
    return null;
  }
}

function signalPlan(fileName: string, source: ChunkSource, head: Uint8Array, timezone: string, onProgress?: (done: number) => void): Plan {
  const title = chatTitle(fileName.replace(/(^|\/)(chat\.md|data\.json)$/i, '$1signal') );
  const first = firstLines(head).find((l) => l.trim() !== '') ?? '';
  if (first.trimStart().startsWith('{')) {
    return { format: 'signal-jsonl', dateOrder: null, records: signalJsonLinesRecords(linesFromSource(source, onProgress), { timezone, title }), media: new Map() };
  }
  return { format: 'signal-md', dateOrder: null, records: signalMarkdownRecords(linesFromSource(source, onProgress), { timezone, title }), media: new Map() };
}

function parseJson(fileName: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, ''));
  } catch (e) {
    throw badInput(fileName, `not valid UTF-8 JSON: ${(e as Error).message}`);
  }
}

/** Decides how to read a source, or null to keep it as raw evidence only. */
function plan(fileName: string, source: ChunkSource, bytes: () => Uint8Array, head: Uint8Array, options: DeriveOptions, timezone: string, onProgress?: (done: number) => void): Plan | null {
  const wanted = options.format ?? 'auto';
  if (wanted === 'raw') return null;
  const isZip = head[0] === 0x50 && head[1] === 0x4b;
  if (wanted === 'auto') {
    const detected = detectFormat(fileName, head);
    switch (detected) {
      case 'raw':
        return null;
      case 'whatsapp-zip':
        return whatsAppZipPlan(fileName, bytes(), options, timezone, false);
      case 'whatsapp-txt':
        return whatsAppPlan(fileName, source, 'whatsapp-txt', options, timezone, onProgress);
      case 'signal-md':
      case 'signal-jsonl':
        return signalPlan(fileName, source, head, timezone, onProgress);
      default: {
        // JSON: decided by the parsed document's shape, not the first bytes.
        let json: unknown;
        try {
          json = parseJson(fileName, bytes());
        } catch (e) {
          // A .json that is no JSON is still evidence; only an export we recognised must parse.
          if (detected === 'telegram-json' || detected === 'messenger-json' || detected === 'discord-json') throw e;
          return null;
        }
        return jsonPlan(fileName, json, 'auto', timezone);
      }
    }
  }
  const name = APP_NAMES[wanted] ?? wanted;
  switch (wanted) {
    case 'whatsapp':
      if (isZip) return whatsAppZipPlan(fileName, bytes(), options, timezone, true);
      if (!firstLines(head).some((l) => WHATSAPP_HEADER.test(l))) throw badInput(fileName, `not a ${name} export: no dated message line at the start`);
      return whatsAppPlan(fileName, source, 'whatsapp-txt', options, timezone, onProgress);
    case 'signal':
      if (!firstLines(head).some((l) => SIGNAL_MD_HEADER.test(l) || isSignalJsonLine(l))) throw badInput(fileName, `not a ${name} export: no "[date time] sender:" line or JSON record at the start`);
      return signalPlan(fileName, source, head, timezone, onProgress);
    default:
      return jsonPlan(fileName, parseJson(fileName, bytes()), wanted, timezone);
  }
}

/**
 * Parses a stored source into chats, accounts, messages, attachments, fragments and identifier
 * occurrences, inside the caller's transaction: if anything here throws, the source itself is
 * rolled back too.
 */
export function deriveFromSource(
  db: Database,
  sourceId: number,
  fileName: string,
  source: ChunkSource,
  bytes: () => Uint8Array,
  head: Uint8Array,
  options: DeriveOptions,
  caseSettings: { timezone: string; defaultRegion: string },
  onProgress?: (done: number) => void,
): IngestReport {
  const timezone = caseSettings.timezone;
  const p = plan(fileName, source, bytes, head, options, timezone, onProgress);
  const report: IngestReport = { format: p?.format ?? 'raw', dateOrder: p?.dateOrder ?? null, timezone: p ? timezone : null, messages: 0, systemEvents: 0, fragments: 0, accounts: 0, identifiers: 0, attachments: 0 };
  if (!p) return report;
  const region = caseSettings.defaultRegion as CountryCode;

  const insertChat = db.prepare('INSERT INTO chats (source_id, platform, title, format, chat_key, date_order, timezone) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const upsertAccount = db.prepare(
    'INSERT INTO accounts (platform, key, display_name) VALUES (?, ?, ?) ON CONFLICT (platform, key) DO UPDATE SET display_name = coalesce(accounts.display_name, excluded.display_name) RETURNING id',
  );
  const upsertIdentifier = db.prepare('INSERT INTO identifiers (kind, value) VALUES (?, ?) ON CONFLICT (kind, value) DO UPDATE SET value = excluded.value RETURNING id');
  const insertMessage = db.prepare(
    `INSERT INTO messages (chat_id, source_id, sender_account_id, kind, sent_utc, time_text, timezone, body, event, reply_to, forwarded_from, media_file, media_omitted,
       deleted, edited, locator_line, locator_last_line, locator_offset, locator_message_id, locator_entry)
     VALUES (@chat, @source, @sender, @kind, @utc, @timeText, @timezone, @body, @event, @replyTo, @forwardedFrom, @mediaFile, @mediaOmitted,
       @deleted, @edited, @line, @lastLine, @offset, @messageId, @entry)`,
  );
  const insertFts = db.prepare('INSERT INTO messages_fts (rowid, body) VALUES (?, ?)');
  const insertFragment = db.prepare('INSERT INTO fragments (source_id, text, locator_line, locator_offset, locator_entry) VALUES (?, ?, ?, ?, ?)');
  const insertOccurrence = db.prepare('INSERT INTO occurrences (identifier_id, source_id, message_id, start, end, raw, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertAttachment = db.prepare('INSERT INTO attachments (message_id, source_id, entry, sha256, size) VALUES (?, ?, ?, ?, ?)');

  const chats = new Map<string, { id: number; platform: string }>();
  const accounts = new Map<string, number>();
  const identifiers = new Map<string, number>();

  const accountFor = (platform: string, senderKey: string, senderName: string | null, keyIsName: boolean): number => {
    const cacheKey = `${platform}\u0000${senderKey}`;
    const cached = accounts.get(cacheKey);
    if (cached !== undefined) return cached;
    let key: string;
    if (platform === 'whatsapp') {
      // WhatsApp shows unsaved contacts by their number: then the account is that phone.
      const phone = /^[+\d][\d\s()-]{6,}$/.test(senderKey) ? parsePhoneNumberFromString(senderKey, region) : undefined;
      key = phone?.isValid() ? phone.number : `name:${sourceId}:${senderKey}`;
    } else if (keyIsName) {
      // Only a display name: two people in two sources may share it, so it stays per source.
      key = `name:${sourceId}:${senderKey}`;
    } else {
      key = senderKey;
    }
    const id = (upsertAccount.get(platform, key, senderName) as { id: number }).id;
    accounts.set(cacheKey, id);
    return id;
  };

  for (const rec of p.records) {
    if (rec.kind === 'chat') {
      const id = Number(insertChat.run(sourceId, rec.platform, rec.title, p.format, rec.key, p.dateOrder, timezone).lastInsertRowid);
      chats.set(rec.key, { id, platform: rec.platform });
      continue;
    }
    if (rec.kind === 'unparsed') {
      insertFragment.run(sourceId, rec.text, rec.locator.line ?? null, rec.locator.offset ?? null, rec.locator.entry ?? null);
      report.fragments += 1;
      continue;
    }
    const chat = chats.get(rec.chatKey);
    if (!chat) throw badInput(fileName, `parser error: message for unknown chat '${rec.chatKey}'`);
    const messageId = Number(
      insertMessage.run({
        chat: chat.id,
        source: sourceId,
        sender: rec.senderKey ? accountFor(chat.platform, rec.senderKey, rec.senderName, rec.senderKeyIsName === true) : null,
        kind: rec.kind,
        utc: rec.utc,
        timeText: rec.timeText,
        timezone: rec.timezone,
        body: rec.body,
        event: rec.event,
        replyTo: rec.replyTo,
        forwardedFrom: rec.forwardedFrom,
        mediaFile: rec.media?.fileName ?? null,
        mediaOmitted: rec.media?.omitted ? 1 : 0,
        deleted: rec.deleted ? 1 : 0,
        edited: rec.edited ? 1 : 0,
        line: rec.locator.line ?? null,
        lastLine: rec.locator.lastLine ?? rec.locator.line ?? null,
        offset: rec.locator.offset ?? null,
        messageId: rec.locator.messageId ?? null,
        entry: rec.locator.entry ?? null,
      }).lastInsertRowid,
    );
    insertFts.run(messageId, cyrillicToLatin(rec.body));
    if (rec.kind === 'message') report.messages += 1;
    else report.systemEvents += 1;
    if (rec.media?.fileName && p.media.size > 0) {
      for (const name of rec.media.fileName.split('\n')) {
        const media = p.media.get(name) ?? p.media.get(name.split('/').pop()!);
        if (!media) continue;
        insertAttachment.run(messageId, sourceId, media.entry, createHash('sha256').update(media.bytes).digest('hex'), media.bytes.length);
        report.attachments += 1;
      }
    }
    for (const occ of extractIdentifiers(rec.body, { regions: [region] })) {
      const key = `${occ.kind}:${occ.value}`;
      let identifierId = identifiers.get(key);
      if (identifierId === undefined) {
        identifierId = (upsertIdentifier.get(occ.kind, occ.value) as { id: number }).id;
        identifiers.set(key, identifierId);
      }
      insertOccurrence.run(identifierId, sourceId, messageId, occ.start, occ.end, occ.raw, occ.confidence);
    }
  }
  report.accounts = accounts.size;
  report.identifiers = identifiers.size;
  return report;
}
