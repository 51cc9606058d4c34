import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTelegramExport, telegramStreamRecords, type TelegramMessage } from '../../../workers/parsers/telegram/telegram-json';
import { memorySource } from '../../../workers/parsers/lines';
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

describe('Telegram Desktop JSON, streamed', () => {
  const source = (v: unknown) => memorySource(new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v, null, 1)));
  const account = {
    about: 'Here is the data you requested.',
    personal_information: { user_id: 1, first_name: 'Marko', phone_number: '+381 64 111 2222' },
    contacts: { about: 'contacts', list: [{ user_id: 77, first_name: 'Dragan', last_name: 'Petrović', phone_number: '+381 63 987 6543', date: '2024-01-02T10:00:00', date_unixtime: '1704186000' }] },
    sessions: { about: 'sessions', list: [{ last_active: '2024-03-14T21:15:00', last_active_unixtime: '1710447300', ip: '93.87.12.34', country: 'Serbia', region: 'Belgrade', application_name: 'Telegram Android', application_version: '10.8', device_model: 'SM-A525F', platform: 'Android', system_version: '13' }] },
    chats: {
      about: 'chats',
      list: [
        { name: 'Posao Beč', type: 'personal_chat', id: 42, messages: [{ id: 1, type: 'message', date: '2024-03-14T21:15:00', date_unixtime: '1710447300', from: 'Dragan', from_id: 'user77', text: 'javi se' }, { id: 2, type: 'message', from: 'Dragan', text: 'no time' }] },
        { name: 'Prazan', type: 'personal_chat', id: 43, messages: [] },
      ],
    },
  };

  it('reads chats, contacts and sessions in bounded pieces, whatever the chunk size', () => {
    for (const chunk of [7, 1 << 20]) {
      const recs = [...telegramStreamRecords(source(account), { timezone: 'UTC' }, undefined, chunk)];
      expect(recs.filter((r) => r.kind === 'chat').map((r) => (r.kind === 'chat' ? r.title : ''))).toEqual(['Account data (contacts, sessions)', 'Posao Beč', 'Prazan']);
      const events = recs.filter((r) => r.kind === 'system');
      expect(events.map((e) => (e.kind === 'system' ? [e.event, e.senderKey, e.body] : null))).toEqual([
        ['contact', 'user77', 'Contact: Dragan Petrović, +381 63 987 6543'],
        ['session', null, 'Session: Telegram Android 10.8; SM-A525F; Android 13; IP 93.87.12.34; Belgrade, Serbia'],
      ]);
      expect(recs.filter((r) => r.kind === 'message')).toMatchObject([{ senderKey: 'user77', body: 'javi se', utc: '2024-03-14T20:15:00Z', locator: { messageId: '42/1' } }]);
      expect(recs.filter((r) => r.kind === 'unparsed')).toMatchObject([{ locator: { messageId: '42/2' } }]);
    }
  });

  it('names the place of broken or cut-off JSON, and refuses JSON that is no export', () => {
    const text = JSON.stringify(account);
    expect(() => [...telegramStreamRecords(source(text.slice(0, 300)), { timezone: 'UTC' })]).toThrow(`ends early, at byte ${Buffer.byteLength(text.slice(0, 300))}:`);
    expect(() => [...telegramStreamRecords(source('{"messages": [ {"id": 1, broken'), { timezone: 'UTC' })]).toThrow(/not valid JSON near byte 0/);
    expect(() => [...telegramStreamRecords(source({ name: 'x', foo: [] }), { timezone: 'UTC' })]).toThrow(/not a Telegram export/);
  });
});
