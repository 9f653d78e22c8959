import type { GreyImage } from './greyImage';

/** A rectangle of pixels: left, top, width, height. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The smallest box holding every pixel above `threshold`; null when there is none. */
export function inkBounds(image: GreyImage, threshold: number): Box | null {
  let left = image.width;
  let right = -1;
  let top = image.height;
  let bottom = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[y * image.width + x] <= threshold) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  return right < 0 ? null : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** The part of a picture inside a box. */
export function crop(image: GreyImage, box: Box): GreyImage {
  const data = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const start = (box.y + y) * image.width + box.x;
    data.set(image.data.subarray(start, start + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, data };
}

/** The ink-weighted mean position (x, y) of a picture's pixels, in pixel indices; null for a blank picture. */
export function centreOfMass(image: GreyImage): { x: number; y: number } | null {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x];
      mass += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass } : null;
}

/** Copies `image` into a blank `size`×`size` picture with its top-left pixel at (x, y); what falls outside is cut. */
export function place(image: GreyImage, size: number, x: number, y: number): GreyImage {
  const data = new Float32Array(size * size);
  for (let row = 0; row < image.height; row++) {
    const ty = y + row;
    if (ty < 0 || ty >= size) continue;
    for (let col = 0; col < image.width; col++) {
      const tx = x + col;
      if (tx >= 0 && tx < size) data[ty * size + tx] = image.data[row * image.width + col];
    }
  }
  return { width: size, height: size, data };
}
