import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaseDb, NITKA_APPLICATION_ID, openCaseDb, ROLLBACK_JOURNAL_FROM_BYTES, withRollbackJournal, withSourceJournal } from '../../../electron/core/store/case-db';
import { latestSchemaVersion } from '../../../electron/core/store/migrations';
import { NitkaError } from '../../../shared/result';
import { makeTempDir } from '../../helpers/tmp';
import { openRaw } from '../../helpers/raw-db';

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof NitkaError) return e.kind;
    throw e;
  }
  throw new Error('expected a NitkaError');
}

const fileHash = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('the encrypted case database', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('is SQLCipher 4 with AES-256: unreadable as plain SQLite, readable with the SQLCipher settings', () => {
    const file = path.join(dir, 'c.nitka');
    createCaseDb(file, 'pw').close();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes(Buffer.from('CREATE TABLE'))).toBe(false);

    const plain = new Database(file, { fileMustExist: true });
    expect(() => plain.pragma('user_version')).toThrow(/not a database|encrypted/);
    plain.close();

    const raw = openRaw(file, 'pw');
    expect(raw.pragma('cipher', { simple: true })).toBe('sqlcipher');
    expect(raw.pragma('application_id', { simple: true })).toBe(NITKA_APPLICATION_ID);
    expect(raw.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('refuses a wrong passphrase and changes nothing in the file', () => {
    const file = path.join(dir, 'c.nitka');
    createCaseDb(file, 'right').close();
    const before = fileHash(file);
    const mtime = fs.statSync(file).mtimeMs;
    expect(kindOf(() => openCaseDb(file, 'wrong'))).toBe('wrong_passphrase');
    expect(fileHash(file)).toBe(before);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses files that are not Nitka cases', () => {
    const plainDb = path.join(dir, 'plain.sqlite');
    const p = new Database(plainDb);
    p.exec('CREATE TABLE t (x)');
    p.close();
    expect(kindOf(() => openCaseDb(plainDb, 'pw'))).toBe('not_a_case');

    const otherEncrypted = path.join(dir, 'other.db');
    const o = new Database(otherEncrypted);
    o.pragma(`cipher = 'sqlcipher'`);
    o.pragma('legacy = 4');
    o.pragma(`key = 'pw'`);
    o.exec('CREATE TABLE t (x)');
    o.close();
    expect(kindOf(() => openCaseDb(otherEncrypted, 'pw'))).toBe('not_a_case');

    fs.mkdirSync(path.join(dir, 'folder.nitka'));
    expect(kindOf(() => openCaseDb(path.join(dir, 'folder.nitka'), 'pw'))).toBe('not_a_case');
  });

  it('refuses to create over an existing file or in a missing folder', () => {
    const file = path.join(dir, 'c.nitka');
    fs.writeFileSync(file, 'x');
    expect(kindOf(() => createCaseDb(file, 'pw'))).toBe('exists');
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
    expect(kindOf(() => createCaseDb(path.join(dir, 'no', 'such', 'c.nitka'), 'pw'))).toBe('not_found');
  });

  it('handles passphrases with quotes and non-Latin letters', () => {
    const file = path.join(dir, 'c.nitka');
    const pass = `it's "Ђорђе" šifra ✓`;
    createCaseDb(file, pass).close();
    openCaseDb(file, pass).db.close();
    expect(kindOf(() => openCaseDb(file, "it's"))).toBe('wrong_passphrase');
  });

  describe('a large source written with a rollback journal', () => {
    it('writes once, encrypted, and returns to the WAL; nothing is left beside the case', () => {
      const file = path.join(dir, 'c.nitka');
      const db = createCaseDb(file, 'pw');
      db.exec('CREATE TABLE big (x BLOB)');
      const modes = withRollbackJournal(db, () =>
        db.transaction(() => {
          for (let i = 0; i < 300; i++) db.prepare('INSERT INTO big (x) VALUES (?)').run(Buffer.alloc(64 * 1024, i));
          return { during: db.pragma('journal_mode', { simple: true }), journal: fs.existsSync(`${file}-journal`), wal: fs.existsSync(`${file}-wal`) };
        })(),
      );
      // The pages went to the case file itself (no WAL to checkpoint), the old ones into a journal.
      expect(modes).toEqual({ during: 'delete', journal: true, wal: false });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(fs.existsSync(`${file}-journal`)).toBe(false);
      db.close();
      const raw = openRaw(file, 'pw');
      expect(raw.prepare('SELECT count(*) FROM big').pluck().get()).toBe(300);
      expect(fs.readFileSync(file).includes(Buffer.alloc(1024, 7))).toBe(false);
      raw.close();
    });

    it('rolls a failed write back whole and returns to the WAL', () => {
      const file = path.join(dir, 'c.nitka');
      const db = createCaseDb(file, 'pw');
      db.exec('CREATE TABLE big (x BLOB)');
      db.prepare('INSERT INTO big (x) VALUES (?)').run(Buffer.alloc(10, 1));
      expect(() =>
        withRollbackJournal(db, () =>
          db.transaction(() => {
            for (let i = 0; i < 300; i++) db.prepare('INSERT INTO big (x) VALUES (?)').run(Buffer.alloc(64 * 1024, i));
            throw new Error('parser failed midway');
          })(),
        ),
      ).toThrow('parser failed midway');
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare('SELECT count(*) FROM big').pluck().get()).toBe(1);
      db.close();
    });

    it('stays in the WAL while another connection has the case open, and inside a transaction', () => {
      const file = path.join(dir, 'c.nitka');
      const db = createCaseDb(file, 'pw');
      db.exec('CREATE TABLE big (x BLOB)');
      const other = openCaseDb(file, 'pw').db;
      expect(other.prepare('SELECT count(*) FROM big').pluck().get()).toBe(0);
      const mode = withRollbackJournal(db, () => db.transaction(() => {
        db.prepare('INSERT INTO big (x) VALUES (?)').run(Buffer.alloc(10));
        return db.pragma('journal_mode', { simple: true });
      })());
      expect(mode).toBe('wal');
      expect(other.prepare('SELECT count(*) FROM big').pluck().get()).toBe(1);
      other.close();
      expect(db.transaction(() => withRollbackJournal(db, () => db.pragma('journal_mode', { simple: true })))()).toBe('wal');
      db.close();
    });

    it('is used from a size on; smaller sources stay in the WAL', () => {
      const file = path.join(dir, 'c.nitka');
      const db = createCaseDb(file, 'pw');
      const mode = () => db.pragma('journal_mode', { simple: true });
      expect(withSourceJournal(db, ROLLBACK_JOURNAL_FROM_BYTES - 1, mode)).toBe('wal');
      expect(withSourceJournal(db, ROLLBACK_JOURNAL_FROM_BYTES, mode)).toBe('delete');
      expect(mode()).toBe('wal');
      db.close();
    });
  });
});
