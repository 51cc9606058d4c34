// Worker-thread entry of the database engine: the same api object tests call in-process.
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createStoreWorkerApi } from './store-worker-api';

if (!parentPort) throw new Error('store.worker must run in a worker thread');
expose(createStoreWorkerApi(), nodeEndpoint(parentPort));
