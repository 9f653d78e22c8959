import { rm } from 'node:fs/promises';
import type { DatasetName } from '../../core/training/config';
import type { DatasetSource } from './catalogue';
import { DOWNLOAD_IDLE_TIMEOUT_MS, downloadDataset } from './download';
import { DatasetError } from './errors';
import { datasetSource, describeMisses, inspect, searchDataset, type FoundDataset } from './locate';
import { filesSignature, readDataset } from './read';
import type { DatasetOptions, DatasetProgress, LoadedDataset } from './types';

/** Datasets already read in this process, by dataset and folder, with the files' sizes and times they were read at. */
const inMemory = new Map<string, { signature: string; dataset: Promise<LoadedDataset> }>();

/**
 * Loads a dataset, checked in full, from the first place that has it: the data folder
 * option, NETCANVAS_DATA, the cache, a system package folder; failing those, and unless
 * `download` is false, it is downloaded into the cache first. A cached copy that fails
 * its checks is downloaded again. Within a process a folder is read once: later loads of
 * unchanged files share the same arrays (treat them as read-only).
 */
export async function loadDataset(name: DatasetName, options: DatasetOptions = {}): Promise<LoadedDataset> {
  const source = datasetSource(name);
  const report = (progress: DatasetProgress) => options.onProgress?.(progress);
  report({ stage: 'locating', message: `Looking for ${source.title}` });
  const search = await searchDataset(source, options);
  const mayDownload = options.download !== false;
  if (search.found) {
    try {
      return await fromFolder(source, search.found, report);
    } catch (error) {
      if (!(error instanceof DatasetError) || search.found.origin !== 'cache' || !mayDownload) throw error;
      report({ stage: 'locating', message: `The cached copy is damaged (${error.message}); downloading it again` });
      await Promise.all(Object.values(search.found.files).map((file) => rm(file, { force: true })));
    }
  } else if (!mayDownload) {
    throw new DatasetError(search.misses[0]?.folder ?? search.cacheFolder, `${describeMisses(source, search)}; downloading is off. Point NetCanvas at a folder with the four IDX files (see docs/datasets.md).`);
  }
  try {
    await downloadDataset(source, search.cacheFolder, {
      fetchImpl: options.fetchImpl ?? fetch,
      mirrors: options.mirrors ?? source.mirrors,
      idleTimeoutMs: options.idleTimeoutMs ?? DOWNLOAD_IDLE_TIMEOUT_MS,
      report,
    });
  } catch (error) {
    // Offline users need to know where else NetCanvas looked, to point it at their copy.
    if (!(error instanceof DatasetError) || search.found) throw error;
    throw new DatasetError(error.file, `${error.problem}. Before downloading: ${describeMisses(source, search)}.`);
  }
  const downloaded = await inspect(source, search.cacheFolder);
  if (!('files' in downloaded)) throw new DatasetError(search.cacheFolder, `${source.title} is not complete after the download`);
  return fromFolder(source, { folder: search.cacheFolder, origin: 'cache', files: downloaded.files }, report);
}

async function fromFolder(source: DatasetSource, found: FoundDataset, report: (progress: DatasetProgress) => void): Promise<LoadedDataset> {
  const key = `${source.name}\n${found.folder}`;
  const signature = await filesSignature(found);
  const held = inMemory.get(key);
  if (held && held.signature === signature) {
    report({ stage: 'reading', fraction: 1, message: `${source.title} from ${found.folder} is already in memory` });
    return held.dataset;
  }
  const dataset = readDataset(source, found, report);
  inMemory.set(key, { signature, dataset });
  dataset.catch(() => {
    if (inMemory.get(key)?.dataset === dataset) inMemory.delete(key);
  });
  return dataset;
}

/** Drops every dataset held in memory (for tests and benchmarks that time a cold load). */
export function forgetLoadedDatasets(): void {
  inMemory.clear();
}
