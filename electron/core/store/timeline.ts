import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { GraphNode, TimelineEvent } from '../../../shared/api/contract';
import { NitkaError } from '../../../shared/result';
import { formatUnits } from '../../../workers/tracing/format-units';
import type { Redactor } from '../../../shared/victims/redactor';

/** Events returned when the caller gives no limit. */
export const DEFAULT_TIMELINE_LIMIT = 5000;

/** Identifier node kinds: their node value is the identifier's canonical value. */
const IDENTIFIER_KINDS = new Set(['phone', 'email', 'url', 'handle', 'wallet', 'iban']);

/**
 * Whether a system line is a call. Apps store calls as system events whose code says so
 * (Telegram `phone_call`/`group_call`, Signal `call`/`missed_call`, Messenger and Discord `call`);
 * WhatsApp writes "Missed voice call" and the like as a line of the caller.
 */
export function isCall(event: string | null, body: string): boolean {
  if (event !== null && /(^|_)call(_|$)/i.test(event)) return true;
  return /^\s*(missed |silenced )?(group )?(voice|video) call\b/i.test(body.replace(/[\u200e\u200f]/g, ''));
}

/**
 * Time bounds for SQL, loose to the second: sources write UTC with and without milliseconds
 * (`…:00Z`, `…:00.500Z`), which do not compare exactly as text; the exact test is done in JS.
 */
function sqlBounds(since: number | null, until: number | null): { lo: string; hi: string } {
  const second = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return { lo: since === null ? '' : second(since), hi: until === null ? '\uffff' : `${second(until)}\uffff` };
}

interface Collected {
  event: TimelineEvent;
  ms: number;
  order: number;
}

/**
 * Messages, calls and other system events, ads and transfers of the given nodes on one time
 * axis, oldest first, at most `limit` (then `truncated`). Every event names the asked nodes it
 * concerns, its source file and its place there. Each kind of node is read through an index:
 *
 * - an identifier: the messages and ads it occurs in (occurrences by identifier);
 * - an account (or the phone that is a WhatsApp account): the messages it sent, per chat it is
 *   a member of (member_of links, then messages by chat and time — messages has no sender index);
 * - a chat: its messages (by chat and time);
 * - a wallet: its transfers in and out (by address and time), amounts in the asset's units;
 * - an ad, an ad's author or contact person, a picture: the ads and messages that are the
 *   evidence of its links; an ad cluster: its member ads;
 * - a person: the events of the nodes it is `same_as` or `uses`, attributed to the person.
 *
 * Each query reads in time order and stops after `limit + 1` events inside the window, so the
 * merged result is exact and no query reads more than it must.
 */
