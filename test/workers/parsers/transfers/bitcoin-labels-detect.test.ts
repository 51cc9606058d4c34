import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBtcJson } from '../../../../workers/parsers/transfers/btc-json';
import { detectChainFormat } from '../../../../workers/parsers/transfers/detect';
import { parseLabelsCsv, parseTagPack } from '../../../../workers/parsers/transfers/labels';
import { guessTransferMapping, parseTransfersCsv, transferMappingFits, type TransferMapping } from '../../../../workers/parsers/transfers/transfers-csv';
import { drain, fixture, fixturePath, head, text } from './helpers';

const W = JSON.parse(fs.readFileSync(fixturePath('transfers', 'btc-fixture-wallets.json'), 'utf8')) as Record<string, string>;
const btc = (name: string) => `btc:${W[name]}`;
const FUNDING1 = '6db76a1e71758c63642a4ab6c46ef8ad23f834a89a416e30c14139e8f9184ef0';
const FUNDING2 = 'b96c7f6a2f4b77d33d6d0e71eaaa951bf0052deb70ad26998763bebb8081ef09';
const SPEND = '0b5f643a6b985545451627bbea9b283fed734d0425db82811004ae2d4a1f027e';
const COINJOIN = '3f7317fc93677605df1f9efad2fd95ec7e61f643c13144e866c6f74d13c8b93f';

