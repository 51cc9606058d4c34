import type { CaseApi, Graph } from '../../../shared/api/contract';

// cytoscape adds a <style> element (".__________cytoscape_container { position: relative }") to
// <head> unless an element with this id already exists; under our CSP that element is refused with
// a console error. An inert marker stops it, and styles.css carries the rule instead.
const CY_STYLESHEET_ID = '__________cytoscape_stylesheet';
if (typeof document !== 'undefined' && !document.getElementById(CY_STYLESHEET_ID)) {
  const marker = document.createElement('meta');
  marker.id = CY_STYLESHEET_ID;
  marker.name = 'cytoscape-stylesheet';
  marker.content = 'in styles.css';
  document.head.appendChild(marker);
}
import { GraphView, type GraphSelection } from '../graph/GraphView';
import { EvidencePanel } from './EvidencePanel';

/** The Graph view: the network on the left, the evidence of the selection on the right. */
export function GraphTab({ api, version, graph, selection, onSelect, onChanged, onOpenTimeline }: {
  api: CaseApi;
  version: number;
  graph: Graph | null;
  selection: GraphSelection;
  onSelect: (s: GraphSelection) => void;
  onChanged: () => void;
  onOpenTimeline: (nodes: number[]) => void;
}) {
  return (
    <main className="graph-tab">
      <div className="graph-area">
        <GraphView api={api} version={version} selection={selection} onSelect={onSelect} onOpenEvidence={onSelect} />
      </div>
      <EvidencePanel api={api} graph={graph} selection={selection} version={version} onChanged={onChanged} onOpenTimeline={onOpenTimeline} />
    </main>
  );
}
