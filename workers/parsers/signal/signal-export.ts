/**
 * Signal Desktop chats as exported by signal-export (`sigexport`): per chat a `chat.md` with lines
 * `[2024-03-14 21:15:02] Sender: body` (older versions `[2024-03-14, 21:15]`), multi-line bodies,
 * quotes as `> …`, reactions as `(- Name: 👍 -)`, attachments as `[name](./media/…)`; and beside it
 * `data.json`, JSON lines of `{date, sender, body, quote, sticker, reactions, attachments,
 * deleted, call, missed}`. Times are the exporting machine's local time, read here in the case
 * time zone. Signal exports carry no message ids, so locators are line numbers and byte offsets.
 */
import { DateTime } from 'luxon';
import type { ChatRecord, ParsedMessage } from '../chat-records';
import type { SourceLine } from '../whatsapp/whatsapp-text';

export const SIGNAL_MD_HEADER = /^\[(\d{4}-\d{2}-\d{2}),? (\d{2}:\d{2}(?::\d{2})?)\] ([^:\n]+?): ?(.*)$/;
const ATTACHMENT = /!?\[([^\]]*)\]\(\.{0,2}\/?([^)]+)\)/g;
const DELETED = /^\(This message was deleted\)$/;

function localToUtc(date: string, time: string, zone: string): string | null {
  const dt = DateTime.fromISO(`${date}T${time.length === 5 ? `${time}:00` : time}`, { zone });
  if (!dt.isValid) return null;
  return dt.toUTC().toISO({ suppressMilliseconds: true })!;
}

function chatKeyOf(title: string): string {
  return `signal:${title}`;
}

/** `chat.md` lines as common chat records. */
export function* signalMarkdownRecords(lines: Iterable<SourceLine>, options: { timezone: string; title: string }): Generator<ChatRecord> {
  const chatKey = chatKeyOf(options.title);
  yield { kind: 'chat', key: chatKey, platform: 'signal', title: options.title };
  let pending: ParsedMessage | null = null;
  const finish = (m: ParsedMessage): ParsedMessage => {
    const files = [...m.body.matchAll(ATTACHMENT)].map((a) => a[2]!);
    if (files.length) m.media = { fileName: files.join('\n'), omitted: false };
    if (DELETED.test(m.body)) m.deleted = true;
    return m;
  };
  for (const src of lines) {
    const h = SIGNAL_MD_HEADER.exec(src.text);
    const utc = h ? localToUtc(h[1]!, h[2]!, options.timezone) : null;
    if (!h || !utc) {
      if (pending) {
        pending.body += `\n${src.text}`;
        pending.locator.lastLine = src.line;
      } else if (src.text.trim() !== '') {
        yield { kind: 'unparsed', text: src.text, locator: { line: src.line, offset: src.offset } };
      }
      continue;
    }
    if (pending) yield finish(pending);
    const sender = h[3]!.trim();
    pending = {
      kind: 'message',
      chatKey,
      senderKey: sender,
      senderName: sender,
      senderKeyIsName: true,
      utc,
      timeText: `${h[1]} ${h[2]}`,
      timezone: options.timezone,
      body: h[4]!,
      event: null,
      replyTo: null,
      forwardedFrom: null,
      edited: false,
      deleted: false,
      media: null,
      locator: { line: src.line, lastLine: src.line, offset: src.offset },
    };
  }
  if (pending) yield finish(pending);
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a line looks like a signal-export `data.json` record. */
export function isSignalJsonLine(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return isObj(v) && typeof v.date === 'string' && 'sender' in v && 'body' in v;
  } catch {
    return false;
  }
}

/** `data.json` (JSON lines) as common chat records. A line that is not a record stays a fragment. */
export function* signalJsonLinesRecords(lines: Iterable<SourceLine>, options: { timezone: string; title: string }): Generator<ChatRecord> {
  const chatKey = chatKeyOf(options.title);
  yield { kind: 'chat', key: chatKey, platform: 'signal', title: options.title };
  for (const src of lines) {
    if (src.text.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(src.text);
    } catch {
      v = null;
    }
    const m = isObj(v) && typeof v.date === 'string' ? /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)/.exec(v.date) : null;
    const hasZone = isObj(v) && typeof v.date === 'string' && /(Z|[+-]\d{2}:?\d{2})$/.test(v.date);
    const utc = m && isObj(v) ? (hasZone ? DateTime.fromISO(v.date as string).toUTC().toISO({ suppressMilliseconds: true }) : localToUtc(m[1]!, m[2]!, options.timezone)) : null;
    if (!isObj(v) || !utc) {
      yield { kind: 'unparsed', text: src.text, locator: { line: src.line, offset: src.offset } };
      continue;
    }
    const sender = typeof v.sender === 'string' && v.sender ? v.sender : null;
    const attachments = Array.isArray(v.attachments)
      ? v.attachments.map((a) => (isObj(a) ? (typeof a.path === 'string' ? a.path : typeof a.name === 'string' ? a.name : null) : null)).filter((a): a is string => !!a)
      : [];
    const call = v.call === true;
    const quote = typeof v.quote === 'string' && v.quote ? v.quote : '';
    const body = typeof v.body === 'string' ? v.body : '';
    yield {
      kind: call ? 'system' : 'message',
      chatKey,
      senderKey: sender,
      senderName: sender,
      senderKeyIsName: true,
      utc,
      timeText: v.date as string,
      timezone: hasZone ? null : options.timezone,
      body: quote ? `${quote.split('\n').map((l) => `> ${l}`).join('\n')}\n${body}` : body,
      event: call ? (v.missed === true ? 'missed_call' : 'call') : null,
      replyTo: null,
      forwardedFrom: null,
      edited: false,
      deleted: v.deleted === true,
      media: attachments.length ? { fileName: attachments.join('\n'), omitted: false } : null,
      locator: { line: src.line, lastLine: src.line, offset: src.offset },
    };
  }
}
