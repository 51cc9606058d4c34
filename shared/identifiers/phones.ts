import { parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { normalizeForDigits } from './normalize';
import { mayHoldNumberWords } from './number-words';
import type { IdentifierOccurrence } from './types';

export interface PhoneOptions {
  /** regions to read national numbers in, most likely first (source hints, then the case default) */
  regions: CountryCode[];
}

// A run of digits with the separators people type between groups; '+', '00' or '(' may open it.
const CANDIDATE = /(?:\+\s?|(?<![\w])00\s?)?(?:\(\s?\+?\d{1,4}\s?\)\s?)?\d(?:[ \t.\-/(),'’_*$~=]{0,3}\d){5,}/g;
const CURRENCY_AFTER = /^\s?(?:€|\$|eur|euro|evra|usd|usdt|din|dinara|rsd|km|bam|kn|lek|all|mkd|ден|денари|chf|gbp|£|k\b|000\b)/i;
const CURRENCY_BEFORE = /(?:€|\$|£|eur|usd|cijena|cena|price|iznos|plata|plaća)\s?:?\s?$/i;
const ORDER_BEFORE = /(?:#|(?:order|narudžb\w*|porudžbin\w*|račun\w*|faktur\w*|invoice|tracking|id|iban|swift|ref\w*|pošiljk\w*)(?:\s+(?:br\.?|broj|no\.?|nr\.?|number|#))?)\s?:?\s?$/i;
const DATE_LIKE = /^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2})\.?$/;
const TIME_RANGE = /^\d{1,2}[.:]\d{2}\s?-\s?\d{1,2}[.:]\d{2}$/;

/**
 * Numbers of Kosovo operators issued before +383 existed (Monaco and Slovenia codes for mobiles,
 * Serbian area codes for landlines), rewritten to +383 as they are dialled today.
 */
const KOSOVO_LEGACY: Array<[RegExp, string]> = [
  [/^\+377(4[4-6]\d{6})$/, '+383$1'],
  [/^\+386(4[3-9]\d{6})$/, '+383$1'],
  [/^\+381(28\d{6,7}|29\d{6,7}|38\d{6,7}|39\d{6,7}|290\d{5})$/, '+383$1'],
];

function kosovoToday(e164: string): string | null {
  for (const [re, to] of KOSOVO_LEGACY) {
    if (re.test(e164)) {
      const mapped = e164.replace(re, to);
      const p = parsePhoneNumberFromString(mapped);
      return p?.isValid() ? p.number : null;
    }
  }
  return null;
}

/** Parses repeat: chats quote the same few numbers again and again. */
const parseCache = new Map<string, { phone: PhoneNumber; confidence: number } | null>();

function tryParse(candidate: string, regions: CountryCode[]): { phone: PhoneNumber; confidence: number } | null {
  const key = `${regions.join(',')}|${candidate}`;
  const cached = parseCache.get(key);
  if (cached !== undefined) return cached;
  const result = tryParseUncached(candidate, regions);
  if (parseCache.size > 50_000) parseCache.clear();
  parseCache.set(key, result);
  return result;
}

function tryParseUncached(candidate: string, regions: CountryCode[]): { phone: PhoneNumber; confidence: number } | null {
  // "+381 (0)64 …": the trunk 0 must go once a country code is there.
  let s = candidate.replace(/^(\+\s?\d{1,3})\s?\(0\)/, '$1').replace(/^00\s?/, '+');
  s = s.replace(/[^\d+]/g, '');
  if (s.startsWith('+')) {
    const p = parsePhoneNumberFromString(s);
    if (p?.isValid()) return { phone: p, confidence: 0.95 };
    const kosovo = kosovoToday(s);
    const k = kosovo ? parsePhoneNumberFromString(kosovo) : undefined;
    return k ? { phone: k, confidence: 0.9 } : null;
  }
  for (const [i, region] of regions.entries()) {
    const p = parsePhoneNumberFromString(s, region);
    if (p?.isValid()) return { phone: p, confidence: i === 0 ? 0.9 : 0.75 };
  }
  return null;
}

/**
 * Reads several numbers typed in one run ("0601234567 0641234567"): the longest leading groups
 * that form a valid number, then the same on the rest.
 */
function greedyGroups(text: string, regions: CountryCode[]): Array<{ offset: number; length: number; phone: PhoneNumber; confidence: number }> {
  const groups: Array<{ offset: number; end: number }> = [];
  const re = /\+?\d+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) groups.push({ offset: m.index, end: m.index + m[0].length });
  const found: Array<{ offset: number; length: number; phone: PhoneNumber; confidence: number }> = [];
  let i = 0;
  while (i < groups.length) {
    let hit: { j: number; phone: PhoneNumber; confidence: number } | null = null;
    for (let j = groups.length - 1; j >= i; j--) {
      const slice = text.slice(groups[i]!.offset, groups[j]!.end);
      if (slice.replace(/\D/g, '').length < 6) break;
      const p = tryParse(slice, regions);
      if (p) {
        hit = { j, ...p };
        break;
      }
    }
    if (hit) {
      found.push({ offset: groups[i]!.offset, length: groups[hit.j]!.end - groups[i]!.offset, phone: hit.phone, confidence: hit.confidence * 0.95 });
      i = hit.j + 1;
    } else {
      i += 1;
    }
  }
  return found;
}

/** Splits "09921488 433/ 0888866 5466" into the numbers either side of a slash or comma. */
function splitAlternatives(candidate: string): Array<{ text: string; offset: number }> {
  const parts: Array<{ text: string; offset: number }> = [];
  const re = /[^/,]+/g;
  for (let m = re.exec(candidate); m; m = re.exec(candidate)) {
    const lead = m[0].length - m[0].trimStart().length;
    const text = m[0].trim();
    if (text) parts.push({ text, offset: m.index + lead });
  }
  return parts;
}

/** Finds phone numbers, also obfuscated ones, and returns them in E.164. */
/**
 * A phone needs seven digits after de-obfuscation; letters (O, l) stand in for a few at most and
 * number words are gated separately. Most chat lines fail this cheap test and skip the rest.
 */
function mayHoldPhone(input: string): boolean {
  let digits = 0;
  let other = false;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits >= 5) return true;
    } else if ((c >= 0x660 && c <= 0x1fff) || (c >= 0xff10 && c <= 0xff19)) other = true;
  }
  // Rare: digits of other scripts (full-width, Arabic-Indic, …); count all digits the slow way.
  if (other && (input.match(/\p{Nd}/gu)?.length ?? 0) >= 5) return true;
  return mayHoldNumberWords(input);
}

