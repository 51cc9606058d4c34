/**
 * Discord channels exported by DiscordChatExporter (JSON): `guild`, `channel`, `messages[{id, type,
 * timestamp, timestampEdited, content, author{id, name, nickname, discriminator, isBot},
 * attachments[{fileName, url}], stickers, reference{messageId}, mentions}]`, `messageCount`.
 * `Default` and `Reply` are messages; every other type (calls, pins, renames, joins, …) is a
 * system event whose code is the type in snake case. Timestamps carry their offset, so no time
 * zone is assumed. Authors are Discord user ids, which are stable across servers.
 */
import type { ChatRecord } from '../chat-records';
import { streamJson } from '../json-stream';
import type { ChunkSource } from '../lines';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function isDiscordExport(json: unknown): boolean {
  return isObj(json) && isObj(json.channel) && Array.isArray(json.messages) && (isObj(json.guild) || 'messageCount' in json);
}

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function chatOf(guild: Json | null, channel: Json): { key: string; title: string } {
  const channelId = str(channel.id) ?? '?';
  const guildName = guild ? str(guild.name) : null;
  const channelName = str(channel.name) ?? channelId;
  return { key: `discord:${channelId}`, title: guildName && guildName !== 'Direct Messages' ? `${guildName} / #${channelName}` : channelName };
}

function messageRecord(m: unknown, i: number, chatKey: string): ChatRecord {
  const id = isObj(m) ? str(m.id) : null;
  const ts = isObj(m) ? str(m.timestamp) : null;
  const ms = ts ? Date.parse(ts) : NaN;
  if (!isObj(m) || !id || Number.isNaN(ms)) return { kind: 'unparsed', text: JSON.stringify(m), locator: { messageId: id ?? `messages[${i}]` } };
  const author = isObj(m.author) ? m.author : null;
  const type = str(m.type) ?? 'Default';
  const isMessage = type === 'Default' || type === 'Reply';
  const files = [
    ...(Array.isArray(m.attachments) ? m.attachments : []).map((a) => (isObj(a) ? (str(a.fileName) ?? str(a.url)) : null)),
    ...(Array.isArray(m.stickers) ? m.stickers : []).map((s) => (isObj(s) ? `sticker:${str(s.name) ?? str(s.id) ?? '?'}` : null)),
  ].filter((f): f is string => !!f);
  const reference = isObj(m.reference) ? str(m.reference.messageId) : null;
  const name = author ? (str(author.nickname) ?? str(author.name)) : null;
  return {
    kind: isMessage ? 'message' : 'system',
    chatKey,
    senderKey: author ? str(author.id) : null,
    senderName: name,
    utc: new Date(ms).toISOString(),
    timeText: ts!,
    timezone: null,
    body: str(m.content) ?? '',
    event: isMessage ? null : snake(type),
    replyTo: reference,
    forwardedFrom: null,
    edited: !!str(m.timestampEdited),
    deleted: false,
    media: files.length ? { fileName: files.join('\n'), omitted: false } : null,
    locator: { messageId: id },
  };
}

/** A parsed export as common chat records. */
export function* discordChatRecords(json: unknown): Generator<ChatRecord> {
  if (!isDiscordExport(json)) throw new Error('not a DiscordChatExporter JSON export: no "channel" and "messages"');
  const root = json as Json;
  const chat = chatOf(isObj(root.guild) ? root.guild : null, root.channel as Json);
  yield { kind: 'chat', key: chat.key, platform: 'discord', title: chat.title };
  const messages = root.messages as unknown[];
  for (let i = 0; i < messages.length; i++) yield messageRecord(messages[i], i, chat.key);
}

/**
 * The export read as a stream (DiscordChatExporter writes guild and channel before the messages),
 * one message in memory at a time, so a server's whole history parses in bounded memory.
 */
export function* discordStreamRecords(source: ChunkSource, onProgress?: (bytesDone: number) => void, chunkSize = 1 << 20): Generator<ChatRecord> {
  let guild: Json | null = null;
  let chat: { key: string; title: string } | null = null;
  let sawMessages = false;
  let index = 0;
  yield* streamJson<ChatRecord>(source, ['$.guild', '$.channel', '$.messages', '$.messages.*'], (path, value, out) => {
    if (path.length === 1 && path[0] === 'guild') guild = isObj(value) ? value : null;
    else if (path.length === 1 && path[0] === 'channel' && isObj(value)) {
      chat = chatOf(guild, value);
      out.push({ kind: 'chat', key: chat.key, platform: 'discord', title: chat.title });
    } else if (path.length === 1 && path[0] === 'messages') sawMessages = true;
    else if (path[0] === 'messages') {
      if (!chat) throw new Error('the messages come before the "channel" object; export it again with DiscordChatExporter');
      out.push(messageRecord(value, index++, chat.key));
    }
  }, onProgress, chunkSize);
  if (!chat || !sawMessages) throw new Error('not a DiscordChatExporter JSON export: no "channel" and "messages"');
}
