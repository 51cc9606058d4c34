import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { makeTempDir } from '../../helpers/tmp';

const ACTOR = 't@lab';
const FIXTURES = path.resolve(__dirname, '../../fixtures');
const DEMO = path.join(FIXTURES, 'demo');
const PHONE = '+381641234567';

describe('node evidence: every link of a node with its evidence, and notes about the node', () => {
  let cleanup: () => void;
  let store: CaseStore;
  let dir: string;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    store = CaseStore.create(path.join(dir, 'c.nitka'), 'pw', ACTOR);
    for (const f of ['WhatsApp Chat with Posao Beč.txt', 'oglasi.jsonl', 'wallet-export.csv']) store.ingestFile(path.join(DEMO, f), { exhibit: `E-${f.length}` }, ACTOR);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('lists the links of a phone in both directions, strongest first, each with the other end and sourced evidence', () => {
    const ev = store.nodeEvidence(PHONE);
    expect(ev.node).toMatchObject({ kind: 'phone', value: PHONE, victim: null });
    // the chat mentions it and its writer sent it; two ads name it
    const others = ev.links.map((l) => `${l.link.kind} ${l.other.value}`);
    expect(others).toEqual(expect.arrayContaining(['mentions chat:1', 'sent account:whatsapp:name:1:Posao Beč', 'mentions ad:oglasi.example/A-100231', 'mentions ad:oglasi.example/A-100877']));
    const weights = ev.links.map((l) => l.link.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    for (const l of ev.links) {
      expect([l.link.source, l.link.target]).toContain(ev.node.id);
      expect([l.link.source, l.link.target]).toContain(l.other.id);
      expect(l.evidence.length).toBeGreaterThan(0);
    }
    const chat = ev.links.find((l) => l.other.value === 'chat:1')!.evidence[0]!;
    expect(chat).toMatchObject({ fileName: 'WhatsApp Chat with Posao Beč.txt', locator: { line: 4 }, raw: '+381 64 123 4567' });
    expect(chat.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(chat.exhibit).toMatch(/^E-/);
    expect(chat.excerpt).toContain('Javi se na Viber +381 64 123 4567');
    const ad = ev.links.find((l) => l.other.value === 'ad:oglasi.example/A-100231')!.evidence[0]!;
    expect(ad).toMatchObject({ fileName: 'oglasi.jsonl', locator: { line: 1, ad: 'A-100231', field: 'body' } });
    expect(ad.excerpt).toContain('064 123 4567');
  });

  it('keeps at most evidenceLimit pieces per link, and names a node it cannot find', () => {
    const file = path.join(dir, 'WhatsApp Chat with Marko.txt');
    fs.writeFileSync(file, '14/03/2024, 10:00 - Marko: zovi me na 065 222 3333\n14/03/2024, 10:05 - Marko: ponavljam 065 222 3333\n');
    store.ingestFile(file, {}, ACTOR);
    const mentions = (limit?: number) => store.nodeEvidence('+381652223333', limit).links.find((l) => l.link.kind === 'mentions')!;
    expect(mentions().link.evidenceCount).toBe(2);
    expect(mentions().evidence.map((e) => e.locator.line)).toEqual([1, 2]);
    expect(mentions(1).evidence.map((e) => e.locator.line)).toEqual([1]);
    expect(() => store.nodeEvidence('+38160000000')).toThrow(/no node named "\+38160000000"/);
  });

  it('notes the labels of a wallet with where each was read', () => {
    store.ingestFile(path.join(FIXTURES, 'transfers', 'labels.csv'), {}, ACTOR);
    const ev = store.nodeEvidence('tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX');
    expect(ev.notes).toEqual([expect.stringMatching(/^label: Recruiter — source #4 labels\.csv, line 3$/)]);
    expect(ev.links.map((l) => l.link.kind)).toEqual(['paid', 'paid']);
    expect(ev.links.every((l) => l.evidence[0]!.fileName === 'wallet-export.csv')).toBe(true);
  });

  it('notes analyst decisions: a merge with its audit entry, a rejected suggestion', () => {
    const merged = store.decideSuggestion({ decision: 'merge', a: PHONE, b: 'telegram:posao_bec_2024', note: 'same recruiter' }, ACTOR);
    const seq = store.auditLog().find((e) => e.action === 'suggestion.accepted')!.seq;
    const ev = store.nodeEvidence(PHONE);
    expect(ev.notes).toContainEqual(expect.stringMatching(new RegExp(`^merged: same as #${merged.person} person:merged:1 "\\+381641234567" by t@lab at .* \\(audit entry #${seq} suggestion\\.accepted\\): same recruiter$`)));
    const sameAs = ev.links.find((l) => l.link.kind === 'same_as')!;
    expect(sameAs.evidence[0]).toMatchObject({ auditSeq: seq, sourceId: null });

    store.decideSuggestion({ decision: 'reject', a: PHONE, b: 'tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX' }, ACTOR);
    expect(store.nodeEvidence(PHONE).notes).toContainEqual(expect.stringMatching(/^not the same as #\d+ tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX: suggestion #\d+ rejected by t@lab at /));
  });

  it('shows a victim under the pseudonym and hides the number in every excerpt', () => {
    store.flagVictim(PHONE, 'recruited from the ad', ACTOR);
    const ev = store.nodeEvidence(PHONE);
    expect(ev.node.victim).toBe('V-001');
    expect(ev.node.value).not.toContain('641234567');
    expect(ev.notes).toContainEqual(expect.stringMatching(/^victim: flagged by t@lab at .* \(audit entry #\d+\), shown as V-001: recruited from the ad$/));
    const text = JSON.stringify(ev);
    for (const form of ['+381641234567', '+381 64 123 4567', '064 123 4567', '+381 (0)64 123-45-67']) expect(text).not.toContain(form);
    expect(text).toContain('V-001');
    // the other end of a link sees the victim masked too
    const chat = store.nodeEvidence('chat:1');
    expect(chat.links.find((l) => l.other.victim === 'V-001')).toBeDefined();
  });
});