export function extractPhones(input: string, options: PhoneOptions): IdentifierOccurrence[] {
  if (!mayHoldPhone(input)) return [];
  const norm = normalizeForDigits(input);
  const text = norm.text;
  const out: IdentifierOccurrence[] = [];
  const emit = (startN: number, endN: number, e164: string, confidence: number) => {
    const start = norm.origin[startN]!;
    const end = norm.origin[endN]!;
    out.push({ kind: 'phone', value: e164, raw: input.slice(start, end), start, end, confidence });
  };

  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    let raw = m[0].replace(/[ \t.\-/(,'’_*$~=]+$/, '');
    const start = m.index;
    const before = text.slice(Math.max(0, start - 16), start);
    const after = text.slice(start + raw.length, start + raw.length + 8);
    // Glued to letters or more digits (IBAN, order codes, hashes): not a phone.
    if (/[A-Za-z0-9]$/.test(before) || /^[0-9]/.test(after)) continue;
    if (/^[A-Za-z]/.test(after) && raw.replace(/\D/g, '').length < 9) continue;
    if (DATE_LIKE.test(raw) || TIME_RANGE.test(raw)) continue;
    if (CURRENCY_AFTER.test(after) || CURRENCY_BEFORE.test(before) || ORDER_BEFORE.test(before)) continue;
    if (/^[\d.,]+$/.test(raw) && /[.,]\d{2}$/.test(raw) && !/\d{3}[.,]\d{3}[.,]\d{2,}/.test(raw)) continue; // 1.234,50
    raw = raw.replace(/^\((?!\s?\+?\d{1,4}\s?\))/, '');

    const whole = tryParse(raw, options.regions);
    if (whole) {
      const e164 = kosovoToday(whole.phone.number) ?? whole.phone.number;
      emit(start, start + raw.length, e164, whole.confidence);
      continue;
    }
    for (const part of splitAlternatives(raw)) {
      const p = tryParse(part.text, options.regions);
      if (p) {
        emit(start + part.offset, start + part.offset + part.text.length, kosovoToday(p.phone.number) ?? p.phone.number, p.confidence);
        continue;
      }
      for (const g of greedyGroups(part.text, options.regions)) {
        const at = start + part.offset + g.offset;
        emit(at, at + g.length, kosovoToday(g.phone.number) ?? g.phone.number, g.confidence);
      }
    }
  }
  return out;
}
