import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { columnMappingSchema, type ChainFindings, type TraceResult, type ClusterInfo, type Graph, type SuggestionInfo, type Why, type AddSourceResult, type AuditEntry, type CaseInfo, type ColumnMapping, type Entity, type MessageInfo, type SavedMapping, type SourceInfo, type VerifyProblem, type VerifyReport } from '../../../shared/api/contract';
import { cyrillicToLatin } from '../../../shared/transliterate';
import { NitkaError } from '../../../shared/result';
import { NITKA_VERSION } from '../../../shared/version';
import { appendAudit, readAudit, verifyAuditChain } from './audit-log';
import { fileReader, memoryReader, type ByteReader } from './byte-reader';
import { createCaseDb, openCaseDb, removeCaseFiles, withSourceJournal } from './case-db';
import { schemaVersion } from './migrations';
import { parseSource, type IngestItem } from '../../../workers/ingest/ingest.api';
import type { ParseOptions } from '../../../workers/ingest/plan';
import { writeRecords } from './write-records';
import { CHUNK_SIZE } from './chunk-size';
import { fetchEthTransfers, fetchEthTransfersHops } from '../../../workers/chain/eth-fetch';
import { parseRpcEndpoint } from '../../../workers/chain/rpc-endpoint';
import type { ParsedTransfer } from '../../../workers/parsers/transfers/transfer-records';
import { Network } from './network';
import { NetworkDecisions } from './network-decisions';
import { NetworkQueries } from './network-queries';
import { Tracing } from './tracing';
import { Victims } from './victims';
import { Views } from './views';
import { saveSourceReport } from './source-reports';
import { getTrace, listTraces, type TraceSummary } from './saved-traces';
import { caseLanguage, updateCaseSettings, type CaseSettings } from './case-settings';
import type { Redactor } from '../../../shared/victims/redactor';
import type { GraphFilter, GraphNode, VictimInfo, ViewInfo } from '../../../shared/api/contract';
import type { NodeEvidence, SourceReport, TimelineEvent } from '../../../shared/api/contract';
import { nodeEvidence } from './node-evidence';
import { timeline } from './timeline';
import { requireSource, sourceReport } from './source-report-query';
import { throwIfCancelled, untilCancelled, type CancelFlag } from './ingest-cancel';
import { CaseExporter } from '../export/case-exporter';

export { CHUNK_SIZE } from './chunk-size';

export const DEFAULT_TIMEZONE = 'Europe/Belgrade';
export const DEFAULT_REGION = 'RS';

export interface Provenance extends Omit<ParseOptions, 'savedMappings'> {
  /** a mapping saved earlier, by name */
  mappingName?: string | undefined;
  /** save the mapping this table was read with under this name */
  saveMappingAs?: string | undefined;
  exhibit?: string | undefined;
  note?: string | undefined;
  acquiredAt?: string | undefined;
}

interface SourceRow {
  id: number;
  sha256: string;
  size: number;
  file_name: string;
  original_path: string | null;
  file_modified_at: string | null;
  acquired_at: string;
  ingested_at: string;
  ingested_by: string;
  exhibit: string | null;
  note: string | null;
  chunk_size: number;
  chunk_count: number;
}

function toSourceInfo(r: SourceRow): SourceInfo {
  return {
    id: r.id,
    sha256: r.sha256,
    size: r.size,
    fileName: r.file_name,
    originalPath: r.original_path,
    fileModifiedAt: r.file_modified_at,
    acquiredAt: r.acquired_at,
    ingestedAt: r.ingested_at,
    ingestedBy: r.ingested_by,
    exhibit: r.exhibit,
    note: r.note,
  };
}

function blank(text: string | undefined): string | null {
  const t = text?.trim();
  return t ? t : null;
}

/** Reports how far an ingest got: hashing, storing, then parsing, each over the source's bytes. */
export type IngestProgress = (phase: 'hash' | 'store' | 'parse', done: number, total: number) => void;

/** SHA-256 and length of everything a reader yields, read in chunks. */
function hashReader(reader: ByteReader, each?: (chunk: Buffer, index: number) => void, progress?: (done: number) => void): { sha256: string; size: number } {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK_SIZE);
  let position = 0;
  let index = 0;
  for (;;) {
    let filled = 0;
    // Fill whole chunks even if the OS returns short reads, so chunk boundaries are fixed.
    while (filled < CHUNK_SIZE) {
      const n = reader.read(buf.subarray(filled), position + filled);
      if (n === 0) break;
      filled += n;
    }
    if (filled === 0) break;
    const chunk = buf.subarray(0, filled);
    hash.update(chunk);
    each?.(chunk, index);
    position += filled;
    index += 1;
    progress?.(position);
    if (filled < CHUNK_SIZE) break;
  }
  return { sha256: hash.digest('hex'), size: position };
}

