import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CountryCode } from 'libphonenumber-js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { IngestReport } from '../../../shared/api/contract';
import { NitkaError } from '../../../shared/result';
import type { IngestItem } from '../../../workers/ingest/ingest.api';
import { EvidenceWriter } from './write-ads';
import { ChatLinker } from './link-chat';
import { TransferWriter } from './write-transfers';

/** What a source added, for the linking step that follows in the same transaction. */
export interface WrittenRows {
  adIds: number[];
  imageIds: Set<number>;
  /** account nodes the chat records added or changed, for resolution */
  touchedNodes: Set<number>;
  /** milliseconds spent linking chat records while writing them */
  chatLinkMs: number;
  transfers: number;
  labels: number;
}

/**
 * Writes what the ingest engine read from one source (chats, accounts, messages, attachments,
 * fragments, identifier occurrences, search text, ads, pictures) inside the caller's
 * transaction: if anything throws here, or the engine reports bad input midway, the source
 * itself is rolled back too.
 */
export function writeRecords(
  db: Database,
  source: { id: number; fileName: string; sha256: string; size: number },
  items: Iterable<IngestItem>,
  caseSettings: { timezone: string; defaultRegion: string; actor: string },
  onProgress?: (done: number, total: number) => void,
): { report: IngestReport; written: WrittenRows } {
  const timezone = caseSettings.timezone;
  const region = caseSettings.defaultRegion as CountryCode;
  const sourceId = source.id;
  const report: IngestReport = { format: 'raw', dateOrder: null, timezone: null, messages: 0, systemEvents: 0, fragments: 0, accounts: 0, identifiers: 0, attachments: 0, ads: 0, images: 0, transfers: 0, labels: 0, links: 0, suggestions: 0, clusters: 0 };
  const chain = new TransferWriter(db, sourceId);
  const evidence = new EvidenceWriter(db, source, caseSettings.actor);
  const linker = new ChatLinker(db, sourceId);

  const insertChat = db.prepare('INSERT INTO chats (source_id, platform, title, format, chat_key, date_order, timezone) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const upsertAccount = db.prepare(
    'INSERT INTO accounts (platform, key, display_name) VALUES (?, ?, ?) ON CONFLICT (platform, key) DO UPDATE SET display_name = coalesce(accounts.display_name, excluded.display_name) RETURNING id',
  );
  const upsertIdentifier = db.prepare('INSERT INTO identifiers (kind, value) VALUES (?, ?) ON CONFLICT (kind, value) DO UPDATE SET value = excluded.value RETURNING id');
  // Positional parameters: binding a named object costs more per row than the row itself.
  const insertMessage = db.prepare(
    `INSERT INTO messages (chat_id, source_id, sender_account_id, kind, sent_utc, time_text, timezone, body, event, reply_to, forwarded_from, media_file, media_omitted,
       deleted, edited, locator_line, locator_last_line, locator_offset, locator_message_id, locator_entry)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFts = db.prepare('INSERT INTO messages_fts (rowid, body) VALUES (?, ?)');
  const insertFragment = db.prepare('INSERT INTO fragments (source_id, text, locator_line, locator_offset, locator_entry) VALUES (?, ?, ?, ?, ?)');
  const insertOccurrence = db.prepare('INSERT INTO occurrences (identifier_id, source_id, message_id, start, end, raw, confidence) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertAttachment = db.prepare('INSERT INTO attachments (message_id, source_id, entry, sha256, size) VALUES (?, ?, ?, ?, ?)');

  const chats = new Map<string, { id: number; platform: string; title: string; accounts: Map<string, number> }>();
  /** account ids by platform, then by sender key as the parser gave it: no key strings built per message */
  const accounts = new Map<string, Map<string, number>>();
  const accountsOf = (platform: string): Map<string, number> => {
    let m = accounts.get(platform);
    if (!m) {
      m = new Map();
      accounts.set(platform, m);
    }
    return m;
  };
  const identifiers = new Map<string, number>();

  const accountFor = (platform: string, known: Map<string, number>, senderKey: string, senderName: string | null, keyIsName: boolean): number => {
    const cached = known.get(senderKey);
    if (cached !== undefined) return cached;
    let key: string;
    if (platform === 'whatsapp' || keyIsName) {
      // Apps show unsaved contacts by their number (WhatsApp always, tables from forensic tools
      // often): then the account is that phone. Any other display name may be shared by two
      // people in two sources, so it stays per source.
      const phone = /^[+\d][\d\s()-]{6,}$/.test(senderKey) ? parsePhoneNumberFromString(senderKey, region) : undefined;
      key = phone?.isValid() ? phone.number : `name:${sourceId}:${senderKey}`;
    } else {
      key = senderKey;
    }
    const id = (upsertAccount.get(platform, key, senderName) as { id: number }).id;
    known.set(senderKey, id);
    return id;
  };

  let ended = false;
  for (const item of items) {
    if (item.type === 'plan') {
      report.format = item.format;
      report.dateOrder = item.dateOrder;
      report.timezone = item.format === 'raw' ? null : timezone;
      if (item.mapping) {
        report.mapping = item.mapping.mapping;
        report.mappingName = item.mapping.name;
      }
      continue;
    }
    if (item.type === 'end') {
      // The engine read the file on its own; what it parsed must be what was stored.
      if (item.sha256 !== null && (item.sha256 !== source.sha256 || item.size !== source.size)) {
        throw new NitkaError('io', `${source.fileName}: the file changed while it was being read; nothing was stored`, { file: source.fileName });
      }
      ended = true;
      continue;
    }
    if (item.type !== 'records') continue;
    for (const { record: rec, occurrences, searchText, attachments, ad } of item.records) {
      if (rec.kind === 'chat') {
        const id = Number(insertChat.run(sourceId, rec.platform, rec.title, report.format, rec.key, report.dateOrder, timezone).lastInsertRowid);
        const known = accountsOf(rec.platform);
        chats.set(rec.key, { id, platform: rec.platform, title: rec.title, accounts: known });
        // Participants become accounts even when they never wrote in this export.
        for (const p of rec.participants ?? []) linker.participant(accountFor(rec.platform, known, p.key, p.name, true), id, rec.title);
        continue;
      }
      if (rec.kind === 'ad') {
        if (!ad) throw new NitkaError('internal', `${source.fileName}: an ad arrived without its facts`, { file: source.fileName });
        evidence.writeAd(rec, ad);
        report.ads += 1;
        continue;
      }
      if (rec.kind === 'image') {
        evidence.writeImage(rec.facts, {});
        continue;
      }
      if (rec.kind === 'transfer') {
        chain.transfer(rec);
        continue;
      }
      if (rec.kind === 'label') {
        chain.label(rec);
        continue;
      }
      if (rec.kind === 'unparsed') {
        insertFragment.run(sourceId, rec.text, rec.locator.line ?? null, rec.locator.offset ?? null, rec.locator.entry ?? null);
        report.fragments += 1;
        continue;
      }
      const chat = chats.get(rec.chatKey);
      if (!chat) throw new NitkaError('bad_input', `${source.fileName}: parser error: message for unknown chat '${rec.chatKey}'`, { file: source.fileName });
      const l = rec.locator;
      const sender = rec.senderKey ? accountFor(chat.platform, chat.accounts, rec.senderKey, rec.senderName, rec.senderKeyIsName === true) : null;
      const messageId = Number(
        insertMessage.run(
          chat.id,
          sourceId,
          sender,
          rec.kind,
          rec.utc,
          rec.timeText,
          rec.timezone,
          rec.body,
          rec.event,
          rec.replyTo,
          rec.forwardedFrom,
          rec.media?.fileName ?? null,
          rec.media?.omitted ? 1 : 0,
          rec.deleted ? 1 : 0,
          rec.edited ? 1 : 0,
          l.line ?? null,
          l.lastLine ?? l.line ?? null,
          l.offset ?? null,
          l.messageId ?? null,
          l.entry ?? null,
        ).lastInsertRowid,
      );
      insertFts.run(messageId, searchText ?? rec.body);
      linker.message(messageId, chat.id, chat.title, sender, rec.utc);
      if (rec.kind === 'message') report.messages += 1;
      else report.systemEvents += 1;
      for (const a of attachments) {
        insertAttachment.run(messageId, sourceId, a.entry, a.sha256, a.size);
        if (a.image) {
          evidence.writeImage(a.image, { messageId });
          linker.picture(a.image.sha256, messageId, chat.id, chat.title, sender, a.image.ref, rec.utc);
        }
        report.attachments += 1;
      }
      for (const occ of occurrences) {
        const key = `${occ.kind}:${occ.value}`;
        let identifierId = identifiers.get(key);
        if (identifierId === undefined) {
          identifierId = (upsertIdentifier.get(occ.kind, occ.value) as { id: number }).id;
          identifiers.set(key, identifierId);
        }
        const occurrenceId = Number(insertOccurrence.run(identifierId, sourceId, messageId, occ.start, occ.end, occ.raw, occ.confidence).lastInsertRowid);
        linker.occurrence(occurrenceId, messageId, chat.id, chat.title, sender, occ.kind, occ.value, occ.confidence, rec.utc);
      }
      if (rec.event === 'number_changed') linker.numberChanged(messageId, occurrences.filter((o) => o.kind === 'phone').map((o) => o.value), rec.utc);
    }
    onProgress?.(item.bytesDone, item.total);
  }
  if (!ended) throw new NitkaError('internal', `${source.fileName}: the ingest stopped before the end of the file`, { file: source.fileName });
  report.accounts = [...accounts.values()].reduce((n, m) => n + m.size, 0);
  report.identifiers = identifiers.size + evidence.identifierCount;
  report.images = evidence.imageIds.size;
  report.transfers = chain.transfers;
  report.labels = chain.labels;
  linker.finish();
  return { report, written: { adIds: evidence.adIds, imageIds: evidence.imageIds, touchedNodes: linker.touched, chatLinkMs: Math.round(linker.ms), transfers: chain.transfers, labels: chain.labels } };
}
