import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAnx } from '../../../workers/export/anx';
import { writeGexf } from '../../../workers/export/gexf';
import { writeGraphml } from '../../../workers/export/graphml';
import { makeTempDir } from '../../helpers/tmp';
import { sampleModel } from './model-fixture';

/** What networkx makes of a file: graph class, counts, and one node's attributes. */
function networkx(file: string, reader: string, node: string): { cls: string; nodes: number; edges: number; attrs: Record<string, unknown> } {
  const script = `import sys, json, networkx as nx
g = nx.${reader}(sys.argv[1])
print(json.dumps({"cls": type(g).__name__, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "attrs": {k: v for k, v in g.nodes[sys.argv[2]].items() if k != "viz"}}))`;
  return JSON.parse(execFileSync('python3', ['-c', script, file, node], { encoding: 'utf8' })) as never;
}

describe('network formats', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => ({ dir, cleanup } = makeTempDir('nitka-export-net-')));
  afterAll(() => cleanup());

  it('GraphML: typed keys, parallel edges of different kinds kept (a MultiDiGraph in networkx), escaped text', () => {
    const file = path.join(dir, 'g.graphml');
    fs.writeFileSync(file, writeGraphml(sampleModel()));
    const g = networkx(file, 'read_graphml', 'n1');
    expect(g).toMatchObject({ cls: 'MultiDiGraph', nodes: 6, edges: 5 });
    expect(g.attrs).toMatchObject({ kind: 'person', label: 'Dragan <D> & Co', weight: 3, evidenceCount: 3 });
    expect(typeof g.attrs.weight).toBe('number');
    expect(g.attrs).not.toHaveProperty('x');
  });

  it('GraphML carries the view positions as x/y', () => {
    const model = sampleModel();
    model.nodes = model.nodes.map((n) => ({ ...n, x: n.id * 10, y: -n.id }));
    const file = path.join(dir, 'view.graphml');
    fs.writeFileSync(file, writeGraphml(model));
    expect(networkx(file, 'read_graphml', 'n4').attrs).toMatchObject({ x: 40, y: -4 });
  });

  it('GEXF 1.3: networkx reads it, with positions and attributes; a control character cannot break the XML', () => {
    const file = path.join(dir, 'g.gexf');
    const xml = writeGexf(sampleModel());
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<viz:position');
    fs.writeFileSync(file, xml);
    const g = networkx(file, 'read_gexf', 'n4');
    expect(g).toMatchObject({ cls: 'MultiDiGraph', nodes: 6, edges: 5 });
    expect(g.attrs).toMatchObject({ kind: 'wallet', tags: 'exchange: Example' });
  });

  it('ANX: well-formed, an entity per node with its i2 icon type, a link per edge with strength and cards naming source and hash', () => {
    const xml = writeAnx(sampleModel());
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.match(/<Entity /g)).toHaveLength(6);
    expect(xml.match(/<Link /g)).toHaveLength(5);
    expect(xml).toContain('<IconStyle Type="Person"/>');
    expect(xml).toContain('<IconStyle Type="Wallet"/>');
    expect(xml).toMatch(/<Link End1Id="n4" End2Id="n5"><LinkStyle [^>]*Strength="Confirmed"/);
    expect(xml).toContain(`SHA-256 ${'b'.repeat(64)}`);
    expect(xml).toContain('Label="Dragan &lt;D&gt; &amp; Co"');
  });
});