/** One open case: the single writer, living in the database worker thread. */
export class CaseStore {
  private readonly network: Network;
  private readonly queries: NetworkQueries;
  private readonly decisions: NetworkDecisions;
  private readonly tracing: Tracing;

  private constructor(
    private readonly db: Database,
    readonly path: string,
  ) {
    this.network = new Network(db);
    this.queries = new NetworkQueries(db);
    this.decisions = new NetworkDecisions(db, this.queries);
    this.tracing = new Tracing(db);
  }

  /** Follows the money from (or to) a wallet; the trace is saved with its fingerprint and audit-logged. */
  trace(input: Parameters<Tracing['trace']>[0], actor: string): TraceResult {
    return this.maskTrace(this.tracing.trace(input, actor));
  }

  /** Chain findings with a victim's wallets under the pseudonym (a poisoning "victim" is any targeted wallet). */
  chainFindings(): ChainFindings {
    const f = this.tracing.findings();
    const r = this.redactor();
    if (r.isEmpty) return f;
    const v = (x: string) => r.value(x);
    return {
      poisoning: f.poisoning.map((p) => ({ ...p, suspect: v(p.suspect), lookalikeOf: p.lookalikeOf === null ? null : v(p.lookalikeOf), victim: v(p.victim), detail: r.text(p.detail) })),
      btcClusters: f.btcClusters.map((c) => ({ ...c, addresses: c.addresses.map(v), evidence: c.evidence.map((e) => r.text(e)) })),
      coinjoins: f.coinjoins,
      changeGuesses: f.changeGuesses.map((g) => ({ ...g, address: v(g.address) })),
      truncated: f.truncated.map((t) => ({ ...t, raw: r.text(t.raw), candidates: t.candidates.map(v) })),
    };
  }

  /** The network, or the part the filter keeps; victims' nodes under their pseudonyms. */
  graph(options: GraphFilter = {}): Graph {
    const graph = this.queries.graph(options);
    const r = this.redactor();
    return r.isEmpty ? graph : { nodes: graph.nodes.map((n) => r.maskNode(n)), edges: graph.edges };
  }

  /** Every link between two nodes (by id or canonical value) with its evidence, and the shortest path; victims masked. */
  why(a: number | string, b: number | string, evidenceLimit?: number): Why {
    const region = this.meta('default_region');
    const why = this.queries.why(this.queries.resolve(a, region), this.queries.resolve(b, region), evidenceLimit);
    const r = this.redactor();
    if (r.isEmpty) return why;
    const node = (n: GraphNode) => r.maskNode(n);
    const evidence = (list: Why['direct'][number]['evidence']) => list.map((e) => ({ ...e, excerpt: e.excerpt === null ? null : r.text(e.excerpt), raw: e.raw === null ? null : r.text(e.raw), note: e.note === null ? null : r.text(e.note) }));
    return {
      a: node(why.a),
      b: node(why.b),
      direct: why.direct.map((d) => ({ link: d.link, evidence: evidence(d.evidence) })),
      path: why.path === null ? null : why.path.map((h) => ({ from: node(h.from), to: node(h.to), link: h.link, evidence: evidence(h.evidence) })),
    };
  }

  listSuggestions(status: 'open' | 'accepted' | 'rejected' | 'all' = 'open'): SuggestionInfo[] {
    return this.queries.suggestions(status).map((s) => this.maskSuggestion(s));
  }

  /** A suggestion as shown: its nodes and the reasons that quote them with victims masked. */
  private maskSuggestion(s: SuggestionInfo): SuggestionInfo {
    const r = this.redactor();
    if (r.isEmpty) return s;
    return { ...s, nodes: s.nodes.map((n) => r.maskNode(n)), reasons: s.reasons.map((x) => ({ ...x, detail: r.text(x.detail) })) };
  }

  /** Merge, reject or reopen a suggestion (or merge two nodes by hand); audit-logged. */
  decideSuggestion(input: { decision: 'merge' | 'reject' | 'reopen'; suggestionId?: number | undefined; a?: number | string | undefined; b?: number | string | undefined; note?: string | undefined }, actor: string): SuggestionInfo {
    let id = input.suggestionId;
    if (id === undefined) {
      if (input.a === undefined || input.b === undefined) throw new NitkaError('bad_input', 'name a suggestion, or the two nodes to merge');
      const region = this.meta('default_region');
      const a = this.queries.resolve(input.a, region);
      const b = this.queries.resolve(input.b, region);
      id = this.db.transaction(() => this.decisions.suggestionFor(a, b, actor))();
    }
    return this.maskSuggestion(this.decisions.decide(id, input.decision, actor, blank(input.note)));
  }

