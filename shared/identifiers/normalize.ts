import { spellOutNumberWords } from './number-words';

/**
 * Text with obfuscations undone for digit-based matching, plus the map back to the original
 * offsets, so every match can still point at the exact raw text in the evidence.
 */
export interface NormalizedText {
  text: string;
  /** original offset of each character of `text`; one extra entry for the end */
  origin: number[];
}

const KEYCAP = '\u20e3';
const VARIATION_SELECTOR = '\ufe0f';
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060\ufeff]/;

/** Undoes keycap emoji, full-width and other Unicode digits, and letters used as digits (O→0, l/I→1) next to digits. */
export function normalizeForDigits(input: string): NormalizedText {
  const chars: string[] = [];
  const origin: number[] = [];
  let hasDigit = false;
  for (let i = 0; i < input.length; ) {
    const code = input.charCodeAt(i);
    // ASCII is by far the common case: take it as it is.
    if (code < 0x80) {
      if (code >= 48 && code <= 57) hasDigit = true;
      chars.push(input[i]!);
      origin.push(i);
      i += 1;
      continue;
    }
    const cp = input.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const here = i;
    i += ch.length;
    if (INVISIBLE.test(ch) || ch === VARIATION_SELECTOR || ch === KEYCAP) continue;
    if (ch === '\u00a0' || ch === '\u202f' || ch === '\u2007') {
      chars.push(' ');
      origin.push(here);
      continue;
    }
    // Full-width ASCII forms (＋, （, －, Ｏ …) as their ASCII letters.
    if (cp >= 0xff01 && cp <= 0xff5e) {
      const ascii = String.fromCharCode(cp - 0xfee0);
      if (ascii >= '0' && ascii <= '9') hasDigit = true;
      chars.push(ascii);
      origin.push(here);
      continue;
    }
    // Any Unicode decimal digit (full-width, Arabic-Indic, …) becomes ASCII.
    if (/\p{Nd}/u.test(ch)) {
      const v = Number.parseInt(ch.normalize('NFKC'), 10);
      if (!Number.isNaN(v)) {
        hasDigit = true;
        chars.push(String(v));
        origin.push(here);
        continue;
      }
    }
    // One entry per UTF-16 unit, so offsets into the joined text index `origin` directly.
    for (let k = 0; k < ch.length; k++) {
      chars.push(ch[k]!);
      origin.push(here + k);
    }
  }
  origin.push(input.length);
  // Letters standing in for digits only count inside digit runs: "O64 l23 4567", not "Oglas".
  if (hasDigit) {
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c !== 'O' && c !== 'o' && c !== 'I' && c !== 'l' && c !== '|') continue;
      const prev = nearestNonSpace(chars, i, -1);
      const next = nearestNonSpace(chars, i, 1);
      const digitNear = (prev !== null && /[0-9]/.test(prev)) || (next !== null && /[0-9]/.test(next));
      const letterNear = /[A-Za-z]/.test(chars[i - 1] ?? '') || /[A-Za-z]/.test(chars[i + 1] ?? '');
      if (digitNear && !letterNear) chars[i] = c === 'O' || c === 'o' ? '0' : '1';
    }
  }
  return spellOutNumberWords({ text: chars.join(''), origin });
}

function nearestNonSpace(chars: string[], i: number, dir: 1 | -1): string | null {
  for (let j = i + dir; j >= 0 && j < chars.length && Math.abs(j - i) <= 2; j += dir) {
    if (chars[j] !== ' ' && chars[j] !== '-' && chars[j] !== '.') return chars[j]!;
  }
  return null;
}
