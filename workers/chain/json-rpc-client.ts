/**
 * Raw JSON-RPC over ethers' FetchRequest rather than a JsonRpcProvider: the provider's own batching
 * coalesces calls behind our back, its polling and network checks send requests we did not ask
 * for, and it has no hook where a cached response can stand in for a request. Here every call is
 * one cache lookup, and on a miss one logged request (several misses share one HTTP batch).
 * FetchRequest still gives what is worth keeping from ethers: Node and browser transports,
 * 429 back-off, timeouts, cancellation, and Basic credentials kept out of the URL.
 */
import { FetchRequest } from 'ethers';
import { canonicalJson } from '../../shared/canonical-json';
import type { RpcEndpoint } from './rpc-endpoint';

/**
 * Every call sent to the node, for the audit log; `ms` is the round trip of the HTTP request that
 * carried it (shared by the calls of one batch). Cache hits are not requests and are not logged.
 */
export interface RpcLog {
  (entry: { method: string; params: unknown; ms: number; ok: boolean; error?: string }): void;
}

/** Responses by request, persisted by the store: a re-run resumes from it and reproduces the same records. */
export interface RpcCache {
  get(key: string): string | undefined;
  put(key: string, response: string): void;
}

export interface RpcErrorBody {
  code: number;
  message: string;
}

export type RpcOutcome = { ok: true; result: unknown } | { ok: false; error: RpcErrorBody };

export interface RpcCall {
  method: string;
  params: unknown[];
  /**
   * Whether this error is an answer worth remembering (the node lacks the method, a range is too
   * large): cached like a result so a re-run takes the same path without asking again. Transient
   * errors are never cached.
   */
  cacheError?: (error: RpcErrorBody) => boolean;
  /** a moving answer (the chain head): always asked, never cached */
  fresh?: boolean;
}

/** The cache key of a call: canonical JSON of method and params (the endpoint is the store's concern). */
export function rpcCacheKey(method: string, params: unknown[]): string {
  return canonicalJson({ method, params });
}

/** A transport failure or a malformed answer: the fetch cannot go on (unlike a JSON-RPC error, which is an answer). */
export class RpcTransportError extends Error {
  override readonly name = 'RpcTransportError';
}

const TRANSPORT_ERROR = -32099;

function isErrorBody(value: unknown): value is RpcErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number' && typeof (value as { message?: unknown }).message === 'string';
}

function parseCached(text: string): RpcOutcome | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return null;
    if ('result' in v) return { ok: true, result: (v as { result: unknown }).result };
    const error = (v as { error?: unknown }).error;
    return isErrorBody(error) ? { ok: false, error: { code: error.code, message: error.message } } : null;
  } catch {
    return null;
  }
}

export interface JsonRpcClientOptions {
  endpoint: RpcEndpoint;
  onRequest: RpcLog;
  cache: RpcCache;
  signal?: AbortSignal;
  /** calls per HTTP request; hosted nodes commonly cap batches at 10–100 */
  maxBatch?: number;
  timeoutMs?: number;
}

export class JsonRpcClient {
  private nextId = 1;
  /** cleared when the node answers a batch with something else than an array */
  private batching = true;
  private readonly maxBatch: number;

