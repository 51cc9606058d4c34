import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import jpeg from 'jpeg-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../../electron/core/store/case-store';
import { NitkaError } from '../../../shared/result';
import { makeTempDir } from '../../helpers/tmp';
import { makeScene, renderScene, resizeBilinear } from '../../workers/images/synthetic-images';

const ACTOR = 't@lab';
const FIXTURES = path.resolve(__dirname, '../../fixtures');
const DEMO_CHAT = path.join(FIXTURES, 'demo', 'WhatsApp Chat with Posao Beč.txt');

function jpegOf(image: { width: number; height: number; data: Uint8Array }, quality: number): Uint8Array {
  return new Uint8Array(jpeg.encode({ width: image.width, height: image.height, data: Buffer.from(image.data) }, quality).data);
}

describe('the network: ads, pictures, links with evidence, decisions', () => {
  let dir: string;
  let cleanup: () => void;
  let store: CaseStore;
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDir());
    store = CaseStore.create(path.join(dir, 'c.nitka'), 'pw', ACTOR);
  });
  afterEach(() => {
    store.close();
    cleanup();
  });

  /** ads-a.jsonl beside its pictures: one photo and the same photo smaller and recompressed. */
  function adsWithPictures(): string {
    fs.mkdirSync(path.join(dir, 'capture', 'slike'), { recursive: true });
    const photo = renderScene(makeScene(7), 400, 300);
    fs.writeFileSync(path.join(dir, 'capture', 'slike', 'devojka-1.jpg'), jpegOf(photo, 90));
    fs.writeFileSync(path.join(dir, 'capture', 'slike', 'devojka-1-mala.jpg'), jpegOf(resizeBilinear(photo, 200, 150), 40));
    const file = path.join(dir, 'capture', 'ads-a.jsonl');
    fs.copyFileSync(path.join(FIXTURES, 'network', 'ads-a.jsonl'), file);
    return file;
  }

  it('makes one node of a phone found in a chat and in an ad, and explains the link with evidence', () => {
    const chat = store.ingestFile(DEMO_CHAT, {}, ACTOR);
    expect(chat.report?.links).toBeGreaterThan(0);
    const ads = store.ingestFile(path.join(FIXTURES, 'demo', 'oglasi.jsonl'), {}, ACTOR);
    expect(ads.report).toMatchObject({ format: 'ads-jsonl', ads: 2 });
    const g = store.graph();
    const phones = g.nodes.filter((n) => n.value === '+381641234567');
    expect(phones).toHaveLength(1);
    const phone = phones[0]!;
    const chatNode = g.nodes.find((n) => n.kind === 'chat')!;
    const ad = g.nodes.find((n) => n.kind === 'ad' && n.value.endsWith('/A-100231'))!;
    expect(g.edges.some((e) => e.source === chatNode.id && e.target === phone.id && e.kind === 'mentions')).toBe(true);
    expect(g.edges.some((e) => e.source === ad.id && e.target === phone.id)).toBe(true);

    const why = store.why(ad.value, chatNode.id);
    expect(why.direct).toEqual([]);
    expect(why.path?.map((h) => h.to.id)).toEqual([phone.id, chatNode.id]);
    const [adHop, chatHop] = why.path!;
    expect(adHop!.evidence[0]).toMatchObject({ fileName: 'oglasi.jsonl', locator: { line: 1, ad: 'A-100231', field: 'body' } });
    expect(adHop!.evidence[0]!.excerpt).toContain('064 123 4567');
    expect(chatHop!.evidence[0]!.fileName).toBe('WhatsApp Chat with Posao Beč.txt');
    expect(chatHop!.evidence[0]!.locator.line).toBe(4);
    expect(chatHop!.evidence[0]!.excerpt).toContain('+381 64 123 4567');
    // By canonical value, by a phone typed as people write it, and by id.
    expect(store.why('+381641234567', '064 123 4567').a.id).toBe(phone.id);
    expect(() => store.why('+381600000000', phone.id)).toThrow(/no node named/);
  });

  it('stores pictures beside a capture as evidence and finds the same photo resized and recompressed', () => {
    const file = adsWithPictures();
    const r = store.ingestFile(file, {}, ACTOR);
    expect(r.report).toMatchObject({ format: 'ads-jsonl', ads: 3, images: 2 });
    // Both pictures are sources of their own now, re-hashed by verify.
    const sources = store.listSources();
    expect(sources.map((s) => s.fileName).sort()).toEqual(['ads-a.jsonl', 'devojka-1-mala.jpg', 'devojka-1.jpg']);
    expect(store.verify(ACTOR).ok).toBe(true);
    const g = store.graph();
    const images = g.nodes.filter((n) => n.kind === 'image');
    expect(images).toHaveLength(2);
    const similar = g.edges.filter((e) => e.kind === 'similar_to');
    expect(similar).toHaveLength(1);
    expect(similar[0]!.weight).toBeGreaterThan(0.8);
    const rs1 = g.nodes.find((n) => n.value === 'ad:oglasi.rs/RS-1')!;
    const rs2 = g.nodes.find((n) => n.value === 'ad:oglasi.rs/RS-2')!;
    expect(g.edges.filter((e) => e.kind === 'shares_image').map((e) => e.source).sort()).toEqual([rs1.id, rs2.id].sort());
    const why = store.why(images[0]!.id, images[1]!.id);
    expect(why.direct[0]?.link.kind).toBe('similar_to');
    expect(why.direct[0]?.evidence[0]?.note).toMatch(/differ in \d+ of 64 bits/);
  });

  it('reads ads and pictures from a zip', () => {
    const photo = jpegOf(renderScene(makeScene(3), 320, 240), 85);
    const zip = zipSync({
      'capture/ads.jsonl': fs.readFileSync(path.join(FIXTURES, 'network', 'ads-a.jsonl')),
      'capture/slike/devojka-1.jpg': photo,
      'capture/slike/devojka-1-mala.jpg': photo,
    });
    const file = path.join(dir, 'oglasi.zip');
    fs.writeFileSync(file, zip);
    const r = store.ingestFile(file, {}, ACTOR);
    expect(r.report).toMatchObject({ format: 'ads-zip', ads: 3, images: 1 });
    // The same bytes under two names are one picture, seen twice; no picture becomes a source of its own.
    expect(store.listSources()).toHaveLength(1);
    const g = store.graph();
    const image = g.nodes.find((n) => n.kind === 'image')!;
    expect(g.edges.filter((e) => e.target === image.id && e.kind === 'shares_image')).toHaveLength(2);
  });

  it('finds a photo sent in a WhatsApp chat again in an ad, resized', () => {
    const photo = renderScene(makeScene(11), 400, 300);
    const chat = '12/03/2024, 21:15 - +381 64 123 4567: IMG-20240312-WA0001.jpg (file attached)\n12/03/2024, 21:16 - Ana: ok\n';
    const zip = path.join(dir, 'WhatsApp Chat with Posao.zip');
    fs.writeFileSync(zip, zipSync({ '_chat.txt': new TextEncoder().encode(chat), 'IMG-20240312-WA0001.jpg': jpegOf(photo, 85) }));
    const r = store.ingestFile(zip, { dateOrder: 'dmy' }, ACTOR);
    expect(r.report).toMatchObject({ format: 'whatsapp-zip', attachments: 1, images: 1 });
    fs.mkdirSync(path.join(dir, 'ads'));
    fs.writeFileSync(path.join(dir, 'ads', 'oglas.jpg'), jpegOf(resizeBilinear(photo, 260, 195), 50));
    fs.writeFileSync(path.join(dir, 'ads', 'ads.jsonl'), `${JSON.stringify({ site: 'oglasi.rs', ad_id: 'X1', title: 'Hostese', body: 'Posao u inostranstvu', images: ['oglas.jpg'] })}\n`);
    store.ingestFile(path.join(dir, 'ads', 'ads.jsonl'), {}, ACTOR);
    const g = store.graph();
    const sender = g.nodes.find((n) => n.value === '+381641234567')!;
    const [sent] = g.edges.filter((e) => e.source === sender.id && e.kind === 'sent');
    expect(g.nodes.find((n) => n.id === sent!.target)?.kind).toBe('image');
    const why = store.why('ad:oglasi.rs/X1', sender.id);
    expect(why.path?.map((h) => h.link.kind)).toEqual(['shares_image', 'similar_to', 'sent']);
    expect(why.path?.[2]?.evidence[0]).toMatchObject({ fileName: 'WhatsApp Chat with Posao.zip', locator: { line: 1, entry: '_chat.txt' } });
  });

  it('reads a saved listing page and a saved single-ad page with the pictures in its _files folder', () => {
    const listing = store.ingestFile(path.join(FIXTURES, 'ads', 'oglasi-lista.html'), {}, ACTOR);
    expect(listing.report).toMatchObject({ format: 'ads-html', ads: 5 });
    const g = store.graph();
    expect(g.nodes.filter((n) => n.kind === 'ad').map((n) => n.value)).toContain('ad:oglasi.example/E-501');
    const telegram = store.why('telegram:salon_bec', 'ad:oglasi.example/E-503');
    expect(telegram.direct[0]?.evidence[0]).toMatchObject({ fileName: 'oglasi-lista.html', locator: { ad: 'E-503' } });

    fs.mkdirSync(path.join(dir, 'page', 'Oglas_files'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'page', 'Oglas_files', 'slika.jpg'), jpegOf(renderScene(makeScene(5), 300, 200), 80));
    fs.writeFileSync(path.join(dir, 'page', 'Oglas.html'), `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Dadilja u Njemačkoj</title>
      <meta property="og:site_name" content="oglasi.rs"><link rel="canonical" href="https://oglasi.rs/oglas/D-77"></head>
      <body><main><h1>Dadilja u Njemačkoj</h1><img src="./Oglas_files/slika.jpg">
      <p>Porodica u Minhenu traži dadilju, plata 1200 EUR. Viber 064 987 6543.</p></main></body></html>`);
    const page = store.ingestFile(path.join(dir, 'page', 'Oglas.html'), {}, ACTOR);
    expect(page.report).toMatchObject({ format: 'ads-html', ads: 1, images: 1 });
    expect(store.listSources().map((src) => src.fileName)).toContain('slika.jpg');
    const ad = store.graph().nodes.find((n) => n.kind === 'ad' && n.label === 'Dadilja u Njemačkoj')!;
    expect(store.why(ad.id, '+381649876543').direct.map((d) => d.link.kind)).toEqual(['mentions']);
  });

  it('keeps every plausible reading of a national number on a foreign site, with its confidence', () => {
    const r = store.ingestFile(path.join(FIXTURES, 'network', 'ads-at.jsonl'), {}, ACTOR);
    expect(r.report?.ads).toBe(1);
    const g = store.graph();
    const ad = g.nodes.find((n) => n.kind === 'ad')!;
    const phoneLinks = g.edges.filter((e) => e.source === ad.id && g.nodes.find((n) => n.id === e.target)?.kind === 'phone');
    const values = phoneLinks.map((e) => g.nodes.find((n) => n.id === e.target)!.value).sort();
    expect(values).toEqual(['+381641234567', '+43641234567']);
    const at = phoneLinks.find((e) => g.nodes.find((n) => n.id === e.target)!.value === '+43641234567')!;
    const rs = phoneLinks.find((e) => e !== at)!;
    expect(at.weight).toBeGreaterThan(rs.weight);
    expect(g.nodes.some((n) => n.value === 'telegram:wien_jobs')).toBe(true);
  });

  it('suggests that a Latin and a Cyrillic contact name are one person; merge, reject and reopen are audited and undone', () => {
    store.ingestFile(adsWithPictures(), {}, ACTOR);
    const open = store.listSuggestions();
    const dragan = open.find((s) => s.nodes.every((n) => n.kind === 'person' && /Драган|Dragan/.test(n.label ?? '')));
    expect(dragan, JSON.stringify(open, null, 1)).toBeDefined();
    expect(dragan!.reasons.map((r) => r.code)).toContain('same_name_transliterated');
    const linksBefore = store.graph().edges.length;

    const merged = store.decideSuggestion({ decision: 'merge', suggestionId: dragan!.id, note: 'same photo, same name' }, ACTOR);
    expect(merged.status).toBe('accepted');
    expect(merged.person).not.toBeNull();
    const g = store.graph();
    expect(g.edges.filter((e) => e.kind === 'same_as' && e.target === merged.person)).toHaveLength(2);
    const why = store.why(dragan!.nodes[0]!.id, merged.person!);
    expect(why.direct[0]!.evidence[0]).toMatchObject({ auditSeq: expect.any(Number), note: expect.stringContaining(`suggestion #${dragan!.id}`) });
    expect(() => store.decideSuggestion({ decision: 'reject', suggestionId: dragan!.id }, ACTOR)).toThrow(/already merged/);

    const reopened = store.decideSuggestion({ decision: 'reopen', suggestionId: dragan!.id }, ACTOR);
    expect(reopened).toMatchObject({ status: 'open', person: null });
    expect(store.graph().edges.length).toBe(linksBefore);
    expect(store.graph().nodes.some((n) => n.id === merged.person)).toBe(false);

    store.decideSuggestion({ decision: 'reject', suggestionId: dragan!.id }, ACTOR);
    expect(store.listSuggestions().some((s) => s.id === dragan!.id)).toBe(false);
    expect(store.listSuggestions('rejected').map((s) => s.id)).toEqual([dragan!.id]);
    const actions = store.auditLog().map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('suggestion.'))).toEqual(['suggestion.accepted', 'suggestion.reopened', 'suggestion.rejected']);
    expect(store.verify(ACTOR).ok).toBe(true);
  });

  it('lets the analyst merge two nodes nobody suggested', () => {
    store.ingestFile(path.join(FIXTURES, 'network', 'ads-at.jsonl'), {}, ACTOR);
    const s = store.decideSuggestion({ decision: 'merge', a: '+43641234567', b: 'telegram:wien_jobs' }, ACTOR);
    expect(s).toMatchObject({ status: 'accepted', reasons: [{ code: 'analyst' }] });
  });

  it('clusters ads written from one template across scripts and leaves the unrelated ad out', () => {
    store.ingestFile(adsWithPictures(), {}, ACTOR);
    const clusters = store.listClusters();
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.members.map((m) => m.ad).sort()).toEqual(['RS-1', 'RS-2']);
    expect(clusters[0]!.members[0]!.source).toBe('ads-a.jsonl');
    expect(clusters[0]!.score).toBeGreaterThan(0.5);
    const g = store.graph();
    const cluster = g.nodes.find((n) => n.kind === 'cluster')!;
    expect(g.edges.filter((e) => e.target === cluster.id && e.kind === 'member_of')).toHaveLength(2);
  });

  it('links a later source into the network without redoing the earlier ones', () => {
    store.ingestFile(adsWithPictures(), {}, ACTOR);
    const before = store.graph();
    const evidenceBefore = before.edges.reduce((n, e) => n + e.evidenceCount, 0);
    store.ingestFile(path.join(FIXTURES, 'network', 'ads-at.jsonl'), {}, ACTOR);
    const after = store.graph();
    // Earlier links keep their ids and evidence; the new ad joins the existing phone node.
    for (const e of before.edges.filter((x) => x.kind !== 'member_of' || before.nodes.find((n) => n.id === x.target)?.kind !== 'cluster')) {
      expect(after.edges.find((x) => x.id === e.id)).toMatchObject({ source: e.source, target: e.target, kind: e.kind });
    }
    expect(after.edges.reduce((n, e) => n + e.evidenceCount, 0)).toBeGreaterThan(evidenceBefore);
    expect(after.nodes.filter((n) => n.value === '+381641234567')).toHaveLength(1);
  });

  it('rejects a bad ad capture naming the file and line, and keeps the case as it was', () => {
    store.ingestFile(adsWithPictures(), {}, ACTOR);
    const before = store.graph();
    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, `${fs.readFileSync(path.join(FIXTURES, 'network', 'ads-at.jsonl'), 'utf8')}{"title": "Posao", "body": "broken\n`);
    let error: unknown;
    try {
      store.ingestFile(bad, {}, ACTOR);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NitkaError);
    expect((error as Error).message).toMatch(/bad\.jsonl.*line 2/);
    expect(store.graph()).toEqual(before);
    expect(store.listSources()).toHaveLength(3);
    // The indexes were reset with the rollback: the next ingest still links correctly.
    store.ingestFile(path.join(FIXTURES, 'network', 'ads-at.jsonl'), {}, ACTOR);
    expect(store.graph().nodes.filter((n) => n.value === '+381641234567')).toHaveLength(1);
  });
});
