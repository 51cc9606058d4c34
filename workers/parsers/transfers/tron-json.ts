/**
 * TRON transfers saved from the explorers' APIs, each element read by its own shape, so a file
 * may be any of: TronGrid `/v1/accounts/{addr}/transactions/trc20` (`data[].token_info`),
 * TronGrid `/v1/accounts/{addr}/transactions` (`data[].raw_data.contract[0]`, hex `41…` addresses,
 * and the internal transactions TronGrid lists among them), Tronscan `/api/token_trc20/transfers`
 * (`token_transfers[]`) and Tronscan `/api/transfer` (`data[].transferFromAddress`). Streamed.
 */
import { streamJson, type JsonPath } from '../json-stream';
import type { ChunkSource } from '../lines';
import { baseUnits, decimalsOf, knownToken, NoteBook, NATIVE, tokenAsset, tronFromHex, utcOfEpoch, walletOf, type TransferParseSummary } from './chain-values';
import type { ParsedTransfer } from './transfer-records';

export type TronJsonShape = 'trongrid-trc20' | 'trongrid-transactions' | 'tronscan-trc20' | 'tronscan-transfers';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Which API response the start of a file looks like, by the keys it shows; null for anything else. */
export function detectTronJson(head: string): TronJsonShape | null {
  if (/"token_transfers"\s*:/.test(head) && /"(quant|from_address|tokenInfo)"\s*:/.test(head)) return 'tronscan-trc20';
  if (/"transferFromAddress"\s*:/.test(head)) return 'tronscan-transfers';
  if (/"data"\s*:/.test(head) && /"token_info"\s*:/.test(head) && /"transaction_id"\s*:/.test(head)) return 'trongrid-trc20';
  if (/"data"\s*:/.test(head) && (/"raw_data"\s*:/.test(head) || /"internal_tx_id"\s*:/.test(head)) && /"(txID|tx_id|contractRet)"\s*:/.test(head)) return 'trongrid-transactions';
  return null;
}

/**
 * The transfers of a saved TronGrid or Tronscan response. Amounts there are already base units.
 * TRC-10 tokens, approvals and smart-contract calls without TRX value are skipped and counted:
 * a token moved by a contract call is in the trc20 responses, not in the transaction list.
 */
export function* parseTronJson(source: ChunkSource, onProgress?: (bytesDone: number) => void): Generator<ParsedTransfer, TransferParseSummary> {
  const notes = new NoteBook();
  let elements = 0;
  const collect = (path: JsonPath, value: unknown, out: ParsedTransfer[]) => {
    elements += 1;
    const pointer = `/${path.join('/')}`;
    try {
      if (!isObj(value)) throw new Error('not an object');
      out.push(...element(value, pointer, notes));
    } catch (e) {
      throw new Error(`${pointer}: ${(e as Error).message}`);
    }
  };
  yield* streamJson<ParsedTransfer>(source, ['$.data.*', '$.token_transfers.*'], collect, onProgress);
  if (elements === 0) notes.note('empty', '/', 'no data[] or token_transfers[] elements: not a TronGrid/Tronscan response, or an empty page');
  return notes.summary();
}

function element(e: Obj, pointer: string, notes: NoteBook): ParsedTransfer[] {
  const locator = { messageId: pointer };
  if (isObj(e.token_info)) return trongridTrc20(e, locator, notes, pointer);
  if (isObj(e.raw_data)) return trongridTransaction(e, locator, notes, pointer);
  if (typeof e.internal_tx_id === 'string') return trongridInternal(e, locator, notes, pointer);
  if ('quant' in e || 'from_address' in e) return tronscanTrc20(e, locator, notes, pointer);
  if ('transferFromAddress' in e) return tronscanTransfer(e, locator, notes, pointer);
  notes.skip('unknown', pointer, 'an element of no known TRON shape: skipped');
  return [];
}

function txid(v: unknown): string {
  const t = str(v).toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{64}$/.test(t)) throw new Error(`transaction id ${JSON.stringify(v)} is not 64 hex digits`);
  return t;
}

