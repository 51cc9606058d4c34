import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { NetworkQueries } from '../../../electron/core/store/network-queries';
import { isCall, timeline } from '../../../electron/core/store/timeline';
import { makeTempDir } from '../../helpers/tmp';
import { openRaw } from '../../helpers/raw-db';

const ACTOR = 't@lab';
const DEMO = path.resolve(__dirname, '../../fixtures/demo');
const PHONE = '+381652223333';
const WALLET = 'tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX';

// A WhatsApp chat written by a number (so the account is that phone), with a missed call.
const WHATSAPP = [
  '14/03/2024, 10:00 - +381 65 222 3333: Pošalji 50 USDT na TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX',
  '14/03/2024, 10:02 - +381 65 222 3333: Missed voice call',
  '14/03/2024, 10:05 - Ana: ok, poslala sam',
  '15/03/2024, 08:00 - Ana: gdje si?',
].join('\n');

// A Telegram chat: a call (a service message) and a message naming the same phone.
const TELEGRAM = {
  name: 'Marko', type: 'personal_chat', id: 7,
  messages: [
    { id: 1, type: 'service', date: '2024-03-13T09:00:00', date_unixtime: '1710316800', actor: 'Marko', actor_id: 'user111', action: 'phone_call', duration_seconds: 60, text: '' },
    { id: 2, type: 'message', date: '2024-03-13T09:05:00', date_unixtime: '1710317100', from: 'Marko', from_id: 'user111', text: 'moj broj je 065 222 3333' },
  ],
};

