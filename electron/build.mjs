// Bundles the Electron side for the packaged app: main (ESM), the sandboxed preload (CommonJS,
// as sandboxed preloads must be), the database worker and the ingest worker it starts, next to
// each other in dist/electron.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
};
// ESM bundles still meet CommonJS dependencies that call require(); give them one.
const esmBanner = { js: "import { createRequire as __nitkaCreateRequire } from 'node:module'; const require = __nitkaCreateRequire(import.meta.url);" };

await Promise.all([
  build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.js', format: 'esm', banner: esmBanner }),
  build({ ...common, entryPoints: ['electron/core/store/store.worker.ts'], outfile: 'dist/electron/store.worker.js', format: 'esm', banner: esmBanner }),
  build({ ...common, entryPoints: ['workers/ingest/ingest.worker.ts'], outfile: 'dist/electron/ingest.worker.js', format: 'esm', banner: esmBanner }),
  build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' }),
]);
