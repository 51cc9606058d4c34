import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeCaseService, inProcessCaseApi } from '../../electron/core/case-service';
import { makeTempDir } from '../helpers/tmp';

describe('the database runs in a worker thread', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  it('keeps the host event loop turning during a large ingest', async () => {
    const service = new NodeCaseService({ host: 'in-process', actor: 't@lab' });
    const api = inProcessCaseApi(service);
    try {
      const created = await api.createCase({ path: path.join(dir, 'c.nitka'), passphrase: 'p' });
      expect(created.ok).toBe(true);
      const big = path.join(dir, 'big.bin');
      fs.writeFileSync(big, randomBytes(48 * 1024 * 1024));
      let turns = 0;
      let done = false;
      const ingest = api.ingestFile({ path: big }).finally(() => (done = true));
      // With SQL on this thread, better-sqlite3's synchronous calls would hold the loop for the
      // whole ingest and this would count a handful of turns at most.
      while (!done) {
        await new Promise<void>((r) => setImmediate(r));
        turns += 1;
      }
      const r = await ingest;
      expect(r.ok).toBe(true);
      expect(turns).toBeGreaterThan(100);
    } finally {
      await service.closeCase();
    }
  });
});
