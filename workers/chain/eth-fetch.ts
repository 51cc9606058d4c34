/**
 * Transfers of given Ethereum addresses read from a node the investigator points us at: native
 * ETH (by scanning blocks, since no standard RPC lists an account's transactions), ERC-20
 * `Transfer` logs, and internal ETH calls where the node can trace. Every answer goes through the
 * cache the store persists, so a fetch interrupted half-way resumes without asking again, and the
 * records of a case can be derived again from what the node said.
 */
import { AbiCoder, getAddress, toUtf8String } from 'ethers';
import { z } from 'zod';
import { knownToken, tokenAsset, utcOfEpoch } from '../parsers/transfers/chain-values';
import type { ParsedTransfer } from '../parsers/transfers/transfer-records';
import { valueCallsOf } from './call-trace';
import { JsonRpcClient, type RpcCache, type RpcCall, type RpcErrorBody, type RpcLog } from './json-rpc-client';
import { parseRpcEndpoint } from './rpc-endpoint';

export type { RpcCache, RpcLog } from './json-rpc-client';

/** keccak256("Transfer(address,address,uint256)") */
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

export interface EthFetchProgress {
  kind: 'progress';
  /** last block done */
  block: number;
  toBlock: number;
  /** with --hops: the ring being fetched, 0 for the seeds */
  hop?: number;
}

export interface EthFetchOptions {
  url: string;
  /** canonical `eth:0x…` wallet values (an all-lower-case address is accepted too) */
  addresses: string[];
  fromBlock?: number;
  /** `latest` is the head when the fetch starts; it is asked every run, never cached */
  toBlock?: number | 'latest';
  /** blocks per step (and the first eth_getLogs range, halved when the node says it is too large) */
  batchBlocks?: number;
  onRequest: RpcLog;
  cache: RpcCache;
  signal?: AbortSignal;
  /** calls per HTTP batch */
  maxBatch?: number;
}

export interface EthFetchHopsOptions extends EthFetchOptions {
  /** rings of counterparties to fetch after the seeds */
  hops: number;
  /** budget: addresses fetched in all rings together, seeds included (default 100) */
  maxAddresses?: number;
}

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const txSchema = z.object({ hash: hex, from: address, to: address.nullable().optional(), value: hex, transactionIndex: hex });
const blockSchema = z.object({ number: hex, timestamp: hex, transactions: z.array(z.union([txSchema, hex])) });
const receiptSchema = z.object({ status: hex.nullable().optional(), contractAddress: address.nullable().optional() });
const logSchema = z.object({
  address,
  topics: z.array(hex),
  data: hex,
  blockNumber: hex,
  transactionHash: hex,
  transactionIndex: hex,
  logIndex: hex,
  removed: z.boolean().optional(),
});
type RpcTx = z.infer<typeof txSchema>;
type RpcLogEntry = z.infer<typeof logSchema>;

const toHex = (n: number) => `0x${n.toString(16)}`;
const num = (h: string) => Number(BigInt(h));

