import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { makeTempDir } from '../../helpers/tmp';

const ACTOR = 't@lab';
const FIXTURES = path.resolve(__dirname, '../../fixtures');
const EXCHANGE = 'tron:TAWVLVFuThEEUp2e7RB4r8e5coo5Q147mq';

/** An ad naming its contact (a person who uses the phone and e-mail beside her name), and a chat that speaks of her. */
const AD = `${JSON.stringify({ site: 'oglasi.rs', ad_id: 'RS-9', title: 'Tražim posao konobarice', body: 'Iskustvo imam, javite se.', posted: '2024-04-10T10:00:00+02:00', phone: '064/765-4321', email: 'jelena.m@example.com', contact_name: 'Jelena Marković' })}\n`;
const CHAT = [
  '13/04/2024, 10:00 - Dragan: Jelena Markovic se javila, broj +381 64 765 4321',
  '13/04/2024, 10:05 - Dragan: ЈЕЛЕНА МАРКОВИЋ стиже сутра, пиши на jelena.m@example.com',
  '16/04/2024, 11:00 - Milan: Kombi polazi u petak.',
  '',
].join('\n');

/** Every way the victim's name and phone could leak. */
const LEAKS = [/jelena/i, /markovi/i, /јелена/i, /марковић/i, /7\D{0,3}6\D{0,3}5\D{0,3}4\D{0,3}3\D{0,3}2\D{0,3}1/];

function expectNoLeak(what: string, value: unknown): void {
  const json = JSON.stringify(value);
  for (const leak of LEAKS) expect(json, `${what} leaks ${leak}`).not.toMatch(leak);
}

