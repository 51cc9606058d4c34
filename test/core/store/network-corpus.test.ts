/**
 * Acceptance corpus for ad clustering and resolution suggestions, end to end through the real
 * store: ~60 hand-written fictional ads on three sites (test/fixtures/network/corpus, see its
 * README), ingested as an analyst would, scored by pairwise precision and recall against the
 * ground truth in truth.json. The aim is ≥ 0.95 precision and ≥ 0.90 recall for both.
 */
import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import type { DecodedImage } from '../../../workers/images/decode-image';
import { pairwisePrecisionRecall, type PairwiseScores } from '../../../workers/linking/pairwise-metrics';
import { makeTempDir } from '../../helpers/tmp';
import { brighten, cropBorder, makeScene, renderScene, resizeBilinear } from '../../workers/images/synthetic-images';

const ACTOR = 't@lab';
const CORPUS = path.resolve(__dirname, '../../fixtures/network/corpus');
const CAPTURES = ['oglasi-rs.jsonl', 'pazar3-mk.jsonl', 'merrjep-al.jsonl'];
const PRECISION_AIM = 0.95;
const RECALL_AIM = 0.9;

interface Truth {
  /** `site/ad_id` → template number, null for an ad that belongs with no other */
  templates: Record<string, number | null>;
  /** `site/ad_id#contact name as written` → person number */
  people: Record<string, number>;
  hardNegatives: { ads: Array<[string, string, string]>; people: Array<[string, string, string]> };
}

interface PhotoRecipe {
  scene: number;
  crop?: number;
  brighten?: number;
  resize?: [number, number];
  quality: number;
}

const truth = JSON.parse(fs.readFileSync(path.join(CORPUS, 'truth.json'), 'utf8')) as Truth;
const photos = (JSON.parse(fs.readFileSync(path.join(CORPUS, 'photos.json'), 'utf8')) as { photos: Record<string, PhotoRecipe> }).photos;

/** The captures beside their pictures in `dir`, pictures drawn from photos.json (no binaries are kept in the repo). */
function prepareCorpus(dir: string): void {
  fs.mkdirSync(path.join(dir, 'photos'), { recursive: true });
  for (const capture of CAPTURES) fs.copyFileSync(path.join(CORPUS, capture), path.join(dir, capture));
  const scenes = new Map<number, DecodedImage>();
  for (const [name, recipe] of Object.entries(photos)) {
    let image = scenes.get(recipe.scene);
    if (!image) scenes.set(recipe.scene, (image = renderScene(makeScene(recipe.scene), 400, 300)));
    if (recipe.crop) image = cropBorder(image, recipe.crop);
    if (recipe.brighten) image = brighten(image, recipe.brighten);
    if (recipe.resize) image = resizeBilinear(image, recipe.resize[0], recipe.resize[1]);
    const bytes = jpeg.encode({ width: image.width, height: image.height, data: Buffer.from(image.data) }, recipe.quality).data;
    fs.writeFileSync(path.join(dir, 'photos', name), bytes);
  }
}

/** Every unordered pair of a list, as `a | b` with a < b. */
const pairKey = (a: string, b: string): string => (a < b ? `${a} | ${b}` : `${b} | ${a}`);

function truePairs<T>(labels: ReadonlyMap<string, T | null>): Set<string> {
  const byLabel = new Map<T, string[]>();
  for (const [key, label] of labels) {
    if (label === null) continue;
    const members = byLabel.get(label) ?? [];
    members.push(key);
    byLabel.set(label, members);
  }
  const out = new Set<string>();
  for (const members of byLabel.values()) for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) out.add(pairKey(members[i]!, members[j]!));
  return out;
}

/** Scores keyed groups against keyed labels with the engine's own metric, plus the pairs it got wrong, for the report. */
function score<T>(groups: string[][], labels: ReadonlyMap<string, T | null>): PairwiseScores & { falsePairs: string[]; missedPairs: string[] } {
  const index = new Map([...labels.keys()].map((k, i) => [k, i]));
  const numbers = new Map<T, number>();
  const truthById = new Map<number, number | null>();
  for (const [key, label] of labels) {
    if (label !== null && !numbers.has(label)) numbers.set(label, numbers.size);
    truthById.set(index.get(key)!, label === null ? null : numbers.get(label)!);
  }
  const scores = pairwisePrecisionRecall(groups.map((g) => g.map((k) => index.get(k)!)), truthById);
  const predicted = new Set<string>();
  for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) predicted.add(pairKey(g[i]!, g[j]!));
  const actual = truePairs(labels);
  return {
    ...scores,
    falsePairs: [...predicted].filter((p) => !actual.has(p)).sort(),
    missedPairs: [...actual].filter((p) => !predicted.has(p)).sort(),
  };
}

/** Clusters as sorted lists of `site/ad_id`. */
function clustersOf(store: CaseStore): string[][] {
  return store
    .listClusters()
    .map((c) => c.members.map((m) => `${m.site ?? '-'}/${m.ad}`).sort())
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

const PERSON_PREFIX = 'person:ad:';

/** A person node from an ad's contact name, as truth names it: `site/ad_id#name as written`. */
function personKey(node: { kind: string; value: string; label: string | null }): string | null {
  if (node.kind !== 'person' || !node.value.startsWith(PERSON_PREFIX)) return null;
  const ad = node.value.slice(PERSON_PREFIX.length, node.value.indexOf('#', PERSON_PREFIX.length));
  return `${ad}#${node.label ?? ''}`;
}

/** Suggested pairs as `a | b` of person keys (or of raw node values, for anything that is not an ad's contact person). */
function suggestedPairsOf(store: CaseStore): string[][] {
  return store.listSuggestions('all').map((s) => s.nodes.map((n) => personKey(n) ?? `${n.kind}:${n.value}`).sort());
}

/** The suggested pairs joined transitively, as an analyst merging every suggestion would join them. */
function mergedGroups(pairs: string[][]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const [a, b] of pairs) {
    if (!parent.has(a!)) parent.set(a!, a!);
    if (!parent.has(b!)) parent.set(b!, b!);
    parent.set(find(a!), find(b!));
  }
  const groups = new Map<string, string[]>();
  for (const x of parent.keys()) groups.set(find(x), [...(groups.get(find(x)) ?? []), x]);
  return [...groups.values()];
}

