import { DateTime } from 'luxon';
import type { ChatRecord } from '../chat-records';

/**
 * Telegram Desktop "Export chat history" JSON: a single chat (`result.json` with `messages`) or a
 * full account export (`chats.list`, plus contacts and sessions). Each chat and message keeps its
 * Telegram id as the locator; ids like `user123` become accounts with their display names.
 */

type TextPart = string | { type: string; text: string; href?: string };

interface RawMessage {
  id?: number;
  type?: string;
  date?: string;
  date_unixtime?: string;
  edited_unixtime?: string;
  from?: string | null;
  from_id?: string | number | null;
  actor?: string | null;
  actor_id?: string | number | null;
  action?: string;
  text?: string | TextPart[];
  reply_to_message_id?: number;
  forwarded_from?: string | null;
  photo?: string;
  file?: string;
  media_type?: string;
  duration_seconds?: number;
}

interface RawChat {
  id?: number;
  name?: string;
  type?: string;
  messages?: RawMessage[];
}

export interface TelegramChat {
  telegramId: number | null;
  name: string;
  type: string;
  /** index of the chat in the export, for the locator */
  index: number;
}

export interface TelegramMessage {
  chat: TelegramChat;
  id: number | null;
  kind: 'message' | 'service';
  /** for service messages: join, phone_call, pin_message, … */
  action: string | null;
  senderId: string | null;
  senderName: string | null;
  utc: string;
  timeText: string;
  /** true when the time came from date_unixtime, false when read as local time in `timezone` */
  absolute: boolean;
  body: string;
  replyTo: number | null;
  forwardedFrom: string | null;
  edited: boolean;
  media: string | null;
}

function idOf(id: string | number | null | undefined): string | null {
  return id === undefined || id === null ? null : String(id);
}

/** The plain text of a message whose text is a string or an array of entities. */
export function telegramText(text: RawMessage['text']): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text.map((p) => (typeof p === 'string' ? p : p.text)).join('');
}

function timeOf(m: RawMessage, timezone: string): { utc: string; timeText: string; absolute: boolean } | null {
  if (m.date_unixtime && /^\d+$/.test(m.date_unixtime)) {
    const dt = DateTime.fromSeconds(Number(m.date_unixtime), { zone: 'utc' });
    return { utc: dt.toISO({ suppressMilliseconds: true })!, timeText: m.date ?? m.date_unixtime, absolute: true };
  }
  if (m.date) {
    // Without date_unixtime the export holds the exporting computer's local time.
    const dt = DateTime.fromISO(m.date, { zone: timezone });
    if (dt.isValid) return { utc: dt.toUTC().toISO({ suppressMilliseconds: true })!, timeText: m.date, absolute: false };
  }
  return null;
}

/** True when the JSON has the shape of a Telegram Desktop export (one chat or a whole account). */
export function isTelegramExport(json: unknown): boolean {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const root = json as { messages?: unknown; chats?: { list?: unknown } };
  const messages = Array.isArray(root.messages) ? root.messages : root.chats && Array.isArray(root.chats.list) ? null : undefined;
  if (messages === undefined) return false;
  if (messages === null) return true;
  const first = messages[0] as Record<string, unknown> | undefined;
  return !first || (('date' in first || 'date_unixtime' in first) && ('id' in first || 'type' in first));
}

/** Reads a parsed Telegram export; throws with a clear message when it is not one. */
export function* parseTelegramExport(json: unknown, options: { timezone: string }): Generator<TelegramMessage> {
  if (typeof json !== 'object' || json === null) throw new Error('not a Telegram export: the JSON is not an object');
  const root = json as { messages?: unknown; chats?: { list?: unknown }; name?: string; type?: string; id?: number };
  let chats: RawChat[];
  if (Array.isArray(root.messages)) chats = [root as RawChat];
  else if (root.chats && Array.isArray(root.chats.list)) chats = root.chats.list as RawChat[];
  else throw new Error('not a Telegram export: neither "messages" nor "chats.list" is present');

  for (const [index, raw] of chats.entries()) {
    const chat: TelegramChat = { telegramId: raw.id ?? null, name: raw.name ?? `chat ${index + 1}`, type: raw.type ?? 'unknown', index };
    for (const m of raw.messages ?? []) {
      const time = timeOf(m, options.timezone);
      if (!time) continue;
      const service = m.type === 'service';
      yield {
        chat,
        id: m.id ?? null,
        kind: service ? 'service' : 'message',
        action: service ? (m.action ?? null) : null,
        // Ids are strings like "user123" but old exports also hold bare numbers, even 0.
        senderId: idOf(service ? m.actor_id : m.from_id),
        senderName: (service ? m.actor : m.from) ?? null,
        ...time,
        body: telegramText(m.text),
        replyTo: m.reply_to_message_id ?? null,
        forwardedFrom: m.forwarded_from ?? null,
        edited: m.edited_unixtime !== undefined,
        media: m.photo ?? m.file ?? m.media_type ?? null,
      };
    }
  }
}

/** The export as common chat records; chat keys are `chat:<index>`, senders Telegram ids. */
export function* telegramChatRecords(json: unknown, options: { timezone: string }): Generator<ChatRecord> {
  const seen = new Set<number>();
  for (const m of parseTelegramExport(json, options)) {
    const chatKey = `chat:${m.chat.index}`;
    if (!seen.has(m.chat.index)) {
      seen.add(m.chat.index);
      yield { kind: 'chat', key: chatKey, platform: 'telegram', title: m.chat.name };
    }
    yield {
      kind: m.kind === 'service' ? 'system' : 'message',
      chatKey,
      // Exports edited by hand or by older tools may lack from_id: then only the name is known.
      senderKey: m.senderId ?? m.senderName,
      senderName: m.senderName,
      senderKeyIsName: m.senderId === null,
      utc: m.utc,
      timeText: m.timeText,
      timezone: m.absolute ? null : options.timezone,
      body: m.body,
      event: m.action,
      replyTo: m.replyTo === null ? null : String(m.replyTo),
      forwardedFrom: m.forwardedFrom,
      edited: m.edited,
      deleted: false,
      media: m.media ? { fileName: m.media.startsWith('(File not included') ? null : m.media, omitted: m.media.startsWith('(File not included') } : null,
      locator: { messageId: `${m.chat.telegramId ?? m.chat.index}/${m.id ?? '?'}` },
    };
  }
}
