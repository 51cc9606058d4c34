import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { inferDateOrder, inferDateOrderFromSource, linesOf, parseWhatsAppText, type DateOrder, type WhatsAppMessage, type WhatsAppRecord } from '../../../workers/parsers/whatsapp/whatsapp-text';
import { memorySource } from '../../../workers/parsers/lines';
import { acceptancePath, hasAcceptanceData } from '../../helpers/acceptance';

function parse(bytes: Uint8Array, timezone = 'UTC', dateOrder?: DateOrder): WhatsAppRecord[] {
  const order = dateOrder ?? inferDateOrder([...linesOf(bytes)].map((l) => l.text));
  if (!order) throw new Error('date order undecidable');
  return [...parseWhatsAppText(linesOf(bytes), { dateOrder: order, timezone })];
}
const messages = (r: WhatsAppRecord[]) => r.filter((x): x is WhatsAppMessage => x.kind === 'message');
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('WhatsApp text exports', () => {
  it('reads Android 24 h lines, multi-line messages, system lines, media, deletions and edits, with line and byte locators', () => {
    const text = [
      '12/03/2024, 21:14 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
      '12/03/2024, 21:15 - Posao Beč: Zdravo,',
      'imamo posao u Beču.',
      '13/03/2024, 09:02 - Ana: <Media omitted>',
      '13/03/2024, 09:03 - Ana: IMG-20240313-WA0001.jpg (file attached)',
      '13/03/2024, 09:04 - Posao Beč: This message was deleted',
      '13/03/2024, 09:05 - Posao Beč: Put plaćaš poslije <This message was edited>',
      '13/03/2024, 09:06 - Marko changed to +381 64 765 4321',
      '13/03/2024, 09:07 - Ivana left',
    ].join('\n');
    const r = parse(utf8(text), 'Europe/Belgrade');
    const msgs = messages(r);
    expect(msgs.map((m) => m.author)).toEqual(['Posao Beč', 'Ana', 'Ana', 'Posao Beč', 'Posao Beč']);
    expect(msgs[0]).toMatchObject({ body: 'Zdravo,\nimamo posao u Beču.', utc: '2024-03-12T20:15:00Z', timeText: '12/03/2024, 21:15', line: 2, lastLine: 3, timezone: 'Europe/Belgrade' });
    expect(msgs[0]!.offset).toBe(Buffer.byteLength(text.split('\n')[0]!) + 1);
    expect(msgs[1]!.media).toEqual({ fileName: null, omitted: true });
    expect(msgs[2]!.media).toEqual({ fileName: 'IMG-20240313-WA0001.jpg', omitted: false });
    expect(msgs[3]!.deleted).toBe(true);
    expect(msgs[4]).toMatchObject({ edited: true, body: 'Put plaćaš poslije' });
    const system = r.filter((x) => x.kind === 'system');
    expect(system.map((s) => s.kind === 'system' && s.event)).toEqual(['encryption_notice', 'number_changed', 'left']);
  });

  it('reads iOS bracketed 12 h lines with U+200E marks and localized a. m./p. m.', () => {
    const text = '\u200e[3/14/24, 9:05:12\u202fPM] Ana: zdravo\n[3/14/24, 12:01:00 a. m.] Marko: \u200e<attached: 00000012-PHOTO-2024-03-14.jpg>';
    const msgs = messages(parse(utf8(text), 'UTC', 'mdy'));
    expect(msgs.map((m) => [m.author, m.utc])).toEqual([['Ana', '2024-03-14T21:05:12Z'], ['Marko', '2024-03-14T00:01:00Z']]);
    expect(msgs[1]!.media).toEqual({ fileName: '00000012-PHOTO-2024-03-14.jpg', omitted: false });
  });

  it('infers the date order from the whole file, or says it cannot', () => {
    expect(inferDateOrder(['01/02/24, 10:00 - A: x', '25/02/24, 10:00 - A: y'])).toBe('dmy');
    expect(inferDateOrder(['01/02/24, 10:00 - A: x', '02/25/24, 10:00 - A: y'])).toBe('mdy');
    expect(inferDateOrder(['2024-02-25, 10:00 - A: x'])).toBe('ymd');
    expect(inferDateOrder(['01/02/24, 10:00 - A: x', '02/03/24, 10:00 - A: y'])).toBeNull();
  });

  it('infers the same order straight from the bytes, whatever the chunk boundaries', () => {
    const cases: Array<[string[], DateOrder | null]> = [
      [['01/02/24, 10:00 - A: x', 'tekst', '25/02/24, 10:00 - A: y'], 'dmy'],
      [['\u200e[01/02/24, 10:00:00] A: x', '[02/25/24, 10:00:00] A: y'], 'mdy'],
      [['2024-02-25, 10:00 - A: x'], 'ymd'],
      [['01/02/24, 10:00 - A: x', '02/03/24, 10:00 - A: y'], null],
      [['25/02/24, 10:00 - A: x', '02/25/24, 10:00 - A: y'], null],
    ];
    for (const [lines, order] of cases) {
      expect(inferDateOrder(lines)).toBe(order);
      for (const chunk of [3, 7, 64, 1 << 20]) expect(inferDateOrderFromSource(memorySource(utf8(lines.join('\n'))), chunk), `${lines[0]} / ${chunk}`).toBe(order);
    }
  });

  it('keeps a line that fits no rule as an unparsed fragment with its locator', () => {
    const r = parse(utf8('garbage before the chat\n12/03/2024, 21:15 - A: hi\n13/03/2024, 21:16 - A:.'));
    expect(r.filter((x) => x.kind === 'unparsed').map((x) => x.line)).toEqual([1, 3]);
  });

  describe.skipIf(!hasAcceptanceData)('acceptance samples', () => {
    const target = hasAcceptanceData
      ? (JSON.parse(fs.readFileSync(acceptancePath('chat-miner', 'whatsapp', 'target.json'), 'utf8')) as Array<{ timestamp: string; author: string; message: string }>)
      : [];
    it.each(['test_[mmddyy]_24hrs.txt', 'test_ddmmyy_24hrs.txt', 'test_mmddyy_24hrs.txt', 'test_mmddyyyy_12hrs.txt', 'test_yyyymmdd_24hrs.txt'])('chat-miner %s matches target.json', (file) => {
      const msgs = messages(parse(fs.readFileSync(acceptancePath('chat-miner', 'whatsapp', file))));
      const got = msgs.map((m) => ({ timestamp: m.utc.replace(/Z$/, ''), author: m.author, message: m.body.replace(/\n/g, ' ') }));
      expect(got.sort((a, b) => a.timestamp.localeCompare(b.timestamp))).toEqual([...target].sort((a, b) => a.timestamp.localeCompare(b.timestamp)));
    });

    it('chat-analytics 2A_5M.txt: 2 authors, 5 messages', () => {
      const msgs = messages(parse(fs.readFileSync(acceptancePath('chat-analytics', 'whatsapp', '2A_5M.txt')), 'UTC', 'mdy'));
      expect(msgs).toHaveLength(5);
      expect(new Set(msgs.map((m) => m.author)).size).toBe(2);
    });

    it('chat-analytics 4A_11M (txt and zip): 11 messages', () => {
      const txt = fs.readFileSync(acceptancePath('chat-analytics', 'whatsapp', '4A_11M.txt'));
      const zip = unzipSync(fs.readFileSync(acceptancePath('chat-analytics', 'whatsapp', '4A_11M.zip')));
      for (const bytes of [txt, zip['_chat.txt']!]) {
        const msgs = messages(parse(bytes, 'UTC', 'mdy'));
        expect(msgs).toHaveLength(11);
        // The file name says 4 authors; the export has 5 distinct senders (Alice, Bob, Eve, Mallory, Trent).
        expect(new Set(msgs.map((m) => m.author))).toEqual(new Set(['Alice', 'Bob', 'Eve', 'Mallory', 'Trent']));
      }
    });
  });
});

