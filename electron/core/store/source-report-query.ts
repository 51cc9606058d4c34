import type { Database } from 'better-sqlite3-multiple-ciphers';
import { DETECTED_FORMATS, type IngestReport, type SourceInfo, type SourceReport } from '../../../shared/api/contract';
import { NitkaError } from '../../../shared/result';
import { loadSourceReport } from './source-reports';

/** Unparsed fragments returned when the caller gives no limit. */
export const DEFAULT_FRAGMENT_LIMIT = 1000;

type Row = Record<string, unknown>;
const count = (db: Database, sql: string, ...params: unknown[]) => (db.prepare(sql).pluck().get(...params) as number | null) ?? 0;

/**
 * What one source's ingest found: the report kept with it (saved at ingest, or carried over
 * from its audit entry by migration 0060), or else the one its rows say now; and the lines that
 * fitted no rule, in file order, each with its line and byte offset.
 */
export function sourceReport(db: Database, source: SourceInfo, limit = DEFAULT_FRAGMENT_LIMIT): SourceReport {
  const report = loadSourceReport(db, source.id) ?? deriveIngestReport(db, source.id);
  // fragments has no source index (migration 0020): one pass over a table that holds only the
  // lines no parser understood, small beside messages.
  const fragments = (db
    .prepare('SELECT text, locator_line, locator_offset, locator_entry FROM fragments WHERE source_id = ? ORDER BY id LIMIT ?')
    .all(source.id, limit) as Array<{ text: string; locator_line: number | null; locator_offset: number | null; locator_entry: string | null }>).map((f) => ({
    line: f.locator_line,
    offset: f.locator_offset,
    text: f.locator_entry ? `${f.locator_entry}: ${f.text}` : f.text,
  }));
  return { source, report, fragments, fragmentCount: count(db, 'SELECT count(*) FROM fragments WHERE source_id = ?', source.id) };
}

/** The source row by id, or a not_found naming it. */
export function requireSource(db: Database, sourceId: number, toInfo: (r: Row) => SourceInfo): SourceInfo {
  const row = db.prepare('SELECT * FROM sources WHERE id = ?').get(sourceId) as Row | undefined;
  if (!row) throw new NitkaError('not_found', `no source #${sourceId} in this case (see the list of sources)`, { sourceId });
  return toInfo(row);
}

/**
 * The report of a source as its rows say, for a source that has none kept (stored raw by an
 * older Nitka, or its audit entry predates reports). Counts are what the case holds now from
 * this source; how much the network grew then cannot be recounted, so the network numbers
 * (links, suggestions, clusters) count what exists now: links with evidence from the source,
 * and no suggestions or clusters attributed to it.
 */
export function deriveIngestReport(db: Database, sourceId: number): IngestReport {
  // Messages by chat (chats_source, then messages_chat_time): messages has no source index.
  const chats = db.prepare('SELECT id, format, date_order, timezone FROM chats WHERE source_id = ? ORDER BY id').all(sourceId) as Array<{ id: number; format: string; date_order: string | null; timezone: string }>;
  const byChat = (sql: string) => chats.reduce((n, c) => n + count(db, sql, c.id), 0);
  const messages = byChat(`SELECT count(*) FROM messages WHERE chat_id = ? AND kind = 'message'`);
  const systemEvents = byChat(`SELECT count(*) FROM messages WHERE chat_id = ? AND kind = 'system'`);
  const attachments = byChat('SELECT count(*) FROM attachments WHERE message_id IN (SELECT id FROM messages WHERE chat_id = ?)');
  const senders = new Set<number>();
  for (const c of chats) for (const id of db.prepare('SELECT DISTINCT sender_account_id FROM messages WHERE chat_id = ? AND sender_account_id IS NOT NULL').pluck().all(c.id) as number[]) senders.add(id);
  const ads = count(db, 'SELECT count(*) FROM ads WHERE source_id = ?', sourceId);
  const transfers = count(db, 'SELECT count(*) FROM transfers WHERE source_id = ?', sourceId);
  const labels = count(db, 'SELECT count(*) FROM labels WHERE source_id = ?', sourceId);
  const images = count(db, 'SELECT count(DISTINCT image_id) FROM image_refs WHERE source_id = ?', sourceId);
  // The format is not in any row but a chat's; the audit entry of the ingest names it (a scan
  // of the log, on this fallback path only).
  const added = db.prepare(`SELECT json_extract(details, '$.report.format') FROM audit_log WHERE action = 'source.added' AND json_extract(details, '$.sourceId') = ? LIMIT 1`).pluck().get(sourceId) as string | null | undefined;
  const format = added ?? chats[0]?.format ?? 'raw';
  return {
    format: (DETECTED_FORMATS as readonly string[]).includes(format) ? (format as IngestReport['format']) : 'raw',
    dateOrder: (chats[0]?.date_order as IngestReport['dateOrder'] | undefined) ?? null,
    // times of a parsed source are read in the case's zone (a chat keeps the one it was read in)
    timezone: format === 'raw' ? null : (chats[0]?.timezone ?? (db.prepare(`SELECT value FROM case_meta WHERE key = 'timezone'`).pluck().get() as string | undefined) ?? null),
    messages,
    systemEvents,
    fragments: count(db, 'SELECT count(*) FROM fragments WHERE source_id = ?', sourceId),
    accounts: senders.size,
    identifiers: count(db, 'SELECT count(DISTINCT identifier_id) FROM occurrences WHERE source_id = ?', sourceId),
    attachments,
    ads,
    images,
    transfers,
    labels,
    links: count(db, 'SELECT count(DISTINCT link_id) FROM link_evidence WHERE source_id = ?', sourceId),
    suggestions: 0,
    clusters: 0,
  };
}
