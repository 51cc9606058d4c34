import type { Database } from 'better-sqlite3-multiple-ciphers';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { GraphNode, VictimInfo } from '../../../shared/api/contract';
import { NitkaError } from '../../../shared/result';
import { Redactor, type RedactedVictim } from '../../../shared/victims/redactor';
import { appendAudit } from './audit-log';

/** What may be flagged: a human (person, account) or an identifier an analyst knows is a victim's. */
const FLAGGABLE = new Set<GraphNode['kind']>(['person', 'account', 'phone', 'email', 'handle', 'wallet']);
/** Link kinds that tie a human to the identifiers it uses and to its other accounts. */
const IDENTITY_LINKS = `('uses', 'same_as')`;
/** A merged person never reaches further than this many accounts: a runaway merge must not mask the case. */
const MAX_IDENTITY = 500;

type NodeRow = { id: number; kind: GraphNode['kind']; value: string; label: string | null };
type VictimRow = { node_id: number; pseudonym: string; flagged_at: string; flagged_by: string; note: string | null; audit_seq: number; kind: GraphNode['kind'] };

/** A covered node with the value it is shown as. */
interface Covered extends NodeRow {
  masked: string;
}

/** Particles of names that are ordinary words on their own: never hidden alone. */
const NAME_PARTICLES = new Set(['van', 'von', 'der', 'den', 'del', 'della', 'des', 'bin', 'ibn', 'abu', 'bey', 'las', 'los']);

/**
 * Victims of the case: flagging gives the next pseudonym (V-001, never given twice) and covers
 * the flagged node, the other accounts and the person it is joined to (`same_as`), and every
 * identifier any of them uses. Coverage is worked out from the network when it is read, so
 * identifiers a later source adds to a victim are hidden too. The redactor built from the real
 * identities is cached until the audit log moves (every write that could change it is logged).
 */

export class Victims {
  private cached: { head: string; redactor: Redactor } | null = null;

  constructor(private readonly db: Database) {}

  private rows(): VictimRow[] {
    return this.db.prepare('SELECT v.*, n.kind FROM victims v JOIN nodes n ON n.id = v.node_id ORDER BY v.pseudonym').all() as VictimRow[];
  }

  private nodeRow(id: number): NodeRow {
    const n = this.db.prepare('SELECT id, kind, value, label FROM nodes WHERE id = ?').get(id) as NodeRow | undefined;
    if (!n) throw new NitkaError('not_found', `no node ${id} in this case`, { node: id });
    return n;
  }

  /** The flagged node first, then what it covers, each shown as `V-001`, `V-001 phone 1`, `V-001 account 2`… */
  private covered(nodeId: number, pseudonym: string): Covered[] {
    const flagged = this.nodeRow(nodeId);
    const identity = this.db.prepare(`SELECT dst AS id FROM links WHERE src = ? AND kind = 'same_as' UNION SELECT src FROM links WHERE dst = ? AND kind = 'same_as'`).pluck();
    const around = this.db.prepare(`SELECT dst AS id FROM links WHERE src = ? AND kind IN ${IDENTITY_LINKS} UNION SELECT src FROM links WHERE dst = ? AND kind IN ${IDENTITY_LINKS}`).pluck();
    const uses = this.db.prepare(`SELECT dst FROM links WHERE src = ? AND kind = 'uses'`).pluck();
    // The human behind the flagged node: it and everything joined to it by same_as.
    const people = new Set<number>([nodeId]);
    const queue = [nodeId];
    while (queue.length && people.size < MAX_IDENTITY) {
      const next = queue.shift()!;
      for (const n of identity.all(next, next) as number[]) {
        if (!people.has(n)) {
          people.add(n);
          queue.push(n);
        }
      }
    }
    const ids = new Set<number>(people);
    for (const n of around.all(nodeId, nodeId) as number[]) ids.add(n);
    for (const p of people) for (const n of uses.all(p) as number[]) ids.add(n);
    ids.delete(nodeId);
    const others = [...ids].sort((a, b) => a - b).map((id) => this.nodeRow(id));
    const perKind = new Map<string, number>();
    const out: Covered[] = [{ ...flagged, masked: pseudonym }];
    for (const n of others) {
      const k = (perKind.get(n.kind) ?? 0) + 1;
      perKind.set(n.kind, k);
      out.push({ ...n, masked: `${pseudonym} ${n.kind} ${k}` });
    }
    return out;
  }

