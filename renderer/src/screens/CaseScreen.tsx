import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { CASE_LANGUAGES, type CaseApi, type CaseInfo, type SourceInfo, type VerifyReport } from '../../../shared/api/contract';
import { formatBytes } from '../../../shared/format-bytes';
import type { NitkaErrorValue } from '../../../shared/result';
import { ChatBrowser } from '../components/ChatBrowser';
import { ErrorBanner } from '../components/ErrorBanner';
import { SourceReport } from '../components/SourceReport';
import { languages, useI18n } from '../i18n/i18n';
import { useFormat } from '../panels/format';

interface Props {
  api: CaseApi;
  info: CaseInfo;
  onInfo: (info: CaseInfo) => void;
  onClosed: () => void;
  /** bumps after every change of derived data */
  version: number;
  /** bumped by Ctrl+Shift+V: run the integrity check */
  verifyTick: number;
}

/** The open case: its metadata and settings, evidence sources with hashes and reports, integrity check, messages. */
export function CaseScreen({ api, info, onInfo, onClosed, version, verifyTick }: Props) {
  const { t } = useI18n();
  const fmt = useFormat(info.timezone);
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [busy, setBusy] = useState<'verify' | null>(null);
  const [openReport, setOpenReport] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    const [s, i] = await Promise.all([api.listSources(), api.caseInfo()]);
    if (!s.ok) return setError(s.error);
    if (!i.ok) return setError(i.error);
    setSources(s.value);
    onInfo(i.value);
  }, [api, onInfo]);

  useEffect(() => {
    void refresh();
  }, [refresh, version]);

  const verify = useCallback(async () => {
    setBusy('verify');
    setReport(null);
    const r = await api.verify();
    setBusy(null);
    if (r.ok) setReport(r.value);
    else setError(r.error);
    await refresh();
  }, [api, refresh]);

  const lastTick = useRef(verifyTick);
  useEffect(() => {
    if (verifyTick !== lastTick.current) {
      lastTick.current = verifyTick;
      void verify();
    }
  }, [verifyTick, verify]);

  async function close() {
    const r = await api.closeCase();
    if (r.ok) onClosed();
    else setError(r.error);
  }

  return (
    <main className="case-screen">
      <section className="panel case-header" aria-label={info.name}>
        <div className="min0">
          <h1 data-testid="case-name-heading">{info.name}</h1>
          <dl className="meta">
            <dt>{t('case.file')}</dt>
            <dd className="mono wrap" data-testid="case-file">{info.path}</dd>
            <dt>{t('case.created')}</dt>
            <dd>{fmt.dateTime(info.createdAt)}</dd>
            <dt>{t('case.timezone')}</dt>
            <dd>{info.timezone}</dd>
            <dt>{t('case.region')}</dt>
            <dd>{info.defaultRegion}</dd>
            <dt>{t('case.sources')}</dt>
            <dd data-testid="source-count">{info.sourceCount}</dd>
            <dt>{t('case.auditEntries')}</dt>
            <dd>{info.auditEntries}</dd>
          </dl>
        </div>
        <div className="actions">
          <button type="button" onClick={verify} disabled={busy !== null} data-testid="verify" title="Ctrl+Shift+V">
            {t('verify.button')}
          </button>
          <button type="button" onClick={close} disabled={busy !== null} data-testid="close-case">
            {t('case.close')}
          </button>
        </div>
      </section>

      <ErrorBanner error={error} />
      {busy === 'verify' && <p className="banner">{t('verify.working')}</p>}
      {report && (
        <div className={`banner ${report.ok ? 'banner-ok' : 'banner-error'}`} role="status" data-testid="verify-result" data-ok={String(report.ok)}>
          <strong>
            {report.ok
              ? t('verify.ok', { sources: report.sourcesChecked, bytes: formatBytes(report.bytesChecked), entries: report.entriesChecked })
              : t('verify.failed', { count: report.problems.length })}
          </strong>
          {report.problems.length > 0 && (
            <ul>
              {report.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <CaseSettings api={api} info={info} onInfo={onInfo} />

      <section className="panel" aria-labelledby="sources-heading">
        <h2 id="sources-heading">{t('sources.heading')}</h2>
        {sources.length === 0 ? (
          <p className="empty">{t('sources.empty')}</p>
        ) : (
          <div className="scroll-x">
            <table className="grid" data-testid="sources-table">
              <thead>
                <tr>
                  <th>{t('sources.id')}</th>
                  <th>{t('sources.fileName')}</th>
                  <th>{t('sources.exhibit')}</th>
                  <th className="num">{t('sources.size')}</th>
                  <th>{t('sources.sha256')}</th>
                  <th>{t('sources.acquired')}</th>
                  <th>{t('sources.ingested')}</th>
                  <th>{t('sources.note')}</th>
                  <th>{t('sources.report')}</th>
                </tr>
              </thead>
              <tbody>
                {sources.map((s) => (
                  <Fragment key={s.id}>
                    <tr data-testid="source-row" data-sha256={s.sha256}>
                      <td className="num">{s.id}</td>
                      <td className="wrap">{s.fileName}</td>
                      <td>{s.exhibit ?? ''}</td>
                      <td className="num">{formatBytes(s.size)}</td>
                      <td className="mono hash">{s.sha256}</td>
                      <td className="time">{fmt.dateTime(s.acquiredAt)}</td>
                      <td className="time">
                        {fmt.dateTime(s.ingestedAt)}
                        <br />
                        <small>{s.ingestedBy}</small>
                      </td>
                      <td className="wrap">{s.note ?? ''}</td>
                      <td>
                        <button type="button" className="link" aria-expanded={openReport === s.id} onClick={() => setOpenReport(openReport === s.id ? null : s.id)} data-testid="source-report-toggle">
                          {openReport === s.id ? t('sources.hideReport') : t('sources.showReport')}
                        </button>
                      </td>
                    </tr>
                    {openReport === s.id && (
                      <tr className="expanded">
                        <td colSpan={9}>
                          <SourceReport api={api} sourceId={s.id} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <ChatBrowser api={api} version={version} onError={setError} />
    </main>
  );
}

/** Name, time zone, default phone region and working language of the case; each change is audit-logged by the core. */
function CaseSettings({ api, info, onInfo }: { api: CaseApi; info: CaseInfo; onInfo: (info: CaseInfo) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(info.name);
  const [timezone, setTimezone] = useState(info.timezone);
  const [region, setRegion] = useState(info.defaultRegion);
  const [language, setLanguage] = useState(info.language);
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  // Offer the zones the platform knows; a typed one is still validated by the contract.
  const zones = useState(() => (typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []))[0];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const changes = {
      ...(name.trim() !== info.name ? { name: name.trim() } : {}),
      ...(timezone.trim() !== info.timezone ? { timezone: timezone.trim() } : {}),
      ...(region.trim().toUpperCase() !== info.defaultRegion ? { defaultRegion: region.trim().toUpperCase() } : {}),
      ...(language !== info.language ? { language } : {}),
    };
    if (Object.keys(changes).length === 0) return setSaved(true);
    setBusy(true);
    const r = await api.updateSettings(changes);
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onInfo(r.value);
    setSaved(true);
  }

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="settings-heading" data-testid="settings-form">
      <h2 id="settings-heading">{t('settings.heading')}</h2>
      <div className="row">
        <label className="field grow">
          <span>{t('settings.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-testid="settings-name" />
        </label>
        <label className="field">
          <span>{t('case.timezone')}</span>
          <input value={timezone} onChange={(e) => setTimezone(e.target.value)} list="time-zones" required spellCheck={false} data-testid="settings-timezone" />
          <datalist id="time-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </label>
        <label className="field narrow">
          <span>{t('case.region')}</span>
          <input value={region} onChange={(e) => setRegion(e.target.value)} pattern="[A-Za-z]{2}" maxLength={2} required data-testid="settings-region" />
        </label>
        <label className="field">
          <span>{t('settings.language')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value as CaseInfo['language'])} data-testid="settings-language">
            {CASE_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languages[l]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="settings-save">
          {t('settings.save')}
        </button>
      </div>
      <p className="hint">{t('settings.hint')}</p>
      <ErrorBanner error={error} />
      {saved && (
        <p className="banner banner-ok" role="status" data-testid="settings-saved">
          {t('settings.saved')}
        </p>
      )}
    </form>
  );
}
