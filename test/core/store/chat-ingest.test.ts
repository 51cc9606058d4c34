import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { detectFormat } from '../../../workers/ingest/plan';
import { NitkaError } from '../../../shared/result';
import { acceptancePath, hasAcceptanceData } from '../../helpers/acceptance';
import { makeTempDir } from '../../helpers/tmp';
import { openRaw } from '../../helpers/raw-db';
import { makeXlsx } from '../../helpers/xlsx';

const ACTOR = 't@lab';
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('chat ingest inside the source transaction', () => {
  let dir: string;
  let cleanup: () => void;
  let store: CaseStore;
  let file: string;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    file = path.join(dir, 'c.nitka');
    store = CaseStore.create(file, 'pw', ACTOR);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('detects formats by name and first bytes', () => {
    expect(detectFormat('chat.txt', utf8('14/03/2024, 21:15 - A: x'))).toBe('whatsapp-txt');
    expect(detectFormat('notes.txt', utf8('just notes'))).toBe('raw');
    expect(detectFormat('result.json', utf8('{\n "name": "X",\n "messages": [{"id": 1, "date": "2024-01-01T10:00:00"'))).toBe('telegram-json');
    expect(detectFormat('chat.md', utf8('[2024-03-14 21:15:02] A: x'))).toBe('signal-md');
    expect(detectFormat('test_export.txt', utf8('[2019-12-24, 12:23] Jane Doe: Hello'))).toBe('signal-md');
    expect(detectFormat('chat.txt', utf8('[14.03.24, 21:15:02] A: x'))).toBe('whatsapp-txt');
    expect(detectFormat('data.json', utf8('{"date": "2024-03-14T21:15:02", "sender": "A", "body": "x"}\n'))).toBe('signal-jsonl');
    expect(detectFormat('GC.json', utf8('{\n "guild": {"id": "0"}, "channel": {"id": "1"}'))).toBe('discord-json');
    expect(detectFormat('message_1.json', utf8('{\n "participants": [{"name": "A"}], "messages": [{"sender_name": "A"'))).toBe('messenger-json');
    expect(detectFormat('export.zip', new Uint8Array([0x50, 0x4b, 3, 4]))).toBe('whatsapp-zip');
  });

  it('hashes the media of a WhatsApp zip as attachments of their messages', () => {
    const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const zip = zipSync({
      'WhatsApp Chat with Marko.txt': utf8('14/03/2024, 21:15 - Marko: IMG-20240314-WA0001.jpg (file attached)\n14/03/2024, 21:16 - Marko: evo slika'),
      'IMG-20240314-WA0001.jpg': photo,
    });
    const r = store.addBytes('WhatsApp Chat with Marko.zip', zip, {}, ACTOR);
    expect(r.report).toMatchObject({ format: 'whatsapp-zip', messages: 2, attachments: 1 });
    store.close();
    const raw = openRaw(file, 'pw');
    expect(raw.prepare('SELECT a.entry, a.size, m.locator_line AS line, m.locator_entry AS entry2 FROM attachments a JOIN messages m ON m.id = a.message_id').all()).toEqual([
      { entry: 'IMG-20240314-WA0001.jpg', size: photo.length, line: 1, entry2: 'WhatsApp Chat with Marko.txt' },
    ]);
    raw.close();
    store = CaseStore.open(file, 'pw', ACTOR);
  });

  it('reads a spreadsheet of messages through a mapping, with Excel serial times', () => {
    const book = makeXlsx([['Vreme', 'Pošiljalac', 'Poruka'], [45365.84375, 'Marko', 'javi se na 064 123 4567'], ['nije vreme', 'Ana', 'x']]);
    const r = store.addBytes('poruke.xlsx', book, { mapping: { time: 'Vreme', sender: 'Pošiljalac', body: 'Poruka' } }, ACTOR);
    expect(r.report).toMatchObject({ format: 'xlsx', messages: 1, fragments: 1, identifiers: 1, mapping: { time: 'Vreme' }, mappingName: null });
    expect(store.listMessages({})).toMatchObject([{ sentUtc: '2024-03-14T19:15:00Z', sender: 'Marko', line: 2 }]);
    expect(() => store.addBytes('other.xlsx', makeXlsx([['A'], ['b']]), {}, ACTOR)).toThrow(/other\.xlsx: a message table needs a column mapping/);
    expect(() => store.addBytes('saved.csv', utf8('a,b\n'), { mappingName: 'nope' }, ACTOR)).toThrow(/no saved column mapping is named "nope"; none is saved yet/);
  });

  it('rolls back the whole source when parsing fails, losing nothing already in the case', () => {
    store.addBytes('first.txt', utf8('already here'), {}, ACTOR);
    expect(() => store.addBytes('WhatsApp Chat with X.txt', utf8('01/02/2024, 10:00 - A: x\n02/03/2024, 10:00 - B: y'), {}, ACTOR)).toThrow(NitkaError);
    expect(() => store.addBytes('result.json', utf8('{"messages": [ {"date": broken'), { format: 'telegram' }, ACTOR)).toThrow(/result\.json: not valid JSON near byte \d+/);
    expect(store.listSources().map((s) => s.fileName)).toEqual(['first.txt']);
    expect(store.verify(ACTOR).ok).toBe(true);
  });

  it.skipIf(!hasAcceptanceData)('ingests the Telegram samples with their message and author counts', () => {
    const big = fs.readFileSync(acceptancePath('chat-analytics', 'telegram', 'BIG_20A_5475M.json'));
    const r = store.addBytes('BIG_20A_5475M.json', big, {}, ACTOR);
    expect(r.report).toMatchObject({ format: 'telegram-json', messages: 5475, accounts: 20 });
    const batch = fs.readFileSync(acceptancePath('chat-miner', 'telegram', 'test_batch_export.json'));
    expect(store.addBytes('result.json', batch, {}, ACTOR).report).toMatchObject({ format: 'telegram-json', messages: 2 });
    const chats = store.listEntities('chat').map((c) => c.label);
    expect(chats).toContain('Chatname');
    expect(store.listMessages({ search: 'telegram' }).map((m) => m.body)).toEqual(['Link:https://telegram.org/']);
  });
});
