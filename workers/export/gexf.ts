import { layoutPositions, xmlEscape, type ExportModel } from './export-model';

const NODE_ATTRS = [
  ['kind', 'string'],
  ['value', 'string'],
  ['victim', 'string'],
  ['tags', 'string'],
  ['weight', 'double'],
  ['evidenceCount', 'integer'],
  ['firstSeen', 'string'],
  ['lastSeen', 'string'],
] as const;
const EDGE_ATTRS = [
  ['kind', 'string'],
  ['evidenceCount', 'integer'],
  ['firstSeen', 'string'],
  ['lastSeen', 'string'],
] as const;

function attvalues(values: Array<[string, string | number | null]>): string {
  const kept = values.filter(([, v]) => v !== null && v !== '');
  if (kept.length === 0) return '';
  return `<attvalues>${kept.map(([k, v]) => `<attvalue for="${k}" value="${xmlEscape(String(v))}"/>`).join('')}</attvalues>`;
}

/**
 * GEXF 1.3 (Gephi's own format): typed attributes and viz:position. Positions come from the
 * saved view; without one, the same deterministic ring layout as the report picture, so Gephi
 * opens a readable graph instead of every node at the origin.
 */
export function writeGexf(model: ExportModel): string {
  const positions = layoutPositions(model.nodes);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    `  <meta lastmodifieddate="${model.exportedAt.slice(0, 10)}">`,
    '    <creator>Nitka</creator>',
    `    <description>${xmlEscape(`Case "${model.case.name}" (${model.case.caseId})${model.view ? `, view "${model.view.name}"` : ''}; victims ${model.victimsRevealed ? 'REVEALED' : 'pseudonymised'}`)}</description>`,
    '  </meta>',
    '  <graph defaultedgetype="directed" mode="static">',
    '    <attributes class="node">',
    ...NODE_ATTRS.map(([id, type]) => `      <attribute id="${id}" title="${id}" type="${type}"/>`),
    '    </attributes>',
    '    <attributes class="edge">',
    ...EDGE_ATTRS.map(([id, type]) => `      <attribute id="${id}" title="${id}" type="${type}"/>`),
    '    </attributes>',
    '    <nodes>',
  ];
  for (const n of model.nodes) {
    const p = positions.get(n.id)!;
    out.push(
      `      <node id="n${n.id}" label="${xmlEscape(n.label ?? n.value)}">` +
        attvalues([['kind', n.kind], ['value', n.value], ['victim', n.victim], ['tags', n.tags.join('; ')], ['weight', n.weight], ['evidenceCount', n.evidenceCount], ['firstSeen', n.firstSeen], ['lastSeen', n.lastSeen]]) +
        `<viz:position x="${p.x}" y="${-p.y}" z="0"/></node>`,
    );
  }
  out.push('    </nodes>', '    <edges>');
  for (const e of model.edges) {
    out.push(
      `      <edge id="e${e.id}" source="n${e.source}" target="n${e.target}" label="${xmlEscape(e.kind)}" weight="${e.weight}">` +
        attvalues([['kind', e.kind], ['evidenceCount', e.evidenceCount], ['firstSeen', e.firstSeen], ['lastSeen', e.lastSeen]]) +
        '</edge>',
    );
  }
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return out.join('\n');
}
