/**
 * Reading captured ad listings: JSON lines, JSON, CSV and saved HTML pages, alone or in a zip
 * with their pictures. Pictures an ad names are looked up in the zip, or beside the capture on
 * disk (a saved page's `_files` folder), and hashed; beside files become evidence of their own.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedAd } from '../parsers/ads/ad-records';
import { jsonAdRecords, jsonArrayAdRecords } from '../parsers/ads/ads-json';
import { csvAdRecords } from '../parsers/ads/ads-csv';
import { adsFromHtml, decodeHtml } from '../parsers/ads/ads-html';
import { detectAdFormat } from '../parsers/ads/ads-detect';
import { memorySource, readWhole, type ChunkSource } from '../parsers/lines';
import { zipChunks } from '../parsers/zip-stream';
import { imageFacts, looksLikeImageName, type ImageFacts } from './image-facts';

export type AdFormat = 'ads-jsonl' | 'ads-json' | 'ads-csv' | 'ads-html';

/** Captures larger than this are not loaded whole (HTML must be; JSON and CSV stream). */
const MAX_HTML_BYTES = 64 << 20;
/** A picture beside a capture larger than this is not read: it is not an ad photo. */
const MAX_BESIDE_IMAGE_BYTES = 64 << 20;

/** The ads of one capture file, streamed where the format allows. */
export function adRecords(format: AdFormat, fileName: string, source: ChunkSource, entry?: string, onProgress?: (done: number) => void): Iterable<ParsedAd> {
  const withEntry = (ads: Iterable<ParsedAd>): Iterable<ParsedAd> =>
    entry === undefined
      ? ads
      : (function* () {
          for (const ad of ads) yield { ...ad, locator: { ...ad.locator, entry } };
        })();
  switch (format) {
    case 'ads-jsonl':
      return withEntry(jsonAdRecords(source, fileName, onProgress));
    case 'ads-json':
      return withEntry(jsonArrayAdRecords(source, fileName, onProgress));
    case 'ads-csv':
      return withEntry(csvAdRecords(source, fileName, onProgress));
    case 'ads-html': {
      if (source.size > MAX_HTML_BYTES) throw new Error(`the page is ${source.size} bytes; saved ad pages above ${MAX_HTML_BYTES} bytes are not read`);
      const html = decodeHtml(readWhole(source));
      onProgress?.(source.size);
      return adsFromHtml(html, fileName, entry);
    }
  }
}

/** The ad captures and pictures of a zip: pictures hashed in one streaming pass, captures kept (they are small). */
export function readAdZip(zip: ChunkSource, onProgress?: (done: number) => void): { captures: Array<{ entry: string; format: AdFormat; bytes: Uint8Array }>; images: Map<string, ImageFacts> } {
  const images = new Map<string, ImageFacts>();
  const captures: Array<{ entry: string; format: AdFormat; bytes: Uint8Array }> = [];
  let parts: Uint8Array[] = [];
  for (const c of zipChunks(zip, (name) => looksLikeImageName(name) || /\.(jsonl|ndjson|json|csv|html?)$/i.test(name), onProgress)) {
    parts.push(c.data);
    if (!c.final) continue;
    const bytes = Buffer.concat(parts);
    parts = [];
    if (looksLikeImageName(c.entry)) {
      images.set(c.entry, imageFacts(bytes, c.entry, c.entry));
    } else {
      const format = detectAdFormat(c.entry, bytes.subarray(0, 4096));
      if (format) captures.push({ entry: c.entry, format, bytes });
    }
  }
  return { captures, images };
}

/** Finds a zip's captures as one stream of ads. */
export function* zipAdRecords(fileName: string, captures: Array<{ entry: string; format: AdFormat; bytes: Uint8Array }>): Generator<ParsedAd> {
  for (const c of captures) yield* adRecords(c.format, `${fileName}:${c.entry}`, memorySource(c.bytes), c.entry);
}

/**
 * The pictures an ad names, found in its zip or beside its capture. Only files inside the
 * capture's folder are read: a reference like `../../x` must not pull in what the user never gave.
 * Web addresses stay references (Nitka never fetches them).
 */
export function resolveAdImages(ad: ParsedAd, zipImages: Map<string, ImageFacts>, besideDir: string | null, seen: Map<string, ImageFacts | null>): ImageFacts[] {
  const out: ImageFacts[] = [];
  for (const { ref } of ad.images) {
    if (seen.has(ref)) {
      const known = seen.get(ref);
      if (known) out.push({ ...known, ref, beside: null });
      continue;
    }
    let found: ImageFacts | null = null;
    const clean = ref.replace(/\\/g, '/').replace(/^\.\//, '').split(/[?#]/)[0]!;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(clean)) {
      const base = clean.split('/').pop()!;
      for (const [entry, facts] of zipImages) {
        if (entry === clean || entry.endsWith(`/${clean}`) || entry.split('/').pop() === base) {
          found = { ...facts, ref };
          break;
        }
      }
      if (!found && besideDir) {
        const root = path.resolve(besideDir);
        for (const candidate of [path.resolve(root, clean), path.resolve(root, base), path.resolve(root, 'images', base)]) {
          if (!candidate.startsWith(root + path.sep)) continue;
          let stat: fs.Stats;
          try {
            stat = fs.statSync(candidate);
          } catch {
            continue;
          }
          if (!stat.isFile() || stat.size > MAX_BESIDE_IMAGE_BYTES) continue;
          const bytes = new Uint8Array(fs.readFileSync(candidate));
          found = imageFacts(bytes, ref, null, { path: candidate, bytes });
          break;
        }
      }
    }
    seen.set(ref, found);
    if (found) out.push(found);
  }
  return out;
}