describe('victims: pseudonyms everywhere, audited reveal', () => {
  let dir: string;
  let cleanup: () => void;
  let store: CaseStore;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    store = CaseStore.create(path.join(dir, 'c.nitka'), 'pw', ACTOR);
    fs.writeFileSync(path.join(dir, 'ads.jsonl'), AD);
    fs.writeFileSync(path.join(dir, 'WhatsApp Chat with Posao.txt'), CHAT);
    store.ingestFile(path.join(dir, 'ads.jsonl'), {}, ACTOR);
    store.ingestFile(path.join(dir, 'WhatsApp Chat with Posao.txt'), {}, ACTOR);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  const person = () => store.graph().nodes.find((n) => n.kind === 'person' && n.label === 'Jelena Marković')!;

  it('hides a flagged person and the phone and e-mail she uses in the graph, why, messages, entities and suggestions', () => {
    const before = store.graph();
    const phone = before.nodes.find((n) => n.value === '+381647654321')!;
    const email = before.nodes.find((n) => n.value === 'jelena.m@example.com')!;
    const p = person();
    expect(p).toBeDefined();
    // Without a victim nothing is hidden (the test would be worthless if the data never held her).
    expect(JSON.stringify(store.listMessages({}))).toMatch(/Jelena Markovic/);

    const v = store.flagVictim(p.id, 'interviewed 2024-04-10', ACTOR);
    expect(v).toMatchObject({ pseudonym: 'V-001', nodeId: p.id, kind: 'person', flaggedBy: ACTOR, note: 'interviewed 2024-04-10' });
    expect(v.coveredNodeIds).toEqual(expect.arrayContaining([p.id, phone.id, email.id]));

    const g = store.graph();
    expect(g.nodes.find((n) => n.id === p.id)).toMatchObject({ value: 'V-001', label: 'V-001', victim: 'V-001' });
    expect(g.nodes.find((n) => n.id === phone.id)).toMatchObject({ value: 'V-001 phone 1', victim: 'V-001' });
    expect(g.nodes.find((n) => n.id === email.id)).toMatchObject({ value: 'V-001 email 1', victim: 'V-001' });
    expect(g.nodes.length).toBe(before.nodes.length);
    expectNoLeak('graph', g);
    const chat = g.nodes.find((n) => n.kind === 'chat')!;
    // The analyst may still name her by the real number; the answer does not say it back.
    const why = store.why('064 765 4321', chat.id);
    expect(why.a.value).toBe('V-001 phone 1');
    expect(why.direct.length + (why.path?.length ?? 0)).toBeGreaterThan(0);
    expectNoLeak('why', why);
    expectNoLeak('why from the person', store.why(p.id, chat.id));
    const messages = store.listMessages({});
    expect(messages.map((m) => m.body)).toEqual(['V-001 se javila, broj V-001', 'V-001 стиже сутра, пиши на V-001', 'Kombi polazi u petak.']);
    expectNoLeak('messages', messages);
    expectNoLeak('messages of her number', store.listMessages({ identifier: '+381647654321' }));
    expectNoLeak('entities', store.listEntities());
    expectNoLeak('suggestions', store.listSuggestions('all'));
    expect(store.listVictims()).toEqual([v]);
    expect(store.auditLog().filter((e) => e.action === 'victim.flag')).toHaveLength(1);
    expectNoLeak('the flag in the audit log', store.auditLog().filter((e) => e.action === 'victim.flag'));
  });

  it('hides a victim named in part: the first name or the surname alone', () => {
    store.flagVictim(person().id, undefined, ACTOR);
    fs.writeFileSync(path.join(dir, 'WhatsApp Chat with Grupa.txt'), '14/04/2024, 09:00 - Dragan: Zdravo, Jelena stiže. Markoviću javi.\n14/04/2024, 09:05 - Milan: Dobro\n');
    store.ingestFile(path.join(dir, 'WhatsApp Chat with Grupa.txt'), {}, ACTOR);
    const bodies = store.listMessages({}).map((m) => m.body);
    expect(bodies).toContain('Zdravo, V-001 stiže. V-001 javi.');
    expect(bodies).toContain('Dobro');
  });

  it('reveals the real identity only on request, with a reason, and logs it', () => {
    const p = person();
    store.flagVictim(p.id, undefined, ACTOR);
    const revealed = store.revealVictim('V-001', 'court order 12/24', ACTOR);
    expect(revealed.nodes.map((n) => n.realValue)).toEqual(expect.arrayContaining(['+381647654321', 'jelena.m@example.com']));
    expect(revealed.nodes.find((n) => n.id === p.id)).toMatchObject({ value: 'V-001', realLabel: 'Jelena Marković' });
    const entry = store.auditLog().find((e) => e.action === 'victim.reveal')!;
    expect(entry.details).toMatchObject({ pseudonym: 'V-001', reason: 'court order 12/24' });
    // A reveal changes what this answer says, not what the case shows.
    expectNoLeak('graph after a reveal', store.graph());
    expect(() => store.revealVictim('V-009', 'curious', ACTOR)).toThrow(/no victim V-009 in this case \(victims: V-001\)/);
  });

  it('unflags, never gives a pseudonym twice, and refuses what cannot be a victim', () => {
    const p = person();
    store.flagVictim(p.id, undefined, ACTOR);
    expect(() => store.flagVictim(p.id, undefined, ACTOR)).toThrow(/already flagged as victim V-001/);
    store.unflagVictim(p.id, 'flagged by mistake', ACTOR);
    expect(store.listVictims()).toEqual([]);
    expect(JSON.stringify(store.graph())).toMatch(/Jelena Marković/);
    expect(store.flagVictim('+381647654321', undefined, ACTOR).pseudonym).toBe('V-002');
    expect(store.auditLog().map((e) => e.action)).toEqual(expect.arrayContaining(['victim.flag', 'victim.unflag']));
    const chat = store.graph().nodes.find((n) => n.kind === 'chat')!;
    expect(() => store.flagVictim(chat.id, undefined, ACTOR)).toThrow(/is a chat: only a person, an account/);
    expect(() => store.unflagVictim(chat.id, undefined, ACTOR)).toThrow(/is not flagged as a victim/);
  });
});

describe('a victim\'s wallet', () => {
  let dir: string;
  let cleanup: () => void;
  let store: CaseStore;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    store = CaseStore.create(path.join(dir, 'c.nitka'), 'pw', ACTOR);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('is shown under the pseudonym in the graph and in traces, new and saved, even when traced by its real address', () => {
    const wallet = 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE';
    store.ingestFile(path.join(FIXTURES, 'demo', 'wallet-export.csv'), {}, ACTOR);
    expect(store.flagVictim(wallet, undefined, ACTOR)).toMatchObject({ pseudonym: 'V-001', kind: 'wallet' });
    const t = store.trace({ address: wallet }, ACTOR);
    expect(t.seed).toBe('V-001');
    expect(t.nodes[0]!.address).toBe('V-001');
    const hidden = new RegExp(wallet.slice(5));
    for (const [what, shown] of Object.entries({ trace: t, saved: store.getTrace(t.id), list: store.listTraces(), graph: store.graph(), findings: store.chainFindings() })) {
      expect(JSON.stringify(shown), what).not.toMatch(hidden);
    }
  });
});

