import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { CaseApi, Graph, GraphNode, VictimInfo } from '../../../shared/api/contract';
import type { NitkaErrorValue } from '../../../shared/result';
import { ErrorBanner } from '../components/ErrorBanner';
import type { Selection as GraphSelection } from './selection';
import { useI18n } from '../i18n/i18n';
import { FLAGGABLE } from './EvidencePanel';
import { useFormat } from './format';

type Revealed = GraphNode & { realValue: string; realLabel: string | null };

/** A node reference as typed: a number is a node id, anything else a canonical value. */
export function nodeRefOf(text: string): number | string {
  const s = text.trim();
  return /^\d+$/.test(s) ? Number(s) : s;
}

/**
 * Victim protection. A flagged person or account and the identifiers it uses show as a pseudonym
 * (V-001…) everywhere; the real identity appears only after a reveal with a reason, which the core
 * writes to the audit log, and only until the analyst leaves this view.
 */
export function VictimsView({ api, version, graph, selection, onChanged, active }: {
  api: CaseApi;
  version: number;
  graph: Graph | null;
  selection: GraphSelection;
  onChanged: () => void;
  /** whether the view is on screen: leaving it hides every revealed identity again */
  active: boolean;
}) {
  const { t } = useI18n();
  const fmt = useFormat();
  const [victims, setVictims] = useState<VictimInfo[]>([]);
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const selected = selection.nodes.length === 1 ? graph?.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
  const [node, setNode] = useState(selected && FLAGGABLE.has(selected.kind) && !selected.victim ? String(selected.id) : '');
  const [note, setNote] = useState('');
  const [revealing, setRevealing] = useState<string | null>(null);
  // Kept in this view only, and dropped as soon as the analyst leaves it (see `active`).
  const [revealed, setRevealed] = useState<Record<string, Revealed[]>>({});

  // A flaggable node selected in the graph is offered in the form.
  const offer = selected && FLAGGABLE.has(selected.kind) && !selected.victim ? String(selected.id) : null;
  useEffect(() => {
    if (offer) setNode(offer);
  }, [offer]);

  useEffect(() => {
    if (!active) {
      setRevealed({});
      setRevealing(null);
    }
  }, [active]);

  const load = useCallback(async () => {
    const r = await api.listVictims();
    if (r.ok) setVictims(r.value);
    else setError(r.error);
  }, [api]);

  useEffect(() => {
    void load();
  }, [load, version]);

  async function flag(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!node.trim()) return;
    const r = await api.flagVictim({ node: nodeRefOf(node), ...(note.trim() ? { note: note.trim() } : {}) });
    if (!r.ok) return setError(r.error);
    setNode('');
    setNote('');
    onChanged();
    await load();
  }

  async function unflag(v: VictimInfo) {
    setError(null);
    const r = await api.unflagVictim({ node: v.nodeId });
    if (!r.ok) return setError(r.error);
    setRevealed(({ [v.pseudonym]: _gone, ...rest }) => rest);
    onChanged();
    await load();
  }

  const nameOf = (id: number) => graph?.nodes.find((n) => n.id === id);

  return (
    <main>
      <section className="panel" aria-labelledby="victims-heading">
        <h2 id="victims-heading">{t('victims.heading')}</h2>
        <p className="hint">{t('victims.intro')}</p>
        <form className="row" onSubmit={flag}>
          <label className="field grow">
            <span>{t('victims.node')}</span>
            <input value={node} onChange={(e) => setNode(e.target.value)} placeholder={t('victims.nodePlaceholder')} data-testid="victim-node" />
          </label>
          <label className="field grow">
            <span>{t('victims.note')}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} data-testid="victim-note" />
          </label>
          <button type="submit" className="primary" disabled={!node.trim()} data-testid="victim-flag">
            {t('victims.flag')}
          </button>
        </form>
        <ErrorBanner error={error} />
        {victims.length === 0 ? (
          <p className="empty">{t('victims.empty')}</p>
        ) : (
          <table className="grid" data-testid="victims-table">
            <thead>
              <tr>
                <th>{t('victims.pseudonym')}</th>
                <th>{t('victims.kind')}</th>
                <th>{t('victims.covers')}</th>
                <th>{t('victims.flagged')}</th>
                <th>{t('victims.note')}</th>
                <th>{t('victims.identity')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {victims.map((v) => (
                <tr key={v.pseudonym} data-testid="victim-row">
                  <td>
                    <strong className="badge victim">{v.pseudonym}</strong>
                  </td>
                  <td>{t(`kind.${v.kind}`)}</td>
                  <td className="wrap">
                    {v.coveredNodeIds
                      .map((id) => nameOf(id)?.value ?? `#${id}`)
                      .join(', ')}
                  </td>
                  <td className="time">
                    {fmt.dateTime(v.flaggedAt)}
                    <br />
                    <small>{v.flaggedBy}</small>
                  </td>
                  <td className="wrap">{v.note ?? ''}</td>
                  <td className="wrap" data-testid="victim-identity">
                    {revealed[v.pseudonym] ? (
                      <ul className="revealed">
                        {revealed[v.pseudonym]!.map((n) => (
                          <li key={n.id}>
                            {t(`kind.${n.kind}`)}: <strong>{n.realValue}</strong>
                            {n.realLabel && ` (${n.realLabel})`}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">{t('victims.hidden')}</span>
                    )}
                  </td>
                  <td className="actions">
                    {!revealed[v.pseudonym] && (
                      <button type="button" onClick={() => setRevealing(v.pseudonym)} data-testid="victim-reveal">
                        {t('victims.reveal')}
                      </button>
                    )}
                    <button type="button" onClick={() => unflag(v)} data-testid="victim-unflag">
                      {t('victims.unflag')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {revealing && (
        <RevealDialog
          api={api}
          pseudonym={revealing}
          onClose={() => setRevealing(null)}
          onRevealed={(nodes) => {
            setRevealed((r) => ({ ...r, [revealing]: nodes }));
            setRevealing(null);
          }}
        />
      )}
    </main>
  );
}

function RevealDialog({ api, pseudonym, onClose, onRevealed }: { api: CaseApi; pseudonym: string; onClose: () => void; onRevealed: (nodes: Revealed[]) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await api.revealVictim({ pseudonym, reason: reason.trim() });
    if (!r.ok) return setError(r.error);
    onRevealed(r.value.nodes);
  }

  return (
    <div className="overlay" role="presentation">
      <form className="panel dialog" role="dialog" aria-modal="true" aria-labelledby="reveal-heading" onSubmit={submit} data-testid="reveal-dialog">
        <h2 id="reveal-heading">{t('victims.revealHeading', { pseudonym })}</h2>
        <p>{t('victims.revealWarning')}</p>
        <label className="field">
          <span>{t('victims.reason')}</span>
          <textarea ref={input} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} minLength={3} maxLength={1000} required data-testid="reveal-reason" />
        </label>
        <ErrorBanner error={error} />
        <div className="actions end">
          <button type="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="primary" disabled={reason.trim().length < 3} data-testid="reveal-submit">
            {t('victims.revealSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
