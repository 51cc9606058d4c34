import type { Database } from 'better-sqlite3-multiple-ciphers';
import { foldName } from '../../../shared/names/fold-name';
import type { WrittenRows } from './write-records';

/**
 * The structural links the ads of one source add to the network, written in set-based SQL inside
 * the source's transaction. Each fact is one piece of evidence — an identifier occurrence, an ad
 * — gathered in a temporary table, then folded into `links` (weight and counts add up across
 * sources) and `link_evidence` (one row per fact, pointing at the row it came from).
 */

/** The value of an ad's node, for an `ads a` row: one node per site (case-insensitive) and ad id, however often it was captured. */
export const AD_NODE = `'ad:' || coalesce(lower(a.site), '-') || '/' || a.ad_key`;
const AUTHOR_NODE = `'account:' || coalesce(lower(a.site), '-') || ':' || a.author`;
/** contact fields that hold a person's name rather than a way to reach them */
const NAME_FIELD = /(^|_|\b)(name|ime|osoba|person|kontakt_?osoba|contact_?name|emri|име)($|_|\b)/i;

function prepareLinkFacts(db: Database): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS link_facts (
    src INTEGER NOT NULL, dst INTEGER NOT NULL, kind TEXT NOT NULL,
    w REAL NOT NULL, n INTEGER NOT NULL, first_at TEXT, last_at TEXT,
    occurrence_id INTEGER, message_id INTEGER, ad_id INTEGER, note TEXT)`);
}

/** Moves the gathered facts into links and their evidence. */
function flushFacts(db: Database, sourceId: number): void {
  db.prepare(
    `INSERT INTO links (src, dst, kind, weight, evidence_count, first_seen, last_seen)
     SELECT src, dst, kind, sum(w), sum(n), min(first_at), max(last_at) FROM temp.link_facts WHERE src <> dst GROUP BY src, dst, kind
     ON CONFLICT (src, dst, kind) DO UPDATE SET
       weight = links.weight + excluded.weight,
       evidence_count = links.evidence_count + excluded.evidence_count,
       first_seen = coalesce(min(links.first_seen, excluded.first_seen), links.first_seen, excluded.first_seen),
       last_seen = coalesce(max(links.last_seen, excluded.last_seen), links.last_seen, excluded.last_seen)`,
  ).run();
  db.prepare(
    `INSERT INTO link_evidence (link_id, source_id, occurrence_id, message_id, ad_id, note, at)
     SELECT l.id, ?, f.occurrence_id, f.message_id, f.ad_id, f.note, f.first_at
     FROM temp.link_facts f JOIN links l ON l.src = f.src AND l.dst = f.dst AND l.kind = f.kind WHERE f.src <> f.dst`,
  ).run(sourceId);
  db.exec('DELETE FROM temp.link_facts');
}

/**
 * Nodes and links of the ads one source added (its chat records were linked while they were
 * written, see link-chat.ts); returns the account and person nodes it touched.
 */
export function linkSource(db: Database, sourceId: number, written: WrittenRows): { touchedNodes: number[] } {
  prepareLinkFacts(db);
  const touched = new Set<number>(written.touchedNodes);
  db.prepare(`INSERT INTO nodes (kind, value) SELECT 'image', 'image:' || sha256 FROM images WHERE id IN (SELECT value FROM json_each(?)) ON CONFLICT (value) DO NOTHING`).run(JSON.stringify([...written.imageIds]));
  if (written.adIds.length === 0) return { touchedNodes: [...touched] };

  // Nodes: identifiers, ads and their posters.
  db.prepare(
    `INSERT INTO nodes (kind, value) SELECT DISTINCT i.kind, i.value FROM occurrences o JOIN identifiers i ON i.id = o.identifier_id
     WHERE o.source_id = ? AND o.ad_id IS NOT NULL ON CONFLICT (value) DO NOTHING`,
  ).run(sourceId);
  db.prepare(`INSERT INTO nodes (kind, value, label) SELECT 'ad', ${AD_NODE}, a.title FROM ads a WHERE a.source_id = ? ON CONFLICT (value) DO NOTHING`).run(sourceId);
  const authors = db
    .prepare(
      `INSERT INTO nodes (kind, value, label) SELECT DISTINCT 'account', ${AUTHOR_NODE}, a.author FROM ads a WHERE a.source_id = ? AND a.author IS NOT NULL
       ON CONFLICT (value) DO UPDATE SET label = coalesce(nodes.label, excluded.label) RETURNING id`,
    )
    .pluck()
    .all(sourceId) as number[];
  for (const id of authors) touched.add(id);

  const facts = (sql: string, ...params: unknown[]) => {
    db.prepare(`INSERT INTO temp.link_facts (src, dst, kind, w, n, first_at, last_at, occurrence_id, message_id, ad_id, note) ${sql}`).run(...params);
    flushFacts(db, sourceId);
  };

  // Ads: what they list as contact and mention in their text, who posted them, their pictures.
  facts(
    `SELECT adn.id, inode.id, CASE WHEN o.field LIKE 'contact:%' THEN 'lists_contact' ELSE 'mentions' END, o.confidence, 1, a.posted_utc, a.posted_utc, o.id, NULL, a.id, NULL
     FROM occurrences o JOIN ads a ON a.id = o.ad_id JOIN identifiers i ON i.id = o.identifier_id
     JOIN nodes inode ON inode.value = i.value JOIN nodes adn ON adn.value = ${AD_NODE}
     WHERE o.source_id = ? AND o.ad_id IS NOT NULL`,
    sourceId,
  );
  facts(
    `SELECT au.id, adn.id, 'posted', 1, 1, a.posted_utc, a.posted_utc, NULL, NULL, a.id, NULL
     FROM ads a JOIN nodes au ON au.value = ${AUTHOR_NODE} JOIN nodes adn ON adn.value = ${AD_NODE}
     WHERE a.source_id = ? AND a.author IS NOT NULL`,
    sourceId,
  );
  facts(
    `SELECT adn.id, img.id, 'shares_image', 1, 1, a.posted_utc, a.posted_utc, NULL, NULL, a.id, r.ref
     FROM image_refs r JOIN ads a ON a.id = r.ad_id JOIN images i ON i.id = r.image_id
     JOIN nodes img ON img.value = 'image:' || i.sha256 JOIN nodes adn ON adn.value = ${AD_NODE}
     WHERE a.source_id = ?`,
    sourceId,
  );
  for (const id of linkContactPersons(db, sourceId)) touched.add(id);
  return { touchedNodes: [...touched] };
}

/**
 * A name in an ad's contact fields ("Kontakt: Dragan") is a person as far as that ad says: a
 * node of its own, scoped to the ad (two ads naming "Dragan" need not mean one man), who uses
 * the ad's phones and handles. Resolution suggestions then propose who is the same.
 */
function linkContactPersons(db: Database, sourceId: number): number[] {
  const ads = db.prepare(`SELECT a.id, ${AD_NODE} AS node, a.contacts, a.posted_utc FROM ads a WHERE a.source_id = ?`).all(sourceId) as Array<{ id: number; node: string; contacts: string; posted_utc: string | null }>;
  const upsertPerson = db.prepare(`INSERT INTO nodes (kind, value, label) VALUES ('person', ?, ?) ON CONFLICT (value) DO UPDATE SET label = excluded.label RETURNING id`);
  const contactNodes = db.prepare(
    `SELECT DISTINCT n.id FROM occurrences o JOIN identifiers i ON i.id = o.identifier_id JOIN nodes n ON n.value = i.value
     WHERE o.ad_id = ? AND o.field LIKE 'contact:%' AND i.kind IN ('phone', 'email', 'handle')`,
  );
  const adNode = db.prepare('SELECT id FROM nodes WHERE value = ?');
  const insertFact = db.prepare(`INSERT INTO temp.link_facts (src, dst, kind, w, n, first_at, last_at, occurrence_id, message_id, ad_id, note) VALUES (?, ?, ?, 1, 1, ?, ?, NULL, NULL, ?, ?)`);
  const out: number[] = [];
  for (const ad of ads) {
    const names = (JSON.parse(ad.contacts) as Array<{ field: string; value: string }>).filter((c) => NAME_FIELD.test(c.field) && /\p{L}{2}/u.test(c.value) && !/\d{4}/.test(c.value));
    if (!names.length) continue;
    const adId = (adNode.get(ad.node) as { id: number }).id;
    const reach = (contactNodes.all(ad.id) as Array<{ id: number }>).map((r) => r.id);
    for (const c of names) {
      const name = c.value.trim();
      const person = (upsertPerson.get(`person:${ad.node}#${foldName(name)}`, name) as { id: number }).id;
      out.push(person);
      insertFact.run(adId, person, 'lists_contact', ad.posted_utc, ad.posted_utc, ad.id, `${c.field}: ${name}`);
      for (const r of reach) insertFact.run(person, r, 'uses', ad.posted_utc, ad.posted_utc, ad.id, `named beside it as "${name}" in the ad's contacts`);
    }
  }
  flushFacts(db, sourceId);
  return out;
}
