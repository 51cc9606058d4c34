import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate, migrations, schemaVersion } from '../../../electron/core/store/migrations';

const before0060 = migrations.filter((m) => m.version < 60);
const plan = (db: Database.Database, sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => 1)) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');

describe('migration 0060-workbench', () => {
  it('adds victims, views and source reports as STRICT tables, and the language of the case', () => {
    const db = new Database(':memory:');
    migrate(db, ':memory:');
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(60);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('victims', 'victim_counter', 'views', 'source_reports')").all() as Array<{ name: string; sql: string }>;
    expect(tables.map((t) => t.name).sort()).toEqual(['source_reports', 'victim_counter', 'victims', 'views']);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
    expect(db.prepare(`SELECT value FROM case_meta WHERE key = 'language'`).pluck().get()).toBe('en');
    expect(db.prepare('SELECT last FROM victim_counter').pluck().get()).toBe(0);
    // Pseudonyms have one form, and a victim is a node of the case.
    db.exec(`INSERT INTO nodes (id, kind, value) VALUES (1, 'person', 'person:1')`);
    expect(() => db.exec(`INSERT INTO victims VALUES (1, 'Ana', 't', 'a', NULL, 1)`)).toThrow(/CHECK/);
    db.exec(`INSERT INTO victims VALUES (1, 'V-001', 't', 'a', NULL, 1)`);
    expect(() => db.exec(`INSERT INTO victims VALUES (1, 'V-002', 't', 'a', NULL, 1)`)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.exec(`INSERT INTO views VALUES ('v', 'not json', 't', 'a')`)).toThrow(/CHECK/);
  });

  it('the hot queries use indexes: victims by node and pseudonym, views and reports by key, evidence by source', () => {
    const db = new Database(':memory:');
    migrate(db, ':memory:');
    expect(plan(db, 'SELECT pseudonym FROM victims WHERE node_id = ?')).toMatch(/USING INTEGER PRIMARY KEY/);
    expect(plan(db, 'SELECT * FROM victims WHERE pseudonym = ?')).toMatch(/USING INDEX sqlite_autoindex_victims/);
    expect(plan(db, 'SELECT json FROM views WHERE name = ?')).toMatch(/USING INDEX sqlite_autoindex_views/);
    expect(plan(db, 'SELECT json FROM source_reports WHERE source_id = ?')).toMatch(/USING INTEGER PRIMARY KEY/);
    expect(plan(db, 'SELECT link_id FROM link_evidence WHERE source_id = ?')).toMatch(/USING COVERING INDEX link_evidence_source/);
  });

  it('carries the ingest report of every earlier source over from its audit entry', () => {
    const db = new Database(':memory:');
    migrate(db, ':memory:', before0060);
    db.exec(`INSERT INTO sources (id, sha256, size, file_name, acquired_at, ingested_at, ingested_by, chunk_size, chunk_count) VALUES (1, '${'a'.repeat(64)}', 0, 'chat.txt', 't', 't', 'a', 1, 0)`);
    const report = { format: 'whatsapp-txt', messages: 3 };
    const entry = db.prepare(`INSERT INTO audit_log (seq, at, actor, action, details, prev_hash, hash) VALUES (?, 't', 'a', ?, ?, ?, ?)`);
    entry.run(1, 'source.added', JSON.stringify({ sourceId: 1, report }), '0'.repeat(64), '1'.repeat(64));
    // a source whose row is gone (never in a sound case) and an entry without a report are passed over
    entry.run(2, 'source.added', JSON.stringify({ sourceId: 7, report }), '1'.repeat(64), '2'.repeat(64));
    entry.run(3, 'source.duplicate', JSON.stringify({ sourceId: 1 }), '2'.repeat(64), '3'.repeat(64));
    migrate(db, ':memory:');
    expect(db.prepare('SELECT source_id, json FROM source_reports').all().map((r) => ({ ...(r as { source_id: number }), json: JSON.parse((r as { json: string }).json) as unknown }))).toEqual([{ source_id: 1, json: report }]);
  });
});
