/**
 * The records as they cross from the ingest worker to the database worker. Structured clone of a
 * message object (a dozen named fields, nested locator and media) costs more than parsing it; a
 * flat tuple of primitives clones several times faster on both sides. Chats and fragments are rare
 * and cross as they are.
 */
import type { IdentifierKind, IdentifierOccurrence } from '../../shared/identifiers/types';
import type { ParsedMessage } from '../parsers/chat-records';
import type { AttachmentRef, EnrichedRecord, IngestItem } from './ingest.api';
import type { ImageFacts } from './image-facts';
import type { EvidenceRecord } from './plan';

type Scalar = string | number | null;
/** kind, chatKey, senderKey, senderName, keyIsName, utc, timeText, timezone, body, event, replyTo, forwardedFrom, edited,
 * deleted, mediaFile, mediaOmitted (-1: no media), line, lastLine, offset, messageId, entry, searchText, occurrences (6 per), attachments (4 per: entry, sha256, size, picture facts or null) */
export type WireMessage = [number, string, Scalar, Scalar, number, string, string, Scalar, string, Scalar, Scalar, Scalar, number, number, Scalar, number, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar, Scalar[], Scalar[]];
/** Ads and pictures are few and cross whole, with what the worker added to them. */
export type WireRecord = WireMessage | Exclude<EvidenceRecord, ParsedMessage> | { enriched: EnrichedRecord };

/** An ingest item as it travels: record batches as tuples. */
export type WireItem = Exclude<IngestItem, { type: 'records' }> | { type: 'records'; records: WireRecord[]; bytesDone: number; total: number };

export function toWire(item: IngestItem): WireItem {
  return item.type === 'records' ? { ...item, records: item.records.map(encodeRecord) } : item;
}

export function fromWire(item: WireItem): IngestItem {
  return item.type === 'records' ? { ...item, records: item.records.map(decodeRecord) } : item;
}

export function encodeRecord(e: EnrichedRecord): WireRecord {
  const r = e.record;
  if (r.kind === 'ad' || r.kind === 'image') return { enriched: e };
  if (r.kind === 'chat' || r.kind === 'unparsed' || r.kind === 'transfer' || r.kind === 'label') return r;
  const l = r.locator;
  const occ: Scalar[] = [];
  for (const o of e.occurrences) occ.push(o.kind, o.value, o.raw, o.start, o.end, o.confidence);
  const att: Scalar[] = [];
  for (const a of e.attachments) att.push(a.entry, a.sha256, a.size, a.image ? JSON.stringify(a.image) : null);
  return [
    r.kind === 'message' ? 0 : 1, r.chatKey, r.senderKey, r.senderName, r.senderKeyIsName ? 1 : 0, r.utc, r.timeText, r.timezone, r.body, r.event, r.replyTo,
    r.forwardedFrom, r.edited ? 1 : 0, r.deleted ? 1 : 0, r.media ? r.media.fileName : null, r.media ? (r.media.omitted ? 1 : 0) : -1,
    l.line ?? null, l.lastLine ?? null, l.offset ?? null, l.messageId ?? null, l.entry ?? null, e.searchText, occ, att,
  ];
}

export function decodeRecord(w: WireRecord): EnrichedRecord {
  if (!Array.isArray(w)) return 'enriched' in w ? w.enriched : { record: w, occurrences: [], searchText: null, attachments: [] };
  const locator: ParsedMessage['locator'] = {};
  if (w[16] !== null) locator.line = w[16] as number;
  if (w[17] !== null) locator.lastLine = w[17] as number;
  if (w[18] !== null) locator.offset = w[18] as number;
  if (w[19] !== null) locator.messageId = w[19] as string;
  if (w[20] !== null) locator.entry = w[20] as string;
  const record: ParsedMessage = {
    kind: w[0] === 0 ? 'message' : 'system',
    chatKey: w[1],
    senderKey: w[2] as string | null,
    senderName: w[3] as string | null,
    senderKeyIsName: w[4] === 1,
    utc: w[5],
    timeText: w[6],
    timezone: w[7] as string | null,
    body: w[8],
    event: w[9] as string | null,
    replyTo: w[10] as string | null,
    forwardedFrom: w[11] as string | null,
    edited: w[12] === 1,
    deleted: w[13] === 1,
    media: w[15] === -1 ? null : { fileName: w[14] as string | null, omitted: w[15] === 1 },
    locator,
  };
  const occurrences: IdentifierOccurrence[] = [];
  const o = w[22];
  for (let i = 0; i < o.length; i += 6) occurrences.push({ kind: o[i] as IdentifierKind, value: o[i + 1] as string, raw: o[i + 2] as string, start: o[i + 3] as number, end: o[i + 4] as number, confidence: o[i + 5] as number });
  const attachments: AttachmentRef[] = [];
  const a = w[23];
  for (let i = 0; i < a.length; i += 4) attachments.push({ entry: a[i] as string, sha256: a[i + 1] as string, size: a[i + 2] as number, image: a[i + 3] === null ? null : (JSON.parse(a[i + 3] as string) as ImageFacts) });
  return { record, occurrences, searchText: w[21] as string | null, attachments };
}
