/**
 * One captured ad as a flat object (a JSON line, an array item, a CSV row under its header) mapped
 * to a ParsedAd. Scrapers and sites name the same things differently (title/naslov/наслов,
 * cijena/cena/çmimi…), so fields are matched by normalised name; anything not recognised stays
 * in `extra` exactly as given, so nothing the capture held is lost.
 */
import { DateTime } from 'luxon';
import { NitkaError } from '../../../shared/result';
import type { Locator } from '../chat-records';
import type { AdContact, AdImageRef, ParsedAd } from './ad-records';

export interface AdMappingOptions {
  /** zone of local times such as `10.03.2024 18:00`; Europe/Belgrade by default */
  timezone?: string | undefined;
  /** CSV cells may list several images in one (`a.jpg; b.jpg`); JSON has arrays for that */
  splitImageLists?: boolean | undefined;
}

export const DEFAULT_AD_TIMEZONE = 'Europe/Belgrade';

type Field = 'site' | 'adId' | 'url' | 'title' | 'body' | 'posted' | 'location' | 'price' | 'author';

/** Normalised names (lower case, letters and digits only), most specific first within a field. */
const SYNONYMS: Record<Field, string[]> = {
  site: ['site', 'source', 'portal', 'domain', 'sitename', 'website', 'sajt', 'izvor'],
  adId: ['adid', 'listingid', 'oglasid', 'id', 'itemid', 'postid', 'adnumber', 'sifra', 'šifra'],
  url: ['url', 'link', 'href', 'adurl', 'permalink', 'pageurl', 'listingurl'],
  title: ['title', 'naslov', 'name', 'heading', 'headline', 'subject', 'adtitle', 'titulli', 'наслов'],
  body: ['body', 'description', 'text', 'opis', 'content', 'desc', 'tekst', 'details', 'adtext', 'pershkrimi', 'përshkrimi', 'опис', 'текст'],
  posted: ['posted', 'postedat', 'postedon', 'date', 'datum', 'created', 'createdat', 'published', 'publishedat', 'dateposted', 'datepublished', 'time', 'timestamp', 'datetime', 'vreme', 'vrijeme', 'objavljeno', 'датум'],
  location: ['location', 'city', 'grad', 'mjesto', 'mesto', 'lokacija', 'place', 'region', 'town', 'area', 'address', 'adresa', 'qyteti', 'vendndodhja', 'град', 'место', 'локација'],
  price: ['price', 'cijena', 'cena', 'salary', 'plata', 'plaća', 'placa', 'wage', 'pay', 'cmimi', 'çmimi', 'paga', 'цена', 'цијена', 'плата'],
  author: ['author', 'user', 'seller', 'poster', 'username', 'korisnik', 'postedby', 'advertiser', 'oglasivac', 'oglasivač', 'prodavac', 'autor', 'корисник'],
};

const FIELD_OF = new Map<string, { field: Field; rank: number }>();
for (const [field, names] of Object.entries(SYNONYMS) as Array<[Field, string[]]>) names.forEach((n, rank) => FIELD_OF.set(n, { field, rank }));

/**
 * Contact and image keys are matched by word, not by substring, so `phoneNumber`, `viber_1` and
 * `e-mail` are contacts while `hotel` and `title` are not.
 */
const CONTACT_WORD = /^(phone|tel|mob|cell|whatsapp|viber|email|mail|contact|kontakt|телефон|тел|моб|контакт)/;
const IMAGE_WORD = /^(image|img|photo|pictur|pics?$|slik|foto|thumb|galer|слик|фото|imazh)/;

export const normKey = (key: string): string => key.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const words = (key: string): string[] => key.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

export const isContactKey = (key: string): boolean => !FIELD_OF.has(normKey(key)) && words(key).some((w) => CONTACT_WORD.test(w));
const isImageKey = (key: string): boolean => !FIELD_OF.has(normKey(key)) && words(key).some((w) => IMAGE_WORD.test(w));

/** The mapped field a capture's key stands for, if any. */
function adFieldOf(key: string): Field | null {
  return FIELD_OF.get(normKey(key))?.field ?? null;
}

