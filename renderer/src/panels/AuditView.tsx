import { useEffect, useState } from 'react';
import type { AuditEntry, CaseApi, CaseInfo } from '../../../shared/api/contract';
import { canonicalJson } from '../../../shared/canonical-json';
import type { NitkaErrorValue } from '../../../shared/result';
import { ErrorBanner } from '../components/ErrorBanner';
import { useI18n } from '../i18n/i18n';
import { useFormat } from './format';

/** The hash-chained audit log, every entry with its hash on hover. */
export function AuditView({ api, info, version, active }: { api: CaseApi; info: CaseInfo; version: number; active: boolean }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [error, setError] = useState<NitkaErrorValue | null>(null);

  useEffect(() => {
    if (!active) return;
    let live = true;
    void api.auditLog({ limit: 10000 }).then((r) => {
      if (!live) return;
      if (r.ok) setAudit(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
    // Reload on every return to the view: a reveal or a trace is logged without changing the network.
  }, [api, version, info.auditEntries, active]);

  return (
    <main>
      <ErrorBanner error={error} />
      <section className="panel" aria-labelledby="audit-heading">
        <h2 id="audit-heading">{t('audit.heading')}</h2>
        <p className="hint">{t('audit.intro')}</p>
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
                <td className="time" title={e.at}>
                  {fmt.dateTime(e.at)}
                </td>
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
