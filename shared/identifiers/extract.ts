import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { extractWallets } from './crypto';
import { extractIbans } from './iban';
import { extractPhones } from './phones';
import type { IdentifierOccurrence } from './types';
import { extractWeb } from './web';

export type { IdentifierOccurrence, IdentifierKind } from './types';

export interface ExtractOptions {
  /** phone regions, most likely first: the source's hints, then the case default (e.g. RS) */
  regions: CountryCode[];
}

/** wa.me/381…, viber://chat?number=%2B381…: links that carry a phone number. */
function phoneFromLink(url: URL): string | null {
  let digits: string | null = null;
  if (url.hostname === 'wa.me' || url.hostname === 'api.whatsapp.com') digits = url.pathname.replace(/\D/g, '') || url.searchParams.get('phone');
  if (url.protocol === 'viber:') digits = url.searchParams.get('number');
  if (!digits) return null;
  const p = parsePhoneNumberFromString(digits.startsWith('+') ? digits : `+${digits.replace(/\D/g, '')}`);
  return p?.isValid() ? p.number : null;
}

const overlaps = (a: IdentifierOccurrence, b: IdentifierOccurrence) => a.start < b.end && b.start < a.end;

/** True when `text` has `min` letters or digits in a row: every wallet address does (≥ 14). */
function hasAlnumRun(text: string, min: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      if (++run >= min) return true;
    } else run = 0;
  }
  return false;
}

const IBAN_START = /[A-Za-z]{2}\d{2}/;
const NONE: IdentifierOccurrence[] = [];

/**
 * Every identifier in a text, each with its canonical value and exact place. Digits that belong
 * to an IBAN, a wallet, an e-mail or a URL are never read as a phone.
 */
export function extractIdentifiers(text: string, options: ExtractOptions): IdentifierOccurrence[] {
  // Cheap gates first: most chat lines hold no identifier, and each full extractor costs a regex
  // pass or more over the text.
  const ibans = IBAN_START.test(text) ? extractIbans(text) : NONE;
  const wallets = hasAlnumRun(text, 14) ? extractWallets(text) : NONE;
  const web = /[@/]|www\./i.test(text) ? extractWeb(text).filter((w) => !wallets.some((x) => overlaps(x, w))) : NONE;
  const taken = [...ibans, ...wallets, ...web.filter((w) => w.kind !== 'handle')];
  const linked: IdentifierOccurrence[] = [];
  for (const w of web) {
    if (w.kind !== 'url') continue;
    const phone = phoneFromLink(new URL(w.value));
    if (phone) linked.push({ kind: 'phone', value: phone, raw: w.raw, start: w.start, end: w.end, confidence: 1 });
  }
  const phones = extractPhones(text, options).filter((p) => !taken.some((t) => overlaps(t, p)));
  return [...ibans, ...wallets, ...web, ...linked, ...phones].sort((a, b) => a.start - b.start || a.kind.localeCompare(b.kind));
}
