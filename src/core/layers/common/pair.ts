import { z } from 'zod';
import { invalid } from './kerasReader';

/** A kernel, stride or pool size: Keras accepts one number for a square or a pair (rows, columns). */
export const pairSchema = z
  .union([z.number().int().min(1).max(4096), z.tuple([z.number().int().min(1).max(4096), z.number().int().min(1).max(4096)])])
  .transform((v): [number, number] => (typeof v === 'number' ? [v, v] : v));

export type Pair = readonly [number, number];

export function formatPair([a, b]: Pair): string {
  return `${a}×${b}`;
}

export function readPair(value: unknown): [number, number] {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0)) {
    return [value[0], value[1]];
  }
  return invalid('expected a positive whole number or a pair of them');
}

/** A pair as a tfjs argument: `3` for a square window, `[3, 5]` otherwise, as tfjs accepts both. */
export const pairArg = ([a, b]: Pair): number | number[] => (a === b ? a : [a, b]);

export type Padding = 'valid' | 'same';

/** Keras's `padding`: `valid` or `same`; another name (`causal`) is a setting NetCanvas lacks, a non-string invalid. */
export function readPadding(value: unknown): Padding | undefined {
  if (value === 'valid' || value === 'same') return value;
  return typeof value === 'string' ? undefined : invalid('expected "valid" or "same"');
}

/** One spatial dimension after a window of `size` moves with `stride` (Keras's conv_output_length). */
export function windowOutput(input: number, size: number, stride: number, padding: Padding): number {
  if (padding === 'same') return Math.ceil(input / stride);
  return Math.floor((input - size) / stride) + 1;
}
