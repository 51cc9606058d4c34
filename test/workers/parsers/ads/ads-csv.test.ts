import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { csvAdRecords } from '../../../../workers/parsers/ads/ads-csv';
import { memorySource } from '../../../../workers/parsers/lines';

const fixture = (name: string) => memorySource(new Uint8Array(fs.readFileSync(fileURLToPath(new URL(`../../../fixtures/ads/${name}`, import.meta.url)))));
const text = (s: string) => memorySource(new TextEncoder().encode(s));

describe('a CSV table of ads', () => {
  it('maps columns by header name; a quoted multi-line body points at the line its row starts on', () => {
    for (const chunkSize of [16, 1 << 20]) {
      const ads = [...csvAdRecords(fixture('oglasi-tabela.csv'), 'oglasi-tabela.csv', undefined, { chunkSize })];
      expect(ads.map((a) => [a.adId, a.locator.line, a.locator.lastLine, a.postedUtc])).toEqual([
        ['D-1', 2, 4, '2024-03-14T20:15:00Z'],
        ['D-2', 5, 5, '2024-03-15T07:00:00Z'],
        ['D-3', 7, 7, '2024-03-15T10:00:00Z'], // line 6 is blank
      ]);
      const [d1, d2, d3] = ads as [typeof ads[0], typeof ads[0], typeof ads[0]];
      expect(d1).toMatchObject({
        title: 'Konobarice za Beč',
        body: 'Tražimo djevojke za kafić.\nSmještaj plaćen, plata 1500 EUR.\nZvati: 064 123 45 67',
        location: 'Novi Pazar',
        price: '1500 EUR',
        contacts: [{ field: 'phone', value: '064 123 45 67' }],
        images: [{ ref: 'slike/d1-a.jpg' }, { ref: 'slike/d1-b.jpg' }],
        extra: { views: '311' },
        locator: { offset: 62 },
      });
      expect(d2).toMatchObject({ title: 'Posao u Njemačkoj, sezona', price: null, images: [{ ref: 'https://oglasi.example/img/d2-1.jpg' }, { ref: 'https://oglasi.example/img/d2-2.jpg' }], extra: {} });
      expect(d3).toMatchObject({ title: 'Masaža "Relax" – nove djevojke', body: 'Salon traži djevojke, "dobra zarada"', contacts: [], images: [{ ref: 'slike/d3-1.jpg' }, { ref: 'slike/d3-2.jpg' }] });
    }
  });

  it('splits image lists but not a comma inside one address', () => {
    const csv = 'title,body,slike\nA,a,"https://cdn.example/w_100,h_100/a.jpg"\nB,b,"x.jpg\ny.jpg"\n';
    expect([...csvAdRecords(text(csv), 'x.csv')].map((a) => a.images.map((i) => i.ref))).toEqual([['https://cdn.example/w_100,h_100/a.jpg'], ['x.jpg', 'y.jpg']]);
  });

  it('keeps repeated and unnamed columns apart', () => {
    const [ad] = [...csvAdRecords(text('naslov;telefon;telefon;\nPosao;064 1;065 2;napomena\n'), 'x.csv')];
    expect(ad!.contacts).toEqual([{ field: 'telefon', value: '064 1' }, { field: 'telefon 2', value: '065 2' }]);
    expect(ad!.extra).toEqual({ 'column 4': 'napomena' });
  });

  it('names the file and line of a row with nothing to read, and refuses an empty table', () => {
    const csv = 'title,description,price\nKonobarice,za Beč,1500\n,,900\n';
    expect(() => [...csvAdRecords(text(csv), 'oglasi.csv')]).toThrow(/^oglasi\.csv: line 3: the ad has no title, text or contact to read \(its fields are "price"\)$/);
    expect(() => [...csvAdRecords(text(''), 'prazno.csv')]).toThrow(/^prazno\.csv: the table is empty/);
  });
});
