import { describe, expect, it } from 'vitest';
import { decimalToBaseUnits, jsonNumberToBaseUnits, tronFromHex } from '../../../../workers/parsers/transfers/chain-values';
import { detectEtherscanCsv, parseEtherscanCsv } from '../../../../workers/parsers/transfers/etherscan-csv';
import { parseTronJson } from '../../../../workers/parsers/transfers/tron-json';
import { drain, fixture, text } from './helpers';

const V = 'eth:0x04dA81B17CA4dc8bc77e4ec114F7a438f82CEFF3';
const B = 'eth:0xb8979ECdd0E063904fbA07C101bC172AB8527C69';
const R = 'eth:0x443Ec024408bF8b75182A2EF32aB063B1956Ab0D';
const X = 'eth:0x05eA87d3990614DA52Ac6c6A4740c86Bb67A7A58';
const C = 'eth:0xd789777e2cc971587683E81294835eaE2C46Cf7A';
const tV = 'tron:TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oE';
const tB = 'tron:TSoEy7xsSEGyCCjX39dCLanaeu72yyL1oQ';
const tX = 'tron:TAWVLVFuThEEUp2e7RB4r8e5coo5Q147mq';
const USDT_TRON = 'trc20:tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';

describe('exact amounts', () => {
  it('converts decimal token amounts to base units by string arithmetic', () => {
    expect(decimalToBaseUnits('600', 6)).toBe('600000000');
    expect(decimalToBaseUnits('1,234.5', 6)).toBe('1234500000');
    expect(decimalToBaseUnits('0.000001', 6)).toBe('1');
    expect(decimalToBaseUnits('0.100000', 2)).toBe('10');
    expect(decimalToBaseUnits('0', 18)).toBe('0');
    expect(decimalToBaseUnits('123456789012345678901234.123456789012345678', 18)).toBe('123456789012345678901234123456789012345678');
    expect(() => decimalToBaseUnits('1.5E+21', 18)).toThrow(/scientific notation/);
    expect(() => decimalToBaseUnits('0.0000001', 6)).toThrow(/more decimal places than the asset's 6/);
    expect(() => decimalToBaseUnits('1,5', 6)).toThrow(/not a decimal number/);
    expect(jsonNumberToBaseUnits(0.6, 8)).toBe('60000000');
    expect(jsonNumberToBaseUnits(1e-7, 8)).toBe('10');
    expect(jsonNumberToBaseUnits(20999999.9769, 8)).toBe('2099999997690000');
  });

  it('turns hex TRON addresses into base58check', () => {
    expect(tronFromHex('4104da81b17ca4dc8bc77e4ec114f7a438f82ceff3')).toBe(tV);
  });
});

describe('Etherscan CSV exports', () => {
  it('tells the variants apart by header, old and new names, other explorers, not NFTs', () => {
    expect(detectEtherscanCsv(['Txhash', 'Blockno', 'UnixTimestamp', 'DateTime', 'From', 'To', 'ContractAddress', 'Value_IN(ETH)', 'Value_OUT(ETH)', 'CurrentValue @ $1/Eth', 'TxnFee(ETH)', 'Status', 'ErrCode', 'Method'])).toBe('normal');
    expect(detectEtherscanCsv(['Transaction Hash', 'Blockno', 'UnixTimestamp', 'DateTime (UTC)', 'From', 'To', 'ContractAddress', 'Value_IN(BNB)', 'Value_OUT(BNB)', 'TxnFee(BNB)', 'Status', 'Method'])).toBe('normal');
    expect(detectEtherscanCsv(['Txhash', 'Blockno', 'UnixTimestamp', 'DateTime', 'ParentTxFrom', 'ParentTxTo', 'ParentTxETH_Value', 'From', 'TxTo', 'ContractAddress', 'Value_IN(ETH)', 'Value_OUT(ETH)', 'Status', 'ErrCode', 'Type'])).toBe('internal');
    expect(detectEtherscanCsv(['Txhash', 'Blockno', 'UnixTimestamp', 'DateTime', 'From', 'To', 'TokenValue', 'USDValueDayOfTx', 'ContractAddress', 'TokenName', 'TokenSymbol'])).toBe('token');
    expect(detectEtherscanCsv(['Transaction Hash', 'Blockno', 'UnixTimestamp', 'DateTime (UTC)', 'From', 'To', 'Quantity', 'ContractAddress', 'TokenName', 'TokenSymbol'])).toBe('token');
    expect(detectEtherscanCsv(['Txhash', 'UnixTimestamp', 'DateTime', 'From', 'To', 'ContractAddress', 'TokenId', 'TokenName', 'TokenSymbol'])).toBeNull();
    expect(detectEtherscanCsv(['timestamp_utc', 'network', 'txid', 'from', 'to', 'asset', 'amount'])).toBeNull();
  });

  it('reads normal transactions: ETH with 18 decimals, thousands separators, failed kept as failed, zero-value calls skipped', () => {
    const { records, summary } = drain(parseEtherscanCsv(fixture('etherscan-normal-2021.csv')));
    expect(records.map((t) => [t.from, t.to, t.amount, t.asset, t.decimals, t.index, t.type, t.status, t.utc, t.block, t.locator.line])).toEqual([
      [X, V, '1250000000000000000', 'ETH', 18, 'tx', 'native', 'ok', '2024-03-12T20:31:07Z', 19420001, 2],
      [V, B, '1000000000000000000001', 'ETH', 18, 'tx', 'native', 'ok', '2024-03-12T20:41:07Z', 19420050, 3],
      [V, R, '500000000000000000', 'ETH', 18, 'tx', 'native', 'failed', '2024-03-12T20:43:07Z', 19420060, 4],
    ]);
    expect(records[0]!.tx).toBe('0x1a73520895878a898a33c07898176406bc2fe8b94009a804dbbd8c0ee3515ce8');
    expect(summary.skipped).toBe(1);
    expect(summary.notes).toEqual(['line 5: a transaction without value (a contract call) moves nothing: skipped']);
  });

  it('reads internal transactions (new header names); Status 1 / ErrCode is a failure', () => {
    const { records } = drain(parseEtherscanCsv(fixture('etherscan-internal-2024.csv')));
    expect(records.map((t) => [t.from, t.to, t.amount, t.type, t.index, t.status])).toEqual([
      [C, V, '750000000000000000', 'internal', 'call:?amount=750000000000000000', 'ok'],
      [C, V, '100000000000000000', 'internal', 'call:?amount=100000000000000000', 'failed'],
    ]);
  });

  it('reads ERC-20 transfers: "600" USDT → 600000000 from the known token table, unknown tokens skipped and named', () => {
    const { records, summary } = drain(parseEtherscanCsv(fixture('etherscan-erc20-2021.csv')));
    expect(records.map((t) => [t.from, t.to, t.asset, t.symbol, t.decimals, t.amount, t.type, t.index])).toEqual([
      [V, B, 'erc20:eth:0xdAC17F958D2ee523a2206206994597C13D831ec7', 'USDT', 6, '600000000', 'token', 'log:?amount=600000000'],
      [B, X, 'erc20:eth:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48', 'USDC', 6, '1234500000', 'token', 'log:?amount=1234500000'],
    ]);
    expect(summary.notes).toEqual([
      'line 2: decimals of USDT (eth:0xdAC17F958D2ee523a2206206994597C13D831ec7) are not in the export: 6 from the known token table',
      'line 3: decimals of USDC (eth:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48) are not in the export: 6 from the known token table',
      `line 4: token USDT (${C}) has no decimals in the export and is not a known token: skipped (give its decimals to read it)`,
    ]);
    // The investigator can give the fake token's decimals.
    const withDecimals = drain(parseEtherscanCsv(fixture('etherscan-erc20-2021.csv'), { tokenDecimals: { [C]: 18 } })).records;
    expect(withDecimals[2]!.amount).toBe('600000000000000000000');
  });

  it('reads the newer token export with Quantity and TokenDecimal', () => {
    const { records, summary } = drain(parseEtherscanCsv(fixture('etherscan-erc20-2024.csv')));
    expect(records.map((t) => [t.from, t.to, t.symbol, t.decimals, t.amount])).toEqual([
      [V, R, 'FIX', 9, '1000'],
      [R, X, 'USDT', 6, '50000000'],
    ]);
    expect(summary.notes).toEqual([]);
  });

  it('names the line of a bad row; other explorers are noted', () => {
    const header = '"Transaction Hash","Blockno","UnixTimestamp","DateTime (UTC)","From","To","ContractAddress","Value_IN(BNB)","Value_OUT(BNB)","TxnFee(BNB)","Status","ErrCode","Method"\n';
    const row = (value: string, to = '0xb8979ecdd0e063904fba07c101bc172ab8527c69') => `"0x1a73520895878a898a33c07898176406bc2fe8b94009a804dbbd8c0ee3515ce8","1","1710275467","2024-03-12 20:31:07","0x04da81b17ca4dc8bc77e4ec114f7a438f82ceff3","${to}","","${value}","0","0.0001","","",""\n`;
    const bsc = drain(parseEtherscanCsv(text(header + row('2.5'))));
    expect(bsc.records[0]).toMatchObject({ chain: 'eth', asset: 'BNB', symbol: 'BNB', amount: '2500000000000000000' });
    expect(bsc.summary.notes[0]).toMatch(/^line 1: values are BNB, an EVM chain other than Ethereum/);
    expect(() => drain(parseEtherscanCsv(text(header + row('1') + row('1.5E+21'))))).toThrow(/^line 3: amount "1.5E\+21" is in scientific notation/);
    expect(() => drain(parseEtherscanCsv(text(header + row('1') + row('1', '0xB8979ecdd0e063904fba07c101bc172ab8527c69'))))).toThrow(/^line 3: To "0xB8979ecdd0e063904fba07c101bc172ab8527c69" is not a valid Ethereum address/);
    expect(() => drain(parseEtherscanCsv(text('Date,From,To,Amount\n')))).toThrow(/^line 1: not an Etherscan export header/);
  });
});

describe('TronGrid and Tronscan JSON', () => {
  it('reads TronGrid TRC-20 transfers with JSON pointers; approvals skipped', () => {
    const { records, summary } = drain(parseTronJson(fixture('trongrid-trc20.json')));
    expect(records.map((t) => [t.from, t.to, t.asset, t.amount, t.decimals, t.utc, t.status, t.locator.messageId])).toEqual([
      [tV, tB, USDT_TRON, '600000000', 6, '2024-03-12T20:31:07Z', 'ok', '/data/0'],
      [tB, tX, USDT_TRON, '580500000', 6, '2024-03-12T22:31:07Z', 'ok', '/data/2'],
    ]);
    expect(summary.notes).toEqual(['/data/1: a Approval event moves no tokens: skipped']);
  });

  it('reads TronGrid account transactions: hex addresses, failed calls, internal TRX', () => {
    const { records } = drain(parseTronJson(fixture('trongrid-transactions.json')));
    expect(records.map((t) => [t.from, t.to, t.asset, t.amount, t.type, t.index, t.status, t.block])).toEqual([
      [tX, tV, 'TRX', '25000000', 'native', 'tx', 'ok', 60000123],
      [tV, 'tron:TVcrxfJBr7twL5pb5s9hfuQpBpH7yS4xc2', 'TRX', '5000000', 'native', 'tx', 'failed', 60000200],
      ['tron:TVcrxfJBr7twL5pb5s9hfuQpBpH7yS4xc2', tV, 'TRX', '1500000', 'internal', 'call:c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0', 'ok', null],
    ]);
  });

  it('reads Tronscan TRC-20 transfers (reverted → failed, missing decimals from the known table) and TRX transfers', () => {
    const trc20 = drain(parseTronJson(fixture('tronscan-trc20.json')));
    expect(trc20.records.map((t) => [t.amount, t.status, t.decimals, t.locator.messageId])).toEqual([
      ['600000000', 'ok', 6, '/token_transfers/0'],
      ['100000000', 'failed', 6, '/token_transfers/1'],
    ]);
    expect(trc20.summary.notes).toEqual(['/token_transfers/1: decimals of USDT (tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t) are not in the response: 6 from the known token table']);
    const trx = drain(parseTronJson(fixture('tronscan-transfers.json')));
    expect(trx.records.map((t) => [t.from, t.to, t.asset, t.amount])).toEqual([[tX, tV, 'TRX', '25000000']]);
    expect(trx.summary.skipped).toBe(1);
  });

  it('names the pointer of a bad element', () => {
    const bad = '{"data":[{"transaction_id":"1a73520895878a898a33c07898176406bc2fe8b94009a804dbbd8c0ee3515ce8","token_info":{"symbol":"USDT","address":"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t","decimals":6},"block_timestamp":1710275467000,"from":"TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oF","to":"TSoEy7xsSEGyCCjX39dCLanaeu72yyL1oQ","type":"Transfer","value":"1"}]}';
    expect(() => drain(parseTronJson(text(bad)))).toThrow(/^\/data\/0: from "TAQsTw1gukJNrrwPXa8DDsHzDX3qD9U1oF" is not a valid TRON address/);
  });
});
