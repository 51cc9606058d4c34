import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AbiCoder, Contract, ContractFactory, getAddress, type InterfaceAbi, JsonRpcProvider, parseEther, parseUnits, JsonRpcSigner } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchEthTransfers, fetchEthTransfersHops, type EthFetchProgress, type RpcCache } from '../../../workers/chain/eth-fetch';
import type { ParsedTransfer } from '../../../workers/parsers/transfers/transfer-records';
import { ANVIL_BLOCK_SECONDS, ANVIL_GENESIS, startAnvil, type Anvil } from '../../helpers/anvil';

const artifact = JSON.parse(
  fs.readFileSync(path.resolve('node_modules/@openzeppelin/contracts/build/contracts/ERC20PresetMinterPauser.json'), 'utf8'),
) as { abi: InterfaceAbi; bytecode: string };

/**
 * A contract that forwards the ether it receives to the address in its calldata, so a payment
 * through it is an internal transfer: CALL(gas, calldata[0:32], callvalue, 0, 0, 0, 0); POP; STOP,
 * behind a constructor that returns those 16 bytes.
 */
const FORWARDER_INITCODE = '0x6010600c60003960106000f3' + '6000600060006000346000355af15000';

interface Seen {
  path: string;
  authorization: string | undefined;
  calls: { method: string; params: unknown }[];
}

/**
 * Stands between the fetcher and anvil: records what arrives (path, Basic credentials, each
 * JSON-RPC call) and plays a hosted node that refuses eth_getLogs over more than `maxLogRange`
 * blocks, which anvil never does, or one without the `missing` methods.
 */
function startProxy(target: string, { maxLogRange = Infinity, missing = [] }: { maxLogRange?: number; missing?: string[] }): Promise<{ url: (userinfo: string, rest: string) => string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const parsed = JSON.parse(body) as { id: number; method: string; params: unknown } | { id: number; method: string; params: unknown }[];
      const calls = Array.isArray(parsed) ? parsed : [parsed];
      seen.push({ path: req.url ?? '', authorization: req.headers.authorization, calls: calls.map((c) => ({ method: c.method, params: c.params })) });
      const tooWide = calls.find((c) => {
        if (c.method !== 'eth_getLogs') return false;
        const [filter] = c.params as [{ fromBlock: string; toBlock: string }];
        return Number(filter.toBlock) - Number(filter.fromBlock) + 1 > maxLogRange;
      });
      if (calls.some((c) => missing.includes(c.method))) {
        const answer = (c: { id: number; method: string }) =>
          missing.includes(c.method) ? { jsonrpc: '2.0', id: c.id, error: { code: -32601, message: 'the method does not exist/is not available' } } : null;
        if (!Array.isArray(parsed)) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(answer(parsed)));
          return;
        }
        if (calls.every((c) => missing.includes(c.method))) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(calls.map(answer)));
          return;
        }
      }
      if (tooWide) {
        const refusal = (id: number) => ({ jsonrpc: '2.0', id, error: { code: -32005, message: `block range is too wide (max ${maxLogRange})` } });
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(Array.isArray(parsed) ? calls.map((c) => refusal(c.id)) : refusal(tooWide.id)));
        return;
      }
      void fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (r) => {
        res.setHeader('content-type', 'application/json');
        res.end(await r.text());
      });
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: (userinfo, rest) => `http://${userinfo}127.0.0.1:${port}${rest}`,
        seen,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

class MapCache implements RpcCache {
  readonly map = new Map<string, string>();
  get(key: string) {
    return this.map.get(key);
  }
  put(key: string, response: string) {
    this.map.set(key, response);
  }
}

type Item = ParsedTransfer | EthFetchProgress;
async function collect(gen: AsyncGenerator<Item>): Promise<{ transfers: ParsedTransfer[]; progress: EthFetchProgress[] }> {
  const transfers: ParsedTransfer[] = [];
  const progress: EthFetchProgress[] = [];
  for await (const item of gen) {
    if (item.kind === 'progress') progress.push(item);
    else transfers.push(item);
  }
  return { transfers, progress };
}

