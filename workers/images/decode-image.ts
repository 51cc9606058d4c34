/**
 * Decodes the still-image formats that evidence photos arrive in to RGBA pixels, synchronously and
 * in pure JS (the ingest pipeline is a synchronous generator in a worker thread).
 *
 * JPEG goes through jpeg-js, which already turns grayscale and (Adobe) CMYK into RGB; PNG through
 * pngjs, whose normaliser expands palette, grayscale, tRNS and 16-bit samples to 8-bit RGBA.
 * GIF and WebP are recognised but not decoded: there is no maintained synchronous pure-JS WebP
 * decoder, and the caller keeps every image by SHA-256 whether or not we can read its pixels.
 */
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeBmp } from './decode-bmp';
import { applyOrientation, exifOrientation } from './exif-orientation';

export type ImageType = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

export interface DecodedImage {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, rows top to bottom */
  data: Uint8Array;
}

/** The same ceiling jpeg-js applies, so a 1 KB PNG cannot ask pngjs for gigabytes. */
export const MAX_IMAGE_PIXELS = 100_000_000;
const MAX_JPEG_MEMORY_MB = 512;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const BMP_HEADER_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

/** The image format announced by the file's magic bytes, or null if it is none we know. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  // "BM" alone starts plenty of text files; the DIB header size behind it is what makes it a bitmap.
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 18) {
    const dibSize = (bytes[14] ?? 0) | ((bytes[15] ?? 0) << 8) | ((bytes[16] ?? 0) << 16) | ((bytes[17] ?? 0) << 24);
    if (BMP_HEADER_SIZES.has(dibSize)) return 'bmp';
  }
  return null;
}

/** Decodes a JPEG, PNG or BMP to RGBA; throws an Error that names the problem otherwise. */
export function decodeImage(bytes: Uint8Array): DecodedImage {
  const type = sniffImageType(bytes);
  switch (type) {
    case 'jpeg':
      return decodeJpegImage(bytes);
    case 'png':
      return decodePngImage(bytes);
    case 'bmp':
      return decodeBmp(bytes, MAX_IMAGE_PIXELS);
    case 'gif':
    case 'webp':
      throw new Error(`unsupported image format ${type}`);
    case null: {
      if (bytes.length === 0) throw new Error('not an image: the file is empty');
      const head = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      throw new Error(`not an image: unrecognised file signature (${head})`);
    }
  }
}

function decodeJpegImage(bytes: Uint8Array): DecodedImage {
  let decoded: { width: number; height: number; data: Uint8Array; exifBuffer?: Uint8Array };
  try {
    decoded = decodeJpeg(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxMemoryUsageInMB: MAX_JPEG_MEMORY_MB,
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
    });
  } catch (error) {
    throw new Error(describeJpegFailure(bytes, messageOf(error)));
  }
  if (decoded.width === 0 || decoded.height === 0) throw new Error('corrupt JPEG: zero width or height');
  const orientation = decoded.exifBuffer ? exifOrientation(decoded.exifBuffer) : 1;
  return applyOrientation({ width: decoded.width, height: decoded.height, data: decoded.data }, orientation);
}

/** jpeg-js reports symptoms ("marker was not found"); say what they mean for the analyst. */
function describeJpegFailure(bytes: Uint8Array, message: string): string {
  if (/limit exceeded|allocate/i.test(message)) return `image too large: ${message}`;
  if (/unsupported|only single frame/i.test(message)) return `unsupported JPEG: ${message}`;
  if (!hasEndOfImage(bytes)) return `corrupt JPEG: truncated, no end-of-image marker (${message})`;
  return `corrupt JPEG: ${message}`;
}

function hasEndOfImage(bytes: Uint8Array): boolean {
  // Cameras and editors may append data after EOI, so look for it anywhere, last first.
  for (let i = bytes.length - 2; i >= 2; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

function decodePngImage(bytes: Uint8Array): DecodedImage {
  // IHDR is always first: width and height are big-endian at bytes 16 and 20.
  if (bytes.length >= 24) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const pixels = view.getUint32(16) * view.getUint32(20);
    if (pixels > MAX_IMAGE_PIXELS) throw new Error(`image too large: ${pixels} pixels in a PNG`);
  }
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (png.width === 0 || png.height === 0) throw new Error('zero width or height');
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
  } catch (error) {
    throw new Error(`corrupt PNG: ${messageOf(error)}`);
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
