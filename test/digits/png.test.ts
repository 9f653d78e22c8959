import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, ImageError } from '../../src/engine/image/decode';
import { encodePng, type PngParts } from './support/pngEncode';

/** Deterministic pseudo-random bytes, so that every filter sees varied neighbours. */
function bytes(n: number, seed: number): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
}

const W = 7;
const H = 5;

/** What each colour type's samples mean as RGBA, written independently of the decoder. */
const COLOUR_CASES: { name: string; parts: Omit<PngParts, 'filter'>; expected: (p: number) => number[] }[] = (() => {
  const grey = bytes(W * H, 1);
  const rgb = bytes(W * H * 3, 2);
  const greyAlpha = bytes(W * H * 2, 3);
  const rgba = bytes(W * H * 4, 4);
  const palette = bytes(16 * 3, 5);
  const alphas = bytes(10, 6);
  const indices = bytes(W * H, 7).map((v) => v % 16);
  return [
    { name: 'grey', parts: { width: W, height: H, colourType: 0, samples: grey }, expected: (p) => [grey[p], grey[p], grey[p], 255] },
    { name: 'RGB', parts: { width: W, height: H, colourType: 2, samples: rgb }, expected: (p) => [...rgb.subarray(p * 3, p * 3 + 3), 255] },
    { name: 'palette with tRNS', parts: { width: W, height: H, colourType: 3, samples: indices, palette, transparency: alphas }, expected: (p) => [...palette.subarray(indices[p] * 3, indices[p] * 3 + 3), indices[p] < 10 ? alphas[indices[p]] : 255] },
    { name: 'grey with alpha', parts: { width: W, height: H, colourType: 4, samples: greyAlpha }, expected: (p) => [greyAlpha[p * 2], greyAlpha[p * 2], greyAlpha[p * 2], greyAlpha[p * 2 + 1]] },
    { name: 'RGBA', parts: { width: W, height: H, colourType: 6, samples: rgba }, expected: (p) => [...rgba.subarray(p * 4, p * 4 + 4)] },
    { name: 'grey with a transparent grey level', parts: { width: W, height: H, colourType: 0, samples: grey, transparency: Uint8Array.of(0, grey[3]) }, expected: (p) => [grey[p], grey[p], grey[p], grey[p] === grey[3] ? 0 : 255] },
  ];
})();

const FILTERS: { name: string; filter: PngParts['filter'] }[] = [
  { name: 'none', filter: 0 },
  { name: 'sub', filter: 1 },
  { name: 'up', filter: 2 },
  { name: 'average', filter: 3 },
  { name: 'Paeth', filter: 4 },
  { name: 'a different filter per row', filter: (row) => row % 5 },
];

describe('decodeImage (sharp) on PNGs written from the specification', () => {
  describe.each(COLOUR_CASES)('$name', ({ parts, expected }) => {
    it.each(FILTERS)('reads rows filtered with $name', async ({ filter }) => {
      const image = await decodeImage(encodePng({ ...parts, filter }));
      expect([image.width, image.height]).toEqual([W, H]);
      const want = Array.from({ length: W * H }, (_, p) => expected(p)).flat();
      expect(Array.from(image.rgba)).toEqual(want);
    });
  });

  it('reads an interlaced (Adam7) PNG as the same pixels as a plain one (both written by libpng)', async () => {
    const samples = bytes(W * H * 3, 11);
    const raw = { raw: { width: W, height: H, channels: 3 as const } };
    const interlaced = await sharp(Buffer.from(samples), raw).png({ progressive: true }).toBuffer();
    expect(interlaced[28]).toBe(1);
    const image = await decodeImage(interlaced);
    expect(Array.from(image.rgba.filter((_, i) => i % 4 !== 3))).toEqual(Array.from(samples));
  });

  it.each([
    { name: 'opaque shapes', svg: '<rect width="41" height="29" fill="#f4f1ea"/><circle cx="15" cy="13" r="9" fill="none" stroke="#123456" stroke-width="3"/><path d="M25 3 L38 25" stroke="#c81e5a" stroke-width="4"/>' },
    { name: 'a digit-like stroke on black', svg: '<rect width="41" height="29" fill="#000"/><path d="M12 5 C30 0 30 12 20 24" fill="none" stroke="#fff" stroke-width="3"/>' },
  ])('reads what resvg writes ($name) as resvg rendered it', async ({ svg }) => {
    const rendered = new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="41" height="29">${svg}</svg>`).render();
    const image = await decodeImage(rendered.asPng());
    expect([image.width, image.height]).toEqual([rendered.width, rendered.height]);
    expect(Buffer.from(image.rgba).equals(Buffer.from(rendered.pixels))).toBe(true);
  });

  const good = encodePng({ width: W, height: H, colourType: 0, samples: bytes(W * H, 9), filter: 4 });
  // What the hand-written decoder refused for being unsupported (16-bit, interlaced) libpng reads; what is broken stays refused.
  it.each([
    { name: 'a text file', file: () => Buffer.from('hello, not a picture'), message: /not a picture NetCanvas reads \(PNG, JPEG or WebP\): its first bytes are not those of a PNG, JPEG or WebP file/ },
    { name: 'a file cut in the middle', file: () => good.subarray(0, good.length - 20), message: /does not decode .*damaged or cut short/ },
    { name: 'a damaged byte in the image data', file: () => { const f = Buffer.from(good); f[good.length - 20] ^= 0xff; return f; }, message: /does not decode .*damaged or cut short/ },
    { name: 'an unknown filter type', file: () => encodePng({ width: 2, height: 2, colourType: 0, samples: new Uint8Array(4), filter: 7 }), message: /does not decode/ },
    { name: 'a palette picture with no palette', file: () => encodePng({ width: 2, height: 1, colourType: 3, samples: Uint8Array.of(0, 0) }), message: /not a picture NetCanvas reads .*corrupt header/ },
    { name: 'more image data than its 2×2 header allows', file: () => encodePng({ width: 2, height: 2, colourType: 3, samples: new Uint8Array(4), palette: new Uint8Array(6), bitDepth: 1 }), message: /inflates to more than the 4 bytes a 2×2 palette picture holds/ },
  ])('refuses $name with a message that says so', async ({ file, message }) => {
    await expect(decodeImage(file())).rejects.toThrow(ImageError);
    await expect(decodeImage(file())).rejects.toThrow(message);
  });
});
