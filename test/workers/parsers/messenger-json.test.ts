import { describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../../../workers/parsers/chat-records';
import { guessMetaPlatform, metaChatRecords, metaMessageRecords, metaThreadInfo, repairMojibake } from '../../../workers/parsers/messenger/messenger-json';
import { memorySource } from '../../../workers/parsers/lines';

/** What Meta writes: each UTF-8 byte of the text as its own code point. */
const mojibake = (s: string) => String.fromCharCode(...new TextEncoder().encode(s));

describe('Messenger / Instagram JSON', () => {
  it('repairs the latin-1 mojibake and leaves real text alone', () => {
    expect(mojibake('Dragan Petrović')).not.toBe('Dragan Petrović');
    expect(repairMojibake(mojibake('Dragan Petrović'))).toBe('Dragan Petrović');
    expect(repairMojibake(mojibake('Драган 📞 +381 64'))).toBe('Драган 📞 +381 64');
    expect(repairMojibake(mojibake('Ëndrra Çelik'))).toBe('Ëndrra Çelik');
    // Already-correct text (latin-1 only, not valid UTF-8 as bytes) is kept as it is.
    expect(repairMojibake('Café Ñ')).toBe('Café Ñ');
    expect(repairMojibake('Petrović')).toBe('Petrović');
  });

  it('reads messages, media, shares, calls and unsent messages with their place in the file', () => {
    const thread = {
      participants: [{ name: mojibake('Jelena Đurić') }, { name: 'Marko' }],
      messages: [
        { sender_name: 'Marko', timestamp_ms: 1710450000000, content: mojibake('Posao u Beču, javi se na +381 64 123 4567'), photos: [{ uri: 'messages/inbox/x/photos/1.jpg' }, { uri: 'messages/inbox/x/photos/2.jpg' }] },
        { sender_name: mojibake('Jelena Đurić'), timestamp_ms: 1710450060000, share: { link: 'https://t.me/posao_bec' } },
        { sender_name: 'Marko', timestamp_ms: 1710450120000, content: 'Marko called you.', type: 'Call', call_duration: 12 },
        { sender_name: 'Marko', timestamp_ms: 1710450180000, is_unsent: true },
        { sender_name: 'Marko', content: 'no time' },
      ],
      title: mojibake('Jelena Đurić'),
      thread_path: 'inbox/jelenaduric_123',
    };
    const recs = [...metaChatRecords(thread, { platform: 'messenger', fileName: 'message_1.json' })];
    expect(recs[0]).toMatchObject({ kind: 'chat', platform: 'messenger', title: 'Jelena Đurić', key: 'inbox/jelenaduric_123' });
    const ms = recs.filter((r): r is ParsedMessage => r.kind === 'message' || r.kind === 'system');
    expect(ms.map((m) => [m.kind, m.senderName, m.utc, m.locator.messageId])).toEqual([
      ['message', 'Marko', '2024-03-14T21:00:00.000Z', 'messages[0]'],
      ['message', 'Jelena Đurić', '2024-03-14T21:01:00.000Z', 'messages[1]'],
      ['system', 'Marko', '2024-03-14T21:02:00.000Z', 'messages[2]'],
      ['message', 'Marko', '2024-03-14T21:03:00.000Z', 'messages[3]'],
    ]);
    expect(ms[0]!.body).toBe('Posao u Beču, javi se na +381 64 123 4567');
    expect(ms[0]!.media?.fileName).toBe('messages/inbox/x/photos/1.jpg\nmessages/inbox/x/photos/2.jpg');
    expect(ms[1]!.body).toBe('https://t.me/posao_bec');
    expect(ms[2]!.event).toBe('call');
    expect(ms[3]!.deleted).toBe(true);
    expect(ms.every((m) => m.senderKeyIsName && m.timezone === null)).toBe(true);
    expect(recs.at(-1)).toMatchObject({ kind: 'unparsed', locator: { messageId: 'messages[4]' } });
  });

  it('reads the 2024 end-to-end-encrypted Messenger layout', () => {
    const recs = [...metaChatRecords({ participants: ['Ana', 'Ivan'], threadName: 'Ana', messages: [{ senderName: 'Ivan', timestamp: 1710450000000, text: 'zdravo', type: 'text', media: [{ uri: 'media/1.jpg' }], isUnsent: false }] }, { platform: 'messenger', fileName: 'ana.json' })];
    expect(recs).toHaveLength(2);
    expect(recs[1]).toMatchObject({ kind: 'message', senderName: 'Ivan', body: 'zdravo', media: { fileName: 'media/1.jpg' } });
  });

  it('tells Instagram threads by their paths, and refuses what is not a thread', () => {
    expect(guessMetaPlatform({ messages: [{ sender_name: 'a', timestamp_ms: 1, photos: [{ uri: 'your_instagram_activity/messages/inbox/a/photos/1.jpg' }] }] })).toBe('instagram');
    expect(guessMetaPlatform({ messages: [{ sender_name: 'a', timestamp_ms: 1 }] })).toBe('messenger');
    expect(() => [...metaChatRecords({ foo: 1 }, { platform: 'instagram', fileName: 'x.json' })]).toThrow(/not an Instagram export/);
  });

  it('streams a thread in two passes (its title comes after its messages) with the same records', () => {
    const thread = {
      participants: [{ name: mojibake('Jelena Đurić') }, { name: 'Marko' }],
      messages: Array.from({ length: 40 }, (_, i) => ({ sender_name: i % 2 ? 'Marko' : mojibake('Jelena Đurić'), timestamp_ms: 1710450000000 + i * 60000, content: mojibake(`poruka ${i}: plaćanje`), photos: [{ uri: `your_instagram_activity/messages/inbox/x/photos/${i}.jpg` }] })),
      title: mojibake('Jelena Đurić'),
      thread_path: 'inbox/jelena_1',
    };
    const bytes = new TextEncoder().encode(JSON.stringify(thread, null, 2));
    const whole = [...metaChatRecords(thread, { platform: 'instagram', fileName: 'message_1.json' })];
    for (const chunk of [11, 1 << 20]) {
      const info = metaThreadInfo(memorySource(bytes), { fileName: 'message_1.json' });
      expect(info.platform).toBe('instagram');
      expect([info.chat, ...metaMessageRecords(memorySource(bytes), info.chat.key, undefined, chunk)]).toEqual(whole);
    }
    expect(() => metaThreadInfo(memorySource(new TextEncoder().encode('{"messages": [{"foo": 1}]}')), { fileName: 'x.json' })).toThrow(/not a Messenger export/);
    expect(() => metaThreadInfo(memorySource(bytes.subarray(0, 200)), { fileName: 'x.json' })).toThrow(/ends early/);
  });
});
