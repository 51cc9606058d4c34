import { cyrillicToLatin } from '../transliterate';

/**
 * Names of people as they appear in a Western Balkan case: the same human is "Драган Петровић" on
 * Telegram, "Dragan Petrovic" in a saved contact and "Petrović Dragan" in a police record. Three
 * keys, from strict to loose:
 * - folded (`foldName`): script, case, diacritics and punctuation gone, nothing else changed;
 * - phonetic (`phoneticKey`): spelling conventions that write one sound several ways also meet
 *   (đ/dj/d, ѓ/gj, ć/kj/q, š/sh, dž/xh, ks/x, doubled letters);
 * - order-free (`nameKey`): the phonetic tokens sorted, for surname-first records.
 */

/** Letters that NFKD leaves whole (a stroke or a ligature is not a combining mark). */
const WHOLE_LETTERS: Record<string, string> = { đ: 'dj', ð: 'dj', ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ħ: 'h' };
// ð (Icelandic eth) looks exactly like Đ and turns up in names typed on foreign keyboards.
const WHOLE_LETTER = /[đðłøßæœıþħ]/g;
const APOSTROPHES = /['’ʼ`]/g;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/u;
const CYRILLIC = /[\u0400-\u04ff]/;

/** Script, case and diacritics folded; punctuation still in place. */
function foldLetters(text: string): string {
  // NFC first: a decomposed ѓ (г + U+0301) must reach the transliteration table as one letter,
  // and NFKD must come after it, or й and ѓ would lose their marks before being transliterated.
  return cyrillicToLatin(text.normalize('NFC'))
    .toLowerCase()
    .replace(WHOLE_LETTER, (c) => WHOLE_LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '');
}

/** A name in one comparable spelling: Latin script, lower case, no diacritics (đ→dj), no punctuation or emoji, single spaces. */
export function foldName(name: string): string {
  return foldLetters(name).replace(APOSTROPHES, '').split(NOT_LETTER_OR_DIGIT).filter(Boolean).join(' ');
}

/**
 * Titles, dropped only where titles stand: before the name. Single letters are not among them:
 * "G. Petrović" is more often Goran than gospodin, and "Z. Krasniqi" more often Zenel than Zoti.
 */
const HONORIFICS = new Set([
  'gdin', 'gospodin', 'gdja', 'gospodja', 'gospogja', 'gca', 'gdica', 'gospodjica', 'dr', 'mr', 'mrs', 'ms', 'miss', 'sir',
  'ing', 'prof', 'zoti', 'zonja', 'znj',
]);
/** Serbian/Macedonian abbreviations written with a hyphen ("г-дин", "g-đa"): both halves go. */
const HYPHENATED_HONORIFIC = new Set(['din', 'dja', 'gja', 'ca', 'dica']);
/**
 * Words people put in saved contact names beside (or instead of) the name: "Kum Dragan",
 * "Šef", "Goran taxi". They say nothing about who the human is, and left in they would make
 * "Šef" look like a name that contradicts "Dragan Petrović".
 */
const CONTACT_LABELS = new Set([
  'kum', 'kuma', 'sef', 'gazda', 'brat', 'buraz', 'posao', 'tel', 'mob', 'broj', 'viber', 'whatsapp', 'telegram', 'taxi', 'taksi',
]);

/** Spelling conventions for one sound, applied in this order to a folded token. */
const PHONETIC_RULES: Array<[RegExp, string]> = [
  // English-style renderings of č/ć/š/ž ("Petrovich", "Shala", "Dzhordzh")
  [/tch/g, 'c'],
  [/ch/g, 'c'],
  [/sh/g, 's'],
  [/zh/g, 'z'],
  // Albanian xh = dž (Xhaferi / Džaferi); a lone x is ks (Alexandar / Aleksandar)
  [/xh/g, 'dz'],
  [/x/g, 'ks'],
  // đ is written dj, gj (Macedonian ѓ, Albanian gj) or just d when the stroke is dropped
  // (Dordje): the one spelling all three can meet in is d. This is not done in foldName because
  // it loses information: Dukić and Đukić are two real surnames. Folding keeps dj (the usual
  // Serbian ASCII spelling), and a match that needs this key scores lower than a folded one.
  [/dj/g, 'd'],
  [/gj/g, 'd'],
  // ć is written kj (Macedonian ќ) or q (Albanian: Krasniqi / Krasnići)
  [/kj/g, 'c'],
  [/q/g, 'c'],
  [/dh/g, 'd'],
  [/th/g, 't'],
  [/w/g, 'v'],
  // Albanian y is rendered i in Serbian (Ylli / Ili)
  [/y/g, 'i'],
  // Albanian ll/rr and typing slips alike
  [/(.)\1+/g, '$1'],
];

/** Names repeat (a case has thousands of Dragans): the phonetic form of a token is worked out once. */
const phoneticCache = new Map<string, string>();
const PHONETIC_CACHE_SIZE = 50_000;

function phonetic(token: string): string {
  const cached = phoneticCache.get(token);
  if (cached !== undefined) return cached;
  let out = token;
  for (const [re, to] of PHONETIC_RULES) out = out.replace(re, to);
  if (phoneticCache.size >= PHONETIC_CACHE_SIZE) phoneticCache.clear();
  phoneticCache.set(token, out);
  return out;
}

/**
 * Common Serbian/Macedonian diminutives, in phonetic spelling. A diminutive is never proof (Gaga
 * is Dragan or Dragana), so a match only counts as a similar token, never as an equal one.
 */
const DIMINUTIVES: Record<string, readonly string[]> = {
  gaga: ['dragan', 'dragana'], pera: ['petar'], peca: ['petar'], mika: ['milan', 'miroslav', 'mihajlo', 'milos'],
  miki: ['milan', 'mihajlo'], zika: ['zivojin', 'zivorad'], dule: ['dusan'], duca: ['dusan'], sale: ['aleksandar'],
  aca: ['aleksandar'], aco: ['aleksandar'], sasa: ['aleksandar'], boki: ['bojan', 'bogdan'], boban: ['slobodan'],
  bobi: ['slobodan'], ceca: ['svetlana'], jeca: ['jelena'], vlada: ['vladimir', 'vladan'], bane: ['branislav', 'branko'],
  deki: ['dejan'], zoki: ['zoran'], goci: ['goran'], dole: ['dorde'], neso: ['nenad'], nesa: ['nenad'],
  rale: ['radoslav', 'radovan'],
};

const DIMINUTIVE_PAIRS = new Set(Object.entries(DIMINUTIVES).flatMap(([short, full]) => full.flatMap((f) => [`${short} ${f}`, `${f} ${short}`])));

/** One name split into tokens, each in every spelling the comparison needs (parallel arrays). */
export interface PreparedName {
  /** the name as given */
  raw: string;
  /** lower case, original script and diacritics */
  literal: string[];
  /** lower case, Cyrillic transliterated, diacritics kept */
  transliterated: string[];
  /** `foldName` tokens */
  folded: string[];
  /** folded tokens under the phonetic rules */
  phonetic: string[];
  /** whether the name is written (partly) in Cyrillic */
  cyrillic: boolean;
  /** the token lists joined, and the folded/phonetic ones also sorted: comparing names compares these strings */
  keys: { literal: string; transliterated: string; folded: string; phonetic: string; foldedSorted: string; phoneticSorted: string };
}

/** A name tokenised and folded once, so that comparing it against many others does not redo the work. */
export function prepareName(name: string): PreparedName {
  const literal: string[] = [];
  const transliterated: string[] = [];
  const folded: string[] = [];
  for (const rawToken of name.normalize('NFC').toLowerCase().replace(APOSTROPHES, '').split(NOT_LETTER_OR_DIGIT)) {
    if (!rawToken) continue;
    // Folding can split a token (a compatibility character such as ½); its parts share the original.
    const parts = foldName(rawToken).split(' ').filter(Boolean);
    for (const part of parts) {
      literal.push(parts.length === 1 ? rawToken : part);
      transliterated.push(parts.length === 1 ? cyrillicToLatin(rawToken).toLowerCase() : part);
      folded.push(part);
    }
  }
  const keep = folded.map((t) => !/\d/.test(t) && !CONTACT_LABELS.has(t));
  for (let i = 0; i < folded.length; i++) {
    const t = folded[i] ?? '';
    if (t === 'g' && HYPHENATED_HONORIFIC.has(folded[i + 1] ?? '')) {
      keep[i] = false;
      keep[i + 1] = false;
    }
  }
  // Titles stand before a name; past its first word the same letters are more likely part of it.
  for (let i = 0; i < folded.length; i++) {
    if (!keep[i]) continue;
    if (!HONORIFICS.has(folded[i] ?? '')) break;
    keep[i] = false;
  }
  const pick = (tokens: string[]) => tokens.filter((_, i) => keep[i]);
  const prepared = { literal: pick(literal), transliterated: pick(transliterated), folded: pick(folded) };
  const phoneticTokens = prepared.folded.map(phonetic);
  return {
    raw: name,
    ...prepared,
    phonetic: phoneticTokens,
    cyrillic: CYRILLIC.test(name),
    keys: {
      literal: prepared.literal.join(' '),
      transliterated: prepared.transliterated.join(' '),
      folded: prepared.folded.join(' '),
      phonetic: phoneticTokens.join(' '),
      foldedSorted: [...prepared.folded].sort().join(' '),
      phoneticSorted: [...phoneticTokens].sort().join(' '),
    },
  };
}

/** The folded tokens of a name, without titles, contact labels ("kum", "taxi"), emoji or anything with digits. */
export function nameTokens(name: string): string[] {
  return prepareName(name).folded;
}

/** The name in its phonetic spelling, where Đorđe, Djordje and Dordje (and Ѓорѓи, Gjorgji, Đorđi) meet. */
export function phoneticKey(name: string): string {
  return prepareName(name).keys.phonetic;
}

/** An order-free key: "Petrović Dragan" and "Dragan Petrović" share it (sorted phonetic tokens). */
export function nameKey(name: string): string {
  return prepareName(name).keys.phoneticSorted;
}

let hits = new Uint8Array(64);

/**
 * Jaro-Winkler similarity in 0..1, by hand because fastest-levenshtein gives only an edit
 * distance; Jaro-Winkler rewards a shared beginning, which suits names, whose endings vary
 * (-ić/-ic/-ich, -ov/-ovski) more than their starts.
 */
function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  // reused between calls: this runs for every token pair of every compared pair of names
  if (hits.length < a.length + b.length) hits = new Uint8Array(2 * (a.length + b.length));
  const aHit = hits.subarray(0, a.length).fill(0);
  const bHit = hits.subarray(a.length, a.length + b.length).fill(0);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
      if (bHit[j] || a[i] !== b[j]) continue;
      aHit[i] = bHit[j] = 1;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transposed = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aHit[i]) continue;
    while (!bHit[j]) j++;
    if (a[i] !== b[j]) transposed++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transposed / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** How sure each kind of equality is; multiplied by how much of a name there is (`informativeness`). */
