import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseApi } from '../../shared/api/contract';
import type { Result } from '../../shared/result';
import { makeTempDir } from '../helpers/tmp';
import { generateWhatsAppExport } from '../bench/gen-whatsapp';

export interface ContractHost {
  api: CaseApi;
  teardown: () => Promise<void>;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

function errorOf<T>(r: Result<T>) {
  if (r.ok) throw new Error('expected an error result, got ok');
  return r.error;
}

/**
 * The behaviour every host of the CaseApi must show, run against each host so that none can
 * drift: same validation, same error kinds, same results.
 */
export function describeCaseApiContract(hostName: string, setup: () => Promise<ContractHost>): void {
  describe(`CaseApi contract: ${hostName}`, () => {
    let host: ContractHost;
    let api: CaseApi;
    let dir: string;
    let cleanup: () => void;

    beforeEach(async () => {
      ({ dir, cleanup } = makeTempDir());
      host = await setup();
      api = host.api;
    });

    afterEach(async () => {
      await api.closeCase();
      await host.teardown();
      cleanup();
    });

    it('reports the host and no open case at first', async () => {
      const info = value(await api.hostInfo());
      expect(info.openCase).toBeNull();
      expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    });

    it('creates an encrypted case and records the creation in the audit log', async () => {
      const file = path.join(dir, 'op-kolo.nitka');
      const info = value(await api.createCase({ path: file, passphrase: 'tajna lozinka', name: 'Op. Kolo' }));
      expect(info).toMatchObject({ name: 'Op. Kolo', sourceCount: 0, auditEntries: 1, timezone: 'Europe/Belgrade', defaultRegion: 'RS' });
      expect(fs.readFileSync(file).subarray(0, 16).toString('latin1')).not.toContain('SQLite format 3');
      const log = value(await api.auditLog());
      expect(log.map((e) => e.action)).toEqual(['case.created']);
      expect(value(await api.hostInfo()).openCase?.caseId).toBe(info.caseId);
    });

    it('refuses to overwrite an existing file', async () => {
      const file = path.join(dir, 'x.nitka');
      fs.writeFileSync(file, 'keep me');
      const e = errorOf(await api.createCase({ path: file, passphrase: 'p' }));
      expect(e.kind).toBe('exists');
      expect(e.message).toContain(file);
      expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    });

    it('stores uploaded bytes exactly, with their SHA-256, and recognises the same bytes again', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      const bytes = new Uint8Array(256 * 3);
      for (let i = 0; i < bytes.length; i++) bytes[i] = i % 256;
      const first = value(await api.addSource({ fileName: 'dump.bin', bytes, exhibit: 'E-7', note: 'phone of suspect A' }));
      expect(first.duplicate).toBe(false);
      expect(first.source).toMatchObject({ fileName: 'dump.bin', size: bytes.length, sha256: sha256(bytes), exhibit: 'E-7', note: 'phone of suspect A', originalPath: null });
      const again = value(await api.addSource({ fileName: 'renamed.bin', bytes }));
      expect(again.duplicate).toBe(true);
      expect(again.source.id).toBe(first.source.id);
      expect(value(await api.listSources())).toHaveLength(1);
      expect(value(await api.auditLog()).map((e) => e.action)).toEqual(['case.created', 'source.added', 'source.duplicate']);
    });

    it('ingests a file by path with provenance and names a missing file in the error', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      const evidence = path.join(dir, 'WhatsApp Chat with Marko.txt');
      fs.writeFileSync(evidence, '14/03/2024, 21:15 - Marko: posao u Njemačkoj, javi se +381 64 123 4567\n');
      const r = value(await api.ingestFile({ path: evidence, exhibit: 'E-1', acquiredAt: '2024-03-14T09:30:00+01:00' }));
      expect(r.source).toMatchObject({ fileName: 'WhatsApp Chat with Marko.txt', originalPath: evidence, exhibit: 'E-1', acquiredAt: '2024-03-14T08:30:00.000Z' });
      expect(r.source.sha256).toBe(sha256(fs.readFileSync(evidence)));
      const missing = path.join(dir, 'nope.txt');
      const e = errorOf(await api.ingestFile({ path: missing }));
      expect(e.kind).toBe('bad_input');
      expect(e.message).toContain(missing);
      expect(value(await api.caseInfo()).sourceCount).toBe(1);
    });

    it('parses a WhatsApp export into messages, accounts and identifiers, searchable across scripts', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      const chat = path.join(dir, 'WhatsApp Chat with Posao Beč.txt');
      fs.writeFileSync(chat, [
        '12/03/2024, 21:15 - Posao Beč: Plaćanje unaprijed, 50 USDT na TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
        '12/03/2024, 21:16 - +381 64 123 4567: Javi se na Telegram @posao_bec_2024',
        '12/03/2024, 21:17 - Posao Beč: Уплата на рачун RS35 2600 0560 1001 6113 79',
      ].join('\n'));
      const undecided = errorOf(await api.ingestFile({ path: chat }));
      expect(undecided).toMatchObject({ kind: 'bad_input', details: { needs: 'dateOrder' } });
      expect(undecided.message).toContain('WhatsApp Chat with Posao Beč.txt');
      expect(value(await api.listSources())).toEqual([]);

      const r = value(await api.ingestFile({ path: chat, dateOrder: 'dmy' }));
      expect(r.report).toMatchObject({ format: 'whatsapp-txt', dateOrder: 'dmy', timezone: 'Europe/Belgrade', messages: 3, accounts: 2, fragments: 0 });
      const entities = value(await api.listEntities());
      const byKind = (k: string) => entities.filter((e) => e.kind === k).map((e) => e.value);
      expect(byKind('wallet')).toEqual(['tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t']);
      expect(byKind('handle')).toEqual(['telegram:posao_bec_2024']);
      expect(byKind('iban')).toEqual(['RS35260005601001611379']);
      expect(byKind('account').sort()).toEqual(['whatsapp:+381641234567', `whatsapp:name:${r.source.id}:Posao Beč`]);
      expect(byKind('chat')).toHaveLength(1);
      const all = value(await api.listMessages());
      expect(all.map((m) => [m.sentUtc, m.line])).toEqual([['2024-03-12T20:15:00Z', 1], ['2024-03-12T20:16:00Z', 2], ['2024-03-12T20:17:00Z', 3]]);
      expect(value(await api.listMessages({ search: 'placanje' })).map((m) => m.line)).toEqual([1]);
      expect(value(await api.listMessages({ search: 'uplata racun' })).map((m) => m.line)).toEqual([3]);
      expect(value(await api.listMessages({ search: 'плаћање' })).map((m) => m.line)).toEqual([1]);
      const log = value(await api.auditLog());
      expect(log.at(-1)).toMatchObject({ action: 'source.added', details: { report: { dateOrder: 'dmy', messages: 3 } } });
    });

