import { useEffect, useState } from 'react';
import type { CaseApi, ExplainedLink, Graph, GraphNode, LinkEvidence, NodeEvidence, Why } from '../../../shared/api/contract';
import type { NitkaErrorValue } from '../../../shared/result';
import { ErrorBanner } from '../components/ErrorBanner';
import { Hash } from '../components/Hash';
import type { Selection as GraphSelection } from './selection';
import { useI18n } from '../i18n/i18n';
import { useFormat } from './format';
import { highlightSegments } from './highlight';

/** Node kinds that can be a victim: a human, or what a human uses to be reached. */
export const FLAGGABLE = new Set<GraphNode['kind']>(['person', 'account', 'phone', 'email', 'handle']);
const EVIDENCE_LIMIT = 50;

type Loaded = { kind: 'node'; value: NodeEvidence } | { kind: 'why'; value: Why; edge: number | null };

/** The nodes a selection concerns: the selected nodes, or the two ends of the selected link. */
export function selectedNodeIds(selection: GraphSelection, graph: Graph | null): number[] {
  if (selection.edge !== null) {
    const e = graph?.edges.find((x) => x.id === selection.edge);
    return e ? [e.source, e.target] : [];
  }
  return selection.nodes;
}

/**
 * Everything that supports the selection: for one node each of its links with the evidence, for a
 * link or two nodes the links between them or, failing that, the shortest chain with the
 * evidence of each hop. Every piece names its source file, exhibit, place and SHA-256.
 */
