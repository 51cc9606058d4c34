import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { comparePreparedNames, prepareName, type NameComparison, type NameMatchReason, type PreparedName } from '../../shared/names/fold-name';

/**
 * Entity resolution: pairs of accounts and persons that are probably one human, each with a score
 * and the reasons behind it, for an analyst to accept or reject. Nothing merges here.
 *
 * Evidence must stand up in court, so precision comes before recall: at the default threshold a
 * suggestion needs a shared phone, e-mail or handle, or a full name of at least two words that is
 * the same after transliteration/folding (or differs by a typing slip). Names that are merely
 * similar ("Marko"/"Mirko", "Jovanović"/"Jovanovski", "Dragan"/"Dragana") are different names as
 * often as they are typos, and a first name alone is shared by thousands: they only ever add to
 * other evidence.
 */

export interface ResolutionCandidate {
  /** node id */
  id: number;
  kind: 'account' | 'person';
  names: string[];
  /** canonical identifier values the node uses: phones, e-mails, handles, wallets */
  identifiers: string[];
  platform?: string | null;
}

export type SuggestionReasonCode = 'shared_identifier' | 'same_name' | 'same_name_transliterated' | 'same_name_folded' | 'similar_name' | 'token_order';

export interface SuggestionReason {
  code: SuggestionReasonCode;
  /** for the analyst: "+381641234567", "Драган Петровић = Dragan Petrovic", "Nikola Stankovć ≈ Nikola Stanković (0.99; a typing slip)" */
  detail: string;
  weight: number;
}

export interface Suggestion {
  /** node ids, a < b */
  a: number;
  b: number;
  /** 0..1 */
  score: number;
  /** strongest first */
  reasons: SuggestionReason[];
}

/**
 * Weights, combined by noisy-or (1 − Π(1 − w)). Calibrated on test/fixtures/resolution: every
 * suggestion needs one piece of evidence at or above DEFAULT_MIN_SCORE on its own, and only a
 * shared phone/e-mail/handle or a full-name match reaches it.
 */
const IDENTIFIER_WEIGHT = {
  // a phone, an e-mail address or a handle belongs to one account holder
  personal: 0.9,
  // wallets and bank accounts are lent, shared by a group and run by money mules: they tie people
  // together in the graph (through the identifier node) but do not make them one human
  payment: 0.5,
  // a landline rings in a household or an office: several people answer it
  fixedLine: 0.5,
  // ad URLs and the like: two nodes from one ad are not one human
  other: 0.3,
} as const;
/** × the name score (1 for an equal multi-word name, ≤0.3 for a single word) */
const SAME_NAME_WEIGHT = 0.7;
/** × the name score; at most 0.5, so similar names alone never make a suggestion */
const SIMILAR_NAME_WEIGHT = 0.5;
/**
 * × the name score for a full name whose only differences are slips of the keyboard (a letter
 * left out, added or swapped inside a long word): "Nikola Stankovć". Such slips rarely turn one
 * real name into another, so this is close to an equal name (≈0.62), below any exact match.
 */
const SLIPPED_NAME_WEIGHT = 0.63;
/**
 * Two accounts on the same platform are two different accounts (the platform gave them different
 * ids), though one human may well run both: a burner next to the main account. Only a full-name
 * match may suggest them, and lower than the same name across platforms.
 */
const SAME_PLATFORM_FACTOR = 0.9;
/**
 * Both sides list phones and none is shared: the names coincide, the phones say otherwise (two
 * "Marko Jovanović"). People do use several phones, so this halves the name evidence rather than
 * vetoing it; shared e-mails or handles are not discounted — they are direct evidence.
 */
const CONFLICTING_PHONES_FACTOR = 0.5;
/**
 * A shared identifier under names that share no word at all. A controller posts ads for several
 * women with his own phone ("Maja", "Lena"); a phone changes hands. The phone node already links
 * them in the graph; "same human" is what the names contradict, so below the default threshold.
 * (Labels such as "Šef" or "Kum" are not names: nameTokens drops them, and no name cannot disagree.)
 */
const IDENTIFIER_WEIGHT_NAMES_DISAGREE = 0.45;
/**
 * Some words agree, some do not: a saved contact "Goran Taxi Beč" for Goran Pavlović, but also a
 * husband and wife on one line. Still suggested, ranked lower.
 */
const IDENTIFIER_WEIGHT_NAMES_PARTLY_DISAGREE = 0.7;

