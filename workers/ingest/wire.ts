/**
 * The records as they cross from the ingest worker to the database worker. Structured clone
 * costs per value: a batch of a thousand message objects (a dozen named fields, nested locator
 * and media, each string a value of its own) takes longer to clone and to rebuild on the other
 * side than to parse, and the database worker is the busier of the two. So a batch of messages
 * crosses as columns: one string holding every text field end to end, one Float64Array holding
 * every number, string length and reference, and a table of the strings that repeat (chat,
 * sender, time zone, event, identifier kind and value), each sent once per batch. Cloning that is
 * a few memory copies. Strings the writer keeps beyond the batch (a link's first and last time)
 * are in that table too: a slice of the batch's text would keep the whole text alive. Chats,
 * fragments, ads, pictures, transfers and messages with attachments are rare and cross as they
 * are, in their place among the messages.
 */
import type { IdentifierKind, IdentifierOccurrence } from '../../shared/identifiers/types';
import type { ParsedMessage } from '../parsers/chat-records';
import type { AttachmentRef, EnrichedRecord, IngestItem } from './ingest.api';
import type { EvidenceRecord } from './plan';

/** A record that is not a message, or a message with attachments, crossing whole. */
type WholeRecord = Exclude<EvidenceRecord, ParsedMessage> | { enriched: EnrichedRecord };

/** A batch of records as columns (see the comment at the top). */
export interface WireBatch {
  /** every text field of every message, end to end; `nums` says where each one ends */
  text: string;
  /** per record, in order: a tag, then the message's numbers, lengths and string references */
  nums: Float64Array;
  /** the repeated strings of this batch (and the times), referenced by index from `nums` */
  strings: string[];
  /** records that cross whole, in order */
  whole: WholeRecord[];
}

/** An ingest item as it travels: record batches as columns. */
export type WireItem = Exclude<IngestItem, { type: 'records' }> | { type: 'records'; batch: WireBatch; bytesDone: number; total: number };

/** Record tags in `nums`. */
const MESSAGE = 0;
const SYSTEM = 1;
const WHOLE = 2;
/** null, for a number, a string length or a string reference */
const NONE = -1;

export function toWire(item: IngestItem): WireItem {
  return item.type === 'records' ? { type: 'records', batch: encodeBatch(item.records), bytesDone: item.bytesDone, total: item.total } : item;
}

export function fromWire(item: WireItem): IngestItem {
  return item.type === 'records' ? { type: 'records', records: decodeBatch(item.batch), bytesDone: item.bytesDone, total: item.total } : item;
}

/**
 * Numbers of a batch, appended to a typed array that doubles when full. One per thread, reused
 * batch after batch: only the finished column is allocated.
 */
