import { checkImageSize, type GreyImage } from './greyImage';

/** Which side of the picture is paper: `light` (dark ink on light paper), `dark` (light ink on dark), or `auto` to decide from the border. */
export type Background = 'auto' | 'light' | 'dark';

/** Ink weaker than this above the paper is noise: such a picture is blank. */
export const FAINTEST_INK = 0.1;

/** Rec. 601 luma of an RGB pixel, in [0, 1]. */
function luma(rgba: ArrayLike<number>, at: number): number {
  return (0.299 * rgba[at] + 0.587 * rgba[at + 1] + 0.114 * rgba[at + 2]) / 255;
}

/** Indices of the pixels on the picture's outer frame. */
function borderPixels(width: number, height: number): number[] {
  const pixels: number[] = [];
  for (let x = 0; x < width; x++) {
    pixels.push(x);
    if (height > 1) pixels.push((height - 1) * width + x);
  }
  for (let y = 1; y < height - 1; y++) {
    pixels.push(y * width);
    if (width > 1) pixels.push(y * width + width - 1);
  }
  return pixels;
}

/**
 * Decides whether the paper is light from the border: the alpha-weighted mean luma of the
 * frame when it is mostly opaque; when the frame is mostly transparent (ink on nothing),
 * from the ink itself: dark ink means the paper counts as light.
 */
export function hasLightBackground(rgba: ArrayLike<number>, width: number, height: number): boolean {
  const weighted = (pixels: Iterable<number>) => {
    let alpha = 0;
    let lumaSum = 0;
    let n = 0;
    for (const p of pixels) {
      const a = rgba[p * 4 + 3] / 255;
      alpha += a;
      lumaSum += a * luma(rgba, p * 4);
      n++;
    }
    return { meanAlpha: n ? alpha / n : 0, meanLuma: alpha > 0 ? lumaSum / alpha : 1 };
  };
  const frame = weighted(borderPixels(width, height));
  if (frame.meanAlpha >= 0.5) return frame.meanLuma >= 0.5;
  const all = weighted(Array.from({ length: width * height }, (_, i) => i));
  return all.meanLuma < 0.5;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Turns an RGBA picture into ink (white on black, as MNIST): the paper's level, taken as the
 * median of the border, becomes 0 and the strongest ink 1 (a picture whose ink is fainter than
 * FAINTEST_INK is blank: all 0). Transparent pixels are paper.
 */
export function inkFromRgba(rgba: ArrayLike<number>, width: number, height: number, background: Background = 'auto'): GreyImage {
  checkImageSize(rgba.length, width, height, 4);
  const light = background === 'auto' ? hasLightBackground(rgba, width, height) : background === 'light';
  const data = new Float32Array(width * height);
  for (let p = 0; p < data.length; p++) {
    const l = luma(rgba, p * 4);
    data[p] = (rgba[p * 4 + 3] / 255) * (light ? 1 - l : l);
  }
  const paper = median(borderPixels(width, height).map((p) => data[p]));
  let strongest = 0;
  for (let p = 0; p < data.length; p++) {
    const v = Math.max(0, data[p] - paper);
    data[p] = v;
    if (v > strongest) strongest = v;
  }
  const scale = strongest >= FAINTEST_INK ? 1 / strongest : 0;
  for (let p = 0; p < data.length; p++) data[p] *= scale;
  return { width, height, data };
}
