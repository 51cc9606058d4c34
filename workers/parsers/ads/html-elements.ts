/**
 * Reading the elements of a saved page: the text a reader sees, a short CSS path to point at an
 * element, what its class names hint at (price, place, contact…), and the contacts and pictures
 * inside it. Shared by the ways `ads-html.ts` finds ads in a page.
 */
import { NodeType, parse, type HTMLElement, type Node, type TextNode } from 'node-html-parser';
import type { AdContact, AdImageRef } from './ad-records';

export const tagOf = (el: HTMLElement): string => (el.rawTagName ?? '').toLowerCase();
export const elementsOf = (node: Node): HTMLElement[] => node.childNodes.filter((c): c is HTMLElement => c.nodeType === NodeType.ELEMENT_NODE);

export const INVISIBLE = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'select', 'option', 'textarea', 'iframe', 'object']);
const BLOCK = new Set(['address', 'article', 'aside', 'blockquote', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul']);

export const hidden = (el: HTMLElement): boolean => el.hasAttribute('hidden') || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.getAttribute('style') ?? '');

/** What a reader sees: no scripts or hidden elements, spaces collapsed, one line per block and `<br>`. */
export function visibleText(node: Node, skip: ReadonlySet<HTMLElement> = new Set()): string {
  const out: string[] = [];
  const walk = (n: Node): void => {
    if (n.nodeType === NodeType.TEXT_NODE) {
      out.push((n as TextNode).text.replace(/\s+/g, ' '));
      return;
    }
    if (n.nodeType !== NodeType.ELEMENT_NODE) return;
    const el = n as HTMLElement;
    const tag = tagOf(el);
    if (INVISIBLE.has(tag) || skip.has(el) || (tag && hidden(el))) return;
    if (tag === 'br') return void out.push('\n');
    const block = BLOCK.has(tag);
    if (block) out.push('\n');
    el.childNodes.forEach(walk);
    if (block) out.push('\n');
    else if (tag === 'td' || tag === 'th') out.push(' ');
  };
  walk(node);
  return out.join('').split('\n').map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim()).filter(Boolean).join('\n');
}

/** HTML inside a JSON-LD text (job descriptions often are), sometimes escaped once more. */
export function fragmentText(text: string): string {
  let t = text;
  if (/&lt;\/?[a-z]/i.test(t)) t = parse(t).text;
  return /<\/?[a-z][^>]*>/i.test(t) ? visibleText(parse(t)) : t.trim();
}

/** `main>div.listing>article.ad:nth-of-type(3)`; an element with an id starts the path. */
export function cssPath(el: HTMLElement): string {
  const parts: string[] = [];
  for (let e: HTMLElement | null = el; e && tagOf(e) && tagOf(e) !== 'html' && tagOf(e) !== 'body'; e = e.parentNode) {
    const tag = tagOf(e);
    if (e.id && /^[\w-]+$/.test(e.id)) {
      parts.unshift(`${tag}#${e.id}`);
      break;
    }
    const cls = (e.getAttribute('class') ?? '').split(/\s+/).find((c) => /^[\w-]+$/.test(c));
    const same = e.parentNode ? elementsOf(e.parentNode).filter((s) => tagOf(s) === tag) : [e];
    parts.unshift(`${tag}${cls ? `.${cls}` : ''}${same.length > 1 ? `:nth-of-type(${same.indexOf(e) + 1})` : ''}`);
  }
  return parts.join('>') || tagOf(el) || 'html';
}