  /**
   * Fetches the transfers of Ethereum addresses from a node the user configured, asking it only
   * what the case's RPC cache does not already hold (a re-run resumes), logging every request in
   * the audit log (the endpoint by host only: keys in the URL are never stored). The responses
   * used become one evidence source (JSON lines of request and response), and the transfers point
   * into it.
   */
  async fetchChain(options: { url: string; addresses: string[]; fromBlock?: number | undefined; toBlock?: number | undefined; hops?: number | undefined }, actor: string): Promise<AddSourceResult & { requests: number; cached: number }> {
    let endpoint: ReturnType<typeof parseRpcEndpoint>;
    try {
      endpoint = parseRpcEndpoint(options.url);
    } catch (e) {
      throw new NitkaError('bad_input', `--rpc: ${(e as Error).message}`);
    }
    for (const a of options.addresses) {
      if (!/^eth:0x[0-9a-fA-F]{40}$/.test(a)) throw new NitkaError('bad_input', `--address: '${a}' is not an Ethereum wallet (eth:0x… with 40 hex digits)`, { address: a });
    }
    const getCached = this.db.prepare('SELECT response FROM rpc_cache WHERE endpoint = ? AND request = ?').pluck();
    const putCached = this.db.prepare('INSERT INTO rpc_cache (endpoint, request, response, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT (endpoint, request) DO UPDATE SET response = excluded.response, fetched_at = excluded.fetched_at');
    const used = new Map<string, string>();
    let requests = 0;
    let cached = 0;
    const cache = {
      get: (key: string) => {
        const hit = getCached.get(endpoint.host, key) as string | undefined;
        if (hit !== undefined) {
          cached += 1;
          used.set(key, hit);
        }
        return hit;
      },
      put: (key: string, response: string) => {
        putCached.run(endpoint.host, key, response, new Date().toISOString());
        used.set(key, response);
      },
    };
    const onRequest = (entry: { method: string; params: unknown; ms: number; ok: boolean; error?: string }) => {
      requests += 1;
      this.db.transaction(() => appendAudit(this.db, actor, 'rpc.request', { endpoint: endpoint.host, method: entry.method, params: entry.params, ms: Math.round(entry.ms), ok: entry.ok, error: entry.error ?? null }))();
    };
    const transfers: ParsedTransfer[] = [];
    const common = { url: options.url, addresses: options.addresses, fromBlock: options.fromBlock, toBlock: options.toBlock ?? 'latest', onRequest, cache } as const;
    try {
      const stream = options.hops ? fetchEthTransfersHops({ ...common, hops: options.hops }) : fetchEthTransfers(common);
      for await (const item of stream) if (item.kind === 'transfer') transfers.push(item);
    } catch (e) {
      throw new NitkaError('io', `the node at ${endpoint.host} failed: ${endpoint.redact((e as Error).message)} (what was fetched so far is kept in the case's RPC cache; run again to resume)`, { endpoint: endpoint.host });
    }
    const lines = [...used].map(([request, response]) => JSON.stringify({ request: JSON.parse(request) as unknown, response: JSON.parse(response) as unknown }));
    const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
    const fileName = `eth-rpc-${endpoint.host.replace(/[^\w.-]+/g, '_')}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    const items: IngestItem[] = [
      { type: 'plan', format: 'eth-rpc', dateOrder: null, mapping: null },
      { type: 'records', records: transfers.map((record) => ({ record, occurrences: [], searchText: null, attachments: [] })), bytesDone: bytes.length, total: bytes.length },
      { type: 'end', sha256: null, size: bytes.length },
    ];
    const note = `fetched from the node at ${endpoint.host} for ${options.addresses.join(', ')}${options.fromBlock !== undefined ? ` from block ${options.fromBlock}` : ''}${options.toBlock !== undefined ? ` to block ${options.toBlock}` : ''}${options.hops ? `, ${options.hops} hops` : ''}`;
    const result = this.addBytes(fileName, bytes, { note }, actor, undefined, items);
    this.db.transaction(() => appendAudit(this.db, actor, 'chain.fetched', { endpoint: endpoint.host, addresses: options.addresses, fromBlock: options.fromBlock ?? null, toBlock: options.toBlock ?? null, hops: options.hops ?? 0, requests, cached, transfers: transfers.length, sourceId: result.source.id, duplicate: result.duplicate }))();
    return { ...result, requests, cached };
  }

  /** Milliseconds the last ingest spent linking, per step (for the benchmarks). */
  linkTimings(): Record<string, number> {
    return { ...this.network.lastTimings };
  }

  listClusters(): ClusterInfo[] {
    const r = this.redactor();
    const clusters = this.queries.clusters();
    return r.isEmpty ? clusters : clusters.map((c) => ({ ...c, members: c.members.map((m) => ({ ...m, title: r.text(m.title) })) }));
  }

  /** The export engine over this case (electron/core/export): export models, source bytes, export records, package imports. */
  exporter(): CaseExporter {
    return new CaseExporter(this.db, this, () => {
      this.network.invalidate();
      this.tracing.invalidate();
    });
  }

  // ---- victims, settings, saved views and traces (issue 6) ----
  private victimsCache: Victims | null = null;
  private get victims(): Victims {
    return (this.victimsCache ??= new Victims(this.db));
  }

  /** Hides flagged victims in anything the case shows or exports; cached until the case changes. */
  redactor(): Redactor {
    return this.victims.redactor();
  }

  listVictims(): VictimInfo[] {
    return this.victims.list();
  }

  /** Flags a person, account or identifier (by id or value) as a victim's; audit-logged. */
  flagVictim(node: number | string, note: string | undefined, actor: string): VictimInfo {
    return this.victims.flag(this.queries.resolve(node, this.meta('default_region')), blank(note), actor);
  }

  unflagVictim(node: number | string, note: string | undefined, actor: string): null {
    this.victims.unflag(this.queries.resolve(node, this.meta('default_region')), blank(note), actor);
    return null;
  }

  /** The real identity behind a pseudonym; audit-logged with the reason. */
  revealVictim(pseudonym: string, reason: string, actor: string): ReturnType<Victims['reveal']> {
    return this.victims.reveal(pseudonym, reason.trim(), actor, (address) => this.queries.tagsOf(address));
  }

  updateSettings(settings: CaseSettings, actor: string): CaseInfo {
    updateCaseSettings(this.db, settings, actor);
    return this.info();
  }

  private get views(): Views {
    return new Views(this.db);
  }

  saveView(view: Omit<ViewInfo, 'updatedAt' | 'updatedBy'>, actor: string): ViewInfo {
    return this.views.save(view, actor);
  }

  getView(name: string): ViewInfo {
    return this.views.get(name);
  }

  listViews(): Array<{ name: string; updatedAt: string; nodes: number }> {
    return this.views.list();
  }

  deleteView(name: string, actor: string): null {
    this.views.delete(name, actor);
    return null;
  }

  /** Saved traces, newest first; a victim's wallet is shown under its pseudonym. */
  listTraces(): TraceSummary[] {
    const r = this.redactor();
    return listTraces(this.db).map((t) => (r.isEmpty ? t : { ...t, seed: r.value(t.seed) }));
  }

  getTrace(id: number): TraceResult {
    return this.maskTrace(getTrace(this.db, id));
  }

  /** A trace as shown: a victim's wallet under its pseudonym wherever it appears. */
  private maskTrace(t: TraceResult): TraceResult {
    const r = this.redactor();
    if (r.isEmpty) return t;
    const v = (x: string) => r.value(x);
    return { ...t, seed: v(t.seed), nodes: t.nodes.map((n) => ({ ...n, address: v(n.address), labels: n.labels.map((l) => r.text(l)) })), edges: t.edges.map((e) => ({ ...e, from: v(e.from), to: v(e.to) })) };
  }

  // ---- node evidence, timeline, source reports, ingest cancel (issue 6) ----
  /** Every link of a node (by id or value) with the other end and its evidence, strongest first; victims masked. */
  nodeEvidence(ref: number | string, evidenceLimit?: number): NodeEvidence {
    return nodeEvidence(this.db, this.queries, this.queries.resolve(ref, this.meta('default_region')), evidenceLimit, this.redactor());
  }

  /** Messages, calls, ads and transfers of the given nodes, oldest first; victims masked. */
  timeline(input: { nodes: Array<number | string>; since?: string | undefined; until?: string | undefined; limit?: number | undefined }): { events: TimelineEvent[]; truncated: boolean } {
    const region = this.meta('default_region');
    const nodes = [...new Map(input.nodes.map((ref) => this.queries.resolve(ref, region)).map((n) => [n.id, n])).values()];
    return timeline(this.db, nodes, input, this.redactor());
  }

  /** A source with its ingest report and the fragments no parser understood. */
  sourceReport(sourceId: number, limit?: number): SourceReport {
    return sourceReport(this.db, requireSource(this.db, sourceId, (r) => toSourceInfo(r as unknown as SourceRow)), limit);
  }

  /** Records that an ingest was cancelled (its own transaction rolled back, so nothing else is left of it). */
  ingestCancelled(fileName: string, originalPath: string | null, actor: string): void {
    this.db.transaction(() => appendAudit(this.db, actor, 'ingest.cancelled', { fileName, originalPath }))();
  }

  static create(
    file: string,
    passphrase: string,
    actor: string,
    options: { name?: string | undefined; timezone?: string | undefined; defaultRegion?: string | undefined } = {},
  ): CaseStore {
    const abs = path.resolve(file);
    const db = createCaseDb(abs, passphrase);
    const store = new CaseStore(db, abs);
    const meta = {
      case_id: randomUUID(),
      name: options.name?.trim() || path.basename(abs).replace(/\.nitka$/i, ''),
      created_at: new Date().toISOString(),
      created_by_version: NITKA_VERSION,
      timezone: options.timezone ?? DEFAULT_TIMEZONE,
      default_region: options.defaultRegion ?? DEFAULT_REGION,
    };
    try {
      db.transaction(() => {
        const put = db.prepare('INSERT INTO case_meta (key, value) VALUES (?, ?)');
        for (const [k, v] of Object.entries(meta)) put.run(k, v);
        appendAudit(db, actor, 'case.created', {
          caseId: meta.case_id,
          name: meta.name,
          timezone: meta.timezone,
          defaultRegion: meta.default_region,
          nitkaVersion: NITKA_VERSION,
          schemaVersion: schemaVersion(db),
        }, meta.created_at);
      })();
    } catch (e) {
      db.close();
      removeCaseFiles(abs);
      throw e;
    }
    return store;
  }

  static open(file: string, passphrase: string, actor: string): CaseStore {
    const abs = path.resolve(file);
    const { db, migrated } = openCaseDb(abs, passphrase);
    if (migrated.from !== migrated.to) {
      db.transaction(() => appendAudit(db, actor, 'case.migrated', { fromSchema: migrated.from, toSchema: migrated.to, nitkaVersion: NITKA_VERSION }))();
    }
    return new CaseStore(db, abs);
  }

  close(): void {
    this.db.close();
  }

  private meta(key: string): string {
    const row = this.db.prepare('SELECT value FROM case_meta WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) throw new NitkaError('not_a_case', `${this.path}: case metadata '${key}' is missing`);
    return row.value;
  }

  info(): CaseInfo {
    const count = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      caseId: this.meta('case_id'),
      name: this.meta('name'),
      path: this.path,
      createdAt: this.meta('created_at'),
      schemaVersion: schemaVersion(this.db),
      timezone: this.meta('timezone'),
      defaultRegion: this.meta('default_region'),
      sourceCount: count('SELECT count(*) AS n FROM sources'),
      auditEntries: count('SELECT count(*) AS n FROM audit_log'),
      language: caseLanguage(this.db),
    };
  }

  listSources(): SourceInfo[] {
    return (this.db.prepare('SELECT * FROM sources ORDER BY id').all() as SourceRow[]).map(toSourceInfo);
  }

  /** Identifiers, accounts and chats with how often each was seen; `id` is `<kind>:<row id>`. */
  listEntities(kind?: Entity['kind']): Entity[] {
    const out: Entity[] = [];
    if (!kind || (kind !== 'account' && kind !== 'chat')) {
      const rows = this.db
        .prepare(
          `SELECT i.id, i.kind, i.value, count(o.id) AS n FROM identifiers i LEFT JOIN occurrences o ON o.identifier_id = i.id
           ${kind ? 'WHERE i.kind = ?' : ''} GROUP BY i.id ORDER BY n DESC, i.kind, i.value`,
        )
        .all(...(kind ? [kind] : [])) as Array<{ id: number; kind: Entity['kind']; value: string; n: number }>;
      for (const r of rows) out.push({ id: `${r.kind}:${r.id}`, kind: r.kind, value: r.value, label: null, occurrences: r.n });
    }
    if (!kind || kind === 'account') {
      const rows = this.db
        .prepare(
          `SELECT a.id, a.platform, a.key, a.display_name, count(m.id) AS n FROM accounts a LEFT JOIN messages m ON m.sender_account_id = a.id
           GROUP BY a.id ORDER BY n DESC, a.key`,
        )
        .all() as Array<{ id: number; platform: string; key: string; display_name: string | null; n: number }>;
      for (const r of rows) out.push({ id: `account:${r.id}`, kind: 'account', value: `${r.platform}:${r.key}`, label: r.display_name, occurrences: r.n });
    }
    if (!kind || kind === 'chat') {
      const rows = this.db
        .prepare('SELECT c.id, c.platform, c.title, count(m.id) AS n FROM chats c LEFT JOIN messages m ON m.chat_id = c.id GROUP BY c.id ORDER BY c.id')
        .all() as Array<{ id: number; platform: string; title: string; n: number }>;
      for (const r of rows) out.push({ id: `chat:${r.id}`, kind: 'chat', value: `${r.platform}:chat:${r.id}`, label: r.title, occurrences: r.n });
    }
    const redactor = this.redactor();
    return redactor.isEmpty ? out : out.map((e) => ({ ...e, value: redactor.value(e.value), label: e.label === null ? null : redactor.text(e.label) }));
  }

  /**
   * Messages in time order, of one chat or all; `search` is full-text, diacritic-insensitive and
   * script-insensitive (Cyrillic queries are transliterated like the index).
   */
  listMessages(options: { chatId?: number | undefined; search?: string | undefined; identifier?: string | undefined; limit?: number | undefined }): MessageInfo[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (options.identifier !== undefined) {
      // The messages where an identifier occurs, by its canonical value (+381641234567, btc:…).
      where.push('m.id IN (SELECT o.message_id FROM occurrences o JOIN identifiers i ON i.id = o.identifier_id WHERE i.value = ?)');
      params.push(options.identifier);
    }
    if (options.chatId !== undefined) {
      where.push('m.chat_id = ?');
      params.push(options.chatId);
    }
    if (options.search) {
      const terms = cyrillicToLatin(options.search)
        .split(/[^\p{L}\p{N}_]+/u)
        .filter(Boolean)
        .map((t) => `"${t.replace(/"/g, '""')}"*`);
      if (terms.length === 0) return [];
      where.push('m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)');
      params.push(terms.join(' AND '));
    }
    const rows = this.db
      .prepare(
        `SELECT m.id, m.chat_id, c.title, m.kind, a.display_name, m.sent_utc, m.time_text, m.timezone, m.body, m.source_id, m.locator_line, m.locator_offset
         FROM messages m JOIN chats c ON c.id = m.chat_id LEFT JOIN accounts a ON a.id = m.sender_account_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY m.sent_utc, m.id LIMIT ?`,
      )
      .all(...params, options.limit ?? 10000) as Array<{
      id: number; chat_id: number; title: string; kind: 'message' | 'system'; display_name: string | null; sent_utc: string; time_text: string;
      timezone: string; body: string; source_id: number; locator_line: number | null; locator_offset: number | null;
    }>;
    const redactor = this.redactor();
    const text = (t: string) => (redactor.isEmpty ? t : redactor.text(t));
    return rows.map((r) => ({
      id: r.id, chatId: r.chat_id, chatTitle: text(r.title), kind: r.kind, sender: r.display_name === null ? null : text(r.display_name), sentUtc: r.sent_utc, timeText: r.time_text,
      timezone: r.timezone, body: text(r.body), sourceId: r.source_id, line: r.locator_line, offset: r.locator_offset,
    }));
  }

  auditLog(afterSeq?: number, limit?: number): AuditEntry[] {
    return readAudit(this.db, afterSeq, limit);
  }

  /** Stores a file from disk as an evidence source. */
  ingestFile(file: string, provenance: Provenance, actor: string, onProgress?: IngestProgress, parsed?: Iterable<IngestItem>, cancel?: CancelFlag): AddSourceResult {
    const abs = path.resolve(file);
    let reader: ReturnType<typeof fileReader>;
    try {
      reader = fileReader(abs);
    } catch (e) {
      const code = (e as { code?: string }).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      throw new NitkaError('bad_input', `${file}: cannot read: ${why}`, { path: file });
    }
    try {
      if (!reader.stat.isFile()) throw new NitkaError('bad_input', `${file}: not a regular file`, { path: file });
      return this.storeSource(reader, {
        fileName: path.basename(abs),
        originalPath: abs,
        fileModifiedAt: reader.stat.mtime.toISOString(),
        label: file,
      }, provenance, actor, onProgress, parsed, cancel);
    } finally {
      reader.close();
    }
  }

  /** Stores bytes handed over by a host (an upload in the UI) as an evidence source. */
  addBytes(fileName: string, bytes: Uint8Array, provenance: Provenance, actor: string, onProgress?: IngestProgress, parsed?: Iterable<IngestItem>, cancel?: CancelFlag): AddSourceResult {
    const name = CaseStore.sourceName(fileName);
    return this.storeSource(memoryReader(bytes), { fileName: name, originalPath: null, fileModifiedAt: null, label: name }, provenance, actor, onProgress, parsed, cancel);
  }

  /** The name a source is stored under: the base name of what the user gave. */
  static sourceName(fileName: string): string {
    return path.basename(fileName.replace(/\\/g, '/'));
  }

  /** Saved column mappings, oldest first. */
  listMappings(): SavedMapping[] {
    const rows = this.db.prepare('SELECT name, mapping, created_at, created_by FROM column_mappings ORDER BY created_at, name').all() as Array<{ name: string; mapping: string; created_at: string; created_by: string }>;
    return rows.map((r) => ({ name: r.name, mapping: columnMappingSchema.parse(JSON.parse(r.mapping)), createdAt: r.created_at, createdBy: r.created_by }));
  }

  /**
   * What the ingest engine needs to read a source of this case: the case time zone and region,
   * and the column mapping to use (given, named, or the saved ones to try on a table).
   */
  parseSettings(provenance: Provenance = {}): ParseOptions & { timezone: string; region: string } {
    let mapping: ColumnMapping | undefined = provenance.mapping;
    if (!mapping && provenance.mappingName) {
      const saved = this.listMappings();
      mapping = saved.find((m) => m.name === provenance.mappingName)?.mapping;
      if (!mapping) {
        throw new NitkaError('bad_input', `no saved column mapping is named "${provenance.mappingName}"${saved.length ? `; saved: ${saved.map((m) => `"${m.name}"`).join(', ')}` : '; none is saved yet'}`, { mappingName: provenance.mappingName });
      }
    }
    return {
      format: provenance.format,
      dateOrder: provenance.dateOrder,
      mapping,
      savedMappings: mapping ? undefined : this.listMappings(),
      timezone: this.meta('timezone'),
      region: this.meta('default_region'),
    };
  }

  private storeSource(
    reader: ByteReader,
    origin: { fileName: string; originalPath: string | null; fileModifiedAt: string | null; label: string },
    provenance: Provenance,
    actor: string,
    onProgress?: IngestProgress,
    parsed?: Iterable<IngestItem>,
    cancel?: CancelFlag,
  ): AddSourceResult {
    // A cancel request is read between chunks and batches; throwing inside the transaction rolls it all back.
    const checkCancel = () => throwIfCancelled(cancel, origin.fileName);
    const first = hashReader(reader, undefined, (done) => {
      checkCancel();
      onProgress?.('hash', done, reader.size);
    });
    const existing = this.db.prepare('SELECT * FROM sources WHERE sha256 = ?').get(first.sha256) as SourceRow | undefined;
    if (existing) {
      this.db.transaction(() => {
        appendAudit(this.db, actor, 'source.duplicate', {
          sourceId: existing.id,
          sha256: existing.sha256,
          fileName: origin.fileName,
          originalPath: origin.originalPath,
          exhibit: blank(provenance.exhibit),
        });
      })();
      return { source: toSourceInfo(existing), duplicate: true };
    }

    const now = new Date().toISOString();
    const row = {
      sha256: first.sha256,
      size: first.size,
      file_name: origin.fileName,
      original_path: origin.originalPath,
      file_modified_at: origin.fileModifiedAt,
      acquired_at: provenance.acquiredAt ? new Date(provenance.acquiredAt).toISOString() : now,
      ingested_at: now,
      ingested_by: actor,
      exhibit: blank(provenance.exhibit),
      note: blank(provenance.note),
      chunk_size: CHUNK_SIZE,
      chunk_count: Math.ceil(first.size / CHUNK_SIZE),
    };
    const insertChunk = this.db.prepare('INSERT INTO source_chunks (source_id, idx, data) VALUES (?, ?, ?)');
    // One transaction per source: the row, every chunk and the audit entry commit together,
    // so a crash leaves the source either complete or absent.
    // A large source is written through a rollback journal: in WAL mode every page would be
    // encrypted twice (into the WAL, then again at the checkpoint).
    const stored = this.rollbackAware(() => withSourceJournal(this.db, first.size, this.db.transaction(() => {
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO sources (sha256, size, file_name, original_path, file_modified_at, acquired_at, ingested_at,
             ingested_by, exhibit, note, chunk_size, chunk_count)
           VALUES (@sha256, @size, @file_name, @original_path, @file_modified_at, @acquired_at, @ingested_at,
             @ingested_by, @exhibit, @note, @chunk_size, @chunk_count)`,
        )
        .run(row);
      const id = Number(lastInsertRowid);
      // Second pass stores what it hashes; if the file changed since the first pass, roll back.
      const second = hashReader(reader, (chunk, idx) => insertChunk.run(id, idx, chunk), (done) => {
        checkCancel();
        onProgress?.('store', done, reader.size);
      });
      if (second.sha256 !== first.sha256 || second.size !== first.size) {
        throw new NitkaError('io', `${origin.label}: the file changed while it was being read; nothing was stored`, { path: origin.label });
      }
      // Parsed by the ingest worker when the host started one, else here in this thread.
      const items = untilCancelled(parsed ?? parseSource({ fileName: origin.fileName, besideDir: origin.originalPath ? path.dirname(origin.originalPath) : null, ...this.parseSettings(provenance) }, reader), cancel, origin.fileName);
      const { report, written } = writeRecords(this.db, { id, fileName: origin.fileName, sha256: row.sha256, size: row.size }, items, {
        timezone: this.meta('timezone'),
        defaultRegion: this.meta('default_region'),
        actor,
      }, onProgress ? (done, total) => onProgress('parse', done, total) : undefined);
      checkCancel();
      Object.assign(report, this.network.afterSource(id, written));
      checkCancel();
      if (provenance.saveMappingAs) {
        if (!report.mapping) throw new NitkaError('bad_input', `${origin.label}: there is no column mapping to save: this is not a message table`, { path: origin.label });
        this.db
          .prepare('INSERT INTO column_mappings (name, mapping, created_at, created_by) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping, created_at = excluded.created_at, created_by = excluded.created_by')
          .run(provenance.saveMappingAs, JSON.stringify(report.mapping), now, actor);
        appendAudit(this.db, actor, 'mapping.saved', { name: provenance.saveMappingAs, mapping: report.mapping, sourceId: id }, now);
        report.mappingName = provenance.saveMappingAs;
      }
      saveSourceReport(this.db, id, report);
      appendAudit(this.db, actor, 'source.added', {
        report,
        sourceId: id,
        sha256: row.sha256,
        size: row.size,
        fileName: row.file_name,
        originalPath: row.original_path,
        acquiredAt: row.acquired_at,
        exhibit: row.exhibit,
        note: row.note,
      }, now);
      return { row: { id, ...row }, report };
    })));
    return { source: toSourceInfo(stored.row), duplicate: false, report: stored.report };
  }

  /** Runs a write; if it throws, the network's in-memory indexes are dropped with the rolled-back rows. */
  private rollbackAware<T>(write: () => T): T {
    try {
      return write();
    } catch (e) {
      this.network.invalidate();
      this.tracing.invalidate();
      throw e;
    }
  }

  /** Re-hashes every stored source and the whole audit chain, then records that it did. */
  verify(actor: string): VerifyReport {
    const { entries, problems } = verifyAuditChain(this.db);
    const sourceProblems: VerifyProblem[] = [];
    const sources = this.db.prepare('SELECT * FROM sources ORDER BY id').all() as SourceRow[];
    const chunks = this.db.prepare('SELECT idx, data FROM source_chunks WHERE source_id = ? ORDER BY idx');
    let bytesChecked = 0;
    const addedBySource = new Map<number, AuditEntry>();
    for (const e of entries) {
      if (e.action === 'source.added' && typeof e.details.sourceId === 'number') addedBySource.set(e.details.sourceId, e);
    }
    for (const s of sources) {
      const label = `source #${s.id} '${s.file_name}'${s.exhibit ? ` (exhibit ${s.exhibit})` : ''}`;
      const hash = createHash('sha256');
      let size = 0;
      let expectedIdx = 0;
      let gap = false;
      for (const c of chunks.iterate(s.id) as IterableIterator<{ idx: number; data: Buffer }>) {
        if (c.idx !== expectedIdx) gap = true;
        expectedIdx = c.idx + 1;
        hash.update(c.data);
        size += c.data.length;
      }
      bytesChecked += size;
      const sha = hash.digest('hex');
      if (gap || expectedIdx !== s.chunk_count) {
        sourceProblems.push({ target: 'source', ref: s.id, message: `${label}: stored bytes are incomplete (chunks missing or out of order)` });
      }
      if (size !== s.size) {
        sourceProblems.push({ target: 'source', ref: s.id, message: `${label}: ${size} bytes stored, ${s.size} recorded` });
      }
      if (sha !== s.sha256) {
        sourceProblems.push({ target: 'source', ref: s.id, message: `${label}: stored bytes do not match the recorded SHA-256 (recorded ${s.sha256}, now ${sha})` });
      }
      const added = addedBySource.get(s.id);
      if (!added) {
        sourceProblems.push({ target: 'source', ref: s.id, message: `${label}: no audit entry records that it was added` });
      } else if (added.details.sha256 !== s.sha256 || added.details.size !== s.size) {
        sourceProblems.push({ target: 'source', ref: s.id, message: `${label}: differs from what audit entry #${added.seq} recorded when it was added` });
      }
      addedBySource.delete(s.id);
    }
    for (const [id, e] of addedBySource) {
      sourceProblems.push({ target: 'source', ref: id, message: `source #${id} '${String(e.details.fileName)}': recorded by audit entry #${e.seq} but missing from the case` });
    }
    const all = [...problems, ...sourceProblems];
    const report: VerifyReport = {
      ok: all.length === 0,
      sourcesChecked: sources.length,
      bytesChecked,
      entriesChecked: entries.length,
      problems: all,
    };
    this.db.transaction(() => {
      appendAudit(this.db, actor, 'case.verified', {
        ok: report.ok,
        sourcesChecked: report.sourcesChecked,
        bytesChecked: report.bytesChecked,
        entriesChecked: report.entriesChecked,
        problems: all.length,
        firstProblem: all[0]?.message ?? null,
      });
    })();
    return report;
  }
}