describe('timeline: messages, calls, ads and transfers of nodes on one time axis', () => {
  let dir: string;
  let cleanup: () => void;
  let store: CaseStore;
  let file: string;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    file = path.join(dir, 'c.nitka');
    store = CaseStore.create(file, 'pw', ACTOR);
    fs.writeFileSync(path.join(dir, 'WhatsApp Chat with Marko.txt'), `${WHATSAPP}\n`);
    fs.writeFileSync(path.join(dir, 'result.json'), JSON.stringify(TELEGRAM));
    for (const f of [path.join(dir, 'WhatsApp Chat with Marko.txt'), path.join(dir, 'result.json'), path.join(DEMO, 'wallet-export.csv'), path.join(DEMO, 'oglasi.jsonl')]) store.ingestFile(f, {}, ACTOR);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('tells calls from other system events and messages', () => {
    expect(isCall('phone_call', '')).toBe(true);
    expect(isCall('group_call', '')).toBe(true);
    expect(isCall('missed_call', '')).toBe(true);
    expect(isCall(null, '\u200eMissed video call')).toBe(true);
    expect(isCall('pin_message', 'pinned')).toBe(false);
    expect(isCall(null, 'call me at 8')).toBe(false);
    expect(isCall('recall', '')).toBe(false);
  });

  it("puts a phone's own messages, calls and the messages that name it in time order, each with its place", () => {
    const { events, truncated } = store.timeline({ nodes: [PHONE] });
    expect(truncated).toBe(false);
    const phone = store.nodeEvidence(PHONE).node.id;
    expect(events.map((e) => [e.kind, e.fileName, e.locator.line ?? e.locator.ref, e.text])).toEqual([
      ['message', 'result.json', '7/2', 'moj broj je 065 222 3333'],
      ['message', 'WhatsApp Chat with Marko.txt', 1, 'Pošalji 50 USDT na TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX'],
      ['call', 'WhatsApp Chat with Marko.txt', 2, 'Missed voice call'],
    ]);
    expect(events.every((e) => e.nodeIds.length === 1 && e.nodeIds[0] === phone)).toBe(true);
    expect(events.map((e) => Date.parse(e.at))).toEqual([...events.map((e) => Date.parse(e.at))].sort((a, b) => a - b));
    expect(events[1]).toMatchObject({ title: '+381 65 222 3333 → Marko', sourceId: 1, locator: { offset: 0 } });
  });

  it("shows a Telegram account's call and message, and a chat's every line", () => {
    const account = store.timeline({ nodes: ['account:telegram:user111'] }).events;
    expect(account.map((e) => [e.kind, e.title])).toEqual([['call', 'Marko → Marko'], ['message', 'Marko → Marko']]);
    expect(account[0]!.locator.ref).toBe('7/1');
    const chat = store.graph({ nodeKinds: ['chat'] }).nodes.find((n) => n.label === 'Marko' && n.value !== 'chat:2')!;
    const lines = store.timeline({ nodes: [chat.id] }).events;
    expect(lines.map((e) => e.kind)).toEqual(['message', 'call', 'message', 'message']);
  });

  it('gives transfers their amount in the asset units, and marks an event with every asked node it concerns', () => {
    const { events } = store.timeline({ nodes: [PHONE, WALLET] });
    const ids = Object.fromEntries([PHONE, WALLET].map((v) => [v, store.nodeEvidence(v).node.id]));
    const transfers = events.filter((e) => e.kind === 'transfer');
    expect(transfers.map((e) => [e.amount, e.asset, e.fileName, e.locator.line])).toEqual([['50', 'USDT', 'wallet-export.csv', 2], ['45', 'USDT', 'wallet-export.csv', 3]]);
    expect(transfers[0]!.title).toBe(`tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE → ${WALLET}`);
    expect(transfers.every((e) => e.nodeIds.length === 1 && e.nodeIds[0] === ids[WALLET])).toBe(true);
    const both = events.find((e) => e.text?.startsWith('Pošalji 50 USDT'))!;
    expect(both.nodeIds.sort()).toEqual([ids[PHONE], ids[WALLET]].sort());
  });

  it('lists the ads a phone is named in, at their posting time', () => {
    const events = store.timeline({ nodes: ['+381641234567'] }).events;
    expect(events.map((e) => [e.kind, e.at, e.locator.ref])).toEqual([['ad', '2024-03-10T17:00:00Z', 'A-100231'], ['ad', '2024-03-11T07:30:00Z', 'A-100877']]);
    expect(events[0]!.title).toBe('oglasi.example A-100231: Konobarice za Austriju – odmah!');
  });

  it("hides a victim's number and name in every title and text", () => {
    store.flagVictim(PHONE, undefined, ACTOR);
    const { events } = store.timeline({ nodes: [PHONE, WALLET] });
    expect(events.length).toBeGreaterThan(3);
    const shown = JSON.stringify(events);
    for (const form of ['065 222 3333', '+381 65 222 3333', '381652223333']) expect(shown).not.toContain(form);
    expect(events.find((e) => e.text?.startsWith('moj broj'))!.text).toBe('moj broj je V-001');
  });

  it('keeps to the time window and the limit, saying when it cut', () => {
    const window = store.timeline({ nodes: [PHONE, WALLET], since: '2024-03-13T08:00:00Z', until: '2024-03-14T09:00:00.000Z' }).events;
    expect(window.map((e) => [e.kind, e.at])).toEqual([['transfer', '2024-03-13T08:02:44Z'], ['message', '2024-03-13T08:05:00Z'], ['message', '2024-03-14T09:00:00Z']]);
    // 10:00 Belgrade time is 09:00 UTC: the bound is inclusive, written with or without milliseconds
    expect(store.timeline({ nodes: [PHONE], since: '2024-03-14T09:00:00+00:00', until: '2024-03-14T09:00:00.000Z' }).events).toHaveLength(1);
    const first = store.timeline({ nodes: [PHONE, WALLET], limit: 2 });
    expect(first.truncated).toBe(true);
    expect(first.events.map((e) => e.at)).toEqual(['2024-03-12T20:31:07Z', '2024-03-13T08:02:44Z']);
    expect(store.timeline({ nodes: [PHONE, WALLET], limit: 5 }).truncated).toBe(false);
    expect(() => store.timeline({ nodes: [PHONE], since: '2024-03-15T00:00:00Z', until: '2024-03-14T00:00:00Z' })).toThrow(/since .* is after until/);
    expect(() => store.timeline({ nodes: ['nobody'] })).toThrow(/no node named "nobody"/);
  });

  it('reads every kind of node through indexes, never scanning messages, occurrences or transfers', () => {
    store.close();
    const raw = openRaw(file, 'pw');
    try {
      const sqls = new Set<string>();
      const spy = new Proxy(raw, {
        get(target, prop) {
          if (prop === 'prepare') return (sql: string) => (sqls.add(sql), target.prepare(sql));
          const v = Reflect.get(target, prop) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      }) as Database;
      const q = new NetworkQueries(raw);
      const nodes = [PHONE, WALLET, 'account:telegram:user111', 'chat:1', 'ad:oglasi.example/A-100231'].map((v) => q.resolve(v, 'RS'));
      expect(timeline(spy, nodes, {}).events.length).toBeGreaterThan(5);
      expect(sqls.size).toBeGreaterThan(5);
      for (const sql of sqls) {
        const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sql.split('?').slice(1).map(() => 1)) as Array<{ detail: string }>).map((r) => r.detail);
        for (const step of plan) expect(step, sql).not.toMatch(/^SCAN (m|messages|o|occurrences|t|transfers|e|link_evidence|l|links)\b/);
      }
    } finally {
      raw.close();
      store = CaseStore.open(file, 'pw', ACTOR);
    }
  });
});
