import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreClient } from '../../../electron/core/store/store-client';
import { NitkaError } from '../../../shared/result';
import { makeTempDir } from '../../helpers/tmp';

describe('StoreClient', () => {
  it('turns worker-side errors back into NitkaErrors with their kind', async () => {
    const client = StoreClient.start();
    await expect(client.call('listSources')).rejects.toMatchObject({ kind: 'no_case_open' });
    await client.stop();
  });

  it('fails calls in flight when the worker dies instead of hanging', async () => {
    const { dir, cleanup } = makeTempDir();
    try {
      const client = StoreClient.start();
      await client.call('create', path.join(dir, 'c.nitka'), 'pw', 't@lab', {});
      const big = path.join(dir, 'big.bin');
      fs.writeFileSync(big, randomBytes(32 * 1024 * 1024));
      // Hashing and storing 32 MiB takes far longer than the 20 ms before the worker is killed.
      const pending = client.call('ingestFile', big, {}, 't@lab');
      await new Promise((r) => setTimeout(r, 20));
      await (client as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      await expect(pending).rejects.toBeInstanceOf(NitkaError);
      await expect(client.call('info')).rejects.toMatchObject({ kind: 'internal' });
    } finally {
      cleanup();
    }
  });
});
