import { useEffect, useState } from 'react';
import type { CaseApi, IngestReport, SourceReport as SourceReportValue } from '../../../shared/api/contract';
import type { NitkaErrorValue } from '../../../shared/result';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { ErrorBanner } from './ErrorBanner';

/** The counts of an ingest report worth showing, in a fixed order, with their labels. */
const COUNTS: ReadonlyArray<[keyof IngestReport, MessageKey]> = [
  ['messages', 'report.messages'],
  ['systemEvents', 'report.systemEvents'],
  ['accounts', 'report.accounts'],
  ['identifiers', 'report.identifiers'],
  ['attachments', 'report.attachments'],
  ['ads', 'report.ads'],
  ['images', 'report.images'],
  ['transfers', 'report.transfers'],
  ['labels', 'report.labels'],
  ['links', 'report.links'],
  ['suggestions', 'report.suggestions'],
  ['clusters', 'report.clusters'],
  ['fragments', 'report.fragments'],
];
const FRAGMENT_LIMIT = 200;

/** One source's ingest report, fetched when asked for: what was read, and each line that was not. */
export function SourceReport({ api, sourceId }: { api: CaseApi; sourceId: number }) {
  const { t } = useI18n();
  const [report, setReport] = useState<SourceReportValue | null>(null);
  const [error, setError] = useState<NitkaErrorValue | null>(null);

  useEffect(() => {
    let live = true;
    void api.sourceReport({ sourceId, limit: FRAGMENT_LIMIT }).then((r) => {
      if (!live) return;
      if (r.ok) setReport(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [api, sourceId]);

  if (error) return <ErrorBanner error={error} />;
  if (!report) return <p className="hint">{t('app.loading')}</p>;
  const r = report.report;
  return (
    <div className="source-report" data-testid="source-report">
      {r ? (
        <>
          <p>
            {t('report.format')}: <strong className="mono">{r.format}</strong>
            {r.dateOrder && ` · ${t('report.dateOrder')}: ${r.dateOrder}`}
            {r.timezone && ` · ${t('case.timezone')}: ${r.timezone}`}
            {r.mappingName && ` · ${t('report.mapping')}: ${r.mappingName}`}
          </p>
          <ul className="counts">
            {COUNTS.filter(([k]) => typeof r[k] === 'number' && (r[k] as number) > 0).map(([k, label]) => (
              <li key={k}>
                <strong>{r[k] as number}</strong> {t(label)}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="hint">{t('report.none')}</p>
      )}
      {report.fragmentCount > 0 && (
        <>
          <h3>{t('report.fragmentsHeading', { count: report.fragmentCount })}</h3>
          <table className="grid" data-testid="fragments-table">
            <thead>
              <tr>
                <th className="num">{t('report.line')}</th>
                <th className="num">{t('report.offset')}</th>
                <th>{t('report.text')}</th>
              </tr>
            </thead>
            <tbody>
              {report.fragments.map((f, i) => (
                <tr key={i}>
                  <td className="num">{f.line ?? ''}</td>
                  <td className="num">{f.offset ?? ''}</td>
                  <td className="mono body">{f.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.fragmentCount > report.fragments.length && <p className="hint">{t('report.moreFragments', { shown: report.fragments.length, count: report.fragmentCount })}</p>}
        </>
      )}
    </div>
  );
}
