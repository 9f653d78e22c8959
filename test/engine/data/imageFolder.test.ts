import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseIdxImages, parseIdxLabels } from '../../../src/engine/data/idx';
import { loadImageFolderSamples } from '../../../src/engine/data/own/images';
import { cli } from '../../support/cli';

const MNIST = '../shared/datasets/mnist';
const tmp = () => mkdtempSync(join(tmpdir(), 'nc-images-'));
/** The first PER digits of each class of MNIST's test set, read by the IDX reader (the oracle is the IDX file). */
const PER = 20;
const digits: { label: number; pixels: Uint8Array }[] = [];
let rows = 0;
let columns = 0;

beforeAll(() => {
  const images = parseIdxImages(gunzipSync(readFileSync(join(MNIST, 't10k-images-idx3-ubyte.gz'))), 't10k-images');
  const labels = parseIdxLabels(gunzipSync(readFileSync(join(MNIST, 't10k-labels-idx1-ubyte.gz'))), 't10k-labels');
  rows = images.rows;
  columns = images.columns;
  const size = rows * columns;
  const counts = new Map<number, number>();
  for (let i = 0; i < images.count; i++) {
    const n = counts.get(labels[i]) ?? 0;
    if (n >= PER) continue;
    counts.set(labels[i], n + 1);
    digits.push({ label: labels[i], pixels: images.pixels.slice(i * size, (i + 1) * size) });
  }
});

async function writeFolder(format: 'png' | 'jpeg', channels: 1 | 3): Promise<string> {
  const dir = tmp();
  await Promise.all(
    digits.map(async (d, i) => {
      mkdirSync(join(dir, `digit-${d.label}`), { recursive: true });
      const raw = channels === 1 ? d.pixels : Uint8Array.from({ length: d.pixels.length * 3 }, (_, j) => d.pixels[Math.floor(j / 3)]);
      const img = sharp(Buffer.from(raw), { raw: { width: columns, height: rows, channels } });
      await (format === 'png' ? img.png() : img.jpeg({ quality: 95 })).toFile(join(dir, `digit-${d.label}`, `${i}.${format === 'png' ? 'png' : 'jpg'}`));
    }),
  );
  return dir;
}

const CASES = [
  { name: 'grey PNG at the same size reads exactly', format: 'png' as const, channels: 1 as const, tolerance: 0 },
  { name: 'RGB PNG of grey digits, read as grey, reads exactly', format: 'png' as const, channels: 3 as const, tolerance: 0 },
  { name: 'grey JPEG reads within JPEG error', format: 'jpeg' as const, channels: 1 as const, tolerance: 0.03 },
];

describe('image folders of MNIST digits, against the IDX files', () => {
  it.each(CASES)('$name; counts per class and a stratified split', async ({ format, channels, tolerance }) => {
    const dir = await writeFolder(format, channels);
    const samples = await loadImageFolderSamples(dir, { height: rows, width: columns, channels: 1, resize: 'stretch' });
    expect(samples.description.classNames).toEqual(Array.from({ length: 10 }, (_, i) => `digit-${i}`));
    const size = rows * columns;
    const total = samples.train.count + (samples.validation?.count ?? 0) + samples.test.count;
    expect(total).toBe(digits.length);
    for (const split of [samples.train, samples.validation!, samples.test]) {
      const perClass = new Array(10).fill(0);
      for (const y of split.y) perClass[y]++;
      // Each class has PER pictures, so a stratified split gives each class the same count.
      expect(new Set(perClass).size, 'stratified').toBe(1);
      for (let j = 0; j < split.count; j++) {
        const source = split.sources![j];
        const index = Number(source.match(/(\d+)\.\w+$/)![1]);
        expect(split.y[j]).toBe(digits[index].label);
        let err = 0;
        for (let v = 0; v < size; v++) err += Math.abs(Math.round(split.x[j * size + v] * 255) - digits[index].pixels[v]) / 255;
        expect(err / size).toBeLessThanOrEqual(tolerance);
      }
    }
  }, 120_000);
});

describe('bad image folders: netcanvas data names the file', () => {
  const BAD = [
    { name: 'a folder with no pictures', code: 1, make: (d: string) => writeFileSync(join(d, 'notes.txt'), 'x'), expect: 'holds no' },
    { name: 'one class', code: 1, make: async (d: string) => { mkdirSync(join(d, 'cat')); await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } }).png().toFile(join(d, 'cat', 'a.png')); }, expect: 'one class' },
    {
      // Found by the image-folder fuzzer: the inspection called this folder fine and training refused it.
      name: 'train/ empty, pictures only in test/',
      code: 1,
      make: async (d: string) => {
        for (const c of ['cat', 'dog']) {
          mkdirSync(join(d, 'train', c), { recursive: true });
          mkdirSync(join(d, 'test', c), { recursive: true });
          await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } }).png().toFile(join(d, 'test', c, 'a.png'));
        }
      },
      expect: 'train/ holds no picture',
    },
  ];
  it.each(BAD)('$name: exit $code', async ({ make, code, expect: text }) => {
    const dir = tmp();
    await make(dir);
    const result = await cli(['data', dir]);
    expect(result.code).toBe(code);
    expect(result.stderr + result.stdout).toContain(text);
  }, 60_000);

  it('corrupt JPEG, non-picture, fake PNG and a symlink loop are listed and skipped with a count', async () => {
    const dir = tmp();
    for (const c of ['a', 'b']) {
      mkdirSync(join(dir, c));
      await sharp({ create: { width: 8, height: 8, channels: 3, background: c === 'a' ? 'red' : 'blue' } }).png().toFile(join(dir, c, 'ok.png'));
    }
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: 'green' } }).jpeg().toBuffer();
    writeFileSync(join(dir, 'a', 'cut.jpg'), jpeg.subarray(0, jpeg.length >> 1));
    writeFileSync(join(dir, 'a', 'readme.txt'), 'not a picture');
    writeFileSync(join(dir, 'b', 'fake.png'), 'not a png either');
    symlinkSync(dir, join(dir, 'b', 'loop'));
    const result = await cli(['data', dir, '--json']);
    expect(result.code).toBe(0);
    const { kind, inspection } = JSON.parse(result.stdout);
    expect(kind).toBe('image-folder');
    expect(inspection.samples).toBe(2);
    const files = inspection.skipped.files.map((s: { file: string }) => s.file).sort();
    expect(files).toEqual(['a/cut.jpg', 'a/readme.txt', 'b/fake.png', 'b/loop'].sort());
    expect(inspection.skipped.count).toBe(4);
    expect(inspection.colour).toBe(true);
  }, 60_000);
});

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

