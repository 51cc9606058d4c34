/**
 * Photos made up in the test: soft gradients, lit backgrounds, anti-aliased shapes and sensor-like
 * noise from a seeded PRNG, so scenes are realistic enough for a perceptual hash and reproducible.
 * Plus the edits ads apply to re-used photos (bilinear resize, crop, brightness) and writers for
 * PNG and BMP variants that pngjs and jpeg-js cannot produce.
 */
import { deflateSync } from 'node:zlib';
import type { DecodedImage } from '../../../workers/images/decode-image';
import { seededRandom } from '../../helpers/seeded-random';

type Rgb = [number, number, number];
interface Shape {
  kind: 'ellipse' | 'box';
  /** centre and half-size as fractions of the width and height */
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angle: number;
  colour: Rgb;
  /** a gentle shading across the shape, as light falling on an object */
  shade: number;
}
interface Wave {
  fx: number;
  fy: number;
  phase: number;
  amplitude: number;
}
export interface Scene {
  top: Rgb;
  bottom: Rgb;
  tilt: number;
  waves: Wave[];
  shapes: Shape[];
  noiseSeed: number;
}

const colour = (random: () => number): Rgb => [random() * 255, random() * 255, random() * 255];

/** The palette and background of a scene: two sky colours, lighting waves and object colours. */
export function paletteFrom(seed: number): { top: Rgb; bottom: Rgb; tilt: number; waves: Wave[]; colours: Rgb[] } {
  const random = seededRandom(seed);
  return {
    top: colour(random),
    bottom: colour(random),
    tilt: random() * 2 - 1,
    waves: Array.from({ length: 3 }, () => ({ fx: random() * 3, fy: random() * 3, phase: random() * 6.3, amplitude: 10 + random() * 20 })),
    colours: Array.from({ length: 5 }, () => colour(random)),
  };
}

/** A scene: the palette of `paletteSeed` and 6–9 objects placed by `contentSeed`. */
export function makeScene(paletteSeed: number, contentSeed = paletteSeed): Scene {
  const { colours, ...background } = paletteFrom(paletteSeed);
  const random = seededRandom(contentSeed * 7919 + 17);
  const shapes: Shape[] = Array.from({ length: 6 + Math.floor(random() * 4) }, () => ({
    kind: random() < 0.5 ? 'ellipse' : 'box',
    cx: random(),
    cy: random(),
    rx: 0.05 + random() * 0.25,
    ry: 0.05 + random() * 0.25,
    angle: random() * Math.PI,
    colour: colours[Math.floor(random() * colours.length)] ?? [0, 0, 0],
    shade: random() * 60 - 30,
  }));
  return { ...background, shapes, noiseSeed: contentSeed };
}

/**
 * Renders a scene at any size; geometry is in fractions, so two sizes show the same picture.
 * `grain` adds a fine grating (period 2.1 pixels) of that amplitude, like fabric or hair: the
 * texture that turns into false large-scale patterns when a big photo is point-sampled.
 */
export function renderScene(scene: Scene, width = 400, height = 300, grain = 0): DecodedImage {
  const data = new Uint8Array(width * height * 4);
  const noise = seededRandom(scene.noiseSeed ^ 0x5eed);
  const edge = 1.5 / Math.min(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5) / width;
      const v = (y + 0.5) / height;
      const t = Math.min(1, Math.max(0, v + scene.tilt * (u - 0.5) * 0.5));
      const light = scene.waves.reduce((sum, w) => sum + w.amplitude * Math.sin(6.283 * (w.fx * u + w.fy * v) + w.phase), 0);
      let rgb: Rgb = [0, 1, 2].map((c) => (scene.top[c] ?? 0) * (1 - t) + (scene.bottom[c] ?? 0) * t + light) as Rgb;
      for (const s of scene.shapes) {
        const dx = u - s.cx;
        const dy = (v - s.cy) * (height / width);
        const px = (dx * Math.cos(s.angle) + dy * Math.sin(s.angle)) / s.rx;
        const py = (-dx * Math.sin(s.angle) + dy * Math.cos(s.angle)) / (s.ry * (height / width));
        const inside = s.kind === 'ellipse' ? 1 - Math.hypot(px, py) : 1 - Math.max(Math.abs(px), Math.abs(py));
        const cover = Math.min(1, Math.max(0, inside / (edge / Math.min(s.rx, s.ry)) + 0.5));
        if (cover > 0) rgb = rgb.map((c, i) => c * (1 - cover) + ((s.colour[i] ?? 0) + s.shade * px) * cover) as Rgb;
      }
      const n = (noise() - 0.5) * 16 + grain * Math.sin((2 * Math.PI * (x + y)) / 2.1);
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[o + c] = clamp((rgb[c] ?? 0) + n);
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

const clamp = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));

