import { describe, expect, it } from 'vitest';
import { linesFromSource, memorySource } from '../../../workers/parsers/lines';
import { linesOf } from '../../../workers/parsers/whatsapp/whatsapp-text';

describe('linesFromSource', () => {
  it('gives the same lines, numbers and byte offsets as reading whole, whatever the chunk size', () => {
    const text = '\ufeffprva linija\r\nдруга — ćšž 🤓\n\ntreća bez kraja';
    const bytes = new TextEncoder().encode(text);
    const whole = [...linesOf(bytes)].map((l) => ({ ...l, text: l.text.replace(/\r$/, '') }));
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
      const progress: number[] = [];
      expect([...linesFromSource(memorySource(bytes), (n) => progress.push(n), size)], `chunk ${size}`).toEqual(whole);
      expect(progress.at(-1)).toBe(bytes.length);
    }
    expect(whole.map((l) => l.text)).toEqual(['prva linija', 'друга — ćšž 🤓', '', 'treća bez kraja']);
  });
});
