import type { ImageFolderInspection, ImageFolderWarning, SkippedFile } from '../../../core/data/inspection';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join, relative } from 'node:path';
import type { DatasetDescription } from '../../../core/data/description';
import type { SampleSplit, TrainingSamples } from '../../../core/data/samples';
import { DEFAULT_SPLIT, DEFAULT_SPLIT_SEED, splitIndices, type SplitFractions } from '../../../core/data/split';
import { mulberry32, shuffleInPlace } from '../../../core/random';
import { messageOf } from '../../../core/messageOf';
import { decodeImage, IMAGE_EXTENSIONS, imageToSample, type ImageTarget } from '../../image/decode';
import { readDataFile } from '../bytes';
import { DatasetError } from '../errors';

/**
 * Image-folder datasets: one sub-folder per class holding PNG, JPEG or WebP pictures, with
 * optional `train/`, `validation/` and `test/` folders above the class folders (used as given).
 * The tree is walked without following a link back into a folder already walked; every file that
 * is not read (not a picture, damaged, too large, a looping link) is listed with why, never
 * dropped silently. See docs/datasets.md.
 */

/** The most files looked at in one folder tree, and the largest picture file read. */
export const MAX_IMAGE_FILES = 1_000_000;
export const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;
/** The most bytes of Float32 inputs made (refused before they are allocated). */
export const MAX_SAMPLE_BYTES = 2 * 1024 ** 3;
/** Sub-folders deeper than this under a class folder are not walked. */
const MAX_DEPTH = 16;
/** Suggested inputs are at most this many pixels on their longer side. */
export const SUGGESTED_MAX_SIDE = 64;

export const SPLIT_FOLDERS = ['train', 'validation', 'test'] as const;
type SplitName = (typeof SPLIT_FOLDERS)[number];

export type { ImageFolderInspection, ImageFolderWarning, SkippedFile } from '../../../core/data/inspection';

interface ImageFile {
  readonly file: string;
  readonly classIndex: number;
}

interface Tree {
  readonly folder: string;
  readonly classNames: readonly string[];
  /** Class folders without a single picture file, by name. */
  readonly emptyClasses: readonly string[];
  /** By split when the folder has `train/` etc., else all under `all`. */
  readonly given: boolean;
  readonly files: ReadonlyMap<SplitName | 'all', readonly ImageFile[]>;
  readonly skipped: SkippedFile[];
}

const isImageName = (name: string) => IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());

async function listFolder(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).sort();
  } catch (error) {
    throw new DatasetError(folder, `cannot be listed (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`);
  }
}

