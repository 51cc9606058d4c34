import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memorySource, type ChunkSource } from '../../../../workers/parsers/lines';

export const fixturePath = (...p: string[]) => fileURLToPath(new URL(`../../../fixtures/${p.join('/')}`, import.meta.url));
export const fixture = (name: string): ChunkSource => memorySource(new Uint8Array(fs.readFileSync(fixturePath('transfers', name))));
export const text = (s: string): ChunkSource => memorySource(new TextEncoder().encode(s));
export const head = (...p: string[]) => new Uint8Array(fs.readFileSync(fixturePath(...p))).subarray(0, 4096);

/** Records and the generator's return value. */
export function drain<T, R>(gen: Generator<T, R>): { records: T[]; summary: R } {
  const records: T[] = [];
  for (;;) {
    const step = gen.next();
    if (step.done) return { records, summary: step.value };
    records.push(step.value);
  }
}
