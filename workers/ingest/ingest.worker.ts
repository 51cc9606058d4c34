// worker_threads entry of the ingest engine (see ingest.api.ts).
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createIngestWorkerApi } from './ingest.api';

if (!parentPort) throw new Error('ingest.worker must run in a worker thread');
expose(createIngestWorkerApi(), nodeEndpoint(parentPort));
