/**
 * Errors cross every boundary (worker, IPC, HTTP) as values, never as thrown strings.
 * `kind` is a small closed set that the UI translates and the CLI maps to exit codes.
 */
export const errorKinds = [
  'bad_input',
  'not_found',
  'exists',
  'wrong_passphrase',
  'not_a_case',
  'newer_version',
  'no_case_open',
  'unauthorized',
  'io',
  'internal',
  'cancelled',
] as const;

export type ErrorKind = (typeof errorKinds)[number];

export interface NitkaErrorValue {
  kind: ErrorKind;
  message: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: NitkaErrorValue };

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps an error as a failed result. */
export function err<T = never>(kind: ErrorKind, message: string, details?: Record<string, unknown>): Result<T> {
  return { ok: false, error: details === undefined ? { kind, message } : { kind, message, details } };
}

/** An error with a kind; thrown inside one layer, converted to a value at its boundary. */
export class NitkaError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'NitkaError';
  }

  toValue(): NitkaErrorValue {
    return this.details === undefined
      ? { kind: this.kind, message: this.message }
      : { kind: this.kind, message: this.message, details: this.details };
  }
}

/** Converts anything thrown into an error value; unknown errors become `internal`. */
export function toErrorValue(e: unknown): NitkaErrorValue {
  if (e instanceof NitkaError) return e.toValue();
  if (isErrorValue(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return { kind: 'internal', message };
}

/** Narrows an unknown value to a NitkaErrorValue (used after structured cloning loses the class). */
export function isErrorValue(v: unknown): v is NitkaErrorValue {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { kind?: unknown }).kind === 'string' &&
    (errorKinds as readonly string[]).includes((v as { kind: string }).kind) &&
    typeof (v as { message?: unknown }).message === 'string'
  );
}

/** Returns the value of a result or throws its error as a NitkaError. */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new NitkaError(r.error.kind, r.error.message, r.error.details);
}
