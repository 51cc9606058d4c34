import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NitkaError } from '../../../../shared/result';
import { adFromObject, adIdFromUrl, parseAdTime } from '../../../../workers/parsers/ads/ad-from-object';
import { jsonAdRecords, jsonArrayAdRecords } from '../../../../workers/parsers/ads/ads-json';
import { memorySource } from '../../../../workers/parsers/lines';
import { acceptancePath, hasAcceptanceData } from '../../../helpers/acceptance';

const fixture = (...p: string[]) => fileURLToPath(new URL(`../../../fixtures/${p.join('/')}`, import.meta.url));
const fileBytes = (...p: string[]) => memorySource(new Uint8Array(fs.readFileSync(fixture(...p))));
const text = (s: string) => memorySource(new TextEncoder().encode(s));
const Z = 'Europe/Belgrade';

describe('ad fields by any name', () => {
  it('reads posted times as sites write them, local ones in the case zone', () => {
    expect(parseAdTime('2024-03-10T18:00:00+01:00', Z)).toEqual({ utc: '2024-03-10T17:00:00Z', text: '2024-03-10T18:00:00+01:00' });
    expect(parseAdTime('2024-03-10 18:00', Z).utc).toBe('2024-03-10T17:00:00Z');
    expect(parseAdTime('10.03.2024 18:00', Z).utc).toBe('2024-03-10T17:00:00Z');
    expect(parseAdTime('10.03.2024. u 18:00h', Z).utc).toBe('2024-03-10T17:00:00Z');
    // Summer time: the offset follows the date, not the zone's winter offset.
    expect(parseAdTime('10.07.2024 18:00', Z).utc).toBe('2024-07-10T16:00:00Z');
    expect(parseAdTime('10.03.2024 18:00', 'Europe/London').utc).toBe('2024-03-10T18:00:00Z');
    expect(parseAdTime(1710090000, Z)).toEqual({ utc: '2024-03-10T17:00:00Z', text: '1710090000' });
    expect(parseAdTime('1710090000000', Z).utc).toBe('2024-03-10T17:00:00Z');
    expect(parseAdTime('Sun, 10 Mar 2024 18:00:00 +0100', Z).utc).toBe('2024-03-10T17:00:00Z');
    expect(parseAdTime('prije 2 sata', Z)).toEqual({ utc: null, text: 'prije 2 sata' });
    expect(parseAdTime('31.02.2024', Z)).toEqual({ utc: null, text: '31.02.2024' });
    expect(parseAdTime(null, Z)).toEqual({ utc: null, text: null });
  });

  it('derives an ad id from the address only when the address carries one', () => {
    expect(adIdFromUrl('https://oglasi.example/posao/A-100231')).toBe('A-100231');
    expect(adIdFromUrl('http://melbourne.example/FemaleEscorts/some-title/9738589')).toBe('9738589');
    expect(adIdFromUrl('https://x.example/putovanja/besplatno-putovanje-u-italiju-40917.html')).toBe('40917');
    // The path holds a phone number; the query names the ad.
    expect(adIdFromUrl('http://x.example/city-escorts/646-389-3950/?pid=6875896')).toBe('6875896');
    expect(adIdFromUrl('https://oglasi.example/posao/konobarice-za-bec')).toBeNull();
    expect(adIdFromUrl('https://oglasi.example/')).toBeNull();
  });

  it('keeps the higher-ranked of two names for a field and the other in extra, as given', () => {
    const ad = adFromObject({ name: 'Marka', title: 'Konobarice', description: 'd', Opis: 'o', telefon: 381641234567, hotel: 'Alpenhof', mobile: ['064 1', '065 2'], img: [{ src: 'a.jpg' }, { file: 'b.jpg' }] }, { line: 9 });
    expect(ad.title).toBe('Konobarice');
    expect(ad.body).toBe('d');
    expect(ad.extra).toEqual({ name: 'Marka', Opis: 'o', hotel: 'Alpenhof' });
    expect(ad.contacts).toEqual([
      { field: 'telefon', value: '381641234567' },
      { field: 'mobile', value: '064 1' },
      { field: 'mobile', value: '065 2' },
    ]);
    expect(ad.images).toEqual([{ ref: 'a.jpg' }, { ref: 'b.jpg' }]);
    expect(ad.adId).toBe('line:9');
  });
});

