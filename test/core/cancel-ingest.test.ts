import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeCaseService, inProcessCaseApi } from '../../electron/core/case-service';
import { CaseStore } from '../../electron/core/store/case-store';
import { createCancelFlag, requestCancel } from '../../electron/core/store/ingest-cancel';
import { NitkaError, unwrap } from '../../shared/result';
import { makeTempDir } from '../helpers/tmp';
import { openRaw } from '../helpers/raw-db';
import { generateWhatsAppExport } from '../bench/gen-whatsapp';

const ACTOR = 't@lab';
const DEMO_CHAT = path.resolve(__dirname, '../fixtures/demo/WhatsApp Chat with Posao Beč.txt');

/** What a case holds, row by row, so "as before" is checked on the tables and not only on listSources. */
function counts(file: string): Record<string, number> {
  const db = openRaw(file, 'pw');
  try {
    const out: Record<string, number> = {};
    for (const t of ['sources', 'source_chunks', 'source_reports', 'chats', 'accounts', 'messages', 'occurrences', 'identifiers', 'nodes', 'links', 'link_evidence']) {
      out[t] = db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
    }
    return out;
  } finally {
    db.close();
  }
}

describe('cancelling an ingest', () => {
  let dir: string;
  let cleanup: () => void;
  let big: string;
  beforeAll(() => {
    ({ dir, cleanup } = makeTempDir('nitka-cancel-'));
    big = path.join(dir, 'WhatsApp Chat with Radnici.txt');
    generateWhatsAppExport(big, 200_000);
  });
  afterAll(() => cleanup());

  // In the store itself, the flag set at each phase: while hashing, while storing the chunks
  // (inside the transaction), and while writing the parsed records.
  for (const phase of ['hash', 'store', 'parse'] as const) {
    it(`rolls back when cancelled while it is in the ${phase} phase`, () => {
      const file = path.join(dir, `${phase}.nitka`);
      const store = CaseStore.create(file, 'pw', ACTOR);
      store.ingestFile(DEMO_CHAT, {}, ACTOR);
      store.close();
      const before = counts(file);
      const again = CaseStore.open(file, 'pw', ACTOR);
      const flag = createCancelFlag();
      const seen: string[] = [];
      let error: unknown;
      try {
        again.ingestFile(big, {}, ACTOR, (p, done) => {
          seen.push(p);
          if (p === phase && done > 0) requestCancel(flag);
        }, undefined, flag);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NitkaError);
      expect((error as NitkaError).kind).toBe('cancelled');
      expect((error as NitkaError).message).toBe('WhatsApp Chat with Radnici.txt: ingest cancelled; nothing was added');
      expect(seen.at(-1)).toBe(phase);
      expect(again.verify(ACTOR).ok).toBe(true);
      again.close();
      const after = counts(file);
      expect(after).toEqual(before);
    }, 120_000);
  }

  it('stops an ingest under way from the host, leaves the case as it was, logs it, and the next ingest works', async () => {
    const file = path.join(dir, 'service.nitka');
    const service = new NodeCaseService({ host: 'in-process', actor: ACTOR });
    const api = inProcessCaseApi(service);
    try {
      unwrap(await api.createCase({ path: file, passphrase: 'pw' }));
      unwrap(await api.addSource({ fileName: 'note.txt', bytes: new TextEncoder().encode('first evidence'), format: 'raw' }));
      const sources = unwrap(await api.listSources());
      expect(unwrap(await api.cancelIngest())).toBe(false);

      const phases: string[] = [];
      service.onIngestProgress((p) => phases.push(p));
      const running = api.ingestFile({ path: big });
      // Cancel once the store reports that it is parsing: the store thread is busy writing then.
      for (let i = 0; i < 3000; i++) {
        const status = unwrap(await api.ingestStatus());
        if (status?.phase === 'parse' && status.done > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      const asked = Date.now();
      expect(unwrap(await api.cancelIngest())).toBe(true);
      const result = await running;
      // The store reads the flag between batches: it stops within moments, not at the end of the file.
      expect(Date.now() - asked).toBeLessThan(5000);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toMatchObject({ kind: 'cancelled', message: 'WhatsApp Chat with Radnici.txt: ingest cancelled; nothing was added' });
      expect(phases).toContain('parse');
      expect(unwrap(await api.ingestStatus())).toBeNull();
      expect(unwrap(await api.cancelIngest())).toBe(false);

      expect(unwrap(await api.listSources())).toEqual(sources);
      expect(unwrap(await api.verify()).ok).toBe(true);
      const log = unwrap(await api.auditLog());
      expect(log.map((e) => e.action)).toEqual(['case.created', 'source.added', 'ingest.cancelled', 'case.verified']);
      expect(log[2]!.details).toEqual({ fileName: 'WhatsApp Chat with Radnici.txt', originalPath: big });
      expect(unwrap(await api.listMessages())).toEqual([]);

      const next = unwrap(await api.ingestFile({ path: DEMO_CHAT }));
      expect(next.report?.messages).toBe(6);
      expect(unwrap(await api.listSources()).map((s) => s.fileName)).toEqual(['note.txt', 'WhatsApp Chat with Posao Beč.txt']);
    } finally {
      await service.closeCase();
    }
    const rows = counts(file);
    expect(rows.sources).toBe(2);
    expect(rows.messages).toBe(7);
  }, 180_000);

  it('stops an ingest cancelled the moment it was asked for', async () => {
    const file = path.join(dir, 'queued.nitka');
    const service = new NodeCaseService({ host: 'in-process', actor: ACTOR });
    const api = inProcessCaseApi(service);
    try {
      unwrap(await api.createCase({ path: file, passphrase: 'pw' }));
      const running = api.addSource({ fileName: 'queued.txt', bytes: fs.readFileSync(DEMO_CHAT) });
      expect(unwrap(await api.cancelIngest())).toBe(true);
      const result = await running;
      expect(result.ok ? null : result.error.kind).toBe('cancelled');
      expect(unwrap(await api.listSources())).toEqual([]);
      expect(unwrap(await api.auditLog()).map((e) => e.action)).toEqual(['case.created', 'ingest.cancelled']);
    } finally {
      await service.closeCase();
    }
  }, 60_000);
});
