import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import sharp from 'sharp';
import { activateBackend } from '../../src/engine/backends';
import { DatasetError } from '../../src/engine/data/errors';
import { inspectImageFolder, loadImageFolderSamples, SPLIT_FOLDERS } from '../../src/engine/data/own/images';
import { decodeImage, ImageError, imageToSample, MAX_IMAGE_PIXELS } from '../../src/engine/image/decode';
import { loadModelFiles, MODEL_FILE, ModelFilesError, saveModelFiles, WEIGHTS_FILE } from '../../src/engine/runs/modelFiles';
import { RUN_FILE, RunError, RunStore } from '../../src/engine/runs/runStore';
import type { FuzzTarget } from './targets';

/**
 * The fuzz targets that read files: pictures (PNG, JPEG, WebP through sharp) and run
 * folders (model.json, its weights manifest, weights.bin, run.json). Their seeds are real
 * files, made here by sharp and by saving a small tfjs model.
 */

// ---------------------------------------------------------------- pictures

/** Valid pictures of each format and kind: grey, RGB, RGBA, palette, interlaced, progressive, lossless. */
async function pictureSeeds(): Promise<Buffer[]> {
  const pixels = (w: number, h: number, c: number) => Buffer.from(Array.from({ length: w * h * c }, (_, i) => (i * 37 + (i >> 3)) % 256));
  const raw = (w: number, h: number, c: 1 | 3 | 4) => sharp(pixels(w, h, c), { raw: { width: w, height: h, channels: c } });
  return Promise.all([
    raw(28, 28, 1).png().toBuffer(),
    raw(7, 5, 3).png().toBuffer(),
    raw(9, 4, 4).png().toBuffer(),
    raw(16, 16, 3).png({ palette: true, colours: 8 }).toBuffer(),
    raw(13, 11, 1).png({ progressive: true }).toBuffer(),
    raw(1, 1, 4).png().toBuffer(),
    raw(28, 28, 1).jpeg().toBuffer(),
    raw(17, 9, 3).jpeg({ quality: 50 }).toBuffer(),
    raw(24, 24, 3).jpeg({ progressive: true }).toBuffer(),
    raw(28, 28, 3).webp().toBuffer(),
    raw(10, 6, 4).webp({ lossless: true }).toBuffer(),
    raw(12, 12, 4).webp({ quality: 40 }).toBuffer(),
  ]);
}

const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

/** The chunks of a PNG (offset of each chunk's length field, its type, its data's length), as far as they are whole. */
function pngChunks(bytes: Buffer): { at: number; type: string; length: number }[] {
  const out: { at: number; type: string; length: number }[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (at + 12 + length > bytes.length) break;
    out.push({ at, type: bytes.toString('latin1', at + 4, at + 8), length });
    at += 12 + length;
  }
  return out;
}

/** A PNG's chunk CRCs made right again, so a change inside a chunk reaches the decoder and is not refused at the CRC. */
function fixCrcs(bytes: Buffer): Buffer {
  for (const c of pngChunks(bytes)) bytes.writeUInt32BE(crc32(bytes.subarray(c.at + 4, c.at + 8 + c.length)), c.at + 8 + c.length);
  return bytes;
}

type PictureMutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'size'; width: number; height: number }
  | { kind: 'repeat chunk'; which: number; times: number };

const dimension = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.constantFrom(0, 1, 2 ** 14, 4001, 2 ** 16 - 1, 2 ** 24, 2 ** 31 - 1, 2 ** 32 - 1));
const pictureMutation: fc.Arbitrary<PictureMutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('overwrite' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('size' as const), width: dimension, height: dimension }),
  fc.record({ kind: fc.constant('repeat chunk' as const), which: fc.nat(), times: fc.integer({ min: 2, max: 40 }) }),
);

/**
 * A picture with its mutations applied. Changes to a PNG get their CRCs fixed half of the
 * time (`fix`); `size` writes a new width and height where the format keeps them (PNG's
 * IHDR, the 16-bit fields of a JPEG's SOF, a WebP VP8/VP8L header's 14-bit fields).
 */