function time(v: unknown): string {
  const utc = utcOfEpoch(v);
  if (!utc) throw new Error(`time ${JSON.stringify(v)} is not an epoch time`);
  return utc;
}

const blockOf = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : /^\d+$/.test(str(v)) ? Number(v) : null);

/** A token's decimals from the response, else the known token table (noted). */
function tokenDecimals(given: unknown, contract: string, symbol: string, notes: NoteBook, pointer: string): number | null {
  const d = decimalsOf(given);
  if (d !== null) return d;
  const known = knownToken(contract);
  if (known) notes.note(`known:${contract}`, pointer, `decimals of ${symbol} (${contract}) are not in the response: ${known.decimals} from the known token table`);
  else notes.skip(`decimals:${contract}`, pointer, `token ${symbol || '?'} (${contract}) has no decimals in the response and is not a known token: skipped`);
  return known?.decimals ?? null;
}

function trongridTrc20(e: Obj, locator: { messageId: string }, notes: NoteBook, pointer: string): ParsedTransfer[] {
  if (e.type !== undefined && e.type !== 'Transfer') {
    notes.skip(`type:${str(e.type)}`, pointer, `a ${str(e.type)} event moves no tokens: skipped`);
    return [];
  }
  const info = e.token_info as Obj;
  const contract = walletOf(str(info.address), 'tron', 'token_info.address');
  const symbol = str(info.symbol);
  const decimals = tokenDecimals(info.decimals, contract, symbol, notes, pointer);
  if (decimals === null) return [];
  const amount = baseUnits(e.value);
  return [{ kind: 'transfer', chain: 'tron', asset: tokenAsset(contract), symbol, decimals, from: walletOf(str(e.from), 'tron', 'from'), to: walletOf(str(e.to), 'tron', 'to'), amount, tx: txid(e.transaction_id), index: `log:?amount=${amount}`, block: blockOf(e.block_number ?? e.blockNumber), utc: time(e.block_timestamp), type: 'token', status: 'ok', locator }];
}

function trongridTransaction(e: Obj, locator: { messageId: string }, notes: NoteBook, pointer: string): ParsedTransfer[] {
  const raw = e.raw_data as Obj;
  const contract = Array.isArray(raw.contract) && isObj(raw.contract[0]) ? raw.contract[0] : null;
  const value = contract && isObj(contract.parameter) && isObj(contract.parameter.value) ? contract.parameter.value : null;
  if (!contract || !value) throw new Error('raw_data.contract[0].parameter.value is missing');
  const ret = Array.isArray(e.ret) && isObj(e.ret[0]) ? str(e.ret[0].contractRet) : '';
  const status = ret === '' || ret === 'SUCCESS' ? 'ok' : 'failed';
  const common = { kind: 'transfer' as const, chain: 'tron' as const, asset: 'TRX', symbol: 'TRX', decimals: NATIVE.tron.decimals, tx: txid(e.txID), block: blockOf(e.blockNumber), utc: time(e.block_timestamp ?? raw.timestamp), status: status as 'ok' | 'failed', locator };
  const from = tronFromHexOrBase58(value.owner_address, 'owner_address');
  switch (contract.type) {
    case 'TransferContract':
      return [{ ...common, from, to: tronFromHexOrBase58(value.to_address, 'to_address'), amount: baseUnits(value.amount), index: 'tx', type: 'native' }];
    case 'TriggerSmartContract': {
      const callValue = value.call_value === undefined ? '0' : baseUnits(value.call_value);
      if (callValue !== '0') return [{ ...common, from, to: tronFromHexOrBase58(value.contract_address, 'contract_address'), amount: callValue, index: 'tx', type: 'native' }];
      notes.skip('trigger', pointer, 'a smart-contract call without TRX value: skipped (its token transfers are in the trc20 response)');
      return [];
    }
    default:
      notes.skip(`contract:${str(contract.type)}`, pointer, `a ${str(contract.type)} (not a TRX or TRC-20 transfer): skipped`);
      return [];
  }
}