describe('Bitcoin transactions (Esplora, Bitcoin Core)', () => {
  it('fixture txids are the hashes of the serialized transactions', async () => {
    const { Transaction } = await import('bitcoinjs-lib');
    for (const name of ['core-tx-verbose1.json', 'core-tx-verbose2.json']) {
      const tx = JSON.parse(fs.readFileSync(fixturePath('transfers', name), 'utf8')) as { txid: string; hex: string };
      expect(Transaction.fromHex(tx.hex).getId()).toBe(tx.txid);
    }
  });

  it('reads an Esplora address history: inputs → btc-tx → outputs, amounts in satoshis, fee left in the node', () => {
    const { records, summary } = drain(parseBtcJson(fixture('esplora-address-txs.json')));
    const cj = records.filter((t) => t.tx === COINJOIN);
    expect(cj.filter((t) => t.index.startsWith('in:')).map((t) => [t.from, t.to, t.amount, t.index, t.locator.messageId])).toEqual([
      [btc('E'), `btc-tx:${COINJOIN}`, '60000000', 'in:0', '/0/vin/0'],
      [btc('A'), `btc-tx:${COINJOIN}`, '14990000', 'in:1', '/0/vin/1'],
      [btc('B'), `btc-tx:${COINJOIN}`, '30000000', 'in:2', '/0/vin/2'],
    ]);
    const outs = cj.filter((t) => t.index.startsWith('out:'));
    expect(outs.map((t) => [t.to, t.amount])).toEqual([...['F', 'G', 'H', 'I', 'J'].map((n) => [btc(n), '20000000']), [btc('E'), '4980000']]);
    const sum = (ts: typeof cj) => ts.reduce((s, t) => s + BigInt(t.amount), 0n);
    expect(sum(cj.filter((t) => t.index.startsWith('in:'))) - sum(outs)).toBe(10000n);
    expect(cj[0]).toMatchObject({ chain: 'btc', asset: 'BTC', decimals: 8, block: 834200, utc: '2024-03-13T11:40:00Z', type: 'native', status: 'ok' });
    expect(new Set(records.map((t) => t.tx))).toEqual(new Set([COINJOIN, SPEND, FUNDING1]));
    // the spend: two inputs, payment and change back to A (legacy, P2SH and SegWit addresses)
    expect(records.filter((t) => t.tx === SPEND).map((t) => [t.from, t.to, t.amount])).toEqual([
      [btc('A'), `btc-tx:${SPEND}`, '50000000'],
      [btc('C'), `btc-tx:${SPEND}`, '25000000'],
      [`btc-tx:${SPEND}`, btc('E'), '60000000'],
      [`btc-tx:${SPEND}`, btc('A'), '14990000'],
    ]);
    expect(summary.unresolvedInputs).toBe(0);
  });

  it('reads a single Esplora transaction; the OP_RETURN output is skipped with a note, taproot kept', () => {
    const { records, summary } = drain(parseBtcJson(fixture('esplora-tx.json')));
    expect(records.map((t) => [t.from, t.to, t.amount, t.index, t.locator.messageId])).toEqual([
      [btc('seed2'), `btc-tx:${FUNDING2}`, '35015000', 'in:0', '/vin/0'],
      [`btc-tx:${FUNDING2}`, btc('C'), '25000000', 'out:0', '/vout/0'],
      [`btc-tx:${FUNDING2}`, btc('D'), '10000000', 'out:2', '/vout/2'],
    ]);
    expect(summary.notes).toEqual(['/vout/1: an output without an address (OP_RETURN data or a nonstandard script): skipped']);
  });

  it('reads Bitcoin Core verbosity 2 with prevouts, BTC decimals → satoshis exactly', () => {
    const { records, summary } = drain(parseBtcJson(fixture('core-tx-verbose2.json')));
    expect(records).toHaveLength(9);
    expect(records.map((t) => t.amount)).toEqual(['60000000', '14990000', '30000000', '20000000', '20000000', '20000000', '20000000', '20000000', '4980000']);
    expect(records[2]).toMatchObject({ from: btc('B'), index: 'in:2', block: null, utc: '2024-03-13T11:40:00Z' });
    expect(summary.unresolvedInputs).toBe(0);
  });

  it('reads Bitcoin Core verbosity 1 without prevouts: outputs only, inputs counted as unresolved', () => {
    const { records, summary } = drain(parseBtcJson(fixture('core-tx-verbose1.json')));
    expect(records.map((t) => [t.from, t.to, t.amount, t.index])).toEqual([
      [`btc-tx:${SPEND}`, btc('E'), '60000000', 'out:0'],
      [`btc-tx:${SPEND}`, btc('A'), '14990000', 'out:1'],
    ]);
    expect(summary.unresolvedInputs).toBe(2);
    expect(summary.notes[0]).toMatch(/^\/vin\/0: the input's address and value are not in the file .* \(2 times; the first is named\)$/);
  });

  it('unwraps a JSON-RPC envelope and names the pointer of a bad address', () => {
    const core = fs.readFileSync(fixturePath('transfers', 'core-tx-verbose1.json'), 'utf8');
    expect(drain(parseBtcJson(text(`{"result": ${core}, "error": null, "id": 1}`))).records[0]!.locator.messageId).toBe('/result/vout/0');
    const bad = core.replace(W.E!, 'bc1qx222a0gf45m26dns2c43fzcg2muxys2k5emcjk');
    expect(() => drain(parseBtcJson(text(bad)))).toThrow(/^\/vout\/0: output address "bc1qx222a0gf45m26dns2c43fzcg2muxys2k5emcjk" is not a valid Bitcoin address/);
  });
});

describe('generic transfers CSV through a mapping', () => {
  const mapping: TransferMapping = { chain: 'Mreza', time: 'Datum', from: 'Posiljalac_adresa', to: 'Primalac_adresa', amount: 'Iznos', asset: 'Valuta', tx: 'Hash' };

  it('checks the mapping against the header', () => {
    expect(transferMappingFits(['Datum', 'Mreza', 'Hash', 'Posiljalac_adresa', 'Primalac_adresa', 'Valuta', 'Iznos'], mapping)).toBe(true);
    expect(transferMappingFits(['Datum', 'Hash'], mapping)).toBe(false);
    expect(transferMappingFits(['Datum', 'Posiljalac_adresa', 'Primalac_adresa', 'Iznos'], { ...mapping, chain: 'tron', asset: undefined, tx: undefined })).toBe(true);
    expect(guessTransferMapping(['timestamp_utc', 'network', 'txid', 'from', 'to', 'asset', 'amount'])).toEqual({ chain: 'network', time: 'timestamp_utc', from: 'from', to: 'to', amount: 'amount', asset: 'asset', tx: 'txid' });
  });

  it('reads rows of several chains; a ticker is taken as the official contract and said so; unknown assets skipped', () => {
    const { records, summary } = drain(parseTransfersCsv(fixture('transfers-mapped.csv'), mapping, { timezone: 'Europe/Belgrade' }));
    expect(records.map((t) => [t.chain, t.from, t.to, t.asset, t.amount, t.utc, t.index, t.locator.line])).toEqual([
      ['tron', 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE', 'tron:TSoEy7xsSEGyCCjX39dCLanaeu72yyL1oQ', 'trc20:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', '1600500000', '2024-03-14T20:15:00Z', 'log:?amount=1600500000', 2],
      ['eth', 'eth:0x04dA81B17CA4dc8bc77e4ec114F7a438f82CEFF3', 'eth:0x443Ec024408bF8b75182A2EF32aB063B1956Ab0D', 'ETH', '1', '2024-03-14T20:20:00Z', 'tx', 3],
      ['btc', `btc-tx:${SPEND}`, btc('E'), 'BTC', '60000000', '2024-03-14T20:30:00Z', 'out:?', 4],
    ]);
    expect(summary.notes).toEqual([
      'line 2: asset "USDT" is taken to be USDT at its official contract tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t (a ticker alone could be a fake token)',
      'line 2: decimals of USDT (tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t) are not in the table: 6 from the known token table',
      "line 4: a Bitcoin row's sender is not a transfer of this amount (inputs carry change and fee): only btc-tx → receiver is recorded; read the transaction itself for its inputs",
      'line 5: asset "FAKEUSD" is neither a token contract nor a known token of tron: skipped',
    ]);
  });

  it('names the line of a bad row and the missing columns', () => {
    const csv = 'time,from,to,amount\n2024-03-14T20:15:00Z,TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE,TSoEy7xsSEGyCCjX39dCLanaeu72yyL1oQ,5\n2024-03-14T20:16:00Z,TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE,TSoEy7xsSEGyCCjX39dCLanaeu72yyL1oQ,"5,5"\n';
    const m: TransferMapping = { chain: 'tron', time: 'time', from: 'from', to: 'to', amount: 'amount' };
    expect(() => drain(parseTransfersCsv(text(csv), m))).toThrow(/^line 3: amount "5,5" is not a decimal number/);
    expect(drain(parseTransfersCsv(text(csv.split('\n').slice(0, 2).join('\n')), m)).records[0]).toMatchObject({ asset: 'TRX', amount: '5000000', tx: 'line:2' });
    expect(() => drain(parseTransfersCsv(text(csv), { ...m, tx: 'hash' }))).toThrow(/^line 1: the mapping names columns the header row does not have \(tx → "hash"\)/);
  });

  it('reads the demo wallet export, and names the line of an address whose checksum fails', () => {
    const demo = fs.readFileSync(fixturePath('demo', 'wallet-export.csv'), 'utf8');
    const m = guessTransferMapping(['timestamp_utc', 'network', 'txid', 'from', 'to', 'asset', 'amount'])!;
    expect(drain(parseTransfersCsv(text(demo), m)).records.map((r) => [r.chain, r.amount, r.decimals])).toEqual([['tron', '50000000', 6], ['tron', '45000000', 6], ['tron', '40000000', 6]]);
    const bad = demo.replace('TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE', 'TExampleSenderAddressDoNotUse00001');
    expect(() => drain(parseTransfersCsv(text(bad), m))).toThrow(/^line 2: from "TExampleSenderAddressDoNotUse00001" is not a valid TRON address/);
  });
});

describe('address labels', () => {
  it('reads a TagPack: header values are defaults, currencies checked, unknown chains skipped', () => {
    const { records, summary } = drain(parseTagPack(fixture('tagpack.yaml')));
    expect(records.map((l) => [l.address, l.label, l.category, l.source, l.locator.line, l.locator.messageId])).toEqual([
      ['eth:0x05eA87d3990614DA52Ac6c6A4740c86Bb67A7A58', 'Fixture Exchange hot wallet', 'exchange', 'https://example.org/nitka-fixture', 9, '/tags/0'],
      ['tron:TAWVLVFuThEEUp2e7RB4r8e5coo5Q147mq', 'Fixture Exchange deposit', 'exchange', 'https://example.org/nitka-fixture', 12, '/tags/1'],
      ['btc:bc1qduly70vedfyp7dgaarese05n7487560mngrs3s', 'Fixture Mixer', 'mixer', 'https://example.org/mixer-report', 16, '/tags/2'],
    ]);
    expect(summary.notes).toEqual(['line 21: tags[3]: a XMR address: not a chain Nitka reads, skipped']);
  });

  it('stops at an address whose checksum fails, naming line and tag', () => {
    expect(() => drain(parseTagPack(fixture('tagpack-bad-checksum.yaml')))).toThrow('line 8: tags[1]: address "0x05EA87d3990614da52ac6c6a4740c86bb67a7a58" fails its EIP-55 checksum (a typo or a forgery)');
    expect(() => drain(parseTagPack(text('title: x\ncreator: y\ntags:\n  - address: TAWVLVFuThEEUp2e7RB4r8e5coo5Q147mq\n    currency: BTC\n    label: z\n')))).toThrow(/^line 4: tags\[0\]: address "TAWVLVFuThEEUp2e7RB4r8e5coo5Q147mq" is a tron address, but the currency is BTC/);
  });

  it('reads a labels CSV', () => {
    const { records } = drain(parseLabelsCsv(fixture('labels.csv')));
    expect(records.map((l) => [l.address, l.label, l.category, l.source, l.locator.line])).toEqual([
      ['eth:0xb8979ECdd0E063904fbA07C101bC172AB8527C69', 'Broker (from seized phone)', 'scam', 'case 17/2024 phone extraction', 2],
      ['tron:TGC4865RMHi8qx3aDCstBwMChzAu6WBfoX', 'Recruiter', null, null, 3],
      ['btc:3Kr2vYr784RDUXqLU5MVgCzHFutyeknn7d', 'Fixture OTC desk', 'exchange', 'https://example.org', 4],
    ]);
    expect(() => drain(parseLabelsCsv(text('address,label\nTGC4865RMHi8qx3aDCstBwMChzAu6WBfoY,x\n')))).toThrow(/^line 2: address "TGC4865RMHi8qx3aDCstBwMChzAu6WBfoY" is not a valid/);
  });
});

describe('detecting chain data', () => {
  it('claims each of our formats', () => {
    const t = (name: string) => detectChainFormat(name, head('transfers', name));
    expect(t('etherscan-normal-2021.csv')).toBe('etherscan-csv');
    expect(t('etherscan-internal-2024.csv')).toBe('etherscan-csv');
    expect(t('etherscan-erc20-2021.csv')).toBe('etherscan-csv');
    expect(t('etherscan-erc20-2024.csv')).toBe('etherscan-csv');
    for (const f of ['trongrid-trc20.json', 'trongrid-transactions.json', 'tronscan-trc20.json', 'tronscan-transfers.json']) expect(t(f)).toBe('tron-json');
    expect(t('esplora-address-txs.json')).toBe('esplora-json');
    expect(t('esplora-tx.json')).toBe('esplora-json');
    expect(t('core-tx-verbose1.json')).toBe('bitcoin-core-json');
    expect(t('core-tx-verbose2.json')).toBe('bitcoin-core-json');
    expect(t('tagpack.yaml')).toBe('tagpack');
    expect(t('labels.csv')).toBe('labels-csv');
    expect(t('transfers-mapped.csv')).toBeNull(); // Serbian headers: the investigator maps the columns
    expect(detectChainFormat('wallet-export.csv', head('demo', 'wallet-export.csv'))).toBe('transfers-csv');
  });

  it('leaves chat exports, ad captures and message tables alone', () => {
    const u = (s: string) => new TextEncoder().encode(s);
    expect(detectChainFormat('oglasi.jsonl', head('demo', 'oglasi.jsonl'))).toBeNull();
    expect(detectChainFormat('WhatsApp Chat with Posao Beč.txt', head('demo', 'WhatsApp Chat with Posao Beč.txt'))).toBeNull();
    for (const f of ['oglasi-rezultati.json', 'oglasi-tabela.csv', 'oglasi-mix.jsonl']) expect(detectChainFormat(f, head('ads', f))).toBeNull();
    expect(detectChainFormat('result.json', u('{"name":"Posao","type":"personal_chat","id":42,"messages":[{"id":1,"txid":"x","vin":[]}]}'))).toBeNull();
    expect(detectChainFormat('message_1.json', u('{"participants":[{"name":"A"}],"messages":[{"sender_name":"A","content":"0x04da81b17ca4dc8bc77e4ec114f7a438f82ceff3"}]}'))).toBeNull();
    expect(detectChainFormat('export.csv', u('timestamp,from,to,body\n'))).toBeNull();
    expect(detectChainFormat('poruke.csv', u('Time,Sender,Message,Amount,Chain\n'))).toBeNull();
    expect(detectChainFormat('payments.csv', u('Date,From,To,Amount,Network,Message\n'))).toBeNull();
    expect(detectChainFormat('oglasi.csv', u('title,body,url,address,name\n'))).toBeNull();
    expect(detectChainFormat('docker-compose.yml', u('version: "3"\nservices:\n  web:\n'))).toBeNull();
  });
});
