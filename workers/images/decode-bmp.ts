/**
 * Uncompressed Windows bitmaps, the format screenshots and old phone exports still come in. Reads
 * palette (1/4/8-bit), 24-bit and 32-bit BI_RGB and 16/32-bit BI_BITFIELDS; RLE is rare enough to
 * refuse. Alpha is ignored, as Windows itself does for BI_RGB, so every pixel is opaque.
 */
import type { DecodedImage } from './decode-image';

const BI_RGB = 0;
const BI_BITFIELDS = 3;

/** Decodes a BMP file to RGBA; throws an Error naming what is wrong or unsupported. */
export function decodeBmp(bytes: Uint8Array, maxPixels: number): DecodedImage {
  if (bytes.length < 26) throw new Error('corrupt BMP: truncated header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);
  const core = dibSize === 12;
  if (!core && bytes.length < 54) throw new Error('corrupt BMP: truncated header');
  const width = core ? view.getUint16(18, true) : view.getInt32(18, true);
  const signedHeight = core ? view.getInt16(20, true) : view.getInt32(22, true);
  const bpp = view.getUint16(core ? 24 : 28, true);
  const compression = core ? BI_RGB : view.getUint32(30, true);
  const height = Math.abs(signedHeight);
  const topDown = signedHeight < 0;

  if (width <= 0 || height === 0) throw new Error('corrupt BMP: zero width or height');
  if (width * height > maxPixels) throw new Error(`image too large: ${width * height} pixels in a BMP`);
  const paletted = bpp === 1 || bpp === 4 || bpp === 8;
  const plain = compression === BI_RGB && (paletted || bpp === 24 || bpp === 32);
  const masked = compression === BI_BITFIELDS && (bpp === 16 || bpp === 32);
  if (!plain && !masked) throw new Error(`unsupported BMP: ${bpp} bits per pixel, compression ${compression}`);

  if (masked && bytes.length < 66) throw new Error('corrupt BMP: truncated colour masks');
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  if (pixelOffset + stride * height > bytes.length) throw new Error('corrupt BMP: truncated pixel data');

  const palette = paletted ? readPalette(view, 14 + dibSize, core, bpp) : new Uint32Array(0);
  const masks = masked ? [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)] : [];
  const channels = masks.map(channelOf);

  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      if (paletted) {
        const bit = x * bpp;
        const index = ((bytes[row + (bit >> 3)] ?? 0) >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        const bgr = palette[index] ?? 0;
        out[o] = (bgr >> 16) & 0xff;
        out[o + 1] = (bgr >> 8) & 0xff;
        out[o + 2] = bgr & 0xff;
      } else if (masked) {
        const value = bpp === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
        for (let c = 0; c < 3; c++) out[o + c] = channels[c]?.(value) ?? 0;
      } else {
        const p = row + x * (bpp >> 3);
        out[o] = bytes[p + 2] ?? 0;
        out[o + 1] = bytes[p + 1] ?? 0;
        out[o + 2] = bytes[p] ?? 0;
      }
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/** Palette entries as 0xRRGGBB; a short or missing palette leaves black, as viewers show it. */
function readPalette(view: DataView, at: number, core: boolean, bpp: number): Uint32Array {
  const entrySize = core ? 3 : 4;
  const declared = core ? 0 : view.getUint32(46, true);
  const count = Math.min(declared || 1 << bpp, 1 << bpp);
  const palette = new Uint32Array(1 << bpp);
  for (let i = 0; i < count && at + i * entrySize + 3 <= view.byteLength; i++) {
    const p = at + i * entrySize;
    palette[i] = (view.getUint8(p + 2) << 16) | (view.getUint8(p + 1) << 8) | view.getUint8(p);
  }
  return palette;
}

/** Extracts one BI_BITFIELDS channel and stretches it to 0–255 (5-bit 31 must become 255). */
function channelOf(mask: number): (value: number) => number {
  if (mask === 0) return () => 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return (value) => Math.round((((value & mask) >>> shift) * 255) / max);
}