const LEVEL = { equal: 1, transliterated: 0.99, folded: 0.97, tokenOrder: 0.95, phonetic: 0.93, phoneticTokenOrder: 0.92 } as const;
/** An initial ("P.") agreeing with a full token ("Petrović"). */
const INITIAL_SIMILARITY = 0.75;
const DIMINUTIVE_SIMILARITY = 0.8;
/** Below this two tokens are different names, not variants (nenad/nemanja ≈ 0.77, marko/mirko ≈ 0.88). */
const TOKEN_MATCH_MIN = 0.8;

/**
 * One letter left out, added or two swapped, inside a word of six letters or more: how names get
 * mistyped on a phone. A changed letter is not accepted, because one changed letter separates
 * real, different names just as often (Petrović / Petković, Marko / Mirko, Arbër / Arben), and
 * neither is a letter added at the end, where Slavic names mark gender (Dragan / Dragana,
 * Stojanov / Stojanova).
 */
function isSlip(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length < 6 || short === long) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (long.length === short.length + 1) return i < short.length && short.slice(i) === long.slice(i + 1);
  if (long.length !== short.length || i + 1 >= short.length) return false;
  return short[i] === long[i + 1] && short[i + 1] === long[i] && short.slice(i + 2) === long.slice(i + 2);
}

