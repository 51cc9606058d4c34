import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AddSourceResult, CaseInfo, ColumnMapping, GraphFilter, ImportPackageResult, LinkEvidence, VictimInfo, ViewInfo } from '../../../shared/api/contract';
import { NitkaError } from '../../../shared/result';
import { NITKA_VERSION } from '../../../shared/version';
import type { Redactor } from '../../../shared/victims/redactor';
import { EVIDENCE_PER_LINK, redactStrings, type ExportAuditEntry, type ExportEdge, type ExportModel, type ExportNode, type ExportSource, type ExportTrace } from '../../../workers/export/export-model';
import type { PackageContents } from '../../../workers/export/package-format';
import { appendAudit, readAudit } from '../store/audit-log';
import { NetworkQueries } from '../store/network-queries';
import { getTrace, listTraces } from '../store/saved-traces';
import type { Provenance } from '../store/case-store';

/** What the exporter needs of the open case besides its database. */
export interface ExportableStore {
  info(): CaseInfo;
  redactor(): Redactor;
  listVictims(): VictimInfo[];
  getView(name: string): ViewInfo;
  addBytes(fileName: string, bytes: Uint8Array, provenance: Provenance, actor: string): AddSourceResult;
  flagVictim(node: number | string, note: string | undefined, actor: string): VictimInfo;
}

export interface ExportOptions {
  view?: string | undefined;
  revealVictims?: boolean | undefined;
}

/** Audit actions of an analyst that shape what an export shows (ingest and verify entries are not). */
const ANALYST_ACTION = /^(suggestion\.|victim\.|trace\.|view\.|export$|package\.|case\.settings$)/;
/** Node kinds a victim flag can sit on (as the victims module allows). */
const FLAGGABLE_KINDS = new Set(['person', 'account', 'phone', 'email', 'handle', 'wallet']);
/** Node kinds that are identifiers another case can share (cross-case matching). */
const IDENTIFIER_KINDS = new Set(['phone', 'email', 'url', 'handle', 'wallet', 'iban', 'account']);

const numbersIn = (v: unknown): number[] => (typeof v === 'number' ? [v] : Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : []);

/**
 * The export engine's side in the database worker: it builds the export model from the open
 * case (with victims masked unless revealed), hands out source bytes for packages, records
 * exports in the audit log, and imports exchange packages through the normal ingest path.
 */
export class CaseExporter {
  private readonly queries: NetworkQueries;

  constructor(
    private readonly db: Database,
    private readonly store: ExportableStore,
    /** drops in-memory network indexes when an import is rolled back */
    private readonly invalidate: () => void,
  ) {
    this.queries = new NetworkQueries(db);
  }

