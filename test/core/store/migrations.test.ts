import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaseDb, openCaseDb } from '../../../electron/core/store/case-db';
import { latestSchemaVersion, migrate, migrations, schemaVersion } from '../../../electron/core/store/migrations';
import { NitkaError } from '../../../shared/result';
import { makeTempDir } from '../../helpers/tmp';
import { openRaw } from '../../helpers/raw-db';

describe('migrations', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('are numbered, increasing and named like their files', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(migrations[0]).toMatchObject({ version: 10, name: 'init' });
    expect(latestSchemaVersion).toBe(versions.at(-1));
  });

  it('0010-init creates STRICT tables and the hot queries use indexes', () => {
    const db = new Database(':memory:');
    migrate(db, ':memory:', migrations.slice(0, 1));
    expect(schemaVersion(db)).toBe(10);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string; sql: string }>;
    expect(tables.map((t) => t.name).sort()).toEqual(['audit_log', 'case_meta', 'source_chunks', 'sources']);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => 1)) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan('SELECT * FROM sources WHERE sha256 = ?')).toMatch(/USING INDEX sqlite_autoindex_sources/);
    expect(plan('SELECT idx, data FROM source_chunks WHERE source_id = ? ORDER BY idx')).toMatch(/USING (PRIMARY KEY|INDEX sqlite_autoindex_source_chunks)/);
    expect(plan('SELECT idx, data FROM source_chunks WHERE source_id = ? ORDER BY idx')).not.toMatch(/TEMP B-TREE/);
    expect(plan('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).toMatch(/SCAN audit_log/);
    expect(plan('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).not.toMatch(/TEMP B-TREE/);
    expect(plan('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?')).toMatch(/USING INTEGER PRIMARY KEY/);
  });

  it('0020-chats adds chats, messages, identifiers and a full-text index whose hot queries use indexes', () => {
    const db = new Database(':memory:');
    migrate(db, ':memory:');
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => 1)) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan('SELECT * FROM messages WHERE chat_id = ? ORDER BY sent_utc')).toMatch(/USING INDEX messages_chat_time/);
    expect(plan('SELECT count(*) FROM occurrences WHERE identifier_id = ?')).toMatch(/USING (COVERING )?INDEX occurrences_identifier/);
    expect(plan('SELECT id FROM identifiers WHERE kind = ? AND value = ?')).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_identifiers/);
    db.prepare("INSERT INTO messages_fts (rowid, body) VALUES (1, 'Plaćanje unaprijed')").run();
    expect(db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'placanje'").all()).toEqual([{ rowid: 1 }]);
  });

  it('0040-network adds ads, pictures, nodes, links with evidence and suggestions whose hot queries use indexes', () => {
    const db = new Database(':memory:');
    migrate(db, ':memory:');
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN ('ads', 'images', 'image_refs', 'nodes', 'links', 'link_evidence', 'cluster_members', 'suggestions')").all() as Array<{ name: string; sql: string }>;
    expect(tables).toHaveLength(8);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => 1)) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan('SELECT id FROM nodes WHERE value = ?')).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_nodes/);
    expect(plan('SELECT id FROM links WHERE src = ? AND dst = ? AND kind = ?')).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_links/);
    expect(plan('SELECT src FROM links WHERE dst = ?')).toMatch(/USING (COVERING )?INDEX links_dst/);
    expect(plan('SELECT * FROM link_evidence WHERE link_id = ?')).toMatch(/USING INDEX link_evidence_link/);
    expect(plan('SELECT * FROM occurrences WHERE source_id = ?')).toMatch(/USING INDEX occurrences_source/);
    expect(plan('SELECT * FROM occurrences WHERE ad_id = ?')).toMatch(/USING INDEX occurrences_ad/);
    expect(plan('SELECT id FROM images WHERE sha256 = ?')).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_images/);
    expect(plan("SELECT * FROM suggestions WHERE status = ? ORDER BY score DESC")).toMatch(/USING INDEX suggestions_status/);
    expect(plan('SELECT * FROM cluster_members WHERE cluster_node = ?')).toMatch(/USING (PRIMARY KEY|INDEX sqlite_autoindex_cluster_members)/);
    // A WhatsApp account is its phone number's node; every other account is platform-scoped.
    db.exec("INSERT INTO accounts (platform, key, display_name) VALUES ('whatsapp', '+381641234567', NULL), ('telegram', 'user42', 'Ana'), ('whatsapp', 'name:1:Ana', 'Ana')");
    expect(db.prepare('SELECT kind, value FROM account_nodes ORDER BY account_id').all()).toEqual([
      { kind: 'phone', value: '+381641234567' }, { kind: 'account', value: 'account:telegram:user42' }, { kind: 'account', value: 'account:whatsapp:name:1:Ana' },
    ]);
    expect(() => db.exec("INSERT INTO suggestions (a, b, score, reasons, status, created_at) VALUES (2, 1, 1, '[]', 'open', 'now')")).toThrow(/CHECK|FOREIGN/);
  });

  it('0010-init makes evidence and the log append-only', () => {
    const db = new Database(':memory:');
    migrate(db, ':memory:');
    db.prepare("INSERT INTO audit_log VALUES (1, 't', 'a', 'x', '{}', ?, ?)").run('0'.repeat(64), '1'.repeat(64));
    expect(() => db.prepare("UPDATE audit_log SET action = 'y'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });

  it('run all pending steps in one transaction: a failing step leaves the old version', () => {
    const db = new Database(':memory:');
    const list = [
      ...migrations,
      { version: 20, name: 'ok', up: (d: Database.Database) => d.exec('CREATE TABLE extra (x INTEGER) STRICT') },
      { version: 30, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE nonsense (') },
    ];
    expect(() => migrate(db, 'mem', list)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'extra'").get()).toEqual({ n: 0 });
  });

  it('refuse a case written by a newer Nitka, with a clear message, and leave it untouched', () => {
    const file = path.join(dir, 'future.nitka');
    createCaseDb(file, 'pw').close();
    const raw = openRaw(file, 'pw');
    raw.pragma('user_version = 990');
    raw.close();
    let caught: unknown;
    try {
      openCaseDb(file, 'pw');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NitkaError);
    expect((caught as NitkaError).kind).toBe('newer_version');
    expect((caught as NitkaError).message).toContain(`newer version of Nitka (schema 990; this Nitka reads up to ${latestSchemaVersion})`);
    const check = openRaw(file, 'pw');
    expect(check.pragma('user_version', { simple: true })).toBe(990);
    check.close();
  });
});
