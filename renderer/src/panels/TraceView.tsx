import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { TAINT_MODELS, type CaseApi, type CaseInfo, type Graph, type TraceResult } from '../../../shared/api/contract';
import type { NitkaErrorValue } from '../../../shared/result';
import { ErrorBanner } from '../components/ErrorBanner';
import { Hash } from '../components/Hash';
import type { Selection as GraphSelection } from './selection';
import { useI18n } from '../i18n/i18n';
import { useFormat } from './format';

type TraceSummary = { id: number; seed: string; direction: 'out' | 'in'; model: (typeof TAINT_MODELS)[number]; fingerprint: string; at: string; by: string; nodes: number; exits: number };

/** An address short enough for a diagram: chain prefix, first and last characters. */
export function shortAddress(a: string): string {
  const m = /^((?:[a-z0-9]+:)*)(.*)$/.exec(a);
  const body = m?.[2] ?? a;
  return body.length > 14 ? `${m?.[1] ?? ''}${body.slice(0, 6)}…${body.slice(-4)}` : a;
}

/** A day typed in a date field as the ISO time the contract takes: its start (or end) in UTC. */
const dayBound = (day: string, end: boolean) => (day ? `${day}T${end ? '23:59:59' : '00:00:00'}Z` : undefined);

/**
 * The Trace view: follow the money from (or to) a wallet through the case's transfers under a
 * taint model, stopping at labelled services (exits). Every run is saved in the case with its
 * fingerprint and audit-logged by the core; saved runs can be opened again.
 */
