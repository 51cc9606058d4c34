import { wrap, type Remote } from 'comlink';
import type { LayoutApi } from '../../../workers/layout/layout.api';

let remote: Remote<LayoutApi> | null = null;

/**
 * The layout engine in its Web Worker (one per window, started on first use): fcose and the
 * metrics take seconds on large graphs and must not freeze the UI. Vite bundles the worker as an
 * ES module chunk of our own origin, which the CSP's worker-src 'self' allows.
 */
export function layoutWorker(): Remote<LayoutApi> {
  if (!remote) {
    const worker = new Worker(new URL('../../../workers/layout/layout.worker.ts', import.meta.url), { type: 'module', name: 'nitka-layout' });
    remote = wrap<LayoutApi>(worker);
  }
  return remote;
}
