import { DateTime } from 'luxon';
import type { ChatRecord, Locator } from '../chat-records';
import { chunksOf, type ChunkSource } from '../lines';

/**
 * WhatsApp "Export chat" text, Android and iOS, any locale. Written by hand: the npm parsers
 * (whatsapp-chat-parser and others) drop line numbers and byte offsets, guess the date order per
 * line instead of per file, and lose system lines, all of which evidence needs.
 */

export type DateOrder = 'dmy' | 'mdy' | 'ymd';

export interface SourceLine {
  text: string;
  /** 1-based line number in the source file */
  line: number;
  /** byte offset of the line in the source file */
  offset: number;
}

export interface WhatsAppMessage {
  kind: 'message';
  author: string;
  body: string;
  /** ISO UTC time, converted from local time in `timezone` */
  utc: string;
  /** the date and time exactly as the export printed them */
  timeText: string;
  timezone: string;
  media: { fileName: string | null; omitted: boolean } | null;
  deleted: boolean;
  edited: boolean;
  line: number;
  offset: number;
  lastLine: number;
}

export interface WhatsAppSystemEvent {
  kind: 'system';
  text: string;
  utc: string;
  timeText: string;
  timezone: string;
  event: 'encryption_notice' | 'group_created' | 'added' | 'left' | 'removed' | 'joined_via_link' | 'subject_changed' | 'number_changed' | 'other';
  /** for number_changed: the old and new numbers as printed */
  numberChange?: { from: string; to: string };
  line: number;
  offset: number;
}

export interface UnparsedFragment {
  kind: 'unparsed';
  text: string;
  line: number;
  offset: number;
}

export type WhatsAppRecord = WhatsAppMessage | WhatsAppSystemEvent | UnparsedFragment;

const MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const SPACES = /[\u00a0\u202f\u2007]/g;
const NEEDS_CLEANING = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00a0\u202f\u2007\r]/;
const DATE = String.raw`(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\.?`;
const TIME = String.raw`(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\s?([AaPp]\.?\s?[Mm]\.?|[^\d\s\],-][^\]\-–]{0,10}?))?`;
const IOS_HEADER = new RegExp(String.raw`^\[${DATE},?\s${TIME}\]\s(.*)$`);
const ANDROID_HEADER = new RegExp(String.raw`^${DATE},?\s${TIME}\s[-–]\s(.*)$`);

interface Header {
  a: number;
  b: number;
  c: number;
  aText: string;
  hour: number;
  minute: number;
  second: number;
  meridiem: 'am' | 'pm' | null;
  rest: string;
  timeText: string;
}

const AM = /^(a\.?\s?m\.?|vorm\.?|пре подне|para dite|прет\.?|de\.?|vm\.?)$/i;
const PM = /^(p\.?\s?m\.?|nachm\.?|по подне|поподне|pas dite|попл\.?|du\.?|nm\.?)$/i;

/** The date and time as the line wrote them, without the brackets or the dash (no regex: runs per line). */
function headerTimeText(clean: string, timeEnd: number): string {
  if (clean.charCodeAt(0) === 0x5b) return clean.slice(1, clean.indexOf(']')).trim();
  let text = clean.slice(0, timeEnd).trimEnd();
  if (text.endsWith('-') || text.endsWith('–')) text = text.slice(0, -1).trimEnd();
  return text;
}

function readHeader(clean: string): Header | null {
  const m = IOS_HEADER.exec(clean) ?? ANDROID_HEADER.exec(clean);
  if (!m) return null;
  const suffix = (m[7] ?? '').trim();
  let meridiem: Header['meridiem'] = null;
  if (suffix) {
    if (AM.test(suffix)) meridiem = 'am';
    else if (PM.test(suffix)) meridiem = 'pm';
    else return null;
  }
  const timeEnd = clean.length - m[8]!.length;
  return {
    a: Number(m[1]),
    b: Number(m[2]),
    c: Number(m[3]),
    aText: m[1]!,
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    meridiem,
    rest: m[8]!,
    timeText: headerTimeText(clean, timeEnd),
  };
}

/**
 * Decides the date order from every header in the file: a 4-digit first part means y-m-d; a
 * first part over 12 means d/m/y; a second part over 12 means m/d/y. Null when nothing decides.
 */