export function mutatePicture(seed: Buffer, mutations: readonly PictureMutation[], fix: boolean): Buffer {
  let bytes = Buffer.from(seed);
  const isPng = seed.subarray(0, 8).equals(PNG_SIGNATURE);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : ('at' in m ? m.at : 0) % bytes.length;
    if (m.kind === 'flip' && bytes.length > 0) bytes[at] = m.value;
    else if (m.kind === 'cut') bytes = bytes.subarray(0, at);
    else if (m.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    else if (m.kind === 'overwrite') Buffer.from(m.bytes).copy(bytes, at);
    else if (m.kind === 'size') writeSize(bytes, m.width, m.height);
    else if (m.kind === 'repeat chunk' && isPng) {
      const chunks = pngChunks(bytes).filter((c) => c.type !== 'IHDR');
      if (chunks.length === 0) continue;
      const c = chunks[m.which % chunks.length];
      const whole = bytes.subarray(c.at, c.at + 12 + c.length);
      bytes = Buffer.concat([bytes.subarray(0, c.at), ...Array.from({ length: m.times }, () => whole), bytes.subarray(c.at + 12 + c.length)]);
    }
  }
  return isPng && fix ? fixCrcs(Buffer.from(bytes)) : bytes;
}

function writeSize(bytes: Buffer, width: number, height: number): void {
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    bytes.writeUInt32BE(width >>> 0, 16);
    bytes.writeUInt32BE(height >>> 0, 20);
  } else if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    // The first start-of-frame marker (FFC0–FFC2): height, then width, 16 bits each.
    for (let at = 2; at + 9 <= bytes.length; at++) {
      if (bytes[at] === 0xff && bytes[at + 1] >= 0xc0 && bytes[at + 1] <= 0xc2) {
        bytes.writeUInt16BE(height & 0xffff, at + 5);
        bytes.writeUInt16BE(width & 0xffff, at + 7);
        return;
      }
    }
  } else if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF') {
    const chunk = bytes.toString('latin1', 12, 16);
    if (chunk === 'VP8 ') {
      bytes.writeUInt16LE(width & 0x3fff, 26);
      bytes.writeUInt16LE(height & 0x3fff, 28);
    } else if (chunk === 'VP8L') {
      const packed = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14) | (bytes.readUInt32LE(21) & 0xf0000000);
      bytes.writeUInt32LE(packed >>> 0, 21);
    }
  }
}

/** The width and height a picture's header states, read here from the bytes (the oracle for what was decoded), or null where no header is whole. */
function headerSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR') return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  return null;
}

const PICTURES = await pictureSeeds();
const pictures = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat(PICTURES.length - 1), fc.array(pictureMutation, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([i, ms, fix]) => mutatePicture(PICTURES[i], ms, fix)) },
  { weight: 1, arbitrary: fc.nat(PICTURES.length - 1).map((i) => PICTURES[i]) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(PNG_SIGNATURE, Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('RIFF\0\0\0\0WEBPVP8 ')), fc.uint8Array({ maxLength: 200 })).map(([head, rest]) => Buffer.concat([head, rest])) },
);

export const pictureTarget: FuzzTarget<Buffer> = {
  name: 'pictures: PNG, JPEG, WebP (decodeImage, imageToSample)',
  input: pictures,
  typed: [ImageError],
  async run(bytes: Buffer) {
    const image = await decodeImage(bytes);
    if (image.width * image.height > MAX_IMAGE_PIXELS) return `decoded ${image.width}×${image.height}, past the ${MAX_IMAGE_PIXELS} pixels read`;
    if (image.rgba.length !== image.width * image.height * 4) return `${image.width}×${image.height} but ${image.rgba.length} bytes of RGBA`;
    const header = headerSize(bytes);
    if (header && (header.width !== image.width || header.height !== image.height)) return `the header says ${header.width}×${header.height}, ${image.width}×${image.height} decoded`;
    const sample = await imageToSample(bytes, { width: 28, height: 28, channels: 1, resize: 'stretch' });
    return sample.length === 784 ? null : `a 28×28 grey sample of ${sample.length} bytes`;
  },
};

