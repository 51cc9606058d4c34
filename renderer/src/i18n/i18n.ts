import { createContext, useContext } from 'react';
import { bs } from './bs';
import { en, type MessageKey } from './en';

export const languages = { en: 'English', bs: 'Bosanski / Hrvatski / Srpski' } as const;
export type Language = keyof typeof languages;

const catalogs: Record<Language, Record<MessageKey, string>> = { en, bs };
const STORAGE_KEY = 'nitka.language';

/** The saved language, else one matching the browser (bs/hr/sr/sr-Latn → bs), else English. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'bs') return saved;
  const nav = (navigator.language || 'en').toLowerCase();
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

export const I18nContext = createContext<{ t: Translate; lang: Language; setLang: (l: Language) => void }>({
  t: translator('en'),
  lang: 'en',
  setLang: () => undefined,
});

export const useI18n = () => useContext(I18nContext);
