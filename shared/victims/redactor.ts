import { cyrillicToLatin } from '../transliterate';

/** One victim as the redactor needs it: the pseudonym, what to hide, and the nodes shown under it. */
export interface RedactedVictim {
  pseudonym: string;
  /** names, identifiers and their written forms that must never be shown */
  terms: string[];
  /**
   * words of the victim's names, hidden on their own and with a case ending: BHS inflects names
   * (Jelena → Jeleni, Jelenom; Marković → Markoviću), so a name word of 4+ letters also hides
   * with up to three letters after it
   */
  nameWords?: string[];
  /** the nodes masked under the pseudonym, with the value each is shown as (`V-001`, `V-001 phone 1`) */
  nodes?: Array<{ id: number; value: string; masked: string }>;
}

/** Letters that NFKD leaves whole, as shared/names folds them, so `Đorđević` meets `Djordjevic`. */
const WHOLE_LETTERS: Record<string, string> = { đ: 'dj', ð: 'dj', ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ħ: 'h' };
const MARK = /^\p{M}+$/u;
// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included
const ASCII = /^[\x00-\x7f]*$/;
/** What people put between the digits of a phone number: spaces, dots, dashes, slashes, brackets. */
const SEP = '[\\s.\\-/()\\u00a0]*';
/** A term that is a phone number as written: digits with the usual separators, maybe a leading +. */
const PHONE_LIKE = /^\+?[\d\s().\-/\u00a0]+$/;
/** Shorter terms would mask ordinary words and numbers (a 3-letter name, a year). */
const MIN_TEXT_TERM = 3;
const MIN_PHONE_DIGITS = 6;

/** Folded forms of the code points seen so far: a graph of 10,000 labels repeats few letters. */
const FOLDED = new Map<string, string>();

/** One code point folded: Cyrillic to Latin, lower case, diacritics gone (đ → dj). */
function foldChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : c;
  let folded = FOLDED.get(c);
  if (folded === undefined) {
    const latin = cyrillicToLatin(c).toLowerCase();
    let out = '';
    for (const ch of latin) out += WHOLE_LETTERS[ch] ?? ch;
    folded = out.normalize('NFKD').replace(/\p{M}+/gu, '');
    FOLDED.set(c, folded);
  }
  return folded;
}