/** True when an object reads as an ad and not as some other record (a category, a user). */
export function looksLikeAd(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const has = new Set<Field | 'contact'>();
  for (const key of Object.keys(value)) {
    const field = adFieldOf(key);
    if (field) has.add(field);
    else if (isContactKey(key)) has.add('contact');
  }
  if (Object.keys(value).some((k) => ['adid', 'listingid', 'oglasid'].includes(normKey(k)))) return true;
  return (has.has('title') && has.has('body')) || ((has.has('title') || has.has('body')) && has.has('contact'));
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a record is, as error messages and fallback ids say it: `line 4` or a JSON pointer. */
function whereOf(locator: Locator): string {
  if (locator.line !== undefined) return `line ${locator.line}`;
  return locator.messageId ? `at ${locator.messageId}` : 'at the document root';
}

/** A parser's plain error as bad input naming the file, the way the ingest reports every parser's. */
export function namedAdError(fileName: string, e: unknown, details: Record<string, unknown> = {}): NitkaError {
  if (e instanceof NitkaError) return e;
  return new NitkaError('bad_input', `${fileName}: ${e instanceof Error ? e.message : String(e)}`, { file: fileName, ...details });
}

/** Refuses an unknown zone up front rather than leaving every posted time unread. */
export function adTimezone(timezone: string | undefined): string {
  const zone = timezone ?? DEFAULT_AD_TIMEZONE;
  if (!DateTime.local().setZone(zone).isValid) throw new Error(`unknown time zone "${zone}"`);
  return zone;
}

const DOTTED = /^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?(?:\s*(?:,|-|u|at|um|në|ne|в)?\s*(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(?:h|č|ч|sati|časova)?)?$/i;
const ISO_LIKE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const utcIso = (dt: DateTime): string | null => (dt.isValid ? dt.toUTC().toISO({ suppressMilliseconds: true }) : null);

/**
 * A posted time as sites and scrapers write it: ISO (with or without offset), epoch seconds or
 * milliseconds, `10.03.2024.`, `10.03.2024 u 18:00`, RFC 2822. Local times are read in `timezone`.
 * Relative times ("prije 2 sata") need the capture time, which we do not have: they stay text.
 */
export function parseAdTime(value: unknown, timezone: string): { utc: string | null; text: string | null } {
  if (typeof value === 'number') return { utc: Number.isFinite(value) ? fromEpoch(value) : null, text: String(value) };
  if (typeof value !== 'string' || value.trim() === '') return { utc: null, text: null };
  const text = value;
  const t = value.trim();
  if (/^\d{9,13}(\.\d+)?$/.test(t)) return { utc: fromEpoch(Number(t)), text };
  const iso = ISO_LIKE.exec(t);
  if (iso) {
    const zone = iso[3];
    const dt = DateTime.fromISO(`${iso[1]}${iso[2] ? `T${iso[2].replace(',', '.')}` : ''}${zone ?? ''}`, { zone: timezone, setZone: Boolean(zone) });
    return { utc: utcIso(dt), text };
  }
  const dotted = DOTTED.exec(t);
  if (dotted) {
    const [, d, mo, y, h, mi, s] = dotted;
    const dt = DateTime.fromObject({ year: Number(y), month: Number(mo), day: Number(d), hour: Number(h ?? 0), minute: Number(mi ?? 0), second: Number(s ?? 0) }, { zone: timezone });
    return { utc: utcIso(dt), text };
  }
  const rfc = DateTime.fromRFC2822(t, { setZone: true });
  return { utc: rfc.isValid ? utcIso(rfc) : null, text };
}

function fromEpoch(n: number): string | null {
  // Seconds until 5138, milliseconds from 1973 on: the two ranges ads can have do not overlap.
  const ms = n >= 1e11 ? n : n >= 1e8 ? n * 1000 : NaN;
  return Number.isFinite(ms) ? utcIso(DateTime.fromMillis(ms, { zone: 'utc' })) : null;
}

const ID_PARAMS = new Set(['id', 'adid', 'ad', 'oglas', 'oglasid', 'listing', 'listingid', 'item', 'itemid', 'pid', 'aid']);

/**
 * A site's own ad id read from the ad's address: an `id=`-like query parameter, a last path
 * segment that is an id (`A-100231`, `9738589`, a UUID), or the number closing a slug
 * (`konobarice-za-austriju-4122586.html`). Null when the address has none.
 */
export function adIdFromUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://relative.invalid');
  } catch {
    return null;
  }
  for (const [name, value] of parsed.searchParams) {
    if (ID_PARAMS.has(normKey(name)) && /^[\w-]{1,64}$/.test(value) && /\d/.test(value)) return value;
  }
  let segment = '';
  try {
    segment = decodeURIComponent(parsed.pathname.split('/').filter(Boolean).pop() ?? '');
  } catch {
    return null;
  }
  segment = segment.replace(/\.(html?|php|aspx?|jsp)$/i, '');
  if (/^\d{3,}$/.test(segment)) return segment;
  if (/^[A-Za-z]{0,6}[-_]?\d{3,}[A-Za-z]{0,3}$/.test(segment)) return segment;
  if (/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(segment)) return segment;
  if (/^[A-Za-z0-9]{6,32}$/.test(segment) && (segment.match(/\d/g)?.length ?? 0) >= 3) return segment;
  return /[-_](?:id)?(\d{4,})$/i.exec(segment)?.[1] ?? null;
}

