import { describeLocator, type ExportModel } from './export-model';

export type Cell = string | number | null;
export interface Table {
  name: string;
  header: string[];
  rows: Cell[][];
}

/**
 * The model as flat tables (nodes, edges, evidence, sources, traces, audit), shared by CSV and
 * XLSX so the two always hold the same sheets and columns.
 */
export function exportTables(model: ExportModel): Table[] {
  const nodes: Table = {
    name: 'nodes',
    header: ['id', 'kind', 'value', 'label', 'victim', 'tags', 'weight', 'evidence_count', 'first_seen', 'last_seen', 'x', 'y'],
    rows: model.nodes.map((n) => [n.id, n.kind, n.value, n.label, n.victim, n.tags.join('; '), n.weight, n.evidenceCount, n.firstSeen, n.lastSeen, n.x, n.y]),
  };
  const edges: Table = {
    name: 'edges',
    header: ['id', 'source', 'target', 'kind', 'weight', 'evidence_count', 'first_seen', 'last_seen'],
    rows: model.edges.map((e) => [e.id, e.source, e.target, e.kind, e.weight, e.evidenceCount, e.firstSeen, e.lastSeen]),
  };
  const evidence: Table = {
    name: 'evidence',
    header: ['link_id', 'source_id', 'file_name', 'sha256', 'exhibit', 'line', 'byte_offset', 'message_id', 'entry', 'ad', 'field', 'at', 'excerpt', 'raw', 'note', 'audit_seq', 'where'],
    rows: model.edges.flatMap((e) =>
      e.evidence.map((v) => [e.id, v.sourceId, v.fileName, v.sha256, v.exhibit, v.locator.line, v.locator.offset, v.locator.messageId, v.locator.entry, v.locator.ad, v.locator.field, v.at, v.excerpt, v.raw, v.note, v.auditSeq, describeLocator(v)]),
    ),
  };
  const sources: Table = {
    name: 'sources',
    header: ['id', 'file_name', 'sha256', 'bytes', 'exhibit', 'note', 'acquired_at', 'ingested_at', 'ingested_by'],
    rows: model.sources.map((s) => [s.id, s.fileName, s.sha256, s.size, s.exhibit, s.note, s.acquiredAt, s.ingestedAt, s.ingestedBy]),
  };
  const traces: Table = {
    name: 'traces',
    header: ['trace_id', 'seed', 'direction', 'model', 'fingerprint', 'at', 'by', 'from', 'to', 'asset', 'amount', 'taint', 'tx', 'time'],
    rows: model.traces.flatMap((t) => t.edges.map((e) => [t.id, t.seed, t.direction, t.model, t.fingerprint, t.at, t.by, e.from, e.to, e.asset, e.amount, e.taint, e.tx, e.time])),
  };
  const audit: Table = {
    name: 'audit',
    header: ['seq', 'at', 'actor', 'action', 'details', 'hash'],
    rows: model.audit.map((a) => [a.seq, a.at, a.actor, a.action, JSON.stringify(a.details), a.hash]),
  };
  return [nodes, edges, evidence, sources, traces, audit];
}
