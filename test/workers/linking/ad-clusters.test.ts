// Ads written from one template: folding, MinHash, the incremental clusterer and its pairwise
// precision/recall, on a hand-written corpus and on generated ones (test/bench/gen-ads.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { foldForMatching } from '../../../shared/text/fold-text';
import { AdClusterer, type AdCluster, type AdForClustering } from '../../../workers/linking/ad-clusters';
import {
  LSH_BANDS,
  MINHASH_SIZE,
  SIGNATURE_VERSION,
  deserializeSignature,
  estimatedJaccard,
  lshBandKeys,
  minhashSignature,
  serializeSignature,
} from '../../../workers/linking/minhash';
import { pairwisePrecisionRecall } from '../../../workers/linking/pairwise-metrics';
import { generateAds, type GeneratedAd } from '../../bench/gen-ads';

describe('foldForMatching', () => {
  it.each([
    ['Драган Петровић', 'dragan petrovic'],
    ['Đorđe ĐORĐEVIĆ', 'djordje djordjevic'],
    ['Ѓорѓи Ќерка Ѕвезда Љубов Њега Џеб', 'gjorgji kjerka dzvezda ljubov njega dzeb'],
    ['Çështje ËSHTË', 'ceshtje eshte'],
    ['Straße Łódź Ærø', 'strasse lodz aero'],
    ['Zovi 0️⃣6️⃣4️⃣ 1️⃣2️⃣3️⃣', 'zovi 064 123'],
    ['𝟎𝟔𝟒 ①②③ １２３', '064 123 123'],
    ['Plata 1.500€ / mjesečno!!! 💰💰', 'plata 1 500 mjesecno'],
    ['tel: +381 (64) 123-45-67', 'tel 381 64 123 45 67'],
    ['po\u200bsao po\u00adsao', 'posao posao'],
    ['  ✅ — 🔥 ', ''],
  ])('%s → %s', (input, folded) => {
    expect(foldForMatching(input)).toBe(folded);
  });

  it('folds a Serbian Cyrillic text and its Latin spelling alike', () => {
    expect(foldForMatching('Тражимо конобарице за рад у Бечу, смјештај обезбијеђен')).toBe(foldForMatching('Tražimo konobarice za rad u Beču, smještaj obezbijeđen'));
    expect(foldForMatching('Tražimo konobarice za rad u Beču')).toBe(foldForMatching('Trazimo konobarice za rad u Becu'));
  });
});

describe('minhash', () => {
  const exactJaccard = (a: string, b: string): number => {
    const shingles = (t: string) => {
      const f = foldForMatching(t);
      const s = new Set<string>();
      for (let i = 0; i + 5 <= f.length; i++) s.add(f.slice(i, i + 5));
      return s;
    };
    const x = shingles(a);
    const y = shingles(b);
    let both = 0;
    for (const s of x) if (y.has(s)) both++;
    return both / (x.size + y.size - both);
  };

  it('keeps signatures stable: they are stored in case files', () => {
    const sig = minhashSignature('Tražimo konobarice za rad u Beču');
    expect(sig).toHaveLength(MINHASH_SIZE);
    // Changing these values means changing SIGNATURE_VERSION as well.
    expect(SIGNATURE_VERSION).toBe(1);
    expect(Array.from(sig.slice(0, 4))).toEqual([381321356, 247764849, 48196062, 152507514]);
    expect(lshBandKeys(sig)[0]).toBe(1224879812);
  });

  it('estimates the Jaccard similarity of 5-gram sets without bias', () => {
    const ads = generateAds(200, 7);
    const sigs = ads.map((a) => minhashSignature(a.text));
    let n = 0;
    let bias = 0;
    let absolute = 0;
    for (let i = 0; i < ads.length; i++) {
      for (let j = i + 1; j < ads.length; j++) {
        const exact = exactJaccard(ads[i]!.text, ads[j]!.text);
        if (exact < 0.2) continue;
        const error = estimatedJaccard(sigs[i]!, sigs[j]!) - exact;
        n++;
        bias += error;
        absolute += Math.abs(error);
      }
    }
    expect(n).toBeGreaterThan(500);
    // 128 functions: the standard error at J = 0.5 is 0.044.
    expect(Math.abs(bias / n)).toBeLessThan(0.01);
    expect(absolute / n).toBeLessThan(0.05);
  });

  it('gives identical texts identical signatures and band keys, and empty texts similarity 0', () => {
    const a = minhashSignature('Сезонска работа во Германија');
    const b = minhashSignature('Sezonska rabota vo Germanija!!');
    expect(estimatedJaccard(a, b)).toBe(1);
    expect(lshBandKeys(a)).toEqual(lshBandKeys(b));
    expect(lshBandKeys(a)).toHaveLength(LSH_BANDS);
    expect(estimatedJaccard(minhashSignature('🔥🔥'), minhashSignature('!!!'))).toBe(0);
    expect(estimatedJaccard(minhashSignature('Berlin'), minhashSignature('Berlin'))).toBe(1);
  });

  it('serialises signatures byte-order independently and refuses other versions', () => {
    const sig = minhashSignature('Safe transport to Germany, no passport needed');
    const bytes = serializeSignature(sig);
    expect(bytes).toHaveLength(1 + MINHASH_SIZE * 4);
    expect(bytes[0]).toBe(SIGNATURE_VERSION);
    expect(bytes[1]).toBe(sig[0]! & 0xff);
    expect(deserializeSignature(bytes)).toEqual(sig);
    // A copy at an odd offset inside a larger buffer, as a database driver may hand it over.
    const inside = new Uint8Array(bytes.length + 3);
    inside.set(bytes, 3);
    expect(deserializeSignature(inside.subarray(3))).toEqual(sig);
    expect(deserializeSignature(Uint8Array.from([SIGNATURE_VERSION + 1, ...bytes.subarray(1)]))).toBeNull();
    expect(deserializeSignature(bytes.subarray(0, 100))).toBeNull();
  });
});