/** Nodes say "does not exist", "not found", "not supported", "not available" in many ways for a missing method. */
function isUnsupported(error: RpcErrorBody): boolean {
  return error.code === -32601 || error.code === -32004 || /method.*(not|isn't|is not).*(found|supported|available|exist|enabled)|not (supported|available|enabled)|unsupported|does not exist/i.test(error.message);
}

/**
 * Geth, Erigon, Infura, Alchemy, QuickNode … each word the eth_getLogs range limit differently.
 * A rate limit (Infura also answers it with -32005) is no range problem: halving would not help.
 */
function isRangeTooLarge(error: RpcErrorBody): boolean {
  if (/rate|throttl|too many requests|per second|capacity|credits/i.test(error.message)) return false;
  return error.code === -32005 || /range|too (large|wide|big|many)|more than|exceed|limit|response size/i.test(error.message);
}

/** The contract answered, with a revert or no such function: a fact about the token, not about the connection. */
function isExecutionError(error: RpcErrorBody): boolean {
  return error.code === 3 || /revert|execution|invalid opcode|out of gas|stack (under|over)flow|invalid jump/i.test(error.message);
}

function canonicalEth(lowerHex: string): string {
  return `eth:${getAddress(lowerHex)}`;
}

function watchedSet(addresses: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of addresses) {
    const raw = a.trim().replace(/^eth:/, '');
    if (!/^0x[0-9a-fA-F]{40}$/.test(raw)) throw new Error(`"${a}" is not an Ethereum address (eth:0x and 40 hex digits)`);
    const mixed = raw.slice(2) !== raw.slice(2).toLowerCase() && raw.slice(2) !== raw.slice(2).toUpperCase();
    let checksummed: string;
    try {
      checksummed = getAddress(mixed ? raw : raw.toLowerCase());
    } catch {
      throw new Error(`"${a}" fails its EIP-55 checksum: a typo or a forged look-alike`);
    }
    out.set(checksummed.toLowerCase(), `eth:${checksummed}`);
  }
  return out;
}

const topicOf = (lowerHex: string) => `0x${'0'.repeat(24)}${lowerHex.slice(2)}`;

interface TokenInfo {
  symbol: string;
  decimals: number;
}

/** ABI `string`, or the `bytes32` early tokens (MKR, SAI) return; printable characters only, since a token names itself. */
function decodeSymbol(result: unknown): string | null {
  if (typeof result !== 'string' || !/^0x[0-9a-fA-F]*$/.test(result) || result.length < 66) return null;
  try {
    const [s] = AbiCoder.defaultAbiCoder().decode(['string'], result);
    if (typeof s === 'string') return clean(s);
  } catch {
    // not an ABI string: try bytes32
  }
  try {
    const bytes = result.slice(2, 66).replace(/(00)+$/, '');
    return clean(toUtf8String(`0x${bytes}`));
  } catch {
    return null;
  }
}

function clean(s: string): string | null {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, 32);
  return t || null;
}

function decodeDecimals(result: unknown): number | null {
  if (typeof result !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(result)) return null;
  const d = BigInt(result);
  return d <= 36n ? Number(d) : null;
}

/** What one scan sorts by: block, position in the block, then native < internal < log inside a transaction. */
interface Sortable {
  record: ParsedTransfer;
  txIndex: number;
  rank: number;
  sub: string;
}

function compareSortable(a: Sortable, b: Sortable): number {
  return (a.record.block ?? 0) - (b.record.block ?? 0) || a.txIndex - b.txIndex || a.rank - b.rank || a.sub.localeCompare(b.sub, 'en', { numeric: true });
}

/**
 * The transfers of the addresses in a block range, in chain order, with a progress event after
 * each step. Token decimals and symbol come from the token's own `decimals()`/`symbol()`, else
 * from our list of known tokens; when neither answers the decimals are 0 (amounts shown in base
 * units) rather than a guess such as 18, and the symbol is `?`.
 */
