import type { Database } from 'better-sqlite3-multiple-ciphers';
import { NitkaError } from '../../../../shared/result';
import type { Migration } from './migration';
import { migration0010Init } from './0010-init';
import { migration0020Chats } from './0020-chats';
import { migration0030Mappings } from './0030-mappings';
import { migration0040Network } from './0040-network';
import { migration0050Transfers } from './0050-transfers';
import { migration0060Workbench } from './0060-workbench';

/** Every migration, in order. Append only; never edit one that has shipped. */
export const migrations: readonly Migration[] = [migration0010Init, migration0020Chats, migration0030Mappings, migration0040Network, migration0050Transfers, migration0060Workbench];

/** The schema version this build of Nitka writes. */
export const latestSchemaVersion = migrations[migrations.length - 1]?.version ?? 0;

/** Reads PRAGMA user_version. */
export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the case to the latest schema: all pending migrations in one transaction, so a crash
 * leaves the case at its old version. A case from a newer Nitka is refused, never downgraded.
 */
export function migrate(db: Database, path: string, list: readonly Migration[] = migrations): { from: number; to: number } {
  const from = schemaVersion(db);
  const latest = list[list.length - 1]?.version ?? 0;
  if (from > latest) {
    throw new NitkaError(
      'newer_version',
      `${path}: this case was written by a newer version of Nitka (schema ${from}; this Nitka reads up to ${latest}). Update Nitka to open it.`,
      { path, schemaVersion: from, supported: latest },
    );
  }
  const pending = list.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from };
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
  return { from, to: latest };
}
