import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_SCORE, suggestResolutions, type ResolutionCandidate, type Suggestion } from '../../../workers/linking/suggestions';
import { seededRandom } from '../../helpers/seeded-random';

interface CorpusCandidate extends ResolutionCandidate {
  /** the real human the node belongs to */
  person: string;
  note?: string;
}
interface Corpus {
  candidates: CorpusCandidate[];
  mustNotSuggest: Array<{ a: number; b: number; why: string }>;
}

const corpus = JSON.parse(readFileSync(new URL('../../fixtures/resolution/corpus.json', import.meta.url), 'utf8')) as Corpus;
const candidates = corpus.candidates;
const pairKey = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);

const truePairs = new Set<string>();
for (const x of candidates) for (const y of candidates) if (x.id < y.id && x.person === y.person) truePairs.add(pairKey(x.id, y.id));

/** Suggestions fed in batches: each batch against everything before it. */
function inBatches(all: ResolutionCandidate[], batches: number, minScore?: number): Suggestion[] {
  const out: Suggestion[] = [];
  const size = Math.ceil(all.length / batches);
  for (let start = 0; start < all.length; start += size) {
    out.push(...suggestResolutions(all.slice(0, start), all.slice(start, start + size), { minScore }));
  }
  return out;
}
const canonical = (s: Suggestion[]) => [...s].sort((p, q) => p.a - q.a || p.b - q.b);