export async function* fetchEthTransfers(options: EthFetchOptions): AsyncGenerator<ParsedTransfer | EthFetchProgress> {
  const endpoint = parseRpcEndpoint(options.url);
  const client = new JsonRpcClient({ endpoint, onRequest: options.onRequest, cache: options.cache, signal: options.signal, maxBatch: options.maxBatch });
  const watched = watchedSet(options.addresses);
  if (watched.size === 0) return;
  const watchedTopics = [...watched.keys()].map(topicOf);
  const fromBlock = Math.max(0, Math.trunc(options.fromBlock ?? 0));
  const toBlock = await resolveToBlock(client, options.toBlock ?? 'latest');
  const step = Math.max(1, Math.trunc(options.batchBlocks ?? 100));
  const tokens = new Map<string, TokenInfo>();
  const state = { logSpan: step, traceSupported: true };

  const locator = (tx: string, index: string) => ({ messageId: `${tx}#${index}`, entry: endpoint.host });

  for (let cursor = fromBlock; cursor <= toBlock; cursor += step) {
    options.signal?.throwIfAborted();
    const end = Math.min(toBlock, cursor + step - 1);

    const numbers = Array.from({ length: end - cursor + 1 }, (_, i) => cursor + i);
    const blockOutcomes = await client.callMany(numbers.map((n) => ({ method: 'eth_getBlockByNumber', params: [toHex(n), true] })));
    const blockTime = new Map<number, string>();
    const txByHash = new Map<string, RpcTx>();
    const blockOfTx = new Map<string, number>();
    const involved: RpcTx[] = [];
    for (const [i, o] of blockOutcomes.entries()) {
      if (!o.ok) throw new Error(`block ${numbers[i]} from ${endpoint.host}: ${o.error.message}`);
      if (o.result === null) throw new Error(`the node at ${endpoint.host} has no block ${numbers[i]} (its head is lower than the range asked for)`);
      const block = blockSchema.parse(o.result);
      const n = num(block.number);
      blockTime.set(n, utcOfEpoch(num(block.timestamp)) ?? new Date(num(block.timestamp) * 1000).toISOString());
      for (const t of block.transactions) {
        if (typeof t === 'string') throw new Error(`the node at ${endpoint.host} returned transaction hashes, not transactions, for block ${n}`);
        txByHash.set(t.hash.toLowerCase(), t);
        blockOfTx.set(t.hash.toLowerCase(), n);
        if (watched.has(t.from.toLowerCase()) || (t.to && watched.has(t.to.toLowerCase()))) involved.push(t);
      }
    }

    const logs = await fetchTransferLogs(client, cursor, end, watchedTopics, state);
    const out: Sortable[] = [];

    // Native: the receipt says whether it failed and which contract a creation made.
    const receipts = await client.callMany(involved.map((t) => ({ method: 'eth_getTransactionReceipt', params: [t.hash] })));
    const failed = new Set<string>();
    for (const [i, t] of involved.entries()) {
      const o = receipts[i]!;
      if (!o.ok || o.result === null) throw new Error(`receipt of ${t.hash} from ${endpoint.host}: ${o.ok ? 'none' : o.error.message}`);
      const receipt = receiptSchema.parse(o.result);
      // Before Byzantium receipts carried a state root, not a status: those count as ok.
      const status = receipt.status && BigInt(receipt.status) === 0n ? 'failed' : 'ok';
      if (status === 'failed') failed.add(t.hash.toLowerCase());
      const creation = !t.to;
      const value = BigInt(t.value);
      // A zero-value call moves no ether; what it moves shows up as a log or an internal call.
      if (value === 0n && status === 'ok' && !creation) continue;
      const to = t.to ?? receipt.contractAddress;
      if (!to) continue;
      const tx = t.hash.toLowerCase();
      const block = blockOfTx.get(tx) ?? null;
      out.push({
        record: {
          kind: 'transfer', chain: 'eth', asset: 'ETH', symbol: 'ETH', decimals: 18,
          from: canonicalEth(t.from.toLowerCase()), to: canonicalEth(to.toLowerCase()), amount: value.toString(),
          tx, index: 'tx', block, utc: blockTime.get(block ?? -1) ?? '', type: 'native', status, locator: locator(tx, 'tx'),
        },
        txIndex: num(t.transactionIndex), rank: 0, sub: '',
      });
    }

    // Tokens.
    for (const l of logs) {
      const contract = l.address.toLowerCase();
      const info = tokens.get(contract) ?? (await tokenInfo(client, contract));
      tokens.set(contract, info);
      const tx = l.transactionHash.toLowerCase();
      const block = num(l.blockNumber);
      const index = `log:${num(l.logIndex)}`;
      out.push({
        record: {
          kind: 'transfer', chain: 'eth', asset: tokenAsset(canonicalEth(contract)), symbol: info.symbol, decimals: info.decimals,
          from: canonicalEth(`0x${l.topics[1]!.slice(26)}`.toLowerCase()), to: canonicalEth(`0x${l.topics[2]!.slice(26)}`.toLowerCase()),
          amount: BigInt(l.data).toString(), tx, index, block, utc: blockTime.get(block) ?? '', type: 'token', status: 'ok', locator: locator(tx, index),
        },
        txIndex: num(l.transactionIndex), rank: 2, sub: index,
      });
    }

    // Internal: trace the transactions the addresses took part in.
    if (state.traceSupported) {
      const hashes = [...new Set([...involved.map((t) => t.hash.toLowerCase()), ...logs.map((l) => l.transactionHash.toLowerCase())])];
      for (const tx of hashes) {
        const outcome = await client.call({ method: 'debug_traceTransaction', params: [tx, { tracer: 'callTracer' }], cacheError: isUnsupported });
        if (!outcome.ok) {
          // Logged by the client; a node without tracing is told once, then not asked again.
          if (isUnsupported(outcome.error)) {
            state.traceSupported = false;
            break;
          }
          continue;
        }
        const t = txByHash.get(tx);
        if (!t) continue;
        const sender = t.from.toLowerCase();
        const block = blockOfTx.get(tx) ?? null;
        for (const c of valueCallsOf(outcome.result)) {
          // Calls the address caused (it sent the transaction) or took part in; not a stranger's swaps around a payment to it.
          if (!watched.has(sender) && !watched.has(c.from) && !watched.has(c.to)) continue;
          const index = `call:${c.path}`;
          out.push({
            record: {
              kind: 'transfer', chain: 'eth', asset: 'ETH', symbol: 'ETH', decimals: 18,
              from: canonicalEth(c.from), to: canonicalEth(c.to), amount: c.value.toString(), tx, index, block,
              utc: blockTime.get(block ?? -1) ?? '', type: 'internal', status: c.reverted || failed.has(tx) ? 'failed' : 'ok', locator: locator(tx, index),
            },
            txIndex: num(t.transactionIndex), rank: 1, sub: c.path,
          });
        }
      }
    }

    out.sort(compareSortable);
    for (const s of out) yield s.record;
    yield { kind: 'progress', block: end, toBlock };
  }
}

