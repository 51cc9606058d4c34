import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestReport } from '../../../shared/api/contract';
import { CaseStore } from '../../../electron/core/store/case-store';
import { deriveIngestReport } from '../../../electron/core/store/source-report-query';
import { makeTempDir } from '../../helpers/tmp';
import { openRaw } from '../../helpers/raw-db';

const ACTOR = 't@lab';
const FIXTURES = path.resolve(__dirname, '../../fixtures');

// Two lines no rule fits: text before the first message, and "Name:text" without the space.
const CHAT = [
  'Izvezeno sa telefona osumnjičenog',
  '14/03/2024, 10:00 - Marko: zdravo, zovi 065 222 3333',
  '14/03/2024, 10:01 - Marko:bez razmaka',
  '14/03/2024, 10:02 - Marko added Ana',
].join('\n');

/** What the rows of a source can say again; the network numbers are what the ingest added then. */
const recountable = (r: IngestReport) => {
  const { links: _l, suggestions: _s, clusters: _c, mapping: _m, mappingName: _n, ...rest } = r;
  return rest;
};

describe('source report: the ingest report and the unparsed fragments of a source', () => {
  let dir: string;
  let cleanup: () => void;
  let store: CaseStore;
  let file: string;
  let chatSize: number;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    file = path.join(dir, 'c.nitka');
    store = CaseStore.create(file, 'pw', ACTOR);
    fs.writeFileSync(path.join(dir, 'WhatsApp Chat with Marko.txt'), `${CHAT}\n`);
    chatSize = fs.statSync(path.join(dir, 'WhatsApp Chat with Marko.txt')).size;
    store.ingestFile(path.join(dir, 'WhatsApp Chat with Marko.txt'), { exhibit: 'E-1' }, ACTOR);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('gives the source, the report its ingest made, and each fragment with its line and byte offset', () => {
    const added = store.auditLog().find((e) => e.action === 'source.added')!;
    const r = store.sourceReport(1);
    expect(r.source).toMatchObject({ id: 1, fileName: 'WhatsApp Chat with Marko.txt', exhibit: 'E-1', size: chatSize });
    expect(r.report).toEqual(added.details.report);
    expect(r.report).toMatchObject({ format: 'whatsapp-txt', messages: 1, systemEvents: 1, fragments: 2 });
    const second = Buffer.byteLength(`${CHAT.split('\n').slice(0, 2).join('\n')}\n`);
    expect(r.fragments).toEqual([
      { line: 1, offset: 0, text: 'Izvezeno sa telefona osumnjičenog' },
      { line: 3, offset: second, text: '14/03/2024, 10:01 - Marko:bez razmaka' },
    ]);
    expect(r.fragmentCount).toBe(2);
    const one = store.sourceReport(1, 1);
    expect(one.fragments).toHaveLength(1);
    expect(one.fragmentCount).toBe(2);
    expect(() => store.sourceReport(99)).toThrow(/no source #99 in this case/);
  });

  it('recounts the report from the rows for every kind of source, as the ingest counted it', () => {
    for (const f of [path.join(FIXTURES, 'demo', 'oglasi.jsonl'), path.join(FIXTURES, 'demo', 'wallet-export.csv'), path.join(FIXTURES, 'transfers', 'labels.csv'), path.join(FIXTURES, 'demo', 'WhatsApp Chat with Posao Beč.txt')]) store.ingestFile(f, {}, ACTOR);
    const reports = store.listSources().map((s) => store.sourceReport(s.id).report!);
    store.close();
    const raw = openRaw(file, 'pw');
    try {
      for (const [i, stored] of reports.entries()) {
        const derived = deriveIngestReport(raw, i + 1);
        expect(recountable(derived), `source #${i + 1}`).toEqual(recountable(stored));
        // links with evidence from the source: what it added or strengthened
        expect(derived.links, `source #${i + 1}`).toBe(stored.links);
      }
    } finally {
      raw.close();
      store = CaseStore.open(file, 'pw', ACTOR);
    }
  });

  it('derives the report of a source that has none kept, as an older case may', () => {
    const stored = store.sourceReport(1).report!;
    store.close();
    const raw = openRaw(file, 'pw');
    raw.prepare('DELETE FROM source_reports WHERE source_id = 1').run();
    raw.close();
    store = CaseStore.open(file, 'pw', ACTOR);
    const r = store.sourceReport(1);
    expect(r.report).not.toBeNull();
    expect(recountable(r.report!)).toEqual(recountable(stored));
    expect(r.fragmentCount).toBe(2);
  });
});