    it('links a chat and an uploaded ad capture into one network, explains the link and records decisions', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      const chat = path.join(dir, 'WhatsApp Chat with Posao.txt');
      fs.writeFileSync(chat, '13/03/2024, 21:16 - Dragan Petrović: Javi se na +381 64 123 4567\n');
      value(await api.ingestFile({ path: chat }));
      const ads = [
        { site: 'oglasi.rs', ad_id: 'A1', title: 'Posao u Beču', body: 'Konobarice, plata 1500 EUR. Zovi 064 123 4567', contact_name: 'Драган Петровић', phone: '064 123 4567' },
      ];
      const r = value(await api.addSource({ fileName: 'oglasi.jsonl', bytes: new TextEncoder().encode(ads.map((a) => JSON.stringify(a)).join('\n')) }));
      expect(r.report).toMatchObject({ format: 'ads-jsonl', ads: 1 });
      const g = value(await api.graph());
      expect(g.nodes.filter((n) => n.value === '+381641234567')).toHaveLength(1);
      const why = value(await api.why({ a: 'ad:oglasi.rs/A1', b: '+381641234567' }));
      expect(why.direct.map((d) => d.link.kind).sort()).toEqual(['lists_contact', 'mentions']);
      expect(why.direct[0]!.evidence[0]).toMatchObject({ fileName: 'oglasi.jsonl', locator: { ad: 'A1', line: 1 } });
      expect(errorOf(await api.why({ a: 'nobody', b: 1 }))).toMatchObject({ kind: 'not_found' });
      const suggestions = value(await api.listSuggestions());
      const s = suggestions.find((x) => x.nodes.some((n) => n.label === 'Драган Петровић'));
      expect(s?.reasons.length).toBeGreaterThan(0);
      const merged = value(await api.decideSuggestion({ decision: 'merge', suggestionId: s!.id }));
      expect(merged.status).toBe('accepted');
      expect(value(await api.decideSuggestion({ decision: 'reopen', suggestionId: s!.id })).status).toBe('open');
      expect(errorOf(await api.decideSuggestion({ decision: 'reopen', suggestionId: s!.id })).kind).toBe('bad_input');
      expect(value(await api.listClusters())).toEqual([]);
      const actions = value(await api.auditLog()).map((e) => e.action);
      expect(actions.slice(-2)).toEqual(['suggestion.accepted', 'suggestion.reopened']);
    });

    it('reads a wallet export, traces a wallet with exact taints and lists the chain findings', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      const csv = fs.readFileSync(path.resolve(__dirname, '../fixtures/demo/wallet-export.csv'));
      const r = value(await api.addSource({ fileName: 'wallet-export.csv', bytes: new Uint8Array(csv) }));
      expect(r.report).toMatchObject({ format: 'transfers-csv', transfers: 3 });
      const t = value(await api.trace({ address: 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE', model: 'lifo', hops: 2 }));
      expect(t.nodes.map((n) => [n.hops, n.taint])).toEqual([[0, '50'], [1, '50'], [2, '45']]);
      expect(t.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(errorOf(await api.trace({ address: 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE', model: 'random' as 'fifo' }))).toMatchObject({ kind: 'bad_input' });
      expect(errorOf(await api.trace({ address: 'eth:0x0000000000000000000000000000000000000001' }))).toMatchObject({ kind: 'not_found' });
      expect(value(await api.chainFindings())).toMatchObject({ poisoning: [], coinjoins: [], truncated: [] });
      expect(errorOf(await api.fetchChain({ rpc: 'ftp://node', addresses: ['eth:0x0000000000000000000000000000000000000001'] }))).toMatchObject({ kind: 'bad_input' });
    });

    it('flags a victim: a pseudonym in the graph and messages, the real identity only on an audited reveal', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      const ad = { site: 'oglasi.rs', ad_id: 'V1', title: 'Tražim posao', body: 'Javite se.', contact_name: 'Jelena Marković', phone: '064 765 4321' };
      value(await api.addSource({ fileName: 'oglasi.jsonl', bytes: new TextEncoder().encode(JSON.stringify(ad)) }));
      const chat = path.join(dir, 'WhatsApp Chat with Posao.txt');
      fs.writeFileSync(chat, '13/03/2024, 21:16 - Dragan: Jelena Marković je na 064/765-4321\n');
      value(await api.ingestFile({ path: chat }));
      const person = value(await api.graph()).nodes.find((n) => n.kind === 'person')!;
      const v = value(await api.flagVictim({ node: person.id, note: 'statement taken' }));
      expect(v).toMatchObject({ pseudonym: 'V-001', nodeId: person.id, kind: 'person', note: 'statement taken' });
      const shown = JSON.stringify([value(await api.graph()), value(await api.listMessages()), value(await api.listEntities())]);
      expect(shown).not.toMatch(/Jelena|Markovi|765/);
      expect(value(await api.listMessages())[0]!.body).toBe('V-001 je na V-001');
      expect(value(await api.listVictims()).map((x) => x.pseudonym)).toEqual(['V-001']);
      expect(errorOf(await api.revealVictim({ pseudonym: 'V-001', reason: '' })).kind).toBe('bad_input');
      const revealed = value(await api.revealVictim({ pseudonym: 'V-001', reason: 'prosecutor request' }));
      expect(revealed.nodes.map((n) => n.realValue)).toContain('+381647654321');
      expect(errorOf(await api.flagVictim({ node: person.id })).kind).toBe('exists');
      value(await api.unflagVictim({ node: person.id }));
      expect(value(await api.listVictims())).toEqual([]);
      expect(errorOf(await api.unflagVictim({ node: person.id })).kind).toBe('not_found');
      const actions = value(await api.auditLog()).map((e) => e.action);
      expect(actions.slice(-3)).toEqual(['victim.flag', 'victim.reveal', 'victim.unflag']);
    });

    it('changes the case settings and keeps saved views, audit-logged', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      expect(value(await api.caseInfo()).language).toBe('en');
      const info = value(await api.updateSettings({ language: 'bs', timezone: 'Europe/Sarajevo', defaultRegion: 'BA', name: 'Op. Most' }));
      expect(info).toMatchObject({ language: 'bs', timezone: 'Europe/Sarajevo', defaultRegion: 'BA', name: 'Op. Most' });
      expect(value(await api.auditLog()).at(-1)).toMatchObject({ action: 'case.settings', details: { changes: { language: { from: 'en', to: 'bs' } } } });
      expect(errorOf(await api.updateSettings({ language: 'de' as 'bs' })).kind).toBe('bad_input');
      const view = { name: 'Mreža', filter: { nodeKinds: ['phone' as const] }, positions: { '1': { x: 1, y: 2 }, '2': { x: -3, y: 4.5 } }, hidden: [3], pinned: [1], groups: [{ name: 'kombi', nodeIds: [1, 2] }], layout: 'fcose' };
      const saved = value(await api.saveView(view));
      expect(saved).toMatchObject(view);
      expect(value(await api.getView({ name: 'Mreža' }))).toEqual(saved);
      expect(value(await api.listViews())).toEqual([{ name: 'Mreža', updatedAt: saved.updatedAt, nodes: 2 }]);
      expect(errorOf(await api.getView({ name: 'nema' }))).toMatchObject({ kind: 'not_found' });
      value(await api.deleteView({ name: 'Mreža' }));
      expect(value(await api.listViews())).toEqual([]);
      expect(errorOf(await api.deleteView({ name: 'Mreža' })).kind).toBe('not_found');
      expect(value(await api.auditLog()).slice(-2).map((e) => e.action)).toEqual(['view.save', 'view.delete']);
    });

    it('lists saved traces and gives one back as it was computed', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      const csv = fs.readFileSync(path.resolve(__dirname, '../fixtures/demo/wallet-export.csv'));
      value(await api.addSource({ fileName: 'wallet-export.csv', bytes: new Uint8Array(csv) }));
      expect(value(await api.listTraces())).toEqual([]);
      const t = value(await api.trace({ address: 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE', model: 'fifo' }));
      const list = value(await api.listTraces());
      expect(list).toMatchObject([{ id: t.id, seed: t.seed, direction: 'out', model: 'fifo', fingerprint: t.fingerprint, nodes: t.nodes.length, exits: t.nodes.filter((n) => n.exit).length }]);
      expect(value(await api.getTrace({ id: t.id }))).toEqual(t);
      expect(errorOf(await api.getTrace({ id: 999 })).kind).toBe('not_found');
    });

    it('exports the network with the hash of what it wrote, and moves an exchange package into another case', async () => {
      value(await api.createCase({ path: path.join(dir, 'a.nitka'), passphrase: 'p', name: 'A' }));
      const chat = path.resolve(__dirname, '../fixtures/demo/WhatsApp Chat with Posao Beč.txt');
      value(await api.ingestFile({ path: chat }));
      const graph = value(await api.graph());
      const out = path.join(dir, 'a.graphml');
      const done = value(await api.exportCase({ format: 'graphml', out }));
      expect(done).toMatchObject({ format: 'graphml', nodes: graph.nodes.length, edges: graph.edges.length, redactedVictims: 0 });
      expect(done.files).toEqual([{ path: out, sha256: sha256(fs.readFileSync(out)), bytes: fs.statSync(out).size }]);
      expect(value(await api.auditLog()).at(-1)).toMatchObject({ seq: done.auditSeq, action: 'export' });
      expect(JSON.stringify(value(await api.auditLog()).at(-1)!.details)).toContain(done.files[0]!.sha256);
      expect(errorOf(await api.exportCase({ format: 'graphml', out })).kind).toBe('exists');
      expect(errorOf(await api.exportCase({ format: 'package', out: path.join(dir, 'short.pkg'), passphrase: 'short' })).kind).toBe('bad_input');

      const pkg = path.join(dir, 'a.nitkapkg');
      value(await api.exportCase({ format: 'package', out: pkg, passphrase: 'dogovorena lozinka' }));
      value(await api.closeCase());
      value(await api.createCase({ path: path.join(dir, 'b.nitka'), passphrase: 'p', name: 'B' }));
      expect(errorOf(await api.importPackage({ path: pkg, passphrase: 'pogrešna lozinka' })).kind).toBe('wrong_passphrase');
      expect(value(await api.listSources())).toEqual([]);
      const imported = value(await api.importPackage({ path: pkg, passphrase: 'dogovorena lozinka' }));
      expect(imported).toMatchObject({ fromCase: { name: 'A' }, sources: 1 });
      expect(value(await api.listSources()).map((x) => x.sha256)).toEqual([sha256(fs.readFileSync(chat))]);
      expect(value(await api.verify()).ok).toBe(true);
    });

    it('verifies a healthy case', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      value(await api.addSource({ fileName: 'a.txt', bytes: new TextEncoder().encode('a') }));
      const report = value(await api.verify());
      expect(report).toMatchObject({ ok: true, sourcesChecked: 1, bytesChecked: 1, problems: [] });
      expect(value(await api.auditLog()).at(-1)?.action).toBe('case.verified');
    });

    it('reopens with the right passphrase only', async () => {
      const file = path.join(dir, 'c.nitka');
      value(await api.createCase({ path: file, passphrase: 'right' }));
      value(await api.addSource({ fileName: 'a.txt', bytes: new TextEncoder().encode('evidence') }));
      value(await api.closeCase());
      expect(errorOf(await api.listSources()).kind).toBe('no_case_open');
      const before = fs.readFileSync(file);
      const wrong = errorOf(await api.openCase({ path: file, passphrase: 'wrong' }));
      expect(wrong.kind).toBe('wrong_passphrase');
      expect(wrong.message).toContain(file);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
      value(await api.openCase({ path: file, passphrase: 'right' }));
      expect(value(await api.listSources()).map((s) => s.fileName)).toEqual(['a.txt']);
    });

    it('refuses files that are not cases', async () => {
      const plain = path.join(dir, 'notes.txt');
      fs.writeFileSync(plain, 'just some notes, not a case file at all '.repeat(40));
      expect(errorOf(await api.openCase({ path: plain, passphrase: 'p' })).kind).toBe('wrong_passphrase');
      const empty = path.join(dir, 'empty.nitka');
      fs.writeFileSync(empty, '');
      expect(errorOf(await api.openCase({ path: empty, passphrase: 'p' })).kind).toBe('not_a_case');
      expect(errorOf(await api.openCase({ path: path.join(dir, 'missing.nitka'), passphrase: 'p' })).kind).toBe('not_found');
      expect(fs.existsSync(path.join(dir, 'missing.nitka'))).toBe(false);
    });

    it('validates input and names the offending field', async () => {
      const e = errorOf(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: '' }));
      expect(e.kind).toBe('bad_input');
      expect(e.message).toContain('passphrase');
      const tz = errorOf(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p', timezone: 'Mars/Olympus' }));
      expect(tz.message).toContain('timezone');
      const extra = errorOf(await (api.openCase as (i: unknown) => Promise<Result<unknown>>)({ path: 'x', passphrase: 'p', evil: true }));
      expect(extra.kind).toBe('bad_input');
      expect(fs.existsSync(path.join(dir, 'c.nitka'))).toBe(false);
    });

    it('pages through the audit log', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      for (let i = 0; i < 5; i++) value(await api.addSource({ fileName: `f${i}.txt`, bytes: new TextEncoder().encode(`file ${i}`) }));
      const page = value(await api.auditLog({ afterSeq: 2, limit: 2 }));
      expect(page.map((e) => e.seq)).toEqual([3, 4]);
      expect(page[1]?.prevHash).toBe(page[0]?.hash);
    });

    it('shows the evidence of a node, its timeline and the report of a source', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      const chat = fs.readFileSync(path.resolve(__dirname, '../fixtures/demo/WhatsApp Chat with Posao Beč.txt'));
      const added = value(await api.addSource({ fileName: 'WhatsApp Chat with Posao Beč.txt', bytes: new Uint8Array(chat), exhibit: 'E-3' }));
      const ev = value(await api.nodeEvidence({ node: '064 123 4567', evidenceLimit: 5 }));
      expect(ev.node).toMatchObject({ kind: 'phone', value: '+381641234567' });
      expect(ev.links.map((l) => l.other.value)).toContain('chat:1');
      expect(ev.links[0]!.evidence[0]).toMatchObject({ sourceId: added.source.id, sha256: added.source.sha256, exhibit: 'E-3', locator: { line: 4 } });
      const tl = value(await api.timeline({ nodes: ['+381641234567', 'chat:1'], since: '2024-03-12T21:17:00+01:00' }));
      expect(tl.truncated).toBe(false);
      expect(tl.events.map((e) => [e.kind, e.at, e.nodeIds.length])).toEqual([
        ['message', '2024-03-12T20:17:00Z', 1], ['message', '2024-03-12T20:18:00Z', 2], ['message', '2024-03-12T20:20:00Z', 1], ['message', '2024-03-13T08:02:00Z', 1], ['message', '2024-03-13T08:05:00Z', 1],
      ]);
      const report = value(await api.sourceReport({ sourceId: added.source.id }));
      expect(report).toMatchObject({ source: { id: added.source.id, exhibit: 'E-3' }, report: added.report, fragments: [], fragmentCount: 0 });
      expect(errorOf(await api.nodeEvidence({ node: 'telegram:nobody' })).kind).toBe('not_found');
      expect(errorOf(await api.timeline({ nodes: [] })).kind).toBe('bad_input');
      expect(errorOf(await api.sourceReport({ sourceId: 99 })).kind).toBe('not_found');
    });

    it('cancels an ingest under way: it rejects as cancelled and the case stays as it was', async () => {
      value(await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' }));
      expect(value(await api.cancelIngest())).toBe(false);
      const big = path.join(dir, 'WhatsApp Chat with Radnici.txt');
      generateWhatsAppExport(big, 100_000);
      // The ingest and the cancel are two calls in flight at once (two HTTP requests on the loopback host).
      const running = api.ingestFile({ path: big });
      // Cancel once the store worker reports bytes done: it is busy with this ingest by then.
      let status = value(await api.ingestStatus());
      for (let i = 0; (status === null || status.done === 0) && i < 2000; i++) {
        await new Promise((r) => setTimeout(r, 5));
        status = value(await api.ingestStatus());
      }
      expect(status?.done).toBeGreaterThan(0);
      expect(value(await api.cancelIngest())).toBe(true);
      expect(errorOf(await running)).toMatchObject({ kind: 'cancelled', message: 'WhatsApp Chat with Radnici.txt: ingest cancelled; nothing was added' });
      expect(value(await api.listSources())).toEqual([]);
      expect(value(await api.verify()).ok).toBe(true);
      expect(value(await api.auditLog()).map((e) => e.action)).toEqual(['case.created', 'ingest.cancelled', 'case.verified']);
    }, 60_000);
  });
}
