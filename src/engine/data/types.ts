import type { DatasetName } from '../../core/training/config';

/** One split of a dataset, in memory. */
export interface DatasetSplit {
  /** `count` images of 28×28 grey bytes (0–255), image after image, row by row. */
  readonly images: Uint8Array;
  /** `count` class labels, 0–9. */
  readonly labels: Uint8Array;
  readonly count: number;
}

/** A dataset read and checked from its four IDX files. */
export interface LoadedDataset {
  readonly name: DatasetName;
  /** The folder the files were read from. */
  readonly location: string;
  readonly train: DatasetSplit;
  readonly test: DatasetSplit;
}

export type DatasetStage = 'locating' | 'downloading' | 'verifying' | 'reading';

export interface DatasetProgress {
  readonly stage: DatasetStage;
  /** 0–1 where the stage can tell. */
  readonly fraction?: number;
  readonly message: string;
}

/** Where to look for a dataset and whether it may be downloaded. */
export interface DatasetOptions {
  /** A folder chosen by the user (a flag or a setting): the dataset's own folder, or one holding `<name>/`. */
  readonly dataDir?: string;
  /** The app's cache; datasets live in `<cacheDir>/datasets/<name>`. Defaults to `defaultCacheDir(env)`. */
  readonly cacheDir?: string;
  /** Environment variables read (`NETCANVAS_DATA`, and those `defaultCacheDir` reads). Defaults to `process.env`. */
  readonly env?: Record<string, string | undefined>;
  /** System-wide package folders searched last; defaults to the dataset's own (e.g. Debian's `/usr/share/datasets/<name>`). */
  readonly systemFolders?: readonly string[];
  /** Download into the cache when the dataset is found nowhere (default true). */
  readonly download?: boolean;
  readonly onProgress?: (progress: DatasetProgress) => void;
  /** The fetch used for downloads (default the global one). */
  readonly fetchImpl?: typeof fetch;
  /** Base URLs tried in order instead of the dataset's public mirrors; a file's URL is the base plus `<file>.gz`. */
  readonly mirrors?: readonly string[];
  /** Give a mirror up when it sends nothing for this many milliseconds (default 30,000). */
  readonly idleTimeoutMs?: number;
}

export interface DatasetLocation {
  readonly available: boolean;
  /** The folder holding the four files, when available. */
  readonly location?: string;
  /** Why not, when not available: every place looked at and what was wrong there. */
  readonly reason?: string;
}