/**
 * Between what must pass and what must not: the weakest full-name match (two accounts of one
 * platform, names equal only phonetically and reordered: 0.7·0.92·0.9 ≈ 0.58) and a typing slip
 * (0.63 × a name score ≥ 0.9) pass; similar names (≤ 0.5), a phone under contradicting names
 * (0.45) and a shared landline with only a shared surname (≈ 0.54) do not. On the corpus any
 * value from 0.54 to 0.60 gives the same suggestions (precision 0.98, recall 0.90).
 */
export const DEFAULT_MIN_SCORE = 0.55;

/**
 * Blocks larger than this are skipped: a first name alone, or a phone on hundreds of nodes (a
 * hotline, a spam number), says nothing about which of them are one human, and comparing all
 * pairs would make the engine quadratic exactly where the answer is least useful. A pair in a
 * skipped block can still meet through a rarer key (its full name, another identifier). In an
 * incremental run a block is measured over existing + added, so a block that grows past the cap
 * stops producing new pairs; those it produced while small remain suggested.
 */
const BLOCK_CAP = 100;

/** Platforms whose accounts carry an id the platform guarantees (Telegram user id, Instagram account…). */
const STABLE_ID_PLATFORMS = new Set(['telegram', 'messenger', 'instagram', 'signal', 'discord', 'facebook', 'tiktok', 'viber']);

const PHONE = /^\+\d{6,15}$/;
const EMAIL = /^[^\s@:]+@[^\s@]+$/;
const PAYMENT = /^(?:btc|btc-testnet|ltc|eth|xmr|trx|usdt|doge|bch|sol):|^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;
const HANDLE = /^[a-z]+:[^/]/;

function identifierWeightUncached(value: string): number {
  if (PHONE.test(value)) return parsePhoneNumberFromString(value)?.getType() === 'FIXED_LINE' ? IDENTIFIER_WEIGHT.fixedLine : IDENTIFIER_WEIGHT.personal;
  if (EMAIL.test(value)) return IDENTIFIER_WEIGHT.personal;
  if (PAYMENT.test(value)) return IDENTIFIER_WEIGHT.payment;
  if (HANDLE.test(value) && !/^https?:/.test(value)) return IDENTIFIER_WEIGHT.personal;
  return IDENTIFIER_WEIGHT.other;
}

/** Weights of the identifiers seen in one run: parsing a phone to learn its type is the dearest step per pair. */
type IdentifierWeights = Map<string, number>;

function identifierWeight(value: string, cache: IdentifierWeights): number {
  let weight = cache.get(value);
  if (weight === undefined) {
    weight = identifierWeightUncached(value);
    cache.set(value, weight);
  }
  return weight;
}

interface Prepared {
  candidate: ResolutionCandidate;
  names: PreparedName[];
  identifiers: Set<string>;
  phones: string[];
  /** the platform, when the node is an account with a platform-guaranteed id */
  stablePlatform: string | null;
}

function prepare(candidate: ResolutionCandidate): Prepared {
  const seen = new Set<string>();
  const names: PreparedName[] = [];
  for (const raw of candidate.names) {
    const name = prepareName(raw);
    const key = name.keys.literal;
    if (!name.folded.length || seen.has(key)) continue;
    seen.add(key);
    names.push(name);
  }
  const identifiers = new Set(candidate.identifiers);
  const phones = [...identifiers].filter((v) => PHONE.test(v));
  const platform = candidate.platform?.toLowerCase() ?? null;
  // A WhatsApp account is its phone number; one known only by its saved name (no phone) is keyed
  // by that name within one export and has no stable id.
  const stable = candidate.kind === 'account' && platform !== null && (STABLE_ID_PLATFORMS.has(platform) || (platform === 'whatsapp' && phones.length > 0));
  return { candidate, names, identifiers, phones, stablePlatform: stable ? platform : null };
}

/** The highest weight a pair can reach through each kind of block if it shares no other key. */
const SLIP_BLOCK_MAX = SLIPPED_NAME_WEIGHT;
const FUZZY_BLOCK_MAX = SIMILAR_NAME_WEIGHT;
const SINGLE_WORD_BLOCK_MAX = SAME_NAME_WEIGHT * 0.3;
/** Words of a name that take part in blocking: beyond a few, a name is a list, not a name. */
const MAX_BLOCKING_TOKENS = 6;

