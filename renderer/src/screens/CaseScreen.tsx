import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry, CaseApi, CaseInfo, SourceInfo, VerifyReport } from '../../../shared/api/contract';
import { canonicalJson } from '../../../shared/canonical-json';
import { formatBytes } from '../../../shared/format-bytes';
import type { NitkaErrorValue } from '../../../shared/result';
import { AddEvidence } from '../components/AddEvidence';
import { ChatBrowser } from '../components/ChatBrowser';
import { ErrorBanner } from '../components/ErrorBanner';
import { useI18n } from '../i18n/i18n';

interface Props {
  api: CaseApi;
  info: CaseInfo;
  onInfo: (info: CaseInfo) => void;
  onClosed: () => void;
}

/** The open case: its metadata, evidence sources with hashes, integrity check and audit log. */
export function CaseScreen({ api, info, onInfo, onClosed }: Props) {
  const { t } = useI18n();
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [busy, setBusy] = useState<'verify' | null>(null);
  /** bumps after every ingest, so the views of derived data reload */
  const [version, setVersion] = useState(0);

  const refresh = useCallback(async () => {
    const [s, a, i] = await Promise.all([api.listSources(), api.auditLog({ limit: 10000 }), api.caseInfo()]);
    if (!s.ok) return setError(s.error);
    if (!a.ok) return setError(a.error);
    if (!i.ok) return setError(i.error);
    setSources(s.value);
    setAudit(a.value);
    onInfo(i.value);
  }, [api, onInfo]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const added = useCallback(async () => {
    setVersion((v) => v + 1);
    await refresh();
  }, [refresh]);

  async function verify() {
    setBusy('verify');
    setReport(null);
    const r = await api.verify();
    setBusy(null);
    if (r.ok) setReport(r.value);
    else setError(r.error);
    await refresh();
  }

  async function close() {
    const r = await api.closeCase();
    if (r.ok) onClosed();
    else setError(r.error);
  }

  return (
    <main className="case-screen">
      <section className="panel case-header" aria-label={info.name}>
        <div>
          <h1 data-testid="case-name-heading">{info.name}</h1>
          <dl className="meta">
            <dt>{t('case.file')}</dt>
            <dd className="mono" data-testid="case-file">{info.path}</dd>
            <dt>{t('case.created')}</dt>
            <dd>{info.createdAt}</dd>
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
          <button type="button" onClick={verify} disabled={busy !== null} data-testid="verify">
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

      <AddEvidence api={api} onAdded={added} />

      <section className="panel" aria-labelledby="sources-heading">
        <h2 id="sources-heading">{t('sources.heading')}</h2>
        {sources.length === 0 ? (
          <p className="empty">{t('sources.empty')}</p>
        ) : (
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
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.id} data-testid="source-row" data-sha256={s.sha256}>
                  <td className="num">{s.id}</td>
                  <td>{s.fileName}</td>
                  <td>{s.exhibit ?? ''}</td>
                  <td className="num">{formatBytes(s.size)}</td>
                  <td className="mono hash">{s.sha256}</td>
                  <td className="time">{s.acquiredAt}</td>
                  <td className="time">
                    {s.ingestedAt}
                    <br />
                    <small>{s.ingestedBy}</small>
                  </td>
                  <td>{s.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <ChatBrowser api={api} version={version} onError={setError} />

      <section className="panel" aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t('audit.heading')}</h2>
        <table className="grid audit" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('audit.seq')}</th>
              <th>{t('audit.at')}</th>
              <th>{t('audit.actor')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((e) => (
              <tr key={e.seq} title={`SHA-256 ${e.hash}`}>
                <td className="num">{e.seq}</td>
                <td className="time">{e.at}</td>
                <td>{e.actor}</td>
                <td className="mono">{e.action}</td>
                <td className="mono details">{canonicalJson(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