// ---------------------------------------------------------------- image folders

/** What one entry of a drawn image folder is. */
type FolderEntry =
  | { kind: 'picture'; seed: number }
  | { kind: 'mutated'; picture: Buffer }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'link'; to: 'dev-zero' | 'own folder' | 'root' | 'missing' | 'picture' };

/** A drawn image folder: files placed in class folders (under split folders or not), beside them, or nested below them. */
interface FolderPlan {
  readonly split: boolean;
  readonly files: readonly { root: number; className: string; nested: boolean; name: string; entry: FolderEntry }[];
  readonly strays: readonly { name: string; entry: FolderEntry }[];
}

/** Class folder names, some hostile as property names, some that look like split folders, some not ASCII. */
const className = fc.oneof(fc.constantFrom('cat', 'dog', 'b', '__proto__', 'constructor', 'hasOwnProperty', 'train', 'test', '.hidden', 'ünï', '0', 'a b'), fc.stringMatching(/^[a-z]{1,6}$/));
const fileName = fc.tuple(fc.oneof(fc.constantFrom('x', 'IMG_0001', '__proto__', '.dot', 'ü'), fc.stringMatching(/^[a-z0-9]{1,6}$/)), fc.constantFrom('.png', '.PNG', '.jpg', '.jpeg', '.webp', '.gif', '.txt', '', '.png.bak')).map(([stem, ext]) => stem + ext);
const folderEntry: fc.Arbitrary<FolderEntry> = fc.oneof(
  { weight: 5, arbitrary: fc.nat(PICTURES.length - 1).map((seed) => ({ kind: 'picture' as const, seed })) },
  { weight: 3, arbitrary: fc.tuple(fc.nat(PICTURES.length - 1), fc.array(pictureMutation, { minLength: 1, maxLength: 2 }), fc.boolean()).map(([i, ms, fix]) => ({ kind: 'mutated' as const, picture: mutatePicture(PICTURES[i], ms, fix) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: 'bytes' as const, bytes })) },
  { weight: 1, arbitrary: fc.constantFrom('dev-zero' as const, 'own folder' as const, 'root' as const, 'missing' as const, 'picture' as const).map((to) => ({ kind: 'link' as const, to })) },
);
const folderPlans: fc.Arbitrary<FolderPlan> = fc.record({
  split: fc.boolean(),
  files: fc.array(fc.record({ root: fc.nat(2), className, nested: fc.boolean(), name: fileName, entry: folderEntry }), { maxLength: 10 }),
  strays: fc.array(fc.record({ name: fileName, entry: folderEntry }), { maxLength: 2 }),
});

const foldersDir = mkdtempSync(path.join(tmpdir(), 'nc-fuzz-folders-'));
process.on('exit', () => rmSync(foldersDir, { recursive: true, force: true }));
let folderCount = 0;