  /** Everything a victim's real identity may be written as: values, names, and how the sources wrote them. */
  private terms(nodes: NodeRow[]): string[] {
    const terms = new Set<string>();
    const raws = this.db.prepare('SELECT DISTINCT o.raw FROM identifiers i JOIN occurrences o ON o.identifier_id = i.id WHERE i.kind = ? AND i.value = ?').pluck();
    const names = this.db.prepare('SELECT display_name, key FROM accounts WHERE (platform = ? AND key = ?) OR (platform = \'whatsapp\' AND key = ?)');
    for (const n of nodes) {
      terms.add(n.value);
      if (n.label) terms.add(n.label);
      // The part after the prefix is what people write: tron:T… → T…, telegram:ana → ana.
      const tail = n.value.slice(n.value.lastIndexOf(':') + 1);
      if (tail !== n.value) terms.add(tail);
      const named = n.value.indexOf('#');
      if (n.kind === 'person' && named >= 0) terms.add(n.value.slice(named + 1));
      for (const raw of raws.all(n.kind, n.value) as string[]) terms.add(raw);
      if (n.kind === 'phone') {
        const phone = parsePhoneNumberFromString(n.value);
        if (phone) {
          // 064 1234567 and 641234567: the national forms, which do not say the country.
          terms.add(phone.formatNational());
          terms.add(String(phone.nationalNumber));
        }
      }
      const account = /^account:([^:]+):(.+)$/.exec(n.value);
      for (const a of names.all(account?.[1] ?? '', account?.[2] ?? '', n.value) as Array<{ display_name: string | null; key: string }>) {
        if (a.display_name) terms.add(a.display_name);
        terms.add(a.key);
      }
    }
    return [...terms].filter((t) => t.trim().length > 0);
  }

  /**
   * A name is also written in part ("Zdravo Mira", "Kovačeviću javi"): each word of a person's or
   * account's name is hidden on its own. This masks namesakes too, which is the safer error.
   */
  private nameWords(nodes: NodeRow[]): string[] {
    const words = new Set<string>();
    const names = this.db.prepare('SELECT display_name FROM accounts WHERE display_name IS NOT NULL AND ((platform = ? AND key = ?) OR (platform = \'whatsapp\' AND key = ?))').pluck();
    for (const n of nodes) {
      if (n.kind !== 'person' && n.kind !== 'account') continue;
      const account = /^account:([^:]+):(.+)$/.exec(n.value);
      for (const name of [n.label, ...(names.all(account?.[1] ?? '', account?.[2] ?? '', n.value) as string[])]) {
        for (const word of (name ?? '').split(/[\s.,_-]+/u)) if (word.length >= 3 && /^\p{L}+$/u.test(word) && !NAME_PARTICLES.has(word.toLowerCase())) words.add(word);
      }
    }
    return [...words];
  }

  /** The redactor of the case's victims, rebuilt only when the case changed since. */
  redactor(): Redactor {
    const head = (this.db.prepare(`SELECT value FROM case_meta WHERE key = 'audit_head'`).pluck().get() as string | undefined) ?? '';
    if (this.cached?.head === head) return this.cached.redactor;
    const victims: RedactedVictim[] = this.rows().map((v) => {
      const nodes = this.covered(v.node_id, v.pseudonym);
      return { pseudonym: v.pseudonym, terms: this.terms(nodes), nameWords: this.nameWords(nodes), nodes: nodes.map((n) => ({ id: n.id, value: n.value, masked: n.masked })) };
    });
    const redactor = new Redactor(victims);
    this.cached = { head, redactor };
    return redactor;
  }

