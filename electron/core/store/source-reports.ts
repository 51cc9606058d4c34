import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ingestReportSchema, type IngestReport } from '../../../shared/api/contract';

/** Keeps what the ingest of a source found; called inside the source's transaction. */
export function saveSourceReport(db: Database, sourceId: number, report: IngestReport): void {
  db.prepare('INSERT INTO source_reports (source_id, json) VALUES (?, ?) ON CONFLICT (source_id) DO UPDATE SET json = excluded.json').run(sourceId, JSON.stringify(report));
}

/** The ingest report of a source, or null for one stored without one. */
export function loadSourceReport(db: Database, sourceId: number): IngestReport | null {
  const json = db.prepare('SELECT json FROM source_reports WHERE source_id = ?').pluck().get(sourceId) as string | undefined;
  return json === undefined ? null : ingestReportSchema.parse(JSON.parse(json));
}
