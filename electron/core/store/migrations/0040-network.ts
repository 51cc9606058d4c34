import type { Migration } from './migration';

/**
 * Ad listings and images as evidence, and the network built from everything: one node per
 * canonical identifier, account, chat, ad, image, person and ad cluster; links with a kind, a
 * weight and the evidence that made them; resolution suggestions the analyst decides on.
 */
export const migration0040Network: Migration = {
  version: 40,
  name: 'network',
  up: (db) => {
    db.exec(`
      CREATE TABLE ads (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources (id),
        site TEXT,
        -- the ad's own id as given in its source
        ad_key TEXT NOT NULL,
        url TEXT,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        posted_utc TEXT,
        posted_text TEXT,
        location TEXT,
        price TEXT,
        author TEXT,
        -- the region phone numbers of this ad were read in, and why
        phone_region TEXT NOT NULL,
        phone_region_from TEXT NOT NULL,
        contacts TEXT NOT NULL CHECK (json_valid(contacts)),
        -- the image references as the capture gave them; the ones found are in image_refs
        images TEXT NOT NULL CHECK (json_valid(images)),
        extra TEXT NOT NULL CHECK (json_valid(extra)),
        -- MinHash signature of the folded text, so linking later never re-reads the text
        signature BLOB,
        locator_line INTEGER,
        locator_offset INTEGER,
        locator_pointer TEXT,
        locator_entry TEXT
      ) STRICT;
      CREATE INDEX ads_source ON ads (source_id);
      CREATE INDEX ads_key ON ads (site, ad_key);

      -- One row per distinct image content; where it was seen is in image_refs.
      CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        size INTEGER NOT NULL,
        media_type TEXT,
        width INTEGER,
        height INTEGER,
        phash TEXT,
        phash_error TEXT
      ) STRICT;
      CREATE INDEX images_phash ON images (phash);

      CREATE TABLE image_refs (
        id INTEGER PRIMARY KEY,
        image_id INTEGER NOT NULL REFERENCES images (id),
        source_id INTEGER NOT NULL REFERENCES sources (id),
        ad_id INTEGER REFERENCES ads (id),
        message_id INTEGER REFERENCES messages (id),
        -- the name the ad or message gave, and where the bytes are (zip entry, or the source itself)
        ref TEXT NOT NULL,
        entry TEXT
      ) STRICT;
      CREATE INDEX image_refs_image ON image_refs (image_id);
      CREATE INDEX image_refs_ad ON image_refs (ad_id);

      -- Identifiers in ads: which field they were read from, offsets within that field.
      ALTER TABLE occurrences ADD COLUMN ad_id INTEGER REFERENCES ads (id);
      ALTER TABLE occurrences ADD COLUMN field TEXT;
      CREATE INDEX occurrences_ad ON occurrences (ad_id);
      CREATE INDEX occurrences_source ON occurrences (source_id);

      CREATE TABLE nodes (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'url', 'handle', 'wallet', 'iban', 'account', 'chat', 'ad', 'image', 'person', 'cluster')),
        -- canonical: +381641234567, tron:T…, telegram:x, whatsapp:name:3:Dragan, chat:7, ad:site/id, image:<sha256>, cluster:12, person:4
        value TEXT NOT NULL UNIQUE,
        label TEXT
      ) STRICT;
      CREATE INDEX nodes_kind ON nodes (kind);

      CREATE TABLE links (
        id INTEGER PRIMARY KEY,
        src INTEGER NOT NULL REFERENCES nodes (id),
        dst INTEGER NOT NULL REFERENCES nodes (id),
        kind TEXT NOT NULL CHECK (kind IN ('uses', 'member_of', 'sent', 'mentions', 'lists_contact', 'posted', 'shares_image', 'similar_to', 'same_as', 'paid')),
        weight REAL NOT NULL,
        evidence_count INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT,
        last_seen TEXT,
        UNIQUE (src, dst, kind)
      ) STRICT;
      CREATE INDEX links_dst ON links (dst);

      -- What made a link: a message, an identifier occurrence, an ad, an image, or an analyst's
      -- decision (audit entry). The excerpt is read from the referenced row when there is one.
      CREATE TABLE link_evidence (
        id INTEGER PRIMARY KEY,
        link_id INTEGER NOT NULL REFERENCES links (id),
        source_id INTEGER REFERENCES sources (id),
        occurrence_id INTEGER REFERENCES occurrences (id),
        message_id INTEGER REFERENCES messages (id),
        ad_id INTEGER REFERENCES ads (id),
        audit_seq INTEGER,
        note TEXT,
        at TEXT
      ) STRICT;
      CREATE INDEX link_evidence_link ON link_evidence (link_id);

      CREATE TABLE cluster_members (
        cluster_node INTEGER NOT NULL REFERENCES nodes (id),
        ad_id INTEGER NOT NULL REFERENCES ads (id),
        similarity REAL NOT NULL,
        PRIMARY KEY (cluster_node, ad_id)
      ) STRICT;
      CREATE INDEX cluster_members_ad ON cluster_members (ad_id);

      CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY,
        a INTEGER NOT NULL REFERENCES nodes (id),
        b INTEGER NOT NULL REFERENCES nodes (id),
        score REAL NOT NULL,
        reasons TEXT NOT NULL CHECK (json_valid(reasons)),
        status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'rejected')),
        created_at TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT,
        -- the person node an accepted suggestion made or joined
        person INTEGER REFERENCES nodes (id),
        CHECK (a < b),
        UNIQUE (a, b)
      ) STRICT;
      CREATE INDEX suggestions_status ON suggestions (status, score);

      -- The node of each account: a WhatsApp account is its phone number (one node for the
      -- number whether it wrote in a chat, was listed in an ad or named in a Telegram message).
      CREATE VIEW account_nodes AS
        SELECT id AS account_id,
               CASE WHEN platform = 'whatsapp' AND key GLOB '+[0-9]*' THEN 'phone' ELSE 'account' END AS kind,
               CASE WHEN platform = 'whatsapp' AND key GLOB '+[0-9]*' THEN key ELSE 'account:' || platform || ':' || key END AS value,
               display_name AS label
        FROM accounts;
    `);
  },
};
