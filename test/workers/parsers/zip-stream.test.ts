import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../../../workers/parsers/lines';
import { entryChunks, zipChunks } from '../../../workers/parsers/zip-stream';

describe('zip entries as a stream', () => {
  const big = strToU8('14/03/2024, 21:15 - Marko: poruka\n'.repeat(20_000));
  const zip = zipSync({ 'IMG-1.jpg': new Uint8Array([0xff, 0xd8, 1, 2]), '_chat.txt': big, 'media/': new Uint8Array(0), 'VID-2.mp4': new Uint8Array(5000).fill(7) });

  it('inflates only the entries asked for, in archive order and in pieces, whatever the read size', () => {
    for (const chunk of [97, 1 << 20]) {
      const pieces = [...zipChunks(memorySource(zip), (n) => n !== '_chat.txt', undefined, chunk)];
      expect([...new Set(pieces.map((p) => p.entry))]).toEqual(['IMG-1.jpg', 'VID-2.mp4']);
      expect(pieces.filter((p) => p.final).map((p) => p.entry)).toEqual(['IMG-1.jpg', 'VID-2.mp4']);
      const chat = [...entryChunks(memorySource(zip), '_chat.txt')];
      expect(Buffer.concat(chat).equals(Buffer.from(big))).toBe(true);
    }
  });

  it('names a corrupt archive', () => {
    const broken = zip.slice();
    broken.fill(0x41, 200, 400);
    expect(() => [...zipChunks(memorySource(broken), () => true)]).toThrow(/corrupt zip/);
  });
});
