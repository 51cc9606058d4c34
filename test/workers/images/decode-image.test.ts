import { encode as encodeJpeg } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { decodeImage, sniffImageType, type DecodedImage } from '../../../workers/images/decode-image';
import { exifOrientation } from '../../../workers/images/exif-orientation';
import { makeScene, renderScene, rotateClockwise, withExifOrientation, writeBmp24, writePng } from './synthetic-images';

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const jpeg = (image: DecodedImage, quality = 90): Uint8Array => new Uint8Array(encodeJpeg(image, quality).data);
const rgba = (image: DecodedImage): number[] => [...image.data];

describe('sniffImageType', () => {
  it('recognises each format by its magic bytes', () => {
    expect(sniffImageType(jpeg(renderScene(makeScene(1), 16, 16)))).toBe('jpeg');
    expect(sniffImageType(writePng({ width: 1, height: 1, bitDepth: 8, colorType: 0, rows: [Uint8Array.of(0)] }))).toBe('png');
    expect(sniffImageType(bytes('GIF87a....'))).toBe('gif');
    expect(sniffImageType(bytes('RIFF\x00\x00\x00\x00WEBPVP8L'))).toBe('webp');
    expect(sniffImageType(writeBmp24(renderScene(makeScene(1), 2, 2)))).toBe('bmp');
  });

  it('does not take text or other RIFF files for images', () => {
    expect(sniffImageType(bytes('BMW 320d, one owner, call +44 7700 900123'))).toBeNull();
    expect(sniffImageType(bytes('RIFF\x00\x00\x00\x00WAVEfmt '))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });
});

describe('decodeImage errors name the problem', () => {
  const good = jpeg(renderScene(makeScene(2), 120, 90));

  it('truncated JPEG', () => {
    expect(() => decodeImage(good.subarray(0, Math.floor(good.length / 2)))).toThrow(/^corrupt JPEG: truncated, no end-of-image marker/);
    expect(() => decodeImage(good.subarray(0, 40))).toThrow(/^corrupt JPEG/);
  });

  it('GIF and WebP are recognised but not decoded', () => {
    expect(() => decodeImage(bytes('GIF89a\x10\x00\x10\x00\x80\x00\x00'))).toThrow('unsupported image format gif');
    expect(() => decodeImage(bytes('RIFF\x24\x00\x00\x00WEBPVP8 '))).toThrow('unsupported image format webp');
  });

  it('random bytes and empty files', () => {
    const random = Uint8Array.from({ length: 512 }, (_, i) => (i * 97 + 13) & 0xff);
    expect(() => decodeImage(random)).toThrow('not an image: unrecognised file signature (0d 6e cf 30 91 f2 53 b4)');
    expect(() => decodeImage(new Uint8Array(0))).toThrow('not an image: the file is empty');
  });

  it('corrupt or oversized PNG', () => {
    const png = writePng({ width: 2, height: 1, bitDepth: 8, colorType: 0, rows: [Uint8Array.of(0, 200)] });
    expect(() => decodeImage(png.subarray(0, 40))).toThrow(/^corrupt PNG: /);
    const huge = writePng({ width: 50_000, height: 50_000, bitDepth: 1, colorType: 0, rows: [] });
    expect(() => decodeImage(huge)).toThrow('image too large: 2500000000 pixels in a PNG');
  });
});

describe('decodeImage PNG', () => {
  it('expands a 4-bit palette with transparency to RGBA', () => {
    const image = decodeImage(
      writePng({
        width: 3,
        height: 2,
        bitDepth: 4,
        colorType: 3,
        palette: [[255, 0, 0], [0, 255, 0], [0, 0, 255]],
        transparency: [255, 128],
        rows: [Uint8Array.of(0x01, 0x20), Uint8Array.of(0x22, 0x00)],
      }),
    );
    expect([image.width, image.height]).toEqual([3, 2]);
    expect(rgba(image)).toEqual([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 255, 255, 255, 0, 0, 255]);
  });

  it('expands 8-bit, 16-bit and 1-bit grayscale', () => {
    const eight = decodeImage(writePng({ width: 2, height: 1, bitDepth: 8, colorType: 0, rows: [Uint8Array.of(0, 200)] }));
    expect(rgba(eight)).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    const sixteen = decodeImage(writePng({ width: 2, height: 1, bitDepth: 16, colorType: 0, rows: [Uint8Array.of(0xff, 0xff, 0x80, 0x80)] }));
    expect(rgba(sixteen)).toEqual([255, 255, 255, 255, 128, 128, 128, 255]);
    const one = decodeImage(writePng({ width: 4, height: 1, bitDepth: 1, colorType: 0, rows: [Uint8Array.of(0b1010_0000)] }));
    expect(rgba(one).filter((_, i) => i % 4 === 0)).toEqual([255, 0, 255, 0]);
  });
});

describe('decodeImage BMP', () => {
  it('reads 24-bit rows with padding, bottom-up', () => {
    const pixels = renderScene(makeScene(5), 5, 3);
    expect(decodeImage(writeBmp24(pixels))).toEqual(pixels);
  });

  it('reads an 8-bit palette stored top-down', () => {
    const bmp = new Uint8Array(62 + 2 * 4);
    const view = new DataView(bmp.buffer);
    bmp.set([0x42, 0x4d]);
    view.setUint32(10, 62, true);
    view.setUint32(14, 40, true);
    view.setInt32(18, 3, true);
    view.setInt32(22, -2, true);
    view.setUint16(28, 8, true);
    view.setUint32(46, 2, true);
    bmp.set([0x10, 0x20, 0x30, 0, 0xff, 0xff, 0xff, 0], 54); // BGRx entries
    bmp.set([0, 1, 0, 0, 1, 1, 0, 0], 62); // rows of 3 indexes, padded to 4 bytes
    const image = decodeImage(bmp);
    expect(rgba(image)).toEqual([0x30, 0x20, 0x10, 255, 255, 255, 255, 255, 0x30, 0x20, 0x10, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0x30, 0x20, 0x10, 255]);
  });

  it('names truncated and unsupported bitmaps', () => {
    const bmp = writeBmp24(renderScene(makeScene(5), 8, 8));
    expect(() => decodeImage(bmp.subarray(0, 100))).toThrow('corrupt BMP: truncated pixel data');
    const rle = bmp.slice();
    new DataView(rle.buffer).setUint32(30, 1, true);
    expect(() => decodeImage(rle)).toThrow('unsupported BMP: 24 bits per pixel, compression 1');
  });
});

describe('decodeImage JPEG EXIF orientation', () => {
  const mirror = (image: DecodedImage): DecodedImage => {
    const data = new Uint8Array(image.data.length);
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const from = (y * image.width + x) * 4;
        data.set(image.data.subarray(from, from + 4), (y * image.width + image.width - 1 - x) * 4);
      }
    }
    return { ...image, data };
  };
  const turns = (image: DecodedImage, n: number): DecodedImage => (n === 0 ? image : turns(rotateClockwise(image), n - 1));
  // What each tag value asks a viewer to do to the stored pixels, written with two primitives.
  const expected: Record<number, (image: DecodedImage) => DecodedImage> = {
    1: (i) => i,
    2: mirror,
    3: (i) => turns(i, 2),
    4: (i) => mirror(turns(i, 2)),
    5: (i) => mirror(turns(i, 1)),
    6: (i) => turns(i, 1),
    7: (i) => mirror(turns(i, 3)),
    8: (i) => turns(i, 3),
  };

  it('displays all eight orientations as a viewer would', () => {
    const stored = jpeg(renderScene(makeScene(6), 24, 16));
    const plain = decodeImage(stored);
    for (let orientation = 1; orientation <= 8; orientation++) {
      const transform = expected[orientation] ?? ((i: DecodedImage) => i);
      expect(decodeImage(withExifOrientation(stored, orientation)), `orientation ${orientation}`).toEqual(transform(plain));
    }
  });

  it('reads little-endian EXIF and ignores values it does not know', () => {
    const littleEndian = Uint8Array.of(0, 0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0);
    expect(exifOrientation(littleEndian)).toBe(8);
    littleEndian[19] = 9;
    expect(exifOrientation(littleEndian)).toBe(1);
    expect(exifOrientation(Uint8Array.of(0, 1, 2))).toBe(1);
  });
});
