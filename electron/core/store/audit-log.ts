import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { canonicalJson } from '../../../shared/canonical-json';
import type { AuditEntry, VerifyProblem } from '../../../shared/api/contract';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** The SHA-256 of one entry: over its sequence number, content and the previous entry's hash. */
export function auditEntryHash(e: { seq: number; at: string; actor: string; action: string; details: unknown; prevHash: string }): string {
  const content = canonicalJson({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, details: e.details, prevHash: e.prevHash });
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

function toEntry(row: AuditRow): AuditEntry {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(row.details) as Record<string, unknown>;
  } catch {
    details = { unreadable: row.details };
  }
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, details, prevHash: row.prev_hash, hash: row.hash };
}

/**
 * Appends one entry to the hash-chained log. Call it inside the transaction that performs the
 * action, so the action and its record commit or vanish together.
 */
export function appendAudit(db: Database, actor: string, action: string, details: Record<string, unknown>, at = new Date().toISOString()): AuditEntry {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  // Round-trip through canonical JSON so what is hashed is exactly what is stored and re-read.
  const stored = canonicalJson(details);
  const parsed = JSON.parse(stored) as Record<string, unknown>;
  const hash = auditEntryHash({ seq, at, actor, action, details: parsed, prevHash });
  db.prepare('INSERT INTO audit_log (seq, at, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    seq, at, actor, action, stored, prevHash, hash,
  );
  db.prepare("INSERT INTO case_meta (key, value) VALUES ('audit_head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
    `${seq}:${hash}`,
  );
  return { seq, at, actor, action, details: parsed, prevHash, hash };
}

/** Reads a page of the log in order. */
export function readAudit(db: Database, afterSeq = 0, limit = 1000): AuditEntry[] {
  const rows = db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as AuditRow[];
  return rows.map(toEntry);
}

/**
 * Re-hashes the whole chain: each entry's own hash, its link to the previous one, gap-free
 * numbering, and the head recorded in case_meta (which catches entries cut off the end).
 */
export function verifyAuditChain(db: Database): { entries: AuditEntry[]; problems: VerifyProblem[] } {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
  const problems: VerifyProblem[] = [];
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of rows) {
    const entry = toEntry(row);
    entries.push(entry);
    const label = `audit entry #${row.seq} (${row.action}, ${row.at})`;
    if (row.seq !== expectedSeq) {
      problems.push({ target: 'audit', ref: row.seq, message: `${label}: expected entry #${expectedSeq} here; entries are missing` });
    }
    if (row.prev_hash !== prevHash) {
      problems.push({ target: 'audit', ref: row.seq, message: `${label}: does not link to the previous entry (chain broken)` });
    }
    let recomputed: string | null = null;
    try {
      recomputed = auditEntryHash({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, details: JSON.parse(row.details), prevHash: row.prev_hash });
    } catch {
      recomputed = null;
    }
    if (recomputed !== row.hash) {
      problems.push({ target: 'audit', ref: row.seq, message: `${label}: content was altered (its SHA-256 does not match)` });
    }
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
  }
  const head = db.prepare("SELECT value FROM case_meta WHERE key = 'audit_head'").get() as { value: string } | undefined;
  const last = rows[rows.length - 1];
  const actualHead = last ? `${last.seq}:${last.hash}` : undefined;
  if (head?.value !== actualHead) {
    problems.push({
      target: 'audit',
      ref: last?.seq ?? null,
      message: `the audit log ends at ${last ? `entry #${last.seq}` : 'no entry'}, but the case records its last entry as ${head ? `#${head.value.split(':')[0]}` : 'missing'} (entries were removed or added outside Nitka)`,
    });
  }
  return { entries, problems };
}
