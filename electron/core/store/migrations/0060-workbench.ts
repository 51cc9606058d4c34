import type { Migration } from './migration';

/**
 * What the workbench keeps: the case's working language, victims shown under pseudonyms, saved
 * views of the network, and each source's ingest report (until now only inside its audit entry).
 */
export const migration0060Workbench: Migration = {
  version: 60,
  name: 'workbench',
  up: (db) => {
    db.exec(`
      INSERT INTO case_meta (key, value) VALUES ('language', 'en') ON CONFLICT (key) DO NOTHING;

      -- A pseudonym is never given twice, even after an unflag: the counter only grows.
      CREATE TABLE victim_counter (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL) STRICT;
      INSERT INTO victim_counter (id, last) VALUES (1, 0);

      CREATE TABLE victims (
        node_id INTEGER PRIMARY KEY REFERENCES nodes (id),
        pseudonym TEXT NOT NULL UNIQUE CHECK (pseudonym GLOB 'V-[0-9][0-9][0-9]*'),
        flagged_at TEXT NOT NULL,
        flagged_by TEXT NOT NULL,
        note TEXT,
        -- the audit entry of the flag
        audit_seq INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE views (
        name TEXT PRIMARY KEY,
        json TEXT NOT NULL CHECK (json_valid(json)),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      -- No foreign key: a report describes its source but is not evidence; verify checks the
      -- sources themselves, and a row left behind by a tampered case must not hide that.
      CREATE TABLE source_reports (
        source_id INTEGER PRIMARY KEY,
        json TEXT NOT NULL CHECK (json_valid(json))
      ) STRICT;
      -- Sources ingested before this version: their report is the one their audit entry recorded.
      INSERT INTO source_reports (source_id, json)
        SELECT json_extract(a.details, '$.sourceId'), json_extract(a.details, '$.report') FROM audit_log a
        WHERE a.action = 'source.added' AND json_type(a.details, '$.report') = 'object'
          AND json_extract(a.details, '$.sourceId') IN (SELECT id FROM sources)
        ON CONFLICT (source_id) DO NOTHING;

      -- The graph filtered by source reads a source's evidence rows, not every link's.
      CREATE INDEX link_evidence_source ON link_evidence (source_id, link_id);
    `);
  },
};