class NumberColumn {
  private a = new Float64Array(1 << 15);
  length = 0;
  push(n: number): void {
    if (this.length === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = n;
  }
  /** the numbers pushed since the last call, as a column of their own */
  take(): Float64Array {
    const out = this.a.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

const scratch = new NumberColumn();

export function encodeBatch(records: EnrichedRecord[]): WireBatch {
  const nums = scratch;
  nums.length = 0;
  const parts: string[] = [];
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const whole: WholeRecord[] = [];
  const text = (s: string | null | undefined) => {
    if (s === null || s === undefined) {
      nums.push(NONE);
    } else {
      nums.push(s.length);
      parts.push(s);
    }
  };
  // The string each field referenced last, and its index: most fields repeat the previous
  // message's value (the same chat, zone, often the same sender or minute), a pointer compare.
  const lastString: Array<string | null> = [];
  const lastIndex: number[] = [];
  /** a repeated string, by field; `unique`: different each time but for runs, so not looked up */
  const ref = (field: number, s: string | null | undefined, unique = false) => {
    if (s === null || s === undefined) {
      nums.push(NONE);
      return;
    }
    if (lastString[field] === s) {
      nums.push(lastIndex[field]!);
      return;
    }
    let i = unique ? undefined : stringIndex.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      if (!unique) stringIndex.set(s, i);
    }
    lastString[field] = s;
    lastIndex[field] = i;
    nums.push(i);
  };
  const num = (n: number | undefined) => nums.push(n ?? NONE);
  for (const e of records) {
    const r = e.record;
    // Attachments carry picture facts (and maybe bytes): rare, so such a message crosses whole.
    if (r.kind === 'ad' || r.kind === 'image' || e.attachments.length > 0) {
      nums.push(WHOLE);
      whole.push({ enriched: e });
      continue;
    }
    if (r.kind !== 'message' && r.kind !== 'system') {
      nums.push(WHOLE);
      whole.push(r as Exclude<EvidenceRecord, ParsedMessage>);
      continue;
    }
    const l = r.locator;
    nums.push(r.kind === 'message' ? MESSAGE : SYSTEM);
    nums.push(r.senderKeyIsName ? 1 : 0);
    nums.push(r.edited ? 1 : 0);
    nums.push(r.deleted ? 1 : 0);
    nums.push(r.media ? (r.media.omitted ? 1 : 0) : NONE);
    num(l.line);
    num(l.lastLine);
    num(l.offset);
    ref(0, r.chatKey);
    ref(1, r.senderKey);
    ref(2, r.senderName);
    ref(3, r.timezone);
    ref(4, r.event);
    ref(5, r.forwardedFrom);
    ref(6, l.entry);
    // A time is kept beyond its batch (first and last time of each link): it must not be a
    // slice of the batch's text, which it would keep alive.
    ref(7, r.utc, true);
    text(r.timeText);
    text(r.body);
    text(e.searchText);
    text(r.replyTo);
    text(r.media?.fileName);
    text(l.messageId);
    nums.push(e.occurrences.length);
    for (const o of e.occurrences) {
      ref(8, o.kind);
      ref(9, o.value);
      text(o.raw);
      nums.push(o.start);
      nums.push(o.end);
      nums.push(o.confidence);
    }
  }
  return { text: parts.join(''), nums: nums.take(), strings, whole };
}

export function decodeBatch(batch: WireBatch): EnrichedRecord[] {
  const { text, nums, strings, whole } = batch;
  const out: EnrichedRecord[] = [];
  let at = 0;
  let textAt = 0;
  let wholeAt = 0;
  const str = (): string | null => {
    const n = nums[at++]!;
    if (n === NONE) return null;
    const s = text.slice(textAt, textAt + n);
    textAt += n;
    return s;
  };
  const ref = (): string | null => {
    const i = nums[at++]!;
    return i === NONE ? null : strings[i]!;
  };
  const num = (): number | null => {
    const n = nums[at++]!;
    return n === NONE ? null : n;
  };
  while (at < nums.length) {
    const tag = nums[at++];
    if (tag === WHOLE) {
      const w = whole[wholeAt++]!;
      out.push('enriched' in w ? w.enriched : { record: w, occurrences: [], searchText: null, attachments: [] });
      continue;
    }
    const senderKeyIsName = nums[at++] === 1;
    const edited = nums[at++] === 1;
    const deleted = nums[at++] === 1;
    const mediaOmitted = nums[at++]!;
    const locator: ParsedMessage['locator'] = {};
    const line = num();
    const lastLine = num();
    const offset = num();
    if (line !== null) locator.line = line;
    if (lastLine !== null) locator.lastLine = lastLine;
    if (offset !== null) locator.offset = offset;
    const chatKey = ref()!;
    const senderKey = ref();
    const senderName = ref();
    const timezone = ref();
    const event = ref();
    const forwardedFrom = ref();
    const entry = ref();
    const utc = ref()!;
    const timeText = str()!;
    const body = str()!;
    const searchText = str();
    const replyTo = str();
    const mediaFile = str();
    const messageId = str();
    if (messageId !== null) locator.messageId = messageId;
    if (entry !== null) locator.entry = entry;
    const record: ParsedMessage = {
      kind: tag === MESSAGE ? 'message' : 'system',
      chatKey,
      senderKey,
      senderName,
      senderKeyIsName,
      utc,
      timeText,
      timezone,
      body,
      event,
      replyTo,
      forwardedFrom,
      edited,
      deleted,
      media: mediaOmitted === NONE ? null : { fileName: mediaFile, omitted: mediaOmitted === 1 },
      locator,
    };
    const occurrences: IdentifierOccurrence[] = [];
    for (let n = nums[at++]!; n > 0; n--) {
      const kind = ref() as IdentifierKind;
      const value = ref()!;
      const raw = str()!;
      occurrences.push({ kind, value, raw, start: nums[at++]!, end: nums[at++]!, confidence: nums[at++]! });
    }
    const attachments: AttachmentRef[] = [];
    out.push({ record, occurrences, searchText, attachments });
  }
  return out;
}
