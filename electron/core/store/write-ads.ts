import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { AdFacts } from '../../../workers/ingest/ingest.api';
import type { ImageFacts } from '../../../workers/ingest/image-facts';
import type { ParsedAd } from '../../../workers/parsers/ads/ad-records';
import { appendAudit } from './audit-log';
import { CHUNK_SIZE } from './chunk-size';

/**
 * Writes ads and pictures inside the caller's transaction: the ad row with its fields, contacts,
 * unknown fields and signature; its identifier occurrences (field by field); each picture once by
 * SHA-256, with a reference for every place it was seen. A picture found beside a capture is
 * stored as a source of its own, so its bytes are in the case and `verify` re-hashes them.
 */
export class EvidenceWriter {
  private readonly insertAd: Statement;
  private readonly insertOccurrence: Statement;
  private readonly upsertIdentifier: Statement;
  private readonly findImage: Statement;
  private readonly insertImage: Statement;
  private readonly insertImageRef: Statement;
  private readonly identifiers = new Map<string, number>();
  /** rows written by this source, for the linking step */
  readonly adIds: number[] = [];
  readonly imageIds = new Set<number>();

  constructor(
    private readonly db: Database,
    private readonly source: { id: number; fileName: string },
    private readonly actor: string,
  ) {
    this.insertAd = db.prepare(
      `INSERT INTO ads (source_id, site, ad_key, url, title, body, posted_utc, posted_text, location, price, author, phone_region, phone_region_from,
         contacts, images, extra, signature, locator_line, locator_offset, locator_pointer, locator_entry)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertOccurrence = db.prepare('INSERT INTO occurrences (identifier_id, source_id, ad_id, field, start, end, raw, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.upsertIdentifier = db.prepare('INSERT INTO identifiers (kind, value) VALUES (?, ?) ON CONFLICT (kind, value) DO UPDATE SET value = excluded.value RETURNING id');
    this.findImage = db.prepare('SELECT id FROM images WHERE sha256 = ?');
    this.insertImage = db.prepare('INSERT INTO images (sha256, size, media_type, width, height, phash, phash_error) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.insertImageRef = db.prepare('INSERT INTO image_refs (image_id, source_id, ad_id, message_id, ref, entry) VALUES (?, ?, ?, ?, ?, ?)');
  }

  private identifierId(kind: string, value: string): number {
    const key = `${kind}:${value}`;
    let id = this.identifiers.get(key);
    if (id === undefined) {
      id = (this.upsertIdentifier.get(kind, value) as { id: number }).id;
      this.identifiers.set(key, id);
    }
    return id;
  }

  /** The number of distinct identifiers this writer met. */
  get identifierCount(): number {
    return this.identifiers.size;
  }

  writeAd(ad: ParsedAd, facts: AdFacts): number {
    const l = ad.locator;
    const id = Number(
      this.insertAd.run(
        this.source.id, ad.site, ad.adId, ad.url, ad.title, ad.body, ad.postedUtc, ad.postedText, ad.location, ad.price, ad.author,
        facts.region.regions[0] ?? '', facts.region.from, JSON.stringify(ad.contacts), JSON.stringify(ad.images.map((i) => i.ref)), JSON.stringify(ad.extra),
        facts.signature, l.line ?? null, l.offset ?? null, l.messageId ?? null, l.entry ?? null,
      ).lastInsertRowid,
    );
    for (const o of facts.occurrences) {
      this.insertOccurrence.run(this.identifierId(o.kind, o.value), this.source.id, id, o.field, o.start, o.end, o.raw, o.confidence);
    }
    for (const image of facts.images) this.writeImage(image, { adId: id });
    this.adIds.push(id);
    return id;
  }

  /** A picture and where it was seen (an ad, a message, or the source itself); returns its image row. */
  writeImage(image: ImageFacts, seenIn: { adId?: number; messageId?: number }): number {
    let imageId = (this.findImage.get(image.sha256) as { id: number } | undefined)?.id;
    if (imageId === undefined) {
      imageId = Number(this.insertImage.run(image.sha256, image.size, image.mediaType, image.width, image.height, image.phash, image.phashError).lastInsertRowid);
    }
    let sourceId = this.source.id;
    let entry = image.entry;
    if (image.beside) {
      sourceId = this.storeBesideFile(image.beside.path, image.beside.bytes);
      entry = null;
    }
    this.insertImageRef.run(imageId, sourceId, seenIn.adId ?? null, seenIn.messageId ?? null, image.ref, entry);
    this.imageIds.add(imageId);
    return imageId;
  }

  private readonly besideSources = new Map<string, number>();

  /** A file beside the capture, stored byte for byte as its own source (once per content). */
  private storeBesideFile(file: string, bytes: Uint8Array): number {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const known = this.besideSources.get(sha256) ?? (this.db.prepare('SELECT id FROM sources WHERE sha256 = ?').get(sha256) as { id: number } | undefined)?.id;
    if (known !== undefined) {
      this.besideSources.set(sha256, known);
      return known;
    }
    const now = new Date().toISOString();
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO sources (sha256, size, file_name, original_path, file_modified_at, acquired_at, ingested_at, ingested_by, exhibit, note, chunk_size, chunk_count)
           VALUES (?, ?, ?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?)`,
        )
        .run(sha256, bytes.length, path.basename(file), file, now, now, this.actor, `picture beside source #${this.source.id} '${this.source.fileName}'`, CHUNK_SIZE, Math.ceil(bytes.length / CHUNK_SIZE)).lastInsertRowid,
    );
    const insertChunk = this.db.prepare('INSERT INTO source_chunks (source_id, idx, data) VALUES (?, ?, ?)');
    for (let i = 0; i * CHUNK_SIZE < bytes.length; i++) insertChunk.run(id, i, bytes.subarray(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE));
    appendAudit(this.db, this.actor, 'source.added', {
      sourceId: id,
      sha256,
      size: bytes.length,
      fileName: path.basename(file),
      originalPath: file,
      besideSourceId: this.source.id,
      report: { format: 'image' },
    }, now);
    this.besideSources.set(sha256, id);
    return id;
  }
}
