import type { Migration } from './migration';

/**
 * Crypto transfers from explorer/exchange exports and node RPC, address labels, and saved traces.
 * Amounts are integer base units stored as decimal TEXT (a uint256 does not fit an INTEGER);
 * the tracing engine reads them as BigInt.
 */
export const migration0050Transfers: Migration = {
  version: 50,
  name: 'transfers',
  up: (db) => {
    db.exec(`
      CREATE TABLE transfers (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources (id),
        chain TEXT NOT NULL CHECK (chain IN ('eth', 'tron', 'btc')),
        asset TEXT NOT NULL,
        symbol TEXT NOT NULL,
        decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 36),
        from_addr TEXT NOT NULL,
        to_addr TEXT NOT NULL,
        amount TEXT NOT NULL CHECK (amount GLOB '[0-9]*' AND amount NOT GLOB '*[^0-9]*'),
        tx TEXT NOT NULL,
        idx TEXT NOT NULL,
        block INTEGER,
        time_utc TEXT NOT NULL,
        type TEXT NOT NULL CHECK (type IN ('native', 'token', 'internal')),
        status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
        locator_line INTEGER,
        locator_pointer TEXT,
        locator_entry TEXT,
        -- the same movement read from two sources (an Etherscan export and the node) is one fact
        UNIQUE (chain, tx, idx, asset, from_addr, to_addr, source_id)
      ) STRICT;
      CREATE INDEX transfers_from ON transfers (from_addr, time_utc);
      CREATE INDEX transfers_to ON transfers (to_addr, time_utc);
      CREATE INDEX transfers_source ON transfers (source_id);

      CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        address TEXT NOT NULL,
        label TEXT NOT NULL,
        category TEXT,
        origin TEXT,
        source_id INTEGER REFERENCES sources (id),
        locator_line INTEGER,
        locator_pointer TEXT
      ) STRICT;
      CREATE INDEX labels_address ON labels (address);

      -- Responses of a user-configured node, by request, so a fetch resumes and is reproducible.
      CREATE TABLE rpc_cache (
        endpoint TEXT NOT NULL,
        request TEXT NOT NULL,
        response TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (endpoint, request)
      ) STRICT;

      -- a paid link's evidence is the transfer itself
      ALTER TABLE link_evidence ADD COLUMN transfer_id INTEGER REFERENCES transfers (id);

      CREATE TABLE traces (
        id INTEGER PRIMARY KEY,
        seed TEXT NOT NULL,
        params TEXT NOT NULL CHECK (json_valid(params)),
        fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
        result TEXT NOT NULL CHECK (json_valid(result)),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
    `);
  },
};
