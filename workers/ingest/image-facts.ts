/**
 * An image as evidence: its SHA-256 (the exact file) and its perceptual hash (the same photo
 * after resizing or recompression), read once in the ingest worker.
 */
import { createHash } from 'node:crypto';
import { sniffImageType } from '../images/decode-image';
import { perceptualHash } from '../images/perceptual-hash';

export interface ImageFacts {
  /** the name the ad or message gave (file name, path or URL) */
  ref: string;
  /** where the bytes are inside the source's archive, if they are */
  entry: string | null;
  sha256: string;
  size: number;
  mediaType: string | null;
  width: number | null;
  height: number | null;
  /** 16 hex digits (64-bit DCT pHash); null when the image could not be decoded, with the reason */
  phash: string | null;
  phashError: string | null;
  /** a file found beside the capture: its bytes, to be stored as evidence of its own */
  beside: { path: string; bytes: Uint8Array } | null;
}

const EXTENSIONS = /\.(jpe?g|png|gif|webp|bmp)$/i;

/** True for names that are probably pictures: archive entries worth hashing perceptually. */
export function looksLikeImageName(name: string): boolean {
  return EXTENSIONS.test(name);
}

/** Hashes an image both ways; a picture that cannot be decoded still gets its SHA-256. */
export function imageFacts(bytes: Uint8Array, ref: string, entry: string | null, beside: ImageFacts['beside'] = null): ImageFacts {
  const type = sniffImageType(bytes);
  const p = perceptualHash(bytes);
  return {
    ref,
    entry,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    mediaType: type ? `image/${type}` : null,
    width: 'hash' in p ? p.width : null,
    height: 'hash' in p ? p.height : null,
    phash: 'hash' in p ? p.hash : null,
    phashError: 'hash' in p ? null : p.error,
    beside,
  };
}
