import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

interface Membership {
  link: number;
  firstMessage: number;
  count: number;
  first: string;
  last: string;
}

interface Pending {
  weight: number;
  count: number;
  first: string | null;
  last: string | null;
}

/**
 * Links a chat source into the network while its records are written: each message and identifier
 * occurrence becomes evidence of its links the moment its row exists, through cached node and link
 * ids, so linking a million occurrences costs two small inserts each and no second pass over the
 * source's rows. Link weights and counts are added up in memory and written once at the end.
 *
 * Links: account —member_of→ chat (one piece of evidence per account and chat: how many messages,
 * first and last), chat —mentions→ identifier and account —sent→ identifier (each occurrence),
 * account —sent→ picture or chat —shares_image→ picture (each message), old phone —same_as→ new
 * phone (WhatsApp's "changed their phone number" line).
 */
export class ChatLinker {
  private readonly upsertNode: Statement;
  private readonly accountNodeOf: Statement;
  private readonly upsertLink: Statement;
  private readonly insertEvidence: Statement;
  private readonly nodes = new Map<string, number>();
  private readonly accountNodes = new Map<number, { id: number; kind: string }>();
  private readonly chatNodes = new Map<number, number>();
  private readonly links = new Map<string, number>();
  private readonly pending = new Map<number, Pending>();
  /** chat node, then account node → messages written: first message id, count, first and last time (maps of numbers: no key strings per message) */
  private readonly membership = new Map<number, Map<number, Membership>>();
  /** the same, in the order first seen */
  private readonly memberships: Membership[] = [];
  /** account and person nodes this source added or changed, for resolution */
  readonly touched = new Set<number>();
  /** milliseconds spent linking, for the benchmarks */
  ms = 0;

  constructor(
    private readonly db: Database,
    private readonly sourceId: number,
  ) {
    this.upsertNode = db.prepare('INSERT INTO nodes (kind, value, label) VALUES (?, ?, ?) ON CONFLICT (value) DO UPDATE SET label = coalesce(nodes.label, excluded.label) RETURNING id');
    this.accountNodeOf = db.prepare('SELECT kind, value, label FROM account_nodes WHERE account_id = ?');
    this.upsertLink = db.prepare(`INSERT INTO links (src, dst, kind, weight, evidence_count) VALUES (?, ?, ?, 0, 0) ON CONFLICT (src, dst, kind) DO UPDATE SET kind = excluded.kind RETURNING id`);
    this.insertEvidence = db.prepare('INSERT INTO link_evidence (link_id, source_id, occurrence_id, message_id, note, at) VALUES (?, ?, ?, ?, ?, ?)');
  }

  node(kind: string, value: string, label: string | null = null): number {
    let id = this.nodes.get(value);
    if (id === undefined) {
      id = (this.upsertNode.get(kind, value, label) as { id: number }).id;
      this.nodes.set(value, id);
    }
    return id;
  }

  chat(chatId: number, title: string): number {
    let id = this.chatNodes.get(chatId);
    if (id === undefined) {
      id = this.node('chat', `chat:${chatId}`, title);
      this.chatNodes.set(chatId, id);
    }
    return id;
  }

  account(accountId: number): number {
    let n = this.accountNodes.get(accountId);
    if (!n) {
      const row = this.accountNodeOf.get(accountId) as { kind: string; value: string; label: string | null };
      n = { id: this.node(row.kind, row.value, row.label), kind: row.kind };
      this.accountNodes.set(accountId, n);
      if (n.kind === 'account') this.touched.add(n.id);
    }
    return n.id;
  }

  private link(src: number, dst: number, kind: string): number {
    const key = `${src} ${dst} ${kind}`;
    let id = this.links.get(key);
    if (id === undefined) {
      id = (this.upsertLink.get(src, dst, kind) as { id: number }).id;
      this.links.set(key, id);
    }
    return id;
  }

