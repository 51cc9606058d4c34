import { createHash } from 'node:crypto';
import type { ColumnMapping, GraphNode, LinkEvidence, TraceResult } from '../../shared/api/contract';

/**
 * The format-independent picture of what leaves the case: every writer (GraphML, GEXF, ANX, FtM,
 * CSV, XLSX, the report, the exchange package) reads only this, so what one format shows the
 * others show too, and victim redaction happens once, before any writer sees a string.
 */
export interface ExportNode {
  id: number;
  kind: GraphNode['kind'];
  /** canonical value, or the victim's pseudonym form (`V-001`, `V-001 phone 1`) unless revealed */
  value: string;
  label: string | null;
  /** the pseudonym of the victim this node belongs to, null for anyone else */
  victim: string | null;
  tags: string[];
  /** over the node's exported links: summed weight and evidence, earliest and latest evidence */
  weight: number;
  evidenceCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** the saved view's position, null without a view or when the view never placed the node */
  x: number | null;
  y: number | null;
}

export interface ExportEdge {
  id: number;
  source: number;
  target: number;
  kind: string;
  weight: number;
  evidenceCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** the pieces of evidence behind the link (at most EVIDENCE_PER_LINK; evidenceCount says how many exist) */
  evidence: LinkEvidence[];
}

export interface ExportSource {
  id: number;
  sha256: string;
  size: number;
  fileName: string;
  exhibit: string | null;
  note: string | null;
  acquiredAt: string;
  ingestedAt: string;
  ingestedBy: string;
  /** true when evidence of a victim's node points into it: its bytes cannot be redacted, so packages withhold it */
  mentionsVictim: boolean;
  /** how it was read when the case could not decide alone (date order, column mapping), so a receiving case reads it the same way */
  readAs?: { dateOrder: 'dmy' | 'mdy' | 'ymd' | null; mapping: ColumnMapping | null } | undefined;
}

export interface ExportTrace extends TraceResult {
  at: string;
  by: string;
}

export interface ExportAuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  details: Record<string, unknown>;
  hash: string;
}

export interface ExportModel {
  case: { caseId: string; name: string; language: string; timezone: string };
  exportedAt: string;
  exportedBy: string;
  nitkaVersion: string;
  view: { name: string; layout: string } | null;
  /** false: victims are shown under pseudonyms and their identifiers masked in every string */
  victimsRevealed: boolean;
  victims: Array<{ pseudonym: string; nodeIds: number[] }>;
  nodes: ExportNode[];
  edges: ExportEdge[];
  sources: ExportSource[];
  traces: ExportTrace[];
  /** the analyst actions (decisions, victim flags, traces, views, exports) that shaped what is exported */
  audit: ExportAuditEntry[];
}

/** Pieces of evidence kept per link; a link with more says so through its evidenceCount. */
export const EVIDENCE_PER_LINK = 1000;

/** Keys whose values are hashes: a redactor must never rewrite them (a run of digits in a hash is not a phone). */
const HASH_KEYS = new Set(['sha256', 'fingerprint', 'hash', 'prevHash', 'packageSha256']);

/**
 * Every string in a value passed through `text` (victim terms become pseudonyms), except
 * hashes, which must stay verifiable. Used on the whole model so no field can be forgotten.
 */
export function redactStrings<T>(value: T, text: (s: string) => string): T {
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') return key !== null && HASH_KEYS.has(key) ? v : text(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, null));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value, null) as T;
}

/** A stable id for an exported thing: the same case and node give the same id in every export. */
export function stableId(caseId: string, thing: string): string {
  return createHash('sha1').update(`${caseId}:${thing}`, 'utf8').digest('hex');
}

/** Drops characters XML 1.0 cannot carry (controls other than tab, newline, carriage return; lone surrogates). */
export function xmlSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Escapes text for an XML attribute or element (quotes too, so one function serves both). */
export function xmlEscape(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Where a piece of evidence is, in words: source, exhibit and locator. */
export function describeLocator(e: LinkEvidence): string {
  return [
    e.fileName ? `${e.fileName}${e.exhibit ? ` (exhibit ${e.exhibit})` : ''}` : e.auditSeq !== null ? `audit entry #${e.auditSeq}` : null,
    e.locator.entry ? `entry ${e.locator.entry}` : null,
    e.locator.ad ? `ad ${e.locator.ad}` : null,
    e.locator.line !== null ? `line ${e.locator.line}` : null,
    e.locator.messageId ? `message ${e.locator.messageId}` : null,
    e.locator.offset !== null ? `byte ${e.locator.offset}` : null,
    e.locator.field ? `field ${e.locator.field}` : null,
  ]
    .filter(Boolean)
    .join(', ');
}

/** A node as people read it: its label when it has one beside the value. */
export function nodeTitle(n: ExportNode): string {
  return n.label && n.label !== n.value ? `${n.label} (${n.value})` : n.value;
}

/**
 * A deterministic picture layout for nodes the view did not place: one ring per node kind,
 * rings ordered by kind, nodes by id. No randomness, so two exports of the same case match.
 */
export function layoutPositions(nodes: ExportNode[]): Map<number, { x: number; y: number }> {
  const out = new Map<number, { x: number; y: number }>();
  const placed = nodes.filter((n) => n.x !== null && n.y !== null);
  for (const n of placed) out.set(n.id, { x: n.x!, y: n.y! });
  if (placed.length === nodes.length) return out;
  const byKind = new Map<string, ExportNode[]>();
  for (const n of nodes) if (!out.has(n.id)) byKind.set(n.kind, [...(byKind.get(n.kind) ?? []), n]);
  const kinds = [...byKind.keys()].sort();
  kinds.forEach((kind, ring) => {
    const list = byKind.get(kind)!.sort((a, b) => a.id - b.id);
    const radius = 120 + ring * 110;
    list.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / list.length + ring * 0.4;
      out.set(n.id, { x: Math.round(radius * Math.cos(angle) * 10) / 10, y: Math.round(radius * Math.sin(angle) * 10) / 10 });
    });
  });
  return out;
}