  constructor(private readonly options: JsonRpcClientOptions) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 25);
  }

  async call(call: RpcCall): Promise<RpcOutcome> {
    const [outcome] = await this.callMany([call]);
    return outcome!;
  }

  /** The outcomes in the order of the calls; cache hits are answered without a request. */
  async callMany(calls: readonly RpcCall[]): Promise<RpcOutcome[]> {
    const outcomes: (RpcOutcome | undefined)[] = new Array<RpcOutcome | undefined>(calls.length);
    const misses: number[] = [];
    for (const [i, c] of calls.entries()) {
      const cached = c.fresh ? undefined : this.options.cache.get(rpcCacheKey(c.method, c.params));
      const parsed = cached === undefined ? null : parseCached(cached);
      if (parsed) outcomes[i] = parsed;
      else misses.push(i);
    }
    for (let start = 0; start < misses.length; ) {
      const group = misses.slice(start, start + (this.batching ? this.maxBatch : 1));
      start += group.length;
      const answers = await this.send(group.map((i) => calls[i]!));
      for (const [k, i] of group.entries()) {
        const outcome = answers[k]!;
        const c = calls[i]!;
        outcomes[i] = outcome;
        if (c.fresh) continue;
        // null is "not there yet" (a block past the head, a pending receipt): worth asking again later.
        if (outcome.ok && outcome.result !== null) this.options.cache.put(rpcCacheKey(c.method, c.params), JSON.stringify({ result: outcome.result }));
        else if (!outcome.ok && c.cacheError?.(outcome.error)) this.options.cache.put(rpcCacheKey(c.method, c.params), JSON.stringify({ error: outcome.error }));
      }
    }
    return outcomes.map((o) => o!);
  }

  private async send(calls: readonly RpcCall[]): Promise<RpcOutcome[]> {
    const { endpoint, onRequest } = this.options;
    this.options.signal?.throwIfAborted();
    const ids = calls.map(() => this.nextId++);
    const bodies = calls.map((c, k) => ({ jsonrpc: '2.0', id: ids[k], method: c.method, params: c.params }));
    const asBatch = calls.length > 1;
    const started = performance.now();
    const logAll = (outcomes: RpcOutcome[]) => {
      const ms = Math.round(performance.now() - started);
      for (const [k, c] of calls.entries()) {
        const o = outcomes[k]!;
        onRequest(o.ok ? { method: c.method, params: c.params, ms, ok: true } : { method: c.method, params: c.params, ms, ok: false, error: o.error.code === TRANSPORT_ERROR ? o.error.message : `${o.error.code}: ${o.error.message}` });
      }
    };
    let text: string;
    try {
      text = await this.post(JSON.stringify(asBatch ? bodies : bodies[0]));
    } catch (e) {
      const message = endpoint.redact(e instanceof Error ? e.message : String(e));
      logAll(calls.map(() => ({ ok: false, error: { code: TRANSPORT_ERROR, message } })));
      if (this.options.signal?.aborted) throw this.options.signal.reason;
      throw new RpcTransportError(`the node at ${endpoint.host} did not answer: ${message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      const message = `not a JSON answer: ${endpoint.redact(text.slice(0, 200))}`;
      logAll(calls.map(() => ({ ok: false, error: { code: TRANSPORT_ERROR, message } })));
      throw new RpcTransportError(`the node at ${endpoint.host} sent ${message}`);
    }
    if (asBatch && !Array.isArray(parsed)) {
      // Some hosted nodes refuse batches with a single error object: go on one call at a time.
      this.batching = false;
      const out: RpcOutcome[] = [];
      for (const c of calls) out.push(...(await this.send([c])));
      return out;
    }
    const answers = (asBatch ? (parsed as unknown[]) : [parsed]).filter((a): a is { id: unknown } => typeof a === 'object' && a !== null);
    const byId = new Map(answers.map((a) => [a.id, a as { id: unknown; result?: unknown; error?: unknown }]));
    const outcomes = ids.map((id): RpcOutcome => {
      const a = byId.get(id);
      if (!a) return { ok: false, error: { code: TRANSPORT_ERROR, message: 'no answer to this call in the batch' } };
      // Redacted here once, so neither the cache nor an error thrown further up can carry a key the node echoed.
      if (a.error !== undefined) return { ok: false, error: isErrorBody(a.error) ? { code: a.error.code, message: endpoint.redact(a.error.message) } : { code: TRANSPORT_ERROR, message: 'malformed error' } };
      return { ok: true, result: a.result === undefined ? null : a.result };
    });
    logAll(outcomes);
    const lost = outcomes.find((o) => !o.ok && o.error.code === TRANSPORT_ERROR);
    if (lost && !lost.ok) throw new RpcTransportError(`the node at ${endpoint.host}: ${lost.error.message}`);
    return outcomes;
  }

  private async post(body: string): Promise<string> {
    const { endpoint, signal } = this.options;
    const request = new FetchRequest(endpoint.requestUrl);
    request.method = 'POST';
    request.body = body;
    request.setHeader('content-type', 'application/json');
    request.timeout = this.options.timeoutMs ?? 120_000;
    if (endpoint.credentials) {
      // ethers refuses Basic credentials over plain http; to this machine nothing is exposed.
      request.setCredentials(endpoint.credentials.username, endpoint.credentials.password);
      request.allowInsecureAuthentication = endpoint.loopback;
    }
    const onAbort = () => request.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await request.send();
      if (response.statusCode < 200 || response.statusCode >= 300) {
        // A JSON-RPC error may come with a 4xx/5xx status; its body is still the answer.
        if (response.hasBody() && /^\s*[[{]/.test(response.bodyText)) return response.bodyText;
        throw new Error(`HTTP ${response.statusCode} ${response.statusMessage}`);
      }
      return response.bodyText;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
