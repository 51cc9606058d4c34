/**
 * Ads in a saved web page: one ad's own page or a page listing many. What the page states about
 * itself is trusted first (JSON-LD, then schema.org microdata); only then is its layout read:
 * repeated blocks that each hold a link and text are a listing, else the page is one ad (its
 * OpenGraph tags, `<h1>` and main text). `locator.messageId` is a short CSS path of the ad's
 * element, so an analyst can find it in the stored page.
 */
import { NodeType, parse, type HTMLElement, type TextNode } from 'node-html-parser';
import type { Locator } from '../chat-records';
import { adIdFromUrl, adTimezone, contactsOf, hostOf, imagesOf, isRecord, namedAdError, parseAdTime } from './ad-from-object';
import type { AdContact, AdImageRef, ParsedAd } from './ad-records';
import { CHROME_TAGS, contactsIn, contains, cssPath, descendants, elementsOf, fragmentText, hidden, hinted, imagesIn, INVISIBLE, linkContact, mergeContacts, mergeImages, outsideAd, tagOf, visibleText, type Hint } from './html-elements';

export interface HtmlAdOptions {
  /** zone of local posted times; Europe/Belgrade by default */
  timezone?: string | undefined;
}

/**
 * The page's text: UTF-8 unless a BOM or a `<meta charset>` in its first bytes names another
 * encoding (windows-1250 and iso-8859-2 for older BHS sites, windows-1251 for Cyrillic ones).
 */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const label = /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  if (label) {
    try {
      const decoder = new TextDecoder(label);
      // A page in bytes cannot really be UTF-16 whatever it says (the HTML standard reads it as UTF-8).
      if (!decoder.encoding.startsWith('utf-16')) return decoder.decode(bytes);
    } catch {
      // An encoding the runtime does not know: UTF-8 is the best guess left.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Every ad the page holds, in page order. Throws naming the file when the page has none at all. */
export function adsFromHtml(html: string, fileName: string, entry?: string, options: HtmlAdOptions = {}): ParsedAd[] {
  try {
    const root = parse(html, { comment: false, blockTextElements: { script: true, style: true, noscript: true } });
    const page = pageOf(root, adTimezone(options.timezone), entry);
    let ads = jsonLdAds(page);
    if (!ads.length) ads = microdataAds(page);
    if (!ads.length) {
      const items = listingItems(page);
      ads = items.map((item) => listingAd(page, item)).filter((ad): ad is ParsedAd => ad !== null);
      // A page listing others beside its own ad ("similar ads" without telling markup) still has its own text.
      if (ads.length && (mainBlock(page, items)?.text.length ?? 0) >= 120) ads.unshift(...singleAd(page, items));
    }
    if (!ads.length) ads = singleAd(page, []);
    if (!ads.length) throw new Error('no ad in the page: it has no structured data, no listing, no title and no text');
    return ads;
  } catch (e) {
    throw namedAdError(fileName, e, entry ? { entry } : {});
  }
}

// ---------------------------------------------------------------------------------------------
// The page: its meta tags, address and site

interface Page {
  root: HTMLElement;
  timezone: string;
  entry: string | undefined;
  /** og:site_name, else the canonical or base address's host */
  site: string | null;
  /** what relative links resolve against: `<base href>`, else the canonical address */
  base: string | null;
  /** the page's own address (og:url, canonical) */
  url: string | null;
  meta: Map<string, string[]>;
}

function pageOf(root: HTMLElement, timezone: string, entry: string | undefined): Page {
  const meta = new Map<string, string[]>();
  for (const m of root.querySelectorAll('meta')) {
    const name = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop'))?.trim().toLowerCase();
    const content = m.getAttribute('content')?.trim();
    if (name && content) meta.set(name, [...(meta.get(name) ?? []), content]);
  }
  const canonical = root.querySelectorAll('link').find((l) => (l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'))?.getAttribute('href')?.trim() || null;
  const baseHref = root.querySelector('base')?.getAttribute('href')?.trim() || null;
  const ogUrl = meta.get('og:url')?.[0] ?? null;
  const absolute = (u: string | null) => (u && /^https?:\/\//i.test(u) ? u : null);
  const base = absolute(baseHref) ?? absolute(canonical) ?? absolute(ogUrl);
  return {
    root,
    timezone,
    entry,
    meta,
    base,
    url: absolute(ogUrl) ?? absolute(canonical) ?? ogUrl ?? canonical,
    site: meta.get('og:site_name')?.[0] ?? hostOf(absolute(canonical)) ?? hostOf(absolute(baseHref)) ?? hostOf(absolute(ogUrl)),
  };
}

function resolve(page: Page, href: string): string {
  const h = href.trim();
  if (!page.base || /^[a-z][\w+.-]*:/i.test(h)) return h;
  try {
    return new URL(h, page.base).href;
  } catch {
    return h;
  }
}

function locatorOf(page: Page, messageId: string): Locator {
  return page.entry ? { messageId, entry: page.entry } : { messageId };
}

// ---------------------------------------------------------------------------------------------
// (a) JSON-LD and (b) microdata: schema.org objects

const AD_TYPES = new Set(['product', 'offer', 'jobposting', 'classifiedad', 'service', 'event', 'article', 'newsarticle', 'blogposting', 'vehicle', 'car', 'trip', 'touristtrip', 'accommodation']);

const typeNames = (node: Record<string, unknown>): string[] => {
  const t = node['@type'] ?? node.type;
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/:#]/, '').toLowerCase());
};
const isAdNode = (node: Record<string, unknown>): boolean => typeNames(node).some((t) => AD_TYPES.has(t));

/** Ad objects in a JSON-LD value with their JSON pointers: top level, `@graph`, arrays, ItemList entries. */
function findAdNodes(value: unknown, pointer: string, out: Array<{ node: Record<string, unknown>; pointer: string }>): void {
  if (Array.isArray(value)) return value.forEach((v, i) => findAdNodes(v, `${pointer}/${i}`, out));
  if (!isRecord(value)) return;
  if (isAdNode(value)) return void out.push({ node: value, pointer });
  if (value['@graph'] !== undefined) findAdNodes(value['@graph'], `${pointer}/@graph`, out);
  if (value.itemListElement !== undefined) findAdNodes(value.itemListElement, `${pointer}/itemListElement`, out);
  if (typeNames(value).includes('listitem') && value.item !== undefined) findAdNodes(value.item, `${pointer}/item`, out);
}

function jsonLdAds(page: Page): ParsedAd[] {
  const found: Array<{ node: Record<string, unknown>; messageId: string }> = [];
  for (const script of page.root.querySelectorAll('script')) {
    if (!/^\s*application\/ld\+json/i.test(script.getAttribute('type') ?? '')) continue;
    let value: unknown;
    try {
      value = JSON.parse(script.rawText.replace(/^\s*(<!--|\/\/\s*<!\[CDATA\[)/, '').replace(/(-->|\/\/\s*\]\]>)\s*$/, ''));
    } catch {
      continue; // a broken block of structured data does not make the page unreadable: the layout is still there
    }
    const nodes: Array<{ node: Record<string, unknown>; pointer: string }> = [];
    findAdNodes(value, '', nodes);
    const path = cssPath(script);
    for (const n of nodes) found.push({ node: n.node, messageId: `${path}${n.pointer}` });
  }
  const ads = found.map((f) => schemaAd(page, f.node, locatorOf(page, f.messageId))).filter((ad): ad is ParsedAd => ad !== null);
  return ads.length === 1 ? [completeFromPage(page, ads[0]!)] : ads;
}

/** A property's value as microdata defines it: `content`, `href`, `src`, `datetime`, else the text. */
function propValue(page: Page, el: HTMLElement): unknown {
  if (el.hasAttribute('itemscope')) return itemObject(page, el);
  const tag = tagOf(el);
  if (el.hasAttribute('content')) return el.getAttribute('content');
  if (['a', 'link', 'area'].includes(tag)) return resolve(page, el.getAttribute('href') ?? '');
  if (['img', 'audio', 'video', 'source', 'iframe', 'embed'].includes(tag)) return (el.getAttribute('src') ?? '').trim();
  if (tag === 'time' && el.hasAttribute('datetime')) return el.getAttribute('datetime');
  if (['data', 'meter'].includes(tag)) return el.getAttribute('value') ?? visibleText(el);
  return visibleText(el);
}

function itemObject(page: Page, item: HTMLElement): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  const type = item.getAttribute('itemtype');
  if (type) obj['@type'] = type.trim().split(/\s+/)[0]!.replace(/^.*\//, '');
  const walk = (el: HTMLElement): void => {
    for (const child of elementsOf(el)) {
      const props = child.getAttribute('itemprop')?.trim();
      if (props) {
        const value = propValue(page, child);
        for (const name of props.split(/\s+/)) obj[name] = obj[name] === undefined ? value : [...(Array.isArray(obj[name]) ? obj[name] : [obj[name]]), value];
      }
      if (!child.hasAttribute('itemscope')) walk(child);
    }
  };
  walk(item);
  return obj;
}

function microdataAds(page: Page): ParsedAd[] {
  const ads: ParsedAd[] = [];
  for (const el of descendants(page.root)) {
    if (!el.hasAttribute('itemscope') || !isAdNode(itemObjectType(el))) continue;
    // An Offer inside a Product belongs to it, not beside it.
    let outer = false;
    for (let p = el.parentNode; p && tagOf(p); p = p.parentNode) if (p.hasAttribute('itemscope') && isAdNode(itemObjectType(p))) outer = true;
    if (outer) continue;
    const ad = schemaAd(page, itemObject(page, el), locatorOf(page, cssPath(el)));
    if (!ad) continue;
    ad.contacts = mergeContacts(ad.contacts, contactsIn(el));
    if (!ad.images.length) ad.images = imagesIn(el);
    ads.push(ad);
  }
  return ads.length === 1 ? [completeFromPage(page, ads[0]!)] : ads;
}

const itemObjectType = (el: HTMLElement): Record<string, unknown> => ({ '@type': el.getAttribute('itemtype')?.trim().split(/\s+/)[0] ?? '' });

const textIn = (v: unknown): string | null => {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(textIn).find(Boolean) ?? null;
  return null;
};

function nameOf(v: unknown): string | null {
  if (Array.isArray(v)) return v.map(nameOf).find(Boolean) ?? null;
  if (isRecord(v)) return textIn(v.name) ?? textIn(v.legalName) ?? textIn(v.alternateName);
  return textIn(v);
}

/** Place, PostalAddress, a plain text or a list of them, as one line: `Beč, AT`. */
function placeOf(v: unknown): string | null {
  if (Array.isArray(v)) return v.map(placeOf).filter(Boolean).join('; ') || null;
  if (!isRecord(v)) return textIn(v);
  const parts = [textIn(v.name), placeOf(v.address), textIn(v.streetAddress), textIn(v.addressLocality), textIn(v.addressRegion), nameOf(v.addressCountry)];
  return [...new Set(parts.filter((p): p is string => Boolean(p)))].join(', ') || null;
}

/** Offer, AggregateOffer or a job's MonetaryAmount as `1500 EUR`, `1200–1500 EUR/MONTH`. */
function schemaPrice(node: Record<string, unknown>): string | null {
  const amount = (v: unknown): string | null => {
    if (!isRecord(v)) return textIn(v);
    const single = textIn(v.price) ?? textIn(v.value);
    if (single) return single;
    const range = [textIn(v.lowPrice) ?? textIn(v.minValue), textIn(v.highPrice) ?? textIn(v.maxValue)].filter(Boolean);
    if (range.length) return range.join('–');
    return isRecord(v.value) ? amount(v.value) : null;
  };
  const unitOf = (v: unknown): string | null => (isRecord(v) ? (textIn(v.unitText) ?? (isRecord(v.value) ? textIn(v.value.unitText) : null)) : null);
  const format = (v: unknown): string | null => {
    const a = amount(v);
    if (!a) return null;
    const r = isRecord(v) ? v : {};
    const currency = textIn(r.priceCurrency) ?? textIn(r.currency);
    const unit = unitOf(v);
    return `${a}${currency ? ` ${currency}` : ''}${unit ? `/${unit}` : ''}`;
  };
  for (const v of [node.price !== undefined ? node : undefined, node.offers, node.baseSalary, node.estimatedSalary]) {
    const one: unknown = Array.isArray(v) ? v[0] : v;
    const p = one === undefined ? null : format(one);
    if (p) return p;
  }
  return null;
}

/** Telephone and e-mail anywhere in the object, named by their path (`seller.telephone`). */
function schemaContacts(value: unknown, path: string, out: AdContact[], depth = 0): void {
  if (depth > 6) return;
  if (Array.isArray(value)) return value.forEach((v) => schemaContacts(v, path, out, depth + 1));
  if (!isRecord(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'telephone' || k === 'email' || k === 'faxNumber') contactsOf(`${path}${k}`, v, out);
    else if (typeof v === 'object' && v !== null) schemaContacts(v, `${path}${k}.`, out, depth + 1);
  }
}

const first = (node: Record<string, unknown>, keys: string[]): { key: string; value: unknown } | null => {
  for (const key of keys) if (node[key] !== undefined && node[key] !== null && node[key] !== '') return { key, value: node[key] };
  return null;
};

/** One schema.org object (JSON-LD or microdata) as an ad; null when it has nothing to read. */
function schemaAd(page: Page, node: Record<string, unknown>, locator: Locator): ParsedAd | null {
  const used = new Set<string>(['@context']);
  const take = (keys: string[]): unknown => {
    const got = first(node, keys);
    if (!got) return undefined;
    // Objects that had to be summarised (an offer, a job location) are kept whole in `extra` as well.
    if (typeof got.value !== 'object' || (Array.isArray(got.value) && got.value.every((x) => typeof x === 'string'))) used.add(got.key);
    return got.value;
  };
  const title = textIn(take(['name', 'headline', 'title']));
  const bodyText = textIn(take(['description', 'articleBody', 'text']));
  const body = bodyText ? fragmentText(bodyText) : null;
  const idValue = take(['url']);
  const atId = typeof node['@id'] === 'string' && /^https?:\/\//i.test(node['@id']) ? node['@id'] : null;
  const url = textIn(idValue) ?? atId;
  const identifier = take(['sku', 'productID', 'identifier', 'mpn']);
  const posted = parseAdTime(take(['datePosted', 'datePublished', 'dateCreated', 'uploadDate']), page.timezone);
  for (const k of ['price', 'priceCurrency']) if (typeof node[k] !== 'object' && node[k] !== undefined) used.add(k);
  const price = schemaPrice(node);
  const offer = isRecord(node.offers) ? node.offers : Array.isArray(node.offers) && isRecord(node.offers[0]) ? node.offers[0] : {};
  const location = placeOf(take(['jobLocation', 'availableAtOrFrom', 'location', 'contentLocation', 'areaServed', 'address']) ?? offer.availableAtOrFrom ?? offer.areaServed);
  const author = nameOf(take(['seller', 'author', 'hiringOrganization', 'provider', 'organizer', 'creator']) ?? offer.seller);
  const contacts: AdContact[] = [];
  schemaContacts(node, '', contacts);
  for (const k of ['telephone', 'email', 'faxNumber']) if (typeof node[k] === 'string') used.add(k);
  const imageValue = take(['image', 'photo', 'thumbnailUrl']);
  const images = imagesOf(imageValue, false) ?? [];
  if (!title && !body && !contacts.length) return null;
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!used.has(k)) extra[k] = v;
  const resolvedUrl = url ? resolve(page, url) : null;
  return {
    kind: 'ad',
    site: page.site ?? hostOf(resolvedUrl),
    adId: schemaId(identifier) ?? (resolvedUrl ? adIdFromUrl(resolvedUrl) : null) ?? locator.messageId!,
    url: resolvedUrl,
    title: title ?? '',
    body: body ?? '',
    postedUtc: posted.utc,
    postedText: posted.text,
    location,
    price,
    author,
    contacts,
    images,
    extra,
    locator,
  };
}

/** `sku`, `productID` or `identifier` (a text or a PropertyValue). */
function schemaId(v: unknown): string | null {
  if (Array.isArray(v)) return schemaId(v[0]);
  if (isRecord(v)) return textIn(v.value);
  return textIn(v);
}

/** The page's only ad also takes what the page around it shows: its address, time, pictures, phone links. */
function completeFromPage(page: Page, ad: ParsedAd): ParsedAd {
  const single = pageFacts(page, []);
  return {
    ...ad,
    url: ad.url ?? single.url,
    adId: ad.adId === ad.locator.messageId && single.url ? (adIdFromUrl(single.url) ?? ad.adId) : ad.adId,
    site: ad.site ?? hostOf(single.url),
    title: ad.title || single.title || '',
    body: ad.body || single.body || '',
    postedUtc: ad.postedText ? ad.postedUtc : single.posted.utc,
    postedText: ad.postedText ?? single.posted.text,
    contacts: mergeContacts(ad.contacts, single.contacts),
    images: mergeImages(ad.images, single.images),
  };
}

// ---------------------------------------------------------------------------------------------
// (c) listing pages: repeated blocks that each hold a link and text

interface Scored {
  items: HTMLElement[];
  score: number;
  depth: number;
}

const isWebLink = (a: HTMLElement): boolean => {
  const href = a.getAttribute('href')?.trim();
  return Boolean(href) && !/^(#|javascript:)/i.test(href!) && linkContact(href!) === null;
};

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** How much a block looks like one ad: a title, its own text, price/place/time, a picture, a contact. */
function adness(item: HTMLElement): number {
  const inner = [...descendants(item)];
  const links = [item, ...inner].filter((e) => tagOf(e) === 'a' && isWebLink(e));
  if (!links.length) return 0;
  const linkText = links.map((a) => visibleText(a).length).reduce((x, y) => x + y, 0);
  let score = 0;
  if (inner.some((e) => HEADINGS.has(tagOf(e)) || hinted(e, 'title'))) score++;
  if (visibleText(item).length - linkText >= 10) score++;
  if (inner.some((e) => tagOf(e) === 'time' || hinted(e, 'price') || hinted(e, 'location') || hinted(e, 'posted'))) score++;
  if (inner.some((e) => tagOf(e) === 'img')) score++;
  if (tagOf(item) === 'article' || hinted(item, 'ad')) score++;
  if (contactsIn(item).length) score++;
  return score;
}

function listingItems(page: Page): HTMLElement[] {
  const groups: Scored[] = [];
  const visit = (parent: HTMLElement, depth: number): void => {
    const children = elementsOf(parent).filter((c) => !INVISIBLE.has(tagOf(c)) && !hidden(c));
    const bySignature = new Map<string, HTMLElement[]>();
    for (const c of children) {
      const cls = (c.getAttribute('class') ?? '').trim().split(/\s+/)[0] ?? '';
      const key = `${tagOf(c)}.${cls}`;
      bySignature.set(key, [...(bySignature.get(key) ?? []), c]);
    }
    for (const members of bySignature.values()) {
      if (members.length < 2 || outsideAd(members[0]!, { asideToo: true })) continue;
      const scores = members.map(adness);
      const good = members.filter((_, i) => scores[i]! >= 2);
      if (good.length >= 2 && good.length * 2 >= members.length) {
        groups.push({ items: good, score: good.map((g) => scores[members.indexOf(g)]!).reduce((a, b) => a + b, 0) / good.length, depth });
      }
    }
    children.forEach((c) => visit(c, depth + 1));
  };
  visit(page.root, 0);
  // Lists inside lists (days holding ads, ads holding feature lists): the one that looks more like ads wins, the inner one on a tie.
  groups.sort((a, b) => b.score - a.score || b.depth - a.depth);
  const chosen: Scored[] = [];
  for (const g of groups) {
    const overlaps = chosen.some((c) => c.items.some((ci) => g.items.some((gi) => contains(ci, gi) || contains(gi, ci))));
    if (!overlaps) chosen.push(g);
  }
  return chosen.flatMap((g) => g.items).sort((a, b) => a.range[0] - b.range[0]);
}

const firstHinted = (scope: HTMLElement, hint: Hint): HTMLElement | null => [...descendants(scope)].find((e) => hinted(e, hint)) ?? null;

const AD_ID_ATTRIBUTES = ['data-id', 'data-ad-id', 'data-adid', 'data-listing-id', 'data-oglas-id', 'data-item-id', 'data-post-id'];

function listingAd(page: Page, item: HTMLElement): ParsedAd | null {
  const inner = [...descendants(item)];
  const heading = inner.find((e) => HEADINGS.has(tagOf(e))) ?? inner.find((e) => hinted(e, 'title')) ?? null;
  const links = [item, ...inner].filter((e) => tagOf(e) === 'a' && isWebLink(e));
  const titleLink = heading ? ([heading, ...descendants(heading)].find((e) => tagOf(e) === 'a' && isWebLink(e)) ?? null) : null;
  const titleEl = heading ?? links.find((a) => visibleText(a).length >= 3) ?? null;
  const title = titleEl ? (visibleText(titleEl).split('\n')[0] ?? '') : '';
  const link = titleLink ?? (titleEl && tagOf(titleEl) === 'a' ? titleEl : null) ?? links[0] ?? null;
  const url = link ? resolve(page, link.getAttribute('href')!) : null;
  const timeEl = inner.find((e) => tagOf(e) === 'time') ?? firstHinted(item, 'posted');
  const priceEl = firstHinted(item, 'price');
  const locationEl = firstHinted(item, 'location');
  const authorEl = firstHinted(item, 'author');
  // The title element goes only when it is the title alone, not a link wrapping the whole block.
  const skip = new Set([priceEl, locationEl, timeEl, authorEl].filter((e): e is HTMLElement => e !== null));
  if (titleEl && visibleText(titleEl) === title) skip.add(titleEl);
  const body = visibleText(item, skip);
  const contacts = contactsIn(item);
  if (!title && !body && !contacts.length) return null;
  const posted = timeOf(page, timeEl);
  const declaredId = AD_ID_ATTRIBUTES.map((a) => item.getAttribute(a)?.trim()).find(Boolean);
  const path = cssPath(item);
  return {
    kind: 'ad',
    site: page.site ?? hostOf(url),
    adId: declaredId ?? (url ? adIdFromUrl(url) : null) ?? (item.id && /\d/.test(item.id) ? item.id : null) ?? path,
    url,
    title,
    body,
    postedUtc: posted.utc,
    postedText: posted.text,
    location: locationEl ? visibleText(locationEl) || null : null,
    price: priceEl ? visibleText(priceEl) || null : null,
    author: authorEl ? visibleText(authorEl) || null : null,
    contacts,
    images: imagesIn(item),
    extra: {},
    locator: locatorOf(page, path),
  };
}

const DATE_IN_TEXT = /\d{1,2}\.\s?\d{1,2}\.\s?\d{4}\.?(?:\s*(?:u|at|,|-)?\s*\d{1,2}[:.]\d{2})?|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?/;

/** `<time datetime>` is read from its attribute; other date elements from the date inside their text ("Objavljeno: 10.03.2024."). */
function timeOf(page: Page, el: HTMLElement | null): { utc: string | null; text: string | null } {
  if (!el) return { utc: null, text: null };
  const text = visibleText(el) || null;
  const machine = el.getAttribute('datetime')?.trim();
  if (machine) return { utc: parseAdTime(machine, page.timezone).utc, text: text ?? machine };
  if (!text) return { utc: null, text: null };
  const inText = DATE_IN_TEXT.exec(text)?.[0];
  return { utc: inText ? parseAdTime(inText, page.timezone).utc : null, text };
}

// ---------------------------------------------------------------------------------------------
// (d) a single ad's page

const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'br', 'cite', 'code', 'em', 'font', 'i', 'kbd', 'label', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'wbr']);

/** Text an element holds itself (its text and inline children), not that of its blocks. */
function ownText(el: HTMLElement): number {
  let n = 0;
  for (const c of el.childNodes) {
    if (c.nodeType === NodeType.TEXT_NODE) n += (c as TextNode).text.replace(/\s+/g, ' ').trim().length;
    else if (c.nodeType === NodeType.ELEMENT_NODE && INLINE.has(tagOf(c as HTMLElement)) && !hidden(c as HTMLElement)) n += ownText(c as HTMLElement);
  }
  return n;
}

/**
 * The block holding the ad's text, found as readability tools do: each block is credited with its
 * own text and its paragraphs' text, and description-like classes count more. Site chrome, the
 * listing's items and related-ads boxes do not compete.
 */
function mainBlock(page: Page, exclude: HTMLElement[]): { el: HTMLElement; text: string } | null {
  const excluded = new Set(exclude);
  const credit = new Map<HTMLElement, number>();
  const visit = (el: HTMLElement): void => {
    for (const child of elementsOf(el)) {
      const tag = tagOf(child);
      if (INVISIBLE.has(tag) || hidden(child) || excluded.has(child) || CHROME_TAGS.has(tag) || tag === 'aside' || hinted(child, 'chrome') || hinted(child, 'related')) continue;
      if (!INLINE.has(tag) && !HEADINGS.has(tag)) {
        const own = ownText(child) * (hinted(child, 'body') ? 1.5 : 1);
        credit.set(child, (credit.get(child) ?? 0) + own);
        if (tag === 'p' && child.parentNode) credit.set(child.parentNode, (credit.get(child.parentNode) ?? 0) + own);
      }
      visit(child);
    }
  };
  visit(page.root);
  let best: HTMLElement | null = null;
  // On a tie the inner block wins: a lone paragraph, not the body holding it.
  for (const [el, c] of credit) if (c > 0 && (!best || c > credit.get(best)! || (c === credit.get(best) && contains(best, el)))) best = el;
  if (!best) return null;
  const skip = new Set([...excluded, ...[...descendants(best)].filter((e) => tagOf(e) === 'h1')]);
  return { el: best, text: visibleText(best, skip) };
}

interface PageFacts {
  el: HTMLElement;
  title: string | null;
  body: string | null;
  url: string | null;
  posted: { utc: string | null; text: string | null };
  contacts: AdContact[];
  images: AdImageRef[];
  price: string | null;
  location: string | null;
  author: string | null;
}

const outside = (exclude: HTMLElement[], asideToo: boolean) => (el: HTMLElement) => !outsideAd(el, { asideToo }) && !exclude.some((x) => contains(x, el));

/** What the page says about the one ad it shows: meta tags first, then its visible layout. */
function pageFacts(page: Page, exclude: HTMLElement[]): PageFacts {
  const meta = (...names: string[]): string | null => names.map((n) => page.meta.get(n)?.[0]).find(Boolean) ?? null;
  const keep = outside(exclude, true);
  const all = [...descendants(page.root)].filter(keep);
  const h1 = all.find((e) => tagOf(e) === 'h1') ?? null;
  const main = mainBlock(page, exclude);
  const description = meta('og:description', 'twitter:description', 'description');
  const body = main && main.text.length >= (description?.length ?? 0) ? main.text : (description ?? main?.text ?? null);
  // The ad's element: what holds both its heading and its text, as long as that is not the whole page.
  let el = main?.el ?? h1 ?? page.root;
  if (main && h1 && !contains(main.el, h1)) {
    let common: HTMLElement | null = main.el;
    while (common && !contains(common, h1)) common = common.parentNode;
    if (common && tagOf(common) && !['html', 'body'].includes(tagOf(common))) el = common;
  }
  const timeEl = all.find((e) => tagOf(e) === 'time') ?? all.find((e) => hinted(e, 'posted')) ?? null;
  const publishedMeta = meta('article:published_time', 'og:published_time', 'og:article:published_time', 'date', 'pubdate');
  const metaPrice = meta('product:price:amount', 'og:price:amount');
  const priceEl = all.find((e) => hinted(e, 'price'));
  const locationEl = all.find((e) => hinted(e, 'location'));
  const authorEl = all.find((e) => hinted(e, 'author'));
  const ogImages = [...(page.meta.get('og:image') ?? []), ...(page.meta.get('og:image:url') ?? [])].map((ref) => ({ ref }));
  const title = (h1 ? visibleText(h1) : '') || meta('og:title', 'twitter:title') || page.root.querySelector('title')?.text.replace(/\s+/g, ' ').trim() || null;
  return {
    el,
    title,
    body,
    url: page.url,
    posted: publishedMeta ? parseAdTime(publishedMeta, page.timezone) : timeOf(page, timeEl),
    contacts: contactsIn(page.root, outside(exclude, false)),
    images: mergeImages(ogImages, el === page.root ? [] : imagesIn(el, keep).filter((i) => !/\.svg(\?|$)/i.test(i.ref))),
    price: metaPrice ? `${metaPrice}${meta('product:price:currency', 'og:price:currency') ? ` ${meta('product:price:currency', 'og:price:currency')}` : ''}` : priceEl ? visibleText(priceEl) || null : null,
    location: locationEl ? visibleText(locationEl) || null : null,
    author: meta('author', 'article:author') ?? (authorEl ? visibleText(authorEl) || null : null),
  };
}

function singleAd(page: Page, exclude: HTMLElement[]): ParsedAd[] {
  const facts = pageFacts(page, exclude);
  if (!facts.title && !facts.body && !facts.contacts.length) return [];
  const path = facts.el === page.root ? 'html' : cssPath(facts.el);
  return [{
    kind: 'ad',
    site: page.site ?? hostOf(facts.url),
    adId: (facts.url ? adIdFromUrl(facts.url) : null) ?? path,
    url: facts.url,
    title: facts.title ?? '',
    body: facts.body ?? '',
    postedUtc: facts.posted.utc,
    postedText: facts.posted.text,
    location: facts.location,
    price: facts.price,
    author: facts.author,
    contacts: facts.contacts,
    images: facts.images,
    extra: {},
    locator: locatorOf(page, path),
  }];
}
