import { describe, expect, it } from 'vitest';
import type { ChatRecord, ParsedMessage } from '../../../workers/parsers/chat-records';
import { memorySource } from '../../../workers/parsers/lines';
import { csvRows } from '../../../workers/parsers/table/csv';
import { inferTableDateOrder, parseTableTime, tableChatRecords } from '../../../workers/parsers/table/message-table';
import { xlsxRows } from '../../../workers/parsers/table/xlsx';
import { makeXlsx } from '../../helpers/xlsx';

const utf8 = (s: string) => new TextEncoder().encode(s);
const msgs = (rs: Iterable<ChatRecord>) => [...rs].filter((r): r is ParsedMessage => r.kind === 'message');
const Z = 'Europe/Belgrade';

describe('message tables (CSV, XLSX)', () => {
  it('reads times in the forms forensic tools and spreadsheets write', () => {
    expect(parseTableTime('14.03.2024 21:15:02', undefined, Z, null)).toEqual({ utc: '2024-03-14T20:15:02Z', absolute: false });
    expect(parseTableTime('2024-03-14 21:15', undefined, Z, null)).toEqual({ utc: '2024-03-14T20:15:00Z', absolute: false });
    expect(parseTableTime('2024-03-14T21:15:02+01:00', undefined, Z, null)).toEqual({ utc: '2024-03-14T20:15:02Z', absolute: true });
    expect(parseTableTime('1710447302', undefined, Z, null)).toEqual({ utc: '2024-03-14T20:15:02.000Z', absolute: true });
    expect(parseTableTime('3/14/2024 9:15:02 PM', undefined, Z, 'mdy')).toEqual({ utc: '2024-03-14T20:15:02Z', absolute: false });
    expect(parseTableTime('03/04/2024 21:15', undefined, Z, null)).toBeNull();
    expect(parseTableTime('45365.84375', undefined, Z, null)).toEqual({ utc: '2024-03-14T19:15:00Z', absolute: false });
    expect(parseTableTime('14-03-2024 at 21:15', "dd-MM-yyyy 'at' HH:mm", Z, null)).toEqual({ utc: '2024-03-14T20:15:00Z', absolute: false });
    expect(parseTableTime('yesterday', undefined, Z, null)).toBeNull();
    expect(inferTableDateOrder(['03/04/2024 10:00', '25/04/2024 10:00'])).toBe('dmy');
    expect(inferTableDateOrder(['03/04/2024 10:00', '04/25/2024 10:00'])).toBe('mdy');
    expect(inferTableDateOrder(['03/04/2024 10:00'])).toBeNull();
  });

  it('streams CSV rows with quoted newlines, any delimiter, BOMs and their line numbers', () => {
    const csv = 'Time;From;Body\r\n14.03.2024 21:15;Marko;"dve\nlinije"\r\n\r\n14.03.2024 21:16;Ana;ok\r\n';
    for (const chunk of [5, 1 << 20]) {
      const rows = [...csvRows(memorySource(utf8(`\ufeff${csv}`)), undefined, chunk)];
      expect(rows.map((r) => [r.cells, r.line, r.lastLine])).toEqual([
        [['Time', 'From', 'Body'], 1, 1],
        [['14.03.2024 21:15', 'Marko', 'dve\nlinije'], 2, 3],
        [['14.03.2024 21:16', 'Ana', 'ok'], 5, 5],
      ]);
    }
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('Time\tBody\n14.03.2024 21:15\tЗдраво\n', 'utf16le')]);
    expect([...csvRows(memorySource(utf16))].map((r) => r.cells)).toEqual([['Time', 'Body'], ['14.03.2024 21:15', 'Здраво']]);
  });

  it('reads an .xlsx sheet: shared strings, numbers, gaps', () => {
    const book = makeXlsx([['Vreme', 'Pošiljalac', 'Poruka'], [45365.84375, 'Marko', 'javi se'], ['14.03.2024 21:16', null, 'bez pošiljaoca']]);
    expect([...xlsxRows(book)].map((r) => [r.row, r.sheet, r.cells])).toEqual([
      [1, 'Messages', ['Vreme', 'Pošiljalac', 'Poruka']],
      [2, 'Messages', ['45365.84375', 'Marko', 'javi se']],
      [3, 'Messages', ['14.03.2024 21:16', '', 'bez pošiljaoca']],
    ]);
    expect(() => [...xlsxRows(book, 'Other')]).toThrow(/no sheet "Other" \(it has "Messages"\)/);
    expect(() => [...xlsxRows(utf8('not a zip'))]).toThrow(/not an \.xlsx workbook/);
  });

  it('maps columns by header name into chats and messages; unreadable rows stay fragments', () => {
    const rows = [
      { cells: ['Chat', 'Time', 'From', 'Body', 'Id'], line: 1 },
      { cells: ['A', '14.03.2024 21:15', '+381641234567', 'zovi me', 'm1'], line: 2 },
      { cells: ['B', 'not a time', 'Ana', 'x', 'm2'], line: 3 },
      { cells: ['B', '14.03.2024 21:17', 'Ana', 'ok', 'm3'], line: 4 },
    ];
    const recs = [...tableChatRecords(rows, { time: 'time', body: 'Body', sender: 'From', chat: 'Chat', messageId: 'Id' }, { timezone: Z, dateOrder: null, title: 'export' })];
    expect(recs.filter((r) => r.kind === 'chat').map((r) => (r.kind === 'chat' ? r.title : ''))).toEqual(['export / A', 'export / B']);
    expect(msgs(recs).map((m) => [m.chatKey, m.senderKey, m.utc, m.locator.line, m.locator.messageId])).toEqual([
      ['A', '+381641234567', '2024-03-14T20:15:00Z', 2, 'm1'],
      ['B', 'Ana', '2024-03-14T20:17:00Z', 4, 'm3'],
    ]);
    expect(recs.filter((r) => r.kind === 'unparsed')).toMatchObject([{ locator: { line: 3 } }]);
    expect(() => [...tableChatRecords(rows, { time: 'Datum', body: 'Body' }, { timezone: Z, dateOrder: null, title: 'x' })]).toThrow(/time → "Datum".*the columns are "Chat", "Time", "From", "Body", "Id"/);
  });
});
