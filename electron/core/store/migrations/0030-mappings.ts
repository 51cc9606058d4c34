import type { Migration } from './migration';

/** Column mappings of message tables (CSV, XLSX), saved by name for the next table of that kind. */
export const migration0030Mappings: Migration = {
  version: 30,
  name: 'mappings',
  up: (db) => {
    db.exec(`
      CREATE TABLE column_mappings (
        name TEXT PRIMARY KEY,
        mapping TEXT NOT NULL CHECK (json_valid(mapping)),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
