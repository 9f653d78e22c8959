import type { DatasetDescription } from './description';
import type { TablePlan } from './table/plan';

/**
 * What a training job trains on, whatever the source (the built-in IDX sets, a table, an image
 * folder, arrays): inputs already encoded as the model takes them, the labels, and how a new
 * sample is prepared the same way at prediction and export time. Every own-data loader ends in
 * this shape; the engine turns it into tensors without knowing where it came from.
 */

/** One split: `count` samples of `sampleValueCount(description)` inputs each, sample after sample. */
export interface SampleSplit {
  readonly count: number;
  /** Inputs, scaled as the model receives them (pixels in [0, 1], table features standardised). */
  readonly x: Float32Array;
  /** One per sample: the class index (multiclass, binary), or the target scaled for training (regression). */
  readonly y: Float32Array;
  /** Where each sample came from, for drill-down (a file row, an image's path); optional. */
  readonly sources?: readonly string[];
}

/** How a new sample becomes model inputs, saved with each run (plain JSON). */
export type Preprocessing =
  /** A table row through its plan (standardise, one-hot, fill), the target unscaled on the way out. */
  | { readonly kind: 'table'; readonly plan: TablePlan }
  /** An image decoded, converted to grey or RGB, resized to the Input's size, pixels divided by 255. */
  | { readonly kind: 'image'; readonly width: number; readonly height: number; readonly channels: 1 | 3; readonly resize: 'stretch' | 'pad' | 'crop'; readonly scale: number }
  /** Arrays used as they are, multiplied by `scale` (1, or 1/255 for 0–255 pixels). */
  | { readonly kind: 'arrays'; readonly scale: number };

export interface TrainingSamples {
  readonly description: DatasetDescription;
  readonly train: SampleSplit;
  readonly validation: SampleSplit | null;
  readonly test: SampleSplit;
  readonly preprocessing: Preprocessing;
  /** Things the user should know (skipped files, filled cells), each one line. */
  readonly notes: readonly string[];
}
