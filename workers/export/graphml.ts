import { xmlEscape, type ExportModel } from './export-model';

type KeyType = 'string' | 'double' | 'int';
interface Key {
  id: string;
  for: 'node' | 'edge';
  type: KeyType;
}

const NODE_KEYS: Key[] = [
  { id: 'kind', for: 'node', type: 'string' },
  { id: 'value', for: 'node', type: 'string' },
  { id: 'label', for: 'node', type: 'string' },
  { id: 'victim', for: 'node', type: 'string' },
  { id: 'tags', for: 'node', type: 'string' },
  { id: 'weight', for: 'node', type: 'double' },
  { id: 'evidenceCount', for: 'node', type: 'int' },
  { id: 'firstSeen', for: 'node', type: 'string' },
  { id: 'lastSeen', for: 'node', type: 'string' },
  { id: 'x', for: 'node', type: 'double' },
  { id: 'y', for: 'node', type: 'double' },
];
const EDGE_KEYS: Key[] = [
  { id: 'kind', for: 'edge', type: 'string' },
  { id: 'weight', for: 'edge', type: 'double' },
  { id: 'evidenceCount', for: 'edge', type: 'int' },
  { id: 'firstSeen', for: 'edge', type: 'string' },
  { id: 'lastSeen', for: 'edge', type: 'string' },
  { id: 'sources', for: 'edge', type: 'string' },
];

// GraphML key ids are global to the document: node and edge keys of the same name get prefixes.
const keyId = (k: Key) => `${k.for === 'node' ? 'n' : 'e'}_${k.id}`;

function data(k: Key, v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  return `<data key="${keyId(k)}">${xmlEscape(String(v))}</data>`;
}

/**
 * GraphML for Gephi, Cytoscape desktop and networkx: typed keys (attr.type), a directed graph
 * with parallel edges of different kinds kept apart by edge ids (networkx reads it as a
 * MultiDiGraph), and x/y when a saved view placed the node.
 */
export function writeGraphml(model: ExportModel): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    `  <!-- ${xmlEscape(`Nitka export of case "${model.case.name}" (${model.case.caseId})${model.view ? `, view "${model.view.name}"` : ''}, ${model.exportedAt}; victims ${model.victimsRevealed ? 'REVEALED' : 'pseudonymised'}`).replace(/--/g, '- -')} -->`,
  ];
  const hasPositions = model.nodes.some((n) => n.x !== null);
  for (const k of [...NODE_KEYS, ...EDGE_KEYS]) {
    if (!hasPositions && (k.id === 'x' || k.id === 'y')) continue;
    out.push(`  <key id="${keyId(k)}" for="${k.for}" attr.name="${k.id}" attr.type="${k.type}"/>`);
  }
  out.push('  <graph id="G" edgedefault="directed">');
  const nk = Object.fromEntries(NODE_KEYS.map((k) => [k.id, k])) as Record<string, Key>;
  for (const n of model.nodes) {
    out.push(
      `    <node id="n${n.id}">${data(nk.kind!, n.kind)}${data(nk.value!, n.value)}${data(nk.label!, n.label)}${data(nk.victim!, n.victim)}${data(nk.tags!, n.tags.join('; '))}` +
        `${data(nk.weight!, n.weight)}${data(nk.evidenceCount!, n.evidenceCount)}${data(nk.firstSeen!, n.firstSeen)}${data(nk.lastSeen!, n.lastSeen)}` +
        `${hasPositions ? `${data(nk.x!, n.x)}${data(nk.y!, n.y)}` : ''}</node>`,
    );
  }
  const ek = Object.fromEntries(EDGE_KEYS.map((k) => [k.id, k])) as Record<string, Key>;
  for (const e of model.edges) {
    const sources = [...new Set(e.evidence.map((v) => v.sha256).filter((h): h is string => h !== null))].join(' ');
    out.push(
      `    <edge id="e${e.id}" source="n${e.source}" target="n${e.target}">${data(ek.kind!, e.kind)}${data(ek.weight!, e.weight)}${data(ek.evidenceCount!, e.evidenceCount)}` +
        `${data(ek.firstSeen!, e.firstSeen)}${data(ek.lastSeen!, e.lastSeen)}${data(ek.sources!, sources)}</edge>`,
    );
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
