import { describe, expect, it } from 'vitest';
import { foldName, nameKey, nameSimilarity, nameTokens, phoneticKey } from '../../../shared/names/fold-name';

describe('foldName', () => {
  it('brings Cyrillic, diacritics and capitals to one spelling', () => {
    for (const name of ['Драган Петровић', 'Dragan Petrović', 'Dragan Petrovic', 'DRAGAN PETROVIC', '  dragan   PETROVIĆ ']) {
      expect(foldName(name), name).toBe('dragan petrovic');
    }
    expect(foldName('Љиљана')).toBe('ljiljana');
    expect(foldName('ЉИЉАНА ПОПОВИЋ')).toBe('ljiljana popovic');
    expect(foldName('Ѓорѓи Стојанов')).toBe('gjorgji stojanov');
  });

  it('writes đ as dj (also the look-alike ð), keeps dž as dz, folds Albanian ë and ç', () => {
    expect(foldName('Đorđe')).toBe('djordje');
    expect(foldName('Ђорђе')).toBe('djordje');
    expect(foldName('Ðorđe')).toBe('djordje');
    expect(foldName('Džaferi')).toBe('dzaferi');
    expect(foldName('Џафери')).toBe('dzaferi');
    expect(foldName('ǅuro')).toBe('dzuro');
    expect(foldName('Arbër Çelik')).toBe('arber celik');
    expect(foldName('Šćepan Žarković Čolić')).toBe('scepan zarkovic colic');
  });

  it('drops punctuation and emoji, joins across apostrophes', () => {
    expect(foldName('🔥Dragan P. 🇷🇸')).toBe('dragan p');
    expect(foldName('Petrović-Jovanović, Ana')).toBe('petrovic jovanovic ana');
    expect(foldName('D’Angelo')).toBe('dangelo');
  });

  it('cyrillic typed with a stray Latin letter still folds', () => {
    expect(foldName('Деjан Илић')).toBe('dejan ilic');
  });
});

describe('phoneticKey', () => {
  it('lets Đorđe, Djordje and Dordje meet, and Ѓорѓи, Gjorgji and Đorđi', () => {
    // Folding keeps them apart (dordje ≠ djordje): dropping the stroke of đ is a common ASCII
    // rendering, so the looser key maps dj (and Macedonian/Albanian gj) to d.
    expect(new Set(['Đorđe', 'Djordje', 'Dordje', 'Ђорђе', 'DJORDJE'].map(phoneticKey))).toEqual(new Set(['dorde']));
    expect(new Set(['Ѓорѓи', 'Gjorgji', 'Đorđi', 'Djordji'].map(phoneticKey))).toEqual(new Set(['dordi']));
  });

  it('lets Albanian and Serbian spellings of one name meet', () => {
    expect(phoneticKey('Arbër Krasniqi')).toBe(phoneticKey('Арбер Краснићи'));
    expect(phoneticKey('Ylli Gashi')).toBe(phoneticKey('Ili Gaši'));
    expect(phoneticKey('Fatmir Hoxha')).toBe(phoneticKey('Fatmir Hodža'));
    expect(phoneticKey('Xhaferi')).toBe(phoneticKey('Џафери'));
    expect(phoneticKey('Alexandar')).toBe(phoneticKey('Aleksandar'));
    expect(phoneticKey('Petrovich')).toBe(phoneticKey('Petrović'));
  });
});