export function EvidencePanel({ api, graph, selection, version, onChanged, onOpenTimeline }: {
  api: CaseApi;
  graph: Graph | null;
  selection: GraphSelection;
  version: number;
  onChanged: () => void;
  onOpenTimeline: (nodes: number[]) => void;
}) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<NitkaErrorValue | null>(null);
  const [busy, setBusy] = useState(false);
  const nodes = selectedNodeIds(selection, graph);
  const key = `${selection.edge ?? ''}|${nodes.join(',')}`;

  useEffect(() => {
    let live = true;
    setError(null);
    setLoaded(null);
    const ids = key.split('|')[1]!.split(',').filter(Boolean).map(Number);
    const edge = selection.edge;
    if (ids.length === 0) return;
    const request =
      ids.length === 1
        ? api.nodeEvidence({ node: ids[0]!, evidenceLimit: EVIDENCE_LIMIT }).then((r) => (r.ok ? { ok: true as const, value: { kind: 'node' as const, value: r.value } } : r))
        : api.why({ a: ids[0]!, b: ids[1]!, evidenceLimit: EVIDENCE_LIMIT }).then((r) => (r.ok ? { ok: true as const, value: { kind: 'why' as const, value: r.value, edge } } : r));
    setBusy(true);
    void request.then((r) => {
      if (!live) return;
      setBusy(false);
      if (r.ok) setLoaded(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
    // `key` stands for the selection (the edge id is part of it), so an equal new selection object does not reload.
  }, [api, key, version]);

  async function flag(node: GraphNode) {
    const r = await api.flagVictim({ node: node.id });
    if (!r.ok) return setError(r.error);
    onChanged();
  }

  const single = loaded?.kind === 'node' ? loaded.value.node : null;

  return (
    <aside className="evidence-panel panel" aria-labelledby="evidence-heading" data-testid="evidence-panel">
      <h2 id="evidence-heading">{t('evidence.heading')}</h2>
      {nodes.length === 0 && <p className="empty">{t('evidence.empty')}</p>}
      <ErrorBanner error={error} />
      {busy && <p className="hint">{t('app.loading')}</p>}
      {nodes.length > 0 && (
        <div className="actions wrap-actions">
          {single && FLAGGABLE.has(single.kind) && !single.victim && (
            <button type="button" onClick={() => flag(single)} data-testid="flag-victim">
              {t('evidence.flagVictim')}
            </button>
          )}
          <button type="button" onClick={() => onOpenTimeline(nodes)} data-testid="open-timeline" title="Ctrl+Shift+L">
            {t('evidence.openTimeline')}
          </button>
        </div>
      )}
      {loaded?.kind === 'node' && <NodeEvidenceView value={loaded.value} />}
      {loaded?.kind === 'why' && <WhyView value={loaded.value} edge={loaded.edge} />}
    </aside>
  );
}

/** A node as the panel names it: kind, value (a pseudonym for a victim) and name. */
export function NodeName({ node }: { node: GraphNode }) {
  const { t } = useI18n();
  return (
    <span className="node-name">
      <span className={`kind kind-${node.kind}`}>{t(`kind.${node.kind}`)}</span> <span className="mono wrap">{node.value}</span>
      {node.label && node.label !== node.value && <span className="muted"> · {node.label}</span>}
      {node.victim && (
        <span className="badge victim" title={t('victims.maskedHint')}>
          {node.victim}
        </span>
      )}
      {node.tags.map((tag) => (
        <span key={tag} className="badge">
          {tag}
        </span>
      ))}
    </span>
  );
}

function NodeEvidenceView({ value }: { value: NodeEvidence }) {
  const { t } = useI18n();
  return (
    <div data-testid="node-evidence">
      <p className="selected-node">
        <NodeName node={value.node} />
      </p>
      {value.notes.length > 0 && (
        <ul className="notes">
          {value.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {value.links.length === 0 && <p className="empty">{t('evidence.noLinks')}</p>}
      {value.links.map((l) => (
        <section key={l.link.id} className="link-block">
          <h3>
            {t(`link.${l.link.kind}`)} <NodeName node={l.other} />
          </h3>
          <LinkFacts link={l.link} />
          <EvidenceList evidence={l.evidence} total={l.link.evidenceCount} />
        </section>
      ))}
    </div>
  );
}

function WhyView({ value, edge }: { value: Why; edge: number | null }) {
  const { t } = useI18n();
  const direct: ExplainedLink[] = edge === null ? value.direct : value.direct.filter((d) => d.link.id === edge).concat(value.direct.filter((d) => d.link.id !== edge));
  return (
    <div data-testid="why">
      <p className="selected-node">
        <NodeName node={value.a} /> ↔ <NodeName node={value.b} />
      </p>
      {direct.map((d) => (
        <section key={d.link.id} className="link-block">
          <h3>{t(`link.${d.link.kind}`)}</h3>
          <LinkFacts link={d.link} />
          <EvidenceList evidence={d.evidence} total={d.link.evidenceCount} />
        </section>
      ))}
      {direct.length === 0 && value.path && (
        <>
          <p className="hint">{t('evidence.pathIntro', { hops: value.path.length })}</p>
          <ol className="why-path" data-testid="why-path">
            {value.path.map((hop) => (
              <li key={hop.link.id} className="link-block">
                <h3>
                  <NodeName node={hop.from} /> → {t(`link.${hop.link.kind}`)} → <NodeName node={hop.to} />
                </h3>
                <EvidenceList evidence={hop.evidence} total={hop.link.evidenceCount} />
              </li>
            ))}
          </ol>
        </>
      )}
      {direct.length === 0 && !value.path && <p className="empty">{t('evidence.unconnected')}</p>}
    </div>
  );
}

function LinkFacts({ link }: { link: ExplainedLink['link'] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  return (
    <p className="hint">
      {t('evidence.linkFacts', { count: link.evidenceCount, weight: Math.round(link.weight * 100) / 100 })}
      {link.firstSeen && ` · ${t('evidence.seen', { first: fmt.dateTime(link.firstSeen), last: fmt.dateTime(link.lastSeen ?? link.firstSeen) })}`}
    </p>
  );
}

function EvidenceList({ evidence, total }: { evidence: LinkEvidence[]; total: number }) {
  const { t } = useI18n();
  return (
    <>
      <ul className="evidence-list">
        {evidence.map((e, i) => (
          <EvidenceItem key={i} e={e} />
        ))}
      </ul>
      {total > evidence.length && <p className="hint">{t('evidence.more', { shown: evidence.length, total })}</p>}
    </>
  );
}

/** The places an evidence locator names, in words: line, byte offset, message id, ad and field. */
function locatorParts(e: LinkEvidence, t: ReturnType<typeof useI18n>['t']): string[] {
  const l = e.locator;
  return [
    l.line !== null ? t('locator.line', { line: l.line }) : null,
    l.offset !== null ? t('locator.offset', { offset: l.offset }) : null,
    l.messageId !== null ? t('locator.message', { id: l.messageId }) : null,
    l.entry !== null ? t('locator.entry', { entry: l.entry }) : null,
    l.ad !== null ? t('locator.ad', { ad: l.ad }) : null,
    l.field !== null ? t('locator.field', { field: l.field }) : null,
  ].filter((x): x is string => x !== null);
}

export function EvidenceItem({ e }: { e: LinkEvidence }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const where = locatorParts(e, t);
  return (
    <li className="evidence" data-testid="evidence-item">
      {e.excerpt && (
        <blockquote className="excerpt" data-testid="evidence-excerpt">
          {highlightSegments(e.excerpt, e.raw).map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
        </blockquote>
      )}
      <dl className="evidence-meta">
        {e.fileName && (
          <>
            <dt>{t('evidence.source')}</dt>
            <dd className="wrap">
              {e.fileName}
              {e.sourceId !== null && <span className="muted"> #{e.sourceId}</span>}
            </dd>
          </>
        )}
        {e.exhibit && (
          <>
            <dt>{t('sources.exhibit')}</dt>
            <dd>{e.exhibit}</dd>
          </>
        )}
        {where.length > 0 && (
          <>
            <dt>{t('evidence.where')}</dt>
            <dd>{where.join(' · ')}</dd>
          </>
        )}
        {e.sha256 && (
          <>
            <dt>SHA-256</dt>
            <dd>
              <Hash value={e.sha256} testId="evidence-sha256" />
            </dd>
          </>
        )}
        {e.at && (
          <>
            <dt>{t('evidence.at')}</dt>
            <dd>{fmt.dateTime(e.at)}</dd>
          </>
        )}
        {e.note && (
          <>
            <dt>{t('evidence.note')}</dt>
            <dd className="wrap">{e.note}</dd>
          </>
        )}
        {e.auditSeq !== null && (
          <>
            <dt>{t('evidence.decision')}</dt>
            <dd>{t('evidence.auditEntry', { seq: e.auditSeq })}</dd>
          </>
        )}
      </dl>
    </li>
  );
}
