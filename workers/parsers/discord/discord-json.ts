/**
 * Discord channels exported by DiscordChatExporter (JSON): `guild`, `channel`, `messages[{id, type,
 * timestamp, timestampEdited, content, author{id, name, nickname, discriminator, isBot},
 * attachments[{fileName, url}], stickers, reference{messageId}, mentions}]`, `messageCount`.
 * `Default` and `Reply` are messages; every other type (calls, pins, renames, joins, …) is a
 * system event whose code is the type in snake case. Timestamps carry their offset, so no time
 * zone is assumed. Authors are Discord user ids, which are stable across servers.
 */
import type { ChatRecord } from '../chat-records';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function isDiscordExport(json: unknown): boolean {
  return isObj(json) && isObj(json.channel) && Array.isArray(json.messages) && (isObj(json.guild) || 'messageCount' in json);
}

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export function* discordChatRecords(json: unknown): Generator<ChatRecord> {
  if (!isDiscordExport(json)) throw new Error('not a DiscordChatExporter JSON export: no "channel" and "messages"');
  const root = json as Json;
  const channel = root.channel as Json;
  const guild = isObj(root.guild) ? root.guild : null;
  const channelId = str(channel.id) ?? '?';
  const guildName = guild ? str(guild.name) : null;
  const channelName = str(channel.name) ?? channelId;
  const chatKey = `discord:${channelId}`;
  yield { kind: 'chat', key: chatKey, platform: 'discord', title: guildName && guildName !== 'Direct Messages' ? `${guildName} / #${channelName}` : channelName };

  const messages = root.messages as unknown[];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    const id = isObj(m) ? str(m.id) : null;
    const ts = isObj(m) ? str(m.timestamp) : null;
    const ms = ts ? Date.parse(ts) : NaN;
    if (!isObj(m) || !id || Number.isNaN(ms)) {
      yield { kind: 'unparsed', text: JSON.stringify(m), locator: { messageId: id ?? `messages[${i}]` } };
      continue;
    }
    const author = isObj(m.author) ? m.author : null;
    const type = str(m.type) ?? 'Default';
    const isMessage = type === 'Default' || type === 'Reply';
    const files = [
      ...(Array.isArray(m.attachments) ? m.attachments : []).map((a) => (isObj(a) ? (str(a.fileName) ?? str(a.url)) : null)),
      ...(Array.isArray(m.stickers) ? m.stickers : []).map((s) => (isObj(s) ? `sticker:${str(s.name) ?? str(s.id) ?? '?'}` : null)),
    ].filter((f): f is string => !!f);
    const reference = isObj(m.reference) ? str(m.reference.messageId) : null;
    const name = author ? (str(author.nickname) ?? str(author.name)) : null;
    yield {
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
}
