/**
 * Captured ads as JSON: JSON lines (one ad a line, as scrapers write them), or one document that
 * is an array of ads, an object holding such an array (`{"ads": […]}`, `{"data": {"items": […]}}`)
 * or a single ad. Both stream: only the ad being read is held in memory.
 */
import type { Locator } from '../chat-records';
import { streamJson } from '../json-stream';
import { linesFromSource, type ChunkSource } from '../lines';
import { adFromObject, adTimezone, isRecord, looksLikeAd, namedAdError, normKey, type AdMappingOptions } from './ad-from-object';
import type { ParsedAd } from './ad-records';

export interface AdParseOptions {
  /** zone of local posted times; Europe/Belgrade by default */
  timezone?: string | undefined;
  chunkSize?: number | undefined;
}

/** Keys under which exports and scrapers put their list of ads. */
const AD_LIST_KEYS = new Set(['ads', 'items', 'results', 'listings', 'data', 'oglasi', 'records', 'rows', 'hits', 'entries', 'posts', 'jobs', 'offers']);
/** Keys wrapping a single ad: `{"ad": {…}}`. */
const AD_WRAPPER_KEYS = new Set(['ad', 'item', 'listing', 'oglas', 'data', 'result', 'post', 'job', 'offer']);

/** JSON lines: `locator.line` is the 1-based line, `locator.offset` its byte offset. Blank lines are skipped. */
export function* jsonAdRecords(source: ChunkSource, fileName: string, onProgress?: (bytesDone: number) => void, options: AdParseOptions = {}): Generator<ParsedAd> {
  let line = 0;
  try {
    const mapping: AdMappingOptions = { timezone: adTimezone(options.timezone) };
    for (const l of linesFromSource(source, onProgress, options.chunkSize)) {
      line = l.line;
      if (l.text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(l.text);
      } catch (e) {
        throw new Error(`line ${l.line}: not valid JSON (${(e as Error).message})`);
      }
      if (!isRecord(value)) throw new Error(`line ${l.line}: expected one ad object, found ${describe(value)}`);
      yield adFromObject(value, { line: l.line, offset: l.offset }, mapping);
    }
  } catch (e) {
    throw namedAdError(fileName, e, line ? { line } : {});
  }
}

/**
 * A JSON document of ads; `locator.messageId` is the ad's JSON pointer (`/ads/3`). Arrays under
 * an unknown key count when their first item reads as an ad, so `{"categories": […], "ads": […]}`
 * yields only the ads.
 */
export function* jsonArrayAdRecords(source: ChunkSource, fileName: string, onProgress?: (bytesDone: number) => void, options: AdParseOptions = {}): Generator<ParsedAd> {
  let pointer: string | null = null;
  try {
    const mapping: AdMappingOptions = { timezone: adTimezone(options.timezone) };
    const body = withoutBom(source);
    const first = firstCharacter(body);
    if (first === null) throw new Error('the file is empty');
    if (first !== '[' && first !== '{') throw new Error(`not a JSON array or object: it starts with "${first}"`);
    const adAt = (value: unknown, path: Array<string | number>): ParsedAd => {
      pointer = jsonPointer(path);
      const locator: Locator = { messageId: pointer };
      if (!isRecord(value)) throw new Error(`at ${pointer}: expected an ad object, found ${describe(value)}`);
      return adFromObject(value, locator, mapping);
    };

    if (first === '[') {
      yield* streamJson<ParsedAd>(body, ['$.*'], (path, value, out) => void out.push(adAt(value, [path[0] as number])), onProgress, options.chunkSize);
      return;
    }

    // Items of top-level arrays stream one by one; the document's other members are not needed.
    const listHoldsAds = new Map<string, boolean>();
    let found = false;
    const topKeys = new Set<string>();
    yield* streamJson<ParsedAd>(body, ['$.*.*'], (path, value, out) => {
      const [key, index] = path;
      if (typeof key !== 'string') return;
      topKeys.add(key);
      if (typeof index === 'number') {
        let ads = listHoldsAds.get(key);
        if (ads === undefined) listHoldsAds.set(key, (ads = AD_LIST_KEYS.has(normKey(key)) || looksLikeAd(value)));
        if (ads) {
          found = true;
          out.push(adAt(value, [key, index]));
        }
      } else if (typeof index === 'string' && Array.isArray(value) && (AD_LIST_KEYS.has(normKey(index)) || looksLikeAd(value.find(isRecord)))) {
        // A list one level down (`{"data": {"items": […]}}`) arrives whole: rare enough not to stream.
        found = true;
        value.forEach((item, i) => out.push(adAt(item, [key, index, i])));
      }
    }, onProgress, options.chunkSize);
    if (found) return;

    // No list of ads: the document is a single ad, perhaps wrapped (`{"ad": {…}}`). It is small, so it is read whole.
    let root: unknown = null;
    for (const value of streamJson<unknown>(body, ['$'], (_path, v, out) => void out.push(v), undefined, options.chunkSize)) root = value;
    if (!isRecord(root)) throw new Error('no ads: the document is empty');
    if (Object.entries(root).some(([k, v]) => AD_LIST_KEYS.has(normKey(k)) && Array.isArray(v))) return; // an empty list of ads
    if (looksLikeAd(root)) {
      yield adAt(root, []);
      return;
    }
    const wrapped = Object.entries(root).find(([k, v]) => AD_WRAPPER_KEYS.has(normKey(k)) && isRecord(v));
    if (wrapped) {
      yield adAt(wrapped[1], [wrapped[0]]);
      return;
    }
    const keys = Object.keys(root);
    if (keys.some((k) => isRecord(root) && !isRecord(root[k]) && !Array.isArray(root[k]))) {
      yield adAt(root, []);
      return;
    }
    throw new Error(`no ads: the document holds no list of ads and is not an ad itself (its keys are ${[...new Set([...topKeys, ...keys])].map((k) => `"${k}"`).join(', ')})`);
  } catch (e) {
    throw namedAdError(fileName, e, pointer !== null ? { pointer } : {});
  }
}

/** RFC 6901: `~` and `/` inside keys are escaped. */
export function jsonPointer(path: Array<string | number>): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? `the text "${value.slice(0, 40)}"` : `${typeof value} ${String(value)}`;
}

/** The streaming parser does not expect a byte-order mark, which Windows tools often write. */
function withoutBom(source: ChunkSource): ChunkSource {
  const head = new Uint8Array(Math.min(3, source.size));
  source.read(head, 0);
  if (head[0] !== 0xef || head[1] !== 0xbb || head[2] !== 0xbf) return source;
  return { size: source.size - 3, read: (into, position) => source.read(into, position + 3) };
}

function firstCharacter(source: ChunkSource): string | null {
  const head = new Uint8Array(Math.min(4096, source.size));
  const n = source.read(head, 0);
  const m = /\S/.exec(new TextDecoder().decode(head.subarray(0, n)));
  return m ? m[0] : null;
}
