import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCaseDb, NITKA_APPLICATION_ID, openCaseDb } from '../../../electron/core/store/case-db';
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
});