describe('a PNG whose header claims 100,000×100,000', () => {
  it('is refused from its header, named, and the rest of the folder read', async () => {
    const dir = tmp();
    for (const c of ['a', 'b']) {
      mkdirSync(join(dir, c));
      await sharp({ create: { width: 8, height: 8, channels: 3, background: 'white' } }).png().toFile(join(dir, c, 'ok.png'));
    }
    const png = Buffer.from(await sharp({ create: { width: 8, height: 8, channels: 3, background: 'black' } }).png().toBuffer());
    // IHDR starts at byte 8: length (4), type (4), width (4), height (4), ..., CRC over type+data.
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    writeFileSync(join(dir, 'a', 'huge.png'), png);
    const { code, stdout } = await cli(['data', dir, '--json']);
    expect(code).toBe(0);
    const { inspection } = JSON.parse(stdout);
    expect(inspection.skipped.files).toEqual([{ file: 'a/huge.png', reason: expect.stringContaining('100000×100000') }]);
  }, 60_000);
});

const IDX_FOLDERS = [
  { name: 'MNIST', folder: MNIST, builtin: 'mnist' },
  { name: 'Fashion-MNIST', folder: '/usr/share/datasets/fashion-mnist', builtin: 'fashion-mnist' },
];

describe('IDX folders through netcanvas data, counts against the label files', () => {
  for (const absent of IDX_FOLDERS.filter((f) => !existsSync(join(f.folder, 'train-labels-idx1-ubyte.gz')))) it.skip(`${absent.name}: ${absent.folder} is not here`, () => {});
  it.each(IDX_FOLDERS.filter((f) => existsSync(join(f.folder, 'train-labels-idx1-ubyte.gz'))))('$name', async ({ folder, builtin }) => {
    const trainLabels = parseIdxLabels(gunzipSync(readFileSync(join(folder, 'train-labels-idx1-ubyte.gz'))), 'train-labels');
    const { code, stdout } = await cli(['data', folder, '--json']);
    expect(code).toBe(0);
    const { kind, inspection } = JSON.parse(stdout);
    expect(kind).toBe('idx-folder');
    expect(inspection.builtin).toBe(builtin);
    const counts = new Array(10).fill(0);
    for (const l of trainLabels) counts[l]++;
    expect(inspection.classes.map((c: { train: number }) => c.train)).toEqual(counts);
    expect(inspection.split.train + inspection.split.validation).toBe(trainLabels.length);
  }, 120_000);
});

describe('resized pictures and train/validation/test given', () => {
  const RESIZE = [
    { name: '32×32 PNG brought to the IDX size', width: 32, height: 32, tolerance: 0.1 },
    { name: '20×24 PNG stretched to the IDX size', width: 20, height: 24, tolerance: 0.1 },
  ];
  it.each(RESIZE)('$name: mean error against the source digit within $tolerance; splits as given', async ({ width, height, tolerance }) => {
    const dir = tmp();
    const splits = ['train', 'validation', 'test'] as const;
    const expected = { train: 0, validation: 0, test: 0 };
    await Promise.all(
      digits.map(async (d, i) => {
        const split = splits[i % 3];
        expected[split]++;
        mkdirSync(join(dir, split, String(d.label)), { recursive: true });
        await sharp(Buffer.from(d.pixels), { raw: { width: columns, height: rows, channels: 1 } }).resize(width, height, { fit: 'fill' }).png().toFile(join(dir, split, String(d.label), `${i}.png`));
      }),
    );
    const samples = await loadImageFolderSamples(dir, { height: rows, width: columns, channels: 1, resize: 'stretch' });
    expect({ train: samples.train.count, validation: samples.validation?.count, test: samples.test.count }).toEqual(expected);
    const size = rows * columns;
    for (const split of [samples.train, samples.validation!, samples.test]) {
      for (let j = 0; j < split.count; j++) {
        const index = Number(split.sources![j].match(/(\d+)\.png$/)![1]);
        expect(split.y[j]).toBe(digits[index].label);
        let err = 0;
        let other = 0;
        const next = digits[(index + PER) % digits.length];
        for (let v = 0; v < size; v++) {
          err += Math.abs(split.x[j * size + v] - digits[index].pixels[v] / 255);
          other += Math.abs(split.x[j * size + v] - next.pixels[v] / 255);
        }
        expect(err / size).toBeLessThanOrEqual(tolerance);
        // The resized picture is nearer its own digit than another picture: the tolerance alone is not the test.
        expect(err).toBeLessThan(other);
      }
    }
  }, 120_000);
});
