import type { z } from 'zod';
import { caseApiContract, type CaseApi, type CaseService } from './contract';
import { caseApiMethods, isCaseApiMethod } from './methods';
import { err, ok, toErrorValue, type Result } from '../result';

/** Formats zod issues as one readable line naming each offending field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

/**
 * The single entry point every host uses: validates the untrusted input against the contract,
 * calls the service and turns whatever it throws into an error value.
 */
export async function dispatch(service: CaseService, method: string, input: unknown): Promise<Result<unknown>> {
  if (!isCaseApiMethod(method)) return err('bad_input', `unknown method '${method}'`);
  const parsed = caseApiContract[method].input.safeParse(input);
  if (!parsed.success) {
    return err('bad_input', `invalid input for ${method}: ${describeIssues(parsed.error)}`);
  }
  try {
    const fn = service[method] as (input: unknown) => Promise<unknown>;
    return ok(await fn.call(service, parsed.data));
  } catch (e) {
    const value = toErrorValue(e);
    return { ok: false, error: value };
  }
}

/** Builds a CaseApi from any transport that can carry (method, input) and bring back a Result. */
export function caseApiFromTransport(send: (method: string, input: unknown) => Promise<Result<unknown>>): CaseApi {
  const api: Record<string, (input?: unknown) => Promise<Result<unknown>>> = {};
  for (const method of caseApiMethods) {
    api[method] = async (input?: unknown) => {
      try {
        return await send(method, input);
      } catch (e) {
        return { ok: false, error: toErrorValue(e) };
      }
    };
  }
  return api as unknown as CaseApi;
}