/** A string folded like the text it is looked for in. */
function foldTerm(term: string): string {
  let out = '';
  for (const c of term.normalize('NFC')) out += foldChar(c);
  return out;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Pattern {
  source: string;
  /** how much of the text it covers: longer terms win where two start at the same place */
  weight: number;
  pseudonym: string;
}

/** The pattern of one term, or null when it is too short to hide safely. */
function patternOf(term: string, pseudonym: string, inflected = false): Pattern | null {
  const t = term.trim();
  if (PHONE_LIKE.test(t)) {
    const digits = t.replace(/\D/g, '');
    if (digits.length < MIN_PHONE_DIGITS) return null;
    // +381 64…, 00381 64…, 381 64…: an international number may be written with either prefix or
    // none, and with the trunk zero in brackets after the country code (+381 (0)64…).
    const international = t.startsWith('+');
    const prefix = international ? `(?:(?:\\+|00)${SEP})?` : '';
    const between = international ? `(?:${SEP}\\(0\\))?${SEP}` : SEP;
    return { source: `(?<![\\d+])${prefix}${[...digits].join(between)}(?!\\d)`, weight: digits.length, pseudonym };
  }
  const folded = foldTerm(t).replace(/\s+/g, ' ');
  if ([...folded].length < MIN_TEXT_TERM) return null;
  // Words of a name may be joined by any run of spaces, dots, underscores or dashes.
  // An inflected name word: its stem (a final vowel is the case ending: Jelena → Jelen-i, Jelen-om) and up to three letters.
  const inflect = inflected && [...folded].length >= 4;
  const stem = inflect ? folded.replace(/[aeiou]$/, '') : folded;
  const body = stem.split(' ').map(escapeRegex).join('[\\s._\\-]+');
  return { source: `(?<![\\p{L}\\p{N}])${body}${inflect ? '\\p{L}{0,3}' : ''}(?![\\p{L}\\p{N}])`, weight: folded.length, pseudonym };
}

/**
 * Hides flagged victims: text loses every name and identifier of a victim (whatever the case,
 * diacritics or script, longest term first, phone numbers in any usual written form) in favour
 * of the pseudonym, and nodes of a victim show the pseudonym instead of their value. Pure: the
 * case store builds it from the victims' real identities.
 */
export class Redactor {
  private readonly pattern: RegExp | null;
  private readonly pseudonyms: string[];
  private readonly byNode = new Map<number, { masked: string; pseudonym: string }>();
  private readonly byValue = new Map<string, string>();

  constructor(victims: RedactedVictim[]) {
    const patterns: Pattern[] = [];
    const seen = new Set<string>();
    for (const v of victims) {
      for (const [term, inflected] of [...v.terms.map((t) => [t, false] as const), ...(v.nameWords ?? []).map((t) => [t, true] as const)]) {
        const p = patternOf(term, v.pseudonym, inflected);
        if (!p || seen.has(p.source)) continue;
        seen.add(p.source);
        patterns.push(p);
      }
      for (const n of v.nodes ?? []) {
        if (this.byNode.has(n.id)) continue;
        this.byNode.set(n.id, { masked: n.masked, pseudonym: v.pseudonym });
        this.byValue.set(n.value, n.masked);
      }
    }
    // Alternation tries alternatives in order, so the longest term that fits at a place wins.
    patterns.sort((a, b) => b.weight - a.weight || a.source.localeCompare(b.source));
    this.pseudonyms = patterns.map((p) => p.pseudonym);
    this.pattern = patterns.length ? new RegExp(patterns.map((p) => `(${p.source})`).join('|'), 'gu') : null;
  }

  /** True when there is nothing to hide. */
  get isEmpty(): boolean {
    return this.pattern === null && this.byNode.size === 0;
  }

  /** The text with every victim term replaced by the victim's pseudonym. */
  text(s: string): string {
    if (!this.pattern || !s) return s;
    if (ASCII.test(s)) return this.textAscii(s);
    // Match on a folded copy and map each match back to the original characters it came from.
    const chars = [...s];
    const starts: number[] = [];
    let folded = '';
    const origin: number[] = [];
    let pos = 0;
    for (let i = 0; i < chars.length; i++) {
      starts.push(pos);
      const f = foldChar(chars[i]!);
      for (let k = 0; k < f.length; k++) origin.push(i);
      folded += f;
      pos += chars[i]!.length;
    }
    starts.push(pos);
    let out = '';
    let last = 0;
    this.pattern.lastIndex = 0;
    for (const m of folded.matchAll(this.pattern)) {
      if (m[0].length === 0) continue;
      const first = origin[m.index];
      let end = origin[m.index + m[0].length - 1];
      if (first === undefined || end === undefined || first < last) continue;
      end += 1;
      // A combining mark after the last letter belongs to it.
      while (end < chars.length && MARK.test(chars[end]!)) end += 1;
      const group = m.findIndex((g, i) => i > 0 && g !== undefined);
      out += s.slice(starts[last], starts[first]) + (this.pseudonyms[group - 1] ?? 'V-???');
      last = end;
    }
    return last === 0 ? s : out + s.slice(starts[last]);
  }

  /** Most values and labels are plain ASCII: folding is lower-casing, and offsets stay where they are. */
  private textAscii(s: string): string {
    let out = '';
    let last = 0;
    for (const m of s.toLowerCase().matchAll(this.pattern!)) {
      if (m[0].length === 0 || m.index < last) continue;
      const group = m.findIndex((g, i) => i > 0 && g !== undefined);
      out += s.slice(last, m.index) + (this.pseudonyms[group - 1] ?? 'V-???');
      last = m.index + m[0].length;
    }
    return last === 0 ? s : out + s.slice(last);
  }

  /** A canonical value as shown: a victim node's masked value, otherwise the value with victim terms hidden. */
  value(v: string): string {
    return this.byValue.get(v) ?? this.text(v);
  }

  /** The pseudonym a node is shown under, or null when it is not a victim's. */
  victimOf(nodeId: number): string | null {
    return this.byNode.get(nodeId)?.pseudonym ?? null;
  }

  /** A graph node as shown: a victim's node under its pseudonym, any other with victim terms hidden. */
  maskNode<T extends { id: number; value: string; label: string | null }>(node: T): T & { victim: string | null } {
    const own = this.byNode.get(node.id);
    if (own) return { ...node, value: own.masked, label: own.pseudonym, victim: own.pseudonym };
    const victim = 'victim' in node && typeof node.victim === 'string' ? node.victim : null;
    if (!this.pattern) return { ...node, victim };
    return { ...node, value: this.text(node.value), label: node.label === null ? null : this.text(node.label), victim };
  }
}
