/** A grey picture: one value per pixel, row by row. Ink is 1, paper is 0. */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** A picture that cannot be read as a digit (wrong sizes, a buffer that does not match them). */
export class DigitImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DigitImageError';
  }
}

/** Refuses sizes that are not positive whole numbers, or a pixel buffer of the wrong length. */
export function checkImageSize(length: number, width: number, height: number, channels: number): void {
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new DigitImageError(`The picture's ${name} must be a positive whole number, got ${value}.`);
  }
  if (length !== width * height * channels) {
    throw new DigitImageError(`A ${width}×${height} picture needs ${width * height * channels} values (${channels} per pixel), got ${length}.`);
  }
}
