/**
 * Facebook Messenger and Instagram "Download your information" JSON (`message_1.json`, …):
 * the classic layout (`participants[{name}]`, `messages[{sender_name, timestamp_ms, content,
 * photos, videos, audio_files, files, gifs, sticker, share, type, is_unsent, …}]`, newest first)
 * and the 2024 end-to-end-encrypted Messenger layout (`participants: [names]`, `threadName`,
 * `messages[{senderName, timestamp, text, media, isUnsent, type}]`).
 *
 * Meta writes these files with every UTF-8 byte escaped as its own `\u00XX` code point, so
 * "Dragan Petrović" arrives as "Dragan PetroviÄ\u0087". No library repairs exactly this (it is a
 * latin-1 reading of UTF-8 bytes, reversible only when every code point is below 256), so it is
 * done here by hand: re-encode as latin-1 and decode as UTF-8, keeping the text as it was when the
 * bytes are not valid UTF-8.
 */
import type { ChatRecord, ParsedChat } from '../chat-records';
import { streamJson } from '../json-stream';
import type { ChunkSource } from '../lines';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Undoes Meta's latin-1 mojibake; text that is not mojibake comes back unchanged. */
export function repairMojibake(s: string): string {
  let high = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return s;
    if (c >= 0x80) high = true;
  }
  if (!high) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  try {
    return utf8.decode(bytes);
  } catch {
    return s;
  }
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? repairMojibake(v) : null);

const MEDIA_FIELDS = ['photos', 'videos', 'audio_files', 'files', 'gifs'] as const;

function mediaOf(m: Json): string[] {
  const out: string[] = [];
  for (const f of MEDIA_FIELDS) {
    const list = m[f];
    if (Array.isArray(list)) for (const item of list) if (isObj(item) && typeof item.uri === 'string') out.push(repairMojibake(item.uri));
  }
  if (isObj(m.sticker) && typeof m.sticker.uri === 'string') out.push(repairMojibake(m.sticker.uri));
  if (Array.isArray(m.media)) for (const item of m.media) if (isObj(item) && typeof item.uri === 'string') out.push(repairMojibake(item.uri));
  return out;
}

export type MetaPlatform = 'messenger' | 'instagram';

/** True when the JSON looks like a Messenger/Instagram thread. */
export function isMetaThread(json: unknown): boolean {
  if (!isObj(json) || !Array.isArray(json.messages)) return false;
  const first = json.messages.find(isObj);
  if (!first) return Array.isArray(json.participants) && ('thread_path' in json || 'threadName' in json || 'title' in json);
  return ('sender_name' in first && 'timestamp_ms' in first) || ('senderName' in first && 'timestamp' in first);
}

/** Guesses Instagram from the media paths Meta writes (`your_instagram_activity/…`). */
export function guessMetaPlatform(json: unknown): MetaPlatform {
  return /your_instagram_activity|instagram/i.test(JSON.stringify(isObj(json) ? { p: json.thread_path, m: Array.isArray(json.messages) ? json.messages.slice(0, 50) : null } : null))
    ? 'instagram'
    : 'messenger';
}

function systemEventOf(type: string | null, content: string): string | null {
  switch (type) {
    case 'Call':
      return 'call';
    case 'Subscribe':
      return 'added';
    case 'Unsubscribe':
      return 'left';
    default:
      break;
  }
  // Messenger logs some group events as Generic messages with fixed English text.
  if (/ (named the group|changed the group photo|set the nickname|set your nickname|changed the chat theme)/.test(content)) return 'group_changed';
  return null;
}

function chatOf(t: Json, options: { platform: MetaPlatform; fileName: string }): ParsedChat {
  const participants = Array.isArray(t.participants)
    ? t.participants.map((p) => (typeof p === 'string' ? repairMojibake(p) : isObj(p) ? str(p.name) : null)).filter((p): p is string => !!p)
    : [];
  const title = str(t.title) ?? str(t.threadName) ?? (participants.join(', ') || options.fileName);
  const chatKey = str(t.thread_path) ?? str(t.threadName) ?? options.fileName;
  return { kind: 'chat', key: chatKey, platform: options.platform, title, participants: participants.map((p) => ({ key: p, name: p })) };
}