/**
 * How much a name says about who someone is: a first name alone ("Dragan", "Gaga") is shared by
 * thousands of people, so it is weak evidence however exactly it matches; an initial counts half.
 */
function informativeness(tokens: readonly string[]): number {
  let words = 0;
  for (const t of tokens) words += t.length > 1 ? 1 : 0.5;
  return words >= 2 ? 1 : words >= 1.5 ? 0.6 : 0.3;
}

function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? INITIAL_SIMILARITY : 0;
  const jw = jaroWinkler(a, b);
  if (jw >= TOKEN_MATCH_MIN) return jw;
  return DIMINUTIVE_PAIRS.has(`${a} ${b}`) ? DIMINUTIVE_SIMILARITY : 0;
}

export type NameMatchReason = 'equal' | 'equal_after_folding' | 'equal_after_transliteration' | 'token_order' | 'fuzzy' | 'none';

/** The outcome of comparing two names, with what the alignment left over (for telling "different names" from "a name and a nickname"). */
export interface NameComparison {
  score: number;
  reason: NameMatchReason;
  /** tokens of each name that found no counterpart in the other */
  unmatchedA: number;
  unmatchedB: number;
  /** tokens that were paired */
  matched: number;
  /** a fuzzy match of two or more words where every word is equal or a single slip of the keyboard (`isSlip`) */
  slipsOnly: boolean;
}