describe('JSON lines of ads', () => {
  it('reads the demo capture', () => {
    const ads = [...jsonAdRecords(fileBytes('demo', 'oglasi.jsonl'), 'oglasi.jsonl')];
    expect(ads.map((a) => [a.site, a.adId, a.url, a.postedUtc, a.location, a.price, a.locator])).toEqual([
      ['oglasi.example', 'A-100231', 'https://oglasi.example/posao/A-100231', '2024-03-10T17:00:00Z', 'Novi Pazar', null, { line: 1, offset: 0 }],
      ['oglasi.example', 'A-100877', 'https://oglasi.example/posao/A-100877', '2024-03-11T07:30:00Z', 'Tutin', null, { line: 2, offset: expect.any(Number) }],
    ]);
    expect(ads[0]).toMatchObject({ kind: 'ad', title: 'Konobarice za Austriju – odmah!', postedText: '2024-03-10T18:00:00+01:00', contacts: [], images: [], extra: {} });
    expect(ads[1]!.body).toContain('t.me/posao_bec_2024');
    // The second line starts right after the first one's newline.
    const raw = fs.readFileSync(fixture('demo', 'oglasi.jsonl'));
    expect(raw[ads[1]!.locator.offset! - 1]).toBe(0x0a);
  });

  it('maps five languages and several scrapers\' field names; what it does not know stays in extra', () => {
    const ads = [...jsonAdRecords(fileBytes('ads', 'oglasi-mix.jsonl'), 'oglasi-mix.jsonl', undefined, { chunkSize: 64 })];
    expect(ads.map((a) => [a.locator.line, a.site, a.adId, a.postedUtc])).toEqual([
      [1, 'oglasi.example', 'B-2001', '2024-03-12T08:15:00Z'], // dd.mm.yyyy HH:MM in Belgrade
      [2, 'oglasi.example', '5512', '2024-03-12T10:00:00Z'], // epoch seconds
      [3, 'oglasi.mk', 'MK-77', '2024-03-13T08:00:00Z'],
      [5, 'shpallje.example', '88123', '2024-03-13T10:00:00Z'], // epoch ms; id from the url; line 4 is blank
      [6, null, 'line:6', null], // neither id nor url; "yesterday" needs the capture time
      [7, 'oglasi.example', 'B-2002', '2024-03-09T23:00:00Z'],
    ]);
    const [bhs, cyrillic, mk, sq, en, massage] = ads as [typeof ads[0], typeof ads[0], typeof ads[0], typeof ads[0], typeof ads[0], typeof ads[0]];
    expect(bhs).toMatchObject({
      url: 'https://oglasi.example/posao/B-2001', title: 'Hitno potrebne hostese za Dubai', location: 'Sarajevo', price: '3000 €', author: 'Agencija Zvijezda', postedText: '12.03.2024 09:15',
      contacts: [{ field: 'telefon', value: 'O64 l23 45 67' }], images: [{ ref: 'slike/b2001-1.jpg' }, { ref: 'slike/b2001-2.jpg' }], extra: {},
    });
    // Obfuscated numbers are evidence as written: reading them is the extractor's job.
    expect(bhs.body).toContain('Zvati na O64 l23 45 67');
    expect(cyrillic).toMatchObject({ title: 'Масажерке за рад у Аустрији', location: 'Нови Пазар, Србија', postedText: '1710237600' });
    expect(cyrillic.contacts).toEqual([{ field: 'contact.telegram', value: 't.me/masaza_bec' }, { field: 'contact.name', value: 'Јелена' }]);
    expect(cyrillic.extra).toEqual({ location: { city: 'Нови Пазар', country: 'Србија' } });
    expect(mk).toMatchObject({ price: '1800 EUR', location: 'Скопје', contacts: [{ field: 'phone', value: '070 123 456' }, { field: 'phone', value: '+389 70 123 456' }] });
    expect(sq).toMatchObject({ title: 'Punë në Itali për vajza – kamariere', location: 'Tiranë', price: '1500 €/muaj', contacts: [{ field: 'whatsapp', value: '+355 69 123 4567' }], images: [{ ref: 'https://shpallje.example/img/88123.jpg' }] });
    expect(en).toMatchObject({ title: 'Free travel to London – models wanted', author: 'ukmodels', postedText: 'yesterday 21:00', contacts: [{ field: 'user.email', value: 'jobs@uk-models.example' }] });
    expect(en.extra).toEqual({ tracking_code: 'FB-CAMPAIGN-7', user: { username: 'ukmodels', email: 'jobs@uk-models.example' } });
    expect(massage).toMatchObject({ contacts: [{ field: 'e-mail', value: 'ana[at]mail.example' }], price: null, extra: {} });
  });

  it('names the file and line of a malformed line or an ad with nothing to read', () => {
    const malformed = text('{"title":"a","body":"b"}\n{"title": "Konobarice", body: "x"}\n');
    expect(() => [...jsonAdRecords(malformed, 'oglasi.jsonl')]).toThrow(/^oglasi\.jsonl: line 2: not valid JSON/);
    const empty = text('{"title":"a","body":"b"}\n\n{"price":"100 EUR","grad":"Tutin"}\n');
    const error = (() => {
      try {
        return [...jsonAdRecords(empty, 'oglasi.jsonl')];
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NitkaError);
    expect((error as NitkaError).message).toBe('oglasi.jsonl: line 3: the ad has no title, text or contact to read (its fields are "price", "grad")');
    expect((error as NitkaError).details).toEqual({ file: 'oglasi.jsonl', line: 3 });
    expect(() => [...jsonAdRecords(text('[{"title":"a"}]\n'), 'x.jsonl')]).toThrow(/line 1: expected one ad object, found an array/);
    expect(() => [...jsonAdRecords(text('{"title":"a"}'), 'x.jsonl', undefined, { timezone: 'Mars/Olympus' })]).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});

describe('a JSON document of ads', () => {
  it('streams the ads under a list key, skipping lists of other things', () => {
    for (const chunkSize of [7, 1 << 20]) {
      const ads = [...jsonArrayAdRecords(fileBytes('ads', 'oglasi-rezultati.json'), 'oglasi-rezultati.json', undefined, { chunkSize })];
      expect(ads.map((a) => [a.locator, a.adId, a.site, a.title])).toEqual([
        [{ messageId: '/results/0' }, 'C-301', 'oglasi.example', 'Djevojke za rad u baru – Švicarska'],
        [{ messageId: '/results/1' }, '40917', 'oglasi.example', 'Besplatno putovanje u Italiju'],
        [{ messageId: '/results/2' }, '/results/2', null, 'Čistačice za hotel u Austriji'],
      ]);
      expect(ads[0]).toMatchObject({ postedUtc: '2024-03-14T10:30:00Z', images: [{ ref: 'https://oglasi.example/img/c301.jpg' }], body: 'Plata 4000 CHF, stan obezbijeđen.\nJavite se na Telegram @bar_zurich.' });
      expect(ads[1]!.contacts).toEqual([{ field: 'contacts.viber', value: '+387 61 222 333' }, { field: 'contacts.email', value: 'italija@putovanja.example' }]);
      // "hotel_name" is not a contact although "tel" is inside it.
      expect(ads[2]).toMatchObject({ contacts: [], extra: { hotel_name: 'Alpenhof' } });
    }
  });

  it('reads a top-level array, a list one level down, a single (wrapped) ad, and an empty list', () => {
    const arr = [...jsonArrayAdRecords(text('\ufeff [{"naslov":"A","opis":"a"}, {"naslov":"B","opis":"b"}]'), 'x.json', undefined, { chunkSize: 5 })];
    expect(arr.map((a) => [a.title, a.locator.messageId])).toEqual([['A', '/0'], ['B', '/1']]);
    const nested = [...jsonArrayAdRecords(text('{"data":{"total":1,"items":[{"title":"A","body":"a"}]}}'), 'x.json')];
    expect(nested.map((a) => [a.title, a.locator.messageId])).toEqual([['A', '/data/items/0']]);
    const single = [...jsonArrayAdRecords(text('{"title":"Sama","phone":"064"}'), 'x.json')];
    expect(single.map((a) => [a.title, a.contacts, a.locator.messageId, a.adId])).toEqual([['Sama', [{ field: 'phone', value: '064' }], '', '/']]);
    const wrapped = [...jsonArrayAdRecords(text('{"status":"ok","ad":{"title":"U omotu","body":"b","url":"https://o.example/oglas/771"}}'), 'x.json')];
    expect(wrapped.map((a) => [a.title, a.adId, a.locator.messageId])).toEqual([['U omotu', '771', '/ad']]);
    expect([...jsonArrayAdRecords(text('{"ads":[]}'), 'x.json')]).toEqual([]);
  });

  it('names the file and the JSON pointer of a bad ad, and the byte where the JSON broke', () => {
    expect(() => [...jsonArrayAdRecords(text('{"ads":[{"title":"a"},{"slike":["x.jpg"]}]}'), 'oglasi.json')]).toThrow(/^oglasi\.json: at \/ads\/1: the ad has no title, text or contact to read \(its fields are "slike"\)$/);
    expect(() => [...jsonArrayAdRecords(text('[{"title":"a"}, "oglas"]'), 'oglasi.json')]).toThrow(/^oglasi\.json: at \/1: expected an ad object, found the text "oglas"$/);
    expect(() => [...jsonArrayAdRecords(text('[{"title":"a"},'), 'oglasi.json')]).toThrow(/^oglasi\.json: the JSON ends early/);
    expect(() => [...jsonArrayAdRecords(text('{"meta":{"n":1},"tags":["a"]}'), 'oglasi.json')]).toThrow(/^oglasi\.json: no ads: .*keys are "meta", "tags"/);
    expect(() => [...jsonArrayAdRecords(text('  '), 'oglasi.json')]).toThrow(/oglasi\.json: the file is empty/);
  });

  it.skipIf(!hasAcceptanceData)('reads the 53 real ads of dig-phone-extractor, ids from their addresses', () => {
    const ads = [...jsonArrayAdRecords(memorySource(new Uint8Array(fs.readFileSync(acceptancePath('dig-phone-extractor', 'groundtruth.json')))), 'groundtruth.json', undefined, { chunkSize: 4096 })];
    expect(ads).toHaveLength(53);
    expect(ads[0]).toMatchObject({ site: 'melbourne.backpage.com', adId: '9738589', locator: { messageId: '/jsonlines/0' } });
    expect(ads[1]).toMatchObject({ site: 'www.eroticmugshots.com', adId: '6875896' });
    expect(Object.keys(ads[0]!.extra)).toEqual(['url_ext_gt', 'text_ext_gt', 'int_ext_gt']);
    // Three real ads have a title only; one has no address, so its place in the file is its id.
    expect(ads.every((a) => a.title)).toBe(true);
    expect(ads.filter((a) => !a.body).map((a) => a.locator.messageId)).toEqual(['/jsonlines/3', '/jsonlines/7', '/jsonlines/52']);
    expect(ads[52]!.adId).toBe('/jsonlines/52');
    expect(new Set(ads.map((a) => a.adId)).size).toBe(53);
  });
});
