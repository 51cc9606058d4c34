import { describe, expect, it } from 'vitest';
import { parseRpcEndpoint } from '../../../workers/chain/rpc-endpoint';

describe('parseRpcEndpoint', () => {
  it('keeps only host[:port] and moves userinfo into credentials', () => {
    const e = parseRpcEndpoint('https://alice:p%40ss@node.example:8545/rpc');
    expect(e.host).toBe('node.example:8545');
    expect(e.requestUrl).toBe('https://node.example:8545/rpc');
    expect(e.credentials).toEqual({ username: 'alice', password: 'p@ss' });
    expect(e.loopback).toBe(false);
  });

  it('scrubs API keys in the path and the query from any text that quotes them', () => {
    const url = 'https://mainnet.infura.example/v3/0123456789abcdef?apikey=SECRETQ&x=1';
    const e = parseRpcEndpoint(url);
    expect(e.credentials).toBeNull();
    expect(e.redact(`request to ${url} failed`)).toBe('request to https://mainnet.infura.example failed');
    expect(e.redact('bad key 0123456789abcdef; apikey=SECRETQ')).toBe('bad key ***; apikey=***');
  });

  it('allows Basic credentials over plain http only to this machine', () => {
    expect(parseRpcEndpoint('http://u:p@127.0.0.1:8545').loopback).toBe(true);
    expect(parseRpcEndpoint('http://u:p@localhost:8545').loopback).toBe(true);
    expect(parseRpcEndpoint('http://u:p@10.0.0.5:8545').loopback).toBe(false);
  });

  it('refuses what is not http(s), without echoing the URL', () => {
    expect(() => parseRpcEndpoint('ws://node.example/KEY')).toThrow(/http:\/\/ or https:\/\//);
    expect(() => parseRpcEndpoint('not a url KEY')).toThrow(/not a valid URL/);
    const error = (() => {
      try {
        parseRpcEndpoint('ftp://u:topsecret@node.example/KEY');
        return null;
      } catch (e) {
        return String(e);
      }
    })();
    expect(error).toMatch(/node\.example must start with http/);
    expect(error).not.toContain('topsecret');
  });
});
