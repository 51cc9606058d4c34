import type { Database } from 'better-sqlite3-multiple-ciphers';
import { unzipSync } from 'fflate';
import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { extractIdentifiers } from '../../../shared/identifiers/extract';
import { NitkaError } from '../../../shared/result';
import { cyrillicToLatin } from '../../../shared/transliterate';
import { inferDateOrder, linesOf, parseWhatsAppText, type DateOrder } from '../../../workers/parsers/whatsapp/whatsapp-text';

export type SourceFormat = 'auto' | 'raw' | 'whatsapp';

export interface DeriveOptions {
  format?: SourceFormat | undefined;
  dateOrder?: DateOrder | undefined;
}

export interface IngestReport {
  format: 'raw' | 'whatsapp-txt' | 'whatsapp-zip';
  dateOrder: DateOrder | null;
  timezone: string | null;
  messages: number;
  systemEvents: number;
  fragments: number;
  accounts: number;
  identifiers: number;
}

const WHATSAPP_HEADER = /^\u200e?\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\.?,?\s\d{1,2}[:.]\d{2}/;
const CHAT_FILE = /(^|\/)(_chat\.txt|WhatsApp Chat (with|mit|con|sa|avec) .+\.txt|WhatsApp.*\.txt)$/i;

/** Picks the export format from the name and the first bytes; `raw` keeps only the evidence. */
export function detectFormat(fileName: string, head: Uint8Array): 'raw' | 'whatsapp-txt' | 'whatsapp-zip' {
  if (head[0] === 0x50 && head[1] === 0x4b && /\.zip$/i.test(fileName)) return 'whatsapp-zip';
  if (/\.txt$/i.test(fileName)) {
    const firstLines = new TextDecoder().decode(head).split('\n').slice(0, 5);
    if (firstLines.some((l) => WHATSAPP_HEADER.test(l.replace(/^\ufeff/, '')))) return 'whatsapp-txt';
  }
  return 'raw';
}

function chatTitle(fileName: string): string {
  const m = /WhatsApp Chat (?:with|mit|con|sa|avec) (.+)\.(txt|zip)$/i.exec(fileName);
  return m?.[1] ?? fileName.replace(/\.(txt|zip)$/i, '');
}

/**
 * Parses a stored source into chats, accounts, messages, fragments and identifier occurrences,
 * inside the caller's transaction: if anything here throws, the source itself is rolled back too.
 */
