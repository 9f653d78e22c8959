import type { DatasetSample } from '../../core/api/contract';
import { BUILTIN_DATASETS } from '../../core/data/description';
import { DatasetError } from './errors';
import type { LoadedDataset } from './types';
import { mulberry32 } from '../../core/random';

/**
 * Some images of a split for the UI's gallery: the given indices, in their order, or
 * else `count` distinct indices drawn at random (the same ones for the same seed), with
 * the label distribution of both splits.
 */
export function sampleDataset(ds: LoadedDataset, split: 'train' | 'test', count: number, seed: number, indices?: readonly number[]): DatasetSample {
  const part = split === 'train' ? ds.train : split === 'test' ? ds.test : undefined;
  const where = `${ds.location} (${BUILTIN_DATASETS[ds.name].label})`;
  if (!part) throw new DatasetError(where, `unknown split ${JSON.stringify(split)}; expected train or test`);
  const chosen = indices ? checkIndices(indices, part.count, split, where) : drawIndices(count, part.count, seed, where);
  const pixels = part.images.length / Math.max(part.count, 1);
  return {
    dataset: ds.name,
    split,
    images: chosen.map((i) => Array.from(part.images.subarray(i * pixels, (i + 1) * pixels))),
    labels: chosen.map((i) => part.labels[i]),
    indices: chosen,
    trainCounts: labelCounts(ds.train.labels, BUILTIN_DATASETS[ds.name].classNames.length),
    testCounts: labelCounts(ds.test.labels, BUILTIN_DATASETS[ds.name].classNames.length),
  };
}

function checkIndices(indices: readonly number[], size: number, split: string, where: string): number[] {
  for (const i of indices) {
    if (!Number.isInteger(i) || i < 0 || i >= size) {
      throw new DatasetError(where, `index ${i} is not an image of the ${split} split, which has images 0–${size - 1}`);
    }
  }
  return [...indices];
}

/** `count` distinct indices below `size` (all of them when there are fewer), by a seeded partial Fisher–Yates shuffle. */
function drawIndices(count: number, size: number, seed: number, where: string): number[] {
  if (!Number.isInteger(count) || count < 1) throw new DatasetError(where, `cannot sample ${count} images; expected a whole number of at least 1`);
  if (!Number.isInteger(seed)) throw new DatasetError(where, `the sample seed ${seed} is not a whole number`);
  const random = mulberry32(seed);
  const n = Math.min(count, size);
  // Only the swapped positions of the virtual array 0..size-1 are stored.
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (size - i));
    const picked = at(j);
    swapped.set(j, at(i));
    out.push(picked);
  }
  return out;
}

const countsCache = new WeakMap<Uint8Array, number[]>();

/** How many labels of each class, 0 to classes − 1. */
export function labelCounts(labels: Uint8Array, classes: number): number[] {
  const held = countsCache.get(labels);
  if (held && held.length === classes) return [...held];
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]] = (counts[labels[i]] ?? 0) + 1;
  countsCache.set(labels, counts);
  return [...counts];
}
