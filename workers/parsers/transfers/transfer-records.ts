/**
 * What every source of transaction data yields — explorer and exchange exports, node RPC, label
 * lists — whatever the chain: transfers with exact amounts and their place in the source, and
 * labels of addresses. The ingest writes these; the tracing engine reads the stored transfers.
 */
import type { Locator } from '../chat-records';

export type Chain = 'eth' | 'tron' | 'btc';

/**
 * One movement of value. Bitcoin is a graph of transactions, not of accounts: its transfers run
 * from each input address to the transaction node `btc-tx:<txid>` and from it to each output
 * address, so amounts stay exact (the fee is what the transaction node keeps).
 */
export interface ParsedTransfer {
  kind: 'transfer';
  chain: Chain;
  /** `ETH`, `TRX`, `BTC`, or the token as `erc20:<eth:0x… contract>` / `trc20:<tron:T… contract>` */
  asset: string;
  /** ticker as the source gives it (USDT, ETH); informational */
  symbol: string;
  /** decimal places of the asset's base unit: 18 ETH, 6 USDT, 8 BTC, 6 TRX */
  decimals: number;
  /** canonical wallet values (`eth:0x<EIP-55>`, `tron:T…`, `btc:<address>`) or `btc-tx:<txid>` */
  from: string;
  to: string;
  /** integer base units as a decimal string: exact, never a float */
  amount: string;
  /** transaction hash / id as the chain writes it (0x… lower case for eth, hex for tron/btc) */
  tx: string;
  /** where in the transaction: `log:<n>` (token transfer), `call:<path>` (internal), `in:<n>` / `out:<n>` (btc), `tx` (native) */
  index: string;
  block: number | null;
  /** ISO 8601 UTC */
  utc: string;
  type: 'native' | 'token' | 'internal';
  /** failed transactions are kept as evidence but never move value */
  status: 'ok' | 'failed';
  locator: Locator;
}

/** A label of an address from a label list (GraphSense TagPack, CSV). */
export interface ParsedLabel {
  kind: 'label';
  /** canonical wallet value */
  address: string;
  label: string;
  /** exchange, bridge, mixer, scam, darknet market, … (GraphSense category names where possible) */
  category: string | null;
  /** who says so: the TagPack's or row's source */
  source: string | null;
  locator: Locator;
}

export type ChainRecord = ParsedTransfer | ParsedLabel;
