import { describe, expect, it } from 'vitest';
import type { EnrichedRecord } from '../../workers/ingest/ingest.api';
import { fromWire, toWire } from '../../workers/ingest/wire';

describe('records on the wire between the ingest and database workers', () => {
  it('come back exactly as they left, tuples or not', () => {
    const records: EnrichedRecord[] = [
      { record: { kind: 'chat', key: 'chat:0', platform: 'telegram', title: 'Posao Beč', participants: [{ key: 'a', name: 'A' }] }, occurrences: [], searchText: null, attachments: [] },
      {
        record: {
          kind: 'message', chatKey: 'chat:0', senderKey: 'user1', senderName: 'Драган', senderKeyIsName: true, utc: '2024-03-14T20:15:00Z', timeText: '14/03/2024, 21:15',
          timezone: 'Europe/Belgrade', body: 'зови +381 64 123 4567', event: null, replyTo: '7', forwardedFrom: 'Kanal', edited: true, deleted: false,
          media: { fileName: 'IMG-1.jpg', omitted: false }, locator: { line: 3, lastLine: 4, offset: 120, entry: '_chat.txt' },
        },
        occurrences: [{ kind: 'phone', value: '+381641234567', raw: '+381 64 123 4567', start: 5, end: 21, confidence: 0.95 }],
        searchText: 'zovi +381 64 123 4567',
        attachments: [{ entry: 'IMG-1.jpg', sha256: 'a'.repeat(64), size: 7, image: null }],
      },
      {
        record: {
          kind: 'system', chatKey: 'chat:0', senderKey: null, senderName: null, utc: '2024-03-14T20:16:00Z', timeText: '1710447360', timezone: null, body: '',
          event: 'phone_call', replyTo: null, forwardedFrom: null, edited: false, deleted: false, media: null, locator: { messageId: '42/9' },
        },
        occurrences: [],
        searchText: null,
        attachments: [],
      },
      { record: { kind: 'unparsed', text: 'garbage', locator: { line: 9, offset: 300 } }, occurrences: [], searchText: null, attachments: [] },
      {
        record: {
          kind: 'message', chatKey: 'chat:0', senderKey: 'user1', senderName: 'Драган', senderKeyIsName: true, utc: '2024-03-14T20:17:00Z', timeText: '14/03/2024, 21:17',
          timezone: 'Europe/Belgrade', body: 'пиши на posao.bec@gmail.com или +381 64 123 4567 📞', event: null, replyTo: null, forwardedFrom: null, edited: false, deleted: true,
          media: { fileName: null, omitted: true }, locator: { messageId: 'm-77', entry: 'chat/result.json' },
        },
        occurrences: [
          { kind: 'email', value: 'posao.bec@gmail.com', raw: 'posao.bec@gmail.com', start: 8, end: 27, confidence: 1 },
          { kind: 'phone', value: '+381641234567', raw: '+381 64 123 4567', start: 32, end: 48, confidence: 0.95 },
        ],
        searchText: 'pisi na posao.bec@gmail.com ili +381 64 123 4567 📞',
        attachments: [],
      },
      {
        record: {
          kind: 'message', chatKey: 'chat:0', senderKey: 'user1', senderName: 'Драган', senderKeyIsName: true, utc: '2024-03-14T20:17:00Z', timeText: '14/03/2024, 21:17',
          timezone: 'Europe/Belgrade', body: '', event: null, replyTo: null, forwardedFrom: null, edited: false, deleted: false, media: null, locator: { line: 12, lastLine: 12, offset: 0 },
        },
        occurrences: [],
        searchText: null,
        attachments: [],
      },
    ];
    const item = { type: 'records' as const, records, bytesDone: 10, total: 20 };
    const wire = toWire(item);
    expect(structuredClone(wire)).toEqual(wire);
    const back = fromWire(structuredClone(wire));
    // senderKeyIsName false is the same as absent for the writer; normalise before comparing.
    expect(back).toEqual({ ...item, records: records.map((r) => (r.record.kind === 'system' ? { ...r, record: { ...r.record, senderKeyIsName: false } } : r)) });
    expect(fromWire(toWire({ type: 'end', sha256: null, size: 3 }))).toEqual({ type: 'end', sha256: null, size: 3 });
  });
});
