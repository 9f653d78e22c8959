import path from 'node:path';

/** Where a dataset lives inside a cache folder. */
export function datasetCacheFolder(cacheDir: string, name: string): string {
  return path.join(cacheDir, 'datasets', name);
}