/** The words of an element's class and id: `listing-item__price adPrice` → listing, item, price, ad, price. */
function hintWords(el: HTMLElement): string[] {
  return `${el.getAttribute('class') ?? ''} ${el.id ?? ''}`.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** Words of class names and ids that say what an element holds, in English and the languages of the region. */
const HINTS = {
  price: /^(price|prices|pricing|cijena|cijene|cena|cene|plata|placa|plaća|salary|cmimi|çmimi|wage|iznos|цена|цијена|плата)$/,
  location: /^(location|lokacija|grad|city|mjesto|mesto|place|address|adresa|region|town|qyteti|vendndodhja|локација|град|место)$/,
  posted: /^(date|datum|time|vrijeme|vreme|posted|objavljeno|published|created|datetime|датум)$/,
  author: /^(author|seller|korisnik|prodavac|oglasivac|oglašivač|user|username|poster|autor|корисник)$/,
  title: /^(title|naslov|heading|headline|наслов)$/,
  contact: /^(phone|telefon|tel|mob|mobile|mobitel|contact|kontakt|viber|whatsapp|telegram|email|mail|телефон|контакт)$/,
  body: /^(description|desc|opis|text|tekst|content|body|excerpt|summary|snippet|details|опис)$/,
  ad: /^(ad|ads|oglas|oglasi|listing|advert|classified|offer|result|job|card|post)$/,
  chrome: /^(nav|navbar|navigation|menu|header|footer|breadcrumb|breadcrumbs|pagination|pager|cookie|cookies|social|share|tabs|filter|filters|sort)$/,
  related: /^(related|similar|slicni|slični|recommended|preporuceno|preporučeno|sidebar)$/,
} as const;

export type Hint = keyof typeof HINTS;
export const hinted = (el: HTMLElement, hint: Hint): boolean => hintWords(el).some((w) => HINTS[hint].test(w));
export const CHROME_TAGS = new Set(['nav', 'header', 'footer']);

/**
 * Site navigation, header and footer hold the site's links and e-mails, not an ad's; a "similar
 * ads" box holds other ads. An `<aside>` counts as well when looking for the ad's own text, but
 * not for contacts: the seller's box with the phone is often one.
 */
export function outsideAd(el: HTMLElement, { asideToo }: { asideToo: boolean }): boolean {
  for (let e: HTMLElement | null = el; e && tagOf(e); e = e.parentNode) {
    if (CHROME_TAGS.has(tagOf(e)) || hinted(e, 'chrome') || hinted(e, 'related')) return true;
    if (asideToo && tagOf(e) === 'aside') return true;
  }
  return false;
}

export function* descendants(el: HTMLElement): Generator<HTMLElement> {
  for (const child of elementsOf(el)) {
    yield child;
    yield* descendants(child);
  }
}

export const contains = (outer: HTMLElement, inner: HTMLElement): boolean => {
  for (let e: HTMLElement | null = inner; e; e = e.parentNode) if (e === outer) return true;
  return false;
};

// ---------------------------------------------------------------------------------------------
// Contacts and images inside an element

/** A link that is itself a contact: `tel:`, `sms:`, `mailto:`, WhatsApp, Telegram, Viber. */
export function linkContact(href: string): AdContact | null {
  const h = href.trim();
  const scheme = /^(tel|sms|mailto):([^?]+)/i.exec(h);
  if (scheme) {
    let value = scheme[2]!;
    try {
      value = decodeURIComponent(value);
    } catch {
      // kept as written
    }
    return { field: scheme[1]!.toLowerCase(), value: value.trim() };
  }
  if (/^viber:/i.test(h)) return { field: 'viber', value: h };
  if (/^(https?:\/\/)?(wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com)\//i.test(h) || /^whatsapp:/i.test(h)) return { field: 'whatsapp', value: h };
  if (/^(https?:\/\/)?(t\.me|telegram\.me)\//i.test(h) || /^tg:/i.test(h)) return { field: 'telegram', value: h };
  return null;
}

const CONTACT_ATTRIBUTES = /^data-(phone|tel|telefon|mobile|number|whatsapp|viber|telegram|email)$/i;

/** Contact links, `data-phone`-like attributes and the text of contact-classed elements, each once. */
export function contactsIn(scope: HTMLElement, keep: (el: HTMLElement) => boolean = () => true): AdContact[] {
  const out: AdContact[] = [];
  const seen = new Set<string>();
  const add = (c: AdContact) => {
    const key = `${c.field}\u0000${c.value}`;
    if (c.value && !seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  };
  for (const el of [scope, ...descendants(scope)]) {
    if (!keep(el) || hidden(el)) continue;
    const href = tagOf(el) === 'a' ? el.getAttribute('href') : undefined;
    const link = href ? linkContact(href) : null;
    if (link) add(link);
    for (const [name, value] of Object.entries(el.attributes)) if (CONTACT_ATTRIBUTES.test(name) && value.trim()) add({ field: name.toLowerCase(), value: value.trim() });
    // The innermost contact element is the precise one: `div.contact > span.phone` gives the phone.
    if (el !== scope && hinted(el, 'contact') && ![...descendants(el)].some((d) => hinted(d, 'contact'))) {
      const text = visibleText(el);
      const word = hintWords(el).find((w) => HINTS.contact.test(w))!;
      if (text && text.length <= 200) add({ field: word, value: text });
    }
  }
  return out;
}

/**
 * Picture references as the page gives them, not resolved against its address: a saved page
 * points at its own `…_files/` folder, which the ingest looks up beside the capture.
 */
export function imagesIn(scope: HTMLElement, keep: (el: HTMLElement) => boolean = () => true): AdImageRef[] {
  const refs: string[] = [];
  for (const img of [scope, ...descendants(scope)]) {
    if (tagOf(img) !== 'img' || !keep(img)) continue;
    // Lazy-loading pages put a placeholder in src and the picture in a data attribute.
    const src = [img.getAttribute('src'), img.getAttribute('data-src'), img.getAttribute('data-lazy-src'), img.getAttribute('data-original')].find((s) => s && s.trim() && !/^data:/i.test(s.trim()));
    if (src) refs.push(src.trim());
  }
  return [...new Set(refs)].map((ref) => ({ ref }));
}

export function mergeContacts(a: AdContact[], b: AdContact[]): AdContact[] {
  const seen = new Set(a.map((c) => `${c.field}\u0000${c.value}`));
  return [...a, ...b.filter((c) => !seen.has(`${c.field}\u0000${c.value}`))];
}

export function mergeImages(a: AdImageRef[], b: AdImageRef[]): AdImageRef[] {
  const seen = new Set(a.map((i) => i.ref));
  return [...a, ...b.filter((i) => !seen.has(i.ref))];
}
