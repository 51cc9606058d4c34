import { Worker } from 'node:worker_threads';
import { wrap, releaseProxy, type Remote } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { NitkaError, type Result } from '../../../shared/result';
import type { StoreWorkerApi } from './store-worker-api';

/** How to start the database worker: a bundled .js entry, or a .ts entry booted through tsx. */
export type WorkerEntry = { js: URL } | { ts: URL };

/** The entry next to this module: the .ts source in development, the bundled .js in the app. */
export function defaultWorkerEntry(): WorkerEntry {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? { ts: new URL('./store.worker.ts', here) }
    : { js: new URL('./store.worker.js', here) };
}

type Promisified<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never };

/** The host side of the database worker: every call is a message, so no host blocks on SQL. */
export class StoreClient {
  private readonly remote: Remote<StoreWorkerApi>;
  private exited: Error | null = null;
  /** Rejects when the worker dies, so calls in flight fail instead of waiting forever. */
  private readonly death: Promise<never>;

  private constructor(private readonly worker: Worker) {
    this.remote = wrap<StoreWorkerApi>(nodeEndpoint(worker));
    this.death = new Promise<never>((_resolve, reject) => {
      worker.on('error', (e) => {
        this.exited ??= e;
        reject(new NitkaError('internal', `the database worker failed: ${e.message}`));
      });
      worker.on('exit', (code) => {
        this.exited ??= new Error(`database worker exited with code ${code}`);
        reject(new NitkaError('internal', `the database worker stopped (exit code ${code})`));
      });
    });
    this.death.catch(() => undefined);
  }

  static start(entry: WorkerEntry = defaultWorkerEntry()): StoreClient {
    const worker =
      'js' in entry
        ? new Worker(entry.js)
        : new Worker(new URL('./ts-worker-boot.mjs', import.meta.url), { workerData: { tsEntry: entry.ts.href } });
    // The worker must not keep a CLI process alive on its own; pending calls still hold it.
    return new StoreClient(worker);
  }

  /** Calls one worker method and unwraps its Result, restoring the NitkaError kind. */
  async call<K extends keyof StoreWorkerApi>(method: K, ...args: Parameters<StoreWorkerApi[K]>): Promise<Awaited<ReturnType<StoreWorkerApi[K]>> extends Result<infer T> ? T : never> {
    if (this.exited) throw new NitkaError('internal', `the database worker stopped: ${this.exited.message}`);
    const fn = (this.remote as unknown as Promisified<StoreWorkerApi>)[method] as (...a: unknown[]) => Promise<Result<unknown>>;
    const result = await Promise.race([fn(...args), this.death]);
    if (!result.ok) throw new NitkaError(result.error.kind, result.error.message, result.error.details);
    return result.value as never;
  }

  async stop(): Promise<void> {
    try {
      if (!this.exited) await this.call('close');
    } finally {
      this.remote[releaseProxy]();
      await this.worker.terminate();
    }
  }
}
