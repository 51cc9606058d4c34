import type { IdentifierOccurrence } from './types';

const EMAIL = /(?<![\w.+-])[\w.+-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?![\w-])/gi;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'«»]+|\b(?:t\.me|telegram\.me|wa\.me|instagram\.com|facebook\.com|fb\.com|tiktok\.com|vk\.com|onlyfans\.com)\/[^\s<>"'«»]+|\bviber:\/\/[^\s<>"'«»]+/gi;
const HANDLE = /(?<![\w@.])@([A-Za-z][A-Za-z0-9_.]{2,31})(?![\w@])/g;

/** Platform named just before a bare @handle, e.g. "Telegram @posao", "insta: @ana". */
const PLATFORM_HINTS: Array<[RegExp, string]> = [
  [/(telegram|telegramu?|tg|телеграм\w*)\W{0,3}$/i, 'telegram'],
  [/(instagram\w*|insta|ig|инстаграм\w*)\W{0,3}$/i, 'instagram'],
  [/(tiktok|tik tok)\W{0,3}$/i, 'tiktok'],
  [/(twitter|x\.com)\W{0,3}$/i, 'twitter'],
  [/(snapchat|snap)\W{0,3}$/i, 'snapchat'],
  [/(signal)\W{0,3}$/i, 'signal'],
];

/** The account a social-network URL points to, as a `platform:name` handle. */
function handleFromUrl(url: URL): string | null {
  const host = url.hostname.replace(/^www\./, '');
  const first = url.pathname.split('/').filter(Boolean)[0] ?? '';
  const name = first.replace(/^@/, '').toLowerCase();
  if (!name) return null;
  if ((host === 't.me' || host === 'telegram.me') && !/^(joinchat|\+|addstickers|share|s)$/.test(name) && !first.startsWith('+')) return `telegram:${name}`;
  if (host === 'instagram.com' && !/^(p|reel|stories|explore)$/.test(name)) return `instagram:${name}`;
  if ((host === 'facebook.com' || host === 'fb.com') && !/^(profile\.php|groups|pages|events|share|watch)$/.test(name)) return `facebook:${name}`;
  if (host === 'tiktok.com' && first.startsWith('@')) return `tiktok:${name}`;
  if (host === 'vk.com') return `vk:${name}`;
  if (host === 'onlyfans.com') return `onlyfans:${name}`;
  return null;
}

/** E-mails, URLs and the accounts they name, and @handles. Phone links (wa.me, viber) are left to the phone pass. */
export function extractWeb(text: string): IdentifierOccurrence[] {
  const out: IdentifierOccurrence[] = [];
  for (let m = EMAIL.exec(text); m; m = EMAIL.exec(text)) {
    out.push({ kind: 'email', value: m[0].toLowerCase(), raw: m[0], start: m.index, end: m.index + m[0].length, confidence: 1 });
  }
  for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) {
    const raw = m[0].replace(/[.,;:!?)\]}]+$/, '');
    const start = m.index;
    let url: URL;
    try {
      url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
    } catch {
      continue;
    }
    out.push({ kind: 'url', value: url.href, raw, start, end: start + raw.length, confidence: 1 });
    const handle = handleFromUrl(url);
    if (handle) out.push({ kind: 'handle', value: handle, raw, start, end: start + raw.length, confidence: 1 });
  }
  for (let m = HANDLE.exec(text); m; m = HANDLE.exec(text)) {
    const name = m[1]!.replace(/\.+$/, '');
    const before = text.slice(Math.max(0, m.index - 16), m.index);
    const platform = PLATFORM_HINTS.find(([re]) => re.test(before))?.[1];
    out.push({
      kind: 'handle',
      value: `${platform ?? 'telegram'}:${name.toLowerCase()}`,
      raw: `@${name}`,
      start: m.index,
      end: m.index + name.length + 1,
      // A bare @name is most often Telegram in this region's recruitment chats, but not surely.
      confidence: platform ? 1 : 0.6,
    });
  }
  return out;
}
