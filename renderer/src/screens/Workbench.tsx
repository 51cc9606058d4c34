import { useCallback, useEffect, useState } from 'react';
import type { CaseApi, CaseInfo, Graph } from '../../../shared/api/contract';
import { VIEWS, viewForKey, type ViewName } from '../components/shortcuts';
import type { Selection as GraphSelection } from '../panels/selection';
import { useI18n } from '../i18n/i18n';
import { AuditView } from '../panels/AuditView';
import { TimeZoneContext } from '../panels/format';
import { GraphTab } from '../panels/GraphTab';
import { IngestView } from '../panels/IngestView';
import { SuggestionsView } from '../panels/SuggestionsView';
import { TimelineView } from '../panels/TimelineView';
import { TraceView } from '../panels/TraceView';
import { VictimsView } from '../panels/VictimsView';
import { CaseScreen } from './CaseScreen';

interface Props {
  api: CaseApi;
  info: CaseInfo;
  onInfo: (info: CaseInfo) => void;
  onClosed: () => void;
}

const NO_SELECTION: GraphSelection = { nodes: [], edge: null };

/**
 * The open case as a workbench: a tab per view, one graph selection shared by the graph, the
 * evidence panel, the timeline and the trace, and a `version` that every view of derived data
 * reloads on (bumped after an ingest, a merge, a victim flag).
 */
export function Workbench({ api, info, onInfo, onClosed }: Props) {
  const { t } = useI18n();
  const [view, setViewState] = useState<ViewName>('case');
  const [visited, setVisited] = useState<ReadonlySet<ViewName>>(() => new Set(['case']));
  const setView = useCallback((v: ViewName) => {
    setViewState(v);
    setVisited((s) => (s.has(v) ? s : new Set([...s, v])));
  }, []);
  const [version, setVersion] = useState(0);
  const [selection, setSelection] = useState<GraphSelection>(NO_SELECTION);
  const [graph, setGraph] = useState<Graph | null>(null);
  /** counters a shortcut bumps so that the view it opens performs the action once */
  const [verifyTick, setVerifyTick] = useState(0);
  const [pickTick, setPickTick] = useState(0);
  const [timelineNodes, setTimelineNodes] = useState<number[]>([]);
  const bump = useCallback(() => setVersion((v) => v + 1), []);

  // The evidence panel, timeline and trace need node kinds and edge ends; one fetch per version.
  useEffect(() => {
    let live = true;
    void api.graph().then((r) => {
      if (live && r.ok) setGraph(r.value);
    });
    return () => {
      live = false;
    };
  }, [api, version]);

  const openTimeline = useCallback((nodes: number[]) => {
    setTimelineNodes(nodes);
    setView('timeline');
  }, [setView]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = viewForKey(e);
      if (target) {
        e.preventDefault();
        setView(target);
      } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.code === 'KeyO') {
        e.preventDefault();
        setView('ingest');
        setPickTick((n) => n + 1);
      } else if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.code === 'KeyV') {
        e.preventDefault();
        setView('case');
        setVerifyTick((n) => n + 1);
      } else if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.code === 'KeyL') {
        e.preventDefault();
        openTimeline(selection.nodes);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openTimeline, selection.nodes, setView]);

  return (
    <TimeZoneContext.Provider value={info.timezone}>
    <div className="workbench">
      <nav className="tabs" aria-label={t('nav.label')} role="tablist" aria-orientation="vertical">
        {VIEWS.map((v, i) => (
          <button
            key={v}
            type="button"
            role="tab"
            id={`tab-${v}`}
            aria-selected={view === v}
            aria-controls="view"
            className={view === v ? 'tab active' : 'tab'}
            onClick={() => setView(v)}
            title={`Alt+${i + 1}`}
            data-testid={`tab-${v}`}
          >
            <span className="tab-label">{t(`nav.${v}`)}</span>
            <kbd className="tab-key">{i + 1}</kbd>
          </button>
        ))}
      </nav>
      <div className={`view view-${view}`} id="view" role="tabpanel" aria-labelledby={`tab-${view}`}>
        {VIEWS.filter((v) => visited.has(v)).map((v) => (
          // A view stays mounted once opened, so an ingest or a graph layout under way survives a look
          // elsewhere; the inactive ones keep their size (cytoscape measures its container) but are invisible.
          <div key={v} className={v === view ? 'view-pane' : 'view-pane inactive'} aria-hidden={v !== view} data-testid={`view-${v}`}>
            {v === 'case' && <CaseScreen api={api} info={info} onInfo={onInfo} onClosed={onClosed} version={version} verifyTick={verifyTick} />}
            {v === 'ingest' && <IngestView api={api} onAdded={bump} pickTick={pickTick} />}
            {v === 'graph' && (
              <GraphTab api={api} version={version} graph={graph} selection={selection} onSelect={setSelection} onChanged={bump} onOpenTimeline={openTimeline} />
            )}
            {v === 'timeline' && <TimelineView api={api} info={info} graph={graph} nodes={timelineNodes} onNodes={setTimelineNodes} />}
            {v === 'suggestions' && <SuggestionsView api={api} version={version} onChanged={bump} />}
            {v === 'trace' && <TraceView api={api} graph={graph} selection={selection} info={info} />}
            {v === 'victims' && <VictimsView api={api} version={version} graph={graph} selection={selection} onChanged={bump} active={v === view} />}
            {v === 'audit' && <AuditView api={api} info={info} version={version} active={v === view} />}
          </div>
        ))}
      </div>
    </div>
    </TimeZoneContext.Provider>
  );
}