/** Runs `write`, letting a name drawn twice (a file where a folder is, or the same file twice) keep what came first. */
function clashes(write: () => unknown): void {
  try {
    write();
  } catch (error) {
    if (!['EEXIST', 'EISDIR', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/** Writes a plan out under a new folder; returns the folder and how many pristine pictures it put inside class folders, by class. */
function writeFolder(plan: FolderPlan): { folder: string; pristine: Map<string, number>; names: Set<string> } {
  const folder = path.join(foldersDir, String(folderCount++));
  mkdirSync(folder);
  const pristine = new Map<string, number>();
  const names = new Set<string>();
  const place = (file: string, entry: FolderEntry, own: string): boolean => {
    // 'wx': a path drawn twice keeps its first file (a second write would replace a pristine picture the count relies on).
    if (entry.kind === 'picture') writeFileSync(file, PICTURES[entry.seed], { flag: 'wx' });
    else if (entry.kind === 'mutated') writeFileSync(file, entry.picture, { flag: 'wx' });
    else if (entry.kind === 'bytes') writeFileSync(file, entry.bytes, { flag: 'wx' });
    else {
      const to = { 'dev-zero': '/dev/zero', 'own folder': own, root: folder, missing: path.join(folder, 'gone'), picture: path.join(foldersDir, 'picture.png') }[entry.to];
      symlinkSync(to, file);
    }
    return entry.kind === 'picture';
  };
  for (const f of plan.files) {
    const root = plan.split ? path.join(folder, SPLIT_FOLDERS[f.root]) : folder;
    const classDir = path.join(root, f.className);
    const dir = f.nested ? path.join(classDir, 'inner') : classDir;
    clashes(() => {
      mkdirSync(dir, { recursive: true });
      names.add(f.className);
      if (place(path.join(dir, f.name), f.entry, classDir) && /\.(png|jpe?g|webp)$/i.test(f.name)) pristine.set(f.className, (pristine.get(f.className) ?? 0) + 1);
    });
  }
  for (const s of plan.strays) clashes(() => place(path.join(folder, s.name), s.entry, folder));
  return { folder, pristine, names };
}
writeFileSync(path.join(foldersDir, 'picture.png'), PICTURES[0]);

const FOLDER_TARGET = { height: 6, width: 5, channels: 1, resize: 'pad' } as const;

export const imageFolderTarget: FuzzTarget<FolderPlan> = {
  name: 'image folders: class and split folders, links, damaged and stray files (inspectImageFolder, loadImageFolderSamples)',
  input: folderPlans,
  typed: [DatasetError],
  // A case writes up to twelve files and decodes each picture twice (inspection and loading).
  slowMs: 5000,
  async run(plan: FolderPlan) {
    const { folder, pristine, names } = writeFolder(plan);
    try {
      const seen = await inspectImageFolder(folder);
      const counted = seen.classes.reduce((a, c) => a + c.count, 0);
      if (counted !== seen.samples) return `the classes count ${counted} pictures, the inspection says ${seen.samples}`;
      // A class folder named train/ makes its own sub-folders (`inner`) classes.
      const splitLike = [...names].some((n) => (SPLIT_FOLDERS as readonly string[]).includes(n));
      const strange = seen.classes.map((c) => c.name).filter((n) => !names.has(n) && !(SPLIT_FOLDERS as readonly string[]).includes(n) && !(splitLike && n === 'inner'));
      if (strange.length > 0) return `classes ${JSON.stringify(strange)} that are no folder written`;
      // A picture as it was made is never skipped: each class holds at least the pristine pictures put in it (the layout is plain class folders).
      const plain = !plan.split && !splitLike;
      if (plain) for (const [name, n] of pristine) if ((seen.classes.find((c) => c.name === name)?.count ?? 0) < n) return `class ${name} holds ${n} pristine pictures, ${seen.classes.find((c) => c.name === name)?.count ?? 0} counted`;
      let loaded;
      try {
        loaded = await loadImageFolderSamples(folder, FOLDER_TARGET);
      } catch (error) {
        if (error instanceof DatasetError && seen.problems.length > 0) throw error;
        return `the inspection found ${seen.problems.length === 0 ? 'no problem' : 'a problem'}, and loading ${error instanceof DatasetError ? `refused: ${error.message}` : 'failed'}`;
      }
      if (seen.problems.length > 0) return `loaded a folder the inspection refused: ${seen.problems[0]}`;
      const k = loaded.description.classNames?.length ?? 0;
      if (JSON.stringify(loaded.description.classNames) !== JSON.stringify(seen.classes.map((c) => c.name))) return `loading named classes ${JSON.stringify(loaded.description.classNames)}, the inspection ${JSON.stringify(seen.classes.map((c) => c.name))}`;
      const splits = [loaded.train, loaded.validation, loaded.test].filter((s) => s != null);
      const total = splits.reduce((a, s) => a + s.count, 0);
      if (total !== seen.samples) return `${total} samples loaded, ${seen.samples} pictures read by the inspection`;
      const values = FOLDER_TARGET.height * FOLDER_TARGET.width * FOLDER_TARGET.channels;
      for (const s of splits) {
        if (s.x.length !== s.count * values) return `a split of ${s.count} samples holds ${s.x.length} values`;
        if (s.x.some((v) => !(v >= 0 && v <= 1))) return 'an input value outside [0, 1]';
        if ([...s.y].some((y) => !Number.isInteger(y) || y < 0 || y >= k)) return `a label outside the ${k} classes`;
      }
      return null;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

// ---------------------------------------------------------------- run folders

await activateBackend('cpu');
tf.enableProdMode();

/** A saved run's three files, as NetCanvas writes them: a small model's model.json and weights.bin, and a run.json. */
async function runSeed(): Promise<{ model: unknown; weights: Buffer; run: unknown }> {
  const folder = mkdtempSync(path.join(tmpdir(), 'nc-fuzz-seed-'));
  try {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], activation: 'relu' }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    await saveModelFiles(model, folder);
    model.dispose();
    const history = [{ epoch: 1, loss: 0.7, accuracy: 0.5, valLoss: 0.6, valAccuracy: 0.55, samplesPerSecond: 900, seconds: 0.2 }];
    const run = {
      id: 'run-fuzz',
      createdAt: '2026-12-04T00:00:00.000Z',
      name: 'fuzz #1',
      document: { format: 'netcanvas-graph', version: 2, name: 'fuzz', nodes: [], edges: [] },
      training: { optimizer: { type: 'adam', learningRate: 0.001 }, loss: 'categoricalCrossentropy', epochs: 1, batchSize: 32, validationSplit: 0.1 },
      backend: 'cpu',
      device: 'CPU',
      trainSamples: 100,
      seconds: 0.3,
      status: 'completed',
      history,
      test: { testLoss: 0.6, testAccuracy: 0.5, confusion: [[1, 1], [1, 1]], perClassAccuracy: [0.5, 0.5], samples: 4 },
      totalParams: 23,
    };
    return { model: JSON.parse(readFileSync(path.join(folder, MODEL_FILE), 'utf8')), weights: readFileSync(path.join(folder, WEIGHTS_FILE)), run };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const SEED = await runSeed();
const hostileValue = fc.oneof(fc.constantFrom(null, true, 0, -1, 1.5, 1e12, 2 ** 53, '', 'float32', 'int32', 'complex64', 'weights.bin', '../weights.bin', '/etc/passwd', 'run-fuzz', '__proto__'), fc.array(fc.oneof(fc.nat(40), fc.constantFrom(-1, 1e9)), { maxLength: 3 }), fc.string({ maxLength: 8 }), fc.object({ maxDepth: 1, maxKeys: 3 }));

type JsonChange = { kind: 'replace' | 'delete' | 'add'; at: number; key: string; value: unknown };
const jsonChange: fc.Arbitrary<JsonChange> = fc.record({ kind: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'dtype', 'shape', 'paths', 'quantization', 'name'), fc.string({ maxLength: 6 })), value: hostileValue });

/** Every path to a value inside `value`, below `prefix`. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const k of Object.keys(value)) paths((value as Record<string, unknown>)[k], [...prefix, k], out);
  return out;
}

/** `json` with the changes applied at paths starting with `under` (the weights manifest, or anywhere). */
function changeJson(json: unknown, changes: readonly JsonChange[], under: readonly (string | number)[] = []): unknown {
  const doc = structuredClone(json) as Record<string | number, unknown>;
  for (const c of changes) {
    const all = paths(doc).filter((p) => p.length > under.length && under.every((step, i) => p[i] === step));
    if (all.length === 0) break;
    const where = all[c.at % all.length];
    let parent = doc;
    for (const step of where.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
    const last = where.at(-1)!;
    const target = parent[last];
    if (c.kind === 'delete') {
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else delete parent[last];
    } else if (c.kind === 'add' && target && typeof target === 'object' && !Array.isArray(target)) Object.defineProperty(target, c.key, { value: structuredClone(c.value), enumerable: true, writable: true, configurable: true });
    else parent[last] = structuredClone(c.value);
  }
  return doc;
}

/** A run folder's files as text or bytes; `weights` null for a folder without weights.bin. */
interface RunFiles {
  readonly model: string;
  readonly weights: Buffer | null;
  readonly run: string;
}

const weightsChange = fc.oneof(
  fc.constant((w: Buffer) => w),
  fc.nat().map((at) => (w: Buffer) => w.subarray(0, at % (w.length + 1))),
  fc.uint8Array({ minLength: 1, maxLength: 16 }).map((extra) => (w: Buffer) => Buffer.concat([w, extra])),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([at, bytes]) => (w: Buffer) => {
    const copy = Buffer.from(w);
    Buffer.from(bytes).copy(copy, at % Math.max(1, copy.length));
    return copy;
  }),
  fc.constant(() => null),
);

const runFolders: fc.Arbitrary<RunFiles> = fc
  .tuple(
    fc.constantFrom('model.json' as const, 'manifest' as const, 'weights.bin' as const, 'run.json' as const, 'two' as const),
    fc.array(jsonChange, { minLength: 1, maxLength: 3 }),
    weightsChange,
    fc.array(jsonChange, { minLength: 1, maxLength: 3 }),
    fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }),
  )
  .map(([which, changes, weights, runChanges, garbage]) => {
    const model = which === 'model.json' || which === 'two' ? changeJson(SEED.model, changes) : which === 'manifest' ? changeJson(SEED.model, changes, ['weightsManifest']) : SEED.model;
    const run = which === 'run.json' || which === 'two' ? changeJson(SEED.run, runChanges) : SEED.run;
    return {
      model: garbage !== null && which === 'model.json' ? garbage : (JSON.stringify(model) ?? 'null'),
      weights: which === 'weights.bin' || which === 'two' ? weights(SEED.weights) : SEED.weights,
      run: garbage !== null && which === 'run.json' ? garbage : (JSON.stringify(run) ?? 'null'),
    };
  });

/** Bytes per value of the dtypes a loaded model's weights may have. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

const runsDir = mkdtempSync(path.join(tmpdir(), 'nc-fuzz-runs-'));
process.on('exit', () => rmSync(runsDir, { recursive: true, force: true }));
const folder = path.join(runsDir, 'run-fuzz');
mkdirSync(folder);

export const runFolderTarget: FuzzTarget<RunFiles> = {
  name: 'run folders: model.json, weights manifest, weights.bin, run.json (loadModelFiles, RunStore)',
  input: runFolders,
  typed: [ModelFilesError, RunError],
  async run(files: RunFiles) {
    writeFileSync(path.join(folder, MODEL_FILE), files.model);
    rmSync(path.join(folder, WEIGHTS_FILE), { force: true });
    if (files.weights) writeFileSync(path.join(folder, WEIGHTS_FILE), files.weights);
    writeFileSync(path.join(folder, RUN_FILE), files.run);
    // The run list never fails for one bad folder: it leaves the folder out.
    const store = new RunStore(runsDir);
    const listed = await store.list();
    let recordError: unknown = null;
    await store.get('run-fuzz').catch((error: unknown) => (recordError = error));
    if (recordError !== null && !(recordError instanceof RunError)) throw recordError;
    if ((recordError === null) !== (listed.length === 1)) return `get and list disagree: get ${recordError ? 'refused' : 'read'} it, list has ${listed.length}`;
    const model = await loadModelFiles(folder);
    try {
      // Accepted weights are the files' bytes, no more and no fewer: the loaded model's weights are exactly weights.bin.
      const held = model.weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? NaN), 1) * (DTYPE_BYTES[w.dtype] ?? NaN), 0);
      const onDisk = files.weights?.length ?? 0;
      return held === onDisk ? null : `a model with ${held} bytes of weights loaded from ${onDisk} bytes of weights.bin`;
    } finally {
      model.dispose();
    }
  },
};
