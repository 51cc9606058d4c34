import { DateTime } from 'luxon';
import type { ChatRecord, ParsedMessage } from '../chat-records';
import { streamJson } from '../json-stream';
import type { ChunkSource } from '../lines';

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
      const message = convertMessage(m, chat, options.timezone);
      if (message) yield message;
    }
  }
}

/** One raw message of a chat, or null when it carries no readable time. */
function convertMessage(m: RawMessage, chat: TelegramChat, timezone: string): TelegramMessage | null {
  const time = timeOf(m, timezone);
  if (!time) return null;
  const service = m.type === 'service';
  return {
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

function toRecord(m: TelegramMessage, timezone: string): ParsedMessage {
  const chatKey = `chat:${m.chat.index}`;
  const notIncluded = m.media?.startsWith('(File not included') ?? false;
  return {
    kind: m.kind === 'service' ? 'system' : 'message',
    chatKey,
    // Exports edited by hand or by older tools may lack from_id: then only the name is known.
    senderKey: m.senderId ?? m.senderName,
    senderName: m.senderName,
    senderKeyIsName: m.senderId === null,
    utc: m.utc,
    timeText: m.timeText,
    timezone: m.absolute ? null : timezone,
    body: m.body,
    event: m.action,
    replyTo: m.replyTo === null ? null : String(m.replyTo),
    forwardedFrom: m.forwardedFrom,
    edited: m.edited,
    deleted: false,
    media: m.media ? { fileName: notIncluded ? null : m.media, omitted: notIncluded } : null,
    locator: { messageId: `${m.chat.telegramId ?? m.chat.index}/${m.id ?? '?'}` },
  };
}

const ACCOUNT_DATA = 'account';

interface RawContact {
  user_id?: number | string;
  first_name?: string;
  last_name?: string;
  phone_number?: string;
  date?: string;
  date_unixtime?: string;
}

interface RawSession {
  last_active?: string;
  last_active_unixtime?: string;
  created?: string;
  created_unixtime?: string;
  ip?: string;
  country?: string;
  region?: string;
  application_name?: string;
  application_version?: string;
  device_model?: string;
  platform?: string;
  system_version?: string;
}

/** A contact of the exporting account as a system event of the account-data chat. */
function contactRecord(c: RawContact, index: number, timezone: string): ChatRecord {
  const name = [c.first_name, c.last_name].filter(Boolean).join(' ') || null;
  const time = timeOf({ date: c.date, date_unixtime: c.date_unixtime }, timezone);
  const locator = { messageId: `contacts.list[${index}]` };
  if (!time) return { kind: 'unparsed', text: JSON.stringify(c), locator };
  const userId = c.user_id !== undefined && String(c.user_id) !== '0' ? `user${c.user_id}` : null;
  return {
    kind: 'system', chatKey: ACCOUNT_DATA, senderKey: userId ?? name, senderName: name, senderKeyIsName: userId === null,
    utc: time.utc, timeText: time.timeText, timezone: time.absolute ? null : timezone,
    body: `Contact: ${name ?? '(no name)'}${c.phone_number ? `, ${c.phone_number}` : ''}`,
    event: 'contact', replyTo: null, forwardedFrom: null, edited: false, deleted: false, media: null, locator,
  };
}

/** A login session of the exporting account (device, app, IP, place) as a system event. */
function sessionRecord(x: RawSession, index: number, timezone: string): ChatRecord {
  const time = timeOf({ date: x.last_active ?? x.created, date_unixtime: x.last_active_unixtime ?? x.created_unixtime }, timezone);
  const locator = { messageId: `sessions.list[${index}]` };
  if (!time) return { kind: 'unparsed', text: JSON.stringify(x), locator };
  const parts = [
    [x.application_name, x.application_version].filter(Boolean).join(' '),
    x.device_model, [x.platform, x.system_version].filter(Boolean).join(' '),
    x.ip ? `IP ${x.ip}` : '', [x.region, x.country].filter(Boolean).join(', '),
    x.created ? `created ${x.created}` : '',
  ].filter(Boolean);
  return {
    kind: 'system', chatKey: ACCOUNT_DATA, senderKey: null, senderName: null,
    utc: time.utc, timeText: time.timeText, timezone: time.absolute ? null : timezone,
    body: `Session: ${parts.join('; ')}`, event: 'session', replyTo: null, forwardedFrom: null, edited: false, deleted: false, media: null, locator,
  };
}

const STREAM_PATHS = [
  '$.name', '$.type', '$.id', '$.messages', '$.messages.*', '$.chats.list',
  '$.chats.list.*.name', '$.chats.list.*.type', '$.chats.list.*.id', '$.chats.list.*.messages.*',
  '$.contacts.list.*', '$.sessions.list.*',
];

/**
 * The export as common chat records, read as a stream: only one message is held at a time, so a
 * multi-gigabyte account export parses in bounded memory (@streamparser/json, fed synchronously).
 * Chat keys are `chat:<index>`, senders Telegram ids; the account's contacts and sessions become
 * system events of an "account data" chat. A message without a readable time stays a fragment.
 */
export function* telegramStreamRecords(source: ChunkSource, options: { timezone: string }, onProgress?: (bytesDone: number) => void, chunkSize = 1 << 20): Generator<ChatRecord> {
  const chats = new Map<number, TelegramChat & { announced: boolean }>();
  const chatAt = (index: number) => {
    let chat = chats.get(index);
    if (!chat) chats.set(index, (chat = { telegramId: null, name: `chat ${index + 1}`, type: 'unknown', index, announced: false }));
    return chat;
  };
  let accountAnnounced = false;
  let sawExport = false;
  yield* streamJson<ChatRecord>(source, STREAM_PATHS, (path, value, out) => {
    // The arrays themselves arrive emptied (their items went out one by one): they only say "this is an export".
    if ((path.length === 1 && path[0] === 'messages') || (path.length === 2 && path[0] === 'chats')) {
      sawExport = true;
      return;
    }
    const inList = path[0] === 'chats';
    if (path[0] === 'contacts' || path[0] === 'sessions') {
      if (!accountAnnounced) {
        accountAnnounced = true;
        out.push({ kind: 'chat', key: ACCOUNT_DATA, platform: 'telegram', title: 'Account data (contacts, sessions)' });
      }
      const index = Number(path[2]);
      const v = (value ?? {}) as RawContact & RawSession;
      out.push(path[0] === 'contacts' ? contactRecord(v, index, options.timezone) : sessionRecord(v, index, options.timezone));
      return;
    }
    const chat = chatAt(inList ? Number(path[2]) : 0);
    const field = inList ? path[3] : path[0];
    if (field === 'name' && typeof value === 'string') chat.name = value;
    else if (field === 'type' && typeof value === 'string') chat.type = value;
    else if (field === 'id' && typeof value === 'number') chat.telegramId = value;
    else if (field === 'messages') {
      sawExport = true;
      if (!chat.announced) {
        chat.announced = true;
        out.push({ kind: 'chat', key: `chat:${chat.index}`, platform: 'telegram', title: chat.name });
      }
      const m = convertMessage((value ?? {}) as RawMessage, chat, options.timezone);
      if (m) out.push(toRecord(m, options.timezone));
      else out.push({ kind: 'unparsed', text: JSON.stringify(value), locator: { messageId: `${chat.telegramId ?? chat.index}/${(value as RawMessage | null)?.id ?? '?'}` } });
    }
  }, onProgress, chunkSize);
  if (!sawExport && !accountAnnounced) throw new Error('not a Telegram export: neither "messages" nor "chats.list" is present');
  for (const chat of chats.values()) {
    if (!chat.announced) yield { kind: 'chat', key: `chat:${chat.index}`, platform: 'telegram', title: chat.name };
  }
}