export function timeline(db: Database, nodes: GraphNode[], options: { since?: string | undefined; until?: string | undefined; limit?: number | undefined } = {}, redactor?: Redactor): { events: TimelineEvent[]; truncated: boolean } {
  const limit = options.limit ?? DEFAULT_TIMELINE_LIMIT;
  const since = options.since === undefined ? null : Date.parse(options.since);
  const until = options.until === undefined ? null : Date.parse(options.until);
  if (since !== null && until !== null && since > until) throw new NitkaError('bad_input', `timeline: since (${options.since}) is after until (${options.until})`);
  const { lo, hi } = sqlBounds(since, until);
  const inWindow = (ms: number) => !Number.isNaN(ms) && (since === null || ms >= since) && (until === null || ms <= until);
  // Victims' names and numbers vanish from every title and text; a victim's wallet shows as its pseudonym.
  const masking = redactor && !redactor.isEmpty ? redactor : null;
  const text = (t: string | null) => (t === null || !masking ? t : masking.text(t));
  const address = (a: string) => (masking ? masking.value(a) : a);
  const byKey = new Map<string, Collected>();
  let order = 0;

  /** Reads rows in time order until `limit + 1` fall inside the window. */
  const take = <R>(rows: Iterable<R>, time: (r: R) => string, key: (r: R) => string, make: (r: R) => TimelineEvent, about: number): void => {
    let kept = 0;
    for (const r of rows) {
      const ms = Date.parse(time(r));
      if (!inWindow(ms)) continue;
      const k = key(r);
      const seen = byKey.get(k);
      if (seen) {
        if (!seen.event.nodeIds.includes(about)) seen.event.nodeIds.push(about);
      } else {
        byKey.set(k, { event: make(r), ms, order: order++ });
        byKey.get(k)!.event.nodeIds.push(about);
      }
      if (++kept > limit) break;
    }
  };

  const messageSelect = `SELECT m.id, m.kind, m.sent_utc, m.body, m.event, m.source_id, m.locator_line, m.locator_offset, m.locator_message_id, m.locator_entry,
      c.title AS chat_title, a.display_name, a.key AS sender_key, s.file_name
    FROM messages m JOIN chats c ON c.id = m.chat_id LEFT JOIN accounts a ON a.id = m.sender_account_id JOIN sources s ON s.id = m.source_id`;
  type MessageRow = { id: number; kind: 'message' | 'system'; sent_utc: string; body: string; event: string | null; source_id: number; locator_line: number | null; locator_offset: number | null; locator_message_id: string | null; locator_entry: string | null; chat_title: string; display_name: string | null; sender_key: string | null; file_name: string };
  const messageEvent = (r: MessageRow): TimelineEvent => {
    const sender = r.display_name ?? r.sender_key;
    return {
      at: r.sent_utc,
      kind: isCall(r.event, r.body) ? 'call' : r.kind,
      title: text(sender ? `${sender} → ${r.chat_title}` : r.chat_title)!,
      text: text(r.body),
      amount: null,
      asset: null,
      nodeIds: [],
      sourceId: r.source_id,
      fileName: r.file_name,
      locator: { line: r.locator_line, offset: r.locator_offset, ref: r.locator_message_id ?? r.locator_entry },
    };
  };
  const messages = (rows: Iterable<MessageRow>, about: number) => take(rows, (r) => r.sent_utc, (r) => `m${r.id}`, messageEvent, about);

  const adSelect = `SELECT a.id, a.site, a.ad_key, a.title, a.body, a.posted_utc, coalesce(a.posted_utc, s.acquired_at) AS at, a.source_id, s.file_name,
      a.locator_line, a.locator_offset, a.locator_pointer, a.locator_entry
    FROM ads a JOIN sources s ON s.id = a.source_id`;
  type AdRow = { id: number; site: string | null; ad_key: string; title: string; body: string; posted_utc: string | null; at: string; source_id: number; file_name: string; locator_line: number | null; locator_offset: number | null; locator_pointer: string | null; locator_entry: string | null };
  const ads = (rows: AdRow[], about: number) =>
    take(
      rows.sort((x, y) => Date.parse(x.at) - Date.parse(y.at) || x.id - y.id),
      (r) => r.at,
      (r) => `a${r.id}`,
      (r) => ({
        at: r.at,
        kind: 'ad',
        // An ad without its own date is placed at the time it was captured, and says so.
        title: text(`${r.site ?? 'ad'} ${r.ad_key}: ${r.title}${r.posted_utc === null ? ' (capture time)' : ''}`)!,
        text: text(r.body),
        amount: null,
        asset: null,
        nodeIds: [],
        sourceId: r.source_id,
        fileName: r.file_name,
        locator: { line: r.locator_line, offset: r.locator_offset, ref: r.locator_pointer ?? r.locator_entry ?? r.ad_key },
      }),
      about,
    );

  const transferStatement = (column: 'from_addr' | 'to_addr') =>
    db.prepare(
      `SELECT t.id, t.symbol, t.decimals, t.from_addr, t.to_addr, t.amount, t.tx, t.time_utc, t.status, t.source_id, s.file_name, t.locator_line, t.locator_pointer, t.locator_entry
       FROM transfers t JOIN sources s ON s.id = t.source_id WHERE t.${column} = ? AND t.time_utc >= ? AND t.time_utc <= ? ORDER BY t.time_utc, t.id`,
    );
  type TransferRow = { id: number; symbol: string; decimals: number; from_addr: string; to_addr: string; amount: string; tx: string; time_utc: string; status: 'ok' | 'failed'; source_id: number; file_name: string; locator_line: number | null; locator_pointer: string | null; locator_entry: string | null };
  const transfers = (rows: Iterable<TransferRow>, about: number) =>
    take(
      rows,
      (r) => r.time_utc,
      (r) => `t${r.id}`,
      (r) => ({
        at: r.time_utc,
        kind: 'transfer',
        title: `${address(r.from_addr)} → ${address(r.to_addr)}`,
        text: `tx ${r.tx}${r.status === 'failed' ? ' (failed: nothing moved)' : ''}`,
        amount: formatUnits(BigInt(r.amount), r.decimals),
        asset: r.symbol,
        nodeIds: [],
        sourceId: r.source_id,
        fileName: r.file_name,
        locator: { line: r.locator_line, offset: null, ref: r.locator_pointer ?? r.locator_entry ?? r.tx },
      }),
      about,
    );

  const q = {
    identifier: db.prepare('SELECT id FROM identifiers WHERE kind = ? AND value = ?').pluck(),
    occurrenceMessages: db.prepare(`${messageSelect} WHERE m.id IN (SELECT message_id FROM occurrences WHERE identifier_id = ? AND message_id IS NOT NULL) AND m.sent_utc >= ? AND m.sent_utc <= ? ORDER BY m.sent_utc, m.id`),
    occurrenceAds: db.prepare(`${adSelect} WHERE a.id IN (SELECT ad_id FROM occurrences WHERE identifier_id = ? AND ad_id IS NOT NULL)`),
    chatMessages: db.prepare(`${messageSelect} WHERE m.chat_id = ? AND m.sent_utc >= ? AND m.sent_utc <= ? ORDER BY m.sent_utc, m.id`),
    senderMessages: db.prepare(`${messageSelect} WHERE m.chat_id = ? AND m.sender_account_id IN (SELECT value FROM json_each(?)) AND m.sent_utc >= ? AND m.sent_utc <= ? ORDER BY m.sent_utc, m.id`),
    memberChats: db.prepare(`SELECT n.value FROM links l JOIN nodes n ON n.id = l.dst WHERE l.src = ? AND l.kind = 'member_of' AND n.kind = 'chat'`).pluck(),
    account: db.prepare('SELECT id FROM accounts WHERE platform = ? AND key = ?').pluck(),
    linkedAds: db.prepare(
      `${adSelect} WHERE a.id IN (SELECT e.ad_id FROM links l JOIN link_evidence e ON e.link_id = l.id WHERE l.src = ? AND e.ad_id IS NOT NULL
         UNION SELECT e.ad_id FROM links l JOIN link_evidence e ON e.link_id = l.id WHERE l.dst = ? AND e.ad_id IS NOT NULL)`,
    ),
    linkedMessages: db.prepare(
      `${messageSelect} WHERE m.id IN (SELECT e.message_id FROM links l JOIN link_evidence e ON e.link_id = l.id WHERE l.dst = ? AND e.message_id IS NOT NULL)
         AND m.sent_utc >= ? AND m.sent_utc <= ? ORDER BY m.sent_utc, m.id`,
    ),
    clusterAds: db.prepare(`${adSelect} WHERE a.id IN (SELECT ad_id FROM cluster_members WHERE cluster_node = ?)`),
    personMembers: db.prepare(
      `SELECT n.id, n.kind, n.value, n.label FROM links l JOIN nodes n ON n.id = l.dst WHERE l.src = ? AND l.kind IN ('same_as', 'uses')
       UNION SELECT n.id, n.kind, n.value, n.label FROM links l JOIN nodes n ON n.id = l.src WHERE l.dst = ? AND l.kind IN ('same_as', 'uses')`,
    ),
    from: transferStatement('from_addr'),
    to: transferStatement('to_addr'),
  };

  /** The accounts table rows a node stands for: `account:platform:key`, or a WhatsApp number. */
  const accountIds = (n: GraphNode): number[] => {
    if (n.kind === 'phone') {
      const id = q.account.get('whatsapp', n.value) as number | undefined;
      return id === undefined ? [] : [id];
    }
    const m = /^account:([^:]+):(.*)$/s.exec(n.value);
    if (n.kind !== 'account' || !m) return [];
    const id = q.account.get(m[1], m[2]) as number | undefined;
    return id === undefined ? [] : [id];
  };

  const eventsOf = (n: GraphNode, about: number, depth: number): void => {
    if (IDENTIFIER_KINDS.has(n.kind)) {
      const identifier = q.identifier.get(n.kind, n.value) as number | undefined;
      if (identifier !== undefined) {
        messages(q.occurrenceMessages.iterate(identifier, lo, hi) as Iterable<MessageRow>, about);
        ads(q.occurrenceAds.all(identifier) as AdRow[], about);
      }
    }
    const accounts = accountIds(n);
    if (accounts.length) {
      for (const chat of q.memberChats.all(n.id) as string[]) {
        const chatId = Number(chat.slice('chat:'.length));
        messages(q.senderMessages.iterate(chatId, JSON.stringify(accounts), lo, hi) as Iterable<MessageRow>, about);
      }
    }
    if (n.kind === 'chat') messages(q.chatMessages.iterate(Number(n.value.slice('chat:'.length)), lo, hi) as Iterable<MessageRow>, about);
    if (n.kind === 'wallet') {
      transfers(q.from.iterate(n.value, lo, hi) as Iterable<TransferRow>, about);
      transfers(q.to.iterate(n.value, lo, hi) as Iterable<TransferRow>, about);
    }
    if (n.kind === 'ad' || n.kind === 'account' || n.kind === 'person' || n.kind === 'image') ads(q.linkedAds.all(n.id, n.id) as AdRow[], about);
    if (n.kind === 'image') messages(q.linkedMessages.iterate(n.id, lo, hi) as Iterable<MessageRow>, about);
    if (n.kind === 'cluster') ads(q.clusterAds.all(n.id) as AdRow[], about);
    // One hop only: a person's accounts and identifiers, not the persons those are linked to.
    if (n.kind === 'person' && depth === 0) {
      for (const m of q.personMembers.all(n.id, n.id) as GraphNode[]) if (m.kind !== 'person') eventsOf(m, about, 1);
    }
  };

  for (const n of nodes) eventsOf(n, n.id, 0);
  const sorted = [...byKey.values()].sort((x, y) => x.ms - y.ms || x.order - y.order);
  return { events: sorted.slice(0, limit).map((c) => c.event), truncated: sorted.length > limit };
}
