import { useCallback, useEffect, useState } from 'react';
import type { CaseApi, SuggestionInfo } from '../../../shared/api/contract';
import type { NitkaErrorValue } from '../../../shared/result';
import { ErrorBanner } from '../components/ErrorBanner';
import { useI18n } from '../i18n/i18n';
import { NodeName } from './EvidencePanel';
import { useFormat } from './format';

type Status = 'open' | 'accepted' | 'rejected' | 'all';
type Decision = 'merge' | 'reject' | 'reopen';

/** The resolution queue: who is probably one human, why, and the analyst's decision (audit-logged by the core). */
export function SuggestionsView({ api, version, onChanged }: { api: CaseApi; version: number; onChanged: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [status, setStatus] = useState<Status>('open');
  const [items, setItems] = useState<SuggestionInfo[] | null>(null);
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<number | null>(null);

  const load = useCallback(async () => {
    const r = await api.listSuggestions({ status });
    if (r.ok) setItems(r.value);
    else setError(r.error);
  }, [api, status]);

  useEffect(() => {
    void load();
  }, [load, version]);

  async function decide(s: SuggestionInfo, decision: Decision) {
    setBusy(s.id);
    setError(null);
    const r = await api.decideSuggestion({ decision, suggestionId: s.id, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(null);
    if (!r.ok) return setError(r.error);
    setNote('');
    // The merge changed the network: the graph and every view of it reload.
    onChanged();
    await load();
  }

  return (
    <main>
      <section className="panel" aria-labelledby="suggestions-heading">
        <h2 id="suggestions-heading">{t('suggestions.heading')}</h2>
        <p className="hint">{t('suggestions.intro')}</p>
        <div className="row">
          <label className="field">
            <span>{t('suggestions.status')}</span>
            <select value={status} onChange={(e) => setStatus(e.target.value as Status)} data-testid="suggestion-status">
              {(['open', 'accepted', 'rejected', 'all'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`suggestions.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field grow">
            <span>{t('suggestions.note')}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} data-testid="suggestion-note" />
          </label>
        </div>
        <ErrorBanner error={error} />
        {items && items.length === 0 && <p className="empty">{t('suggestions.empty')}</p>}
        <ul className="suggestions" data-testid="suggestions">
          {(items ?? []).map((s) => (
            <li key={s.id} className="suggestion" data-testid="suggestion" data-status={s.status}>
              <div className="suggestion-head">
                <strong>#{s.id}</strong>
                <span className="badge" title={t('suggestions.scoreHint')}>
                  {t('suggestions.score', { score: fmt.number(Math.round(s.score * 100) / 100) })}
                </span>
                <span className={`badge status-${s.status}`}>{t(`suggestions.status.${s.status}`)}</span>
              </div>
              <ul className="suggestion-nodes">
                {s.nodes.map((n) => (
                  <li key={n.id}>
                    <NodeName node={n} />
                  </li>
                ))}
              </ul>
              <table className="grid reasons">
                <thead>
                  <tr>
                    <th>{t('suggestions.reason')}</th>
                    <th>{t('suggestions.detail')}</th>
                    <th className="num">{t('suggestions.weight')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.reasons.map((r, i) => (
                    <tr key={i}>
                      <td className="mono">{r.code}</td>
                      <td className="wrap">{r.detail}</td>
                      <td className="num">{fmt.number(Math.round(r.weight * 100) / 100)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="actions">
                {s.status === 'open' ? (
                  <>
                    <button type="button" className="primary" disabled={busy !== null} onClick={() => decide(s, 'merge')} data-testid="suggestion-accept">
                      {t('suggestions.accept')}
                    </button>
                    <button type="button" disabled={busy !== null} onClick={() => decide(s, 'reject')} data-testid="suggestion-reject">
                      {t('suggestions.reject')}
                    </button>
                  </>
                ) : (
                  <button type="button" disabled={busy !== null} onClick={() => decide(s, 'reopen')} data-testid="suggestion-reopen">
                    {t('suggestions.reopen')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