async function resolveToBlock(client: JsonRpcClient, toBlock: number | 'latest'): Promise<number> {
  if (toBlock !== 'latest') return Math.max(0, Math.trunc(toBlock));
  const o = await client.call({ method: 'eth_blockNumber', params: [], fresh: true });
  if (!o.ok || typeof o.result !== 'string' || !/^0x[0-9a-fA-F]+$/.test(o.result)) throw new Error(`the node did not say its latest block${o.ok ? '' : `: ${o.error.message}`}`);
  return num(o.result);
}

/**
 * ERC-20 Transfer logs with an address as sender (topic 1) or receiver (topic 2). ERC-721 uses the
 * same event with the token id as a third indexed topic and no data: those are not amounts, and
 * are left out by their shape (3 topics, 32 bytes of data).
 */
async function fetchTransferLogs(client: JsonRpcClient, from: number, to: number, topics: string[], state: { logSpan: number }): Promise<RpcLogEntry[]> {
  const seen = new Map<string, RpcLogEntry>();
  for (let start = from; start <= to; ) {
    const end = Math.min(to, start + state.logSpan - 1);
    const calls: RpcCall[] = [
      [TRANSFER_TOPIC, topics],
      [TRANSFER_TOPIC, null, topics],
    ].map((t) => ({
      method: 'eth_getLogs',
      params: [{ fromBlock: toHex(start), toBlock: toHex(end), topics: t }],
      // Remembered so a re-run splits the same way without asking; a one-block refusal is no range problem.
      cacheError: (e: RpcErrorBody) => end > start && isRangeTooLarge(e),
    }));
    const outcomes = await client.callMany(calls);
    const refused = outcomes.find((o) => !o.ok);
    if (refused && !refused.ok) {
      if (isRangeTooLarge(refused.error) && end > start) {
        state.logSpan = Math.max(1, Math.floor((end - start + 1) / 2));
        continue;
      }
      throw new Error(`eth_getLogs ${start}–${end}: ${refused.error.message}`);
    }
    for (const o of outcomes) {
      if (!o.ok || !Array.isArray(o.result)) throw new Error(`eth_getLogs ${start}–${end}: not a list of logs`);
      for (const raw of o.result) {
        const l = logSchema.parse(raw);
        if (l.removed || l.topics.length !== 3 || l.data.length !== 66) continue;
        if (l.topics[0]!.toLowerCase() !== TRANSFER_TOPIC) continue;
        // A transfer to oneself matches both queries.
        seen.set(`${l.transactionHash.toLowerCase()}:${num(l.logIndex)}`, l);
      }
    }
    start = end + 1;
  }
  return [...seen.values()];
}