  private add(link: number, weight: number, count: number, at: string | null): void {
    const p = this.pending.get(link);
    if (!p) {
      this.pending.set(link, { weight, count, first: at, last: at });
      return;
    }
    p.weight += weight;
    p.count += count;
    if (at !== null) {
      if (p.first === null || at < p.first) p.first = at;
      if (p.last === null || at > p.last) p.last = at;
    }
  }

  /** One piece of evidence for a link, now; its weight and count are added at the end. */
  private evidence(src: number, dst: number, kind: string, weight: number, at: string | null, ref: { occurrence?: number; message?: number; note?: string }): void {
    if (src === dst) return;
    const link = this.link(src, dst, kind);
    this.insertEvidence.run(link, this.sourceId, ref.occurrence ?? null, ref.message ?? null, ref.note ?? null, at);
    this.add(link, weight, 1, at);
  }

  /** A participant listed in the chat's header, who may never have written. */
  participant(accountId: number, chatId: number, title: string): void {
    this.evidence(this.account(accountId), this.chat(chatId, title), 'member_of', 1, null, { note: 'listed as a participant of the chat' });
  }

  message(messageId: number, chatId: number, title: string, senderAccountId: number | null, at: string): void {
    if (senderAccountId === null) return;
    const account = this.account(senderAccountId);
    const chat = this.chat(chatId, title);
    let ofChat = this.membership.get(chat);
    if (!ofChat) {
      ofChat = new Map();
      this.membership.set(chat, ofChat);
    }
    const m = ofChat.get(account);
    if (!m) {
      const created = { link: this.link(account, chat, 'member_of'), firstMessage: messageId, count: 1, first: at, last: at };
      ofChat.set(account, created);
      this.memberships.push(created);
    } else {
      m.count += 1;
      if (at < m.first) m.first = at;
      if (at > m.last) m.last = at;
    }
  }

  occurrence(occurrenceId: number, messageId: number, chatId: number, title: string, senderAccountId: number | null, kind: string, value: string, confidence: number, at: string): void {
    const t0 = performance.now();
    const identifier = this.node(kind, value);
    this.evidence(this.chat(chatId, title), identifier, 'mentions', confidence, at, { occurrence: occurrenceId, message: messageId });
    if (senderAccountId !== null) this.evidence(this.account(senderAccountId), identifier, 'sent', confidence, at, { occurrence: occurrenceId, message: messageId });
    this.ms += performance.now() - t0;
  }

  picture(sha256: string, messageId: number, chatId: number, title: string, senderAccountId: number | null, ref: string, at: string): void {
    const image = this.node('image', `image:${sha256}`);
    if (senderAccountId !== null) this.evidence(this.account(senderAccountId), image, 'sent', 1, at, { message: messageId, note: ref });
    else this.evidence(this.chat(chatId, title), image, 'shares_image', 1, at, { message: messageId, note: ref });
  }

  /** "X changed their phone number to a new number": the two phones are one person's. */
  numberChanged(messageId: number, phones: string[], at: string): void {
    if (phones.length !== 2 || phones[0] === phones[1]) return;
    this.evidence(this.node('phone', phones[0]!), this.node('phone', phones[1]!), 'same_as', 1, at, { message: messageId, note: 'WhatsApp: changed their phone number' });
  }

  /** Writes the membership evidence and every link's added weight, count and time span. */
  finish(): void {
    const t0 = performance.now();
    for (const m of this.memberships) {
      this.insertEvidence.run(m.link, this.sourceId, null, m.firstMessage, `${m.count} messages, ${m.first} – ${m.last}`, m.first);
      this.add(m.link, m.count, m.count, m.first);
      this.add(m.link, 0, 0, m.last);
    }
    const update = this.db.prepare(
      `UPDATE links SET weight = weight + @weight, evidence_count = evidence_count + @count,
         first_seen = coalesce(min(first_seen, @first), first_seen, @first), last_seen = coalesce(max(last_seen, @last), last_seen, @last) WHERE id = @link`,
    );
    for (const [link, p] of this.pending) update.run({ weight: p.weight, count: p.count, first: p.first, last: p.last, link });
    this.ms += performance.now() - t0;
  }
}
