import type { Background } from './ink';
import { inkFromRgba } from './ink';
import { centreOfMass, crop, inkBounds, place } from './frame';
import { resampleArea } from './resample';

/** MNIST's geometry: digits fit a 20×20 box inside a 28×28 picture, their centre of mass at pixel (14, 14). */
export const MNIST_SIZE = 28;
export const MNIST_BOX = 20;
export const MNIST_CENTRE = 14;
/** Ink at or below this (after the strongest ink is scaled to 1) does not count for the digit's bounding box. */
export const BOUNDS_THRESHOLD = 0.02;

export interface PreprocessOptions {
  /** Which side is paper; `auto` (the default) decides from the border pixels. */
  readonly background?: Background;
}

/**
 * Turns a picture of a handwritten digit (RGBA, any size, dark on light or light on dark)
 * into the 784 values in [0, 1] an MNIST model reads, made the way MNIST's digits were made:
 * ink to white on black, cropped to the ink's bounding box, scaled to fit 20×20 keeping the
 * aspect ratio with area averaging, and placed in 28×28 so that the centre of mass sits at
 * the centre (shifted by the rounded offset). A blank picture gives 784 zeros.
 */
export function preprocessDigit(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, options: PreprocessOptions = {}): Float32Array {
  const ink = inkFromRgba(rgba, width, height, options.background ?? 'auto');
  const bounds = inkBounds(ink, BOUNDS_THRESHOLD);
  if (!bounds) return new Float32Array(MNIST_SIZE * MNIST_SIZE);
  const scale = MNIST_BOX / Math.max(bounds.width, bounds.height);
  const digit = resampleArea(
    crop(ink, bounds),
    Math.max(1, Math.round(bounds.width * scale)),
    Math.max(1, Math.round(bounds.height * scale)),
  );
  const centre = centreOfMass(digit);
  if (!centre) return new Float32Array(MNIST_SIZE * MNIST_SIZE);
  const placed = place(digit, MNIST_SIZE, Math.round(MNIST_CENTRE - centre.x), Math.round(MNIST_CENTRE - centre.y));
  for (let i = 0; i < placed.data.length; i++) placed.data[i] = Math.min(1, Math.max(0, placed.data[i]));
  return placed.data;
}
