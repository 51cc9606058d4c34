import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { GraphNode, SuggestionInfo } from '../../../shared/api/contract';
import { NitkaError } from '../../../shared/result';
import { appendAudit } from './audit-log';
import type { NetworkQueries } from './network-queries';

type SuggestionRow = { id: number; a: number; b: number; score: number; reasons: string; status: SuggestionInfo['status']; person: number | null };

/**
 * The analyst's decisions on resolution suggestions. Nothing merges by itself: a merge is an
 * analyst's act, recorded in the audit log, that makes (or joins) a person node both sides are
 * `same_as`; rejecting records the decision so the pair is not proposed again; either can be
 * undone, which removes exactly what the decision added. Each runs in one transaction.
 */
export class NetworkDecisions {
  constructor(
    private readonly db: Database,
    private readonly queries: NetworkQueries,
  ) {}

  private row(id: number): SuggestionRow {
    const r = this.db.prepare('SELECT * FROM suggestions WHERE id = ?').get(id) as SuggestionRow | undefined;
    if (!r) throw new NitkaError('not_found', `no suggestion ${id} in this case`, { suggestion: id });
    return r;
  }

  /** The person an analyst already merged this node into, if any. */
  private personOf(node: number): number | null {
    const r = this.db.prepare(`SELECT l.dst FROM links l JOIN nodes p ON p.id = l.dst AND p.kind = 'person' AND p.value LIKE 'person:merged:%' WHERE l.src = ? AND l.kind = 'same_as' LIMIT 1`).get(node) as { dst: number } | undefined;
    return r?.dst ?? null;
  }

  /** A suggestion for two nodes nobody suggested: the analyst's own. */
  suggestionFor(a: GraphNode, b: GraphNode, actor: string): number {
    if (a.id === b.id) throw new NitkaError('bad_input', `cannot merge node ${a.id} with itself`);
    const [x, y] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
    const existing = this.db.prepare('SELECT id FROM suggestions WHERE a = ? AND b = ?').get(x, y) as { id: number } | undefined;
    if (existing) return existing.id;
    return Number(
      this.db
        .prepare(`INSERT INTO suggestions (a, b, score, reasons, status, created_at) VALUES (?, ?, 1, ?, 'open', ?)`)
        .run(x, y, JSON.stringify([{ code: 'analyst', detail: `proposed by ${actor}`, weight: 1 }]), new Date().toISOString()).lastInsertRowid,
    );
  }

