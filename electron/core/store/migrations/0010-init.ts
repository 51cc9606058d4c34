import type { Migration } from './migration';

/** The case skeleton: metadata, evidence sources stored byte for byte, and the audit log. */
export const migration0010Init: Migration = {
  version: 10,
  name: 'init',
  up: (db) => {
    db.exec(`
      CREATE TABLE case_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        size INTEGER NOT NULL CHECK (size >= 0),
        file_name TEXT NOT NULL,
        original_path TEXT,
        file_modified_at TEXT,
        acquired_at TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        ingested_by TEXT NOT NULL,
        exhibit TEXT,
        note TEXT,
        chunk_size INTEGER NOT NULL CHECK (chunk_size > 0),
        chunk_count INTEGER NOT NULL CHECK (chunk_count >= 0)
      ) STRICT;

      -- Original bytes in fixed-size chunks, so a large exhibit never has to sit in memory whole.
      CREATE TABLE source_chunks (
        source_id INTEGER NOT NULL REFERENCES sources (id),
        idx INTEGER NOT NULL CHECK (idx >= 0),
        data BLOB NOT NULL,
        PRIMARY KEY (source_id, idx)
      ) STRICT;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
        hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64)
      ) STRICT;

      -- Evidence and the log are append-only for Nitka itself; verify() still re-hashes
      -- everything, since anyone holding the passphrase can drop these triggers.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER sources_no_update BEFORE UPDATE ON sources
        BEGIN SELECT RAISE(ABORT, 'evidence sources are immutable'); END;
      CREATE TRIGGER sources_no_delete BEFORE DELETE ON sources
        BEGIN SELECT RAISE(ABORT, 'evidence sources are immutable'); END;
      CREATE TRIGGER source_chunks_no_update BEFORE UPDATE ON source_chunks
        BEGIN SELECT RAISE(ABORT, 'evidence sources are immutable'); END;
      CREATE TRIGGER source_chunks_no_delete BEFORE DELETE ON source_chunks
        BEGIN SELECT RAISE(ABORT, 'evidence sources are immutable'); END;
    `);
  },
};
