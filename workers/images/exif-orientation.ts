/**
 * Phones store photos as the sensor saw them and record the rotation in EXIF; every viewer, and every
 * site that re-encodes an upload, shows or bakes in the rotated picture. Applying the tag here makes
 * the phone original and its re-posted copy the same pixels, so their perceptual hashes agree.
 */
import type { DecodedImage } from './decode-image';

const ORIENTATION_TAG = 0x0112;
const TYPE_SHORT = 3;

/** The EXIF orientation (1–8) in an APP1 payload after "Exif\0"; 1 when absent or unreadable. */
export function exifOrientation(exif: Uint8Array): number {
  // jpeg-js strips "Exif\0" but not the second pad byte, so the TIFF header starts at 0 or 1.
  const start = exif[0] === 0 ? 1 : 0;
  if (exif.length < start + 8) return 1;
  const view = new DataView(exif.buffer, exif.byteOffset + start, exif.byteLength - start);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return 1;
  const little = order === 0x4949;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > view.byteLength) return 1;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > view.byteLength) return 1;
    if (view.getUint16(entry, little) !== ORIENTATION_TAG) continue;
    if (view.getUint16(entry + 2, little) !== TYPE_SHORT) return 1;
    const value = view.getUint16(entry + 8, little);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

/**
 * Source column and row as (a·x + b·y + c, d·x + e·y + f) of the displayed pixel (x, y), for each
 * orientation: the eight mirrorings and quarter turns the EXIF tag can name.
 */
function sourceOf(orientation: number, w: number, h: number): [number, number, number, number, number, number] {
  switch (orientation) {
    case 2: return [-1, 0, w - 1, 0, 1, 0]; // mirrored left-right
    case 3: return [-1, 0, w - 1, 0, -1, h - 1]; // upside down
    case 4: return [1, 0, 0, 0, -1, h - 1]; // mirrored top-bottom
    case 5: return [0, 1, 0, 1, 0, 0]; // transposed
    case 6: return [0, 1, 0, -1, 0, h - 1]; // needs a quarter turn clockwise
    case 7: return [0, -1, w - 1, -1, 0, h - 1]; // transversed
    default: return [0, -1, w - 1, 1, 0, 0]; // 8: needs a quarter turn anticlockwise
  }
}

/** The image as it is meant to be displayed under EXIF orientation 1–8. */
export function applyOrientation(image: DecodedImage, orientation: number): DecodedImage {
  if (orientation < 2 || orientation > 8) return image;
  const { width: w, height: h, data } = image;
  const transposed = orientation >= 5;
  const outWidth = transposed ? h : w;
  const outHeight = transposed ? w : h;
  const [a, b, c, d, e, f] = sourceOf(orientation, w, h);
  const stepX = d * w + a;
  const stepY = e * w + b;
  // One RGBA pixel per 32-bit word keeps the copy to one load and one store.
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const src = new Uint32Array(aligned.buffer, aligned.byteOffset, w * h);
  const out = new Uint8Array(w * h * 4);
  const dst = new Uint32Array(out.buffer);
  for (let y = 0, o = 0; y < outHeight; y++) {
    let s = y * stepY + f * w + c;
    for (let x = 0; x < outWidth; x++, o++, s += stepX) dst[o] = src[s] ?? 0;
  }
  return { width: outWidth, height: outHeight, data: out };
}
