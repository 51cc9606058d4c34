import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectAdFormat } from '../../../../workers/parsers/ads/ads-detect';
import { acceptancePath, hasAcceptanceData } from '../../../helpers/acceptance';

const head = (file: string) => new Uint8Array(fs.readFileSync(file)).subarray(0, 4096);
const fixture = (...p: string[]) => fileURLToPath(new URL(`../../../fixtures/${p.join('/')}`, import.meta.url));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('telling ad captures from chat exports', () => {
  it('claims our ad captures by name and first bytes', () => {
    expect(detectAdFormat('oglasi.jsonl', head(fixture('demo', 'oglasi.jsonl')))).toBe('ads-jsonl');
    expect(detectAdFormat('oglasi-mix.jsonl', head(fixture('ads', 'oglasi-mix.jsonl')))).toBe('ads-jsonl');
    expect(detectAdFormat('oglasi-rezultati.json', head(fixture('ads', 'oglasi-rezultati.json')))).toBe('ads-json');
    expect(detectAdFormat('oglasi-tabela.csv', head(fixture('ads', 'oglasi-tabela.csv')))).toBe('ads-csv');
    for (const page of ['oglas-jsonld.html', 'oglas-og.html', 'oglasi-lista.html']) expect(detectAdFormat(page, head(fixture('ads', page)))).toBe('ads-html');
    expect(detectAdFormat('SAVED.HTM', utf8('<html></html>'))).toBe('ads-html');
    // JSON lines saved as .json, a top-level array, a single ad, keys in other languages.
    expect(detectAdFormat('scrape.json', utf8('{"title":"a","url":"u"}\n{"title":"b","url":"v"}\n'))).toBe('ads-jsonl');
    expect(detectAdFormat('scrape.json', utf8('[\n  {"naslov": "Posao", "opis": "…"}'))).toBe('ads-json');
    expect(detectAdFormat('oglas.json', utf8('{"oglas_id": 7, "cijena": "100"}'))).toBe('ads-json');
    expect(detectAdFormat('items.ndjson', utf8('\ufeff{"title":"x","phone":"064"}'))).toBe('ads-jsonl');
    expect(detectAdFormat('oglasi.csv', utf8('"Naslov";"Opis";"Telefon"\r\n'))).toBe('ads-csv');
  });

  it('leaves chat exports, message tables and other files alone', () => {
    expect(detectAdFormat('result.json', utf8('{\n "name": "Posao Beč",\n "type": "personal_chat",\n "id": 42,\n "messages": [{"id": 1, "title": "x", "text": "y"}]'))).toBeNull();
    expect(detectAdFormat('message_1.json', utf8('{"participants":[{"name":"A"}],"messages":[{"sender_name":"A","content":"hi"}],"title":"A","thread_path":"inbox/a"}'))).toBeNull();
    expect(detectAdFormat('signal.jsonl', utf8('{"date":"2024-03-12 21:15","sender":"Ana","body":"ok","title":"x"}\n'))).toBeNull();
    expect(detectAdFormat('messages.html', utf8('<html><head><title>Exported Data</title></head><body><div class="page_wrap">'))).toBeNull();
    expect(detectAdFormat('chat/messages2.html', utf8('<html></html>'))).toBeNull();
    expect(detectAdFormat('inbox/ana/message_1.html', utf8('<html></html>'))).toBeNull();
    expect(detectAdFormat('poruke.csv', utf8('Time,Sender,Message,Title,Url\n'))).toBeNull();
    expect(detectAdFormat('export.csv', utf8('timestamp,from,to,body\n'))).toBeNull();
    expect(detectAdFormat('wallet-export.csv', head(fixture('demo', 'wallet-export.csv')))).toBeNull();
    expect(detectAdFormat('WhatsApp Chat with Posao Beč.txt', head(fixture('demo', 'WhatsApp Chat with Posao Beč.txt')))).toBeNull();
    expect(detectAdFormat('package.json', utf8('{"name":"x","description":"y","version":"1.0.0"}'))).toBeNull();
    expect(detectAdFormat('oglas.mhtml', utf8('From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n'))).toBeNull();
    expect(detectAdFormat('oglasi.txt', utf8('{"title":"a","body":"b"}'))).toBeNull();
  });

  it.skipIf(!hasAcceptanceData)('claims none of the real chat exports and the real ads document', () => {
    const chats = ['chat-analytics/telegram/DM_2A_7M.json', 'chat-analytics/telegram/BIG_20A_5475M.json', 'chat-analytics/messenger/2A_7M.json', 'chat-analytics/discord/GC_3A_5M.json', 'chat-miner/instagram/test_export.json', 'chat-miner/telegram/test_batch_export.json', 'chat-miner/telegram/test_single_export.json', 'chat-analytics/whatsapp/4A_11M.txt', 'chat-miner/signal/test_export.txt'];
    for (const file of chats) expect(detectAdFormat(file, head(acceptancePath(...file.split('/'))))).toBeNull();
    expect(detectAdFormat('groundtruth.json', head(acceptancePath('dig-phone-extractor', 'groundtruth.json')))).toBe('ads-json');
  });
});
