import type { NormalizedText } from './normalize';

/**
 * Number words people type to hide a phone number from scrapers ("six02 twotwoeight",
 * "nine seven three …", "šest četiri"), in English, BHS (Latin and Cyrillic), Macedonian and
 * Albanian. No library reads these; they are only turned into digits inside runs that are
 * phone-length, so ordinary words ("for", "to", "pet") stay words elsewhere.
 */
const WORDS: Record<string, string> = {
  zero: '0', one: '1', two: '2', to: '2', too: '2', three: '3', four: '4', for: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  ten: '10', eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17', eighteen: '18', nineteen: '19',
  nula: '0', jedan: '1', jedna: '1', dva: '2', dve: '2', dvije: '2', tri: '3', četiri: '4', cetiri: '4', pet: '5', šest: '6', sest: '6', sedam: '7', osam: '8', devet: '9',
  нула: '0', један: '1', еден: '1', два: '2', три: '3', четири: '4', пет: '5', шест: '6', седам: '7', седум: '7', осам: '8', осум: '8', девет: '9',
  një: '1', nje: '1', dy: '2', tre: '3', katër: '4', kater: '4', pesë: '5', pese: '5', gjashtë: '6', gjashte: '6', shtatë: '7', shtate: '7', tetë: '8', tete: '8', nëntë: '9', nente: '9',
};
const LONGEST = Math.max(...Object.keys(WORDS).map((w) => w.length));
/** First two letters of every number word: most tokens fail this test at once. */
const PREFIXES = new Set(Object.keys(WORDS).map((w) => w.slice(0, 2)));

/**
 * True when `text` holds a token made wholly of number words ("pet", "twotwoeight"): a cheap
 * gate before the tokenizer. Runs on nearly every chat line, so it walks the text by hand and only
 * tries the (costly) alternation at word starts whose first two letters begin some number word.
 */
const WORD_ALTERNATION = Object.keys(WORDS).sort((a, b) => b.length - a.length).join('|');
const LETTER = 'A-Za-z\\u00c0-\\u024f\\u0400-\\u04ff';
const NUMBER_WORD_AT = new RegExp(`(?:${WORD_ALTERNATION})+(?![${LETTER}])`, 'iy');
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c <= 0x24f) || (c >= 0x400 && c <= 0x4ff);

export function mayHoldNumberWords(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (!isLetter(text.charCodeAt(i))) continue;
    if (PREFIXES.has(text.slice(i, i + 2).toLowerCase())) {
      NUMBER_WORD_AT.lastIndex = i;
      if (NUMBER_WORD_AT.test(text)) return true;
    }
    while (i + 1 < text.length && isLetter(text.charCodeAt(i + 1))) i += 1;
  }
  return false;
}

/** Splits a letter token wholly into number words ("twotwoeight" → 228), or null. */
function segment(token: string): string | null {
  const lower = token.toLowerCase();
  if (!PREFIXES.has(lower.slice(0, 2))) return null;
  const memo = new Map<number, string | null>();
  const from = (i: number): string | null => {
    if (i === lower.length) return '';
    if (memo.has(i)) return memo.get(i)!;
    let result: string | null = null;
    for (let len = Math.min(LONGEST, lower.length - i); len >= 2 && result === null; len--) {
      const digits = WORDS[lower.slice(i, i + len)];
      if (digits !== undefined) {
        const rest = from(i + len);
        if (rest !== null) result = digits + rest;
      }
    }
    memo.set(i, result);
    return result;
  };
  return from(0);
}

const TOKEN = /\p{L}+|\d+/gu;
const SEPARATOR = /^[\s.\-'’_*$,/()~=+]{0,3}$/;
const MIN_RUN_DIGITS = 7;

/** Rewrites number words to digits inside phone-length runs, keeping the offset map. */
export function spellOutNumberWords(input: NormalizedText): NormalizedText {
  const text = input.text;
  const tokens: Array<{ start: number; end: number; digits: string | null }> = [];
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const isDigits = /^\d+$/.test(m[0]);
    tokens.push({ start: m.index, end: m.index + m[0].length, digits: isDigits ? m[0] : segment(m[0]) });
  }
  const replace = new Map<number, { end: number; digits: string }>();
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i]!.digits === null) {
      i += 1;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length && tokens[j + 1]!.digits !== null && SEPARATOR.test(text.slice(tokens[j]!.end, tokens[j + 1]!.start))) j += 1;
    const run = tokens.slice(i, j + 1);
    const total = run.reduce((n, t) => n + t.digits!.length, 0);
    if (total >= MIN_RUN_DIGITS && run.some((t) => !/^\d+$/.test(text.slice(t.start, t.end)))) {
      for (const t of run) if (!/^\d+$/.test(text.slice(t.start, t.end))) replace.set(t.start, { end: t.end, digits: t.digits! });
    }
    i = j + 1;
  }
  if (replace.size === 0) return input;
  let out = '';
  const origin: number[] = [];
  for (let k = 0; k < text.length; ) {
    const r = replace.get(k);
    if (r) {
      out += r.digits;
      for (let d = 0; d < r.digits.length; d++) origin.push(input.origin[k]!);
      k = r.end;
    } else {
      out += text[k];
      origin.push(input.origin[k]!);
      k += 1;
    }
  }
  origin.push(input.origin[text.length]!);
  return { text: out, origin };
}
