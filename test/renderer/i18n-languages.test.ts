import { describe, expect, it } from 'vitest';
import { CASE_LANGUAGES } from '../../shared/api/contract';
import { bs } from '../../renderer/src/i18n/bs';
import { en } from '../../renderer/src/i18n/en';
import { catalogs, languageTable, translator } from '../../renderer/src/i18n/i18n';
import { latinToCyrillic } from '../../renderer/src/i18n/latin-to-cyrillic';

describe('UI languages', () => {
  it('offers every case language: en and bs complete, sr-Cyrl derived, sq and mk prepared', () => {
    expect(Object.keys(languageTable).sort()).toEqual([...CASE_LANGUAGES].sort());
    expect(languageTable.en.status).toBe('complete');
    expect(languageTable.bs.status).toBe('complete');
    expect(languageTable['sr-Cyrl'].status).toBe('derived');
    expect(languageTable.sq.status).toBe('prepared');
    expect(languageTable.mk.status).toBe('prepared');
  });

  it('has a non-empty string for every key in the complete catalogs', () => {
    for (const lang of ['en', 'bs'] as const) {
      for (const key of Object.keys(en)) expect(catalogs[lang][key as keyof typeof en], `${lang} ${key}`).toMatch(/\S/);
    }
    expect(Object.keys(bs).sort()).toEqual(Object.keys(en).sort());
  });

  it('falls back to English key by key in a prepared language', () => {
    expect(translator('sq')('nav.graph')).toBe(en['nav.graph']);
    expect(translator('mk')('add.cancelled', { file: 'a.txt' })).toBe('a.txt: cancelled, case unchanged.');
  });

  it('derives Serbian Cyrillic from BHS, keeping placeholders and acronyms', () => {
    expect(translator('sr-Cyrl')('nav.victims')).toBe('Жртве');
    expect(translator('sr-Cyrl')('add.cancelled', { file: 'chat.txt' })).toBe('chat.txt: отказано, предмет је непромијењен.');
    expect(Object.keys(catalogs['sr-Cyrl']).sort()).toEqual(Object.keys(en).sort());
  });
});

describe('latinToCyrillic', () => {
  it('maps digraphs as one letter and keeps case', () => {
    expect(latinToCyrillic('Ljubljana njiva džep Đorđe')).toBe('Љубљана њива џеп Ђорђе');
    expect(latinToCyrillic('Šta čeka žrtvu?')).toBe('Шта чека жртву?');
  });

  it('leaves placeholders, acronyms, codes and `code` as written', () => {
    expect(latinToCyrillic('Kopiraj SHA-256 {hash} za V-001 i `nitka verify`')).toBe('Копирај SHA-256 {hash} за V-001 и `nitka verify`');
    expect(latinToCyrillic('FIFO (prvo ušlo)')).toBe('FIFO (прво ушло)');
  });
});
