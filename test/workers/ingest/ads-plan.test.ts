import { describe, expect, it } from 'vitest';
import { adRecords } from '../../../workers/ingest/ads-plan';
import { memorySource } from '../../../workers/parsers/lines';

describe('ad captures read whole', () => {
  it('reads a saved page larger than one read chunk (1 MiB) intact', () => {
    // The ad sits at the start; two MiB of page furniture follow, so the reader needs three chunks.
    const filler = `<p class="footer">${'x'.repeat(1000)}</p>\n`.repeat(2100);
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Konobarice za Beč</title>
      <meta property="og:site_name" content="oglasi.rs"><link rel="canonical" href="https://oglasi.rs/oglas/K-1"></head>
      <body><main><h1>Konobarice za Beč</h1><p>Plata 1500 EUR, Viber 064 123 4567.</p></main>${filler}</body></html>`;
    const bytes = new TextEncoder().encode(html);
    expect(bytes.length).toBeGreaterThan(2 << 20);
    const ads = [...adRecords('ads-html', 'Oglas.html', memorySource(bytes))];
    expect(ads).toHaveLength(1);
    expect(ads[0]).toMatchObject({ title: 'Konobarice za Beč', site: 'oglasi.rs' });
    expect(ads[0]!.body).toContain('Viber 064 123 4567');
  });
});
