import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTelegramExport, type TelegramMessage } from '../../../workers/parsers/telegram/telegram-json';
import { acceptancePath, hasAcceptanceData } from '../../helpers/acceptance';

const read = (...p: string[]) => [...parseTelegramExport(JSON.parse(fs.readFileSync(acceptancePath(...p), 'utf8')), { timezone: 'UTC' })];
const conversational = (ms: TelegramMessage[]) => ms.filter((m) => m.kind === 'message' || m.action === 'phone_call' || m.action === 'group_call');

describe('Telegram Desktop JSON', () => {
  it('reads text as string or entity array, replies, forwards, edits and service messages', () => {
    const ms = [...parseTelegramExport({
      name: 'Posao Beč', type: 'personal_chat', id: 42,
      messages: [
        { id: 1, type: 'message', date: '2024-03-12T21:15:00', date_unixtime: '1710274500', from: 'Marko', from_id: 'user111', text: ['Javi se ', { type: 'mention', text: '@posao_bec' }] },
        { id: 2, type: 'message', date: '2024-03-12T21:16:00', from: 'Ana', from_id: 'user222', text: 'ok', reply_to_message_id: 1, edited_unixtime: '1710274600' },
        { id: 3, type: 'message', date_unixtime: '1710274620', from: 'Ana', from_id: 'user222', forwarded_from: 'Kanal', text: '' , photo: 'photos/1.jpg' },
        { id: 4, type: 'service', date_unixtime: '1710274630', actor: 'Marko', actor_id: 'user111', action: 'pin_message', text: '' },
      ],
    }, { timezone: 'Europe/Belgrade' })];
    expect(ms.map((m) => [m.id, m.kind, m.senderId, m.utc])).toEqual([
      [1, 'message', 'user111', '2024-03-12T20:15:00Z'],
      [2, 'message', 'user222', '2024-03-12T20:16:00Z'],
      [3, 'message', 'user222', '2024-03-12T20:17:00Z'],
      [4, 'service', 'user111', '2024-03-12T20:17:10Z'],
    ]);
    expect(ms[0]!.body).toBe('Javi se @posao_bec');
    expect(ms[1]).toMatchObject({ replyTo: 1, edited: true });
    expect(ms[2]).toMatchObject({ forwardedFrom: 'Kanal', media: 'photos/1.jpg' });
    expect(ms[3]!.action).toBe('pin_message');
  });

  it('refuses JSON that is not a Telegram export', () => {
    expect(() => [...parseTelegramExport({ foo: 1 }, { timezone: 'UTC' })]).toThrow(/not a Telegram export/);
  });

  describe.skipIf(!hasAcceptanceData)('acceptance samples', () => {
    it('chat-miner single and full-account exports match target.json', () => {
      const target = JSON.parse(fs.readFileSync(acceptancePath('chat-miner', 'telegram', 'target.json'), 'utf8')) as Array<{ timestamp: string; author: string }>;
      for (const file of ['test_single_export.json', 'test_batch_export.json']) {
        const ms = read('chat-miner', 'telegram', file);
        expect(ms.map((m) => ({ timestamp: m.utc.replace(/Z$/, ''), author: m.senderName }))).toEqual(target.map((t) => ({ timestamp: t.timestamp, author: t.author })));
      }
    });

    it.each([
      ['DM_2A_7M.json', 2, 7],
      ['BIG_20A_5475M.json', 20, 5475],
    ])('chat-analytics %s: %i authors, %i messages', (file, authors, messages) => {
      const ms = conversational(read('chat-analytics', 'telegram', file));
      expect(ms).toHaveLength(messages);
      expect(new Set(ms.map((m) => m.senderId)).size).toBe(authors);
    });
  });
});
