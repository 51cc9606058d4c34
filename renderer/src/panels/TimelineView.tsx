import { useEffect, useMemo, useRef, useState, type FormEvent, type WheelEvent } from 'react';
import type { CaseApi, CaseInfo, Graph, TimelineEvent } from '../../../shared/api/contract';
import type { NitkaErrorValue } from '../../../shared/result';
import { ErrorBanner } from '../components/ErrorBanner';
import { useI18n } from '../i18n/i18n';
import { useFormat } from './format';
import { extent, pan, ticks, zoom, type Window } from './time-axis';
import { nodeRefOf } from './VictimsView';

const KINDS = ['message', 'system', 'call', 'ad', 'transfer'] as const;
const WIDTH = 1000;
const LEFT = 90;
const LANE = 26;
const TOP = 12;
const AXIS = TOP + KINDS.length * LANE;
const HEIGHT = AXIS + 34;
const LIMIT = 5000;

/**
 * The Timeline view: the messages, calls, ads and transfers of the selected nodes on one time
 * axis (a lane per kind), zoomable with the wheel or the buttons, and the events listed below
 * with their source and place. Times are shown in the case's time zone.
 */
export function TimelineView({ api, info, graph, nodes, onNodes }: { api: CaseApi; info: CaseInfo; graph: Graph | null; nodes: number[]; onNodes: (n: number[]) => void }) {
  const { t } = useI18n();
  const fmt = useFormat(info.timezone);
  const named = nodes.map((id) => graph?.nodes.find((n) => n.id === id)?.value ?? String(id));
  const [typed, setTyped] = useState(named.join(', '));
  const [refs, setRefs] = useState<Array<number | string>>(nodes);
  const [events, setEvents] = useState<TimelineEvent[] | null>(null);
  const [truncated, setTruncated] = useState(false);
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [view, setView] = useState<Window | null>(null);
  const [active, setActive] = useState<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);

  useEffect(() => {
    if (refs.length === 0) return;
    let live = true;
    setError(null);
    void api.timeline({ nodes: refs, limit: LIMIT }).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setEvents(r.value.events);
      setTruncated(r.value.truncated);
      setView(null);
      setActive(null);
    });
    return () => {
      live = false;
    };
  }, [api, refs]);

  const times = useMemo(() => (events ?? []).map((e) => Date.parse(e.at)), [events]);
  const bounds = useMemo(() => extent(times.filter((x) => !Number.isNaN(x))), [times]);
  const win = view ?? bounds;
  const x = (ms: number) => LEFT + ((ms - win[0]) / (win[1] - win[0])) * (WIDTH - LEFT - 10);
  const axis = ticks(win, 8);

  function submit(e: FormEvent) {
    e.preventDefault();
    const list = typed.split(',').map((s) => s.trim()).filter(Boolean).map(nodeRefOf);
    setRefs(list);
    onNodes(list.filter((r): r is number => typeof r === 'number'));
  }

  function wheel(e: WheelEvent<SVGSVGElement>) {
    const box = svg.current?.getBoundingClientRect();
    if (!box) return;
    const anchor = ((e.clientX - box.left) / box.width) * (WIDTH / (WIDTH - LEFT - 10)) - LEFT / (WIDTH - LEFT - 10);
    setView(zoom(win, e.deltaY < 0 ? 0.8 : 1.25, anchor, bounds));
  }

  const tickLabel = (ms: number) => (axis.step >= 24 * 3_600_000 ? fmt.date(ms) : fmt.dateTime(new Date(ms).toISOString()));

  return (
    <main>
      <form className="panel" onSubmit={submit} aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('timeline.heading')}</h2>
        <div className="row">
          <label className="field grow">
            <span>{t('timeline.nodes')}</span>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="+381641234567, 42" spellCheck={false} data-testid="timeline-nodes" />
          </label>
          <button type="submit" className="primary" disabled={!typed.trim()} data-testid="timeline-show">
            {t('timeline.show')}
          </button>
        </div>
        <p className="hint">{t('timeline.hint', { zone: info.timezone })}</p>
      </form>
      <ErrorBanner error={error} />
      {events && (
        <section className="panel" aria-labelledby="timeline-axis-heading">
          <div className="panel-head">
            <h2 id="timeline-axis-heading">{t('timeline.events', { count: fmt.number(events.length) })}</h2>
            <div className="actions">
              <button type="button" onClick={() => setView(pan(win, -0.25, bounds))} aria-label={t('timeline.earlier')} data-testid="timeline-earlier">
                ←
              </button>
              <button type="button" onClick={() => setView(zoom(win, 0.5, 0.5, bounds))} aria-label={t('timeline.zoomIn')} data-testid="timeline-zoom-in">
                +
              </button>
              <button type="button" onClick={() => setView(zoom(win, 2, 0.5, bounds))} aria-label={t('timeline.zoomOut')} data-testid="timeline-zoom-out">
                −
              </button>
              <button type="button" onClick={() => setView(pan(win, 0.25, bounds))} aria-label={t('timeline.later')} data-testid="timeline-later">
                →
              </button>
              <button type="button" onClick={() => setView(null)} data-testid="timeline-reset">
                {t('timeline.reset')}
              </button>
            </div>
          </div>
          {truncated && <p className="banner">{t('timeline.truncated', { count: fmt.number(LIMIT) })}</p>}
          <svg ref={svg} className="timeline" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} onWheel={wheel} role="img" aria-label={t('timeline.axisLabel')} data-testid="timeline-svg">
            {KINDS.map((k, i) => (
              <g key={k}>
                <line x1={LEFT} x2={WIDTH - 10} y1={TOP + i * LANE + LANE / 2} y2={TOP + i * LANE + LANE / 2} className="lane" />
                <text x={4} y={TOP + i * LANE + LANE / 2 + 4} className="lane-label">
                  {t(`timeline.kind.${k}`)}
                </text>
              </g>
            ))}
            <line x1={LEFT} x2={WIDTH - 10} y1={AXIS} y2={AXIS} className="axis" />
            {axis.at.map((ms) => (
              <g key={ms}>
                <line x1={x(ms)} x2={x(ms)} y1={AXIS} y2={AXIS + 5} className="axis" />
                <text x={x(ms)} y={AXIS + 18} className="tick" textAnchor="middle">
                  {tickLabel(ms)}
                </text>
              </g>
            ))}
            {(events ?? []).map((e, i) => {
              const ms = times[i]!;
              if (Number.isNaN(ms) || ms < win[0] || ms > win[1]) return null;
              const lane = KINDS.indexOf(e.kind);
              return (
                <circle key={i} cx={x(ms)} cy={TOP + lane * LANE + LANE / 2} r={active === i ? 7 : 5} className={`event ev-${e.kind}${active === i ? ' active' : ''}`} onClick={() => setActive(i)} data-testid="timeline-dot">
                  <title>{`${fmt.dateTime(e.at)} · ${e.title}`}</title>
                </circle>
              );
            })}
          </svg>
          <ul className="legend">
            {KINDS.map((k) => (
              <li key={k}>
                <span className={`swatch ev-${k}`} aria-hidden="true" /> {t(`timeline.kind.${k}`)}
              </li>
            ))}
          </ul>
          {events.length === 0 ? (
            <p className="empty">{t('timeline.empty')}</p>
          ) : (
            <table className="grid" data-testid="timeline-table">
              <thead>
                <tr>
                  <th>{t('timeline.time')}</th>
                  <th>{t('timeline.kind')}</th>
                  <th>{t('timeline.what')}</th>
                  <th className="num">{t('trace.amount')}</th>
                  <th>{t('evidence.source')}</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e, i) => (
                  <tr key={i} className={active === i ? 'active' : undefined} onClick={() => setActive(i)} data-testid="timeline-row">
                    <td className="time">{fmt.dateTime(e.at)}</td>
                    <td className="time">
                      <span className={`swatch ev-${e.kind}`} aria-hidden="true" /> {t(`timeline.kind.${e.kind}`)}
                    </td>
                    <td className="wrap">
                      <strong>{e.title}</strong>
                      {e.text && <div className="body">{e.text}</div>}
                    </td>
                    <td className="num">{e.amount !== null ? `${fmt.number(e.amount)} ${e.asset ?? ''}` : ''}</td>
                    <td className="wrap">
                      {e.fileName ?? ''}
                      {e.locator.line !== null && <small> {t('locator.line', { line: e.locator.line })}</small>}
                      {e.locator.offset !== null && <small> {t('locator.offset', { offset: e.locator.offset })}</small>}
                      {e.locator.ref && <small className="mono"> {e.locator.ref}</small>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </main>
  );
}
