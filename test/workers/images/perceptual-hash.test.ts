import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage, type DecodedImage } from '../../../workers/images/decode-image';
import {
  NEAR_DUPLICATE_MAX_DISTANCE,
  hammingDistance,
  imageSimilarity,
  perceptualHash,
  perceptualHashOfPixels,
} from '../../../workers/images/perceptual-hash';
import { brighten, cropBorder, makeScene, renderScene, resizeBilinear, rotateClockwise, withExifOrientation } from './synthetic-images';

const jpeg = (image: DecodedImage, quality: number): Uint8Array => new Uint8Array(encodeJpeg(image, quality).data);
function png(image: DecodedImage): Uint8Array {
  const out = new PNG({ width: image.width, height: image.height });
  out.data = Buffer.from(image.data);
  return new Uint8Array(PNG.sync.write(out));
}
function hashOf(bytes: Uint8Array): string {
  const result = perceptualHash(bytes);
  if ('error' in result) throw new Error(result.error);
  return result.hash;
}

/** Cuts 3 % off one side only, as when a watermark strip is removed. */
function cropBottom(image: DecodedImage, fraction: number): DecodedImage {
  const height = image.height - Math.round(image.height * fraction);
  return { width: image.width, height, data: image.data.slice(0, image.width * height * 4) };
}

interface Hashed {
  scene: string;
  variant: string;
  hash: string;
}

// Six unrelated scenes, and a seventh that shares the sixth's palette and background but places
// different objects: the "same studio, other photo" case that must not count as a re-use.
const SCENES: Array<[string, number, number]> = [
  ['dusk', 1, 1],
  ['room', 2, 2],
  ['street', 3, 3],
  ['beach', 4, 4],
  ['portrait', 5, 5],
  ['studio-a', 6, 6],
  ['studio-b', 6, 66],
];

/** Every scene as JPEG q90 and PNG originals, and the edits ads make when they re-use a photo. */
function hashAll(): { originals: Hashed[]; variants: Array<Hashed & { distance: number }> } {
  const originals: Hashed[] = [];
  const variants: Array<Hashed & { distance: number }> = [];
  for (const [scene, paletteSeed, contentSeed] of SCENES) {
    const pixels = renderScene(makeScene(paletteSeed, contentSeed));
    const original = jpeg(pixels, 90);
    const originalPng = png(pixels);
    const decoded = decodeImage(original);
    const hash = hashOf(original);
    originals.push({ scene, variant: 'original', hash });
    const edits: Record<string, Uint8Array> = {
      'png original': originalPng,
      'resized 50%': jpeg(resizeBilinear(decoded, 200, 150), 90),
      'resized 137%': jpeg(resizeBilinear(decoded, 548, 411), 90),
      'jpeg quality 30': jpeg(decoded, 30),
      'brightness +10%': jpeg(brighten(decoded, 1.1), 90),
      '3% crop every side': jpeg(cropBorder(decoded, 0.03), 90),
      '3% crop bottom': jpeg(cropBottom(decoded, 0.03), 90),
      'png to jpeg': jpeg(decodeImage(originalPng), 75),
      'resized 60%, q30, +10%': jpeg(brighten(resizeBilinear(decoded, 240, 180), 1.1), 30),
    };
    for (const [variant, bytes] of Object.entries(edits)) {
      const variantHash = hashOf(bytes);
      variants.push({ scene, variant, hash: variantHash, distance: hammingDistance(hash, variantHash) });
    }
  }
  return { originals, variants };
}