async function tokenInfo(client: JsonRpcClient, contract: string): Promise<TokenInfo> {
  const [decimals, symbol] = await client.callMany([
    { method: 'eth_call', params: [{ to: contract, data: '0x313ce567' }, 'latest'], cacheError: isExecutionError },
    { method: 'eth_call', params: [{ to: contract, data: '0x95d89b41' }, 'latest'], cacheError: isExecutionError },
  ]);
  for (const o of [decimals, symbol]) {
    // Going on without decimals the node could not give right now would make this run differ from the next.
    if (o && !o.ok && !isExecutionError(o.error)) throw new Error(`decimals()/symbol() of ${canonicalEth(contract)}: ${o.error.message}`);
  }
  const known = knownToken(canonicalEth(contract));
  return {
    decimals: (decimals?.ok ? decodeDecimals(decimals.result) : null) ?? known?.decimals ?? 0,
    symbol: (symbol?.ok ? decodeSymbol(symbol.result) : null) ?? known?.symbol ?? '?',
  };
}

/**
 * Breadth-first over counterparties: the seeds, then everyone they exchanged value with, and so on
 * for `hops` rings, within a budget of addresses. A counterparty is only followed through a
 * transfer that moved value: a failed transaction, a zero-value token transfer (what address
 * poisoners send) or a mint/burn from the zero address leads nowhere worth fetching.
 */
export async function* fetchEthTransfersHops(options: EthFetchHopsOptions): AsyncGenerator<ParsedTransfer | EthFetchProgress> {
  const budget = Math.max(1, options.maxAddresses ?? 100);
  const fetched = new Set<string>();
  const yielded = new Set<string>();
  let ring = [...watchedSet(options.addresses).values()].slice(0, budget);
  const toBlock = options.toBlock ?? 'latest';
  let pinnedTo: number | undefined;
  for (let hop = 0; hop <= options.hops && ring.length > 0; hop++) {
    for (const a of ring) fetched.add(a);
    const inRing = new Set(ring);
    const next: string[] = [];
    const queued = new Set<string>();
    for await (const item of fetchEthTransfers({ ...options, addresses: ring, toBlock: pinnedTo ?? toBlock })) {
      if (item.kind === 'progress') {
        // Every ring covers the same blocks, even if the head moved meanwhile.
        pinnedTo = item.toBlock;
        yield { ...item, hop };
        continue;
      }
      const key = `${item.tx}|${item.index}|${item.asset}|${item.from}|${item.to}`;
      if (!yielded.has(key)) {
        yielded.add(key);
        yield item;
      }
      if (hop === options.hops || item.status !== 'ok' || item.amount === '0') continue;
      for (const other of [item.from, item.to]) {
        if (inRing.has(other) || fetched.has(other) || queued.has(other) || other === `eth:${ZERO_ADDRESS}`) continue;
        queued.add(other);
        next.push(other);
      }
    }
    ring = next.slice(0, Math.max(0, budget - fetched.size));
  }
}
