import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { ARRAY_ENTRIES, arrayDataset, DEFAULT_ARRAY_LIMITS, parseNpy, readNpz, type ArrayDataset, type ArrayEntry, type NumpyArray } from '../../../core/data/arrays';
import { parseTable, prepareTable, type ParsedTable, type ParseOptions, type PreparedTable, type TableOptions } from '../../../core/data/table';
import { DatasetError } from '../errors';
import { decodeUtf8, isFolder, MAX_ARRAY_FILE_BYTES, MAX_TABLE_BYTES, readBoundedFile } from './files';

/** The file name endings read as tables and as arrays. */
export const TABLE_EXTENSIONS = ['.csv', '.tsv', '.txt'];
export const ARRAY_EXTENSIONS = ['.npz', '.npy'];

export type OwnDataOptions = TableOptions & ParseOptions;

/** An own dataset, read and checked in full: a table ready to split and encode, or arrays. */
export type OwnData = { readonly kind: 'table'; readonly table: PreparedTable } | { readonly kind: 'arrays'; readonly arrays: ArrayDataset };

/**
 * Reads a dataset the user names: a CSV/TSV table, an `.npz` archive, an `.npy` file beside
 * its partners (`x_train.npy` with `y_train.npy`, `x_test.npy`, `y_test.npy`; or `x.npy` with
 * `y.npy`), or a folder holding such `.npy` files. Throws a DatasetError, TableError or
 * ArrayFileError naming the file (and row, column or entry); nothing is returned half-read.
 */
export async function loadOwnData(path: string, options: OwnDataOptions = {}): Promise<OwnData> {
  const name = basename(path);
  const label = options.label ?? name;
  if (await isFolder(path)) return { kind: 'arrays', arrays: await loadNpyFolder(path, label) };
  const ext = extname(path).toLowerCase();
  if (TABLE_EXTENSIONS.includes(ext)) {
    const parsed = await readTableFile(path, options);
    return { kind: 'table', table: prepareTable(parsed, { ...options, id: options.id ?? name, label }) };
  }
  if (ext === '.npz') {
    const entries = readNpz(await readBoundedFile(path, MAX_ARRAY_FILE_BYTES), path, DEFAULT_ARRAY_LIMITS);
    return { kind: 'arrays', arrays: arrayDataset(entries, path, { id: options.id ?? name, label }) };
  }
  if (ext === '.npy') return { kind: 'arrays', arrays: await loadNpyPartners(path, label) };
  throw new DatasetError(path, `is not a kind of file NetCanvas reads as data; expected a table (${TABLE_EXTENSIONS.join(', ')}), arrays (${ARRAY_EXTENSIONS.join(', ')}) or a folder of .npy files`);
}

/** Reads and parses a table file (CSV, TSV), its size checked before it is read. */
export async function readTableFile(path: string, options: ParseOptions = {}): Promise<ParsedTable> {
  const text = decodeUtf8(await readBoundedFile(path, MAX_TABLE_BYTES), path);
  return parseTable(text, path, { header: options.header, delimiter: options.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : undefined) });
}

/** `x.npy`/`y.npy` stand for `x_train`/`y_train` when no `x_train.npy` is there. */
const SHORT_NAMES = new Map<string, ArrayEntry>([
  ['x.npy', 'x_train'],
  ['y.npy', 'y_train'],
]);

async function loadNpyFolder(folder: string, label: string): Promise<ArrayDataset> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw new DatasetError(folder, `cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const files = new Map<ArrayEntry, string>();
  for (const entry of ARRAY_ENTRIES) if (names.includes(`${entry}.npy`)) files.set(entry, join(folder, `${entry}.npy`));
  if (!files.has('x_train')) for (const [short, entry] of SHORT_NAMES) if (names.includes(short)) files.set(entry, join(folder, short));
  if (files.size === 0) throw new DatasetError(folder, `holds no ${ARRAY_ENTRIES.map((e) => `${e}.npy`).join(', ')} (nor x.npy, y.npy); a folder of arrays needs them`);
  const entries = new Map<ArrayEntry, NumpyArray>();
  let total = 0;
  for (const [entry, file] of files) {
    const bytes = await readBoundedFile(file, MAX_ARRAY_FILE_BYTES - total);
    total += bytes.length;
    entries.set(entry, parseNpy(bytes, file, DEFAULT_ARRAY_LIMITS));
  }
  return arrayDataset(entries, folder, { id: basename(folder), label });
}

/** An `.npy` file named on its own reads as its folder, so its partners come with it. */
async function loadNpyPartners(file: string, label: string): Promise<ArrayDataset> {
  const name = basename(file);
  const known = ARRAY_ENTRIES.some((e) => name === `${e}.npy`) || SHORT_NAMES.has(name);
  if (!known) throw new DatasetError(file, `is not named as NetCanvas expects arrays: ${ARRAY_ENTRIES.map((e) => `${e}.npy`).join(', ')}, or x.npy and y.npy`);
  return loadNpyFolder(dirname(file), label);
}
