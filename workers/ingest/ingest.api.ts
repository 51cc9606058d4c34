/**
 * The ingest engine: reads one evidence file as a stream of chat records, extracts identifiers
 * and prepares search text, in batches. It runs in its own worker thread (ingest.worker.ts) while
 * the database worker writes what it yields, so parsing and writing use two cores; tests and
 * small hosts call the same generator in-process.
 */
import { createHash } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import type { CountryCode } from 'libphonenumber-js';
import type { ColumnMapping, IngestReport } from '../../shared/api/contract';
import { extractIdentifiers } from '../../shared/identifiers/extract';
import type { IdentifierOccurrence } from '../../shared/identifiers/types';
import { toErrorValue, type NitkaErrorValue } from '../../shared/result';
import { cyrillicToLatin } from '../../shared/transliterate';
import { minhashSignature, serializeSignature } from '../linking/minhash';
import { chunksOf, fileSource, memorySource, readWhole, type ChunkSource } from '../parsers/lines';
import type { DateOrder } from '../parsers/whatsapp/whatsapp-text';
import { BatchSender, closeChannel } from './batch-channel';
import { adOccurrences, adRegions, type AdOccurrence, type AdRegion } from './enrich-ad';
import { resolveAdImages } from './ads-plan';
import type { ImageFacts } from './image-facts';
import { plan, type EvidenceRecord, type MediaEntry, type ParseOptions } from './plan';
import { toWire } from './wire';

export interface ParseSpec extends ParseOptions {
  fileName: string;
  /** case settings: local times are read in this zone, numbers without prefix in this region */
  timezone: string;
  region: string;
  /** the folder the source was read from: pictures an ad names are looked up there */
  besideDir?: string | null | undefined;
}

/** Where the ingest worker reads the evidence: the file on disk, or bytes handed over. */
export type SourceInput = { path: string } | { bytes: Uint8Array };

export type AttachmentRef = MediaEntry;

/** What the worker adds to an ad: how its phones were read, its identifiers, pictures and signature. */
export interface AdFacts {
  region: AdRegion;
  occurrences: AdOccurrence[];
  images: ImageFacts[];
  /** MinHash of the folded title and body (see workers/linking/minhash.ts) */
  signature: Uint8Array;
}

export interface EnrichedRecord {
  record: EvidenceRecord;
  /** for ads */
  ad?: AdFacts;
  /** identifiers found in a message body */
  occurrences: IdentifierOccurrence[];
  /** the body as the full-text index should see it (Cyrillic also in Latin); null: the body itself */
  searchText: string | null;
  /** archive media this message refers to, hashed */
  attachments: AttachmentRef[];
}

export type IngestItem =
  | { type: 'plan'; format: IngestReport['format']; dateOrder: DateOrder | null; mapping: { mapping: ColumnMapping; name: string | null } | null }
  | { type: 'records'; records: EnrichedRecord[]; bytesDone: number; total: number }
  /** the last item; `sha256` hashes the bytes as they were after parsing (null: nothing was parsed) */
  | { type: 'end'; sha256: string | null; size: number }
  | { type: 'error'; error: NitkaErrorValue };

const BATCH_RECORDS = 1000;

function hashSource(source: ChunkSource): { sha256: string; size: number } {
  const h = createHash('sha256');
  let size = 0;
  for (const chunk of chunksOf(source)) {
    h.update(chunk);
    size += chunk.length;
  }
  return { sha256: h.digest('hex'), size };
}

function latinOrNull(body: string): string | null {
  const latin = cyrillicToLatin(body);
  return latin === body ? null : latin;
}

/** The whole pipeline for one source, as items; throws a NitkaError on bad input. */
export function* parseSource(spec: ParseSpec, source: ChunkSource): Generator<IngestItem> {
  const head = new Uint8Array(Math.min(4096, source.size));
  source.read(head, 0);
  let bytesDone = 0;
  const p = plan(spec.fileName, source, () => readWhole(source), head, spec, spec.timezone, (done) => (bytesDone = done));
  yield { type: 'plan', format: p?.format ?? 'raw', dateOrder: p?.dateOrder ?? null, mapping: p?.mapping ?? null };
  if (!p) {
    yield { type: 'end', sha256: null, size: source.size };
    return;
  }
  const regions = [spec.region as CountryCode];
  const attachmentsOf = (fileNames: string): AttachmentRef[] => {
    const out: AttachmentRef[] = [];
    for (const name of fileNames.split('\n')) {
      const media = p.media.get(name) ?? p.media.get(name.split('/').pop()!);
      if (media) out.push(media);
    }
    return out;
  };
  let batch: EnrichedRecord[] = [];
  const pictures = new Map<string, ImageFacts | null>();
  const besideDir = spec.besideDir ?? null;
  for (const record of p.records) {
    if (record.kind === 'ad') {
      const region = adRegions(record, spec.region);
      batch.push({
        record,
        occurrences: [],
        searchText: null,
        attachments: [],
        ad: {
          region,
          occurrences: adOccurrences(record, region.regions),
          images: resolveAdImages(record, p.adImages ?? new Map(), besideDir, pictures),
          signature: serializeSignature(minhashSignature(`${record.title}\n${record.body}`)),
        },
      });
    } else if (record.kind === 'message' || record.kind === 'system') {
      batch.push({
        record,
        occurrences: extractIdentifiers(record.body, { regions }),
        // Null when the body is already what the index should see: it crosses threads once.
        searchText: latinOrNull(record.body),
        attachments: record.media?.fileName && p.media.size > 0 ? attachmentsOf(record.media.fileName) : [],
      });
    } else {
      batch.push({ record, occurrences: [], searchText: null, attachments: [] });
    }
    if (batch.length >= BATCH_RECORDS) {
      yield { type: 'records', records: batch, bytesDone, total: source.size };
      batch = [];
    }
  }
  if (batch.length) yield { type: 'records', records: batch, bytesDone: source.size, total: source.size };
  const { sha256, size } = hashSource(source);
  yield { type: 'end', sha256, size };
}

/** The API the ingest worker exposes through comlink. */
export function createIngestWorkerApi() {
  return {
    /**
     * Starts parsing and returns at once; items then flow through `port` (see batch-channel.ts),
     * so the database worker can take them inside one synchronous transaction.
     */
    start(spec: ParseSpec, input: SourceInput, port: MessagePort, state: SharedArrayBuffer): void {
      const sender = new BatchSender(port, state);
      // The reader blocks and cannot hear this thread's exit event; the shared flag reaches it.
      process.once('exit', () => closeChannel(state));
      setImmediate(() => {
        let source: (ChunkSource & { close?: () => void }) | null = null;
        try {
          source = 'path' in input ? fileSource(input.path) : memorySource(input.bytes);
          for (const item of parseSource(spec, source)) {
            if (!sender.send(toWire(item))) return;
          }
        } catch (e) {
          sender.send({ type: 'error', error: toErrorValue(e) });
        } finally {
          source?.close?.();
        }
      });
    },
  };
}

export type IngestWorkerApi = ReturnType<typeof createIngestWorkerApi>;
