import type { Migration } from './migration';

/**
 * Chats, accounts, messages, unparsed fragments, identifiers and their occurrences, and a
 * full-text index. Every derived row points back to its source and its place in it.
 */
export const migration0020Chats: Migration = {
  version: 20,
  name: 'chats',
  up: (db) => {
    db.exec(`
      CREATE TABLE chats (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources (id),
        platform TEXT NOT NULL,
        title TEXT NOT NULL,
        format TEXT NOT NULL,
        chat_key TEXT NOT NULL,
        date_order TEXT,
        timezone TEXT NOT NULL,
        UNIQUE (source_id, chat_key)
      ) STRICT;
      CREATE INDEX chats_source ON chats (source_id);

      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        key TEXT NOT NULL,
        display_name TEXT,
        UNIQUE (platform, key)
      ) STRICT;

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        chat_id INTEGER NOT NULL REFERENCES chats (id),
        source_id INTEGER NOT NULL REFERENCES sources (id),
        sender_account_id INTEGER REFERENCES accounts (id),
        kind TEXT NOT NULL CHECK (kind IN ('message', 'system')),
        sent_utc TEXT NOT NULL,
        time_text TEXT NOT NULL,
        -- the zone local times were read in; NULL when the export gave absolute times
        timezone TEXT,
        body TEXT NOT NULL,
        event TEXT,
        reply_to TEXT,
        forwarded_from TEXT,
        media_file TEXT,
        media_omitted INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        edited INTEGER NOT NULL DEFAULT 0,
        locator_line INTEGER,
        locator_last_line INTEGER,
        locator_offset INTEGER,
        locator_message_id TEXT,
        locator_entry TEXT
      ) STRICT;
      CREATE INDEX messages_chat_time ON messages (chat_id, sent_utc);

      -- Media files found beside a chat in its archive, hashed; the bytes stay in the source.
      CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages (id),
        source_id INTEGER NOT NULL REFERENCES sources (id),
        entry TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX attachments_message ON attachments (message_id);

      CREATE TABLE fragments (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources (id),
        text TEXT NOT NULL,
        locator_line INTEGER,
        locator_offset INTEGER,
        locator_entry TEXT
      ) STRICT;

      CREATE TABLE identifiers (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        UNIQUE (kind, value)
      ) STRICT;

      CREATE TABLE occurrences (
        id INTEGER PRIMARY KEY,
        identifier_id INTEGER NOT NULL REFERENCES identifiers (id),
        source_id INTEGER NOT NULL REFERENCES sources (id),
        message_id INTEGER REFERENCES messages (id),
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        raw TEXT NOT NULL,
        confidence REAL NOT NULL
      ) STRICT;
      CREATE INDEX occurrences_identifier ON occurrences (identifier_id);
      CREATE INDEX occurrences_message ON occurrences (message_id);

      -- Contentless: rowid is the message id; the indexed text is the body with Cyrillic
      -- transliterated to Latin, so either script finds both, and diacritics are folded.
      CREATE VIRTUAL TABLE messages_fts USING fts5 (body, content = '', tokenize = 'unicode61 remove_diacritics 2');
    `);
  },
};
