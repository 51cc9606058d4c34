import type { Database } from 'better-sqlite3-multiple-ciphers';
import { CASE_LANGUAGES } from '../../../shared/api/contract';
import { appendAudit } from './audit-log';

type CaseLanguage = (typeof CASE_LANGUAGES)[number];

/** The settings of a case and the case_meta keys they live under. */
const KEYS = { name: 'name', timezone: 'timezone', defaultRegion: 'default_region', language: 'language' } as const;
export type CaseSettings = { [K in keyof typeof KEYS]?: string | undefined };

/**
 * Changes the case's name, time zone, default phone region or language; the audit entry records
 * each change as old → new. Nothing is logged when nothing changes. Sources already read keep the
 * zone and region they were read in (their messages say which).
 */
export function updateCaseSettings(db: Database, settings: CaseSettings, actor: string): void {
  const get = db.prepare('SELECT value FROM case_meta WHERE key = ?').pluck();
  const put = db.prepare('INSERT INTO case_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    const changes: Record<string, { from: string | null; to: string }> = {};
    for (const [field, key] of Object.entries(KEYS) as Array<[keyof typeof KEYS, string]>) {
      const to = settings[field]?.trim();
      if (to === undefined || to === '') continue;
      const from = (get.get(key) as string | undefined) ?? null;
      if (from === to) continue;
      put.run(key, to);
      changes[field] = { from, to };
    }
    if (Object.keys(changes).length) appendAudit(db, actor, 'case.settings', { changes });
  })();
}

/** The case's working language; a case from before migration 0060 set none and works in English. */
export function caseLanguage(db: Database): CaseLanguage {
  const value = db.prepare(`SELECT value FROM case_meta WHERE key = 'language'`).pluck().get() as string | undefined;
  return (CASE_LANGUAGES as readonly string[]).includes(value ?? '') ? (value as CaseLanguage) : 'en';
}