/** What an entry is, following a link only to a file or a folder not walked yet. */
async function entryKind(path: string, visited: Set<string>, skipped: SkippedFile[]): Promise<'file' | 'folder' | null> {
  let info;
  try {
    info = await lstat(path);
    if (info.isSymbolicLink()) {
      const real = await realpath(path);
      info = await stat(real);
      if (info.isDirectory() && visited.has(real)) {
        skipped.push({ file: path, reason: `is a symbolic link back to ${real}, a folder already walked (a loop); not followed` });
        return null;
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    skipped.push({ file: path, reason: code === 'ELOOP' ? 'is a symbolic link that loops' : `cannot be looked at (${code ?? messageOf(error)})` });
    return null;
  }
  if (info.isDirectory()) return 'folder';
  if (info.isFile()) return 'file';
  skipped.push({ file: path, reason: 'is not a regular file (a FIFO, device or socket)' });
  return null;
}

async function walkClassFolder(folder: string, classIndex: number, out: ImageFile[], visited: Set<string>, skipped: SkippedFile[], depth: number): Promise<void> {
  visited.add(await realpath(folder));
  for (const name of await listFolder(folder)) {
    const path = join(folder, name);
    const kind = await entryKind(path, visited, skipped);
    if (kind === 'folder') {
      if (depth >= MAX_DEPTH) skipped.push({ file: path, reason: `is more than ${MAX_DEPTH} folders deep; not walked` });
      else await walkClassFolder(path, classIndex, out, visited, skipped, depth + 1);
    } else if (kind === 'file') {
      if (!isImageName(name)) skipped.push({ file: path, reason: `is not a picture by its name (NetCanvas reads ${IMAGE_EXTENSIONS.join(', ')})` });
      else out.push({ file: path, classIndex });
      if (out.length > MAX_IMAGE_FILES) throw new DatasetError(folder, `holds more than ${MAX_IMAGE_FILES} pictures; at most that many are read`);
    }
  }
}

/** The class folders directly in `folder`, sorted by name, and the stray files beside them. */
async function classFolders(folder: string, visited: Set<string>, skipped: SkippedFile[]): Promise<string[]> {
  const names: string[] = [];
  for (const name of await listFolder(folder)) {
    const path = join(folder, name);
    const kind = await entryKind(path, visited, skipped);
    if (kind === 'folder') names.push(name);
    else if (kind === 'file') skipped.push({ file: path, reason: 'is beside the class folders, in no class; each class is a sub-folder' });
  }
  return names;
}

async function walkTree(folder: string): Promise<Tree> {
  let info;
  try {
    info = await stat(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DatasetError(folder, code === 'ENOENT' ? 'not found' : code === 'ELOOP' ? 'is a symbolic link that loops' : `cannot be read (${code ?? messageOf(error)})`);
  }
  if (!info.isDirectory()) throw new DatasetError(folder, 'is not a folder');
  const skipped: SkippedFile[] = [];
  const visited = new Set<string>([await realpath(folder)]);
  const top = await listFolder(folder);
  const given = top.includes('train');
  const roots = given ? SPLIT_FOLDERS.filter((s) => top.includes(s)).map((s) => ({ split: s as SplitName | 'all', folder: join(folder, s) })) : [{ split: 'all' as const, folder }];
  if (given) {
    for (const name of top.filter((n) => !(SPLIT_FOLDERS as readonly string[]).includes(n))) {
      skipped.push({ file: join(folder, name), reason: 'is beside train/, which splits the folder; only train/, validation/ and test/ are read' });
    }
  }
  const perRoot = new Map<SplitName | 'all', string[]>();
  for (const root of roots) {
    if (given) visited.add(await realpath(root.folder));
    perRoot.set(root.split, await classFolders(root.folder, visited, skipped));
  }
  const allNames = [...new Set([...perRoot.values()].flat())].sort();
  const found = new Map<SplitName | 'all', ImageFile[]>();
  const perClass = new Array<number>(allNames.length).fill(0);
  for (const root of roots) {
    const files: ImageFile[] = [];
    for (const name of perRoot.get(root.split)!) {
      const index = allNames.indexOf(name);
      const before = files.length;
      await walkClassFolder(join(root.folder, name), index, files, visited, skipped, 0);
      perClass[index] += files.length - before;
    }
    found.set(root.split, files);
  }
  // Classes are the class folders holding at least one picture file; empty ones are named, not trained on.
  const classNames = allNames.filter((_, i) => perClass[i] > 0);
  const emptyClasses = allNames.filter((_, i) => perClass[i] === 0);
  const files = new Map<SplitName | 'all', readonly ImageFile[]>();
  for (const [split, list] of found) files.set(split, list.filter((f) => perClass[f.classIndex] > 0).map((f) => ({ file: f.file, classIndex: classNames.indexOf(allNames[f.classIndex]) })));
  return { folder, classNames, emptyClasses, given, files, skipped };
}

/** Runs `work` over `items` with at most `limit` running at once, results in order. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Pictures decoded at once: sharp decodes each on libuv's threads, so a few keep them busy. */
const DECODE_CONCURRENCY = Math.max(2, Math.min(8, availableParallelism()));

const relativeTo = (folder: string, file: string) => relative(folder, file) || basename(file);

export interface ImageFolderOptions {
  readonly split?: SplitFractions;
  readonly seed?: number;
  /** At most this many pictures in all, taken from every class and split in proportion (seeded). */
  readonly limit?: number;
  readonly onProgress?: (progress: { readonly done: number; readonly total: number; readonly message: string }) => void;
  readonly id?: string;
  readonly label?: string;
}

function describeDataset(folder: string, classNames: readonly string[], inputShape: readonly number[], options: { id?: string; label?: string }): DatasetDescription {
  return {
    id: options.id ?? basename(folder),
    label: options.label ?? basename(folder),
    kind: 'images',
    inputShape,
    task: classNames.length === 2 ? 'binary' : 'multiclass',
    classNames,
  };
}

/** What is wrong with a folder's classes and pictures; `trainPictures` counts the pictures read in `train/` (given splits) or in all. */
function classWarnings(tree: Tree, counts: readonly number[], skipped: number, trainPictures: number): { warnings: ImageFolderWarning[]; problems: string[] } {
  const warnings: ImageFolderWarning[] = [];
  const problems: string[] = [];
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) {
    warnings.push({ kind: 'no-pictures', message: `no picture could be read in ${tree.folder}` });
    problems.push(`${tree.folder}: holds no picture NetCanvas can read (PNG, JPEG or WebP in one sub-folder per class)`);
  } else if (trainPictures === 0) {
    // Pictures only in validation/ or test/: nothing to train on (the same refusal as loading's).
    warnings.push({ kind: 'no-pictures', message: `no picture could be read in ${join(tree.folder, 'train')}` });
    problems.push(`${tree.folder}: train/ holds no picture NetCanvas can read; the pictures found are all in validation/ or test/`);
  } else if (tree.classNames.length === 1) {
    warnings.push({ kind: 'one-class', message: `only one class (${tree.classNames[0]}); a classifier needs at least two class folders` });
    problems.push(`${tree.folder}: holds one class (${tree.classNames[0]}); a classifier needs at least two class folders`);
  }
  for (const name of tree.emptyClasses) warnings.push({ kind: 'empty-class', message: `class folder ${name} holds no pictures; it is left out` });
  const present = counts.map((c, i) => ({ name: tree.classNames[i], c })).filter((x) => x.c > 0);
  if (present.length >= 2) {
    const large = present.reduce((a, b) => (b.c > a.c ? b : a));
    const small = present.reduce((a, b) => (b.c < a.c ? b : a));
    if (large.c >= 2 * small.c) warnings.push({ kind: 'class-imbalance', message: `class imbalance: class ${large.name} has ${large.c} pictures, class ${small.name} ${small.c} (${(large.c / small.c).toFixed(1)}×)` });
  }
  if (skipped > 0) warnings.push({ kind: 'skipped-files', message: `${skipped} file${skipped === 1 ? ' was' : 's were'} skipped (listed above)` });
  return { warnings, problems };
}

/** The input suggested for pictures of this size: the size itself, its longer side brought down to 64 pixels when larger. */
function suggest(common: { width: number; height: number } | null, sizes: number, colour: boolean): { target: ImageTarget; reason: string } {
  const channels = colour ? 3 : 1;
  if (!common) return { target: { height: SUGGESTED_MAX_SIDE, width: SUGGESTED_MAX_SIDE, channels, resize: 'stretch' }, reason: 'no picture was read' };
  const side = Math.max(common.width, common.height);
  const scale = side > SUGGESTED_MAX_SIDE ? SUGGESTED_MAX_SIDE / side : 1;
  const width = Math.max(1, Math.round(common.width * scale));
  const height = Math.max(1, Math.round(common.height * scale));
  const resize = sizes > 1 ? 'pad' : 'stretch';
  const parts = [scale < 1 ? `the most common size ${common.width}×${common.height} scaled down to ${width}×${height} (at most ${SUGGESTED_MAX_SIDE} pixels a side)` : `the most common size ${width}×${height}`];
  parts.push(colour ? 'RGB, as some pictures have colour' : 'grey, as no picture has colour');
  if (sizes > 1) parts.push('pictures of other sizes padded with black to keep their proportions');
  return { target: { height, width, channels, resize }, reason: parts.join('; ') };
}

function splitCounts(tree: Tree, labelsOf: (split: SplitName | 'all') => number[], options: ImageFolderOptions) {
  const k = tree.classNames.length;
  const perSplit = { train: new Array<number>(k).fill(0), validation: new Array<number>(k).fill(0), test: new Array<number>(k).fill(0) };
  if (tree.given) {
    for (const s of SPLIT_FOLDERS) for (const l of tree.files.has(s) ? labelsOf(s) : []) perSplit[s][l]++;
    if (!tree.files.has('test')) {
      const labels = labelsOf('train');
      const parts = splitIndices(labels.length, { validation: 0, test: (options.split ?? DEFAULT_SPLIT).test }, options.seed ?? DEFAULT_SPLIT_SEED, labels);
      perSplit.train.fill(0);
      for (const i of parts.train) perSplit.train[labels[i]]++;
      for (const i of parts.test) perSplit.test[labels[i]]++;
    }
  } else {
    const labels = labelsOf('all');
    const parts = splitIndices(labels.length, options.split ?? DEFAULT_SPLIT, options.seed ?? DEFAULT_SPLIT_SEED, labels);
    for (const s of SPLIT_FOLDERS) for (const i of parts[s]) perSplit[s][labels[i]]++;
  }
  return perSplit;
}

/**
 * Looks at an image folder: its classes (the class folders' names, sorted) with their counts per
 * split, the most common picture size, whether any has colour, the input suggested, the files
 * skipped and why, and warnings. Every picture is decoded, so a damaged one is found here.
 */
export async function inspectImageFolder(folder: string, options: ImageFolderOptions = {}): Promise<ImageFolderInspection> {
  const tree = await walkTree(folder);
  const skipped = [...tree.skipped];
  const all = [...tree.files.entries()].flatMap(([split, files]) => files.map((f) => ({ split, ...f })));
  const sizes = new Map<string, { width: number; height: number; count: number }>();
  let colour = false;
  let done = 0;
  const readOk = await pool(all, DECODE_CONCURRENCY, async ({ file }) => {
    try {
      const image = await decodeImage(await readDataFile(file, MAX_IMAGE_FILE_BYTES));
      const key = `${image.width}×${image.height}`;
      const entry = sizes.get(key) ?? { width: image.width, height: image.height, count: 0 };
      entry.count++;
      sizes.set(key, entry);
      if (!colour) {
        const p = image.rgba;
        for (let i = 0; i < p.length; i += 4) if (p[i] !== p[i + 1] || p[i] !== p[i + 2]) { colour = true; break; }
      }
      return true;
    } catch (error) {
      skipped.push({ file, reason: skipReason(error) });
      return false;
    } finally {
      options.onProgress?.({ done: ++done, total: all.length, message: `Read ${file}` });
    }
  });
  const ok = all.filter((_, i) => readOk[i]);
  const labelsOf = (split: SplitName | 'all') => ok.filter((f) => f.split === split).map((f) => f.classIndex);
  const perSplit = splitCounts(tree, labelsOf, options);
  const counts = tree.classNames.map((_, i) => ok.filter((f) => f.classIndex === i).length);
  const common = [...sizes.values()].reduce<{ width: number; height: number; count: number } | null>((a, b) => (!a || b.count > a.count ? b : a), null);
  const suggestion = suggest(common, sizes.size, colour);
  const { warnings, problems } = classWarnings(tree, counts, skipped.length, labelsOf(tree.given ? 'train' : 'all').length);
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  return {
    file: folder,
    kind: 'image-folder',
    samples: ok.length,
    layout: tree.given ? 'split-folders' : 'class-folders',
    classes: tree.classNames.map((name, i) => ({ name, count: counts[i], train: perSplit.train[i], validation: perSplit.validation[i], test: perSplit.test[i] })),
    split: { given: tree.given, seed: tree.given && tree.files.has('test') ? null : (options.seed ?? DEFAULT_SPLIT_SEED), train: sum(perSplit.train), validation: sum(perSplit.validation), test: sum(perSplit.test) },
    commonSize: common,
    sizes: sizes.size,
    colour,
    description: describeDataset(folder, tree.classNames, [suggestion.target.height, suggestion.target.width, suggestion.target.channels], options),
    suggestion,
    skipped: { count: skipped.length, files: skipped.map((s) => ({ file: relativeTo(folder, s.file), reason: s.reason })) },
    warnings,
    problems,
  };
}

function skipReason(error: unknown): string {
  if (error instanceof DatasetError) return error.problem;
  return messageOf(error);
}

/** Takes at most `limit` of the files, from every class in proportion, seeded. */
function limitFiles<T extends { classIndex: number }>(files: readonly T[], limit: number, total: number, seed: number): T[] {
  if (total <= limit) return [...files];
  const share = limit / total;
  const byClass = new Map<number, T[]>();
  for (const f of files) {
    const list = byClass.get(f.classIndex) ?? [];
    list.push(f);
    byClass.set(f.classIndex, list);
  }
  const random = mulberry32(seed);
  const kept: T[] = [];
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = byClass.get(key)!;
    kept.push(...shuffleInPlace([...list], random).slice(0, Math.max(1, Math.round(list.length * share))));
  }
  return kept;
}

/**
 * Reads an image folder as the model's Input takes it: every picture decoded, made grey or RGB
 * and resized to `target` (see `imageToSample`), pixels divided by 255. The `train/`,
 * `validation/`, `test/` folders are used as given (no `validation/`: none; no `test/`: taken
 * from train, stratified); without them the pictures are split by `splitIndices` (seeded,
 * stratified). Pictures that do not decode are skipped and listed in `notes`. Throws a
 * DatasetError naming the folder when nothing can be trained on (no pictures, one class).
 */
export async function loadImageFolderSamples(folder: string, target: ImageTarget, options: ImageFolderOptions = {}): Promise<TrainingSamples> {
  const tree = await walkTree(folder);
  const seed = options.seed ?? DEFAULT_SPLIT_SEED;
  const totalFiles = [...tree.files.values()].reduce((a, f) => a + f.length, 0);
  const sampleValues = target.height * target.width * target.channels;
  const chosen = new Map<SplitName | 'all', ImageFile[]>();
  for (const [split, files] of tree.files) chosen.set(split, options.limit !== undefined ? limitFiles(files, options.limit, totalFiles, seed) : [...files]);
  const count = [...chosen.values()].reduce((a, f) => a + f.length, 0);
  if (count * sampleValues * 4 > MAX_SAMPLE_BYTES) {
    throw new DatasetError(folder, `${count} pictures of ${target.height}×${target.width}×${target.channels} would take ${Math.ceil((count * sampleValues * 4) / 2 ** 20)} MiB as inputs; at most ${MAX_SAMPLE_BYTES / 2 ** 30} GiB are made (use a limit or a smaller input)`);
  }
  const skipped = [...tree.skipped];
  const x = new Float32Array(count * sampleValues);
  const order = [...chosen.entries()].flatMap(([split, files]) => files.map((f) => ({ split, ...f })));
  let done = 0;
  const ok = await pool(order, DECODE_CONCURRENCY, async ({ file }, i) => {
    try {
      const bytes = await imageToSample(await readDataFile(file, MAX_IMAGE_FILE_BYTES), target);
      const out = x.subarray(i * sampleValues, (i + 1) * sampleValues);
      for (let j = 0; j < sampleValues; j++) out[j] = bytes[j] / 255;
      return true;
    } catch (error) {
      skipped.push({ file, reason: skipReason(error) });
      return false;
    } finally {
      options.onProgress?.({ done: ++done, total: order.length, message: `Decoded ${file}` });
    }
  });
  const read = order.map((f, i) => ({ ...f, at: i })).filter((_, i) => ok[i]);
  const counts = tree.classNames.map((_, c) => read.filter((f) => f.classIndex === c).length);
  const { problems } = classWarnings(tree, counts, skipped.length, read.filter((f) => f.split === (tree.given ? 'train' : 'all')).length);
  if (problems.length > 0) throw new DatasetError(folder, problems[0].slice(folder.length + 2));
  const make = (items: readonly { at: number; classIndex: number; file: string }[]): SampleSplit => {
    const sx = new Float32Array(items.length * sampleValues);
    const sy = new Float32Array(items.length);
    items.forEach((item, j) => {
      sx.set(x.subarray(item.at * sampleValues, (item.at + 1) * sampleValues), j * sampleValues);
      sy[j] = item.classIndex;
    });
    return { count: items.length, x: sx, y: sy, sources: items.map((item) => item.file) };
  };
  const of = (split: SplitName | 'all') => read.filter((f) => f.split === split);
  const { train, validation, test } = splitPictures(tree, folder, of, make, options.split, seed);
  const notes = skipped.map((s) => `${s.file} ${s.reason.startsWith('is ') || s.reason.startsWith('cannot') ? '' : 'was skipped: '}${s.reason}`);
  if (skipped.length > 0) notes.unshift(`${skipped.length} file${skipped.length === 1 ? ' was' : 's were'} skipped`);
  return {
    description: describeDataset(folder, tree.classNames, [target.height, target.width, target.channels], options),
    train,
    validation,
    test,
    preprocessing: { kind: 'image', width: target.width, height: target.height, channels: target.channels, resize: target.resize, scale: 1 / 255 },
    notes,
  };
}

/** Whether a folder looks like an image-folder dataset: a `train/` folder, or a sub-folder holding a picture file. */
export async function looksLikeImageFolder(folder: string): Promise<boolean> {
  const names = await listFolder(folder);
  if (names.includes('train')) return true;
  for (const name of names.slice(0, 1000)) {
    try {
      const path = join(folder, name);
      if (!(await stat(path)).isDirectory()) continue;
      const inner = await readdir(path);
      if (inner.some(isImageName)) return true;
    } catch {
      // an entry that cannot be looked at says nothing about the layout
    }
  }
  return false;
}

/** One split of an image folder as files, not yet decoded: each picture's path and class index. */
export interface ImageFileSplit {
  readonly count: number;
  readonly files: readonly string[];
  /** One per file: its class index. */
  readonly labels: Float32Array;
}

/**
 * An image folder too large to decode into memory at once (see `imageStream.ts`): its splits as
 * lists of files, decoded batch by batch while training. Everything but the pixels is as
 * `loadImageFolderSamples` makes it.
 */
export interface StreamedImageSamples {
  readonly kind: 'stream';
  readonly folder: string;
  readonly target: ImageTarget;
  readonly description: DatasetDescription;
  readonly train: ImageFileSplit;
  readonly validation: ImageFileSplit | null;
  readonly test: ImageFileSplit;
  readonly preprocessing: Extract<TrainingSamples['preprocessing'], { kind: 'image' }>;
  readonly notes: readonly string[];
}

/** How many pictures `options.limit` leaves of a folder, and the bytes their Float32 inputs would take. */
export async function imageFolderSize(folder: string, target: ImageTarget, options: ImageFolderOptions = {}): Promise<{ pictures: number; bytes: number }> {
  const tree = await walkTree(folder);
  const total = [...tree.files.values()].reduce((a, f) => a + f.length, 0);
  const pictures = options.limit !== undefined ? Math.min(total, options.limit) : total;
  return { pictures, bytes: pictures * target.height * target.width * target.channels * 4 };
}

/**
 * An image folder's splits as files, for streaming: walked and split as `loadImageFolderSamples`
 * does (given folders, else seeded and stratified), but on every picture file found, as none is
 * decoded yet; a file that does not decode later is skipped and counted when its batch is read.
 */
export async function planImageFolder(folder: string, target: ImageTarget, options: ImageFolderOptions = {}): Promise<StreamedImageSamples> {
  const tree = await walkTree(folder);
  const seed = options.seed ?? DEFAULT_SPLIT_SEED;
  const totalFiles = [...tree.files.values()].reduce((a, f) => a + f.length, 0);
  const chosen = new Map<SplitName | 'all', ImageFile[]>();
  for (const [split, files] of tree.files) chosen.set(split, options.limit !== undefined ? limitFiles(files, options.limit, totalFiles, seed) : [...files]);
  const counts = tree.classNames.map((_, c) => [...chosen.values()].flat().filter((f) => f.classIndex === c).length);
  const { problems } = classWarnings(tree, counts, tree.skipped.length, (chosen.get(tree.given ? 'train' : 'all') ?? []).length);
  if (problems.length > 0) throw new DatasetError(folder, problems[0].slice(folder.length + 2));
  const make = (items: readonly ImageFile[]): ImageFileSplit => ({ count: items.length, files: items.map((f) => f.file), labels: Float32Array.from(items, (f) => f.classIndex) });
  const of = (split: SplitName | 'all') => chosen.get(split) ?? [];
  const { train, validation, test } = splitPictures(tree, folder, of, make, options.split, seed);
  const notes = tree.skipped.map((s) => `${s.file} ${s.reason}`);
  if (tree.skipped.length > 0) notes.unshift(`${tree.skipped.length} file${tree.skipped.length === 1 ? ' was' : 's were'} skipped`);
  notes.push(`${totalFiles} pictures are more than fit in memory as inputs; they are decoded from ${folder} batch by batch while training`);
  return {
    kind: 'stream',
    folder,
    target,
    description: describeDataset(folder, tree.classNames, [target.height, target.width, target.channels], options),
    train,
    validation,
    test,
    preprocessing: { kind: 'image', width: target.width, height: target.height, channels: target.channels, resize: target.resize, scale: 1 / 255 },
    notes,
  };
}

/**
 * A folder's pictures as train, validation and test: the `train/`, `validation/` and `test/`
 * folders as given (a seeded stratified share of `train/` tests when there is no `test/`), else
 * the seeded stratified split of them all. `make` turns a split's pictures into what the caller keeps.
 */
function splitPictures<T extends { readonly classIndex: number }, S>(tree: Tree, folder: string, of: (split: SplitName | 'all') => readonly T[], make: (items: readonly T[]) => S, split: SplitFractions | undefined, seed: number): { train: S; validation: S | null; test: S } {
  if (tree.given) {
    const given = of('train');
    if (given.length === 0) throw new DatasetError(join(folder, 'train'), 'holds no picture NetCanvas can read');
    const validation = tree.files.has('validation') ? make(of('validation')) : null;
    if (tree.files.has('test')) return { train: make(given), validation, test: make(of('test')) };
    const parts = splitIndices(given.length, { validation: 0, test: (split ?? DEFAULT_SPLIT).test }, seed, given.map((f) => f.classIndex));
    return { train: make(parts.train.map((i) => given[i])), validation, test: make(parts.test.map((i) => given[i])) };
  }
  const all = of('all');
  const parts = splitIndices(all.length, split ?? DEFAULT_SPLIT, seed, all.map((f) => f.classIndex));
  return { train: make(parts.train.map((i) => all[i])), validation: parts.validation.length > 0 ? make(parts.validation.map((i) => all[i])) : null, test: make(parts.test.map((i) => all[i])) };
}