function messageRecord(m: unknown, i: number, chatKey: string): ChatRecord {
  if (!isObj(m)) return { kind: 'unparsed', text: JSON.stringify(m), locator: { messageId: `messages[${i}]` } };
  const sender = str(m.sender_name) ?? str(m.senderName);
  const ms = typeof m.timestamp_ms === 'number' ? m.timestamp_ms : typeof m.timestamp === 'number' ? m.timestamp : null;
  if (ms === null || !Number.isFinite(ms)) return { kind: 'unparsed', text: JSON.stringify(m), locator: { messageId: `messages[${i}]` } };
  const share = isObj(m.share) ? [str(m.share.link), str(m.share.share_text)].filter(Boolean).join('\n') : '';
  let body = str(m.content) ?? str(m.text) ?? '';
  if (share && !body.includes(share)) body = body ? `${body}\n${share}` : share;
  const type = str(m.type);
  const event = systemEventOf(type, body);
  const media = mediaOf(m);
  const unsent = m.is_unsent === true || m.isUnsent === true;
  return {
    kind: event ? 'system' : 'message',
    chatKey,
    senderKey: sender,
    senderName: sender,
    senderKeyIsName: true,
    utc: new Date(ms).toISOString(),
    timeText: String(ms),
    timezone: null,
    body,
    event,
    replyTo: null,
    forwardedFrom: null,
    edited: false,
    deleted: unsent,
    media: media.length ? { fileName: media.join('\n'), omitted: false } : null,
    locator: { messageId: `messages[${i}]` },
  };
}

const notExport = (platform: MetaPlatform) => new Error(`not ${platform === 'instagram' ? 'an Instagram' : 'a Messenger'} export: no "messages" with sender and timestamp`);

/**
 * One thread file as common chat records. Meta gives no message ids, so the locator is the
 * message's place in the file's `messages` array.
 */
export function* metaChatRecords(json: unknown, options: { platform: MetaPlatform; fileName: string }): Generator<ChatRecord> {
  if (!isMetaThread(json)) throw notExport(options.platform);
  const t = json as Json;
  const chat = chatOf(t, options);
  yield chat;
  const messages = t.messages as unknown[];
  for (let i = 0; i < messages.length; i++) yield messageRecord(messages[i], i, chat.key);
}

/**
 * First of two streaming passes over a thread file: Meta writes the title and path after the
 * messages, so this pass reads those (dropping each message as it passes, keeping a few media
 * paths to tell Instagram from Messenger) before any record can be written.
 */
export function metaThreadInfo(source: ChunkSource, options: { platform?: MetaPlatform; fileName: string }): { chat: ParsedChat; platform: MetaPlatform } {
  const thread: Json = {};
  const sample: unknown[] = [];
  let sawMessages = false;
  const platformName = options.platform ?? 'messenger';
  for (const _ of streamJson<never>(source, ['$.participants', '$.title', '$.threadName', '$.thread_path', '$.messages', '$.messages.*'], (path, value) => {
    if (path.length === 1 && path[0] === 'messages') sawMessages = true;
    else if (path.length === 1) thread[String(path[0])] = value;
    else if (sample.length < 50) {
      if (sample.length === 0 && !(isObj(value) && (('sender_name' in value && 'timestamp_ms' in value) || ('senderName' in value && 'timestamp' in value)))) throw notExport(platformName);
      sample.push(value);
    }
  })) void _;
  if (!sawMessages) throw notExport(platformName);
  const platform = options.platform ?? guessMetaPlatform({ thread_path: thread.thread_path, messages: sample });
  return { chat: chatOf(thread, { platform, fileName: options.fileName }), platform };
}

/** Second pass: the messages, one at a time. */
export function* metaMessageRecords(source: ChunkSource, chatKey: string, onProgress?: (bytesDone: number) => void, chunkSize = 1 << 20): Generator<ChatRecord> {
  let index = 0;
  yield* streamJson<ChatRecord>(source, ['$.messages.*'], (_path, value, out) => out.push(messageRecord(value, index++, chatKey)), onProgress, chunkSize);
}