describe('the graph: tags, sources and time windows', () => {
  let dir: string;
  let cleanup: () => void;
  let store: CaseStore;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    store = CaseStore.create(path.join(dir, 'c.nitka'), 'pw', ACTOR);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  it('tags wallets with their labels as category: label', () => {
    store.ingestFile(path.join(FIXTURES, 'demo', 'wallet-export.csv'), {}, ACTOR);
    const labels = path.join(dir, 'labels.csv');
    fs.writeFileSync(labels, `address,label,category,source\n${EXCHANGE.slice(5)},Fixture Exchange deposit,exchange,test\n${EXCHANGE.slice(5)},Looks like a victim's,poisoning,test\n`);
    store.ingestFile(labels, {}, ACTOR);
    const g = store.graph();
    expect(g.nodes.find((n) => n.value === EXCHANGE)?.tags).toEqual(['exchange: Fixture Exchange deposit', "poisoning: Looks like a victim's"]);
    expect(g.nodes.filter((n) => n.value !== EXCHANGE).every((n) => n.tags.length === 0 && n.victim === null)).toBe(true);
  });

  it('keeps the links with evidence from the chosen sources, or inside the time window, and their ends', () => {
    fs.writeFileSync(path.join(dir, 'ads.jsonl'), AD);
    fs.writeFileSync(path.join(dir, 'WhatsApp Chat with Posao.txt'), CHAT);
    const ads = store.ingestFile(path.join(dir, 'ads.jsonl'), {}, ACTOR).source.id;
    const chat = store.ingestFile(path.join(dir, 'WhatsApp Chat with Posao.txt'), {}, ACTOR).source.id;
    const all = store.graph();
    const fromAds = store.graph({ sourceIds: [ads] });
    expect(fromAds.nodes.some((n) => n.kind === 'ad')).toBe(true);
    expect(fromAds.nodes.some((n) => n.kind === 'chat')).toBe(false);
    expect(store.graph({ sourceIds: [ads, chat] }).edges.length).toBe(all.edges.length);
    const ends = new Set(fromAds.edges.flatMap((e) => [e.source, e.target]));
    expect(fromAds.nodes.every((n) => ends.has(n.id))).toBe(true);
    // The ad was posted on 10 April, the chat ran 13 to 16 April: a window on 13 April keeps the first day of the chat only.
    const day = store.graph({ since: '2024-04-13T00:00:00+02:00', until: '2024-04-13T23:59:59+02:00' });
    expect(day.nodes.some((n) => n.kind === 'ad')).toBe(false);
    expect(day.nodes.some((n) => n.label === 'Dragan')).toBe(true);
    expect(day.nodes.some((n) => n.label === 'Milan')).toBe(false);
    expect(store.graph({ until: '2024-04-10T12:00:00+02:00' }).nodes.some((n) => n.kind === 'chat')).toBe(false);
    expect(store.graph({ sourceIds: [999] })).toEqual({ nodes: [], edges: [] });
    expect(store.graph({ nodeKinds: ['phone'] }).nodes.every((n) => n.kind === 'phone')).toBe(true);
  });

  it('undoing the merge that made a flagged person keeps the person, the pseudonym and the protection', () => {
    store.ingestFile(path.join(FIXTURES, 'demo', 'WhatsApp Chat with Posao Beč.txt'), {}, ACTOR);
    const accounts = store.graph().nodes.filter((n) => n.kind === 'account');
    expect(accounts.length).toBeGreaterThanOrEqual(2);
    const merged = store.decideSuggestion({ decision: 'merge', a: accounts[0]!.id, b: accounts[1]!.id }, ACTOR);
    expect(merged.person).not.toBeNull();
    const v = store.flagVictim(merged.person!, undefined, ACTOR);
    const reopened = store.decideSuggestion({ decision: 'reopen', suggestionId: merged.id }, ACTOR);
    expect(reopened.status).toBe('open');
    expect(store.listVictims().map((x) => [x.pseudonym, x.nodeId])).toEqual([[v.pseudonym, merged.person]]);
    expect(store.graph().nodes.find((n) => n.id === merged.person)?.victim).toBe(v.pseudonym);
  });
});