/** Bilinear resize with pixel centres aligned, as most web image pipelines do it. */
export function resizeBilinear(image: DecodedImage, width: number, height: number): DecodedImage {
  const data = new Uint8Array(width * height * 4);
  const at = (x: number, y: number, c: number): number => image.data[(y * image.width + x) * 4 + c] ?? 0;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, ((y + 0.5) * image.height) / height - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, ((x + 0.5) * image.width) / width - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 4; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x1, y0, c) * fx;
        const bottom = at(x0, y1, c) * (1 - fx) + at(x1, y1, c) * fx;
        data[(y * width + x) * 4 + c] = clamp(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width, height, data };
}

/** Cuts `fraction` of the width and height off every side. */
export function cropBorder(image: DecodedImage, fraction: number): DecodedImage {
  const left = Math.round(image.width * fraction);
  const top = Math.round(image.height * fraction);
  const width = image.width - 2 * left;
  const height = image.height - 2 * top;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((y + top) * image.width + left) * 4;
    data.set(image.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data };
}

/** Multiplies every colour channel by `factor`, clipping at white. */
export function brighten(image: DecodedImage, factor: number): DecodedImage {
  const data = image.data.map((v, i) => (i % 4 === 3 ? v : clamp(v * factor)));
  return { ...image, data };
}

/** Turns the pixels a quarter clockwise. */
export function rotateClockwise(image: DecodedImage): DecodedImage {
  const { width, height } = image;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Source (x, y) lands at column height-1-y, row x of the height×width result.
      data.set(image.data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4), (x * height + (height - 1 - y)) * 4);
    }
  }
  return { width: height, height: width, data };
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  out.set(Buffer.from(type, 'latin1'), 4);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/**
 * A PNG from raw scanlines (filter byte 0 is added here), for colour types pngjs cannot write:
 * palette, and 16-bit samples.
 */
export function writePng(opts: { width: number; height: number; bitDepth: number; colorType: number; rows: Uint8Array[]; palette?: Rgb[]; transparency?: number[] }): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, opts.width);
  view.setUint32(4, opts.height);
  header[8] = opts.bitDepth;
  header[9] = opts.colorType;
  const raw = Buffer.concat(opts.rows.map((row) => Buffer.concat([Buffer.from([0]), row])));
  const parts = [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header)];
  if (opts.palette) parts.push(chunk('PLTE', Uint8Array.from(opts.palette.flat())));
  if (opts.transparency) parts.push(chunk('tRNS', Uint8Array.from(opts.transparency)));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

/** A bottom-up 24-bit BMP (BITMAPINFOHEADER, BI_RGB) of RGBA pixels. */
export function writeBmp24(image: DecodedImage): Uint8Array {
  const stride = Math.ceil((image.width * 3) / 4) * 4;
  const out = new Uint8Array(54 + stride * image.height);
  const view = new DataView(out.buffer);
  out.set([0x42, 0x4d]);
  view.setUint32(2, out.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, image.width, true);
  view.setInt32(22, image.height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const s = (y * image.width + x) * 4;
      const d = 54 + (image.height - 1 - y) * stride + x * 3;
      out[d] = image.data[s + 2] ?? 0;
      out[d + 1] = image.data[s + 1] ?? 0;
      out[d + 2] = image.data[s] ?? 0;
    }
  }
  return out;
}

/** Inserts an EXIF APP1 segment carrying only an orientation tag right after the JPEG's SOI. */
export function withExifOrientation(jpeg: Uint8Array, orientation: number): Uint8Array {
  // "Exif\0\0", then a big-endian TIFF header and an IFD0 with one SHORT entry.
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const length = payload.length + 2;
  const segment = Uint8Array.from([0xff, 0xe1, length >> 8, length & 0xff, ...payload]);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