describe('nameTokens and nameKey', () => {
  it('removes titles, contact labels, emoji and phone numbers', () => {
    expect(nameTokens('g-din Dragan Petrović 064/123-45-67')).toEqual(['dragan', 'petrovic']);
    expect(nameTokens('Г-ђа Љиљана Поповић')).toEqual(['ljiljana', 'popovic']);
    expect(nameTokens('Dr. Ana Nikolić 💋')).toEqual(['ana', 'nikolic']);
    expect(nameTokens('Kum Dragan')).toEqual(['dragan']);
    expect(nameTokens('Šef')).toEqual([]);
    expect(nameTokens('Dragan 2')).toEqual(['dragan']);
    // a single letter is an initial, not an abbreviated title
    expect(nameTokens('G. Petrović')).toEqual(['g', 'petrovic']);
    expect(nameTokens('Zoti Arbër Krasniqi')).toEqual(['arber', 'krasniqi']);
  });

  it('is the same whatever the word order', () => {
    expect(nameKey('Petrović Dragan')).toBe(nameKey('Dragan Petrović'));
    expect(nameKey('ПЕТРОВИЋ Драган')).toBe(nameKey('dragan petrovic'));
    expect(nameKey('Dragan Petrović')).not.toBe(nameKey('Dragan Pavlović'));
  });
});

describe('nameSimilarity', () => {
  it('tells which kind of equality it found', () => {
    expect(nameSimilarity('Dragan Petrović', 'Dragan Petrović')).toEqual({ score: 1, reason: 'equal' });
    expect(nameSimilarity('Dragan Petrovic', 'DRAGAN PETROVIC').reason).toBe('equal');
    expect(nameSimilarity('Драган Петровић', 'Dragan Petrović').reason).toBe('equal_after_transliteration');
    // the scripts differ: transliteration is what the analyst needs to know, even with diacritics folded too
    expect(nameSimilarity('Драган Петровић', 'Dragan Petrovic').reason).toBe('equal_after_transliteration');
    expect(nameSimilarity('Dragan Petrović', 'Dragan Petrovic').reason).toBe('equal_after_folding');
    expect(nameSimilarity('Đorđe Nikolić', 'Dordje Nikolic').reason).toBe('equal_after_folding');
    expect(nameSimilarity('Ѓорѓи Стојанов', 'Gjorgji Stojanov').reason).toBe('equal_after_transliteration');
    expect(nameSimilarity('Petrović Dragan', 'Dragan Petrović').reason).toBe('token_order');
    expect(nameSimilarity('Nikola Stankovć', 'Nikola Stanković').reason).toBe('fuzzy');
    expect(nameSimilarity('Maja', 'Lena')).toEqual({ score: 0, reason: 'none' });
  });

  it('ranks lossless equality above folding and folding above reordering and fuzzy matches', () => {
    const s = (a: string, b: string) => nameSimilarity(a, b).score;
    expect(s('Драган Петровић', 'Dragan Petrović')).toBeGreaterThan(s('Dragan Petrović', 'Dragan Petrovic'));
    expect(s('Dragan Petrović', 'Dragan Petrovic')).toBeGreaterThan(s('Đorđe Nikolić', 'Dordje Nikolic'));
    expect(s('Petrović Dragan', 'Dragan Petrović')).toBeGreaterThan(0.9);
    expect(s('Dragan Petrović', 'Dragan Milan Petrović')).toBeLessThan(0.9);
  });

  it('gives a single word little weight however exactly it matches', () => {
    expect(nameSimilarity('Dragan', 'Dragan')).toEqual({ score: 0.3, reason: 'equal' });
    expect(nameSimilarity('Dragan', 'Dragan Petrović').score).toBeLessThanOrEqual(0.3);
    expect(nameSimilarity('Gaga', 'Dragan').score).toBeLessThanOrEqual(0.3);
    expect(nameSimilarity('Gaga', 'Dragan Petrović').score).toBeLessThanOrEqual(0.3);
    expect(nameSimilarity('Milan Petrović', 'Dragan Petrović').score).toBeLessThanOrEqual(0.3);
    // an initial is half a word
    const initial = nameSimilarity('Dragan P.', 'Dragan Petrović');
    expect(initial.reason).toBe('fuzzy');
    expect(initial.score).toBeGreaterThan(0.3);
    expect(initial.score).toBeLessThan(0.7);
  });
});
