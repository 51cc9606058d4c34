// Development entry for TypeScript worker threads (CLI via tsx, vitest): Node 20 refuses a .ts
// worker entry before --import hooks apply, so register tsx here and import the real entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.tsEntry);