  decide(id: number, decision: 'merge' | 'reject' | 'reopen', actor: string, note: string | null): SuggestionInfo {
    this.db.transaction(() => {
      const s = this.row(id);
      const now = new Date().toISOString();
      if (decision === 'reopen') {
        if (s.status === 'open') throw new NitkaError('bad_input', `suggestion ${id} is open: there is no decision to undo`, { suggestion: id });
        this.db.prepare(`UPDATE suggestions SET status = 'open', decided_at = ?, decided_by = ?, person = NULL WHERE id = ?`).run(now, actor, id);
        const removed = s.status === 'accepted' ? this.unmerge(s) : { links: 0, person: null };
        appendAudit(this.db, actor, 'suggestion.reopened', { suggestionId: id, a: s.a, b: s.b, undid: s.status, removedLinks: removed.links, removedPerson: removed.person, note }, now);
        return;
      }
      if (s.status !== 'open') throw new NitkaError('bad_input', `suggestion ${id} was already ${s.status === 'accepted' ? 'merged' : 'rejected'}; reopen it first to decide again`, { suggestion: id, status: s.status });
      if (decision === 'reject') {
        this.db.prepare(`UPDATE suggestions SET status = 'rejected', decided_at = ?, decided_by = ? WHERE id = ?`).run(now, actor, id);
        appendAudit(this.db, actor, 'suggestion.rejected', { suggestionId: id, a: s.a, b: s.b, score: s.score, reasons: JSON.parse(s.reasons), note }, now);
        return;
      }
      const a = this.queries.node(s.a);
      const b = this.queries.node(s.b);
      let person = this.personOf(a.id) ?? this.personOf(b.id);
      const created = person === null;
      if (person === null) {
        const n = (this.db.prepare(`SELECT count(*) AS n FROM nodes WHERE value LIKE 'person:merged:%'`).get() as { n: number }).n;
        let value = `person:merged:${n + 1}`;
        for (let k = n + 2; this.db.prepare('SELECT 1 FROM nodes WHERE value = ?').get(value); k++) value = `person:merged:${k}`;
        person = Number(this.db.prepare(`INSERT INTO nodes (kind, value, label) VALUES ('person', ?, ?)`).run(value, a.label ?? b.label ?? a.value).lastInsertRowid);
      }
      const entry = appendAudit(this.db, actor, 'suggestion.accepted', { suggestionId: id, a: a.id, b: b.id, aValue: a.value, bValue: b.value, person, personCreated: created, score: s.score, reasons: JSON.parse(s.reasons), note }, now);
      const link = this.db.prepare(`INSERT INTO links (src, dst, kind, weight, evidence_count, first_seen, last_seen) VALUES (?, ?, 'same_as', 1, 1, ?, ?)
        ON CONFLICT (src, dst, kind) DO UPDATE SET evidence_count = links.evidence_count + 1 RETURNING id`);
      const evidence = this.db.prepare('INSERT INTO link_evidence (link_id, source_id, audit_seq, note, at) VALUES (?, NULL, ?, ?, ?)');
      for (const node of [a, b]) {
        if (node.id === person) continue;
        const l = link.get(node.id, person, now, now) as { id: number };
        evidence.run(l.id, entry.seq, `suggestion #${id} merged by ${actor}`, now);
      }
      this.db.prepare(`UPDATE suggestions SET status = 'accepted', decided_at = ?, decided_by = ?, person = ? WHERE id = ?`).run(now, actor, person, id);
    })();
    return this.queries.suggestion(id);
  }

  /** Removes the same_as evidence a merge added, links left without evidence, and a person left alone. */
  private unmerge(s: SuggestionRow): { links: number; person: number | null } {
    const tag = `suggestion #${s.id} merged by %`;
    const links = this.db.prepare(`SELECT DISTINCT link_id FROM link_evidence WHERE note LIKE ? AND source_id IS NULL`).pluck().all(tag) as number[];
    this.db.prepare(`DELETE FROM link_evidence WHERE note LIKE ? AND source_id IS NULL`).run(tag);
    let removed = 0;
    for (const l of links) {
      const left = (this.db.prepare('SELECT count(*) AS n FROM link_evidence WHERE link_id = ?').get(l) as { n: number }).n;
      if (left === 0) {
        this.db.prepare('DELETE FROM links WHERE id = ?').run(l);
        removed += 1;
      } else {
        this.db.prepare('UPDATE links SET evidence_count = ? WHERE id = ?').run(left, l);
      }
    }
    let person: number | null = null;
    if (s.person !== null) {
      const still = this.db.prepare('SELECT 1 FROM links WHERE src = ? OR dst = ? LIMIT 1').get(s.person, s.person);
      const referenced = this.db.prepare('SELECT 1 FROM suggestions WHERE (a = ? OR b = ? OR person = ?) AND id <> ? LIMIT 1').get(s.person, s.person, s.person, s.id);
      // A person flagged as a victim keeps its node (and so its pseudonym and protection) when the merge that made it is undone.
      const victim = this.db.prepare('SELECT 1 FROM victims WHERE node_id = ?').get(s.person);
      if (!still && !referenced && !victim) {
        this.db.prepare('DELETE FROM nodes WHERE id = ?').run(s.person);
        person = s.person;
      }
    }
    return { links: removed, person };
  }
}
