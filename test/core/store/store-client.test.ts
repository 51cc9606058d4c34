import { describe, expect, it } from 'vitest';
import { StoreClient } from '../../../electron/core/store/store-client';
import { NitkaError } from '../../../shared/result';

describe('StoreClient', () => {
  it('turns worker-side errors back into NitkaErrors with their kind', async () => {
    const client = StoreClient.start();
    await expect(client.call('listSources')).rejects.toMatchObject({ kind: 'no_case_open' });
    await client.stop();
  });

  it('fails calls in flight when the worker dies instead of hanging', async () => {
    const client = StoreClient.start();
    expect(await client.call('info')).toBeNull();
    const worker = (client as unknown as { worker: { terminate(): Promise<number> } }).worker;
    const pending = client.call('info');
    await worker.terminate();
    await expect(pending).rejects.toBeInstanceOf(NitkaError);
    await expect(client.call('info')).rejects.toMatchObject({ kind: 'internal' });
  });
});
