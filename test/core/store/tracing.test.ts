import fs from 'node:fs';
import path from 'node:path';
import { computeAddress, getAddress } from 'ethers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { makeTempDir } from '../../helpers/tmp';

const ACTOR = 't@lab';
const FIXTURES = path.resolve(__dirname, '../../fixtures');
const USDT = 'trc20:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
const VICTIM = 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE';
const RECRUITER = 'tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX';
const BROKER = 'tron:TSoEy7xsSEGyCCjX39dCLanaeu72yyL1oQ';
const EXCHANGE = 'tron:TAWVLVFuThEEUp2e7RB4r8e5coo5Q147mq';

describe('transfers in the case: paid links, labels, traces', () => {
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

  it('turns a wallet export into exact transfers and paid links, so a wallet in a chat reaches the money it moved', () => {
    const chat = path.join(dir, 'WhatsApp Chat with Posao.txt');
    fs.writeFileSync(chat, `13/03/2024, 21:16 - Posao: Pošalji 50 USDT na ${RECRUITER.slice(5)} odmah\n`);
    store.ingestFile(chat, {}, ACTOR);
    const r = store.ingestFile(path.join(FIXTURES, 'demo', 'wallet-export.csv'), {}, ACTOR);
    expect(r.report).toMatchObject({ format: 'transfers-csv', transfers: 3 });
    const g = store.graph();
    const wallet = g.nodes.find((n) => n.value === RECRUITER)!;
    expect(g.nodes.filter((n) => n.value === RECRUITER)).toHaveLength(1);
    const paid = g.edges.filter((e) => e.kind === 'paid');
    expect(paid).toHaveLength(3);
    const chatNode = g.nodes.find((n) => n.kind === 'chat')!;
    const why = store.why(chatNode.id, EXCHANGE);
    expect(why.path?.map((h) => h.link.kind)).toEqual(['mentions', 'paid', 'paid']);
    expect(why.path?.[1]?.evidence[0]).toMatchObject({ fileName: 'wallet-export.csv', note: '45000000 base units of USDT (6 decimals)' });
    expect(wallet.kind).toBe('wallet');
  });

  it('traces from a wallet to a labelled exchange, with taints as decimal strings, saved with a fingerprint and audit-logged', () => {
    store.ingestFile(path.join(FIXTURES, 'demo', 'wallet-export.csv'), {}, ACTOR);
    const labels = path.join(dir, 'labels.csv');
    fs.writeFileSync(labels, `address,label,category,source\n${EXCHANGE.slice(5)},Fixture Exchange deposit,exchange,test\n`);
    expect(store.ingestFile(labels, {}, ACTOR).report).toMatchObject({ format: 'labels-csv', labels: 1 });
    const t = store.trace({ address: VICTIM, model: 'fifo' }, ACTOR);
    expect(t.nodes.map((n) => [n.address, n.hops, n.taint, n.exit])).toEqual([
      [VICTIM, 0, '50', false], [RECRUITER, 1, '50', false], [BROKER, 2, '45', false], [EXCHANGE, 3, '40', true],
    ]);
    expect(t.nodes[3]!.labels).toEqual(['Fixture Exchange deposit (exchange)']);
    expect(t.edges.map((e) => [e.from, e.to, e.amount, e.asset])).toEqual([[VICTIM, RECRUITER, '50', USDT], [RECRUITER, BROKER, '45', USDT], [BROKER, EXCHANGE, '40', USDT]]);
    expect(t.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    // The same trace on the same data has the same fingerprint; other parameters another one.
    expect(store.trace({ address: VICTIM, model: 'fifo' }, ACTOR).fingerprint).toBe(t.fingerprint);
    expect(store.trace({ address: VICTIM, model: 'haircut' }, ACTOR).fingerprint).not.toBe(t.fingerprint);
    const back = store.trace({ address: EXCHANGE, direction: 'in', model: 'poison' }, ACTOR);
    expect(back.nodes.map((n) => n.address)).toEqual(expect.arrayContaining([VICTIM, RECRUITER, BROKER]));
    expect(store.trace({ address: VICTIM, minAmount: '46' }, ACTOR).nodes.map((n) => n.address)).toEqual([VICTIM, RECRUITER]);
    const logged = store.auditLog().filter((e) => e.action === 'trace.run');
    expect(logged).toHaveLength(5);
    expect(logged[0]!.details).toMatchObject({ seed: VICTIM, fingerprint: t.fingerprint, exits: [EXCHANGE] });
    expect(() => store.trace({ address: 'tron:TXYZ' }, ACTOR)).toThrow(/no transfers of tron:TXYZ/);
  });

  it('a later export joins the traces without reloading the earlier transfers', () => {
    store.ingestFile(path.join(FIXTURES, 'demo', 'wallet-export.csv'), {}, ACTOR);
    expect(store.trace({ address: VICTIM }, ACTOR).nodes).toHaveLength(4);
    const more = path.join(dir, 'more.csv');
    fs.writeFileSync(more, `timestamp_utc,network,txid,from,to,asset,amount\n2024-03-14T10:00:00Z,TRON,${'ab'.repeat(32)},${EXCHANGE.slice(5)},TVcrxfJBr7twL5pb5s9hfuQpBpH7yS4xc2,USDT,39.5\n`);
    store.ingestFile(more, {}, ACTOR);
    const t = store.trace({ address: VICTIM, model: 'fifo' }, ACTOR);
    expect(t.nodes.find((n) => n.address === 'tron:TVcrxfJBr7twL5pb5s9hfuQpBpH7yS4xc2')?.taint).toBe('39.5');
  });

  it('finds Bitcoin wallets and CoinJoins, and completes an address cut short in a chat', () => {
    store.ingestFile(path.join(FIXTURES, 'transfers', 'esplora-address-txs.json'), {}, ACTOR);
    store.ingestFile(path.join(FIXTURES, 'demo', 'wallet-export.csv'), {}, ACTOR);
    const chat = path.join(dir, 'WhatsApp Chat with Posao.txt');
    fs.writeFileSync(chat, `13/03/2024, 21:16 - Posao: Uplati na TGC4…foX pa javi\n`);
    store.ingestFile(chat, {}, ACTOR);
    const f = store.chainFindings();
    expect(f.truncated).toEqual([expect.objectContaining({ raw: 'TGC4…foX', candidates: [RECRUITER], line: 1 })]);
    expect(f.coinjoins.length).toBeGreaterThanOrEqual(1);
    expect(f.coinjoins[0]!.equalOutputs).toBe(5);
    const wallet = f.btcClusters.find((c) => c.addresses.length >= 2 && c.heuristic === 'common-input-ownership')!;
    expect(wallet).toBeDefined();
    // The wallet is an entity of the graph, its addresses members with the transactions as evidence.
    const g = store.graph();
    const node = g.nodes.find((n) => n.value === `btc-wallet:${wallet.id}`)!;
    expect(node.kind).toBe('cluster');
    const members = g.edges.filter((e) => e.target === node.id && e.kind === 'member_of').map((e) => g.nodes.find((n) => n.id === e.source)!.value);
    expect(members.sort()).toEqual([...wallet.addresses].sort());
    expect(store.why(members[0]!, node.id).direct[0]!.evidence[0]!.note).toContain('common-input-ownership');
    // Change is only ever guessed: an open suggestion naming its heuristic, never a merge.
    const change = store.listSuggestions().filter((x) => x.reasons[0]?.code === 'btc_change_guess');
    expect(change.length).toBeGreaterThan(0);
    expect(change.length).toBe(f.changeGuesses.length);
    expect(change.every((x) => x.nodes.every((n) => n.kind === 'wallet') && x.status === 'open')).toBe(true);
  });

  it('marks a poisoning look-alike on the graph and in traces, naming what it imitates and whom it was planted on', () => {
    const hex = (n: number) => computeAddress(`0x${n.toString(16).padStart(64, '0')}`).toLowerCase();
    const victim = hex(11);
    const supplier = hex(12);
    // the supplier's first and last four hex digits around another key's middle, as vanity generators make them
    const lookalike = `0x${supplier.slice(2, 6)}${hex(13).slice(6, 38)}${supplier.slice(-4)}`;
    const eth = (h: string) => `eth:${getAddress(h)}`;
    const usdt = '0xdac17f958d2ee523a2206206994597c13d831ec7';
    let n = 0;
    const export_ = (rows: Array<[string, string, string, string]>) =>
      `"Transaction Hash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","Quantity","ContractAddress","TokenName","TokenSymbol","TokenDecimal"\n` +
      rows.map(([from, to, quantity, utc]) => `"0x${(++n).toString(16).padStart(64, 'a')}","${19_000_000 + n}","${Date.parse(`${utc}Z`) / 1000}","${utc}","${from}","${to}","${quantity}","${usdt}","Tether USD","USDT","6"`).join('\n') + '\n';
    const first = path.join(dir, 'victim-erc20.csv');
    fs.writeFileSync(first, export_([[victim, supplier, '1500', '2024-05-01 09:00:00'], [victim, lookalike, '0', '2024-05-01 09:07:00']]));
    store.ingestFile(first, {}, ACTOR);
    const mark = `poisoning suspect: look-alike of ${eth(supplier)} planted on ${eth(victim)}`;
    const label = (address: string) => store.graph().nodes.find((x) => x.value === address)?.label;
    expect(label(eth(lookalike))).toBe(mark);
    expect(label(eth(supplier))).toBeNull();
    expect(label(eth(victim))).toBeNull();
    // traces show the mark; it is no exit, so the trace goes on through it
    const t = store.trace({ address: eth(victim), model: 'poison' }, ACTOR);
    expect(t.nodes.find((x) => x.address === eth(lookalike))).toBeUndefined();

    // A later export (the victim fell for it) judges the victim again: still one mark, not two,
    // and the trace now reaches the look-alike with its mark.
    const second = path.join(dir, 'victim-erc20-later.csv');
    fs.writeFileSync(second, export_([[victim, lookalike, '2000', '2024-05-08 10:00:00']]));
    store.ingestFile(second, {}, ACTOR);
    expect(label(eth(lookalike))).toBe(mark);
    const later = store.trace({ address: eth(victim), model: 'poison' }, ACTOR);
    expect(later.nodes.find((x) => x.address === eth(lookalike))).toMatchObject({ labels: [`${mark} (poisoning)`], exit: false, taint: '2000' });

    // A label list arriving later adds to what the node shows.
    const list = path.join(dir, 'labels.csv');
    fs.writeFileSync(list, `address,label,category,source\n${getAddress(lookalike)},Reported scam wallet,scam,test\n`);
    store.ingestFile(list, {}, ACTOR);
    expect(label(eth(lookalike))?.split(',').sort()).toEqual([mark, 'Reported scam wallet'].sort());
  });
});