describe('perceptualHash', () => {
  const { originals, variants } = hashAll();

  it('finds every re-used photo within NEAR_DUPLICATE_MAX_DISTANCE of its original', () => {
    const worst = variants.reduce((a, b) => (b.distance > a.distance ? b : a));
    console.log(`max variant distance: ${worst.distance} (${worst.scene}, ${worst.variant}); threshold ${NEAR_DUPLICATE_MAX_DISTANCE}`);
    const byVariant = new Map<string, number>();
    for (const v of variants) byVariant.set(v.variant, Math.max(byVariant.get(v.variant) ?? 0, v.distance));
    console.log('max distance per edit:', Object.fromEntries(byVariant));
    for (const v of variants) expect(v.distance, `${v.scene}: ${v.variant}`).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE);
  });

  it('keeps different scenes, even with the same palette and layout, above the threshold', () => {
    const all = [...originals, ...variants];
    let closestOriginals = 64;
    let closestAny = { distance: 64, between: '' };
    for (const a of all) {
      for (const b of all) {
        if (a.scene >= b.scene) continue;
        const distance = hammingDistance(a.hash, b.hash);
        if (a.variant === 'original' && b.variant === 'original') closestOriginals = Math.min(closestOriginals, distance);
        if (distance < closestAny.distance) closestAny = { distance, between: `${a.scene} ${a.variant} / ${b.scene} ${b.variant}` };
        expect(distance, `${a.scene} ${a.variant} vs ${b.scene} ${b.variant}`).toBeGreaterThan(NEAR_DUPLICATE_MAX_DISTANCE);
      }
    }
    const studio = hammingDistance(originals[5]?.hash ?? '', originals[6]?.hash ?? '');
    console.log(`min different-scene distance: originals ${closestOriginals}, any variants ${closestAny.distance} (${closestAny.between}); same-palette pair ${studio}`);
  });

  it('does not alias fine texture of a large photo into its hash', () => {
    // Point-sampling 1600 px to 32 picks the grating's phase at random per cell; area averaging
    // cancels it, so the large render hashes like the small one.
    const scene = makeScene(1);
    const large = perceptualHashOfPixels(renderScene(scene, 1600, 1200, 40));
    const small = perceptualHashOfPixels(renderScene(scene, 400, 300));
    expect(hammingDistance(large, small)).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE / 2);
  });

  it('hashes a phone photo with an EXIF rotation like its re-posted, rotated copy', () => {
    const pixels = renderScene(makeScene(3));
    const phone = perceptualHash(withExifOrientation(jpeg(pixels, 90), 6));
    const reposted = perceptualHash(jpeg(rotateClockwise(pixels), 90));
    if ('error' in phone || 'error' in reposted) throw new Error('decode failed');
    expect([phone.width, phone.height]).toEqual([300, 400]);
    expect(hammingDistance(phone.hash, reposted.hash)).toBeLessThanOrEqual(2);
    expect(hammingDistance(phone.hash, hashOf(jpeg(pixels, 90)))).toBeGreaterThan(NEAR_DUPLICATE_MAX_DISTANCE);
  });

  it('sees transparent pixels as white, whatever colour they hide', () => {
    const pixels = renderScene(makeScene(4), 200, 150);
    const cutout = { ...pixels, data: pixels.data.slice() };
    const onWhite = { ...pixels, data: pixels.data.slice() };
    for (let p = 0; p < pixels.width * pixels.height; p++) {
      if (p % pixels.width >= 40) continue;
      cutout.data.set([p % 256, 0, 255 - (p % 256), 0], p * 4);
      onWhite.data.set([255, 255, 255, 255], p * 4);
    }
    expect(perceptualHashOfPixels(cutout)).toBe(perceptualHashOfPixels(onWhite));
  });

  it('reports the algorithm and size, and gives flat images one stable hash', () => {
    const flat = (value: number, width: number, height: number): DecodedImage => ({ width, height, data: new Uint8Array(width * height * 4).fill(value) });
    expect(perceptualHashOfPixels(flat(200, 640, 480))).toBe('0000000000000000');
    expect(perceptualHashOfPixels(flat(90, 7, 3))).toBe('0000000000000000');
    const result = perceptualHash(jpeg(renderScene(makeScene(2), 123, 77), 90));
    expect(result).toMatchObject({ algorithm: 'phash-dct-64', width: 123, height: 77 });
    if ('hash' in result) expect(result.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('returns the reason instead of throwing for files it cannot read', () => {
    const truncated = jpeg(renderScene(makeScene(4)), 90).subarray(0, 4000);
    expect(perceptualHash(truncated)).toEqual({ error: expect.stringMatching(/^corrupt JPEG: truncated/) });
    expect(perceptualHash(new TextEncoder().encode('GIF89a\x01\x00\x01\x00'))).toEqual({ error: 'unsupported image format gif' });
    expect(perceptualHash(new TextEncoder().encode('RIFF\x10\x00\x00\x00WEBPVP8 '))).toEqual({ error: 'unsupported image format webp' });
    expect(perceptualHash(Uint8Array.from([0x13, 0x37, 0xca, 0xfe, 1, 2, 3]))).toEqual({ error: expect.stringMatching(/^not an image/) });
  });
});

describe('hammingDistance and imageSimilarity', () => {
  it('counts differing bits across both 32-bit halves', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('ffffffffffffffff', '0000000000000000')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance('00000000FFFF0000', '000000000000ffff')).toBe(32);
    expect(() => hammingDistance('1234', '0000000000000000')).toThrow(/not a 64-bit perceptual hash/);
  });

  it('maps distance to a similarity between 0 and 1', () => {
    expect(imageSimilarity(0)).toBe(1);
    expect(imageSimilarity(32)).toBe(0.5);
    expect(imageSimilarity(64)).toBe(0);
  });
});
