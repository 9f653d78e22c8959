import type { GreyImage } from './greyImage';

/** Area-averaging weights along one axis: for each target cell, the source cells it covers and how much of each. */
function coverage(source: number, target: number): { from: number; weights: number[] }[] {
  const step = source / target;
  return Array.from({ length: target }, (_, i) => {
    const start = i * step;
    const end = start + step;
    const from = Math.floor(start);
    const weights: number[] = [];
    for (let j = from; j < end && j < source; j++) weights.push((Math.min(end, j + 1) - Math.max(start, j)) / step);
    return { from, weights };
  });
}

/**
 * Resamples a grey picture to `width`×`height`, each target pixel the mean of the source area
 * it covers (a box filter over exact, fractional areas): anti-aliased like MNIST's digits.
 */
export function resampleArea(image: GreyImage, width: number, height: number): GreyImage {
  const columns = coverage(image.width, width);
  const rows = coverage(image.height, height);
  const across = new Float32Array(width * image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const { from, weights } = columns[x];
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * image.data[y * image.width + from + k];
      across[y * width + x] = sum;
    }
  }
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const { from, weights } = rows[y];
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * across[(from + k) * width + x];
      data[y * width + x] = sum;
    }
  }
  return { width, height, data };
}
