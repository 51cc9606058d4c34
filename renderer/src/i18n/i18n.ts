import { createContext, useContext } from 'react';
import { CASE_LANGUAGES } from '../../../shared/api/contract';
import { bs } from './bs';
import { en, type MessageKey } from './en';
import { latinToCyrillic } from './latin-to-cyrillic';

export type Language = (typeof CASE_LANGUAGES)[number];

/**
 * Every language the UI offers. `complete` ones have a reviewed catalog for every key; Serbian
 * Cyrillic is derived from the BHS catalog letter by letter; `prepared` ones have a place for their
 * catalog and fall back to English key by key until a translator fills it.
 */
export const languageTable: Record<Language, { label: string; locales: string[]; status: 'complete' | 'derived' | 'prepared' }> = {
  en: { label: 'English', locales: ['en-GB'], status: 'complete' },
  // Browsers without Bosnian, Albanian or Macedonian data (Debian's Chromium) fall back to the next.
  bs: { label: 'Bosanski / Hrvatski / Srpski', locales: ['bs-Latn-BA', 'sr-Latn-BA', 'hr-HR'], status: 'complete' },
  'sr-Cyrl': { label: 'Српски (ћирилица)', locales: ['sr-Cyrl-RS'], status: 'derived' },
  sq: { label: 'Shqip', locales: ['sq-AL', 'en-GB'], status: 'prepared' },
  mk: { label: 'Македонски', locales: ['mk-MK', 'sr-Cyrl-RS'], status: 'prepared' },
};
/** Code → name in its own language, for the language menu. */
export const languages: Record<Language, string> = Object.fromEntries(CASE_LANGUAGES.map((l) => [l, languageTable[l].label])) as Record<Language, string>;

const srCyrl = Object.fromEntries(Object.entries(bs).map(([k, v]) => [k, latinToCyrillic(v)])) as Record<MessageKey, string>;
/** Albanian and Macedonian: filled key by key as translations arrive; missing keys fall back to English. */
const sq: Partial<Record<MessageKey, string>> = {};
const mk: Partial<Record<MessageKey, string>> = {};

export const catalogs: Record<Language, Partial<Record<MessageKey, string>>> = { en, bs, 'sr-Cyrl': srCyrl, sq, mk };
const STORAGE_KEY = 'nitka.language';

const isLanguage = (s: string | null): s is Language => s !== null && (CASE_LANGUAGES as readonly string[]).includes(s);

/** The saved language, else one matching the browser (bs/hr/sr/sh/cnr → bs), else English. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  const nav = (navigator.language || 'en').toLowerCase();
  if (/^sr-cyrl\b/.test(nav)) return 'sr-Cyrl';
  if (/^sq\b/.test(nav)) return 'sq';
  if (/^mk\b/.test(nav)) return 'mk';
  return /^(bs|hr|sr|sh|cnr)\b/.test(nav) ? 'bs' : 'en';
}

export function saveLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * A translator for one language. Hand-written rather than i18next: the catalog is a typed object,
 * so a missing translation is a compile error, which i18next only offers through extra tooling.
 */
export function translator(lang: Language): Translate {
  const catalog = catalogs[lang];
  return (key, params) => {
    const text = catalog[key] ?? en[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

/** The BCP 47 locales (best first) for dates and numbers in a UI language. */
export const localeOf = (lang: Language): string[] => languageTable[lang].locales;

export const I18nContext = createContext<{ t: Translate; lang: Language; setLang: (l: Language) => void }>({
  t: translator('en'),
  lang: 'en',
  setLang: () => undefined,
});

export const useI18n = () => useContext(I18nContext);