function ingestAll(store: CaseStore, dir: string, captures: string[]): void {
  for (const capture of captures) {
    const r = store.ingestFile(path.join(dir, capture), {}, ACTOR);
    expect(r.report?.format).toBe('ads-jsonl');
  }
}

function report(what: string, s: ReturnType<typeof score>): void {
  console.log(
    `${what}: precision ${s.precision.toFixed(3)}, recall ${s.recall.toFixed(3)} ` +
      `(${s.predictedPairs} predicted pairs, ${s.truePairs} true pairs)` +
      (s.falsePairs.length ? `\n  false pairs:\n    ${s.falsePairs.join('\n    ')}` : '') +
      (s.missedPairs.length ? `\n  missed pairs:\n    ${s.missedPairs.join('\n    ')}` : ''),
  );
}

describe('acceptance corpus: ad clusters and resolution suggestions against ground truth', () => {
  let dir: string;
  let cleanup: () => void;
  /** the captures ingested in the order listed */
  let forward: CaseStore;
  /** the same captures ingested in the reverse order */
  let backward: CaseStore;
  const templates = new Map(Object.entries(truth.templates));
  const people = new Map(Object.entries(truth.people));

  beforeAll(() => {
    ({ dir, cleanup } = makeTempDir());
    prepareCorpus(dir);
    forward = CaseStore.create(path.join(dir, 'forward.nitka'), 'pw', ACTOR);
    ingestAll(forward, dir, CAPTURES);
    backward = CaseStore.create(path.join(dir, 'backward.nitka'), 'pw', ACTOR);
    ingestAll(backward, dir, [...CAPTURES].reverse());
  }, 180_000);
  afterAll(() => {
    forward?.close();
    backward?.close();
    cleanup?.();
  });

  it('reads every ad, picture and contact name of the corpus, and the truth names each of them', () => {
    const g = forward.graph();
    const ads = g.nodes.filter((n) => n.kind === 'ad').map((n) => n.value.replace(/^ad:/, '')).sort();
    expect(ads).toEqual([...templates.keys()].sort());
    const persons = g.nodes.map(personKey).filter((k): k is string => k !== null).sort();
    expect(persons).toEqual([...people.keys()].sort());
    // Every picture a capture names was found beside it; re-used and edited copies are near duplicates.
    expect(g.nodes.filter((n) => n.kind === 'image')).toHaveLength(Object.keys(photos).length);
    expect(g.edges.filter((e) => e.kind === 'similar_to').length).toBeGreaterThan(0);
  });

  it(`clusters the ads by template with pairwise precision ≥ ${PRECISION_AIM} and recall ≥ ${RECALL_AIM}`, () => {
    const s = score(clustersOf(forward), templates);
    report('ad clusters', s);
    expect(s.truePairs).toBeGreaterThan(50);
    expect(s.precision).toBeGreaterThanOrEqual(PRECISION_AIM);
    expect(s.recall).toBeGreaterThanOrEqual(RECALL_AIM);
  });

  it('keeps the hard negatives out of each other’s clusters', () => {
    const clusterOf = new Map(clustersOf(forward).flatMap((members, i) => members.map((m) => [m, i] as const)));
    const together = truth.hardNegatives.ads.filter(([a, b]) => clusterOf.has(a) && clusterOf.get(a) === clusterOf.get(b));
    expect(together).toEqual([]);
  });

  it(`suggests who is one person with pairwise precision ≥ ${PRECISION_AIM} and recall ≥ ${RECALL_AIM}`, () => {
    const s = score(suggestedPairsOf(forward), people);
    report('resolution suggestions', s);
    // For the record, not the aim: suggestions are pairs, and an analyst who accepts them joins them up.
    const merged = score(mergedGroups(suggestedPairsOf(forward)), people);
    console.log(`resolution suggestions merged transitively: precision ${merged.precision.toFixed(3)}, recall ${merged.recall.toFixed(3)}`);
    expect(s.truePairs).toBeGreaterThan(40);
    expect(s.precision).toBeGreaterThanOrEqual(PRECISION_AIM);
    expect(s.recall).toBeGreaterThanOrEqual(RECALL_AIM);
  });

  it('never suggests the hard negatives: a shared phone under different names, a common name with different phones, a first name alone', () => {
    const suggested = new Set(suggestedPairsOf(forward).map(([a, b]) => pairKey(a!, b!)));
    const wrong = truth.hardNegatives.people.filter(([a, b]) => suggested.has(pairKey(a, b)));
    expect(wrong).toEqual([]);
  });

  it('gives the same clusters and suggestions when the captures arrive in the other order', () => {
    expect(clustersOf(backward)).toEqual(clustersOf(forward));
    const pairs = (store: CaseStore) => suggestedPairsOf(store).map(([a, b]) => pairKey(a!, b!)).sort();
    expect(pairs(backward)).toEqual(pairs(forward));
  });
});