describe('local times to UTC', () => {
  const utcOf = (line: string, timezone: string) => {
    const r = [...parseWhatsAppText(linesOf(new TextEncoder().encode(line)), { dateOrder: 'ymd', timezone })];
    return r[0]?.kind === 'message' ? r[0].utc : null;
  };
  it('agrees with luxon minute by minute across DST changes and in half- and quarter-hour zones', async () => {
    const { DateTime } = await import('luxon');
    for (const zone of ['Europe/Belgrade', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'UTC']) {
      for (const [from, days] of [['2024-03-29', 4], ['2024-10-25', 4]] as const) {
        const start = DateTime.fromISO(`${from}T00:00:00`, { zone: 'UTC' });
        for (let m = 0; m < days * 24 * 60; m += 37) {
          const local = start.plus({ minutes: m });
          const line = `${local.toFormat('yyyy-MM-dd, HH:mm:ss')} - A: x`;
          const expected = DateTime.fromObject({ year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute, second: local.second }, { zone });
          const ambiguousOrMissing = expected.hour !== local.hour || expected.offset !== expected.minus({ hours: 1 }).offset || expected.offset !== expected.plus({ hours: 1 }).offset;
          if (ambiguousOrMissing) continue;
          expect(utcOf(line, zone), `${zone} ${line}`).toBe(expected.toUTC().toISO({ suppressMilliseconds: true }));
        }
      }
    }
    // 02:30 on 31 March 2024 does not exist in Belgrade: that line is no message header.
    expect(utcOf('2024-03-31, 02:30:00 - A: x', 'Europe/Belgrade')).toBeNull();
  });
});
