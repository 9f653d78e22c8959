import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetName } from '../../core/training/config';
import { readIdxBytes, sha256Hex } from './bytes';
import { defaultCacheDir } from '../../node/userDataDir';
import { datasetCacheFolder } from './cacheDir';
import { DATASET_SOURCES, fileNameVariants, type DatasetSource, type IdxRole } from './catalogue';
import { DatasetError } from './errors';
import type { DatasetLocation, DatasetOptions } from './types';

/** Where a candidate folder came from, in the order they are searched. */
export type DatasetOrigin = 'data folder' | 'NETCANVAS_DATA' | 'cache' | 'system';

/** A folder holding all four files of a dataset. */
export interface FoundDataset {
  readonly folder: string;
  readonly origin: DatasetOrigin;
  /** The path of each file, as it is on disk (plain or `.gz`). */
  readonly files: Readonly<Record<IdxRole, string>>;
}

/** A place looked at in vain, and why. */
export interface Miss {
  readonly folder: string;
  readonly origin: DatasetOrigin;
  readonly problem: string;
}

export interface Search {
  readonly found?: FoundDataset;
  /** Each place looked at in vain, in search order. */
  readonly misses: readonly Miss[];
  /** The cache folder a download goes to. */
  readonly cacheFolder: string;
}

interface Candidate {
  readonly folder: string;
  readonly origin: DatasetOrigin;
  /** A sub-folder guessed under a data folder: not worth a message when absent. */
  readonly guessed: boolean;
}

/** The dataset's description, or a DatasetError for an unknown name (which can arrive from a CLI flag or a message). */
export function datasetSource(name: DatasetName): DatasetSource {
  const source = Object.hasOwn(DATASET_SOURCES, name) ? DATASET_SOURCES[name] : undefined;
  if (!source) throw new DatasetError(String(name), `unknown dataset; known: ${Object.keys(DATASET_SOURCES).join(', ')}`);
  return source;
}

/**
 * The folders searched, in order: the data folder option and NETCANVAS_DATA (each
 * either the dataset's own folder or one holding it as `<name>/`), the cache, then
 * system-wide package folders.
 */
function candidates(source: DatasetSource, options: DatasetOptions, cacheFolder: string): Candidate[] {
  const env = options.env ?? process.env;
  const out: Candidate[] = [];
  const addRoot = (root: string | undefined, origin: DatasetOrigin) => {
    if (!root) return;
    const resolved = path.resolve(root);
    for (const sub of source.folderNames) out.push({ folder: path.join(resolved, sub), origin, guessed: true });
    out.push({ folder: resolved, origin, guessed: false });
  };
  addRoot(options.dataDir, 'data folder');
  addRoot(env.NETCANVAS_DATA, 'NETCANVAS_DATA');
  out.push({ folder: cacheFolder, origin: 'cache', guessed: false });
  for (const folder of options.systemFolders ?? source.systemFolders) out.push({ folder, origin: 'system', guessed: true });
  return out;
}

export type Inspection = { readonly files: Record<IdxRole, string> } | { readonly absent: true } | { readonly problem: string };

/** Whether a folder holds the four files, by name. */
export async function inspect(source: DatasetSource, folder: string): Promise<Inspection> {
  let names: Set<string>;
  try {
    names = new Set(await readdir(folder));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { absent: true };
    return { problem: code === 'ENOTDIR' ? 'is not a folder' : `cannot be listed (${code ?? String(error)})` };
  }
  const files = {} as Record<IdxRole, string>;
  const missing: string[] = [];
  for (const spec of source.files) {
    const name = fileNameVariants(spec).find((variant) => names.has(variant));
    if (name) files[spec.role] = path.join(folder, name);
    else missing.push(`${spec.name}[.gz]`);
  }
  if (missing.length === source.files.length) return { problem: `holds no ${source.title} files` };
  if (missing.length > 0) return { problem: `missing ${missing.join(', ')}` };
  return { files };
}

/**
 * Which other dataset a folder's files are, judged by the training labels' digest (60 kB,
 * read in a millisecond): MNIST and Fashion-MNIST share file names, so a folder pointed
 * at for one may hold the other. Unknown or unreadable labels are left to the full check.
 */
async function otherDatasetIn(source: DatasetSource, files: Record<IdxRole, string>): Promise<DatasetSource | undefined> {
  let digest: string;
  try {
    digest = sha256Hex(await readIdxBytes(files.trainLabels));
  } catch {
    return undefined;
  }
  return Object.values(DATASET_SOURCES).find(
    (other) => other.name !== source.name && other.files.some((spec) => spec.role === 'trainLabels' && spec.sha256 === digest),
  );
}

/** Searches every candidate folder in order and stops at the first that holds the dataset. */
export async function searchDataset(source: DatasetSource, options: DatasetOptions): Promise<Search> {
  const cacheFolder = datasetCacheFolder(options.cacheDir ?? defaultCacheDir(options.env ?? process.env), source.name);
  const misses: Miss[] = [];
  const miss = ({ folder, origin }: Candidate, problem: string) => misses.push({ folder, origin, problem });
  for (const candidate of candidates(source, options, cacheFolder)) {
    const inspection = await inspect(source, candidate.folder);
    if ('absent' in inspection) {
      if (!candidate.guessed) miss(candidate, 'does not exist');
      continue;
    }
    if ('problem' in inspection) {
      if (!candidate.guessed || !inspection.problem.startsWith('holds no')) miss(candidate, inspection.problem);
      continue;
    }
    const other = await otherDatasetIn(source, inspection.files);
    if (other) {
      miss(candidate, `holds ${other.title}, not ${source.title}`);
      continue;
    }
    return { found: { folder: candidate.folder, origin: candidate.origin, files: inspection.files }, misses, cacheFolder };
  }
  return { misses, cacheFolder };
}

/** Why a search found nothing, as one sentence. */
export function describeMisses(source: DatasetSource, search: Search): string {
  return `${source.title} was not found: ${search.misses.map((m) => `${m.folder} (${m.origin}) ${m.problem}`).join('; ')}`;
}

/**
 * Where a dataset would be loaded from, without reading it in full: available with the
 * folder, or not with the reason (every place looked at, and whether a download would
 * fetch it).
 */
export async function locateDataset(name: DatasetName, options: DatasetOptions = {}): Promise<DatasetLocation> {
  const source = datasetSource(name);
  const search = await searchDataset(source, options);
  if (search.found) return { available: true, location: search.found.folder };
  const next = options.download === false ? 'downloading is off' : `it will be downloaded into ${search.cacheFolder} when first used`;
  return { available: false, reason: `${describeMisses(source, search)}; ${next}` };
}