const USDT = (n: string) => parseUnits(n, 18);
const eth = (a: string) => `eth:${getAddress(a)}`;
const SECRET_USER = 'investigator7';
const SECRET_PASS = 'pa55-w0rd-xyz';
const PATH_KEY = 'KEY0123456789abcdef';
const QUERY_KEY = 'QUERYKEY42zz';

describe('fetchEthTransfers against a real node (anvil)', () => {
  let anvil: Anvil;
  let provider: JsonRpcProvider;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  const who: Record<string, string> = {};
  const txs: Record<string, string> = {};
  let token = '';
  let forwarder = '';
  let head = 0;
  const blockOf: Record<string, number> = {};

  beforeAll(async () => {
    anvil = await startAnvil();
    proxy = await startProxy(anvil.url, { maxLogRange: 3 });
    provider = new JsonRpcProvider(anvil.url, 31337, { staticNetwork: true, polling: true, pollingInterval: 20 });
    const signers = await provider.listAccounts();
    const names = ['deployer', 'victim1', 'victim2', 'victim3', 'collector', 'a', 'b', 'c', 'exchange'];
    names.forEach((n, i) => (who[n] = signers[i]!.address));
    const signer = (n: string): JsonRpcSigner => signers[names.indexOf(n)]!;

    const factory = new ContractFactory(artifact.abi, artifact.bytecode, signer('deployer'));
    const deployed = await factory.deploy('Tether USD', 'USDT');
    await deployed.waitForDeployment();
    token = await deployed.getAddress();
    const erc20 = (n: string) => new Contract(token, artifact.abi, signer(n));
    const send = async (label: string, p: Promise<{ hash: string; wait: () => Promise<unknown> }>) => {
      const tx = await p;
      await tx.wait();
      txs[label] = tx.hash;
      const receipt = await provider.getTransactionReceipt(tx.hash);
      blockOf[label] = receipt!.blockNumber;
    };
    for (const v of ['victim1', 'victim2', 'victim3']) await send(`mint-${v}`, erc20('deployer').getFunction('mint')(who[v], USDT('1000')));

    // Fan-in: three victims pay the collector.
    for (const v of ['victim1', 'victim2', 'victim3']) await send(`pay-${v}`, erc20(v).getFunction('transfer')(who.collector, USDT('200')));
    // Peel chain: each hop keeps 50.
    await send('peel-a', erc20('collector').getFunction('transfer')(who.a, USDT('550')));
    await send('peel-b', erc20('a').getFunction('transfer')(who.b, USDT('500')));
    await send('peel-c', erc20('b').getFunction('transfer')(who.c, USDT('450')));
    // Fan-out into the exchange.
    for (const k of [1, 2, 3]) await send(`cashout-${k}`, erc20('c').getFunction('transfer')(who.exchange, USDT('150')));

    // Address poisoning: a look-alike of the exchange (same first and last 4 hex digits) sends C nothing,
    // so that C's history offers it when C next copies "the exchange" address.
    const ex = who.exchange!.toLowerCase();
    who.lookalike = getAddress(`${ex.slice(0, 6)}${'5eed'.repeat(8)}${ex.slice(-4)}`);
    await anvil.rpc('anvil_impersonateAccount', [who.lookalike]);
    await anvil.rpc('anvil_setBalance', [who.lookalike, '0xde0b6b3a7640000']);
    const poisoner = new JsonRpcSigner(provider, who.lookalike);
    await send('poison', (new Contract(token, artifact.abi, poisoner)).getFunction('transfer')(who.c, 0n));

    // Native ETH, and ETH through a contract (an internal transfer).
    await send('native', signer('collector').sendTransaction({ to: who.a, value: parseEther('1.5') }));
    const create = await signer('deployer').sendTransaction({ data: FORWARDER_INITCODE });
    await create.wait();
    txs.forwarderCreation = create.hash;
    forwarder = (await provider.getTransactionReceipt(create.hash))!.contractAddress!;
    await send('forward', signer('a').sendTransaction({ to: forwarder, value: parseEther('0.25'), data: AbiCoder.defaultAbiCoder().encode(['address'], [who.b]) }));

    // A failed transaction: more than B has, with a gas limit given so nothing estimates it away; it is mined and reverts.
    const failing = (await anvil.rpc('eth_sendTransaction', [
      { from: who.b, to: token, data: erc20('b').interface.encodeFunctionData('transfer', [who.c, USDT('10000')]), gas: '0x186a0' },
    ])) as string;
    const failedReceipt = (await anvil.rpc('eth_getTransactionReceipt', [failing])) as { status: string; blockNumber: string };
    expect(failedReceipt.status).toBe('0x0');
    txs.failed = failing;
    blockOf.failed = Number(failedReceipt.blockNumber);
    head = Number(await anvil.rpc('eth_blockNumber'));
  });

  afterAll(async () => {
    provider?.destroy();
    await proxy?.close();
    await anvil?.stop();
  });

  const utcOf = (block: number) => new Date((ANVIL_GENESIS + ANVIL_BLOCK_SECONDS * block) * 1000).toISOString().replace('.000Z', 'Z');

  it('yields exactly the native, token, internal and failed transfers of the addresses, and logs every request without the URL secrets', async () => {
    const url = proxy.url(`${SECRET_USER}:${SECRET_PASS}@`, `/v3/${PATH_KEY}?apikey=${QUERY_KEY}`);
    const log: { method: string; params: unknown; ms: number; ok: boolean; error?: string }[] = [];
    const cache = new MapCache();
    const addresses = ['collector', 'a', 'b', 'c'].map((n) => eth(who[n]!));
    const { transfers, progress } = await collect(fetchEthTransfers({ url, addresses, fromBlock: 0, toBlock: head, batchBlocks: 5, onRequest: (e) => log.push(e), cache }));

    const host = new URL(url).host;
    const usdt = `erc20:${eth(token)}`;
    const token20 = (label: string, from: string, to: string, amount: bigint) => ({
      kind: 'transfer', chain: 'eth', asset: usdt, symbol: 'USDT', decimals: 18, from: eth(from), to: eth(to), amount: amount.toString(),
      tx: txs[label], index: 'log:0', block: blockOf[label], utc: utcOf(blockOf[label]!), type: 'token', status: 'ok',
      locator: { messageId: `${txs[label]}#log:0`, entry: host },
    });
    const native = (label: string, from: string, to: string, amount: bigint, status: 'ok' | 'failed', index = 'tx', type = 'native') => ({
      kind: 'transfer', chain: 'eth', asset: 'ETH', symbol: 'ETH', decimals: 18, from: eth(from), to: eth(to), amount: amount.toString(),
      tx: txs[label], index, block: blockOf[label], utc: utcOf(blockOf[label]!), type, status,
      locator: { messageId: `${txs[label]}#${index}`, entry: host },
    });
    expect(transfers).toEqual([
      token20('pay-victim1', who.victim1!, who.collector!, USDT('200')),
      token20('pay-victim2', who.victim2!, who.collector!, USDT('200')),
      token20('pay-victim3', who.victim3!, who.collector!, USDT('200')),
      token20('peel-a', who.collector!, who.a!, USDT('550')),
      token20('peel-b', who.a!, who.b!, USDT('500')),
      token20('peel-c', who.b!, who.c!, USDT('450')),
      token20('cashout-1', who.c!, who.exchange!, USDT('150')),
      token20('cashout-2', who.c!, who.exchange!, USDT('150')),
      token20('cashout-3', who.c!, who.exchange!, USDT('150')),
      token20('poison', who.lookalike!, who.c!, 0n),
      native('native', who.collector!, who.a!, 1_500_000_000_000_000_000n, 'ok'),
      native('forward', who.a!, forwarder, 250_000_000_000_000_000n, 'ok'),
      native('forward', forwarder, who.b!, 250_000_000_000_000_000n, 'ok', 'call:0', 'internal'),
      native('failed', who.b!, token, 0n, 'failed'),
    ]);
    // The look-alike really looks alike, and is still another address.
    expect(who.lookalike!.slice(0, 6).toLowerCase()).toBe(who.exchange!.slice(0, 6).toLowerCase());
    expect(who.lookalike!.slice(-4).toLowerCase()).toBe(who.exchange!.slice(-4).toLowerCase());
    expect(who.lookalike).not.toBe(who.exchange);

    expect(progress.at(-1)).toEqual({ kind: 'progress', block: head, toBlock: head });
    expect(progress.map((p) => p.block)).toEqual([...new Set([...Array.from({ length: Math.ceil((head + 1) / 5) }, (_, i) => Math.min(head, i * 5 + 4))])]);

    // Every call that reached the node is in the log, and nothing else is.
    const arrived = proxy.seen.flatMap((s) => s.calls.map((c) => JSON.stringify([c.method, c.params])));
    expect(log.map((e) => JSON.stringify([e.method, e.params])).sort()).toEqual(arrived.sort());
    expect(log.every((e) => Number.isFinite(e.ms) && e.ms >= 0)).toBe(true);
    // The node refused 5-block log ranges; the fetcher halved them and carried on.
    expect(log.some((e) => e.method === 'eth_getLogs' && !e.ok && /too wide/.test(e.error ?? ''))).toBe(true);
    const blocks = log.filter((e) => e.method === 'eth_getBlockByNumber');
    expect(blocks.map((e) => (e.params as [string, boolean])[0])).toEqual(Array.from({ length: head + 1 }, (_, i) => `0x${i.toString(16)}`));
    // anvil traces: no refusal of debug_traceTransaction was logged.
    expect(log.filter((e) => e.method === 'debug_traceTransaction').every((e) => e.ok)).toBe(true);
    expect(log.some((e) => e.method === 'debug_traceTransaction')).toBe(true);

    // The credentials were sent (as Basic auth) and the key reached the node, but nothing we keep holds them.
    expect(proxy.seen.every((s) => s.path === `/v3/${PATH_KEY}?apikey=${QUERY_KEY}`)).toBe(true);
    expect(proxy.seen.every((s) => s.authorization === `Basic ${Buffer.from(`${SECRET_USER}:${SECRET_PASS}`).toString('base64')}`)).toBe(true);
    const kept = JSON.stringify([transfers, log, [...cache.map]]);
    for (const secret of [SECRET_USER, SECRET_PASS, PATH_KEY, QUERY_KEY]) expect(kept).not.toContain(secret);
    expect(new Set(transfers.map((t) => t.locator.entry))).toEqual(new Set([host]));

    // A second run on the same cache asks the node nothing, and gives the same records.
    const before = proxy.seen.length;
    const again: typeof log = [];
    const rerun = await collect(fetchEthTransfers({ url, addresses, fromBlock: 0, toBlock: head, batchBlocks: 5, onRequest: (e) => again.push(e), cache }));
    expect(rerun.transfers).toEqual(transfers);
    expect(again).toEqual([]);
    expect(proxy.seen.length).toBe(before);
    // Even with no node at all.
    const offline = await collect(fetchEthTransfers({ url: 'http://127.0.0.1:9/', addresses, fromBlock: 0, toBlock: head, batchBlocks: 5, onRequest: (e) => again.push(e), cache }));
    expect(offline.transfers.map((t) => t.tx)).toEqual(transfers.map((t) => t.tx));
    expect(again).toEqual([]);
  });

  it('without debug_traceTransaction on the node, says so once and yields everything but internal transfers', async () => {
    const bare = await startProxy(anvil.url, { missing: ['debug_traceTransaction'] });
    try {
      const url = bare.url('', '/');
      const log: { method: string; ok: boolean; error?: string }[] = [];
      const cache = new MapCache();
      const addresses = ['collector', 'a', 'b', 'c'].map((n) => eth(who[n]!));
      const { transfers } = await collect(fetchEthTransfers({ url, addresses, toBlock: head, batchBlocks: 5, onRequest: (e) => log.push(e), cache }));
      expect(transfers.map((t) => t.type)).toEqual([...Array<string>(10).fill('token'), 'native', 'native', 'native']);
      const traces = log.filter((e) => e.method === 'debug_traceTransaction');
      expect(traces).toHaveLength(1);
      expect(traces[0]).toMatchObject({ ok: false, error: expect.stringMatching(/^-32601: .*not available/) });
      const requests = bare.seen.length;
      await collect(fetchEthTransfers({ url, addresses, toBlock: head, batchBlocks: 5, onRequest: (e) => log.push(e), cache }));
      expect(bare.seen.length).toBe(requests);
    } finally {
      await bare.close();
    }
  });

  it('keeps the URL secrets out of the error and the log when the node cannot be reached', async () => {
    const log: { error?: string }[] = [];
    const url = `http://${SECRET_USER}:${SECRET_PASS}@127.0.0.1:9/v3/${PATH_KEY}?apikey=${QUERY_KEY}`;
    const run = collect(fetchEthTransfers({ url, addresses: [eth(who.a!)], toBlock: 3, onRequest: (e) => log.push(e), cache: new MapCache() }));
    const error = await run.then(() => null, (e: unknown) => e as Error);
    expect(error?.name).toBe('RpcTransportError');
    expect(error?.message).toContain('127.0.0.1:9');
    expect(log.length).toBeGreaterThan(0);
    const kept = JSON.stringify([error?.message, log]);
    for (const secret of [SECRET_USER, SECRET_PASS, PATH_KEY, QUERY_KEY]) expect(kept).not.toContain(secret);
  });

  it('stops between steps when aborted', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const item of fetchEthTransfers({ url: anvil.url, addresses: [eth(who.c!)], toBlock: head, batchBlocks: 2, onRequest: () => {}, cache: new MapCache(), signal: controller.signal })) {
        seen.push(item.kind);
        if (item.kind === 'progress') controller.abort(new Error('stopped by the investigator'));
      }
    })();
    await expect(run).rejects.toThrow('stopped by the investigator');
    expect(seen).toEqual(['progress']);
  });

  it('refuses an address whose EIP-55 checksum fails before asking the node anything', async () => {
    const log: unknown[] = [];
    // One letter's case flipped: the checksum no longer holds.
    const forged = `eth:0x${who.a!.slice(2).replace(/[a-fA-F]/, (ch) => (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()))}`;
    await expect(collect(fetchEthTransfers({ url: anvil.url, addresses: [forged], toBlock: 1, onRequest: (e) => log.push(e), cache: new MapCache() }))).rejects.toThrow(/EIP-55/);
    expect(log).toEqual([]);
  });

  it('records contract creations with the created contract as receiver', async () => {
    const { transfers } = await collect(fetchEthTransfers({ url: anvil.url, addresses: [eth(who.deployer!)], toBlock: head, onRequest: () => {}, cache: new MapCache() }));
    expect(transfers.map((t) => [t.to, t.amount, t.type, t.status])).toEqual([
      [eth(token), '0', 'native', 'ok'],
      [eth(forwarder), '0', 'native', 'ok'],
    ]);
    expect(transfers[1]!.tx).toBe(txs.forwarderCreation);
  });

  it('follows counterparties breadth-first, never through zero-value, failed or mint transfers, within the budget', async () => {
    const run = async (maxAddresses: number) =>
      collect(fetchEthTransfersHops({ url: anvil.url, addresses: [eth(who.victim1!)], hops: 2, maxAddresses, toBlock: 'latest', onRequest: () => {}, cache: new MapCache() }));
    const wide = await run(100);
    const labels = (ts: ParsedTransfer[]) => ts.map((t) => `${Object.keys(txs).find((k) => txs[k] === t.tx)}#${t.index}`);
    // ring 0: victim1; ring 1: the collector; ring 2: victim2, victim3, A (not the zero address of the mints).
    expect(labels(wide.transfers)).toEqual([
      'mint-victim1#log:0', 'pay-victim1#log:0',
      'pay-victim2#log:0', 'pay-victim3#log:0', 'peel-a#log:0', 'native#tx',
      'mint-victim2#log:0', 'mint-victim3#log:0', 'peel-b#log:0', 'forward#tx', 'forward#call:0',
    ]);
    expect(new Set(wide.progress.map((p) => p.hop))).toEqual(new Set([0, 1, 2]));
    expect(new Set(wide.progress.map((p) => p.toBlock))).toEqual(new Set([head]));
    // With room for three addresses, the third is the first counterparty seen in ring 1.
    const narrow = await run(3);
    expect(labels(narrow.transfers)).toEqual(['mint-victim1#log:0', 'pay-victim1#log:0', 'pay-victim2#log:0', 'pay-victim3#log:0', 'peel-a#log:0', 'native#tx', 'mint-victim2#log:0']);
  });
});
