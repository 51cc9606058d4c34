import type { CaseApi } from '../../../shared/api/contract';
import { caseApiFromTransport } from '../../../shared/api/dispatch';
import { decodeWire, encodeWire } from '../../../shared/api/wire';
import { err, isErrorValue, type Result } from '../../../shared/result';

/**
 * The CaseApi over the loopback host's HTTP transport. Used by the renderer when it runs in a
 * browser (no preload bridge) and by the contract tests.
 */
export function createHttpCaseApi(origin: string, token: string, fetchImpl: typeof fetch = fetch): CaseApi {
  return caseApiFromTransport(async (method, input): Promise<Result<unknown>> => {
    const res = await fetchImpl(`${origin}/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: input === undefined ? '' : encodeWire(input),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = decodeWire(text);
    } catch {
      return err('internal', `the Nitka host answered ${res.status} with something that is not JSON`);
    }
    if (typeof body === 'object' && body !== null && 'ok' in body) {
      const r = body as { ok: unknown; value?: unknown; error?: unknown };
      if (r.ok === true) return { ok: true, value: r.value };
      if (r.ok === false && isErrorValue(r.error)) return { ok: false, error: r.error };
    }
    return err('internal', `the Nitka host answered ${res.status} with an unexpected body`);
  });
}