/**
 * Blocking keys. Every pair that can reach `minScore` shares at least one of them, so the pairs
 * compared are those sharing a key, never all pairs. Looser keys are used only when the threshold
 * is low enough for what they find to matter:
 * - `i:` an identifier value;
 * - `n:` the order-free phonetic key of a name of two or more words (every exact name match);
 * - `s:`/`p:` (minScore ≤ 0.63, typing slips) one word exactly plus the first three letters of
 *   another, and the first three letters of two words: a slip past the third letter keeps a key
 *   (a slip within the first three letters of a word goes unseen);
 * - `e:` (minScore ≤ 0.5, similar names) one word exactly plus the initial of another: "Dragan P.";
 * - `t:` (minScore ≤ 0.21) each word alone, i.e. every Dragan with every Dragan: the cap keeps
 *   common first names out.
 */
function blockingKeys(p: Prepared, minScore: number): string[] {
  const keys = new Set<string>();
  for (const id of p.identifiers) keys.add(`i:${id}`);
  const slips = minScore <= SLIP_BLOCK_MAX;
  const initials = minScore <= FUZZY_BLOCK_MAX;
  const single = minScore <= SINGLE_WORD_BLOCK_MAX;
  for (const name of p.names) {
    const tokens = name.phonetic.slice(0, MAX_BLOCKING_TOKENS);
    if (tokens.length >= 2) keys.add(`n:${name.keys.phoneticSorted}`);
    if (single) for (const t of tokens) if (t.length > 1) keys.add(`t:${t}`);
    if (!slips) continue;
    for (let i = 0; i < tokens.length; i++) {
      const ti = tokens[i] ?? '';
      if (ti.length < 2) continue;
      for (let j = 0; j < tokens.length; j++) {
        const tj = tokens[j] ?? '';
        if (i === j) continue;
        if (initials) keys.add(`e:${ti}|${tj.charAt(0)}`);
        if (tj.length < 2) continue;
        keys.add(`s:${ti}|${tj.slice(0, 3)}`);
        if (i < j) {
          const [x, y] = [ti.slice(0, 3), tj.slice(0, 3)].sort();
          keys.add(`p:${x}|${y}`);
        }
      }
    }
  }
  return [...keys];
}

const NAME_CODE: Record<Exclude<NameMatchReason, 'none'>, SuggestionReasonCode> = {
  equal: 'same_name',
  equal_after_transliteration: 'same_name_transliterated',
  equal_after_folding: 'same_name_folded',
  token_order: 'token_order',
  fuzzy: 'similar_name',
};

const round = (x: number) => Math.round(x * 1000) / 1000;

interface BestNames {
  comparison: NameComparison;
  a: PreparedName;
  b: PreparedName;
  /** every pair of names leaves a word unmatched on both sides */
  disagree: boolean;
  /** no pair of names shares a single word */
  disagreeFully: boolean;
}

function compareNames(x: Prepared, y: Prepared): BestNames | null {
  let best: BestNames | null = null;
  let agreeSomewhere = false;
  let shareAWord = false;
  for (const a of x.names) {
    for (const b of y.names) {
      const comparison = comparePreparedNames(a, b);
      if (comparison.unmatchedA === 0 || comparison.unmatchedB === 0) agreeSomewhere = true;
      if (comparison.matched > 0) shareAWord = true;
      if (!best || comparison.score > best.comparison.score) best = { comparison, a, b, disagree: false, disagreeFully: false };
    }
  }
  if (best) {
    best.disagree = !agreeSomewhere;
    best.disagreeFully = !shareAWord;
  }
  return best;
}

