import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreClient } from '../../electron/core/store/store-client';
import { makeTempDir } from '../helpers/tmp';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = path.join(root, 'dist', 'electron');

// The packaged app runs these esbuild bundles, not the TypeScript sources: prove they work.
describe('Electron bundles (npm run build:electron)', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    if (!fs.existsSync(path.join(dist, 'store.worker.js')) || !fs.existsSync(path.join(dist, 'ingest.worker.js'))) execFileSync(process.execPath, ['electron/build.mjs'], { cwd: root });
    ({ dir, cleanup } = makeTempDir());
  });
  afterAll(() => cleanup());

  it('emits main, the CommonJS preload and the database worker side by side', () => {
    for (const f of ['main.js', 'preload.cjs', 'store.worker.js', 'ingest.worker.js']) expect(fs.existsSync(path.join(dist, f)), f).toBe(true);
    const preload = fs.readFileSync(path.join(dist, 'preload.cjs'), 'utf8');
    expect(preload).toContain('require("electron")');
    expect(preload).not.toMatch(/zod|better-sqlite3|node:fs/);
    expect(fs.readFileSync(path.join(dist, 'main.js'), 'utf8')).toContain('./store.worker.js');
  });

  it('runs the bundled database worker', async () => {
    const client = StoreClient.start({ js: new URL(`file://${path.join(dist, 'store.worker.js')}`) });
    try {
      const info = await client.call('create', path.join(dir, 'b.nitka'), 'pw', 'bundle@test', {});
      expect(info).toMatchObject({ sourceCount: 0, auditEntries: 1 });
      const added = await client.call('addBytes', 'x.txt', new TextEncoder().encode('bundled'), {}, 'bundle@test');
      expect(added.duplicate).toBe(false);
      // A chat export goes through the bundled ingest worker the database worker starts.
      const chat = await client.call('addBytes', 'WhatsApp Chat with M.txt', new TextEncoder().encode('14/03/2024, 21:15 - Marko: zovi +381 64 123 4567'), {}, 'bundle@test');
      expect(chat.report).toMatchObject({ format: 'whatsapp-txt', messages: 1, identifiers: 1 });
      expect((await client.call('verify', 'bundle@test')).ok).toBe(true);
    } finally {
      await client.stop();
    }
  });
});
