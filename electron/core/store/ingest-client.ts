import { MessageChannel, Worker } from 'node:worker_threads';
import { releaseProxy, transfer, wrap } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { closeChannel, createChannelState, receiveItems } from '../../../workers/ingest/batch-channel';
import type { IngestItem, IngestWorkerApi, ParseSpec, SourceInput } from '../../../workers/ingest/ingest.api';
import { fromWire, type WireItem } from '../../../workers/ingest/wire';

/** A running parse of one source in the ingest worker, read synchronously by the writer. */
export interface ParseStream {
  items: Iterable<IngestItem>;
  stop(): Promise<void>;
}

function spawnIngestWorker(): Worker {
  const here = import.meta.url;
  // Development (tsx, vitest) runs the .ts entry through the tsx boot file; the app runs the
  // bundle esbuild writes beside store.worker.js.
  return here.endsWith('.ts')
    ? new Worker(new URL('./ts-worker-boot.mjs', here), { workerData: { tsEntry: new URL('../../../workers/ingest/ingest.worker.ts', here).href } })
    : new Worker(new URL('./ingest.worker.js', here));
}

/**
 * Starts parsing `input` in a fresh ingest worker (one per source, so a crash or a runaway
 * parser never outlives its ingest) and returns the items as a blocking iterable.
 */
export async function startParse(spec: ParseSpec, input: SourceInput): Promise<ParseStream> {
  const worker = spawnIngestWorker();
  const state = createChannelState();
  const { port1, port2 } = new MessageChannel();
  // The writer blocks in Atomics.wait and cannot see events; the flag tells it the worker died.
  worker.on('error', () => closeChannel(state));
  worker.on('exit', () => closeChannel(state));
  const remote = wrap<IngestWorkerApi>(nodeEndpoint(worker));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    closeChannel(state);
    remote[releaseProxy]();
    port1.close();
    await worker.terminate();
  };
  try {
    await remote.start(spec, input, transfer(port2, [port2]), state);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    items: (function* () {
      for (const item of receiveItems<WireItem>(port1, state)) yield fromWire(item);
    })(),
    stop,
  };
}