function trongridInternal(e: Obj, locator: { messageId: string }, notes: NoteBook, pointer: string): ParsedTransfer[] {
  const data = isObj(e.data) ? e.data : {};
  const callValue = isObj(data.call_value) ? data.call_value : {};
  // call_value is keyed by token: `_` is TRX, anything else a TRC-10 token id.
  const trx = callValue._;
  if (trx === undefined || baseUnits(trx) === '0') {
    notes.skip('internal-no-trx', pointer, 'an internal transaction without TRX value: skipped');
    return [];
  }
  return [{ kind: 'transfer', chain: 'tron', asset: 'TRX', symbol: 'TRX', decimals: NATIVE.tron.decimals, from: tronFromHexOrBase58(e.from_address, 'from_address'), to: tronFromHexOrBase58(e.to_address, 'to_address'), amount: baseUnits(trx), tx: txid(e.tx_id), index: `call:${str(e.internal_tx_id)}`, block: blockOf(e.block_number ?? e.blockNumber), utc: time(e.block_timestamp), type: 'internal', status: data.rejected === true ? 'failed' : 'ok', locator }];
}

function tronscanTrc20(e: Obj, locator: { messageId: string }, notes: NoteBook, pointer: string): ParsedTransfer[] {
  if (e.event_type !== undefined && e.event_type !== 'Transfer') {
    notes.skip(`type:${str(e.event_type)}`, pointer, `a ${str(e.event_type)} event moves no tokens: skipped`);
    return [];
  }
  const info = isObj(e.tokenInfo) ? e.tokenInfo : {};
  const contract = walletOf(str(info.tokenId ?? e.contract_address), 'tron', 'tokenInfo.tokenId');
  const symbol = str(info.tokenAbbr);
  const decimals = tokenDecimals(info.tokenDecimal, contract, symbol, notes, pointer);
  if (decimals === null) return [];
  const amount = baseUnits(e.quant);
  const failed = e.revert === true || (e.contractRet !== undefined && e.contractRet !== 'SUCCESS') || (e.finalResult !== undefined && e.finalResult !== 'SUCCESS');
  return [{ kind: 'transfer', chain: 'tron', asset: tokenAsset(contract), symbol, decimals, from: walletOf(str(e.from_address), 'tron', 'from_address'), to: walletOf(str(e.to_address), 'tron', 'to_address'), amount, tx: txid(e.transaction_id), index: `log:?amount=${amount}`, block: blockOf(e.block), utc: time(e.block_ts), type: 'token', status: failed ? 'failed' : 'ok', locator }];
}

function tronscanTransfer(e: Obj, locator: { messageId: string }, notes: NoteBook, pointer: string): ParsedTransfer[] {
  const info = isObj(e.tokenInfo) ? e.tokenInfo : {};
  const token = str(e.tokenName ?? info.tokenId);
  if (token !== '_' && token.toLowerCase() !== 'trx') {
    notes.skip('trc10', pointer, `a TRC-10 token (${token}) transfer: skipped`);
    return [];
  }
  const failed = e.revert === true || (e.contractRet !== undefined && e.contractRet !== 'SUCCESS');
  return [{ kind: 'transfer', chain: 'tron', asset: 'TRX', symbol: 'TRX', decimals: NATIVE.tron.decimals, from: walletOf(str(e.transferFromAddress), 'tron', 'transferFromAddress'), to: walletOf(str(e.transferToAddress), 'tron', 'transferToAddress'), amount: baseUnits(e.amount), tx: txid(e.transactionHash), index: 'tx', block: blockOf(e.block), utc: time(e.timestamp), type: 'native', status: failed ? 'failed' : 'ok', locator }];
}

function tronFromHexOrBase58(v: unknown, field: string): string {
  const t = str(v);
  return /^41[0-9a-fA-F]{40}$/.test(t) ? tronFromHex(t) : walletOf(t, 'tron', field);
}
