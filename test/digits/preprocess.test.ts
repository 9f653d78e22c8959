import { describe, expect, it } from 'vitest';
import { DigitImageError } from '../../src/core/digits/greyImage';
import { centreOfMass } from '../../src/core/digits/frame';
import { MNIST_CENTRE, preprocessDigit } from '../../src/core/digits/preprocess';
import { resampleArea } from '../../src/core/digits/resample';
import { readMnist } from './support/mnist';

const test = readMnist('test', 2000);
const digit = (k: number) => test.images.subarray(k * 784, (k + 1) * 784);

/** An MNIST digit as an RGBA picture: each pixel's colour from its ink (0–255), `zoom`× larger, at (x, y) in a `width`×`height` canvas of `paper`. */
function picture(k: number, options: { colour: (ink: number) => number[]; paper: number[]; zoom?: number; width?: number; height?: number; x?: number; y?: number }) {
  const { colour, paper, zoom = 1, x = 0, y = 0 } = options;
  const width = options.width ?? 28 * zoom;
  const height = options.height ?? 28 * zoom;
  const rgba = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) rgba.set(paper, p * 4);
  const ink = digit(k);
  for (let row = 0; row < 28 * zoom; row++) {
    for (let col = 0; col < 28 * zoom; col++) {
      const v = ink[Math.floor(row / zoom) * 28 + Math.floor(col / zoom)];
      if (v > 0) rgba.set(colour(v), ((y + row) * width + x + col) * 4);
    }
  }
  return { rgba, width, height };
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

