import { DateTime } from 'luxon';

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
  from_id?: string;
  actor?: string | null;
  actor_id?: string;
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
  body: string;
  replyTo: number | null;
  forwardedFrom: string | null;
  edited: boolean;
  media: string | null;
}

/** The plain text of a message whose text is a string or an array of entities. */
export function telegramText(text: RawMessage['text']): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text.map((p) => (typeof p === 'string' ? p : p.text)).join('');
}

function timeOf(m: RawMessage, timezone: string): { utc: string; timeText: string } | null {
  if (m.date_unixtime && /^\d+$/.test(m.date_unixtime)) {
    const dt = DateTime.fromSeconds(Number(m.date_unixtime), { zone: 'utc' });
    return { utc: dt.toISO({ suppressMilliseconds: true })!, timeText: m.date ?? m.date_unixtime };
  }
  if (m.date) {
    // Without date_unixtime the export holds the exporting computer's local time.
    const dt = DateTime.fromISO(m.date, { zone: timezone });
    if (dt.isValid) return { utc: dt.toUTC().toISO({ suppressMilliseconds: true })!, timeText: m.date };
  }
  return null;
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
        senderId: (service ? m.actor_id : m.from_id) ?? null,
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