/** The evidence for one pair (x before y by node id), or null when it has none. */
function scorePair(x: Prepared, y: Prepared, weights: IdentifierWeights): Suggestion | null {
  const reasons: SuggestionReason[] = [];
  const names = compareNames(x, y);
  const [fewer, more] = x.identifiers.size <= y.identifiers.size ? [x.identifiers, y.identifiers] : [y.identifiers, x.identifiers];
  const sharedIds: string[] = [];
  for (const v of fewer) if (more.has(v)) sharedIds.push(v);
  sharedIds.sort();

  for (const value of sharedIds) {
    let weight = identifierWeight(value, weights);
    let detail = value;
    if (names?.disagreeFully) {
      weight = Math.min(weight, IDENTIFIER_WEIGHT_NAMES_DISAGREE);
      detail += ` (but the names differ: ${names.a.raw} / ${names.b.raw})`;
    } else if (names?.disagree) {
      weight = Math.min(weight, IDENTIFIER_WEIGHT_NAMES_PARTLY_DISAGREE);
      detail += ` (names differ in part: ${names.a.raw} / ${names.b.raw})`;
    }
    reasons.push({ code: 'shared_identifier', detail, weight });
  }

  if (names && names.comparison.reason !== 'none') {
    const { score, reason } = names.comparison;
    const exact = reason !== 'fuzzy';
    const fullName = exact && score >= 0.9;
    const samePlatform = x.stablePlatform !== null && x.stablePlatform === y.stablePlatform && sharedIds.length === 0;
    // Two accounts of one platform with nothing in common but a name: only a full name may speak.
    // (samePlatform implies no shared identifier, so there is nothing else to report)
    if (samePlatform && !fullName) return null;
    const slipped = names.comparison.slipsOnly;
    let weight = (exact ? SAME_NAME_WEIGHT : slipped ? SLIPPED_NAME_WEIGHT : SIMILAR_NAME_WEIGHT) * score;
    const notes: string[] = exact ? [] : [score.toFixed(2)];
    if (slipped) notes.push('a typing slip');
    if (score < 0.35) notes.push(exact ? 'a single word: weak' : 'one word in common: weak');
    if (samePlatform) {
      weight *= SAME_PLATFORM_FACTOR;
      notes.push(`two different ${x.stablePlatform} accounts`);
    }
    const phonesConflict = x.phones.length > 0 && y.phones.length > 0 && !x.phones.some((p) => y.identifiers.has(p));
    if (phonesConflict) {
      weight *= CONFLICTING_PHONES_FACTOR;
      notes.push(`but different phones: ${x.phones.join(', ')} / ${y.phones.join(', ')}`);
    }
    const detail = `${names.a.raw} ${exact ? '=' : '≈'} ${names.b.raw}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    reasons.push({ code: NAME_CODE[reason], detail, weight });
  }
  return reasons.length ? finish(x, y, reasons) : null;
}

function finish(x: Prepared, y: Prepared, reasons: SuggestionReason[]): Suggestion {
  let none = 1;
  for (const r of reasons) {
    r.weight = round(r.weight);
    none *= 1 - r.weight;
  }
  reasons.sort((p, q) => q.weight - p.weight || p.code.localeCompare(q.code) || p.detail.localeCompare(q.detail));
  return { a: x.candidate.id, b: y.candidate.id, score: round(1 - none), reasons };
}

/**
 * Pairs among `added`, and between `added` and `existing`, that are probably one human, best
 * first. Existing × existing is never compared: those pairs were scored when they were added, so
 * feeding a case in batches gives the same suggestions as feeding it at once.
 */
export function suggestResolutions(existing: ResolutionCandidate[], added: ResolutionCandidate[], options?: { minScore?: number }): Suggestion[] {
  const minScore = options?.minScore ?? DEFAULT_MIN_SCORE;
  const all = [...existing, ...added].map(prepare);
  const first = existing.length;

  const addedKeys: string[][] = [];
  const wanted = new Set<string>();
  for (let i = first; i < all.length; i++) {
    const keys = blockingKeys(all[i] as Prepared, minScore);
    addedKeys.push(keys);
    for (const k of keys) wanted.add(k);
  }
  // Only keys some added node has can produce a pair; existing nodes are indexed under those alone.
  const blocks = new Map<string, number[]>();
  for (let i = 0; i < all.length; i++) {
    const keys = i < first ? blockingKeys(all[i] as Prepared, minScore) : (addedKeys[i - first] ?? []);
    for (const k of keys) {
      if (!wanted.has(k)) continue;
      const block = blocks.get(k);
      if (block) block.push(i);
      else blocks.set(k, [i]);
    }
  }

  const out: Suggestion[] = [];
  const weights: IdentifierWeights = new Map();
  // seenBy[j] = i + 1 once j has been taken as a partner of i: a pair in several blocks is scored once
  const seenBy = new Int32Array(all.length);
  const partners: number[] = [];
  for (let i = first; i < all.length; i++) {
    partners.length = 0;
    for (const k of addedKeys[i - first] ?? []) {
      const block = blocks.get(k);
      if (!block || block.length > BLOCK_CAP) continue;
      // Members are in index order: stopping at i pairs each added node with existing ones and
      // with the added ones before it, so every pair is seen once.
      for (const j of block) {
        if (j >= i) break;
        if (seenBy[j] === i + 1) continue;
        seenBy[j] = i + 1;
        partners.push(j);
      }
    }
    const pi = all[i] as Prepared;
    for (const j of partners) {
      const pj = all[j] as Prepared;
      if (pi.candidate.id === pj.candidate.id) continue;
      const [x, y] = pi.candidate.id < pj.candidate.id ? [pi, pj] : [pj, pi];
      const s = scorePair(x, y, weights);
      if (s && s.score >= minScore) out.push(s);
    }
  }
  return out.sort((p, q) => q.score - p.score || p.a - q.a || p.b - q.b);
}
