import type { Database } from 'better-sqlite3-multiple-ciphers';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { ClusterInfo, ExplainedLink, Graph, GraphEdge, GraphFilter, GraphNode, LinkEvidence, SuggestionInfo, Why } from '../../../shared/api/contract';
import { NitkaError } from '../../../shared/result';

type EdgeRow = { id: number; src: number; dst: number; kind: GraphEdge['kind']; weight: number; evidence_count: number; first_seen: string | null; last_seen: string | null };

const toEdge = (r: EdgeRow): GraphEdge => ({ id: r.id, source: r.src, target: r.dst, kind: r.kind, weight: r.weight, evidenceCount: r.evidence_count, firstSeen: r.first_seen, lastSeen: r.last_seen });

/** Characters of context either side of an identifier in an excerpt. */
const CONTEXT = 60;

function excerptAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - CONTEXT);
  const to = Math.min(text.length, end + CONTEXT);
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`.replace(/\s+/g, ' ');
}

function firstWords(text: string, max = 2 * CONTEXT): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** Reads the network: nodes by id or value, the graph, evidence, paths, suggestions and clusters. */
export class NetworkQueries {
  constructor(private readonly db: Database) {}

  /** A node row as the API shows it, before victims are masked: its wallet labels as tags. */
  private withTags(n: { id: number; kind: GraphNode['kind']; value: string; label: string | null }): GraphNode {
    return { id: n.id, kind: n.kind, value: n.value, label: n.label, victim: null, tags: n.kind === 'wallet' ? this.tagsOf(n.value) : [] };
  }

  /** The labels of a wallet as `category: label`, each once. */
  tagsOf(address: string): string[] {
    const rows = this.db.prepare('SELECT DISTINCT category, label FROM labels WHERE address = ? ORDER BY category, label').all(address) as Array<{ category: string | null; label: string }>;
    return rows.map((r) => (r.category ? `${r.category}: ${r.label}` : r.label));
  }

  node(id: number): GraphNode {
    const n = this.db.prepare('SELECT id, kind, value, label FROM nodes WHERE id = ?').get(id) as GraphNode | undefined;
    if (!n) throw new NitkaError('not_found', `no node ${id} in this case`, { node: id });
    return this.withTags(n);
  }

  /**
   * A node named by its id or canonical value. A phone may also be typed as people write it
   * (`064 123 4567`, `+381 64 123-45-67`): it is read in the case's region.
   */
  resolve(ref: number | string, defaultRegion: string): GraphNode {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return this.node(Number(ref));
    const byValue = this.db.prepare('SELECT id, kind, value, label FROM nodes WHERE value = ?');
    const exact = byValue.get(ref) as GraphNode | undefined;
    if (exact) return this.withTags(exact);
    const lower = byValue.get(ref.toLowerCase()) as GraphNode | undefined;
    if (lower) return this.withTags(lower);
    if (/^[+\d\s().-]{6,}$/.test(ref)) {
      const phone = parsePhoneNumberFromString(ref, defaultRegion as Parameters<typeof parsePhoneNumberFromString>[1]);
      const found = phone?.isValid() ? (byValue.get(phone.number) as GraphNode | undefined) : undefined;
      if (found) return this.withTags(found);
    }
    throw new NitkaError('not_found', `no node named "${ref}" in this case (give a node id or a canonical value such as +381641234567, tron:T…, telegram:name)`, { node: ref });
  }

  /**
   * The network, or the part the filter keeps. Kinds narrow nodes and links as before; sources
   * and a time window keep the links with at least one piece of evidence from those sources whose
   * own time (`link_evidence.at`: the message, ad or transfer time) lies in the window, and only
   * the nodes at their ends. Wallets carry their labels as tags, read in one grouped query.
   */
  graph(options: GraphFilter = {}): Graph {
    const nodeFilter = options.nodeKinds?.length ? `WHERE kind IN (SELECT value FROM json_each(?))` : '';
    const rows = this.db.prepare(`SELECT id, kind, value, label FROM nodes ${nodeFilter} ORDER BY id`).all(...(nodeFilter ? [JSON.stringify(options.nodeKinds)] : [])) as Array<Omit<GraphNode, 'victim' | 'tags'>>;
    const where: string[] = [];
    const params: string[] = [];
    if (options.linkKinds?.length) {
      where.push('kind IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(options.linkKinds));
    }
    if (nodeFilter) {
      where.push('src IN (SELECT id FROM nodes WHERE kind IN (SELECT value FROM json_each(?))) AND dst IN (SELECT id FROM nodes WHERE kind IN (SELECT value FROM json_each(?)))');
      params.push(JSON.stringify(options.nodeKinds), JSON.stringify(options.nodeKinds));
    }
    const byEvidence = options.sourceIds !== undefined || options.since !== undefined || options.until !== undefined;
    if (byEvidence) {
      const cond: string[] = ['e.link_id = links.id'];
      if (options.sourceIds !== undefined) {
        cond.push('e.source_id IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(options.sourceIds));
      }
      // Stored times are ISO strings with or without milliseconds: compared as instants, not as text.
      if (options.since !== undefined) {
        cond.push('julianday(e.at) >= julianday(?)');
        params.push(new Date(options.since).toISOString());
      }
      if (options.until !== undefined) {
        cond.push('julianday(e.at) <= julianday(?)');
        params.push(new Date(options.until).toISOString());
      }
      where.push(`EXISTS (SELECT 1 FROM link_evidence e WHERE ${cond.join(' AND ')})`);
    }
    const edges = (this.db.prepare(`SELECT * FROM links ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`).all(...params) as EdgeRow[]).map(toEdge);
    let kept = rows;
    if (byEvidence) {
      const ends = new Set<number>();
      for (const e of edges) {
        ends.add(e.source);
        ends.add(e.target);
      }
      kept = rows.filter((n) => ends.has(n.id));
    }
    const tags = this.walletTags();
    const nodes: GraphNode[] = kept.map((n) => ({ ...n, victim: null, tags: (n.kind === 'wallet' && tags.get(n.id)) || [] }));
    return { nodes, edges };
  }

  /** Every labelled wallet's tags by node id, in one query (never one per node). */
  private walletTags(): Map<number, string[]> {
    const out = new Map<number, string[]>();
    const rows = this.db
      .prepare(
        `SELECT DISTINCT n.id, l.category, l.label FROM labels l JOIN nodes n ON n.value = l.address
         WHERE n.kind = 'wallet' ORDER BY n.id, l.category, l.label`,
      )
      .all() as Array<{ id: number; category: string | null; label: string }>;
    for (const r of rows) {
      const list = out.get(r.id) ?? [];
      list.push(r.category ? `${r.category}: ${r.label}` : r.label);
      out.set(r.id, list);
    }
    return out;
  }

  /** The evidence of one link, oldest first; at most `limit` pieces. */
  evidence(linkId: number, limit = 1000): LinkEvidence[] {
    const rows = this.db
      .prepare(
        `SELECT e.*, s.file_name, s.sha256, s.exhibit,
                o.start, o.end, o.raw, o.field, o.ad_id AS occ_ad,
                m.body, m.locator_line AS m_line, m.locator_offset AS m_offset, m.locator_message_id AS m_mid, m.locator_entry AS m_entry,
                a.title, a.body AS ad_body, a.contacts, a.ad_key, a.site, a.locator_line AS a_line, a.locator_offset AS a_offset, a.locator_pointer AS a_pointer, a.locator_entry AS a_entry
         FROM link_evidence e
         LEFT JOIN sources s ON s.id = e.source_id
         LEFT JOIN occurrences o ON o.id = e.occurrence_id
         LEFT JOIN messages m ON m.id = coalesce(e.message_id, o.message_id)
         LEFT JOIN ads a ON a.id = coalesce(e.ad_id, o.ad_id)
         WHERE e.link_id = ? ORDER BY e.at, e.id LIMIT ?`,
      )
      .all(linkId, limit) as Array<Record<string, unknown>>;
    return rows.map((r) => {
      const str = (k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
      const num = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : null);
      let excerpt: string | null = null;
      const field = str('field');
      if (r.body !== null && r.body !== undefined) {
        excerpt = r.start !== null && r.start !== undefined ? excerptAround(String(r.body), num('start')!, num('end')!) : firstWords(String(r.body));
      } else if (r.ad_key !== null && r.ad_key !== undefined) {
        let text: string | null = null;
        if (field === 'title') text = str('title');
        else if (field === 'body') text = str('ad_body');
        else if (field?.startsWith('contact:')) {
          const name = field.slice('contact:'.length);
          const contacts = JSON.parse(String(r.contacts)) as Array<{ field: string; value: string }>;
          const raw = str('raw');
          text = contacts.find((c) => c.field === name && (raw === null || c.value.includes(raw)))?.value ?? contacts.find((c) => c.field === name)?.value ?? null;
          if (text !== null) text = `${name}: ${text}`;
          excerpt = text;
        }
        if (excerpt === null) excerpt = text !== null && r.start !== null && r.start !== undefined ? excerptAround(text, num('start')!, num('end')!) : firstWords(`${str('title') ?? ''} — ${str('ad_body') ?? ''}`);
      }
      const isAd = r.ad_key !== null && r.ad_key !== undefined && (r.body === null || r.body === undefined);
      return {
        sourceId: num('source_id'),
        fileName: str('file_name'),
        sha256: str('sha256'),
        exhibit: str('exhibit'),
        locator: {
          line: isAd ? num('a_line') : num('m_line'),
          offset: isAd ? num('a_offset') : num('m_offset'),
          messageId: isAd ? str('a_pointer') : str('m_mid'),
          entry: isAd ? str('a_entry') : str('m_entry'),
          ad: isAd ? str('ad_key') : null,
          field,
        },
        excerpt,
        raw: str('raw'),
        note: str('note'),
        at: str('at'),
        auditSeq: num('audit_seq'),
      };
    });
  }

  private linksBetween(a: number, b: number): GraphEdge[] {
    return (this.db.prepare('SELECT * FROM links WHERE (src = ? AND dst = ?) OR (src = ? AND dst = ?) ORDER BY id').all(a, b, b, a) as EdgeRow[]).map(toEdge);
  }

  /**
   * Shortest chain of links between two nodes (any direction, fewest hops), by breadth-first
   * search from both ends, expanding the smaller frontier; bounded so that a hub cannot make it
   * read the whole case.
   */
  shortestPath(a: number, b: number, maxVisited = 500_000): number[] | null {
    if (a === b) return [a];
    const neighbours = this.db.prepare('SELECT dst AS n FROM links WHERE src = ? UNION SELECT src FROM links WHERE dst = ?').pluck();
    const parentA = new Map<number, number>([[a, a]]);
    const parentB = new Map<number, number>([[b, b]]);
    let frontierA = [a];
    let frontierB = [b];
    while (frontierA.length && frontierB.length && parentA.size + parentB.size < maxVisited) {
      const fromA = frontierA.length <= frontierB.length;
      const [frontier, mine, theirs] = fromA ? [frontierA, parentA, parentB] : [frontierB, parentB, parentA];
      const next: number[] = [];
      for (const node of frontier) {
        for (const n of neighbours.all(node, node) as number[]) {
          if (mine.has(n)) continue;
          mine.set(n, node);
          if (theirs.has(n)) {
            const left: number[] = [];
            for (let x = n; ; x = parentA.get(x)!) {
              left.unshift(x);
              if (x === a) break;
            }
            for (let x = parentB.get(n)!; x !== n; x = parentB.get(x)!) {
              left.push(x);
              if (x === b) break;
            }
            return left;
          }
          next.push(n);
        }
      }
      if (fromA) frontierA = next;
      else frontierB = next;
    }
    return null;
  }

  why(a: GraphNode, b: GraphNode, evidenceLimit = 20): Why {
    const direct: ExplainedLink[] = this.linksBetween(a.id, b.id).map((link) => ({ link, evidence: this.evidence(link.id, 100_000) }));
    const ids = this.shortestPath(a.id, b.id);
    let path: Why['path'] = null;
    if (ids && ids.length > 1) {
      path = [];
      for (let i = 0; i + 1 < ids.length; i++) {
        const from = this.node(ids[i]!);
        const to = this.node(ids[i + 1]!);
        // The strongest link of the hop stands for it; `direct` on that pair lists the rest.
        const link = this.linksBetween(from.id, to.id).sort((x, y) => y.weight - x.weight)[0]!;
        path.push({ from, to, link, evidence: this.evidence(link.id, evidenceLimit) });
      }
    }
    return { a, b, direct, path };
  }

  suggestions(status: 'open' | 'accepted' | 'rejected' | 'all' = 'open'): SuggestionInfo[] {
    const rows = this.db
      .prepare(`SELECT * FROM suggestions ${status === 'all' ? '' : 'WHERE status = ?'} ORDER BY score DESC, id`)
      .all(...(status === 'all' ? [] : [status])) as Array<{ id: number; a: number; b: number; score: number; reasons: string; status: SuggestionInfo['status']; person: number | null }>;
    return rows.map((r) => this.suggestionInfo(r));
  }

  suggestion(id: number): SuggestionInfo {
    const r = this.db.prepare('SELECT * FROM suggestions WHERE id = ?').get(id) as { id: number; a: number; b: number; score: number; reasons: string; status: SuggestionInfo['status']; person: number | null } | undefined;
    if (!r) throw new NitkaError('not_found', `no suggestion ${id} in this case`, { suggestion: id });
    return this.suggestionInfo(r);
  }

  private suggestionInfo(r: { id: number; a: number; b: number; score: number; reasons: string; status: SuggestionInfo['status']; person: number | null }): SuggestionInfo {
    return { id: r.id, score: r.score, reasons: JSON.parse(r.reasons) as SuggestionInfo['reasons'], nodes: [this.node(r.a), this.node(r.b)], status: r.status, person: r.person };
  }

  clusters(): ClusterInfo[] {
    const clusters = this.db.prepare(`SELECT n.id, n.value FROM nodes n WHERE n.kind = 'cluster' AND n.value LIKE 'cluster:%' ORDER BY n.id`).all() as Array<{ id: number; value: string }>;
    const members = this.db.prepare(
      `SELECT a.ad_key, a.site, a.title, a.source_id, s.file_name, cm.similarity FROM cluster_members cm JOIN ads a ON a.id = cm.ad_id JOIN sources s ON s.id = a.source_id
       WHERE cm.cluster_node = ? ORDER BY a.id`,
    );
    return clusters.map((c) => {
      const list = members.all(c.id) as Array<{ ad_key: string; site: string | null; title: string; source_id: number; file_name: string; similarity: number }>;
      const score = list.reduce((s, m) => s + m.similarity, 0) / Math.max(1, list.length);
      return {
        id: c.id,
        value: c.value,
        score: Math.round(score * 1000) / 1000,
        members: list.map((m) => ({ ad: m.ad_key, source: m.file_name, sourceId: m.source_id, site: m.site, title: m.title, similarity: m.similarity })),
      };
    });
  }
}
