/**
 * DCT perceptual hash ("pHash") of a photo, so the same picture re-posted in another ad or sent in a
 * chat is found after resizing, recompression, small crops or a brightness change.
 *
 * Written by hand because nothing on npm fits a synchronous pure-JS pipeline: sharp-phash needs the
 * native sharp, imghash and image-hash are promise-based, jimp's pHash comes with an asynchronous
 * image library, and blockhash-core, the one synchronous option, computes blockhash, a different
 * hash that thresholds block means with no frequency transform. The algorithm here is that of
 * pHash.org's ph_dct_imagehash, described in
 * C. Zauner, "Implementation and Benchmarking of Perceptual Image Hash Functions", 2010:
 *   luma → 32×32 → 2-D DCT-II → the 8×8 lowest frequencies after the DC row and column →
 *   one bit per coefficient: above their median or not.
 * pHash.org blurs with a 7×7 mean before a point-sampled resize; we downscale by exact area
 * averaging instead, which removes the same high frequencies without aliasing on large photos.
 */
import { decodeImage, type DecodedImage } from './decode-image';

export { HASH_BITS, NEAR_DUPLICATE_MAX_DISTANCE, hammingDistance, imageSimilarity } from './hash-distance';
export { PerceptualIndex, type NearHash } from './perceptual-index';

export type PerceptualHashResult =
  | { algorithm: 'phash-dct-64'; hash: string; width: number; height: number }
  | { error: string };

const SIZE = 32;
const LOW = 8;

/**
 * COSINES[u][x] = cos((2x + 1)uπ / 64) for the frequencies u = 1..8 we keep. The orthonormal DCT
 * scale √(2/N) is the same for all of them, and bits only compare coefficients, so it is left out.
 */
const COSINES: Float64Array[] = Array.from({ length: LOW }, (_, i) =>
  Float64Array.from({ length: SIZE }, (_, x) => Math.cos(((2 * x + 1) * (i + 1) * Math.PI) / (2 * SIZE))),
);

/** The perceptual hash of an encoded image; never throws, a picture we cannot read gives {error}. */
export function perceptualHash(bytes: Uint8Array): PerceptualHashResult {
  try {
    const image = decodeImage(bytes);
    return { algorithm: 'phash-dct-64', hash: perceptualHashOfPixels(image), width: image.width, height: image.height };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The 16-hex-digit perceptual hash of decoded RGBA pixels. */
export function perceptualHashOfPixels(image: DecodedImage): string {
  const coefficients = lowFrequencies(downscaledLuma(image));
  const sorted = Float64Array.from(coefficients).sort();
  const median = ((sorted[31] ?? 0) + (sorted[32] ?? 0)) / 2;
  let high = 0;
  let low = 0;
  for (let i = 0; i < 32; i++) {
    high = (high << 1) | ((coefficients[i] ?? 0) > median ? 1 : 0);
    low = (low << 1) | ((coefficients[i + 32] ?? 0) > median ? 1 : 0);
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

/**
 * For each of `to` output cells, the source pixels it covers and by how much: cell j spans
 * [j·from/to, (j+1)·from/to) and a pixel counts with the length of its overlap. Weights sum to 1.
 */
function areaWeights(from: number, to: number): { first: Int32Array; weights: Float64Array[] } {
  const scale = from / to;
  const first = new Int32Array(to);
  const weights: Float64Array[] = [];
  for (let j = 0; j < to; j++) {
    const start = j * scale;
    const end = (j + 1) * scale;
    const i0 = Math.floor(start);
    const i1 = Math.min(from, Math.ceil(end));
    first[j] = i0;
    weights.push(Float64Array.from({ length: i1 - i0 }, (_, k) => (Math.min(end, i0 + k + 1) - Math.max(start, i0 + k)) / scale));
  }
  return { first, weights };
}

/** Luma (BT.601, as pHash.org) averaged over 32×32 equal areas; transparency is shown on white. */
function downscaledLuma({ width, height, data }: DecodedImage): Float64Array {
  const columns = areaWeights(width, SIZE);
  const rows = areaWeights(height, SIZE);
  // Separable: first every source row to 32 columns, then 32 rows of those.
  const narrowed = new Float64Array(height * SIZE);
  const luma = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    for (let x = 0, p = y * width * 4; x < width; x++, p += 4) {
      const alpha = (data[p + 3] ?? 255) / 255;
      const y601 = 0.299 * (data[p] ?? 0) + 0.587 * (data[p + 1] ?? 0) + 0.114 * (data[p + 2] ?? 0);
      luma[x] = y601 * alpha + 255 * (1 - alpha);
    }
    for (let j = 0; j < SIZE; j++) {
      const w = columns.weights[j] ?? new Float64Array(0);
      const x0 = columns.first[j] ?? 0;
      let sum = 0;
      for (let k = 0; k < w.length; k++) sum += (w[k] ?? 0) * (luma[x0 + k] ?? 0);
      narrowed[y * SIZE + j] = sum;
    }
  }
  const small = new Float64Array(SIZE * SIZE);
  for (let i = 0; i < SIZE; i++) {
    const w = rows.weights[i] ?? new Float64Array(0);
    const y0 = rows.first[i] ?? 0;
    for (let k = 0; k < w.length; k++) {
      const weight = w[k] ?? 0;
      const row = (y0 + k) * SIZE;
      for (let j = 0; j < SIZE; j++) small[i * SIZE + j] = (small[i * SIZE + j] ?? 0) + weight * (narrowed[row + j] ?? 0);
    }
  }
  return small;
}

/** DCT-II coefficients (v, u) for v, u = 1..8 of a 32×32 block, row by row (64 values). */
function lowFrequencies(block: Float64Array): Float64Array {
  // Rows first: 32 rows × 8 horizontal frequencies, then 8 vertical frequencies of those.
  const horizontal = new Float64Array(SIZE * LOW);
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < LOW; u++) {
      const cos = COSINES[u] ?? new Float64Array(0);
      let sum = 0;
      for (let x = 0; x < SIZE; x++) sum += (block[y * SIZE + x] ?? 0) * (cos[x] ?? 0);
      horizontal[y * LOW + u] = sum;
    }
  }
  const out = new Float64Array(LOW * LOW);
  for (let v = 0; v < LOW; v++) {
    const cos = COSINES[v] ?? new Float64Array(0);
    for (let u = 0; u < LOW; u++) {
      let sum = 0;
      for (let y = 0; y < SIZE; y++) sum += (cos[y] ?? 0) * (horizontal[y * LOW + u] ?? 0);
      // Rounding noise on a flat image would otherwise decide bits at random; treat it as zero.
      out[v * LOW + u] = Math.abs(sum) < 1e-6 ? 0 : sum;
    }
  }
  return out;
}