  private info(v: VictimRow): VictimInfo {
    return {
      pseudonym: v.pseudonym,
      nodeId: v.node_id,
      kind: v.kind,
      coveredNodeIds: this.covered(v.node_id, v.pseudonym).map((n) => n.id),
      flaggedAt: v.flagged_at,
      flaggedBy: v.flagged_by,
      note: v.note,
    };
  }

  list(): VictimInfo[] {
    return this.rows().map((v) => this.info(v));
  }

  /** Flags a node as a victim's under the next pseudonym; audit-logged without the real value. */
  flag(node: GraphNode, note: string | null, actor: string): VictimInfo {
    if (!FLAGGABLE.has(node.kind)) {
      throw new NitkaError('bad_input', `node ${node.id} is a ${node.kind}: only a person, an account, or a phone, e-mail, handle or wallet can be flagged as a victim`, { node: node.id, kind: node.kind });
    }
    const existing = this.db.prepare('SELECT pseudonym FROM victims WHERE node_id = ?').pluck().get(node.id) as string | undefined;
    if (existing) throw new NitkaError('exists', `node ${node.id} is already flagged as victim ${existing}`, { node: node.id, pseudonym: existing });
    const row = this.db.transaction(() => {
      const n = (this.db.prepare('UPDATE victim_counter SET last = last + 1 WHERE id = 1 RETURNING last').pluck().get() as number);
      const pseudonym = `V-${String(n).padStart(3, '0')}`;
      const now = new Date().toISOString();
      // The log names the node by id and kind only: the real value must not travel with exports of the log.
      const entry = appendAudit(this.db, actor, 'victim.flag', { pseudonym, nodeId: node.id, kind: node.kind, covered: this.covered(node.id, pseudonym).map((c) => c.id), note }, now);
      this.db.prepare('INSERT INTO victims (node_id, pseudonym, flagged_at, flagged_by, note, audit_seq) VALUES (?, ?, ?, ?, ?, ?)').run(node.id, pseudonym, now, actor, note, entry.seq);
      return this.db.prepare('SELECT v.*, n.kind FROM victims v JOIN nodes n ON n.id = v.node_id WHERE v.node_id = ?').get(node.id) as VictimRow;
    })();
    this.cached = null;
    return this.info(row);
  }

  /** Shows a node under its real identity again; audit-logged. */
  unflag(node: GraphNode, note: string | null, actor: string): void {
    const v = this.db.prepare('SELECT pseudonym FROM victims WHERE node_id = ?').pluck().get(node.id) as string | undefined;
    if (!v) {
      const by = this.redactor().victimOf(node.id);
      throw new NitkaError('not_found', `node ${node.id} is not flagged as a victim${by ? ` (it is covered by victim ${by}: unflag that one)` : ''}`, { node: node.id });
    }
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM victims WHERE node_id = ?').run(node.id);
      appendAudit(this.db, actor, 'victim.unflag', { pseudonym: v, nodeId: node.id, note });
    })();
    this.cached = null;
  }

  /**
   * The real values behind a pseudonym, for an analyst who says why; the reveal itself is
   * audit-logged with the reason (the values are not copied into the log).
   */
  reveal(pseudonym: string, reason: string, actor: string, tagsOf: (address: string) => string[]): { victim: VictimInfo; nodes: Array<GraphNode & { realValue: string; realLabel: string | null }> } {
    const row = this.rows().find((v) => v.pseudonym === pseudonym);
    if (!row) {
      const known = this.rows().map((v) => v.pseudonym);
      throw new NitkaError('not_found', `no victim ${pseudonym} in this case${known.length ? ` (victims: ${known.join(', ')})` : ''}`, { pseudonym });
    }
    const covered = this.covered(row.node_id, row.pseudonym);
    this.db.transaction(() => appendAudit(this.db, actor, 'victim.reveal', { pseudonym, nodeId: row.node_id, nodes: covered.map((n) => n.id), reason }))();
    return {
      victim: this.info(row),
      nodes: covered.map((n) => ({ id: n.id, kind: n.kind, value: n.masked, label: pseudonym, victim: pseudonym, tags: n.kind === 'wallet' ? tagsOf(n.value) : [], realValue: n.value, realLabel: n.label })),
    };
  }
}
