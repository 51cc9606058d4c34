import { describe, expect, it } from 'vitest';
import type { ChatRecord, ParsedMessage } from '../../../workers/parsers/chat-records';
import { discordChatRecords, discordStreamRecords } from '../../../workers/parsers/discord/discord-json';
import { linesFromSource, memorySource } from '../../../workers/parsers/lines';
import { signalJsonLinesRecords, signalMarkdownRecords } from '../../../workers/parsers/signal/signal-export';

const lines = (s: string) => linesFromSource(memorySource(new TextEncoder().encode(s)));
const msgs = (rs: Iterable<ChatRecord>) => [...rs].filter((r): r is ParsedMessage => r.kind === 'message' || r.kind === 'system');

describe('Signal (signal-export)', () => {
  it('reads chat.md: both header styles, multi-line bodies, attachments, deletions; local time in the case zone', () => {
    const md = [
      '[2024-03-14 21:15:02] Marko: Javi se na',
      '+381 64 123 4567',
      '[2024-03-14, 21:16] Ana: ![photo.jpg](./media/photo.jpg)  ',
      '[2024-03-14 21:17:00] Marko: (This message was deleted)',
    ].join('\n');
    const all = [...signalMarkdownRecords(lines(`stray\n${md}`), { timezone: 'Europe/Belgrade', title: 'Marko' })];
    expect(all[1]).toMatchObject({ kind: 'unparsed', text: 'stray', locator: { line: 1 } });
    const ms = msgs(all);
    expect(ms.map((m) => [m.senderName, m.utc, m.timeText, m.locator.line, m.locator.lastLine])).toEqual([
      ['Marko', '2024-03-14T20:15:02Z', '2024-03-14 21:15:02', 2, 3],
      ['Ana', '2024-03-14T20:16:00Z', '2024-03-14 21:16', 4, 4],
      ['Marko', '2024-03-14T20:17:00Z', '2024-03-14 21:17:00', 5, 5],
    ]);
    expect(ms[0]!.body).toBe('Javi se na\n+381 64 123 4567');
    expect(ms[1]!.media?.fileName).toBe('media/photo.jpg');
    expect(ms[2]!.deleted).toBe(true);
    expect(ms.every((m) => m.timezone === 'Europe/Belgrade' && m.senderKeyIsName)).toBe(true);
  });

  it('reads data.json lines: quotes, attachments, calls; a broken line stays a fragment', () => {
    const jsonl = [
      JSON.stringify({ date: '2024-03-14T21:15:02', sender: 'Marko', body: 'evo broja', quote: 'daj broj', sticker: null, reactions: [], attachments: [{ name: 'a.jpg', path: 'media/a.jpg' }], deleted: false, call: false, missed: false }),
      '{"date": broken',
      JSON.stringify({ date: '2024-03-14T21:20:00', sender: 'Ana', body: '', quote: '', sticker: null, reactions: [], attachments: [], deleted: false, call: true, missed: true }),
    ].join('\n');
    const all = [...signalJsonLinesRecords(lines(jsonl), { timezone: 'UTC', title: 'x' })];
    const ms = msgs(all);
    expect(ms[0]).toMatchObject({ kind: 'message', body: '> daj broj\nevo broja', media: { fileName: 'media/a.jpg' }, utc: '2024-03-14T21:15:02Z', locator: { line: 1, offset: 0 } });
    expect(ms[1]).toMatchObject({ kind: 'system', event: 'missed_call', locator: { line: 3 } });
    expect(all.filter((r) => r.kind === 'unparsed')).toMatchObject([{ text: '{"date": broken', locator: { line: 2 } }]);
  });
});

describe('Discord (DiscordChatExporter JSON)', () => {
  const author = (id: string, name: string, nickname?: string) => ({ id, name, discriminator: '0000', ...(nickname ? { nickname } : {}), isBot: false });
  it('reads messages, replies, edits, attachments and system events with absolute times', () => {
    const recs = [
      ...discordChatRecords({
        guild: { id: '1', name: 'Poslovi' },
        channel: { id: '99', name: 'oglasi', type: 'GuildTextChat' },
        messages: [
          { id: '10', type: 'Default', timestamp: '2024-03-14T21:15:02.123+01:00', timestampEdited: '2024-03-14T21:16:00+01:00', content: 'javi se @posao_bec', author: author('555', 'marko', 'Marko'), attachments: [{ fileName: 'oglas.jpg', url: 'https://cdn/x' }], stickers: [], reactions: [], mentions: [] },
          { id: '11', type: 'Reply', timestamp: '2024-03-14T20:16:00Z', content: 'ok', author: author('666', 'ana'), attachments: [], reference: { messageId: '10' } },
          { id: '12', type: 'ChannelPinnedMessage', timestamp: '2024-03-14T20:17:00Z', content: 'Pinned a message.', author: author('555', 'marko'), attachments: [] },
          { id: '13', type: 'Default', timestamp: 'not a time', content: 'x', author: author('555', 'marko') },
        ],
        messageCount: 4,
      }),
    ];
    expect(recs[0]).toMatchObject({ kind: 'chat', platform: 'discord', title: 'Poslovi / #oglasi', key: 'discord:99' });
    const ms = msgs(recs);
    expect(ms.map((m) => [m.kind, m.senderKey, m.senderName, m.utc, m.replyTo, m.edited, m.event, m.locator.messageId])).toEqual([
      ['message', '555', 'Marko', '2024-03-14T20:15:02.123Z', null, true, null, '10'],
      ['message', '666', 'ana', '2024-03-14T20:16:00.000Z', '10', false, null, '11'],
      ['system', '555', 'marko', '2024-03-14T20:17:00.000Z', null, false, 'channel_pinned_message', '12'],
    ]);
    expect(ms[0]!.media?.fileName).toBe('oglas.jpg');
    expect(recs.at(-1)).toMatchObject({ kind: 'unparsed', locator: { messageId: '13' } });
    expect(() => [...discordChatRecords({ messages: [] })]).toThrow(/not a DiscordChatExporter JSON export/);
  });

  it('streams an export in bounded pieces with the same records as reading it whole', () => {
    const doc = {
      guild: { id: '1', name: 'Poslovi' },
      channel: { id: '99', name: 'oglasi', type: 'GuildTextChat' },
      dateRange: { after: null, before: null },
      messages: Array.from({ length: 50 }, (_, i) => ({ id: String(100 + i), type: 'Default', timestamp: `2024-03-14T20:${String(i).padStart(2, '0')}:00+00:00`, content: `poruka ${i} — Beč`, author: author(String(500 + (i % 3)), `user${i % 3}`), attachments: [] })),
      messageCount: 50,
    };
    const text = JSON.stringify(doc, null, 2);
    const whole = [...discordChatRecords(doc)];
    for (const chunk of [13, 1 << 20]) {
      expect([...discordStreamRecords(memorySource(new TextEncoder().encode(text)), undefined, chunk)]).toEqual(whole);
    }
    expect(() => [...discordStreamRecords(memorySource(new TextEncoder().encode(text.slice(0, 500))))]).toThrow(/ends early/);
    expect(() => [...discordStreamRecords(memorySource(new TextEncoder().encode('{"guild": {}, "foo": []}')))]).toThrow(/not a DiscordChatExporter JSON export/);
  });
});