describe('preprocessDigit', () => {
  it('gives MNIST test digits back as they are: MNIST was made this way', () => {
    let same = 0;
    for (let k = 0; k < test.count; k++) {
      const { rgba } = picture(k, { colour: (v) => [v, v, v, 255], paper: [0, 0, 0, 255] });
      if (maxDifference(preprocessDigit(rgba, 28, 28), Float32Array.from(digit(k), (v) => v / 255)) < 0.02) same++;
    }
    expect(same / test.count).toBeGreaterThanOrEqual(0.99);
  });

  /** The same digit in the ways people hand pictures over: each must read as the plain white-on-black digit. */
  const STYLES = [
    { name: 'dark ink on white paper', options: { colour: (v: number) => [255 - v, 255 - v, 255 - v, 255], paper: [255, 255, 255, 255] } },
    { name: 'black ink on a transparent background', options: { colour: (v: number) => [0, 0, 0, v], paper: [0, 0, 0, 0] } },
    { name: 'white ink on transparent', options: { colour: (v: number) => [255, 255, 255, v], paper: [255, 255, 255, 0] } },
    { name: 'blue ink on cream paper', options: { colour: (v: number) => [245 - (v * 225) / 255, 240 - (v * 200) / 255, 225 - (v * 85) / 255, 255].map(Math.round), paper: [245, 240, 225, 255] } },
    { name: 'grey pencil (half strength) on white', options: { colour: (v: number) => [255 - v / 2, 255 - v / 2, 255 - v / 2, 255].map(Math.round), paper: [255, 255, 255, 255] } },
    { name: 'off-centre in a larger 90×70 picture', options: { colour: (v: number) => [v, v, v, 255], paper: [0, 0, 0, 255], width: 90, height: 70, x: 55, y: 3 } },
  ];

  it.each(STYLES)('reads $name as the digit itself', ({ options }) => {
    for (let k = 0; k < 20; k++) {
      const { rgba, width, height } = picture(k, options);
      const plain = picture(k, { colour: (v) => [v, v, v, 255], paper: [0, 0, 0, 255] });
      expect(maxDifference(preprocessDigit(rgba, width, height), preprocessDigit(plain.rgba, 28, 28))).toBeLessThan(0.03);
    }
  });

  it.each([2, 3, 7, 10])('reads a digit drawn %i× larger (blocky) as nearly the digit', (zoom) => {
    let total = 0;
    for (let k = 0; k < 50; k++) {
      const { rgba, width, height } = picture(k, { colour: (v) => [255 - v, 255 - v, 255 - v, 255], paper: [255, 255, 255, 255], zoom });
      const out = preprocessDigit(rgba, width, height);
      const plain = Float32Array.from(digit(k), (v) => v / 255);
      total += out.reduce((a, v, i) => a + Math.abs(v - plain[i]), 0) / plain.reduce((a, v) => a + v, 0);
    }
    // Upscaling with blocks and scaling back moves ink by less than a tenth of its mass on average.
    expect(total / 50).toBeLessThan(0.1);
  });

  it.each([
    { name: 'a thin horizontal bar', shape: (x: number, y: number) => y >= 50 && y < 54 && x >= 10 && x < 190 },
    { name: 'a tall thin bar', shape: (x: number, y: number) => x >= 98 && x < 104 && y >= 5 && y < 195 },
    { name: 'a dot in a corner', shape: (x: number, y: number) => (x - 20) ** 2 + (y - 20) ** 2 < 36 },
    { name: 'an L', shape: (x: number, y: number) => (x >= 30 && x < 45 && y >= 20 && y < 180) || (y >= 165 && y < 180 && x >= 30 && x < 150) },
  ])('fits $name into 20×20 with its centre of mass at the centre', ({ shape }) => {
    const size = 200;
    const rgba = new Uint8Array(size * size * 4).fill(255);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (shape(x, y)) rgba.set([0, 0, 0, 255], (y * size + x) * 4);
    const out = preprocessDigit(rgba, size, size);
    expect(out).toHaveLength(784);
    expect(out.every((v) => v >= 0 && v <= 1)).toBe(true);
    const ink = [...out.keys()].filter((i) => out[i] > 0);
    const xs = ink.map((i) => i % 28);
    const ys = ink.map((i) => Math.floor(i / 28));
    expect(Math.max(Math.max(...xs) - Math.min(...xs) + 1, Math.max(...ys) - Math.min(...ys) + 1)).toBeLessThanOrEqual(20);
    const centre = centreOfMass({ width: 28, height: 28, data: out })!;
    expect(Math.abs(centre.x - MNIST_CENTRE)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(centre.y - MNIST_CENTRE)).toBeLessThanOrEqual(0.5);
  });

  it.each([
    { name: 'white', fill: [255, 255, 255, 255] },
    { name: 'black', fill: [0, 0, 0, 255] },
    { name: 'transparent', fill: [0, 0, 0, 0] },
    { name: 'grey', fill: [128, 128, 128, 255] },
  ])('reads a blank $name picture as 784 zeros', ({ fill }) => {
    const rgba = new Uint8Array(60 * 40 * 4);
    for (let p = 0; p < 60 * 40; p++) rgba.set(fill, p * 4);
    const out = preprocessDigit(rgba, 60, 40);
    expect(out).toHaveLength(784);
    expect(out.every((v) => v === 0)).toBe(true);
  });

  it.each([
    { name: 'a zero width', rgba: new Uint8Array(0), width: 0, height: 5, message: "The picture's width must be a positive whole number, got 0" },
    { name: 'a fractional height', rgba: new Uint8Array(40), width: 2, height: 2.5, message: "The picture's height must be a positive whole number, got 2.5" },
    { name: 'a buffer too short', rgba: new Uint8Array(99), width: 5, height: 5, message: 'A 5×5 picture needs 100 values (4 per pixel), got 99' },
    { name: 'RGB instead of RGBA', rgba: new Uint8Array(75), width: 5, height: 5, message: 'A 5×5 picture needs 100 values (4 per pixel), got 75' },
  ])('refuses $name, saying so', ({ rgba, width, height, message }) => {
    expect(() => preprocessDigit(rgba, width, height)).toThrow(DigitImageError);
    expect(() => preprocessDigit(rgba, width, height)).toThrow(message);
  });
});

describe('resampleArea', () => {
  it.each([
    [37, 23, 20, 12],
    [200, 200, 20, 20],
    [7, 5, 20, 14],
    [28, 28, 28, 28],
  ])('keeps the mean of a %i×%i picture resampled to %i×%i', (w, h, tw, th) => {
    const data = Float32Array.from({ length: w * h }, (_, i) => ((i * 7919) % 101) / 100);
    const out = resampleArea({ width: w, height: h, data }, tw, th);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(out.data)).toBeCloseTo(mean(data), 4);
  });
});