/** The host of an absolute address, as the site of an ad that names none. */
export function hostOf(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** Plain text of a scalar or a list of them; null when the value is not text-like. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(textOf);
    return parts.every((p) => p !== null) && parts.length > 0 ? parts.join('\n') : null;
  }
  return null;
}

const isPlain = (value: unknown): boolean => typeof value === 'string' || typeof value === 'number' || (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'));

function firstText(obj: Record<string, unknown>, keys: string[]): string | null {
  for (const [k, v] of Object.entries(obj)) if (keys.includes(normKey(k))) {
    const t = textOf(v);
    if (t) return t;
  }
  return null;
}

/** `{amount: 1500, currency: "EUR"}` → `1500 EUR`; `{min: 1200, max: 1500}` → `1200–1500`. */
function priceOf(value: unknown): string | null {
  if (!isRecord(value)) return textOf(value);
  const amount = firstText(value, ['amount', 'value', 'price', 'iznos']) ?? [firstText(value, ['min', 'minvalue', 'from']), firstText(value, ['max', 'maxvalue', 'to'])].filter(Boolean).join('–');
  const currency = firstText(value, ['currency', 'currencycode', 'pricecurrency', 'valuta']);
  const unit = firstText(value, ['unit', 'unittext', 'period', 'per']);
  const text = [amount, currency].filter(Boolean).join(' ') + (unit ? `/${unit}` : '');
  return text.trim() || null;
}

/** `{city: "Beč", country: "Austrija"}` → `Beč, Austrija`: its texts in the order given. */
function locationOf(value: unknown): string | null {
  if (!isRecord(value)) return Array.isArray(value) ? (value.map(locationOf).filter(Boolean).join(', ') || null) : textOf(value);
  const parts = Object.values(value).map((v) => (typeof v === 'string' ? v.trim() : isRecord(v) ? locationOf(v) : null)).filter((v): v is string => Boolean(v));
  return parts.length ? parts.join(', ') : null;
}

function authorOf(value: unknown): string | null {
  if (!isRecord(value)) return textOf(value);
  return firstText(value, ['name', 'username', 'displayname', 'nick', 'nickname', 'login', 'title', 'id']);
}

/** Contacts under a key: a string, a list, a nested object (`contact.phone`), `{type, value}` pairs. */
export function contactsOf(field: string, value: unknown, out: AdContact[]): boolean {
  if (typeof value === 'string') {
    if (value.trim()) out.push({ field, value: value.trim() });
    return value.trim() !== '';
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    out.push({ field, value: String(value) });
    return true;
  }
  if (Array.isArray(value)) return value.map((v) => contactsOf(field, v, out)).some(Boolean);
  if (!isRecord(value)) return false;
  const kind = firstText(value, ['type', 'kind', 'label']);
  const given = firstText(value, ['value', 'number', 'handle', 'address']);
  if (kind && given) {
    out.push({ field: `${field}.${kind}`, value: given });
    return true;
  }
  return Object.entries(value).map(([k, v]) => contactsOf(`${field}.${k}`, v, out)).some(Boolean);
}

const IMAGE_EXT = /\.(jpe?g|png|gif|webp|bmp|heic|avif)(\?.*)?$/i;

/** Image refs in one text: CSV cells join several with `;`, `|`, newlines or commas. */
function splitRefs(text: string): string[] {
  const parts = text.split(/\s*[;|\n\r]+\s*/).map((p) => p.trim()).filter(Boolean);
  return parts.flatMap((part) => {
    const pieces = part.split(/\s*,\s*/).filter(Boolean);
    if (pieces.length < 2) return [part];
    // A comma may also sit inside one address (`/w_100,h_100/a.jpg`): split only when every piece is a whole ref.
    const absolute = pieces.every((p) => /^(https?:|file:|\/)/i.test(p));
    const files = pieces.every((p) => !/^[a-z]+:/i.test(p) && IMAGE_EXT.test(p));
    return absolute || files ? pieces : [part];
  });
}

/** Image refs: a string, a list of strings, or objects with `url`/`src`/`file`/`path`. Null if unreadable. */
export function imagesOf(value: unknown, split: boolean): AdImageRef[] | null {
  if (typeof value === 'string') return (split ? splitRefs(value) : [value.trim()].filter(Boolean)).map((ref) => ({ ref }));
  if (Array.isArray(value)) {
    const refs = value.map((v) => imagesOf(v, split));
    return refs.every((r) => r !== null) ? refs.flat() as AdImageRef[] : null;
  }
  if (isRecord(value)) {
    const ref = firstText(value, ['url', 'src', 'file', 'path', 'href', 'uri', 'contenturl', 'original', 'large', 'full']);
    return ref ? [{ ref }] : null;
  }
  return null;
}

/**
 * Maps one captured ad. Throws `line N: …` (or `at /ads/3: …`) when the ad has nothing to read:
 * no title, no text and no contact. Callers add the file name.
 */
export function adFromObject(obj: Record<string, unknown>, locator: Locator, options: AdMappingOptions = {}): ParsedAd {
  const timezone = options.timezone ?? DEFAULT_AD_TIMEZONE;
  const chosen = new Map<Field, { key: string; value: unknown; rank: number }>();
  const contacts: AdContact[] = [];
  const images: AdImageRef[] = [];
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const field = FIELD_OF.get(normKey(key));
    if (field) {
      // An empty mapped field is already said by its null in the record.
      if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
      const current = chosen.get(field.field);
      if (!current || field.rank < current.rank) {
        if (current) extra[current.key] = current.value;
        chosen.set(field.field, { key, value, rank: field.rank });
      } else extra[key] = value;
    } else if (isContactKey(key)) {
      if (!contactsOf(key, value, contacts)) extra[key] = value;
    } else if (isImageKey(key)) {
      const refs = imagesOf(value, options.splitImageLists ?? false);
      if (refs) images.push(...refs);
      else extra[key] = value;
    } else extra[key] = value;
  }

  const read = <T>(field: Field, convert: (value: unknown) => T | null): T | null => {
    const got = chosen.get(field);
    if (!got) return null;
    const value = convert(got.value);
    // What had to be summarised (an address object, a seller with a phone) is kept whole as well.
    if (value === null || !isPlain(got.value)) extra[got.key] = got.value;
    return value;
  };
  const url = read('url', textOf);
  const title = read('title', textOf);
  const body = read('body', textOf);
  const sellerValue = chosen.get('author')?.value;
  if (isRecord(sellerValue)) {
    for (const [k, v] of Object.entries(sellerValue)) if (isContactKey(k)) contactsOf(`${chosen.get('author')!.key}.${k}`, v, contacts);
  }
  if (!title && !body && contacts.length === 0) {
    const keys = Object.keys(obj);
    throw new Error(`${whereOf(locator)}: the ad has no title, text or contact to read (${keys.length ? `its fields are ${keys.map((k) => `"${k}"`).join(', ')}` : 'it is empty'})`);
  }
  const postedValue = chosen.get('posted');
  const posted = postedValue ? parseAdTime(postedValue.value, timezone) : { utc: null, text: null };
  if (postedValue && posted.text === null) extra[postedValue.key] = postedValue.value;
  return {
    kind: 'ad',
    site: read('site', textOf) ?? hostOf(url),
    adId: read('adId', textOf) ?? (url ? adIdFromUrl(url) : null) ?? fallbackId(locator),
    url,
    title: title ?? '',
    body: body ?? '',
    postedUtc: posted.utc,
    postedText: posted.text,
    location: read('location', locationOf),
    price: read('price', priceOf),
    author: read('author', authorOf),
    contacts,
    images,
    extra,
    locator,
  };
}

/** A position-based id, stable as long as the capture is: `line:4`, `/ads/3`. */
function fallbackId(locator: Locator): string {
  if (locator.line !== undefined) return `line:${locator.line}`;
  return locator.messageId || '/';
}
