import type { ExportModel } from '../../../workers/export/export-model';

const SHA_CHAT = 'a'.repeat(64);
const SHA_WALLET = 'b'.repeat(64);

/**
 * A small model made by hand: a person with an account and phone, a chat, two wallets with a
 * transfer, two links of different kinds between the same pair (parallel edges), a victim's
 * phone under its pseudonym, and strings that need escaping in every format.
 */
export function sampleModel(overrides: Partial<ExportModel> = {}): ExportModel {
  const ev = (sha: string, line: number, excerpt: string) => ({
    sourceId: sha === SHA_CHAT ? 1 : 2, fileName: sha === SHA_CHAT ? 'chat "A&B".txt' : 'wallets.csv', sha256: sha, exhibit: 'EX-1',
    locator: { line, offset: line * 10, messageId: null, entry: null, ad: null, field: null }, excerpt, raw: null, note: null, at: '2024-03-12T20:15:00.000Z', auditSeq: null,
  });
  return {
    case: { caseId: '11111111-2222-3333-4444-555555555555', name: 'Test <case> & "co"', language: 'en', timezone: 'Europe/Belgrade' },
    exportedAt: '2024-05-01T10:00:00.000Z',
    exportedBy: 'analyst@host',
    nitkaVersion: '0.1.0',
    view: null,
    victimsRevealed: false,
    victims: [{ pseudonym: 'V-001', nodeIds: [3] }],
    nodes: [
      { id: 1, kind: 'person', value: 'person:1', label: 'Dragan <D> & Co', victim: null, tags: [], weight: 3, evidenceCount: 3, firstSeen: '2024-03-12T20:15:00.000Z', lastSeen: '2024-03-13T08:00:00.000Z', x: null, y: null },
      { id: 2, kind: 'account', value: 'account:telegram:dragan_x', label: 'Dragan', victim: null, tags: [], weight: 2, evidenceCount: 2, firstSeen: null, lastSeen: null, x: null, y: null },
      { id: 3, kind: 'phone', value: 'V-001 phone 1', label: 'V-001', victim: 'V-001', tags: [], weight: 1, evidenceCount: 1, firstSeen: null, lastSeen: null, x: null, y: null },
      { id: 4, kind: 'wallet', value: 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE', label: null, victim: null, tags: ['exchange: Example'], weight: 1, evidenceCount: 1, firstSeen: null, lastSeen: null, x: null, y: null },
      { id: 5, kind: 'wallet', value: 'tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX', label: null, victim: null, tags: [], weight: 1, evidenceCount: 1, firstSeen: null, lastSeen: null, x: null, y: null },
      { id: 6, kind: 'chat', value: 'chat:1', label: 'Posao \u0007 Beč', victim: null, tags: [], weight: 1, evidenceCount: 1, firstSeen: null, lastSeen: null, x: null, y: null },
    ],
    edges: [
      { id: 10, source: 1, target: 2, kind: 'uses', weight: 1, evidenceCount: 1, firstSeen: '2024-03-12T20:15:00.000Z', lastSeen: '2024-03-12T20:15:00.000Z', evidence: [ev(SHA_CHAT, 3, 'Piši mi na "Telegram" <dragan_x>, važi?')] },
      { id: 11, source: 1, target: 2, kind: 'same_as', weight: 2, evidenceCount: 0, firstSeen: null, lastSeen: null, evidence: [] },
      { id: 12, source: 2, target: 3, kind: 'uses', weight: 1, evidenceCount: 1, firstSeen: null, lastSeen: null, evidence: [ev(SHA_CHAT, 5, 'zovi V-001')] },
      { id: 13, source: 4, target: 5, kind: 'paid', weight: 1, evidenceCount: 2, firstSeen: '2024-03-12T20:31:07.000Z', lastSeen: '2024-03-12T20:31:07.000Z', evidence: [ev(SHA_WALLET, 2, '50 USDT'), ev(SHA_WALLET, 3, '45 USDT')] },
      { id: 14, source: 2, target: 6, kind: 'sent', weight: 1, evidenceCount: 1, firstSeen: null, lastSeen: null, evidence: [ev(SHA_CHAT, 3, 'Piši mi, važi, a "quoted", line\nbreak')] },
    ],
    sources: [
      { id: 1, sha256: SHA_CHAT, size: 120, fileName: 'chat "A&B".txt', exhibit: 'EX-1', note: null, acquiredAt: '2024-04-01T00:00:00.000Z', ingestedAt: '2024-04-02T00:00:00.000Z', ingestedBy: 'a@h', mentionsVictim: true },
      { id: 2, sha256: SHA_WALLET, size: 80, fileName: 'wallets.csv', exhibit: null, note: 'from the exchange, 2024', acquiredAt: '2024-04-01T00:00:00.000Z', ingestedAt: '2024-04-02T00:00:00.000Z', ingestedBy: 'a@h', mentionsVictim: false },
    ],
    traces: [
      {
        id: 1, seed: 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE', direction: 'out', model: 'haircut', fingerprint: 'f'.repeat(64), truncated: null, at: '2024-04-03T00:00:00.000Z', by: 'a@h',
        nodes: [{ address: 'tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX', hops: 1, taint: '50', asset: 'USDT', labels: [], exit: false }],
        edges: [{ from: 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE', to: 'tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX', asset: 'USDT', amount: '50', taint: '50', tx: 'c'.repeat(64), time: '2024-03-12T20:31:07Z' }],
      },
    ],
    audit: [{ seq: 7, at: '2024-04-03T00:00:00.000Z', actor: 'a@h', action: 'suggestion.accepted', details: { a: 1, b: 2, note: 'same writing style' }, hash: 'd'.repeat(64) }],
    ...overrides,
  };
}