export function TraceView({ api, graph, selection, info }: { api: CaseApi; graph: Graph | null; selection: GraphSelection; info: CaseInfo }) {
  const { t } = useI18n();
  const selectedWallet = graph?.nodes.find((n) => n.kind === 'wallet' && selection.nodes.includes(n.id));
  const [address, setAddress] = useState(selectedWallet?.value ?? '');
  const [direction, setDirection] = useState<'out' | 'in'>('out');
  const [hops, setHops] = useState(5);
  const [model, setModel] = useState<(typeof TAINT_MODELS)[number]>('poison');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [minAmount, setMinAmount] = useState('');
  const [asset, setAsset] = useState('');
  const [result, setResult] = useState<TraceResult | null>(null);
  const [saved, setSaved] = useState<TraceSummary[]>([]);
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [busy, setBusy] = useState(false);

  // A wallet selected in the graph becomes the start, as the analyst expects after "trace this".
  useEffect(() => {
    if (selectedWallet) setAddress(selectedWallet.value);
  }, [selectedWallet?.value]);

  const loadSaved = useCallback(async () => {
    const r = await api.listTraces();
    if (r.ok) setSaved(r.value);
    else setError(r.error);
  }, [api]);

  useEffect(() => {
    void loadSaved();
  }, [loadSaved]);

  async function run(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const s = dayBound(since, false);
    const u = dayBound(until, true);
    const r = await api.trace({
      address: address.trim(),
      direction,
      hops,
      model,
      ...(s ? { since: s } : {}),
      ...(u ? { until: u } : {}),
      ...(minAmount.trim() ? { minAmount: minAmount.trim() } : {}),
      ...(asset.trim() ? { asset: asset.trim() } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setResult(r.value);
    await loadSaved();
  }

  async function open(id: number) {
    setError(null);
    const r = await api.getTrace({ id });
    if (r.ok) setResult(r.value);
    else setError(r.error);
  }

  const wallets = (graph?.nodes ?? []).filter((n) => n.kind === 'wallet');

  return (
    <main>
      <form className="panel" onSubmit={run} aria-labelledby="trace-heading">
        <h2 id="trace-heading">{t('trace.heading')}</h2>
        <div className="row">
          <label className="field grow">
            <span>{t('trace.address')}</span>
            <input value={address} onChange={(e) => setAddress(e.target.value)} list="trace-wallets" required minLength={3} spellCheck={false} placeholder="tron:T…" data-testid="trace-address" />
            <datalist id="trace-wallets">
              {wallets.map((w) => (
                <option key={w.id} value={w.value} />
              ))}
            </datalist>
          </label>
          <label className="field">
            <span>{t('trace.direction')}</span>
            <select value={direction} onChange={(e) => setDirection(e.target.value as 'out' | 'in')} data-testid="trace-direction">
              <option value="out">{t('trace.direction.out')}</option>
              <option value="in">{t('trace.direction.in')}</option>
            </select>
          </label>
          <label className="field narrow">
            <span>{t('trace.hops')}</span>
            <input type="number" min={1} max={50} value={hops} onChange={(e) => setHops(Number(e.target.value) || 1)} data-testid="trace-hops" />
          </label>
          <label className="field">
            <span>{t('trace.model')}</span>
            <select value={model} onChange={(e) => setModel(e.target.value as (typeof TAINT_MODELS)[number])} data-testid="trace-model">
              {TAINT_MODELS.map((m) => (
                <option key={m} value={m}>
                  {t(`trace.model.${m}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="row">
          <label className="field">
            <span>{t('trace.since')}</span>
            <input type="date" value={since} onChange={(e) => setSince(e.target.value)} data-testid="trace-since" />
          </label>
          <label className="field">
            <span>{t('trace.until')}</span>
            <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} data-testid="trace-until" />
          </label>
          <label className="field">
            <span>{t('trace.minAmount')}</span>
            <input value={minAmount} onChange={(e) => setMinAmount(e.target.value)} pattern="\d+(\.\d+)?" inputMode="decimal" data-testid="trace-min-amount" />
          </label>
          <label className="field grow">
            <span>{t('trace.asset')}</span>
            <input value={asset} onChange={(e) => setAsset(e.target.value)} spellCheck={false} data-testid="trace-asset" />
          </label>
          <button type="submit" className="primary" disabled={busy || address.trim().length < 3} data-testid="trace-run">
            {busy ? t('trace.running') : t('trace.run')}
          </button>
        </div>
        <p className="hint">{t('trace.hint')}</p>
      </form>
      <ErrorBanner error={error} />
      {result && <TraceResultView result={result} timeZone={info.timezone} />}
      <section className="panel" aria-labelledby="saved-traces-heading">
        <h2 id="saved-traces-heading">{t('trace.saved')}</h2>
        {saved.length === 0 ? (
          <p className="empty">{t('trace.noneSaved')}</p>
        ) : (
          <table className="grid" data-testid="saved-traces">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('trace.seed')}</th>
                <th>{t('trace.direction')}</th>
                <th>{t('trace.model')}</th>
                <th className="num">{t('trace.nodes')}</th>
                <th className="num">{t('trace.exits')}</th>
                <th>{t('trace.when')}</th>
                <th>{t('trace.fingerprint')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {saved.map((s) => (
                <SavedRow key={s.id} s={s} onOpen={open} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

function SavedRow({ s, onOpen }: { s: TraceSummary; onOpen: (id: number) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <tr>
      <td className="num">{s.id}</td>
      <td className="mono wrap">{s.seed}</td>
      <td>{t(`trace.direction.${s.direction}`)}</td>
      <td>{s.model}</td>
      <td className="num">{s.nodes}</td>
      <td className="num">{s.exits}</td>
      <td className="time">
        {fmt.dateTime(s.at)}
        <br />
        <small>{s.by}</small>
      </td>
      <td>
        <Hash value={s.fingerprint} />
      </td>
      <td>
        <button type="button" className="link" onClick={() => onOpen(s.id)}>
          {t('trace.open')}
        </button>
      </td>
    </tr>
  );
}

function TraceResultView({ result, timeZone }: { result: TraceResult; timeZone: string }) {
  const { t } = useI18n();
  const fmt = useFormat(timeZone);
  return (
    <section className="panel" aria-labelledby="trace-result-heading" data-testid="trace-result">
      <h2 id="trace-result-heading">{t('trace.result', { seed: result.seed, model: result.model })}</h2>
      <p>
        {t('trace.fingerprint')}: <code className="mono wrap" data-testid="trace-fingerprint">{result.fingerprint}</code>
      </p>
      {result.truncated && <p className="banner">{t('trace.truncated', { why: result.truncated })}</p>}
      <FlowDiagram result={result} />
      <div className="two-col">
        <div className="min0 scroll-x">
          <h3>{t('trace.nodes')}</h3>
          <table className="grid" data-testid="trace-nodes">
            <thead>
              <tr>
                <th>{t('trace.address')}</th>
                <th className="num">{t('trace.hops')}</th>
                <th className="num">{t('trace.taint')}</th>
                <th>{t('trace.labels')}</th>
              </tr>
            </thead>
            <tbody>
              {result.nodes.map((n) => (
                <tr key={n.address} className={n.exit ? 'exit' : undefined} data-exit={String(n.exit)} data-testid="trace-node">
                  <td className="mono wrap">
                    {n.address}
                    {n.exit && <span className="badge exit-badge">{t('trace.exit')}</span>}
                  </td>
                  <td className="num">{n.hops}</td>
                  <td className="num">
                    {fmt.number(n.taint)} <span className="mono" title={n.asset}>{shortAddress(n.asset)}</span>
                  </td>
                  <td className="wrap">{n.labels.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="min0 scroll-x">
          <h3>{t('trace.edges')}</h3>
          <table className="grid" data-testid="trace-edges">
            <thead>
              <tr>
                <th>{t('trace.fromTo')}</th>
                <th className="num">{t('trace.amount')}</th>
                <th className="num">{t('trace.taint')}</th>
                <th>{t('trace.time')}</th>
              </tr>
            </thead>
            <tbody>
              {result.edges.map((e, i) => (
                <tr key={i}>
                  <td className="mono wrap" title={e.tx}>
                    {shortAddress(e.from)} → {shortAddress(e.to)}
                    <br />
                    <small>
                      {t('trace.tx')} {shortAddress(e.tx)}
                    </small>
                  </td>
                  <td className="num">
                    {fmt.number(e.amount)} <span className="mono" title={e.asset}>{shortAddress(e.asset)}</span>
                  </td>
                  <td className="num">{fmt.number(e.taint)}</td>
                  <td className="time">{fmt.dateTime(e.time)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

const COL = 190;
const ROW = 46;

/** The trace as columns by hop, each transfer an arrow; exits drawn in the exit colour. */
function FlowDiagram({ result }: { result: TraceResult }) {
  const { t } = useI18n();
  const columns = new Map<number, string[]>();
  for (const n of result.nodes) columns.set(n.hops, [...(columns.get(n.hops) ?? []), n.address]);
  const pos = new Map<string, { x: number; y: number }>();
  for (const [hop, addrs] of columns) addrs.forEach((a, i) => pos.set(a, { x: 20 + hop * COL, y: 24 + i * ROW }));
  const maxHop = Math.max(0, ...columns.keys());
  const maxRows = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const width = 40 + (maxHop + 1) * COL;
  const height = 30 + maxRows * ROW;
  const exit = new Set(result.nodes.filter((n) => n.exit).map((n) => n.address));
  return (
    <svg className="flow" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={t('trace.diagram')} data-testid="trace-flow">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" className="flow-arrow" />
        </marker>
      </defs>
      {result.edges.map((e, i) => {
        const a = pos.get(e.from);
        const b = pos.get(e.to);
        if (!a || !b) return null;
        return (
          <line key={i} x1={a.x + 150} y1={a.y} x2={b.x} y2={b.y} className="flow-edge" markerEnd="url(#arrow)">
            <title>{`${e.amount} ${e.asset} · ${e.time} · ${e.tx}`}</title>
          </line>
        );
      })}
      {[...pos].map(([address, p]) => (
        <g key={address} className={exit.has(address) ? 'flow-node exit' : 'flow-node'}>
          <rect x={p.x} y={p.y - 14} width={150} height={28} rx={4} />
          <text x={p.x + 8} y={p.y + 4}>
            {shortAddress(address)}
          </text>
          <title>{address}</title>
        </g>
      ))}
    </svg>
  );
}
