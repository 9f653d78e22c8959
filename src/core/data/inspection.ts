import type { DatasetDescription } from './description';
import type { ArrayInspection } from './arrays';
import type { TableInspection } from './table';

/**
 * What NetCanvas sees in a dataset before training on it, as plain JSON: the inspection each
 * loader makes (a table's columns, an image folder's classes, arrays' entries, IDX files),
 * one type for the command line (`netcanvas data --json`), the engine's API and the Data view.
 */

/** How a picture of another shape is brought to the model's size: stretched, padded with black (letterboxed), or cropped around its centre. */
export type ResizePolicy = 'stretch' | 'pad' | 'crop';
export const RESIZE_POLICIES: readonly ResizePolicy[] = ['stretch', 'pad', 'crop'];

/** What the model's Input asks for. */
export interface ImageTarget {
  readonly height: number;
  readonly width: number;
  /** 1 for grey, 3 for RGB. */
  readonly channels: 1 | 3;
  readonly resize: ResizePolicy;
}

/** A file not read, and why (a sentence that follows its path). */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

export interface ImageFolderWarning {
  readonly kind: 'class-imbalance' | 'one-class' | 'empty-class' | 'skipped-files' | 'no-pictures';
  readonly message: string;
}

/** What `netcanvas data` shows for an image folder. */
export interface ImageFolderInspection {
  readonly file: string;
  readonly kind: 'image-folder';
  /** Pictures read (decoded), of all picture files found. */
  readonly samples: number;
  readonly layout: 'class-folders' | 'split-folders';
  readonly classes: readonly { readonly name: string; readonly count: number; readonly train?: number; readonly validation?: number; readonly test?: number }[];
  /** Split sizes: as given, or those the seeded stratified split will make. */
  readonly split: { readonly given: boolean; readonly seed: number | null; readonly train: number; readonly validation: number; readonly test: number };
  /** The most common picture size, and how many pictures have it. */
  readonly commonSize: { readonly width: number; readonly height: number; readonly count: number } | null;
  readonly sizes: number;
  /** Whether any picture has colour (a pixel whose red, green and blue differ). */
  readonly colour: boolean;
  readonly description: DatasetDescription;
  readonly suggestion: { readonly target: ImageTarget; readonly reason: string };
  readonly skipped: { readonly count: number; readonly files: readonly SkippedFile[] };
  readonly warnings: readonly ImageFolderWarning[];
  /** Why the folder cannot be trained on, when it cannot; empty otherwise. */
  readonly problems: readonly string[];
}

/** The four files of an IDX dataset. */
export type IdxRole = 'trainImages' | 'trainLabels' | 'testImages' | 'testLabels';

export interface IdxFolderInspection {
  readonly file: string;
  readonly kind: 'idx-folder';
  readonly samples: number;
  readonly files: Readonly<Record<IdxRole, string>>;
  readonly classes: readonly { readonly name: string; readonly train: number; readonly test: number }[];
  readonly description: DatasetDescription;
  /** Which built-in dataset the files are, when their training labels are its. */
  readonly builtin: string | null;
  readonly split: { readonly seed: number; readonly train: number; readonly validation: number; readonly test: number };
  readonly warnings: readonly { readonly kind: 'empty-class' | 'class-imbalance' | 'size-mismatch'; readonly message: string }[];
  readonly problems: readonly string[];
}

/** What `netcanvas data --json` prints and the engine's `inspectData` answers. */
export type DataInspection =
  | { readonly kind: 'table'; readonly inspection: TableInspection }
  | { readonly kind: 'arrays'; readonly inspection: ArrayInspection }
  | { readonly kind: 'image-folder'; readonly inspection: ImageFolderInspection }
  | { readonly kind: 'idx-folder'; readonly inspection: IdxFolderInspection };

export type DataKind = DataInspection['kind'];

/** Why the data cannot be trained on (empty when it can). */
export function inspectionProblems(data: DataInspection): readonly string[] {
  return data.kind === 'image-folder' || data.kind === 'idx-folder' ? data.inspection.problems : [];
}

/** A table's target column, for the graph's dataset reference. */
export function inspectionTarget(data: DataInspection): string | undefined {
  return data.kind === 'table' ? data.inspection.target.column : undefined;
}