export function inferDateOrder(lines: Iterable<string>): DateOrder | null {
  let firstOver12 = false;
  let secondOver12 = false;
  for (const raw of lines) {
    const h = readHeader(raw.replace(MARKS, '').replace(SPACES, ' '));
    if (!h) continue;
    if (h.aText.length === 4) return 'ymd';
    if (h.a > 12) firstOver12 = true;
    if (h.b > 12) secondOver12 = true;
  }
  if (firstOver12 && !secondOver12) return 'dmy';
  if (secondOver12 && !firstOver12) return 'mdy';
  return null;
}

/**
 * The same decision as `inferDateOrder`, read straight from the source chunk by chunk with one
 * multi-line regex per chunk instead of a header parse per line: on a million-line export this
 * first pass would otherwise cost as much as the parse itself.
 */
export function inferDateOrderFromSource(source: ChunkSource, chunkSize = 4 << 20): DateOrder | null {
  return inferDateOrderFromChunks(chunksOf(source, undefined, chunkSize));
}

/** The same over any stream of byte chunks (a zip entry being inflated). */
export function inferDateOrderFromChunks(chunks: Iterable<Uint8Array>): DateOrder | null {
  const HEAD = /^[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]*\[?(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\.?,?[\s\u00a0\u202f\u2007]\d{1,2}[:.]\d{2}/gm;
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  let firstOver12 = false;
  let secondOver12 = false;
  const scan = (whole: string): DateOrder | null => {
    HEAD.lastIndex = 0;
    for (let m = HEAD.exec(whole); m; m = HEAD.exec(whole)) {
      if (m[1]!.length === 4) return 'ymd';
      if (Number(m[1]) > 12) firstOver12 = true;
      if (Number(m[2]) > 12) secondOver12 = true;
    }
    return null;
  };
  for (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    // Keep the last, possibly cut, line for the next chunk.
    const cut = text.lastIndexOf('\n') + 1;
    carry = text.slice(cut);
    if (scan(text.slice(0, cut)) === 'ymd') return 'ymd';
  }
  if (scan(carry + decoder.decode()) === 'ymd') return 'ymd';
  if (firstOver12 && !secondOver12) return 'dmy';
  if (secondOver12 && !firstOver12) return 'mdy';
  return null;
}

/**
 * UTC offsets (minutes) by zone and local hour: luxon resolves each once, the rest is arithmetic,
 * because a million-message export would otherwise spend most of its time in time-zone lookups.
 */
/** What one local hour of one zone becomes in UTC: the offset and, for whole-hour offsets, the "YYYY-MM-DDTHH" prefix. */
interface HourInUtc {
  offset: number;
  prefix: string | null;
}
const hourCaches = new Map<string, Map<number, HourInUtc | null>>();
/** Offsets at 00:30 and 23:30 local of a day: equal on every day without a DST change. */
const dayCaches = new Map<string, Map<number, [number | null, number | null]>>();
const last: { key: number; zone: string; hour: HourInUtc | null } = { key: -1, zone: '', hour: null };
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

function luxonOffset(year: number, month: number, day: number, hour: number, zone: string): number | null {
  const dt = DateTime.fromObject({ year, month, day, hour, minute: 30 }, { zone });
  // A local hour skipped by a DST change does not exist: luxon moves it, we refuse it.
  return dt.isValid && dt.hour === hour && dt.day === day ? dt.offset : null;
}

function hourInUtc(year: number, mo: number, d: number, hour: number, zone: string, key: number): HourInUtc | null {
  let hours = hourCaches.get(zone);
  if (!hours) hourCaches.set(zone, (hours = new Map()));
  const cached = hours.get(key);
  if (cached !== undefined) return cached;
  let days = dayCaches.get(zone);
  if (!days) dayCaches.set(zone, (days = new Map()));
  const dayKey = (year * 13 + mo) * 32 + d;
  let day = days.get(dayKey);
  if (!day) days.set(dayKey, (day = [luxonOffset(year, mo, d, 0, zone), luxonOffset(year, mo, d, 23, zone)]));
  // Same offset at both ends of the day: no DST change that day, so every hour has it.
  const offset = day[0] !== null && day[0] === day[1] ? day[0] : luxonOffset(year, mo, d, hour, zone);
  let result: HourInUtc | null = null;
  if (offset !== null) {
    const start = new Date(Date.UTC(year, mo - 1, d, hour) - offset * 60_000);
    if (start.getUTCFullYear() >= 1970) result = { offset, prefix: offset % 60 === 0 ? start.toISOString().slice(0, 13) : null };
  }
  if (hours.size > 100_000) hours.clear();
  hours.set(key, result);
  return result;
}

function toUtc(h: Header, order: DateOrder, timezone: string): string | null {
  // No array destructuring here: this runs once per message and arrays are garbage.
  const y = order === 'ymd' ? h.a : h.c;
  const mo = order === 'mdy' ? h.a : h.b;
  const d = order === 'ymd' ? h.c : order === 'dmy' ? h.a : h.b;
  const year = y < 100 ? 2000 + y : y;
  let hour = h.hour;
  if (h.meridiem === 'am' && hour === 12) hour = 0;
  if (h.meridiem === 'pm' && hour < 12) hour += 12;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hour > 23 || h.minute > 59 || h.second > 59) return null;
  const key = ((year * 13 + mo) * 32 + d) * 24 + hour;
  // Consecutive messages mostly share the hour: skip the lookups then.
  const inUtc = key === last.key && timezone === last.zone ? last.hour : hourInUtc(year, mo, d, hour, timezone, key);
  last.key = key;
  last.zone = timezone;
  last.hour = inUtc;
  if (!inUtc) return null;
  // Whole-hour offsets (nearly every zone) keep minutes and seconds: no date arithmetic per line.
  if (inUtc.prefix) return `${inUtc.prefix}:${TWO_DIGITS[h.minute]}:${TWO_DIGITS[h.second]}Z`;
  const ms = Date.UTC(year, mo - 1, d, hour, h.minute, h.second) - inUtc.offset * 60_000;
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const MEDIA_OMITTED = /^<(?:media omitted|medij izostavljen|medij je izostavljen|мултимедија изостављена|media e hequr|мултимедија е изоставена|медиумот е испуштен|[^<>]{0,30}omitted)>$|^(?:image|video|audio|sticker|GIF|document) omitted$/i;
const ATTACHED_IOS = /^<(?:attached|priloženo|приложено|bashkëngjitur):\s*([^>]+)>$/i;
const ATTACHED_ANDROID = /^(.+\.\w{2,5})\s\((?:file attached|datoteka priložena|датотека приложена|fajll i bashkëngjitur|file allegato|Datei angehängt)\)$/i;
const DELETED = /^(?:this message was deleted|you deleted this message|ova poruka je izbrisana|izbrisali ste ovu poruku|ова порука је избрисана|ky mesazh u fshi)\.?$/i;
const EDITED = /\s?<(?:this message was edited|poruka je uređena|poruka je izmijenjena|порука је измењена)>$/i;

function classifySystem(text: string): Pick<WhatsAppSystemEvent, 'event' | 'numberChange'> {
  if (/end-to-end encrypted|šifrovane s kraja na kraj|kriptuar/i.test(text)) return { event: 'encryption_notice' };
  const changed = /^(.+?) changed (?:their phone number|to) (?:to a new number\.?|(\+?[\d\s()-]{6,}))/i.exec(text) ?? /^(.+?) changed to (.+)$/i.exec(text);
  if (changed && /\d{4}/.test(text)) return { event: 'number_changed', numberChange: { from: changed[1]!.trim(), to: (changed[2] ?? '').trim() } };
  if (/created group|je kreirao grupu|kreirao\/la grupu|ka krijuar grupin/i.test(text)) return { event: 'group_created' };
  if (/joined using this group's invite link|joined using an invite link|pridružio se putem linka/i.test(text)) return { event: 'joined_via_link' };
  if (/\badded\b|\bdodao\b|\bdodala\b|\bshtoi\b/i.test(text) || /were added$/i.test(text)) return { event: 'added' };
  if (/\bremoved\b|\buklonio\b|\bhoqi\b/i.test(text)) return { event: 'removed' };
  if (/\bleft$|\bje napustio|\bje napustila|\bu largua/i.test(text)) return { event: 'left' };
  if (/changed the subject|changed this group's|promijenio temu|promenio naziv/i.test(text)) return { event: 'subject_changed' };
  return { event: 'other' };
}

const AUTHOR = /^(.{1,80}?): ([\s\S]*)$/;

/**
 * Parses the lines of one export into messages, system events and unparsed fragments, each with
 * its line number and byte offset. Continuation lines join the message above.
 */
export function* parseWhatsAppText(lines: Iterable<SourceLine>, options: { dateOrder: DateOrder; timezone: string }): Generator<WhatsAppRecord> {
  let pending: WhatsAppMessage | null = null;
  for (const src of lines) {
    // Most lines hold none of the marks: one scan decides whether three replaces are needed.
    const clean = NEEDS_CLEANING.test(src.text) ? src.text.replace(MARKS, '').replace(SPACES, ' ').replace(/\r$/, '') : src.text;
    const h = readHeader(clean);
    const utc = h ? toUtc(h, options.dateOrder, options.timezone) : null;
    if (!h || !utc) {
      if (pending) {
        pending.body += `\n${src.text.replace(/\r$/, '')}`;
        pending.lastLine = src.line;
      } else if (clean.trim() !== '') {
        yield { kind: 'unparsed', text: src.text, line: src.line, offset: src.offset };
      }
      continue;
    }
    if (pending) yield finish(pending);
    pending = null;
    const authored = AUTHOR.exec(h.rest);
    if (authored) {
      pending = {
        kind: 'message',
        author: authored[1]!.trim(),
        body: authored[2]!,
        utc,
        timeText: h.timeText,
        timezone: options.timezone,
        media: null,
        deleted: false,
        edited: false,
        line: src.line,
        offset: src.offset,
        lastLine: src.line,
      };
    } else if (/^[^:]{1,80}:\S/.test(h.rest) || /^[^:]{1,80}:$/.test(h.rest)) {
      // "Name:text" without the space WhatsApp always writes: not a form we know.
      yield { kind: 'unparsed', text: src.text, line: src.line, offset: src.offset };
    } else {
      yield { kind: 'system', text: h.rest, utc, timeText: h.timeText, timezone: options.timezone, ...classifySystem(h.rest), line: src.line, offset: src.offset };
    }
  }
  if (pending) yield finish(pending);
}

/**
 * Media, deletion and edit markers. Each regex only runs when the body has the shape its marker
 * needs (ends with ">", starts with "<", ends its first line with ")", is short): this runs once
 * per message and most messages are plain text.
 */
function finish(m: WhatsAppMessage): WhatsAppMessage {
  let body = m.body;
  if (body.trimEnd().endsWith('>') && EDITED.test(body)) {
    m.edited = true;
    body = body.replace(EDITED, '');
  }
  const oneLine = body.trim();
  const short = oneLine.length <= 80;
  if (short && MEDIA_OMITTED.test(oneLine)) m.media = { fileName: null, omitted: true };
  if (oneLine.startsWith('<')) {
    const ios = ATTACHED_IOS.exec(oneLine);
    if (ios) m.media = { fileName: ios[1]!.trim(), omitted: false };
  }
  const newline = oneLine.indexOf('\n');
  const firstLine = newline < 0 ? oneLine : oneLine.slice(0, newline);
  if (firstLine.endsWith(')')) {
    const android = ATTACHED_ANDROID.exec(firstLine);
    if (android) m.media = { fileName: android[1]!.trim(), omitted: false };
  }
  if (short && DELETED.test(oneLine)) m.deleted = true;
  m.body = body;
  return m;
}

/** Splits file bytes into lines with 1-based numbers and byte offsets (UTF-8, BOM dropped). */
export function* linesOf(bytes: Uint8Array): Generator<SourceLine> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 1;
  for (let i = start; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (i > start || i < bytes.length) yield { text: decoder.decode(bytes.subarray(start, i)), line, offset: start };
      line += 1;
      start = i + 1;
    }
  }
}

/** The export as common chat records: one chat, then its messages, events and fragments. */
export function* whatsAppChatRecords(lines: Iterable<SourceLine>, options: { dateOrder: DateOrder; timezone: string; title: string; entry?: string }): Generator<ChatRecord> {
  const chatKey = 'whatsapp';
  yield { kind: 'chat', key: chatKey, platform: 'whatsapp', title: options.title };
  const at = (l: { line: number; offset: number; lastLine?: number }): Locator => ({
    line: l.line,
    ...(l.lastLine !== undefined ? { lastLine: l.lastLine } : {}),
    offset: l.offset,
    ...(options.entry ? { entry: options.entry } : {}),
  });
  for (const r of parseWhatsAppText(lines, options)) {
    if (r.kind === 'unparsed') {
      yield { kind: 'unparsed', text: r.text, locator: at(r) };
    } else if (r.kind === 'message') {
      yield {
        kind: 'message', chatKey, senderKey: r.author, senderName: r.author, utc: r.utc, timeText: r.timeText, timezone: r.timezone, body: r.body,
        event: null, replyTo: null, forwardedFrom: null, edited: r.edited, deleted: r.deleted, media: r.media, locator: at(r),
      };
    } else {
      yield {
        kind: 'system', chatKey, senderKey: null, senderName: null, utc: r.utc, timeText: r.timeText, timezone: r.timezone, body: r.text,
        event: r.event, replyTo: null, forwardedFrom: null, edited: false, deleted: false, media: null, locator: at(r),
      };
    }
  }
}
