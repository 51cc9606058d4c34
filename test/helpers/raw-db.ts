import Database, { type Database as Db } from 'better-sqlite3-multiple-ciphers';

/** Opens a case file directly, as someone holding the passphrase could: "behind Nitka's back". */
export function openRaw(file: string, passphrase: string): Db {
  const db = new Database(file, { fileMustExist: true });
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = '${passphrase.replace(/'/g, "''")}'`);
  return db;
}