export function deriveFromSource(
  db: Database,
  sourceId: number,
  fileName: string,
  bytes: () => Uint8Array,
  head: Uint8Array,
  options: DeriveOptions,
  caseSettings: { timezone: string; defaultRegion: string },
): IngestReport {
  const format = options.format === 'raw' ? 'raw' : detectFormat(fileName, head);
  const empty: IngestReport = { format: 'raw', dateOrder: null, timezone: null, messages: 0, systemEvents: 0, fragments: 0, accounts: 0, identifiers: 0 };
  if (options.format === 'whatsapp' && format === 'raw') {
    throw new NitkaError('bad_input', `${fileName}: not a WhatsApp export (no dated message lines found)`, { file: fileName });
  }
  if (format === 'raw') return empty;

  let text: Uint8Array;
  if (format === 'whatsapp-zip') {
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes());
    } catch (e) {
      throw new NitkaError('bad_input', `${fileName}: corrupt zip archive: ${(e as Error).message}`, { file: fileName });
    }
    const chatName = Object.keys(files).find((n) => CHAT_FILE.test(n));
    if (!chatName) {
      if (options.format === 'whatsapp') throw new NitkaError('bad_input', `${fileName}: the zip holds no _chat.txt or "WhatsApp Chat with ….txt"`, { file: fileName });
      return empty;
    }
    text = files[chatName]!;
  } else {
    text = bytes();
  }

  const dateOrder = options.dateOrder ?? inferDateOrder((function* () {
    for (const l of linesOf(text)) yield l.text;
  })());
  if (!dateOrder) {
    throw new NitkaError(
      'bad_input',
      `${fileName}: the dates could be day/month or month/day and no day above 12 decides it; give the date order (--date-order dmy, mdy or ymd)`,
      { file: fileName, needs: 'dateOrder' },
    );
  }
  const timezone = caseSettings.timezone;
  const region = caseSettings.defaultRegion as CountryCode;

  const chatId = Number(
    db.prepare('INSERT INTO chats (source_id, platform, title, format, date_order, timezone) VALUES (?, ?, ?, ?, ?, ?)').run(sourceId, 'whatsapp', chatTitle(fileName), format, dateOrder, timezone).lastInsertRowid,
  );
  const upsertAccount = db.prepare(
    'INSERT INTO accounts (platform, key, display_name) VALUES (?, ?, ?) ON CONFLICT (platform, key) DO UPDATE SET display_name = coalesce(accounts.display_name, excluded.display_name) RETURNING id',
  );
  const upsertIdentifier = db.prepare('INSERT INTO identifiers (kind, value) VALUES (?, ?) ON CONFLICT (kind, value) DO UPDATE SET value = excluded.value RETURNING id');
  const insertMessage = db.prepare(
    `INSERT INTO messages (chat_id, source_id, sender_account_id, kind, sent_utc, time_text, timezone, body, event, media_file, media_omitted, deleted, edited, locator_line, locator_last_line, locator_offset)
     VALUES (@chat, @source, @sender, @kind, @utc, @timeText, @timezone, @body, @event, @mediaFile, @mediaOmitted, @deleted, @edited, @line, @lastLine, @offset)`,
  );
  const insertFts = db.prepare('INSERT INTO messages_fts (rowid, body) VALUES (?, ?)');
  const insertFragment = db.prepare('INSERT INTO fragments (source_id, text, locator_line, locator_offset) VALUES (?, ?, ?, ?)');
  const insertOccurrence = db.prepare('INSERT INTO occurrences (identifier_id, source_id, message_id, start, end, raw, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)');

  const accounts = new Map<string, number>();
  const identifiers = new Set<string>();
  const report: IngestReport = { format, dateOrder, timezone, messages: 0, systemEvents: 0, fragments: 0, accounts: 0, identifiers: 0 };

  const accountFor = (author: string): number => {
    const cached = accounts.get(author);
    if (cached !== undefined) return cached;
    // WhatsApp shows unsaved contacts by number: then the account is that phone.
    const phone = /^[+\d][\d\s()-]{6,}$/.test(author) ? parsePhoneNumberFromString(author, region) : undefined;
    const key = phone?.isValid() ? phone.number : `name:${sourceId}:${author}`;
    const id = (upsertAccount.get('whatsapp', key, author) as { id: number }).id;
    accounts.set(author, id);
    return id;
  };

  for (const rec of parseWhatsAppText(linesOf(text), { dateOrder, timezone })) {
    if (rec.kind === 'unparsed') {
      insertFragment.run(sourceId, rec.text, rec.line, rec.offset);
      report.fragments += 1;
      continue;
    }
    const isMessage = rec.kind === 'message';
    const messageId = Number(
      insertMessage.run({
        chat: chatId,
        source: sourceId,
        sender: isMessage ? accountFor(rec.author) : null,
        kind: rec.kind,
        utc: rec.utc,
        timeText: rec.timeText,
        timezone: rec.timezone,
        body: isMessage ? rec.body : rec.text,
        event: isMessage ? null : rec.event,
        mediaFile: isMessage ? (rec.media?.fileName ?? null) : null,
        mediaOmitted: isMessage && rec.media?.omitted ? 1 : 0,
        deleted: isMessage && rec.deleted ? 1 : 0,
        edited: isMessage && rec.edited ? 1 : 0,
        line: rec.line,
        lastLine: isMessage ? rec.lastLine : rec.line,
        offset: rec.offset,
      }).lastInsertRowid,
    );
    const body = isMessage ? rec.body : rec.text;
    insertFts.run(messageId, cyrillicToLatin(body));
    if (isMessage) report.messages += 1;
    else report.systemEvents += 1;
    for (const occ of extractIdentifiers(body, { regions: [region] })) {
      const identifierId = (upsertIdentifier.get(occ.kind, occ.value) as { id: number }).id;
      insertOccurrence.run(identifierId, sourceId, messageId, occ.start, occ.end, occ.raw, occ.confidence);
      identifiers.add(`${occ.kind}:${occ.value}`);
    }
  }
  report.accounts = accounts.size;
  report.identifiers = identifiers.size;
  return report;
}
