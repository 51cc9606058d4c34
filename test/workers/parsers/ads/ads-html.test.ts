import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adsFromHtml, decodeHtml } from '../../../../workers/parsers/ads/ads-html';

const page = (name: string) => decodeHtml(new Uint8Array(fs.readFileSync(fileURLToPath(new URL(`../../../fixtures/ads/${name}`, import.meta.url)))));

/** Bytes of a text in a single-byte code page, built from the runtime's own table for it. */
function encodeIn(label: string, text: string): Uint8Array {
  const decoder = new TextDecoder(label);
  const byteOf = new Map<string, number>();
  for (let b = 0; b < 256; b++) byteOf.set(decoder.decode(Uint8Array.of(b)), b);
  return Uint8Array.from([...text].map((c) => {
    const b = byteOf.get(c);
    if (b === undefined) throw new Error(`${c} is not in ${label}`);
    return b;
  }));
}

describe('ads in saved web pages', () => {
  it('reads a single ad from its JSON-LD JobPosting and adds what the page shows around it', () => {
    const ads = adsFromHtml(page('oglas-jsonld.html'), 'oglas-jsonld.html');
    expect(ads).toHaveLength(1);
    const { extra, ...ad } = ads[0]!;
    expect(ad).toEqual({
      kind: 'ad',
      site: 'Poslovi.example',
      adId: 'JP-4410',
      url: 'https://poslovi.example/oglas/JP-4410',
      title: 'Recepcionerke za hotel na Kipru',
      // The description's HTML as a reader sees it: paragraphs and <br> as lines.
      body: 'Hotel na Kipru traži mlade djevojke za recepciju.\nAvionska karta i smještaj plaćeni.\nJavite se odmah!',
      postedUtc: '2024-03-16T11:00:00Z',
      postedText: '2024-03-16T12:00:00+01:00',
      location: 'Limassol, CY',
      price: '1200 EUR/MONTH',
      author: 'Mediteran Staffing d.o.o.',
      // The employer's phone from the JSON-LD and the page's tel: link; not the site's own e-mails in header and footer.
      contacts: [{ field: 'hiringOrganization.telephone', value: '+357 99 123456' }, { field: 'tel', value: '+38761555444' }],
      images: [{ ref: 'https://poslovi.example/media/jp4410.jpg' }],
      locator: { messageId: 'head>script/@graph/2' },
    });
    expect(extra).toMatchObject({ '@type': 'JobPosting', employmentType: 'FULL_TIME', validThrough: '2024-04-16', baseSalary: { currency: 'EUR' } });
    expect(extra).not.toHaveProperty('title');
    expect(extra).not.toHaveProperty('@context');
  });

  it('reads a page with only OpenGraph tags, a heading and its text', () => {
    const ads = adsFromHtml(page('oglas-og.html'), 'oglas-og.html', 'capture/oglas-og.html');
    expect(ads).toHaveLength(1);
    expect(ads[0]).toEqual({
      kind: 'ad',
      site: 'oglasi.example',
      adId: '771204',
      url: 'https://oglasi.example/oglas/putovanje-u-grcku-posao-za-djevojke-771204',
      title: 'Putovanje u Grčku – posao za djevojke',
      // The full text, not og:description's excerpt; no script, no hidden paragraph.
      body: 'Besplatno putovanje u Grčku, posao u kafiću na ostrvu Krf. Tražimo djevojke od 18 do 25 godina, bez iskustva.\nSmještaj i hrana obezbijeđeni, isplata svake sedmice.\nPasoš nije potreban, sve sređujemo mi.',
      postedUtc: '2024-03-17T18:45:00Z',
      postedText: '2024-03-17T19:45:00+01:00',
      location: 'Kraljevo',
      price: '800 €',
      author: null,
      contacts: [{ field: 'phone', value: 'O6O-7I2-33-44' }, { field: 'whatsapp', value: 'https://wa.me/381607123344' }],
      // Pictures as the saved page refers to them: its _files folder sits beside the capture.
      images: [{ ref: 'https://oglasi.example/slike/771204-1.jpg' }, { ref: './Putovanje u Grčku_files/771204-1.jpg' }, { ref: './Putovanje u Grčku_files/771204-2.jpg' }],
      extra: {},
      locator: { messageId: 'div.page', entry: 'capture/oglas-og.html' },
    });
  });

  it('reads each of the five <article> blocks of a listing page as an ad', () => {
    const ads = adsFromHtml(page('oglasi-lista.html'), 'oglasi-lista.html');
    expect(ads.map((a) => [a.locator.messageId, a.adId, a.url, a.title])).toEqual([
      ['main>div.listing>article.ad:nth-of-type(1)', 'E-501', 'https://oglasi.example/oglas/E-501', 'Konobarice za Beč'],
      ['main>div.listing>article.ad:nth-of-type(2)', 'E-502', 'https://oglasi.example/oglas/E-502', 'Hostese za jahte – Monako'],
      ['main>div.listing>article.ad:nth-of-type(3)', 'E-503', 'https://oglasi.example/oglas/masaza-bec', 'Masaža u Beču – nove kolegice'],
      ['main>div.listing>article.ad:nth-of-type(4)', '7781', 'https://partner.example/jobs/7781', 'Sezonski posao – Hrvatska obala'],
      ['main>div.listing>article.ad:nth-of-type(5)', 'E-505', 'https://oglasi.example/oglas/E-505', 'Njegovateljice za Njemačku'],
    ]);
    expect(ads.every((a) => a.site === 'Oglasi.example')).toBe(true);
    expect(ads[0]).toMatchObject({
      body: 'Tražimo djevojke za kafić u Beču. Smještaj plaćen.',
      price: '1500 EUR',
      location: 'Novi Pazar',
      postedUtc: '2024-03-18T09:00:00Z',
      postedText: '18. mart',
      images: [{ ref: '/thumbs/e501.jpg' }],
      contacts: [],
    });
    expect(ads[1]).toMatchObject({ postedUtc: '2024-03-17T19:30:00Z', postedText: 'Objavljeno: 17.03.2024. u 20:30', contacts: [{ field: 'tel', value: '+381641112233' }] });
    expect(ads[2]).toMatchObject({ location: 'Tutin', price: null, postedUtc: null, contacts: [{ field: 'telegram', value: 'https://t.me/salon_bec' }] });
    expect(ads[4]).toMatchObject({ body: 'Briga o starijima, vize sređujemo. Kontakt: 06l 234 56 78', contacts: [{ field: 'phone', value: '06l 234 56 78' }] });
  });

  it('reads schema.org microdata; an Offer inside a Product is part of it', () => {
    const html = `<html><body><ul>
      <li itemscope itemtype="https://schema.org/Product"><a itemprop="url" href="/oglas/F-1"><span itemprop="name">Turistička viza za Njemačku</span></a>
        <p itemprop="description">Sređujemo vizu i posao.</p><meta itemprop="sku" content="F-1">
        <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price">450</span><meta itemprop="priceCurrency" content="EUR"></div>
        <img itemprop="image" src="f1.jpg"> <a href="viber://chat?number=%2B38761000111">Viber</a></li>
      <li itemscope itemtype="https://schema.org/Product"><span itemprop="name">Radna dozvola</span><span itemprop="telephone">063 111 222</span></li>
    </ul></body></html>`;
    const ads = adsFromHtml(html, 'mikro.html');
    expect(ads.map((a) => [a.locator.messageId, a.adId, a.url, a.title, a.body, a.price, a.images, a.contacts])).toEqual([
      ['ul>li:nth-of-type(1)', 'F-1', '/oglas/F-1', 'Turistička viza za Njemačku', 'Sređujemo vizu i posao.', '450 EUR', [{ ref: 'f1.jpg' }], [{ field: 'viber', value: 'viber://chat?number=%2B38761000111' }]],
      ['ul>li:nth-of-type(2)', 'ul>li:nth-of-type(2)', null, 'Radna dozvola', '', null, [], [{ field: 'telephone', value: '063 111 222' }]],
    ]);
  });

  it('takes the ads, not the days grouping them nor the lists inside them', () => {
    const ad = (id: string, title: string) => `<div class="oglas" data-id="${id}"><a href="/o/${id}">${title}</a> <span class="grad">Tutin</span> opis oglasa ${id}<ul class="tags"><li><a href="/t/a">posao</a> i još</li><li><a href="/t/b">inostranstvo</a> i još</li></ul></div>`;
    const html = `<body><section class="dan"><h2>Danas</h2>${ad('1', 'Prvi')}${ad('2', 'Drugi')}</section><section class="dan"><h2>Jučer</h2>${ad('3', 'Treći')}${ad('4', 'Četvrti')}</section></body>`;
    const ads = adsFromHtml(html, 'dani.html');
    expect(ads.map((a) => [a.adId, a.title, a.location, a.locator.messageId])).toEqual([
      ['1', 'Prvi', 'Tutin', 'section.dan:nth-of-type(1)>div.oglas:nth-of-type(1)'],
      ['2', 'Drugi', 'Tutin', 'section.dan:nth-of-type(1)>div.oglas:nth-of-type(2)'],
      ['3', 'Treći', 'Tutin', 'section.dan:nth-of-type(2)>div.oglas:nth-of-type(1)'],
      ['4', 'Četvrti', 'Tutin', 'section.dan:nth-of-type(2)>div.oglas:nth-of-type(2)'],
    ]);
  });

  it('decodes a windows-1250 page by its meta charset, a windows-1251 one by http-equiv, else UTF-8', () => {
    const latin2 = encodeIn('windows-1250', '<html><head><meta charset="windows-1250"><title>Oglas</title></head><body><h1>Konobarice – Beč, Čačak, Đakovica</h1><p>Tražimo djevojke, plaća 1500 €, smještaj plaćen. Žurno!</p></body></html>');
    expect(latin2.length).toBeLessThan(200);
    const [ad] = adsFromHtml(decodeHtml(latin2), 'stara.html');
    expect(ad).toMatchObject({ title: 'Konobarice – Beč, Čačak, Đakovica', body: 'Tražimo djevojke, plaća 1500 €, smještaj plaćen. Žurno!', locator: { messageId: 'p' } });
    const cyrillic = encodeIn('windows-1251', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><h1>Посао у Бечу</h1>');
    expect(decodeHtml(cyrillic)).toContain('<h1>Посао у Бечу</h1>');
    expect(decodeHtml(new TextEncoder().encode('<h1>Čačak</h1>'))).toBe('<h1>Čačak</h1>');
    expect(decodeHtml(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<p>ž</p>')]))).toBe('<p>ž</p>');
  });

  it('names the file when a page holds no ad at all', () => {
    expect(() => adsFromHtml('<html><head><script>x()</script></head><body> </body></html>', 'prazna.html')).toThrow(/^prazna\.html: no ad in the page/);
  });
});