  /** The model of the whole case or of one saved view; every string redacted unless victims are revealed. */
  model(options: ExportOptions, actor: string): { model: ExportModel; redactedVictims: number; auditHead: { seq: number; hash: string } | null } {
    const info = this.store.info();
    const view = options.view !== undefined ? this.store.getView(options.view) : null;
    const reveal = options.revealVictims === true;
    const filter: GraphFilter = view?.filter ?? {};
    const graph = this.queries.graph(filter);
    const hidden = new Set(view?.hidden ?? []);
    const rawNodes = graph.nodes.filter((n) => !hidden.has(n.id));
    const ids = new Set(rawNodes.map((n) => n.id));
    const links = graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target));

    // The view's filter narrows evidence the same way it narrowed links: its sources, its window.
    const since = filter.since ? Date.parse(filter.since) : null;
    const until = filter.until ? Date.parse(filter.until) : null;
    const sourceIds = filter.sourceIds ? new Set(filter.sourceIds) : null;
    const keepEvidence = (e: LinkEvidence) =>
      (sourceIds === null || (e.sourceId !== null && sourceIds.has(e.sourceId))) &&
      (since === null || (e.at !== null && Date.parse(e.at) >= since)) &&
      (until === null || (e.at !== null && Date.parse(e.at) <= until));
    const edges: ExportEdge[] = links.map((l) => ({ ...l, evidence: this.queries.evidence(l.id, EVIDENCE_PER_LINK).filter(keepEvidence) }));

    const stats = new Map<number, { weight: number; evidence: number; first: string | null; last: string | null }>();
    for (const e of edges) {
      for (const end of [e.source, e.target]) {
        const s = stats.get(end) ?? { weight: 0, evidence: 0, first: null, last: null };
        s.weight += e.weight;
        s.evidence += e.evidenceCount;
        if (e.firstSeen && (s.first === null || e.firstSeen < s.first)) s.first = e.firstSeen;
        if (e.lastSeen && (s.last === null || e.lastSeen > s.last)) s.last = e.lastSeen;
        stats.set(end, s);
      }
    }

    const victims = this.store.listVictims();
    const coveredBy = new Map<number, string>();
    for (const v of victims) for (const id of v.coveredNodeIds) if (!coveredBy.has(id)) coveredBy.set(id, v.pseudonym);
    const redactor = this.store.redactor();
    const nodes: ExportNode[] = rawNodes.map((raw) => {
      const shown = reveal ? { ...raw, victim: coveredBy.get(raw.id) ?? null } : redactor.maskNode(raw);
      const s = stats.get(raw.id);
      const p = view?.positions[String(raw.id)];
      return {
        id: raw.id, kind: raw.kind, value: shown.value, label: shown.label, victim: shown.victim ?? coveredBy.get(raw.id) ?? null, tags: raw.tags,
        weight: Math.round((s?.weight ?? 0) * 1000) / 1000, evidenceCount: s?.evidence ?? 0, firstSeen: s?.first ?? null, lastSeen: s?.last ?? null,
        x: p ? p.x : null, y: p ? p.y : null,
      };
    });

    // A source whose evidence touches a victim's node cannot leave in a redacted package: its bytes
    // would carry the victim, and redacting them would break its SHA-256.
    const victimSources = new Set<number>();
    if (coveredBy.size) {
      const rows = this.db
        .prepare(`SELECT DISTINCT e.source_id FROM link_evidence e JOIN links l ON l.id = e.link_id WHERE e.source_id IS NOT NULL AND (l.src IN (SELECT value FROM json_each(?)) OR l.dst IN (SELECT value FROM json_each(?)))`)
        .pluck()
        .all(JSON.stringify([...coveredBy.keys()]), JSON.stringify([...coveredBy.keys()])) as number[];
      for (const id of rows) victimSources.add(id);
    }
    const used = new Set(edges.flatMap((e) => e.evidence.map((v) => v.sourceId).filter((id): id is number => id !== null)));
    const sourceRows = this.db.prepare('SELECT id, sha256, size, file_name, exhibit, note, acquired_at, ingested_at, ingested_by FROM sources ORDER BY id').all() as Array<{
      id: number; sha256: string; size: number; file_name: string; exhibit: string | null; note: string | null; acquired_at: string; ingested_at: string; ingested_by: string;
    }>;
    // The date order or column mapping a source was read with, from its 'source.added' entry.
    const readAs = new Map<number, ExportSource['readAs']>();
    for (const row of this.db.prepare(`SELECT details FROM audit_log WHERE action = 'source.added'`).pluck().all() as string[]) {
      const d = JSON.parse(row) as { sourceId?: number; report?: { dateOrder?: 'dmy' | 'mdy' | 'ymd' | null; mapping?: ColumnMapping | null } };
      if (typeof d.sourceId === 'number' && (d.report?.dateOrder || d.report?.mapping)) readAs.set(d.sourceId, { dateOrder: d.report.dateOrder ?? null, mapping: d.report.mapping ?? null });
    }
    const sources: ExportSource[] = sourceRows
      .filter((s) => view === null || used.has(s.id))
      .map((s) => ({
        id: s.id, sha256: s.sha256, size: s.size, fileName: s.file_name, exhibit: s.exhibit, note: s.note, acquiredAt: s.acquired_at, ingestedAt: s.ingested_at, ingestedBy: s.ingested_by,
        mentionsVictim: victimSources.has(s.id) || redactor.text(s.file_name) !== s.file_name || (s.note !== null && redactor.text(s.note) !== s.note),
        readAs: readAs.get(s.id),
      }));

    const wallets = new Set(rawNodes.filter((n) => n.kind === 'wallet').map((n) => n.value));
    const traces: ExportTrace[] = listTraces(this.db)
      .reverse()
      .map((summary) => ({ ...getTrace(this.db, summary.id), at: summary.at, by: summary.by }))
      .filter((t) => view === null || wallets.has(t.seed) || t.nodes.some((n) => wallets.has(n.address)));
    const traceIds = new Set(traces.map((t) => t.id));

    const audit: ExportAuditEntry[] = [];
    for (let after = 0; ; ) {
      const page = readAudit(this.db, after, 5000);
      if (page.length === 0) break;
      after = page[page.length - 1]!.seq;
      for (const a of page) {
        if (!ANALYST_ACTION.test(a.action)) continue;
        if (view !== null && !this.concernsView(a, view.name, ids, traceIds)) continue;
        audit.push({ seq: a.seq, at: a.at, actor: a.actor, action: a.action, details: a.details, hash: a.hash });
      }
    }
    const head = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;

    let model: ExportModel = {
      case: { caseId: info.caseId, name: info.name, language: info.language, timezone: info.timezone },
      exportedAt: new Date().toISOString(),
      exportedBy: actor,
      nitkaVersion: NITKA_VERSION,
      view: view ? { name: view.name, layout: view.layout } : null,
      victimsRevealed: reveal,
      victims: victims.map((v) => ({ pseudonym: v.pseudonym, nodeIds: v.coveredNodeIds.filter((id) => ids.has(id)) })).filter((v) => v.nodeIds.length > 0),
      nodes,
      edges,
      sources,
      traces,
      audit,
    };
    // Every string that leaves goes through the redactor: excerpts, raw text, notes, file names,
    // chat titles, audit details, trace addresses. Hashes are left alone so they stay checkable.
    if (!reveal && !redactor.isEmpty) {
      model = redactStrings(model, (s) => redactor.value(s));
    }
    return { model, redactedVictims: reveal ? 0 : model.victims.length, auditHead: head ?? null };
  }

  /** Whether an analyst action concerns the exported view: its nodes, its traces, the view itself. */
  private concernsView(a: { action: string; details: Record<string, unknown> }, viewName: string, ids: Set<number>, traceIds: Set<number>): boolean {
    const d = a.details;
    if (a.action.startsWith('view.') || a.action === 'export' || a.action.startsWith('package.')) return d.name === viewName || d.view === viewName;
    if (a.action.startsWith('trace.')) return typeof d.traceId === 'number' && traceIds.has(d.traceId);
    const touched = [...numbersIn(d.a), ...numbersIn(d.b), ...numbersIn(d.person), ...numbersIn(d.nodeId), ...numbersIn(d.covered), ...numbersIn(d.nodes)];
    return touched.some((id) => ids.has(id));
  }

  /**
   * An account known only by its display name (`account:whatsapp:name:<n>:Mira`) carries a number
   * that is local to the case that read it; the same chat read here gives a new account with the
   * same platform and name, among the nodes the import just made.
   */
  private sameNameAccount(value: string, createdAfter: number): number | undefined {
    const m = /^account:([^:]+):name:\d+:(.+)$/.exec(value);
    if (!m) return undefined;
    const rows = this.db.prepare(`SELECT id, value FROM nodes WHERE kind = 'account' AND id > ?`).all(createdAfter) as Array<{ id: number; value: string }>;
    return rows.find((r) => {
      const here = /^account:([^:]+):name:\d+:(.+)$/.exec(r.value);
      return here !== null && here[1] === m[1] && here[2] === m[2];
    })?.id;
  }

  /** A stored source, whole, checked against its recorded SHA-256 before it leaves the case. */
  sourceBytes(sourceId: number): Uint8Array {
    const row = this.db.prepare('SELECT sha256, size, file_name FROM sources WHERE id = ?').get(sourceId) as { sha256: string; size: number; file_name: string } | undefined;
    if (!row) throw new NitkaError('not_found', `no source #${sourceId} in this case`, { source: sourceId });
    const chunks = this.db.prepare('SELECT data FROM source_chunks WHERE source_id = ? ORDER BY idx').pluck().all(sourceId) as Buffer[];
    const bytes = Buffer.concat(chunks);
    const sha = createHash('sha256').update(bytes).digest('hex');
    if (sha !== row.sha256 || bytes.length !== row.size) {
      throw new NitkaError('io', `source #${sourceId} '${row.file_name}': stored bytes do not match its SHA-256; run nitka verify before exporting`, { source: sourceId });
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Appends one audit entry for an export or an import. */
  record(action: 'export', details: Record<string, unknown>, actor: string): number {
    return this.db.transaction(() => appendAudit(this.db, actor, action, details).seq)();
  }

  /**
   * Brings a decrypted, hash-checked package into this case in one transaction: each source
   * through the normal ingest (so records and links are re-derived from the original bytes),
   * with its provenance in exhibit and note, then one 'package.import' audit entry. Shared
   * identifiers are looked up before, so they name what this case knew on its own.
   */
  importPackage(contents: PackageContents, pkg: { sha256: string; fileName: string }, actor: string): ImportPackageResult {
    const { manifest, model } = contents;
    const nodeOf = this.db.prepare('SELECT id FROM nodes WHERE kind = ? AND value = ?').pluck();
    const occurrences = this.db.prepare('SELECT count(*) FROM occurrences o JOIN identifiers i ON i.id = o.identifier_id WHERE i.value = ?').pluck();
    const linkEvidence = this.db.prepare('SELECT coalesce(sum(evidence_count), 0) FROM links WHERE src = ? OR dst = ?').pluck();
    const matches: ImportPackageResult['matches'] = [];
    for (const n of model.nodes) {
      if (!IDENTIFIER_KINDS.has(n.kind) || (n.victim !== null && !model.victimsRevealed)) continue;
      const here = nodeOf.get(n.kind, n.value) as number | undefined;
      if (here === undefined) continue;
      const occ = occurrences.get(n.value) as number;
      matches.push({ kind: n.kind, value: n.value, nodeId: here, occurrencesHere: occ > 0 ? occ : (linkEvidence.get(here, here) as number) });
    }
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    const before = { nodes: count('SELECT count(*) FROM nodes'), links: count('SELECT count(*) FROM links'), maxId: count('SELECT coalesce(max(id), 0) FROM nodes') };
    const origin = `case "${manifest.caseName}" (${manifest.caseId})`;
    let stored = 0;
    const duplicates: number[] = [];
    const flagged: string[] = [];
    try {
      this.db.transaction(() => {
        for (const { item, bytes } of contents.sources) {
          const result = this.store.addBytes(item.fileName ?? item.sha256, bytes, {
            exhibit: `${item.exhibit ?? `source #${item.sourceId}`} from ${manifest.caseName}`.slice(0, 4000),
            note: `from ${origin}, exhibit ${item.exhibit ?? 'none'}, source #${item.sourceId}; exchange package ${pkg.fileName} (SHA-256 ${pkg.sha256}) exported ${manifest.exportedAt} by ${manifest.exporter}`.slice(0, 4000),
            ...(item.acquiredAt ? { acquiredAt: item.acquiredAt } : {}),
            ...(item.readAs?.dateOrder ? { dateOrder: item.readAs.dateOrder } : {}),
            ...(item.readAs?.mapping ? { mapping: item.readAs.mapping } : {}),
          }, actor);
          if (result.duplicate) duplicates.push(result.source.id);
          else stored += 1;
        }
        // A package made with victims revealed carries their evidence: the people the sending case
        // protects are protected here too, flagged under this case's own pseudonyms.
        if (model.victimsRevealed) {
          const byId = new Map(model.nodes.map((n) => [n.id, n]));
          for (const v of model.victims) {
            for (const id of v.nodeIds) {
              const n = byId.get(id);
              if (!n || !FLAGGABLE_KINDS.has(n.kind)) continue;
              const here = (nodeOf.get(n.kind, n.value) as number | undefined) ?? this.sameNameAccount(n.value, before.maxId);
              if (here === undefined || this.store.redactor().victimOf(here) !== null) continue;
              flagged.push(this.store.flagVictim(here, `victim ${v.pseudonym} in ${origin}, flagged there; imported from package ${pkg.fileName}`, actor).pseudonym);
            }
          }
        }
        appendAudit(this.db, actor, 'package.import', {
          packageSha256: pkg.sha256,
          fileName: pkg.fileName,
          fromCaseId: manifest.caseId,
          fromCaseName: manifest.caseName,
          exporter: manifest.exporter,
          exportedAt: manifest.exportedAt,
          view: manifest.view,
          victimsRevealed: manifest.victimsRevealed,
          sources: contents.sources.map((s) => ({ sha256: s.item.sha256, fileName: s.item.fileName ?? null, exhibit: s.item.exhibit ?? null })),
          alreadyHere: duplicates,
          withheld: manifest.withheld.map((w) => ({ sha256: w.sha256, reason: w.reason })),
          matches: matches.length,
          victimsFlagged: flagged,
        });
      })();
    } catch (e) {
      this.invalidate();
      throw e;
    }
    // Shown as this case now shows them: a victim flagged here (or just now) under its pseudonym.
    const redactor = this.store.redactor();
    return {
      fromCase: { caseId: manifest.caseId, name: manifest.caseName },
      sources: stored,
      nodes: count('SELECT count(*) FROM nodes') - before.nodes,
      links: count('SELECT count(*) FROM links') - before.links,
      matches: matches.map((m) => ({ ...m, value: redactor.value(m.value) })),
    };
  }
}
