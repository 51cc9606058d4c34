/**
 * Whether a file is a capture of ad listings, from its name and first bytes. Chat exports come
 * first: a Telegram `result.json`, a Messenger thread, a message table with sender and message
 * columns are never ads, however many titles or links they hold.
 */
import { isContactKey, normKey } from './ad-from-object';

export type AdFormat = 'ads-jsonl' | 'ads-json' | 'ads-csv' | 'ads-html';

/** Keys only chat exports have at their start (Telegram, Messenger/Instagram, Discord, Signal). */
const CHAT_JSON_KEYS = /"(messages|chats|participants|sender_name|senderName|timestamp_ms|thread_path|is_still_participant|guild|channel|personal_information|from_id|sender)"\s*:/;
/** Telegram Desktop and DiscordChatExporter write HTML too; Meta's downloads name threads `message_1.html`. */
const CHAT_HTML_NAME = /(^|\/)(messages\d*|message_\d+)\.html?$/i;
const CHAT_HTML_MARK = /class="page_wrap"|class="message default|chatlog__|Exported Data/;

const TITLE = new Set(['title', 'naslov', 'headline', 'titulli', 'наслов', 'adtitle']);
const BODY = new Set(['body', 'description', 'opis', 'text', 'content', 'tekst', 'pershkrimi', 'përshkrimi', 'опис', 'desc']);
const URL_KEYS = new Set(['url', 'link', 'href', 'permalink', 'adurl']);
const AD_ID = new Set(['adid', 'listingid', 'oglasid', 'listing', 'oglas']);
/** Columns of a message table: those files belong to the table importer. */
const MESSAGE_COLUMNS = new Set(['sender', 'from', 'fromname', 'recipient', 'to', 'message', 'messages', 'poruka', 'msg', 'chat', 'chatname', 'conversation', 'thread', 'direction', 'posiljalac', 'pošiljalac', 'primalac', 'pošiljaoc']);

function adLike(keys: string[], { needTitle }: { needTitle: boolean }): boolean {
  const names = keys.map(normKey);
  const has = (set: Set<string>) => names.some((n) => set.has(n));
  const title = has(TITLE);
  const rest = has(BODY) || has(URL_KEYS) || has(AD_ID) || keys.some(isContactKey);
  return (title && rest) || (!needTitle && has(AD_ID));
}

export function detectAdFormat(fileName: string, head: Uint8Array): AdFormat | null {
  const name = fileName.toLowerCase();
  const text = new TextDecoder().decode(head).replace(/^\ufeff/, '');
  if (/\.(x?html?)$/.test(name)) return CHAT_HTML_NAME.test(name) || CHAT_HTML_MARK.test(text) ? null : 'ads-html';
  if (/\.(jsonl|ndjson|jl|json)$/.test(name)) return jsonFormat(name, text);
  if (/\.(csv|tsv)$/.test(name)) return csvFormat(text);
  return null;
}

function jsonFormat(name: string, text: string): AdFormat | null {
  if (CHAT_JSON_KEYS.test(text)) return null;
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const firstLine = lines[0] ?? '';
  const linesOfObjects = firstLine.startsWith('{') && (lines[1] ?? '').startsWith('{') && parsesAsObject(firstLine);
  const jsonl = !name.endsWith('.json') || linesOfObjects;
  // The first ad's keys; a head cut inside a line still shows them, so they are scanned, not parsed.
  const keys = [...(jsonl ? firstLine : text).matchAll(/"((?:[^"\\]|\\.){1,60})"\s*:/g)].map((m) => m[1]!);
  if (!adLike(keys, { needTitle: false })) return null;
  return jsonl ? 'ads-jsonl' : 'ads-json';
}

function parsesAsObject(line: string): boolean {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function csvFormat(text: string): AdFormat | null {
  const header = text.split(/\r?\n/)[0] ?? '';
  const delimiter = [',', ';', '\t'].map((d) => ({ d, n: header.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d;
  const columns = header.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());
  if (columns.some((c) => MESSAGE_COLUMNS.has(normKey(c)))) return null;
  return adLike(columns, { needTitle: true }) ? 'ads-csv' : null;
}