function exactMatch(a: PreparedName, b: PreparedName): [NameMatchReason, number] | null {
  const x = a.keys;
  const y = b.keys;
  if (x.phoneticSorted !== y.phoneticSorted) return null;
  if (x.literal === y.literal) return ['equal', LEVEL.equal];
  // Transliteration is the reason whenever the scripts differ: that is what the analyst needs to
  // see ("Драган Петровић = Dragan Petrovic"), even if diacritics were folded as well.
  const folded = a.cyrillic !== b.cyrillic ? 'equal_after_transliteration' : 'equal_after_folding';
  if (x.transliterated === y.transliterated) return ['equal_after_transliteration', LEVEL.transliterated];
  if (x.folded === y.folded) return [folded, LEVEL.folded];
  if (x.phonetic === y.phonetic) return [folded, LEVEL.phonetic];
  return x.foldedSorted === y.foldedSorted ? ['token_order', LEVEL.tokenOrder] : ['token_order', LEVEL.phoneticTokenOrder];
}

/** Compares two prepared names: exact (at some level of folding), reordered, or the best fuzzy alignment of their tokens. */
export function comparePreparedNames(a: PreparedName, b: PreparedName): NameComparison {
  const na = a.phonetic.length;
  const nb = b.phonetic.length;
  if (!na || !nb) return { score: 0, reason: 'none', unmatchedA: na, unmatchedB: nb, matched: 0, slipsOnly: false };
  const exact = exactMatch(a, b);
  if (exact) return { score: exact[1] * informativeness(a.phonetic), reason: exact[0], unmatchedA: 0, unmatchedB: 0, matched: na, slipsOnly: false };

  // Best alignment of tokens, greedily by similarity: names have a handful of tokens, and greedy
  // equals optimal whenever one pairing dominates, which is the case that matters.
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      const sim = tokenSimilarity(a.phonetic[i] ?? '', b.phonetic[j] ?? '');
      if (sim > 0) pairs.push([i, j, sim]);
    }
  }
  pairs.sort((x, y) => y[2] - x[2]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const matchedTokens: string[] = [];
  let total = 0;
  let slips = true;
  for (const [i, j, sim] of pairs) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
    total += sim;
    const fa = a.folded[i] ?? '';
    const fb = b.folded[j] ?? '';
    if (a.phonetic[i] !== b.phonetic[j] && !isSlip(fa, fb)) slips = false;
    // an initial matched to a full token is still only an initial's worth of information
    const ta = a.phonetic[i] ?? '';
    const tb = b.phonetic[j] ?? '';
    matchedTokens.push(ta.length <= tb.length ? ta : tb);
  }
  const complete = usedA.size === na && usedB.size === nb;
  const result = { unmatchedA: na - usedA.size, unmatchedB: nb - usedB.size, matched: usedA.size, slipsOnly: false };
  if (!total) return { score: 0, reason: 'none', ...result };
  // Extra tokens (a middle name, a second surname) cost half of a token that disagrees.
  const coverage = total / (Math.min(na, nb) + 0.5 * Math.abs(na - nb));
  const score = coverage * informativeness(matchedTokens);
  return { score, reason: 'fuzzy', ...result, slipsOnly: slips && complete && score >= 0.9 };
}

/**
 * How alike two names are (0..1) and why. Case and punctuation never count as a difference;
 * a name of one word scores at most 0.3 however exactly it matches.
 */
export function nameSimilarity(a: string, b: string): { score: number; reason: NameMatchReason } {
  const { score, reason } = comparePreparedNames(prepareName(a), prepareName(b));
  return { score, reason };
}
