import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import sharp from 'sharp';
import type { DataEntry, DataPreview } from '../../../core/api/contract';
import type { DataInspection } from '../../../core/data/inspection';
import { tableOptionsOf, type DataChoices } from '../../../core/data/choices';
import { IMAGE_EXTENSIONS, MAX_IMAGE_PIXELS } from '../../image/decode';
import { findIdxFiles, inspectIdxFolder } from './idxFolder';
import { inspectImageFolder, looksLikeImageFolder, MAX_IMAGE_FILE_BYTES } from './images';
import { ARRAY_EXTENSIONS, loadOwnData, readTableFile, TABLE_EXTENSIONS } from './load';
import { readBoundedFile } from './files';

/**
 * What NetCanvas sees in a file or folder of own data: the one inspection behind
 * `netcanvas data`, `netcanvas new --data` and the engine's `inspectData`. Throws the
 * loaders' errors (DatasetError, TableError, ArrayFileError), each naming what cannot be read.
 */
export async function inspectOwnData(full: string, target: string | undefined, choices: DataChoices = {}, label = basename(full)): Promise<DataInspection> {
  const folder = await stat(full).then((s) => s.isDirectory(), () => false);
  if (folder && (await findIdxFiles(full))) return { kind: 'idx-folder', inspection: await inspectIdxFolder(full) };
  if (folder && (await looksLikeImageFolder(full))) return { kind: 'image-folder', inspection: await inspectImageFolder(full) };
  const data = await loadOwnData(full, { target, id: label, label, ...tableOptionsOf(choices) });
  return data.kind === 'table' ? { kind: 'table', inspection: data.table.inspection } : { kind: 'arrays', inspection: data.arrays.inspection };
}

/** Rows of a table shown in the preview. */
export const PREVIEW_ROWS = 50;
/** Pictures per class, and classes, shown in the preview. */
export const PREVIEW_PICTURES = 8;
export const PREVIEW_CLASSES = 20;
/** The preview pictures' longer side, in pixels. */
const THUMBNAIL = 64;

const isPicture = (name: string) => IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());

/** The first rows of a table, or a few pictures of each class of an image folder; nothing for arrays and IDX files. */
export async function previewData(full: string, data: DataInspection): Promise<DataPreview> {
  if (data.kind === 'table') {
    const table = await readTableFile(full, { header: data.inspection.hasHeader });
    return { table: { header: [...table.columns], rows: table.rows.slice(0, PREVIEW_ROWS).map((r) => [...r]) } };
  }
  if (data.kind !== 'image-folder') return {};
  const base = data.inspection.layout === 'split-folders' ? join(full, 'train') : full;
  const pictures: { className: string; urls: string[] }[] = [];
  for (const { name } of data.inspection.classes.slice(0, PREVIEW_CLASSES)) {
    const names = await readdir(join(base, name)).catch(() => [] as string[]);
    const urls: string[] = [];
    for (const file of names.filter(isPicture).sort().slice(0, PREVIEW_PICTURES * 2)) {
      if (urls.length >= PREVIEW_PICTURES) break;
      const url = await thumbnail(join(base, name, file));
      if (url) urls.push(url);
    }
    pictures.push({ className: name, urls });
  }
  return { pictures };
}

/** A picture as a small PNG data: URL; null for one that does not decode (the inspection lists those). */
export async function thumbnail(file: string): Promise<string | null> {
  try {
    const bytes = await readBoundedFile(file, MAX_IMAGE_FILE_BYTES);
    const png = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' })
      .resize(THUMBNAIL, THUMBNAIL, { fit: 'inside', withoutEnlargement: true })
      .png()
      .toBuffer();
    return `data:image/png;base64,${png.toString('base64')}`;
  } catch {
    return null;
  }
}

/** The most entries listed from the data folders. */
export const MAX_DATA_ENTRIES = 500;

/**
 * The datasets in the given folders, two levels deep: tables and arrays by their names, and
 * folders that hold pictures in class folders or IDX files. Links are followed only when they
 * stay inside their root.
 */
export async function listDataEntries(roots: readonly string[]): Promise<DataEntry[]> {
  const entries: DataEntry[] = [];
  const visit = async (root: string, folder: string, depth: number): Promise<void> => {
    let names: string[];
    try {
      names = (await readdir(folder)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (entries.length >= MAX_DATA_ENTRIES || name.startsWith('.')) continue;
      const full = join(folder, name);
      const info = await stat(full).catch(() => null);
      if (!info) continue;
      const entryName = relative(root, full).split(sep).join('/');
      if (info.isFile()) {
        const ext = extname(name).toLowerCase();
        const kind = TABLE_EXTENSIONS.includes(ext) ? 'table' : ARRAY_EXTENSIONS.includes(ext) ? 'arrays' : null;
        if (kind) entries.push({ path: full, name: entryName, root, kind, bytes: info.size });
      } else if (info.isDirectory()) {
        const data = (await findIdxFiles(full).catch(() => null)) !== null || (await looksLikeImageFolder(full).catch(() => false));
        if (data) entries.push({ path: full, name: entryName, root, kind: 'folder', bytes: 0 });
        else if (depth < 2) await visit(root, full, depth + 1);
      }
    }
  };
  for (const root of roots) await visit(root, root, 1);
  return entries;
}

export { isPicture };