/**
 * Five templates — BHS in Latin and Serbian Cyrillic (A), Macedonian in Cyrillic and Latin (B),
 * Albanian with and without diacritics (C), English (D), BHS (E, rewritten: linked only through
 * its phone) — obfuscated phones (O64 I23, keycaps), hard negatives sharing boilerplate (3 with A,
 * 13 with D and D's stock photo), one-offs and two texts with nothing but emoji.
 */
const CORPUS: AdForClustering[] = [
  { id: 1, text: 'HITNO! Tražimo konobarice za rad u restoranu u Beču. Plata 1.500 € mjesečno + bakšiš, smještaj i hrana obezbijeđeni. Radno vrijeme 8 sati, dva slobodna dana sedmično. Njemački jezik nije uslov. Za više informacija javite se na viber 064/123-45-67 (Marko).', contacts: ['+381641234567'], images: [] },
  { id: 2, text: 'Сезонска работа во Германија (Минхен) од 1 мај. Бараме работници за берба на јагоди, плата по час 12 евра, сместување обезбедено, патните трошоци ги плаќа работодавачот. Работно време 10 часа дневно. Повикајте на 070 234 567.', contacts: ['+38970234567'], images: [] },
  { id: 3, text: 'Hotel u centru Beča zapošljava sobarice i pomoćne radnice u kuhinji, početak odmah. Smještaj i hrana obezbijeđeni, radno vrijeme 8 sati, dva slobodna dana sedmično. Isplata redovna, prijava od prvog dana. Kontakt: 065 987 65 43 Jelena', contacts: ['+381659876543'], images: ['stock:waitress'] },
  { id: 4, text: 'Kërkojmë vajza të reja 18-25 vjeç për punë si hostesë në klub nate në Cyrih. Fitimi nga 800 € në javë, diskrecion i plotë. Biletën e avionit e paguajmë ne, banesën e merr menjëherë. Nuk duhet të dish gjuhën. Shkruani në WhatsApp +355 69 876 5432.', contacts: ['+355698765432'], images: ['img:club-1'] },
  { id: 5, text: 'ХИТНО! Тражимо конобарице за рад у ресторану у Бечу. Плата 1.600 € мјесечно + бакшиш, смјештај и храна обезбијеђени. Радно вријеме 8 сати, два слободна дана седмично. Њемачки језик није услов. За више информација јавите се на viber 064 123 4567 (Марко).', contacts: ['+381641234567'], images: [] },
  { id: 6, text: 'Safe transport to Germany from Sarajevo, no passport needed, no waiting. Guaranteed crossing through Croatia, half before half on arrival. Van leaves every weekend, only 5 free seats. Price 2500 EUR per person. Call or text +387 61 222 333.', contacts: ['+38761222333'], images: ['stock:van'] },
  { id: 7, text: 'Сезонска работа во Германија (Штутгарт) од 15 мај! Бараме работници за берба на јагоди, плата по час 13 евра, сместување обезбедено, патните трошоци ги плаќа работодавачот. Работно време 10 часа. Повикајте на +389 70 234 567 ✅', contacts: ['+38970234567'], images: [] },
  { id: 8, text: 'Radne vize za Njemačku za 7 dana, bez dolaska u ambasadu. Sređujemo kompletnu dokumentaciju i ugovor o radu. Avionska karta uključena u cijenu, posao čeka odmah po dolasku. Cijena 1.200 €. Info: 062 444 555', contacts: ['+38162444555'], images: [] },
  { id: 9, text: '🔥🔥 Hitno! Trazimo konobarice za rad u restoranu u Gracu. Plata 1400e mjesecno + baksis, smjestaj i hrana obezbijedjeni. Radno vrijeme 8 sati, dva slobodna dana. Njemacki nije uslov. Za vise informacija javite se na viber O64 I23 45 67 (Marko) 📞', contacts: [], images: [] },
  { id: 10, text: 'Kerkojme vajza te reja 18-28 vjec per pune si hostese ne klub nate ne Vjene. Fitimi nga 900 € ne jave, diskrecion i plote. Bileten e avionit e paguajme ne, banesen e merr menjehere. Shkruani ne WhatsApp 069 876 5432 💃💃', contacts: ['+355698765432'], images: ['img:club-1'] },
  { id: 11, text: 'SAFE TRANSPORT TO GERMANY from Tuzla, no passport needed, no waiting!! Guaranteed crossing through Croatia, half before and half on arrival. Van leaves every weekend, only 3 free seats. Price 2700 EUR per person. Call or text 061 222 333 🚐🚐', contacts: ['+38761222333'], images: [] },
  { id: 12, text: 'Sezonska rabota vo Germanija (Minhen) od 1 maj. Barame rabotnici za berba na jagodi, plata po čas 12 evra, smestuvanje obezbedeno, patnite troškovi gi plakja rabotodavačot. Rabotno vreme 10 časa dnevno. Povikajte na 070/234-567.', contacts: ['+38970234567'], images: [] },
  { id: 13, text: 'Reliable transfer to Germany from Sarajevo. Guaranteed crossing through Croatia, children travel free. Pay on arrival, no waiting. Van leaves every weekend. Price from 1800 EUR per person. Contact: +381 63 555 777', contacts: ['+381635557777'], images: ['stock:van'] },
  { id: 14, text: 'Tražimo konobarice za rad u restoranu u Lincu. Plata 1.500 € + bakšiš, smještaj i hrana obezbijeđeni. Dva slobodna dana sedmično, njemački jezik nije uslov. Javite se na viber +381 64 1234567.', contacts: ['+381641234567'], images: ['stock:waitress'] },
  { id: 15, text: 'Radne vize za Njemačku brzo i sigurno, bez dolaska u ambasadu! Kompletnu dokumentaciju i ugovor o radu sređujemo mi. Posao te čeka odmah po dolasku. Plaćanje u dvije rate. Info i viber: 062 444 555', contacts: ['+38162444555'], images: [] },
  { id: 16, text: 'Kërkojmë vajza të reja 20-25 vjeç për punë si hostesë në klub nate në Mynih. Fitimi nga 800 € në javë, diskrecion i plotë, biletën e avionit e paguajmë ne. Nuk duhet të dish gjuhën, banesën e merr menjëherë. WhatsApp: 0️⃣6️⃣9️⃣ 8️⃣7️⃣6️⃣ 5️⃣4️⃣3️⃣2️⃣', contacts: [], images: [] },
  { id: 17, text: 'Safe transport to Germany from Bihać – no passport, no waiting. Guaranteed crossing through Croatia, pay half before half on arrival. The van leaves every weekend, only 4 free seats left. Price 2500€ per person. Call +387 61 222 333 now!', contacts: ['+38761222333'], images: [] },
  { id: 18, text: 'Агенција во Скопје средува работни дозволи за Канада. Рок на изработка две недели. Повеќе информации во приватна порака.', contacts: [], images: [] },
  { id: 19, text: 'Hotel near Salzburg is hiring room maids for the summer season, accommodation in double rooms, contact Ana on 0664 1234567', contacts: ['+436641234567'], images: ['stock:waitress'] },
  { id: 20, text: '🔥🔥🔥 💰💰', contacts: [], images: [] },
  { id: 21, text: '💰💰💰 !!!', contacts: [], images: [] },
];

