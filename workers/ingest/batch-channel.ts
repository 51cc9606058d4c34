/**
 * A bounded, blocking stream of ingest items between two worker threads.
 *
 * The database worker writes one source in one synchronous SQLite transaction (better-sqlite3
 * transactions cannot await), yet the records come from another thread. comlink and plain
 * `postMessage` only deliver asynchronously, so the consumer takes messages with
 * `receiveMessageOnPort` and sleeps on a SharedArrayBuffer with `Atomics.wait` until the producer
 * posts (the pattern synckit uses; no library offers it as a stream with back-pressure, so it is
 * written here). The producer sleeps too when the consumer is `MAX_IN_FLIGHT` items behind,
 * which bounds memory whatever the size of the export.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { NitkaError, type NitkaErrorValue } from '../../shared/result';

const PRODUCED = 0;
const CONSUMED = 1;
/** set by either side when it gives up; the other stops waiting */
const CLOSED = 2;
const MAX_IN_FLIGHT = 4;

export function createChannelState(): SharedArrayBuffer {
  return new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
}

/** Marks the channel closed (a worker died, or the consumer no longer wants items). */
export function closeChannel(state: SharedArrayBuffer): void {
  const s = new Int32Array(state);
  Atomics.store(s, CLOSED, 1);
  Atomics.notify(s, PRODUCED);
  Atomics.notify(s, CONSUMED);
}

export class BatchSender {
  private readonly s: Int32Array;
  constructor(
    private readonly port: MessagePort,
    state: SharedArrayBuffer,
  ) {
    this.s = new Int32Array(state);
  }

  /** Posts one item, first waiting while the consumer is far behind; false once it is closed. */
  send(item: unknown): boolean {
    for (;;) {
      if (Atomics.load(this.s, CLOSED)) return false;
      const consumed = Atomics.load(this.s, CONSUMED);
      if (Atomics.load(this.s, PRODUCED) - consumed < MAX_IN_FLIGHT) break;
      Atomics.wait(this.s, CONSUMED, consumed, 1000);
    }
    this.port.postMessage(item);
    Atomics.add(this.s, PRODUCED, 1);
    Atomics.notify(this.s, PRODUCED);
    return true;
  }
}

interface Terminal {
  type: string;
  error?: NitkaErrorValue;
}

/**
 * The items as a synchronous iterable for the consumer. An `error` item is thrown as its
 * NitkaError; the stream ends after the item whose type is `end`. `stallMs` guards against a
 * producer that vanished without a word.
 */
export function* receiveItems<T extends Terminal>(port: MessagePort, state: SharedArrayBuffer, stallMs = 10 * 60_000): Generator<T> {
  const s = new Int32Array(state);
  let lastItem = Date.now();
  for (;;) {
    // Read the counter before looking, so a post between the look and the wait wakes us.
    const produced = Atomics.load(s, PRODUCED);
    const got = receiveMessageOnPort(port);
    if (got) {
      Atomics.add(s, CONSUMED, 1);
      Atomics.notify(s, CONSUMED);
      lastItem = Date.now();
      const item = got.message as T;
      if (item.type === 'error' && item.error) throw new NitkaError(item.error.kind, item.error.message, item.error.details);
      yield item;
      if (item.type === 'end') return;
      continue;
    }
    if (Atomics.load(s, CLOSED)) throw new NitkaError('internal', 'the ingest worker stopped before it finished the file');
    if (Date.now() - lastItem > stallMs) throw new NitkaError('internal', `the ingest worker sent nothing for ${Math.round(stallMs / 1000)} s`);
    Atomics.wait(s, PRODUCED, produced, 100);
  }
}
