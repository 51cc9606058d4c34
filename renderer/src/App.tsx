import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CaseApi, CaseInfo, HostInfo } from '../../shared/api/contract';
import type { NitkaErrorValue } from '../../shared/result';
import { ErrorBanner } from './components/ErrorBanner';
import { ShortcutHelp } from './components/ShortcutHelp';
import { initialTheme, saveTheme, type Theme } from './components/theme';
import { I18nContext, initialLanguage, languages, saveLanguage, translator, type Language } from './i18n/i18n';
import { OpenCaseScreen } from './screens/OpenCaseScreen';
import { Workbench } from './screens/Workbench';

/** Whether a key press belongs to a text field, where `?` and letters are typing, not commands. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

export function App({ api }: { api: CaseApi | null }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const t = useMemo(() => translator(lang), [lang]);
  const setLang = useCallback((l: Language) => {
    saveLanguage(l);
    setLangState(l);
  }, []);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [help, setHelp] = useState(false);
  const [host, setHost] = useState<HostInfo | null>(null);
  const [info, setInfo] = useState<CaseInfo | null>(null);
  const [error, setError] = useState<NitkaErrorValue | null>(null);

  const loadHost = useCallback(async () => {
    if (!api) return;
    const r = await api.hostInfo();
    if (r.ok) {
      setHost(r.value);
      setInfo(r.value.openCase);
    } else {
      setError(r.error);
    }
  }, [api]);

  useEffect(() => {
    void loadHost();
  }, [loadHost]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = info ? `${info.name} · ${t('app.title')}` : t('app.title');
  }, [lang, info, t]);

  // The theme is an attribute on <html>: styles.css swaps its variables, so no inline style is needed (CSP).
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    saveTheme(theme);
  }, [theme]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && help) setHelp(false);
      else if (e.key === '?' && !e.ctrlKey && !e.altKey && !e.metaKey && !isTyping(e.target)) {
        e.preventDefault();
        setHelp((h) => !h);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help]);

  const closed = useCallback(() => {
    setInfo(null);
    void loadHost();
  }, [loadHost]);

  return (
    <I18nContext.Provider value={{ t, lang, setLang }}>
      <div className="app">
        <header className="topbar">
          <div className="brand">
            <span className="logo" aria-hidden="true" />
            <span className="name">{t('app.title')}</span>
            {info ? (
              <span className="case-title" data-testid="topbar-case" title={info.path}>
                {info.name}
              </span>
            ) : (
              <span className="tagline">{t('app.tagline')}</span>
            )}
          </div>
          <div className="topbar-tools">
            <label className="lang">
              <span>{t('app.language')}</span>
              <select value={lang} onChange={(e) => setLang(e.target.value as Language)} data-testid="language">
                {Object.entries(languages).map(([code, label]) => (
                  <option key={code} value={code}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="topbar-button" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-pressed={theme === 'dark'} data-testid="theme-toggle">
              {theme === 'dark' ? t('app.themeLight') : t('app.themeDark')}
            </button>
            <button type="button" className="topbar-button" onClick={() => setHelp(true)} aria-haspopup="dialog" data-testid="shortcut-help-button" title={t('app.shortcutsHint')}>
              {t('app.shortcuts')}
            </button>
          </div>
        </header>
        {!api ? (
          <main className="open-screen">
            <div className="banner banner-error" role="alert">{t('app.noConnection')}</div>
          </main>
        ) : error ? (
          <main className="open-screen">
            <ErrorBanner error={error} />
          </main>
        ) : !host ? (
          <main className="open-screen">
            <p>{t('app.loading')}</p>
          </main>
        ) : info ? (
          <Workbench api={api} info={info} onInfo={setInfo} onClosed={closed} />
        ) : (
          <OpenCaseScreen api={api} host={host} onOpened={setInfo} />
        )}
        {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      </div>
    </I18nContext.Provider>
  );
}
