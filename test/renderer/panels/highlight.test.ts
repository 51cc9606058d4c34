import { describe, expect, it } from 'vitest';
import { highlightSegments } from '../../../renderer/src/panels/highlight';

const marked = (s: ReturnType<typeof highlightSegments>) => s.filter((x) => x.mark).map((x) => x.text);

describe('highlightSegments', () => {
  it('marks every exact occurrence of the raw identifier and keeps the rest', () => {
    const s = highlightSegments('Javi se na +381 64 123 4567 ili +381 64 123 4567.', '+381 64 123 4567');
    expect(marked(s)).toEqual(['+381 64 123 4567', '+381 64 123 4567']);
    expect(s.map((x) => x.text).join('')).toBe('Javi se na +381 64 123 4567 ili +381 64 123 4567.');
  });

  it('falls back to a case-insensitive match', () => {
    expect(marked(highlightSegments('piši na Posao.Bec@gmail.com', 'posao.bec@gmail.com'))).toEqual(['Posao.Bec@gmail.com']);
  });

  it('leaves the excerpt unmarked when the raw text is absent or not in it', () => {
    expect(highlightSegments('nothing here', null)).toEqual([{ text: 'nothing here', mark: false }]);
    expect(highlightSegments('nothing here', '064')).toEqual([{ text: 'nothing here', mark: false }]);
  });
});