describe('suggestResolutions on the ground-truth corpus', () => {
  const suggestions = suggestResolutions([], candidates);

  it(`finds the same people as the ground truth (precision ≥ 0.95, recall ≥ 0.90 at minScore ${DEFAULT_MIN_SCORE})`, () => {
    const suggested = new Set(suggestions.map((s) => pairKey(s.a, s.b)));
    const truePositives = [...suggested].filter((k) => truePairs.has(k)).length;
    const precision = truePositives / suggested.size;
    const recall = truePositives / truePairs.size;
    console.log(
      `entity resolution corpus: ${candidates.length} candidates, ${new Set(candidates.map((c) => c.person)).size} people, ${truePairs.size} true pairs; ` +
        `${suggested.size} suggested, ${truePositives} right: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    const name = (id: number) => candidates.find((c) => c.id === id)?.names.join(' / ');
    for (const k of suggested) if (!truePairs.has(k)) console.log(`  false positive ${k}: ${k.split('-').map(Number).map(name).join(' | ')}`);
    for (const k of truePairs) if (!suggested.has(k)) console.log(`  missed ${k}: ${k.split('-').map(Number).map(name).join(' | ')}`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the same suggestions fed at once or in three batches, in any order', () => {
    expect(canonical(inBatches(candidates, 3))).toEqual(canonical(suggestions));
    const shuffled = [...candidates].sort((p, q) => ((p.id * 7919) % 101) - ((q.id * 7919) % 101));
    expect(canonical(inBatches(shuffled, 3))).toEqual(canonical(suggestions));
    // with a low threshold the fuzzy and single-word blocks come into play as well
    expect(canonical(inBatches(shuffled, 3, 0.1))).toEqual(canonical(suggestResolutions([], candidates, { minScore: 0.1 })));
  });

  it.each(corpus.mustNotSuggest.map((n) => [`${n.a}-${n.b}`, n.why, n] as const))('does not suggest %s: %s', (_key, _why, n) => {
    expect(suggestions.find((s) => s.a === Math.min(n.a, n.b) && s.b === Math.max(n.a, n.b))).toBeUndefined();
  });

  it('explains every suggestion, strongest reason first, in words an analyst can check', () => {
    for (const s of suggestions) {
      expect(s.a).toBeLessThan(s.b);
      expect(s.score).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
      expect(s.score).toBeLessThanOrEqual(1);
      expect(s.reasons.length).toBeGreaterThan(0);
      const weights = s.reasons.map((r) => r.weight);
      expect(weights).toEqual([...weights].sort((x, y) => y - x));
      // the score is the noisy-or of the reasons: nothing else moves it
      expect(s.score).toBeCloseTo(1 - weights.reduce((none, w) => none * (1 - w), 1), 2);
      for (const r of s.reasons) expect(r.detail.trim().length).toBeGreaterThan(3);
    }
    const find = (a: number, b: number) => suggestions.find((s) => s.a === a && s.b === b);
    expect(find(1, 2)?.reasons).toEqual([{ code: 'same_name_transliterated', detail: 'Драган Петровић = Dragan Petrovic', weight: expect.any(Number) }]);
    expect(find(2, 3)?.reasons.map((r) => [r.code, r.detail])).toEqual([
      ['shared_identifier', '+381641234567'],
      ['similar_name', 'Dragan Petrovic ≈ Dragan P. (0.53)'],
    ]);
    expect(find(1, 4)?.reasons[0]).toMatchObject({ code: 'token_order', detail: 'Драган Петровић = Petrović Dragan' });
    expect(find(10, 11)?.reasons[0]).toMatchObject({ code: 'same_name_folded', detail: 'Dordje Nikolic = Đorđe Nikolić' });
    expect(find(45, 46)?.reasons[0]?.detail).toBe('Nikola Stankovć ≈ Nikola Stanković (0.99; a typing slip)');
    expect(find(77, 78)?.reasons[0]).toMatchObject({ code: 'shared_identifier', detail: 'zoran.dordevic@gmail.com' });
    // a shared phone with one word in common and one not ("Goran Taxi Beč" is Goran Pavlović's saved contact)
    expect(find(95, 96)?.reasons[0]?.detail).toBe('+436601234567 (names differ in part: Goran Taxi Beč / Goran Pavlović)');
  });

  it('suggests two accounts of one platform on a full name only, and below the same name across platforms', () => {
    const burner = suggestions.find((s) => s.a === 92 && s.b === 94);
    const across = suggestions.find((s) => s.a === 92 && s.b === 93);
    expect(burner?.reasons[0]?.detail).toBe('Виктор Стојковић = Viktor Stojković (two different telegram accounts)');
    expect(burner!.score).toBeLessThan(across!.score);
    const telegram = (id: number, name: string, handle: string): ResolutionCandidate => ({ id, kind: 'account', platform: 'telegram', names: [name], identifiers: [`telegram:${handle}`] });
    // at any threshold: a first name and an initial, or a similar name, is not enough for two distinct accounts
    expect(suggestResolutions([], [telegram(1, 'Dragan P.', 'a'), telegram(2, 'Dragan Petrović', 'b'), telegram(3, 'Dragan Petrovič', 'c')], { minScore: 0.01 })
      .map((s) => [s.a, s.b])).toEqual([[2, 3]]);
    expect(suggestResolutions([], [telegram(1, 'Dragan', 'a'), telegram(2, 'Dragan', 'b'), telegram(3, 'Marko Petrović', 'c'), telegram(4, 'Mirko Petrović', 'd')], { minScore: 0.01 })).toEqual([]);
  });

  it('halves name evidence when both sides list phones and share none, and lowers a phone shared under contradicting names', () => {
    const low = suggestResolutions([], candidates, { minScore: 0.01 });
    const marko = low.find((s) => s.a === 28 && s.b === 30);
    expect(marko?.score).toBeLessThan(0.4);
    expect(marko?.reasons[0]?.detail).toBe('Marko Jovanović = Марко Јовановић (but different phones: +381641112233 / +381659998877)');
    const controller = low.find((s) => s.a === 39 && s.b === 40);
    expect(controller?.reasons[0]?.detail).toBe('+381691010101 (but the names differ: Maja / Lena 💋)');
    expect(controller!.score).toBeLessThan(DEFAULT_MIN_SCORE);
    // no names on one side: nothing contradicts the phone
    const unnamed: ResolutionCandidate = { id: 500, kind: 'account', platform: 'signal', names: [], identifiers: ['+381691010101'] };
    expect(suggestResolutions(candidates, [unnamed]).filter((s) => s.score >= 0.9).map((s) => s.a)).toEqual([39, 40, 41, 43]);
  });

  it('compares added nodes with existing ones and each other, never existing with existing', () => {
    const existing = candidates.filter((c) => c.person === 'P01');
    const added: ResolutionCandidate[] = [
      { id: 1000, kind: 'account', platform: 'ad', names: ['Драган Петровић'], identifiers: ['+381640000000'] },
      { id: 1001, kind: 'account', platform: 'ad', names: ['Nobody Else'], identifiers: ['+381640000000'] },
    ];
    const out = suggestResolutions(existing, added, { minScore: 0.01 });
    expect(out.length).toBeGreaterThan(0);
    for (const s of out) expect(s.a >= 1000 || s.b >= 1000).toBe(true);
    expect(suggestResolutions(existing, [])).toEqual([]);
  });
});

describe('suggestResolutions at scale', () => {
  it('runs 20,000 generated nodes through blocking, and in increments finds exactly the pairs that involve the new nodes', () => {
    const first = ['Dragan', 'Marko', 'Nikola', 'Stefan', 'Milan', 'Jovan', 'Đorđe', 'Nenad', 'Zoran', 'Goran', 'Bojan', 'Dejan', 'Ivan', 'Luka', 'Petar', 'Aleksandar', 'Vladimir', 'Miloš', 'Arbër', 'Besnik', 'Fatmir', 'Hasan', 'Emir', 'Gjorgji', 'Ana', 'Jelena', 'Milica', 'Ivana', 'Maja', 'Elena', 'Ljiljana', 'Svetlana', 'Tijana', 'Marija', 'Dragana', 'Vesna', 'Sanja', 'Nataša', 'Jovana', 'Fatime'];
    const last = ['Petrović', 'Jovanović', 'Nikolić', 'Marković', 'Đorđević', 'Stojanović', 'Ilić', 'Stanković', 'Pavlović', 'Milošević', 'Popović', 'Kostić', 'Ristić', 'Savić', 'Lukić', 'Đukić', 'Marić', 'Simić', 'Kovačević', 'Hodžić', 'Krasniqi', 'Gashi', 'Berisha', 'Shala', 'Hoxha', 'Stojanov', 'Trajkovski', 'Nikolovski', 'Kecman', 'Horvat', 'Tomić', 'Obradović', 'Vasić', 'Mitrović', 'Zorić', 'Lazić', 'Filipović', 'Todorović', 'Janković', 'Radić', 'Babić', 'Božić', 'Živković', 'Perić', 'Vuković', 'Lazarević', 'Stevanović', 'Matić', 'Blagojević', 'Krstić', 'Jovanovski', 'Petkovski', 'Ramadani', 'Hasani', 'Rexhepi', 'Osmani', 'Salihu', 'Kurti', 'Begić', 'Mehmedović'];
    const cyrillic: Record<string, string> = { a: 'а', b: 'б', v: 'в', g: 'г', d: 'д', đ: 'ђ', e: 'е', ž: 'ж', z: 'з', i: 'и', j: 'ј', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п', r: 'р', s: 'с', t: 'т', ć: 'ћ', u: 'у', f: 'ф', h: 'х', c: 'ц', č: 'ч', š: 'ш' };
    const toCyrillic = (s: string) => [...s].map((ch) => {
      const lower = ch.toLowerCase();
      const c = cyrillic[lower] ?? ch;
      return ch === lower ? c : c.toUpperCase();
    }).join('');
    const random = seededRandom(20_240_601);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const platforms = ['telegram', 'whatsapp', 'ad', 'instagram', null] as const;

    const nodes: ResolutionCandidate[] = [];
    const phonePairs: Array<[number, number]> = [];
    let person = 0;
    while (nodes.length < 20_000) {
      person++;
      const given = pick(first);
      const family = pick(last);
      const phone = `+3816${String(10_000_000 + person).padStart(8, '0')}`;
      const withPhone: number[] = [];
      const count = 1 + Math.floor(random() * 4);
      for (let k = 0; k < count && nodes.length < 20_000; k++) {
        const variant = Math.floor(random() * 5);
        const name = [`${given} ${family}`, toCyrillic(`${given} ${family}`), `${family} ${given}`, `${given} ${family.charAt(0)}.`, given][variant] as string;
        const id = nodes.length + 1;
        const hasPhone = random() < 0.7;
        const platform = pick(platforms);
        nodes.push({ id, kind: platform ? 'account' : 'person', platform, names: [name], identifiers: hasPhone ? [phone] : [`telegram:u${id}`] });
        if (hasPhone) withPhone.push(id);
      }
      for (let x = 0; x < withPhone.length; x++) for (let y = x + 1; y < withPhone.length; y++) phonePairs.push([withPhone[x] as number, withPhone[y] as number]);
    }

    let started = performance.now();
    const all = suggestResolutions([], nodes);
    const batchMs = performance.now() - started;
    started = performance.now();
    const increment = suggestResolutions(nodes.slice(0, 15_000), nodes.slice(15_000));
    const incrementMs = performance.now() - started;
    console.log(`entity resolution at scale: ${nodes.length} nodes (${person} people) → ${all.length} suggestions in ${batchMs.toFixed(0)} ms; 5,000 added to 15,000 → ${increment.length} in ${incrementMs.toFixed(0)} ms`);

    // every pair that shares its person's phone (names never contradict within a person) is found
    const found = new Set(all.map((s) => pairKey(s.a, s.b)));
    expect(phonePairs.filter(([a, b]) => !found.has(pairKey(a, b)))).toEqual([]);
    // the increment is exactly the batch result restricted to pairs with a new node
    expect(canonical(increment)).toEqual(canonical(all.filter((s) => s.b > 15_000)));
  });
});