const clusterIds = (clusters: AdCluster[]): number[][] => clusters.map((c) => c.members.map((m) => m.ad));

describe('AdClusterer on a hand-written corpus', () => {
  it('finds the five templates across scripts and languages, and nothing else', () => {
    const clusterer = new AdClusterer();
    clusterer.add(CORPUS);
    const clusters = clusterer.clusters();
    expect(clusterIds(clusters)).toEqual([
      [1, 5, 9, 14],
      [2, 7, 12],
      [4, 10, 16],
      [6, 11, 17],
      [8, 15],
    ]);
    expect(clusters.map((c) => c.id)).toEqual([1, 2, 4, 6, 8]);
    for (const c of clusters) {
      expect(c.score).toBeCloseTo(c.members.reduce((s, m) => s + m.similarity, 0) / c.members.length, 10);
      for (const m of c.members) expect(m.similarity).toBeGreaterThanOrEqual(0.3);
    }
    expect(clusterer.clusterOf(5)).toBe(1);
    expect(clusterer.clusterOf(3)).toBeNull();
    expect(clusterer.clusterOf(20)).toBeNull();
    expect(clusterer.clusterOf(999)).toBeNull();
  });

  it('links the rewritten visa ad (E) only through its phone, and D’s rival not through a stock photo', () => {
    const withoutContacts = new AdClusterer();
    withoutContacts.add(CORPUS.map((ad) => ({ ...ad, contacts: [] })));
    expect(withoutContacts.clusterOf(8)).toBeNull();
    expect(withoutContacts.clusterOf(15)).toBeNull();
    const textOf = (id: number) => CORPUS.find((ad) => ad.id === id)!.text;
    const sim = estimatedJaccard(minhashSignature(textOf(6)), minhashSignature(textOf(13)));
    expect(sim).toBeGreaterThanOrEqual(0.3);
    expect(sim).toBeLessThan(0.4);
    const lenientImages = new AdClusterer({ imageThreshold: 0.3 });
    lenientImages.add(CORPUS);
    expect(lenientImages.clusterOf(13)).toBe(6);
  });

  it('does not depend on arrival order while no bucket is full', () => {
    const oneByOne = new AdClusterer();
    for (const ad of [...CORPUS].reverse()) oneByOne.add([ad]);
    const atOnce = new AdClusterer();
    atOnce.add(CORPUS);
    expect(oneByOne.clusters()).toEqual(atOnce.clusters());
  });

  it('reports which clusters changed, were renamed or merged', () => {
    const c = new AdClusterer();
    const sig = (from: number, to: number, offset: number) => Uint32Array.from({ length: MINHASH_SIZE }, (_, k) => (k >= from && k < to ? k : k + offset));
    const p = sig(0, MINHASH_SIZE, 0);
    const y = sig(0, 0, 1000);
    // Half of p and half of y: similarity 0.5 to both.
    const bridge = sig(0, MINHASH_SIZE / 2, 1000);
    const ad = (id: number, signature: Uint32Array) => ({ id, signature, contacts: [], images: [] });
    expect(c.addSignatures([ad(10, p), ad(11, p), ad(20, y), ad(21, y)])).toEqual({ changed: [10, 20], removed: [] });
    expect(c.addSignatures([ad(30, bridge)])).toEqual({ changed: [10], removed: [20] });
    expect(c.addSignatures([ad(5, p)])).toEqual({ changed: [5], removed: [10] });
    expect(c.addSignatures([ad(5, y), ad(40, sig(0, 0, 5000))])).toEqual({ changed: [], removed: [] });
    expect(clusterIds(c.clusters())).toEqual([[5, 10, 11, 20, 21, 30]]);
    expect(c.adCount).toBe(7);
  });
});

