import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore, CHUNK_SIZE } from '../../../electron/core/store/case-store';
import { auditEntryHash, GENESIS_HASH } from '../../../electron/core/store/audit-log';
import { makeTempDir } from '../../helpers/tmp';
import { openRaw } from '../../helpers/raw-db';

const ACTOR = 'analyst@lab';
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('CaseStore: evidence and audit chain', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    file = path.join(dir, 'case.nitka');
  });
  afterEach(() => cleanup());

  function caseWithTwoSources(): { a: Buffer; b: Buffer } {
    const store = CaseStore.create(file, 'pw', ACTOR, { name: 'Test' });
    const a = randomBytes(CHUNK_SIZE * 2 + 123);
    const b = Buffer.from('Telegram export\n');
    fs.writeFileSync(path.join(dir, 'a.bin'), a);
    fs.writeFileSync(path.join(dir, 'b.txt'), b);
    store.ingestFile(path.join(dir, 'a.bin'), { exhibit: 'E-1' }, ACTOR);
    store.ingestFile(path.join(dir, 'b.txt'), { exhibit: 'E-2', note: 'from the phone of suspect B' }, ACTOR);
    store.close();
    return { a, b };
  }

  /** Runs SQL on the case as an outsider who also knows how to drop our triggers. */
  function tamper(sql: string, ...params: unknown[]): void {
    const raw = openRaw(file, 'pw');
    for (const t of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>) {
      raw.exec(`DROP TRIGGER ${t.name}`);
    }
    raw.prepare(sql).run(...params);
    raw.close();
  }

  function verify() {
    const store = CaseStore.open(file, 'pw', ACTOR);
    try {
      return store.verify(ACTOR);
    } finally {
      store.close();
    }
  }

  it('stores large evidence in chunks, byte for byte', () => {
    const { a } = caseWithTwoSources();
    const raw = openRaw(file, 'pw');
    const chunks = raw.prepare('SELECT idx, length(data) AS n FROM source_chunks WHERE source_id = 1 ORDER BY idx').all();
    expect(chunks).toEqual([{ idx: 0, n: CHUNK_SIZE }, { idx: 1, n: CHUNK_SIZE }, { idx: 2, n: 123 }]);
    const joined = Buffer.concat((raw.prepare('SELECT data FROM source_chunks WHERE source_id = 1 ORDER BY idx').all() as Array<{ data: Buffer }>).map((r) => r.data));
    raw.close();
    expect(joined.equals(a)).toBe(true);
    const report = verify();
    expect(report).toMatchObject({ ok: true, sourcesChecked: 2, bytesChecked: a.length + 16 });
  });

  it('stores an empty file as a source too', () => {
    const store = CaseStore.create(file, 'pw', ACTOR);
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const r = store.ingestFile(path.join(dir, 'empty.txt'), {}, ACTOR);
    expect(r.source).toMatchObject({ size: 0, sha256: sha256(new Uint8Array()) });
    expect(store.verify(ACTOR).ok).toBe(true);
    store.close();
  });

  it('chains every audit entry to the previous one by SHA-256', () => {
    caseWithTwoSources();
    const store = CaseStore.open(file, 'pw', ACTOR);
    const log = store.auditLog();
    store.close();
    expect(log.map((e) => e.action)).toEqual(['case.created', 'source.added', 'source.added']);
    expect(log[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 0; i < log.length; i++) {
      const e = log[i]!;
      expect(e.hash).toBe(auditEntryHash(e));
      if (i > 0) expect(e.prevHash).toBe(log[i - 1]!.hash);
    }
    expect(log[2]).toMatchObject({ actor: ACTOR, details: { exhibit: 'E-2', note: 'from the phone of suspect B', fileName: 'b.txt' } });
  });

  it('detects an audit entry edited behind its back', () => {
    caseWithTwoSources();
    tamper(`UPDATE audit_log SET details = json_set(details, '$.exhibit', 'E-99') WHERE seq = 2`);
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ target: 'audit', ref: 2 });
    expect(report.problems[0]?.message).toMatch(/audit entry #2 \(source\.added.*content was altered/);
  });

  it('detects an audit entry removed from the middle or the end', () => {
    caseWithTwoSources();
    tamper('DELETE FROM audit_log WHERE seq = 3');
    const cut = verify();
    expect(cut.ok).toBe(false);
    expect(cut.problems.map((p) => p.message).join('\n')).toMatch(/audit log ends at entry #2/);
  });

  it('detects changed evidence bytes and names the source', () => {
    caseWithTwoSources();
    tamper('UPDATE source_chunks SET data = ? WHERE source_id = 2 AND idx = 0', Buffer.from('Telegram exp0rt\n'));
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ target: 'source', ref: 2 });
    expect(report.problems[0]?.message).toMatch(/source #2 'b\.txt' \(exhibit E-2\): stored bytes do not match the recorded SHA-256/);
  });

  it('detects a rewritten hash, a missing chunk and a deleted source', () => {
    caseWithTwoSources();
    tamper('UPDATE sources SET sha256 = ? WHERE id = 2', sha256(Buffer.from('forged')));
    expect(verify().problems.map((p) => p.message).join('\n')).toMatch(/source #2 'b\.txt'.*differs from what audit entry #3 recorded/);

    cleanup();
    ({ dir, cleanup } = makeTempDir());
    file = path.join(dir, 'case.nitka');
    caseWithTwoSources();
    tamper('DELETE FROM source_chunks WHERE source_id = 1 AND idx = 1');
    expect(verify().problems[0]?.message).toMatch(/source #1 'a\.bin'.*incomplete/);

    tamper('DELETE FROM source_chunks WHERE source_id = 2');
    tamper('DELETE FROM sources WHERE id = 2');
    expect(verify().problems.map((p) => p.message).join('\n')).toMatch(/source #2 'b\.txt': recorded by audit entry #3 but missing/);
  });

  it('records each verification in the log, with its outcome', () => {
    caseWithTwoSources();
    verify();
    const store = CaseStore.open(file, 'pw', ACTOR);
    const last = store.auditLog().at(-1);
    store.close();
    expect(last).toMatchObject({ action: 'case.verified', details: { ok: true, sourcesChecked: 2 } });
  });
});
