import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startParse } from '../../../electron/core/store/ingest-client';
import { NitkaError } from '../../../shared/result';
import type { IngestItem } from '../../../workers/ingest/ingest.api';

const utf8 = (s: string) => new TextEncoder().encode(s);
const spec = { timezone: 'Europe/Belgrade', region: 'RS' };

describe('the ingest worker, read synchronously by the writer', () => {
  it('streams the plan, enriched records and a closing hash of what it read', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `1${i % 9}/03/2024, 21:${String(i % 60).padStart(2, '0')} - Marko: poruka ${i} javi se na +381 64 123 4567`).join('\n');
    const bytes = utf8(lines);
    const stream = await startParse({ fileName: 'WhatsApp Chat with Marko.txt', ...spec }, { bytes });
    const items: IngestItem[] = [];
    try {
      for (const item of stream.items) items.push(item);
    } finally {
      await stream.stop();
    }
    expect(items[0]).toEqual({ type: 'plan', format: 'whatsapp-txt', dateOrder: 'dmy', mapping: null });
    const records = items.flatMap((i) => (i.type === 'records' ? i.records : []));
    expect(records.filter((r) => r.record.kind === 'message')).toHaveLength(5000);
    expect(items.filter((i) => i.type === 'records').length).toBeGreaterThan(1);
    expect(records[1]!.occurrences.map((o) => o.value)).toEqual(['+381641234567']);
    expect(items.at(-1)).toEqual({ type: 'end', sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
  });

  it('turns bad input in the worker into a NitkaError naming the file', async () => {
    const again = await startParse({ fileName: 'result.json', format: 'telegram', ...spec }, { bytes: utf8('{"messages": [ broken') });
    try {
      let error: unknown;
      try {
        for (const _ of again.items) void _;
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NitkaError);
      expect((error as NitkaError).kind).toBe('bad_input');
      expect((error as NitkaError).message).toMatch(/^result\.json: not valid JSON near byte \d+/);
    } finally {
      await again.stop();
    }
  });

  it('stops a parse nobody reads (a duplicate source) without hanging', async () => {
    const big = utf8(Array.from({ length: 200_000 }, (_, i) => `14/03/2024, 21:15 - A: ${i}`).join('\n'));
    const stream = await startParse({ fileName: 'WhatsApp Chat with A.txt', ...spec }, { bytes: big });
    const it = stream.items[Symbol.iterator]();
    expect(it.next().value).toMatchObject({ type: 'plan' });
    await stream.stop();
  });
});
