/**
 * Bitcoin transactions saved as JSON: Esplora (Blockstream, mempool.space: `/address/:addr/txs`,
 * an array, or `/tx/:txid`, one object) and Bitcoin Core `getrawtransaction <txid> 1|2` (alone or
 * in its JSON-RPC envelope `{result, error, id}`, or several in an array). Each input becomes a
 * transfer from its address to `btc-tx:<txid>` (`in:<n>`), each output one from `btc-tx:<txid>` to
 * its address (`out:<n>`), so the fee is what the transaction node keeps.
 */
import { streamJson, type JsonPath } from '../json-stream';
import type { ChunkSource } from '../lines';
import { baseUnits, decimalToBaseUnits, jsonNumberToBaseUnits, NoteBook, utcOfEpoch, walletOf, type TransferParseSummary } from './chain-values';
import type { ParsedTransfer } from './transfer-records';

export type BtcJsonShape = 'esplora-json' | 'bitcoin-core-json';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which of the two shapes the start of a file shows: Esplora's snake_case keys or Core's `scriptPubKey`. */
export function detectBtcJson(head: string): BtcJsonShape | null {
  const t = head.replace(/^\ufeff/, '').trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return null;
  if (!/"txid"\s*:/.test(t) || !/"vin"\s*:/.test(t)) return null;
  if (/"(scriptpubkey|scriptpubkey_address|is_coinbase|scriptsig)"\s*:/.test(t) || (/"status"\s*:\s*\{/.test(t) && /"block_height"\s*:/.test(t))) return 'esplora-json';
  if (/"(scriptPubKey|scriptSig|txinwitness|blockhash|vsize)"\s*:/.test(t)) return 'bitcoin-core-json';
  return null;
}

/**
 * The transfers of saved Esplora or Bitcoin Core transactions. Core without `-txindex` verbosity 2
 * gives no prevout: such an input's address and value are unknown, so it yields no transfer and is
 * counted in the summary's `unresolvedInputs` (the outputs are still read). Coinbase inputs, outputs
 * without an address (OP_RETURN) and unconfirmed transactions (no time yet) are skipped with a note.
 */
export function* parseBtcJson(source: ChunkSource, onProgress?: (bytesDone: number) => void): Generator<ParsedTransfer, TransferParseSummary> {
  const notes = new NoteBook();
  const first = firstByte(source);
  let count = 0;
  const collect = (path: JsonPath, value: unknown, out: ParsedTransfer[]) => {
    let pointer = path.filter((p) => p !== undefined).map((p) => `/${p}`).join('');
    let tx = value;
    if (isObj(tx) && !('txid' in tx) && 'result' in tx) {
      if (tx.error) throw new Error(`the node answered with an error: ${JSON.stringify(tx.error)}`);
      tx = tx.result;
      pointer += '/result';
    }
    count += 1;
    if (!isObj(tx)) throw new Error(`${pointer || '/'}: not a transaction object`);
    out.push(...transactionTransfers(tx, pointer, notes));
  };
  yield* streamJson<ParsedTransfer>(source, [first === '[' ? '$.*' : '$'], collect, onProgress);
  if (count === 0) notes.note('empty', '/', 'no transactions in the file');
  return notes.summary();
}

function firstByte(source: ChunkSource): string {
  const head = new Uint8Array(Math.min(64, source.size));
  source.read(head, 0);
  return new TextDecoder().decode(head).replace(/^\ufeff/, '').trimStart().charAt(0);
}

/** The input and output legs of one transaction in either shape; `pointer` is where it sits in the file. */
export function transactionTransfers(tx: Obj, pointer: string, notes: NoteBook): ParsedTransfer[] {
  const where = pointer || '/';
  const txid = typeof tx.txid === 'string' ? tx.txid.toLowerCase() : '';
  if (!/^[0-9a-f]{64}$/.test(txid)) throw new Error(`${where}: txid ${JSON.stringify(tx.txid)} is not 64 hex digits`);
  const status = isObj(tx.status) ? tx.status : null;
  const esplora = status !== null || (Array.isArray(tx.vout) && tx.vout.some((o) => isObj(o) && 'scriptpubkey' in o));
  const time = esplora ? status?.block_time : (tx.blocktime ?? tx.time);
  const utc = utcOfEpoch(time);
  if (!utc || (esplora && status?.confirmed === false)) {
    notes.skip('unconfirmed', where, `transaction ${txid} is unconfirmed (no block time yet): skipped; save it again once it is mined`);
    return [];
  }
  const blockValue = esplora ? status?.block_height : tx.blockheight;
  const block = typeof blockValue === 'number' && Number.isSafeInteger(blockValue) ? blockValue : null;
  const node = `btc-tx:${txid}`;
  const common = { kind: 'transfer' as const, chain: 'btc' as const, asset: 'BTC', symbol: 'BTC', decimals: 8, tx: txid, block, utc, type: 'native' as const, status: 'ok' as const };
  const out: ParsedTransfer[] = [];
  const vin = Array.isArray(tx.vin) ? tx.vin : [];
  const vout = Array.isArray(tx.vout) ? tx.vout : [];
  if (!Array.isArray(tx.vin) || !Array.isArray(tx.vout)) throw new Error(`${where}: a transaction needs vin and vout arrays`);

  vin.forEach((input, n) => {
    const at = `${pointer}/vin/${n}`;
    if (!isObj(input)) throw new Error(`${at}: not an input object`);
    if (input.is_coinbase === true || 'coinbase' in input) {
      notes.skip('coinbase', at, 'a coinbase input creates new coins and has no address: no input transfer');
      return;
    }
    const prevout = input.prevout;
    if (!isObj(prevout)) {
      notes.unresolvedInputs += 1;
      notes.note('unresolved', at, `the input's address and value are not in the file (Bitcoin Core without prevout: use getrawtransaction <txid> 2 with -txindex): no input transfer, counted as unresolved`);
      return;
    }
    const address = esplora ? prevout.scriptpubkey_address : isObj(prevout.scriptPubKey) ? prevout.scriptPubKey.address : undefined;
    if (typeof address !== 'string') {
      notes.skip('input-no-address', at, 'the input spends a script without an address (bare multisig, P2PK, nonstandard): no input transfer');
      return;
    }
    try {
      out.push({ ...common, from: walletOf(address, 'btc', 'input address'), to: node, amount: value(prevout.value, esplora), index: `in:${n}`, locator: { messageId: at } });
    } catch (e) {
      throw new Error(`${at}: ${(e as Error).message}`);
    }
  });

  vout.forEach((output, i) => {
    const at = `${pointer}/vout/${i}`;
    if (!isObj(output)) throw new Error(`${at}: not an output object`);
    const n = typeof output.n === 'number' ? output.n : i;
    const address = esplora ? output.scriptpubkey_address : isObj(output.scriptPubKey) ? (output.scriptPubKey.address ?? (Array.isArray(output.scriptPubKey.addresses) && output.scriptPubKey.addresses.length === 1 ? output.scriptPubKey.addresses[0] : undefined)) : undefined;
    if (typeof address !== 'string') {
      notes.skip('output-no-address', at, 'an output without an address (OP_RETURN data or a nonstandard script): skipped');
      return;
    }
    try {
      out.push({ ...common, from: node, to: walletOf(address, 'btc', 'output address'), amount: value(output.value, esplora), index: `out:${n}`, locator: { messageId: at } });
    } catch (e) {
      throw new Error(`${at}: ${(e as Error).message}`);
    }
  });
  return out;
}

/** Esplora gives satoshis; Core gives BTC as a JSON number (or a string, from tools that keep it exact). */
function value(v: unknown, esplora: boolean): string {
  if (esplora) return baseUnits(v);
  if (typeof v === 'number') return jsonNumberToBaseUnits(v, 8);
  if (typeof v === 'string') return decimalToBaseUnits(v, 8);
  throw new Error(`value ${JSON.stringify(v)} is not a number`);
}
