import { NitkaError } from '../../../shared/result';

/**
 * A request to stop one ingest, in shared memory. The store thread is busy for the whole ingest
 * — hashing, storing chunks and writing records synchronously, or blocked in Atomics.wait for
 * the parser's next batch — so a message to it would only be read after the ingest ended. The
 * host sets the flag; the store reads it between chunks and batches and throws, and the source's
 * one transaction rolls back as for any other error.
 */
export type CancelFlag = Int32Array;

/** A fresh flag, not set; it crosses to the store worker by postMessage and stays shared. */
export function createCancelFlag(): CancelFlag {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Asks the ingest that holds this flag to stop. */
export function requestCancel(flag: CancelFlag): void {
  Atomics.store(flag, 0, 1);
}

export function isCancelled(flag: CancelFlag | undefined): boolean {
  return flag !== undefined && Atomics.load(flag, 0) === 1;
}

/** The error a cancelled ingest rejects with; the UI tells it apart from a failure by its kind. */
export function ingestCancelled(fileName: string): NitkaError {
  return new NitkaError('cancelled', `${fileName}: ingest cancelled; nothing was added`, { file: fileName });
}

export function throwIfCancelled(flag: CancelFlag | undefined, fileName: string): void {
  if (isCancelled(flag)) throw ingestCancelled(fileName);
}

/** The parsed items, checking the flag before each batch is written. */
export function* untilCancelled<T>(items: Iterable<T>, flag: CancelFlag | undefined, fileName: string): Generator<T> {
  for (const item of items) {
    throwIfCancelled(flag, fileName);
    yield item;
  }
}