describe('AdClusterer on 5,000 generated ads', () => {
  let ads: GeneratedAd[];
  let whole: AdCluster[];

  beforeAll(() => {
    ads = generateAds(5000, 1);
    const clusterer = new AdClusterer();
    clusterer.add(ads);
    whole = clusterer.clusters();
  });

  it('reaches pairwise precision ≥ 0.95 and recall ≥ 0.90', () => {
    const truth = new Map(ads.map((a) => [a.id, a.template]));
    const scores = pairwisePrecisionRecall(clusterIds(whole), truth);
    console.log(
      `5,000 generated ads: ${whole.length} clusters, precision ${scores.precision.toFixed(4)}, recall ${scores.recall.toFixed(4)} (${scores.predictedPairs} predicted / ${scores.truePairs} true pairs)`,
    );
    expect(scores.precision).toBeGreaterThanOrEqual(0.95);
    expect(scores.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('gives the same clusters, similarities and scores when ads arrive in batches', () => {
    const clusterer = new AdClusterer();
    let at = 0;
    let batch = 1;
    while (at < ads.length) {
      // Batches of growing size, each shuffled: order inside a batch does not matter.
      const slice = ads.slice(at, at + batch).reverse();
      clusterer.add(slice);
      at += batch;
      batch = Math.min(batch * 3, 1500);
    }
    expect(clusterer.clusters()).toEqual(whole);
  });

  it('rebuilds the same clusters from stored signatures, without the texts', () => {
    const stored = ads.map((a) => ({ id: a.id, bytes: serializeSignature(minhashSignature(a.text)), contacts: a.contacts, images: a.images }));
    const clusterer = new AdClusterer();
    for (let i = 0; i < stored.length; i += 1000) {
      clusterer.addSignatures(stored.slice(i, i + 1000).map((s) => ({ id: s.id, signature: deserializeSignature(s.bytes)!, contacts: s.contacts, images: s.images })));
    }
    expect(clusterer.clusters()).toEqual(whole);
    // Adding what is already there changes nothing.
    expect(clusterer.add(ads.slice(0, 100))).toEqual({ changed: [], removed: [] });
    expect(clusterer.adCount).toBe(ads.length);
  });
});

describe('pairwisePrecisionRecall', () => {
  /** The definition, pair by pair. */
  const bruteForce = (clusters: number[][], truth: Map<number, number | null>) => {
    const clusterOf = new Map<number, number>();
    clusters.forEach((c, i) => c.forEach((id) => clusterOf.set(id, i)));
    const ids = [...new Set([...truth.keys(), ...clusterOf.keys()])];
    let tp = 0;
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i]!;
        const b = ids[j]!;
        const together = clusterOf.has(a) && clusterOf.get(a) === clusterOf.get(b);
        const same = (truth.get(a) ?? null) !== null && truth.get(a) === truth.get(b);
        if (together) predicted++;
        if (same) actual++;
        if (together && same) tp++;
      }
    }
    return { precision: predicted ? tp / predicted : 1, recall: actual ? tp / actual : 1, truePairs: actual, predictedPairs: predicted };
  };

  it('counts pairs from cluster sizes exactly as enumerating them would', () => {
    const truth = new Map<number, number | null>([
      [1, 0], [2, 0], [3, 0], [4, 1], [5, 1], [6, null], [7, null],
    ]);
    const clusters = [[1, 2, 4], [3, 5, 6], [8, 9]];
    expect(pairwisePrecisionRecall(clusters, truth)).toEqual(bruteForce(clusters, truth));
    expect(pairwisePrecisionRecall(clusters, truth)).toEqual({ precision: 1 / 7, recall: 1 / 4, truePairs: 4, predictedPairs: 7 });
    expect(pairwisePrecisionRecall([], truth)).toMatchObject({ precision: 1, recall: 0 });

    let seed = 3;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < 20; round++) {
      const randomTruth = new Map<number, number | null>();
      for (let id = 0; id < 60; id++) randomTruth.set(id, rnd() < 0.2 ? null : Math.floor(rnd() * 8));
      const groups = new Map<number, number[]>();
      for (let id = 0; id < 60; id++) {
        const g = Math.floor(rnd() * 12);
        groups.set(g, [...(groups.get(g) ?? []), id]);
      }
      const predicted = [...groups.values()].filter((g) => g.length > 1);
      const fast = pairwisePrecisionRecall(predicted, randomTruth);
      const slow = bruteForce(predicted, randomTruth);
      expect(fast.truePairs).toBe(slow.truePairs);
      expect(fast.predictedPairs).toBe(slow.predictedPairs);
      expect(fast.precision).toBeCloseTo(slow.precision, 12);
      expect(fast.recall).toBeCloseTo(slow.recall, 12);
    }
  });
});
