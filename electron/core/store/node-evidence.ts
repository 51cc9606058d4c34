import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { GraphEdge, GraphNode, LinkEvidence, NodeEvidence } from '../../../shared/api/contract';
import type { Redactor } from '../../../shared/victims/redactor';
import type { NetworkQueries } from './network-queries';

type EdgeRow = { id: number; src: number; dst: number; kind: GraphEdge['kind']; weight: number; evidence_count: number; first_seen: string | null; last_seen: string | null };

const toEdge = (r: EdgeRow): GraphEdge => ({ id: r.id, source: r.src, target: r.dst, kind: r.kind, weight: r.weight, evidenceCount: r.evidence_count, firstSeen: r.first_seen, lastSeen: r.last_seen });

/** Pieces of evidence shown per link when the caller does not say. */
export const DEFAULT_NODE_EVIDENCE_LIMIT = 20;

const nodeName = (n: GraphNode) => `#${n.id} ${n.value}${n.label && n.label !== n.value ? ` "${n.label}"` : ''}`;

/**
 * Everything that supports one node: each of its links (either direction, strongest first) with
 * the node at the other end and the evidence, read through NetworkQueries so every node and
 * excerpt is the same one the graph and `why` show; and notes about the node itself — the labels
 * the case's label lists give a wallet, a victim flag, and the analyst's decisions (merges into a
 * person, rejected suggestions), each naming its audit entry.
 */
export function nodeEvidence(db: Database, queries: NetworkQueries, node: GraphNode, evidenceLimit = DEFAULT_NODE_EVIDENCE_LIMIT, redactor?: Redactor): NodeEvidence {
  // Victims' nodes show under their pseudonyms, and their names and numbers vanish from every text.
  const r = redactor && !redactor.isEmpty ? redactor : null;
  const mask = (e: LinkEvidence): LinkEvidence =>
    r ? { ...e, excerpt: e.excerpt === null ? null : r.text(e.excerpt), raw: e.raw === null ? null : r.text(e.raw), note: e.note === null ? null : r.text(e.note) } : e;
  const shown = (n: GraphNode): GraphNode => (r ? r.maskNode(n) : n);
  // Two indexed look-ups (links by src, links_dst); a self-loop would come back twice, hence src <> dst.
  const rows = db
    .prepare('SELECT * FROM links WHERE src = ? UNION ALL SELECT * FROM links WHERE dst = ? AND src <> dst ORDER BY weight DESC, id')
    .all(node.id, node.id) as EdgeRow[];
  const others = new Map<number, GraphNode>();
  const otherOf = (id: number) => {
    let n = others.get(id);
    if (!n) {
      n = shown(queries.node(id));
      others.set(id, n);
    }
    return n;
  };
  const links = rows.map((r) => {
    const link = toEdge(r);
    return { other: otherOf(r.src === node.id ? r.dst : r.src), link, evidence: queries.evidence(link.id, evidenceLimit).map(mask) };
  });
  const notes = [...labelNotes(db, node), ...victimNotes(db, node), ...decisionNotes(db, node, rows, otherOf)];
  return { node: shown(node), links, notes: r ? notes.map((t) => r.text(t)) : notes };
}

/** Labels of a wallet, each with where it was read. */
function labelNotes(db: Database, node: GraphNode): string[] {
  if (node.kind !== 'wallet') return [];
  const rows = db
    .prepare(
      `SELECT l.label, l.category, l.origin, l.source_id, s.file_name, l.locator_line, l.locator_pointer
       FROM labels l LEFT JOIN sources s ON s.id = l.source_id WHERE l.address = ? ORDER BY l.id`,
    )
    .all(node.value) as Array<{ label: string; category: string | null; origin: string | null; source_id: number | null; file_name: string | null; locator_line: number | null; locator_pointer: string | null }>;
  return rows.map((r) => {
    const where = [r.source_id !== null ? `source #${r.source_id} ${r.file_name ?? ''}`.trim() : null, r.locator_line !== null ? `line ${r.locator_line}` : null, r.locator_pointer].filter(Boolean).join(', ');
    return `label: ${r.category ? `${r.category}: ` : ''}${r.label}${r.origin ? ` (per ${r.origin})` : ''}${where ? ` — ${where}` : ''}`;
  });
}

/** The victim flag on this node (victims, migration 0060), with who flagged it and its audit entry. */
function victimNotes(db: Database, node: GraphNode): string[] {
  const row = db.prepare('SELECT pseudonym, flagged_at, flagged_by, note, audit_seq FROM victims WHERE node_id = ?').get(node.id) as
    | { pseudonym: string; flagged_at: string; flagged_by: string; note: string | null; audit_seq: number }
    | undefined;
  if (!row) return [];
  return [`victim: flagged by ${row.flagged_by} at ${row.flagged_at} (audit entry #${row.audit_seq}), shown as ${row.pseudonym}${row.note ? `: ${row.note}` : ''}`];
}

/**
 * The analyst's decisions about this node: merges (a same_as link whose evidence is an audit
 * entry) and rejected suggestions (decided rows of the suggestions table).
 */
function decisionNotes(db: Database, node: GraphNode, links: EdgeRow[], otherOf: (id: number) => GraphNode): string[] {
  const notes: string[] = [];
  const decisions = db.prepare('SELECT audit_seq, note, at FROM link_evidence WHERE link_id = ? AND audit_seq IS NOT NULL ORDER BY audit_seq');
  const entry = db.prepare('SELECT actor, action, details FROM audit_log WHERE seq = ?');
  for (const l of links) {
    if (l.kind !== 'same_as') continue;
    for (const d of decisions.all(l.id) as Array<{ audit_seq: number; note: string | null; at: string | null }>) {
      const e = entry.get(d.audit_seq) as { actor: string; action: string; details: string } | undefined;
      const analystNote = e ? (JSON.parse(e.details) as { note?: unknown }).note : null;
      const other = otherOf(l.src === node.id ? l.dst : l.src);
      notes.push(`merged: same as ${nodeName(other)}${e ? ` by ${e.actor}` : ''}${d.at ? ` at ${d.at}` : ''} (audit entry #${d.audit_seq}${e ? ` ${e.action}` : ''})${typeof analystNote === 'string' && analystNote ? `: ${analystNote}` : ''}`);
    }
  }
  // suggestions is small (one row per proposed pair); a = ? is indexed by UNIQUE (a, b).
  const rejected = db
    .prepare(`SELECT id, a, b, decided_by, decided_at FROM suggestions WHERE a = ? AND status = 'rejected' UNION ALL SELECT id, a, b, decided_by, decided_at FROM suggestions WHERE b = ? AND status = 'rejected' ORDER BY id`)
    .all(node.id, node.id) as Array<{ id: number; a: number; b: number; decided_by: string | null; decided_at: string | null }>;
  for (const s of rejected) {
    notes.push(`not the same as ${nodeName(otherOf(s.a === node.id ? s.b : s.a))}: suggestion #${s.id} rejected${s.decided_by ? ` by ${s.decided_by}` : ''}${s.decided_at ? ` at ${s.decided_at}` : ''}`);
  }
  return notes;
}
