import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CaseApi, CaseInfo, HostInfo } from '../../shared/api/contract';
import type { NitkaErrorValue } from '../../shared/result';
import { ErrorBanner } from './components/ErrorBanner';
import { I18nContext, initialLanguage, languages, saveLanguage, translator, type Language } from './i18n/i18n';
import { CaseScreen } from './screens/CaseScreen';
import { OpenCaseScreen } from './screens/OpenCaseScreen';

export function App({ api }: { api: CaseApi | null }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const t = useMemo(() => translator(lang), [lang]);
  const setLang = useCallback((l: Language) => {
    saveLanguage(l);
    setLangState(l);
  }, []);
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

  const closed = useCallback(() => {
    setInfo(null);
    void loadHost();
  }, [loadHost]);

  return (
    <I18nContext.Provider value={{ t, lang, setLang }}>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <span className="name">{t('app.title')}</span>
          <span className="tagline">{t('app.tagline')}</span>
        </div>
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
        <CaseScreen api={api} info={info} onInfo={setInfo} onClosed={closed} />
      ) : (
        <OpenCaseScreen api={api} host={host} onOpened={setInfo} />
      )}
    </I18nContext.Provider>
  );
}
