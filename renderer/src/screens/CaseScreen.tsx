import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { AuditEntry, CaseApi, CaseInfo, SourceInfo, VerifyReport } from '../../../shared/api/contract';
import { canonicalJson } from '../../../shared/canonical-json';
import { formatBytes } from '../../../shared/format-bytes';
import type { NitkaErrorValue } from '../../../shared/result';
import { ErrorBanner } from '../components/ErrorBanner';
import { useI18n } from '../i18n/i18n';

interface Props {
  api: CaseApi;
  info: CaseInfo;
  onInfo: (info: CaseInfo) => void;
  onClosed: () => void;
}

interface Notice {
  tone: 'ok' | 'warn' | 'error';
  text: string;
}

/** The open case: its metadata, evidence sources with hashes, integrity check and audit log. */
export function CaseScreen({ api, info, onInfo, onClosed }: Props) {
  const { t } = useI18n();
  const [sources, setSources] = useState<SourceInfo[]>([]);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [busy, setBusy] = useState<'add' | 'verify' | null>(null);
  const [exhibit, setExhibit] = useState('');
  const [note, setNote] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

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

  async function addEvidence(e: FormEvent) {
    e.preventDefault();
    const files = [...(fileInput.current?.files ?? [])];
    if (files.length === 0) return;
    setBusy('add');
    setError(null);
    const out: Notice[] = [];
    for (const file of files) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await api.addSource({ fileName: file.name, bytes, ...(exhibit.trim() ? { exhibit } : {}), ...(note.trim() ? { note } : {}) });
      if (!r.ok) out.push({ tone: 'error', text: t('add.failed', { file: file.name, message: r.error.message }) });
      else if (r.value.duplicate) out.push({ tone: 'warn', text: t('add.duplicate', { file: file.name, id: r.value.source.id }) });
      else out.push({ tone: 'ok', text: t('add.added', { file: file.name, sha: r.value.source.sha256 }) });
    }
    setNotices(out);
    if (fileInput.current) fileInput.current.value = '';
    await refresh();
    setBusy(null);
  }

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

      <form className="panel add-form" onSubmit={addEvidence} aria-labelledby="add-heading">
        <h2 id="add-heading">{t('add.heading')}</h2>
        <div className="row">
          <label className="field grow">
            <span>{t('add.files')}</span>
            <input ref={fileInput} type="file" multiple required data-testid="evidence-files" />
          </label>
          <label className="field">
            <span>{t('add.exhibit')}</span>
            <input value={exhibit} onChange={(e) => setExhibit(e.target.value)} data-testid="exhibit" />
          </label>
          <label className="field grow">
            <span>{t('add.note')}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} data-testid="note" />
          </label>
          <button type="submit" className="primary" disabled={busy !== null} data-testid="add-evidence">
            {busy === 'add' ? t('add.working') : t('add.submit')}
          </button>
        </div>
        {notices.length > 0 && (
          <ul className="notices" data-testid="add-notices">
            {notices.map((n, i) => (
              <li key={i} className={`notice-${n.tone}`}>
                {n.text}
              </li>
            ))}
          </ul>
        )}
      </form>

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
