import fs from 'node:fs';
import path from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3-multiple-ciphers';
import { NitkaError } from '../../../shared/result';
import { migrate } from './migrations';

/** PRAGMA application_id of every Nitka case: "NITK". */
export const NITKA_APPLICATION_ID = 0x4e49544b;

const SQLITE_PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** SQL string literal with single quotes doubled; PRAGMA key takes no bound parameters. */
function sqlLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Selects SQLCipher 4 (AES-256-CBC, HMAC-SHA512, PBKDF2-SHA512 with 256,000 iterations) and sets
 * the key. better-sqlite3-multiple-ciphers defaults to ChaCha20; we pin SQLCipher so that a case
 * can also be opened by the standard sqlcipher tool in a lab.
 */
function applyKey(db: Db, passphrase: string): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = ${sqlLiteral(passphrase)}`);
}

function applyConnectionSettings(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // A large page cache keeps a big ingest transaction from spilling (and re-encrypting) pages
  // into the WAL over and over; 64 MiB keeps a whole ingest inside the 500 MB budget.
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
}

/** Sources at least this large are written with a rollback journal (see withRollbackJournal). */
export const ROLLBACK_JOURNAL_FROM_BYTES = 16 * 1024 * 1024;

/**
 * Runs one large write transaction (a big source: its chunks, messages, index and links, several
 * times the file's size) with a rollback journal instead of the WAL, then returns to the WAL.
 * SQLite's own advice (https://sqlite.org/wal.html, "WAL does not work well for very large
 * transactions … traditional rollback journal modes will likely be faster"), and on an encrypted
 * case much more so: in WAL mode every page is encrypted into the WAL, then at the checkpoint
 * read back, decrypted and encrypted again into the case file; with a rollback journal it is
 * encrypted and written once, and only the few pages that existed before are journaled. Same
 * crash safety (synchronous = FULL, the journal rolls an interrupted write back on the next open).
 * While it runs another connection cannot read the case; if one holds it open (it is in WAL
 * mode and cannot leave it), the write simply runs in the WAL as any other.
 */
export function withRollbackJournal<T>(db: Db, write: () => T): T {
  if (db.inTransaction) return write();
  let switched = false;
  try {
    switched = db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch {
    // SQLITE_BUSY: another connection has the case open; stay in the WAL.
  }
  try {
    return write();
  } finally {
    if (switched) {
      try {
        db.pragma('journal_mode = WAL');
      } catch {
        // Another connection opened the case meanwhile: the rollback journal is as safe, and the
        // next open of the case sets the WAL again.
      }
    }
  }
}

/** Writes one source's transaction: with a rollback journal when the source is large, else in the WAL. */
export function withSourceJournal<T>(db: Db, sourceBytes: number, write: () => T): T {
  return sourceBytes >= ROLLBACK_JOURNAL_FROM_BYTES ? withRollbackJournal(db, write) : write();
}

function readHeader(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = fs.readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens an existing case file. Fails with `not_found`, `not_a_case`, `wrong_passphrase` or
 * `newer_version` and in every failure writes nothing: the key is checked by a read before any
 * pragma that could write (journal mode, migrations).
 */
export function openCaseDb(file: string, passphrase: string): { db: Db; migrated: { from: number; to: number } } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new NitkaError('not_found', `${file}: no such case file`, { path: file });
  }
  if (!stat.isFile()) throw new NitkaError('not_a_case', `${file}: not a file`, { path: file });
  if (stat.size === 0) throw new NitkaError('not_a_case', `${file}: empty file, not a Nitka case`, { path: file });
  const header = readHeader(file);
  if (header.equals(SQLITE_PLAIN_HEADER)) {
    throw new NitkaError('not_a_case', `${file}: an unencrypted SQLite database, not a Nitka case`, { path: file });
  }

  let db: Db;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (e) {
    throw new NitkaError('io', `${file}: cannot open: ${(e as Error).message}`, { path: file });
  }
  try {
    applyKey(db, passphrase);
    let appId: number;
    try {
      appId = db.pragma('application_id', { simple: true }) as number;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB') {
        throw new NitkaError(
          'wrong_passphrase',
          `${file}: wrong passphrase, or the file is not a Nitka case (it cannot be decrypted)`,
          { path: file },
        );
      }
      throw e;
    }
    if (appId !== NITKA_APPLICATION_ID) {
      throw new NitkaError('not_a_case', `${file}: an encrypted database, but not a Nitka case`, { path: file });
    }
    applyConnectionSettings(db);
    const migrated = migrate(db, file);
    return { db, migrated };
  } catch (e) {
    db.close();
    if (e instanceof NitkaError) throw e;
    throw new NitkaError('io', `${file}: ${(e as Error).message}`, { path: file });
  }
}

/** Removes a case file and its WAL companions: only for a case whose creation failed. */
export function removeCaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** Creates a new, empty, encrypted case file at the latest schema. Refuses to overwrite. */
export function createCaseDb(file: string, passphrase: string): Db {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) throw new NitkaError('not_found', `${file}: folder ${dir} does not exist`, { path: file });
  if (fs.existsSync(file)) {
    throw new NitkaError('exists', `${file}: already exists; Nitka never overwrites a case`, { path: file });
  }
  let db: Db | undefined;
  try {
    db = new Database(file);
    applyKey(db, passphrase);
    db.pragma(`application_id = ${NITKA_APPLICATION_ID}`);
    applyConnectionSettings(db);
    migrate(db, file);
    return db;
  } catch (e) {
    db?.close();
    removeCaseFiles(file);
    if (e instanceof NitkaError) throw e;
    throw new NitkaError('io', `${file}: cannot create case: ${(e as Error).message}`, { path: file });
  }
}
