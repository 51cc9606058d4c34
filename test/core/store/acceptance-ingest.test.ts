import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceFormat } from '../../../shared/api/contract';
import { CaseStore } from '../../../electron/core/store/case-store';
import { acceptancePath, hasAcceptanceData } from '../../helpers/acceptance';
import { makeTempDir } from '../../helpers/tmp';
import { openRaw } from '../../helpers/raw-db';

const ACTOR = 'acceptance@lab';

interface Sample {
  file: string[];
  format?: SourceFormat;
  detected: string;
  messages: number;
  systemEvents?: number;
  authors: number;
  /** lines no rule reads, kept as fragments with their locator */
  fragments?: number;
  /** the date order, for files whose dates cannot decide it (the ingest must refuse them without) */
  dateOrder?: 'dmy' | 'mdy';
  /** why an expectation departs from the file name */
  why?: string;
}

const target = (app: string) => {
  if (!hasAcceptanceData) return { messages: 0, authors: 0 };
  const t = JSON.parse(fs.readFileSync(acceptancePath('chat-miner', app, 'target.json'), 'utf8')) as Array<{ author: string }>;
  return { messages: t.length, authors: new Set(t.map((m) => m.author)).size };
};

/**
 * Every chat sample in ../shared/acceptance, through the real ingest (detect, parse, store,
 * index, extract) into an encrypted case. Counts come from chat-miner's target.json files and
 * chat-analytics' `<authors>A_<messages>M` file names.
 */
const SAMPLES: Sample[] = [
  { file: ['chat-analytics', 'whatsapp', '2A_5M.txt'], detected: 'whatsapp-txt', messages: 5, authors: 2, dateOrder: 'mdy' },
  ...['4A_11M.txt', '4A_11M.zip'].map(
    (f): Sample => ({
      file: ['chat-analytics', 'whatsapp', f],
      detected: f.endsWith('.zip') ? 'whatsapp-zip' : 'whatsapp-txt',
      messages: 11,
      authors: 5,
      dateOrder: 'mdy',
      why: 'five people write in this export (Alice, Bob, Eve, Mallory, Trent), though the name says 4',
    }),
  ),
  ...['test_[mmddyy]_24hrs.txt', 'test_ddmmyy_24hrs.txt', 'test_mmddyy_24hrs.txt', 'test_mmddyyyy_12hrs.txt', 'test_yyyymmdd_24hrs.txt'].map(
    (f): Sample => ({
      file: ['chat-miner', 'whatsapp', f],
      detected: 'whatsapp-txt',
      ...target('whatsapp'),
      fragments: 1,
      why: 'line 2, "John Doe:." (no space after the colon), is no message in target.json either: it stays a fragment',
    }),
  ),
  {
    file: ['chat-analytics', 'telegram', 'DM_2A_7M.json'],
    detected: 'telegram-json',
    messages: 6,
    systemEvents: 2,
    authors: 2,
    why: '"7M" counts the phone call, which Nitka keeps as a system event (beside "joined Telegram")',
  },
  { file: ['chat-analytics', 'telegram', 'BIG_20A_5475M.json'], detected: 'telegram-json', messages: 5475, authors: 20 },
  { file: ['chat-miner', 'telegram', 'test_single_export.json'], detected: 'telegram-json', ...target('telegram') },
  { file: ['chat-miner', 'telegram', 'test_batch_export.json'], detected: 'telegram-json', ...target('telegram') },
  { file: ['chat-analytics', 'messenger', '2A_7M.json'], detected: 'messenger-json', messages: 7, authors: 2 },
  // Instagram threads have Messenger's shape and, in this sample, no path that names Instagram.
  { file: ['chat-miner', 'instagram', 'test_export.json'], format: 'instagram', detected: 'instagram-json', ...target('instagram') },
  { file: ['chat-miner', 'signal', 'test_export.txt'], detected: 'signal-md', ...target('signal') },
  { file: ['chat-analytics', 'discord', 'DM_2A_2M.json'], detected: 'discord-json', messages: 2, authors: 2 },
  {
    file: ['chat-analytics', 'discord', 'GC_3A_5M.json'],
    detected: 'discord-json',
    messages: 3,
    authors: 3,
    why: 'the file holds 6 records: 3 user messages and 3 system events (a rename, an icon change, a call); "5M" counts the system events but not the call',
  },
  {
    file: ['chat-analytics', 'discord', 'SV_5A_5M.json'],
    detected: 'discord-json',
    messages: 5,
    authors: 2,
    why: 'only two user ids write in this file (chat-analytics expects the same two authors in its own SV_5A_5M.json.ts)',
  },
];

describe.skipIf(!hasAcceptanceData)('every acceptance chat sample ingests with its expected counts', () => {
  let dir: string;
  let cleanup: () => void;
  let store: CaseStore;
  let file: string;
  beforeAll(() => {
    ({ dir, cleanup } = makeTempDir());
    file = path.join(dir, 'acceptance.nitka');
    store = CaseStore.create(file, 'pw', ACTOR);
  });
  afterAll(() => {
    store.close();
    cleanup();
  });

  it.each(SAMPLES.map((s) => [s.file.join('/'), s] as const))('%s', (_name, s) => {
    const bytes = fs.readFileSync(acceptancePath(...s.file));
    const options = { ...(s.format ? { format: s.format } : {}), exhibit: s.file.join('/') };
    if (s.dateOrder) {
      expect(() => store.addBytes(s.file.at(-1)!, bytes, options, ACTOR)).toThrow(/give the date order/);
    }
    const r = store.addBytes(s.file.at(-1)!, bytes, { ...options, ...(s.dateOrder ? { dateOrder: s.dateOrder } : {}) }, ACTOR);
    expect(r.report, s.why).toMatchObject({
      format: s.detected,
      messages: s.messages,
      accounts: s.authors,
      fragments: s.fragments ?? 0,
      ...(s.systemEvents !== undefined ? { systemEvents: s.systemEvents } : {}),
      ...(s.dateOrder ? { dateOrder: s.dateOrder } : {}),
    });
  });

  it('keeps the discord system events apart from messages, and the whole case verifies', () => {
    store.close();
    const raw = openRaw(file, 'pw');
    const events = raw
      .prepare("SELECT m.event, count(*) AS n FROM messages m JOIN chats c ON c.id = m.chat_id WHERE c.platform = 'discord' AND m.kind = 'system' GROUP BY m.event ORDER BY m.event")
      .all();
    raw.close();
    expect(events).toEqual([
      { event: 'call', n: 2 },
      { event: 'channel_icon_change', n: 1 },
      { event: 'channel_name_change', n: 1 },
    ]);
    store = CaseStore.open(file, 'pw', ACTOR);
    expect(store.verify(ACTOR).ok).toBe(true);
  });
});
