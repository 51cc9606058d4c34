/**
 * One spelling for text that people write many ways: script (Serbian/Macedonian Cyrillic or
 * Latin), case, diacritics (typed or left out on a phone keyboard), styled or keycap digits,
 * invisible characters, and punctuation/emoji noise. Matching code compares the folded strings,
 * never the originals.
 */
import { cyrillicToLatin } from '../transliterate';

/**
 * Letters NFKD leaves whole (they are not a base letter plus a mark), spelled as people type them
 * without the key: "Đorđe" is written "Djordje", "Łódź" "Lodz".
 */
const UNDECOMPOSED: Record<string, string> = {
  đ: 'dj', ð: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', ı: 'i', þ: 'th', ħ: 'h', ŧ: 't', ŀ: 'l',
};
const UNDECOMPOSED_RE = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');
/**
 * Dropped without leaving a word break: combining marks (after NFKD every diacritic, the keycap
 * U+20E3 and the emoji variation selector U+FE0F are marks) and format characters — zero-width
 * spaces and joiners, soft hyphens — which people slip inside words to dodge filters.
 */
const INVISIBLE = /^[\p{M}\p{Cf}]+$/u;
const MARKS = /\p{M}+/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/**
 * The folded form of one code point: its letters/digits, '' if it vanishes, ' ' if it separates
 * words. Decomposition and case mapping act code point by code point, so folding each one alone
 * and joining the results is the same as folding the whole text — except Greek final sigma, which
 * this way folds to σ like every other sigma, as matching wants.
 */
function foldCodePoint(ch: string): string {
  if (INVISIBLE.test(ch)) return '';
  let s = cyrillicToLatin(ch).toLowerCase();
  s = s.replace(UNDECOMPOSED_RE, (c) => UNDECOMPOSED[c] ?? c).normalize('NFKD').replace(MARKS, '');
  // Compatibility forms can decompose to upper case ("ℍ" → "H").
  s = s.toLowerCase().replace(NOT_LETTER_OR_DIGIT, ' ');
  return s === '' ? ' ' : s;
}

/**
 * Folded code points, filled on first use: Unicode normalisation is by far the slowest step, and
 * an ad uses a few dozen distinct characters. Below U+3000 (all alphabets we expect) in an array,
 * the rest (emoji, CJK) in a map.
 */
const DENSE_LIMIT = 0x3000;
const dense: Array<string | undefined> = new Array(DENSE_LIMIT);
const sparse = new Map<number, string>();

function folded(cp: number): string {
  if (cp < DENSE_LIMIT) return (dense[cp] ??= foldCodePoint(String.fromCharCode(cp)));
  let s = sparse.get(cp);
  if (s === undefined) sparse.set(cp, (s = foldCodePoint(String.fromCodePoint(cp))));
  return s;
}

/** Output buffer of UTF-16 units, reused: folding allocates only the result string. */
let out = new Uint16Array(1024);

/**
 * `text` folded for matching: Serbian/Macedonian Cyrillic transliterated to Latin, lower case,
 * diacritics, marks and zero-width characters removed, đ/ß/æ/ø/ł spelled out, styled and keycap
 * digits made ASCII, every run of other characters one space, trimmed.
 */
export function foldForMatching(text: string): string {
  const n = text.length;
  let len = 0;
  let pendingSpace = false;
  for (let i = 0; i < n; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    const piece = folded(cp);
    // A piece is at most a few units long ("dj", "1 2" for "½"), but may hold spaces.
    if (len + piece.length + 1 > out.length) {
      const grown = new Uint16Array(out.length * 2 + piece.length);
      grown.set(out);
      out = grown;
    }
    for (let j = 0; j < piece.length; j++) {
      const c = piece.charCodeAt(j);
      if (c === 0x20) {
        pendingSpace = len > 0;
        continue;
      }
      if (pendingSpace) {
        out[len++] = 0x20;
        pendingSpace = false;
      }
      out[len++] = c;
    }
  }
  return decode(out, len);
}

const utf16 = new TextDecoder('utf-16le');

function decode(units: Uint16Array, len: number): string {
  return utf16.decode(units.subarray(0, len));
}
