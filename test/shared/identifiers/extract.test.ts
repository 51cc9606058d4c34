import { describe, expect, it } from 'vitest';
import { extractIdentifiers } from '../../../shared/identifiers/extract';

const find = (text: string, regions: Parameters<typeof extractIdentifiers>[1]['regions'] = ['RS']) =>
  extractIdentifiers(text, { regions }).map((o) => [o.kind, o.value, o.raw]);
const values = (text: string, kind: string) => extractIdentifiers(text, { regions: ['RS'] }).filter((o) => o.kind === kind).map((o) => o.value);

describe('phones', () => {
  it('reads local and international forms to E.164 with the exact raw text and offsets', () => {
    const text = 'Javi se na Viber +381 64 123 4567 ili 064/123-45-67.';
    const occ = extractIdentifiers(text, { regions: ['RS'] });
    expect(occ.map((o) => o.value)).toEqual(['+381641234567', '+381641234567']);
    for (const o of occ) expect(text.slice(o.start, o.end)).toBe(o.raw);
    expect(occ[1]?.raw).toBe('064/123-45-67');
  });

  it('keeps exact offsets after emoji and other characters outside the BMP', () => {
    const text = 'Ivan 🇷🇸 👍 added +381 64 123 4567 📞 ＋381 63 987 6543';
    const occ = extractIdentifiers(text, { regions: ['RS'] });
    expect(occ.map((o) => [o.value, o.raw, text.slice(o.start, o.end)])).toEqual([
      ['+381641234567', '+381 64 123 4567', '+381 64 123 4567'],
      ['+381639876543', '＋381 63 987 6543', '＋381 63 987 6543'],
    ]);
  });

  it('undoes obfuscation: O for 0, l for 1, keycaps, spelled digits, (0), 00', () => {
    expect(values('zovi O64 l23 4567', 'phone')).toEqual(['+381641234567']);
    expect(values('broj 0️⃣6️⃣4️⃣ 1️⃣2️⃣3️⃣ 4️⃣5️⃣6️⃣7️⃣', 'phone')).toEqual(['+381641234567']);
    expect(values('nula šest četiri jedan dva tri četiri pet šest sedam', 'phone')).toEqual(['+381641234567']);
    expect(values('+381 (0)64 123-45-67', 'phone')).toEqual(['+381641234567']);
    expect(values('0049 176 12345678', 'phone')).toEqual(['+4917612345678']);
    expect(values('064.123.45.67', 'phone')).toEqual(['+381641234567']);
  });

  it('does not take prices, dates, times, order numbers or IBAN digits for phones', () => {
    const text = 'Plata 1.500 EUR, 45000 din, datum 12.03.2024, radno vrijeme 08:00-16:00, narudžba br. 123456789, račun RS35 2600 0560 1001 6113 79';
    expect(values(text, 'phone')).toEqual([]);
    expect(values(text, 'iban')).toEqual(['RS35260005601001611379']);
    expect(values('Common words stay words: call me for a date, one or two', 'phone')).toEqual([]);
  });

  it('maps legacy Kosovo numbers to +383', () => {
    expect(values('Vala +377 44 123 456', 'phone')).toEqual(['+38344123456']);
    expect(values('IPKO +386 49 123 456', 'phone')).toEqual(['+38349123456']);
  });

  it('reads phone links', () => {
    expect(values('https://wa.me/381641234567', 'phone')).toEqual(['+381641234567']);
    expect(values('viber://chat?number=%2B381641234567', 'phone')).toEqual(['+381641234567']);
  });
});

describe('e-mails, URLs and handles', () => {
  it('canonicalises as the contract says', () => {
    expect(find('Pišite na Posao.Bec@Gmail.com')).toEqual([['email', 'posao.bec@gmail.com', 'Posao.Bec@Gmail.com']]);
    expect(values('Telegram @Posao_Bec_2024 ili t.me/DrugiKanal', 'handle')).toEqual(['telegram:posao_bec_2024', 'telegram:drugikanal']);
    expect(values('insta @ana.modeli', 'handle')).toEqual(['instagram:ana.modeli']);
    expect(values('https://www.instagram.com/ana.modeli/', 'handle')).toEqual(['instagram:ana.modeli']);
    expect(values('oglas: https://oglasi.example/posao/A-1?x=1.', 'url')).toEqual(['https://oglasi.example/posao/A-1?x=1']);
    expect(values('pošalji na mail ana@example.com', 'handle')).toEqual([]);
  });
});

describe('IBANs and wallets', () => {
  it('accepts only valid checksums', () => {
    expect(values('IBAN: DE89 3704 0044 0532 0130 00 hitno', 'iban')).toEqual(['DE89370400440532013000']);
    expect(values('IBAN: DE89 3704 0044 0532 0130 01', 'iban')).toEqual([]);
  });

  it('finds BTC (legacy, P2SH, bech32, bech32m), ETH with EIP-55 and TRON, and nothing with a broken checksum', () => {
    const text = [
      '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
      '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
      'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    ].join(' ');
    expect(values(text, 'wallet')).toEqual([
      'btc:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
      'btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
      'btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      'btc:bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297',
      'eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      'tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t',
    ]);
    expect(values('0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed', 'wallet')).toEqual(['eth:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed']);
    const broken = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u';
    expect(values(broken, 'wallet')).toEqual([]);
    expect(values(broken, 'phone')).toEqual([]);
  });
});

describe('cheap gates before the extractors', () => {
  it('still find what each gate lets through, in any case and spacing', () => {
    const text = 'WWW.Posao-Bec.com ili javi se POSAO.BEC@GMAIL.COM, uplata na rs35 2600 0560 1001 6113 79 ili 0x52908400098527886E0F7030069857D2E4169EE7';
    expect(extractIdentifiers(text, { regions: ['RS'] }).map((o) => o.kind)).toEqual(['url', 'email', 'iban', 'wallet']);
    expect(extractIdentifiers('obična poruka bez ičega, plata 1500 eura', { regions: ['RS'] })).toEqual([]);
  });
});
