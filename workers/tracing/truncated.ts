/**
 * Chats quote addresses the way wallets display them, cut in the middle (`TWLz…tWVQ`). Such a
 * fragment cannot be a wallet identifier by itself, but against the addresses already in the case
 * it often points to exactly one. Several matches are reported as such: picking one would be a
 * guess presented as a fact.
 */

export interface TruncatedMatch {
  /** the fragment as written */
  raw: string;
  /** UTF-16 offsets in the text, end exclusive, as the identifier extractors report them */
  start: number;
  end: number;
  /** canonical addresses that fit, sorted; empty when nothing known fits */
  candidates: string[];
}

const ELLIPSIS = '(?:…|\\.{2,3})';
const B58 = '[1-9A-HJ-NP-Za-km-z]';
const HEX = '[0-9a-fA-F]';
const BECH32 = '[02-9ac-hj-np-z]';
const NOT_BEFORE = '(?<![A-Za-z0-9])';
const NOT_AFTER = '(?![A-Za-z0-9])';

interface Family {
  /** canonical prefix of the addresses this family completes to */
  canonical: string;
  /** only some canonical values of the chain belong to the family (bech32 vs base58 Bitcoin) */
  accepts: (address: string) => boolean;
  pattern: RegExp;
  /** what is compared: hex and bech32 are case-insensitive, base58 is not */
  fold: (s: string) => string;
  /** the shortest prefix the pattern guarantees, so it can key the index */
  minPrefix: number;
}

const identity = (s: string) => s;
const lower = (s: string) => s.toLowerCase();

const FAMILIES: Family[] = [
  {
    canonical: 'eth:',
    accepts: (a) => a.startsWith('0x'),
    pattern: new RegExp(`${NOT_BEFORE}(0x${HEX}{2,})${ELLIPSIS}(${HEX}{2,})${NOT_AFTER}`, 'g'),
    fold: lower,
    minPrefix: 4,
  },
  {
    canonical: 'tron:',
    accepts: (a) => a.startsWith('T'),
    pattern: new RegExp(`${NOT_BEFORE}(T${B58}{2,})${ELLIPSIS}(${B58}{2,})${NOT_AFTER}`, 'g'),
    fold: identity,
    minPrefix: 3,
  },
  {
    canonical: 'btc:',
    accepts: (a) => a.startsWith('bc1'),
    pattern: new RegExp(`${NOT_BEFORE}(bc1${BECH32}{2,})${ELLIPSIS}(${BECH32}{2,})${NOT_AFTER}`, 'gi'),
    fold: lower,
    minPrefix: 5,
  },
  {
    canonical: 'btc:',
    accepts: (a) => a.startsWith('1') || a.startsWith('3'),
    pattern: new RegExp(`${NOT_BEFORE}([13]${B58}{2,})${ELLIPSIS}(${B58}{2,})${NOT_AFTER}`, 'g'),
    fold: identity,
    minPrefix: 3,
  },
];

const SUFFIX_KEY = 2;

/** Known addresses per family, keyed by their shortest guaranteed prefix and suffix. */
function buildIndex(known: Iterable<string>): Map<Family, Map<string, Array<{ canonical: string; folded: string }>>> {
  const index = new Map<Family, Map<string, Array<{ canonical: string; folded: string }>>>();
  for (const f of FAMILIES) index.set(f, new Map());
  const seen = new Set<string>();
  for (const canonical of known) {
    if (seen.has(canonical)) continue;
    seen.add(canonical);
    for (const f of FAMILIES) {
      if (!canonical.startsWith(f.canonical)) continue;
      const address = canonical.slice(f.canonical.length);
      if (!f.accepts(address) || address.length < f.minPrefix + SUFFIX_KEY) continue;
      const folded = f.fold(address);
      const key = `${folded.slice(0, f.minPrefix)}|${folded.slice(-SUFFIX_KEY)}`;
      const byKey = index.get(f)!;
      const list = byKey.get(key);
      if (list) list.push({ canonical, folded });
      else byKey.set(key, [{ canonical, folded }]);
    }
  }
  return index;
}

/** Truncated addresses in a text (`0x12ab…9f0e`, `TWLz...tWVQ`) with the known addresses they can stand for. */
export function completeTruncated(text: string, known: Iterable<string>): TruncatedMatch[] {
  const index = buildIndex(known);
  const out: TruncatedMatch[] = [];
  for (const f of FAMILIES) {
    const byKey = index.get(f)!;
    const re = new RegExp(f.pattern.source, f.pattern.flags);
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const prefix = f.fold(m[1]!);
      const suffix = f.fold(m[2]!);
      const list = byKey.get(`${prefix.slice(0, f.minPrefix)}|${suffix.slice(-SUFFIX_KEY)}`) ?? [];
      const candidates = list
        // the ellipsis hides at least one character, so prefix and suffix cannot overlap
        .filter((k) => k.folded.length > prefix.length + suffix.length && k.folded.startsWith(prefix) && k.folded.endsWith(suffix))
        .map((k) => k.canonical)
        .sort();
      out.push({ raw: m[0], start: m.index, end: m.index + m[0].length, candidates });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
