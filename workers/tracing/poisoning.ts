/**
 * Address poisoning: an attacker generates an address whose first and last characters match one
 * the victim really pays, then plants it in the victim's history (a zero-value `transferFrom`, a
 * dust payment, a fake token) hoping the victim copies it from there next time. Wallets show
 * addresses truncated, so matching ends is all the attacker needs and all we look for.
 *
 * Ethereum and TRON only: Bitcoin's poisoning exists but its address forms need other ends.
 */
import type { ParsedTransfer } from '../parsers/transfers/transfer-records';

export type PoisoningReason = 'lookalike' | 'zero-value' | 'dust';

export interface PoisoningFinding {
  /** the planted address (canonical) */
  suspect: string;
  /** the real counterparty it imitates, or null for a zero-value transfer with no look-alike in the case */
  lookalikeOf: string | null;
  victim: string;
  tx: string;
  /** the transfer's index inside the transaction, so a finding points at one transfer */
  index: string;
  utc: string;
  reason: PoisoningReason;
  confidence: number;
  detail: string;
}

export interface PoisoningOptions {
  /** characters compared after `0x` / `T` */
  prefixLength?: number;
  suffixLength?: number;
  /** a zero/dust transfer this soon after a real one between the victim and the imitated address is the classic pattern */
  windowMs?: number;
  /** per asset (`ETH`, `erc20:eth:0x…`): amounts in base units below this are dust */
  dustBelow?: Record<string, string>;
  /** otherwise dust is below 10^(decimals - dustDecimals), i.e. 0.001 of a unit by default */
  dustDecimals?: number;
}

export const POISONING_CONFIDENCE = {
  /** zero/dust from a look-alike within the window after a real transfer */
  plantedSoonAfter: 0.95,
  /** the victim later paid the look-alike after it was planted: the attack worked */
  paidAfterPlanting: 0.95,
  plantedLater: 0.85,
  /** a look-alike sends the victim a token the victim never used with the original: a fake USDT */
  fakeToken: 0.85,
  /** a real transfer with a look-alike and nothing planted: could be a vanity coincidence */
  lookalikeOnly: 0.6,
  /** a zero-value token transfer and no look-alike: also airdrop spam */
  zeroValueOnly: 0.5,
} as const;

const DEFAULTS = { prefixLength: 4, suffixLength: 4, windowMs: 24 * 3600_000, dustDecimals: 3 };

type Kind = 'real' | 'zero' | 'dust';

interface Edge {
  t: ParsedTransfer;
  kind: Kind;
  ms: number;
}

/** The part of a canonical address that is compared, or null when the chain is not covered. */
function body(address: string): { chain: string; text: string } | null {
  if (address.startsWith('eth:0x')) return { chain: 'eth', text: address.slice(6).toLowerCase() };
  if (address.startsWith('tron:T')) return { chain: 'tron', text: address.slice(6) };
  return null;
}

function lookalikeKey(address: string, prefix: number, suffix: number): string | null {
  const b = body(address);
  if (!b || b.text.length < prefix + suffix) return null;
  return `${b.chain}:${b.text.slice(0, prefix)}|${suffix > 0 ? b.text.slice(-suffix) : ''}`;
}

function formatDelay(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 120) return `${min} min`;
  const h = Math.round(min / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}

/** Look-alike, zero-value and dust transfers that point to address poisoning, sorted by time. */
export function detectPoisoning(transfers: Iterable<ParsedTransfer>, options: PoisoningOptions = {}): PoisoningFinding[] {
  const o = { ...DEFAULTS, ...options };
  const dustLimit = (t: ParsedTransfer): bigint => {
    const own = o.dustBelow?.[t.asset];
    if (own !== undefined) return BigInt(own);
    return 10n ** BigInt(Math.max(t.decimals - o.dustDecimals, 0));
  };

  // Per address: every transfer it took part in, and its real counterparties indexed by look-alike key.
  const edges = new Map<string, Edge[]>();
  const realByKey = new Map<string, Map<string, Set<string>>>();
  const realCount = new Map<string, number>();
  const addEdge = (a: string, e: Edge) => {
    const list = edges.get(a);
    if (list) list.push(e);
    else edges.set(a, [e]);
  };
  for (const t of transfers) {
    if (t.status !== 'ok' || (t.chain !== 'eth' && t.chain !== 'tron')) continue;
    if (!body(t.from) || !body(t.to) || t.from === t.to) continue;
    let amount: bigint;
    try {
      amount = BigInt(t.amount);
    } catch {
      continue;
    }
    // a native 0-value transaction is an ordinary contract call; only token events of 0 are planted
    if (amount === 0n && t.type !== 'token') continue;
    const kind: Kind = amount === 0n ? 'zero' : amount < dustLimit(t) ? 'dust' : 'real';
    const e: Edge = { t, kind, ms: Date.parse(t.utc) };
    addEdge(t.from, e);
    addEdge(t.to, e);
    if (kind !== 'real') continue;
    for (const [self, other] of [
      [t.from, t.to],
      [t.to, t.from],
    ] as const) {
      realCount.set(self, (realCount.get(self) ?? 0) + 1);
      const key = lookalikeKey(other, o.prefixLength, o.suffixLength);
      if (!key) continue;
      let byKey = realByKey.get(self);
      if (!byKey) realByKey.set(self, (byKey = new Map()));
      let set = byKey.get(key);
      if (!set) byKey.set(key, (set = new Set()));
      set.add(other);
    }
  }

  const findings = new Map<string, PoisoningFinding>();
  const add = (f: PoisoningFinding) => {
    const id = `${f.tx}\u0000${f.index}\u0000${f.suspect}\u0000${f.victim}`;
    if (!findings.has(id)) findings.set(id, f);
  };

  for (const [victim, list] of edges) {
    const byKey = realByKey.get(victim);
    if (!byKey) continue;
    // contact history of the victim with each counterparty, in time order
    const withParty = new Map<string, Edge[]>();
    for (const e of list) {
      const other = e.t.from === victim ? e.t.to : e.t.from;
      const l = withParty.get(other);
      if (l) l.push(e);
      else withParty.set(other, [e]);
    }
    for (const l of withParty.values()) l.sort((a, b) => a.ms - b.ms);

    const planted = (party: string) => (withParty.get(party) ?? []).some((e) => e.kind !== 'real');
    const firstReal = (party: string) => (withParty.get(party) ?? []).find((e) => e.kind === 'real')?.ms ?? Infinity;

    for (const [party, contacts] of withParty) {
      const key = lookalikeKey(party, o.prefixLength, o.suffixLength);
      if (!key) continue;
      const imitated = [...(byKey.get(key) ?? [])].filter((c) => c !== party);
      if (imitated.length === 0) continue;
      // When both ends are real counterparties, the impostor is the one that planted something,
      // else the one that came later: the original was there first to be imitated.
      const original = imitated
        .filter((c) => {
          if (planted(party) !== planted(c)) return planted(party);
          return firstReal(c) <= firstReal(party);
        })
        .sort((a, b) => firstReal(a) - firstReal(b) || (a < b ? -1 : 1))[0];
      if (original === undefined) continue;
      const originalContacts = withParty.get(original) ?? [];
      let plantedAt = Infinity;
      for (const e of contacts) {
        const realBefore = originalContacts.filter((r) => r.kind === 'real' && r.ms <= e.ms).at(-1);
        const sameAsset = originalContacts.some((r) => r.kind === 'real' && r.t.asset === e.t.asset);
        let reason: PoisoningReason;
        let confidence: number;
        let detail: string;
        if (e.kind !== 'real') {
          plantedAt = Math.min(plantedAt, e.ms);
          reason = e.kind === 'zero' ? 'zero-value' : 'dust';
          const what = e.kind === 'zero' ? `zero-value ${e.t.symbol} transfer` : `dust ${e.t.symbol} transfer (${e.t.amount} base units)`;
          const dir = e.t.from === victim ? 'from the victim to the look-alike' : 'from the look-alike to the victim';
          if (realBefore && e.ms - realBefore.ms <= o.windowMs) {
            confidence = POISONING_CONFIDENCE.plantedSoonAfter;
            detail = `${what} ${dir}, ${formatDelay(e.ms - realBefore.ms)} after a real transfer with ${original} (tx ${realBefore.t.tx})`;
          } else {
            confidence = POISONING_CONFIDENCE.plantedLater;
            detail = `${what} ${dir}; the address imitates ${original}`;
          }
        } else {
          reason = 'lookalike';
          const fake = sameAsset ? '' : ` in an asset (${e.t.asset}) never used with the original`;
          if (e.ms >= plantedAt && e.t.from === victim) {
            confidence = POISONING_CONFIDENCE.paidAfterPlanting;
            detail = `the victim paid ${e.t.amount} base units of ${e.t.symbol} to the look-alike of ${original} after it was planted${fake}`;
          } else if (e.t.to === victim && !sameAsset) {
            confidence = POISONING_CONFIDENCE.fakeToken;
            detail = `the look-alike of ${original} sent ${e.t.amount} base units of ${e.t.symbol}${fake}`;
          } else {
            confidence = POISONING_CONFIDENCE.lookalikeOnly;
            detail = `transfer of ${e.t.amount} base units of ${e.t.symbol} with a look-alike of ${original}${fake}`;
          }
        }
        add({ suspect: party, lookalikeOf: original, victim, tx: e.t.tx, index: e.t.index, utc: e.t.utc, reason, confidence, detail });
      }
    }
  }

  // Zero-value transfers that imitate nobody in the case are still worth a look, once each.
  const flagged = new Set([...findings.values()].map((f) => `${f.tx}\u0000${f.index}`));
  const seen = new Set<string>();
  for (const list of edges.values()) {
    for (const e of list) {
      if (e.kind !== 'zero') continue;
      const id = `${e.t.tx}\u0000${e.t.index}`;
      if (flagged.has(id) || seen.has(id)) continue;
      seen.add(id);
      // The busier side is the one being targeted; on a tie the event's `from` is the victim,
      // as in the transferFrom(victim, lookalike, 0) trick.
      const fromReal = realCount.get(e.t.from) ?? 0;
      const toReal = realCount.get(e.t.to) ?? 0;
      const victim = toReal > fromReal ? e.t.to : e.t.from;
      const suspect = victim === e.t.from ? e.t.to : e.t.from;
      add({
        suspect,
        lookalikeOf: null,
        victim,
        tx: e.t.tx,
        index: e.t.index,
        utc: e.t.utc,
        reason: 'zero-value',
        confidence: POISONING_CONFIDENCE.zeroValueOnly,
        detail: `zero-value ${e.t.symbol} transfer between ${e.t.from} and ${e.t.to}; no look-alike of a counterparty in the case`,
      });
    }
  }

  return [...findings.values()].sort(
    (a, b) => (a.utc < b.utc ? -1 : a.utc > b.utc ? 1 : 0) || (a.tx < b.tx ? -1 : a.tx > b.tx ? 1 : 0) || (a.index < b.index ? -1 : 1),
  );
}
