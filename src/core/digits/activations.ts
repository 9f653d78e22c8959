/**
 * How a layer's output is best looked at: feature maps (a small picture per channel) for
 * height × width × channels outputs such as Conv2D and pooling, one picture for a
 * two-dimensional output (a sequence of steps), bars for a vector such as Dense or a
 * recurrent layer's last output.
 */
export type ActivationPicture =
  | { readonly kind: 'maps'; readonly height: number; readonly width: number; readonly channels: number; readonly maps: readonly Float32Array[] }
  | { readonly kind: 'image'; readonly height: number; readonly width: number; readonly values: Float32Array }
  | { readonly kind: 'bars'; readonly values: readonly number[]; readonly total: number };

/** A digit's pixel count: a vector of this length is shown as the 28×28 picture. */
const DIGIT_PIXELS = 784;

export interface PictureLimits {
  /** At most this many feature maps are drawn. */
  readonly maps?: number;
  /** At most this many bars are drawn. */
  readonly bars?: number;
}

/** A layer output's shape for one sample: the engine sends it without the batch dimension; a leading null (batch) is dropped too. */
export function sampleShape(shape: readonly (number | null)[]): number[] {
  const dims = shape.length > 1 && shape[0] === null ? shape.slice(1) : shape;
  return dims.map((d) => d ?? 1);
}

/** Scales values to [0, 1] by their own minimum and maximum; a flat picture is all 0. Missing values (NaN) stay 0. */
export function normalise(values: Float32Array): Float32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  return values.map((v) => (Number.isNaN(v) || !(span > 0) ? 0 : (v - min) / span));
}

/**
 * Arranges a layer's output values (channels last, row by row, possibly cut short: the
 * engine sends at most the first 16,384) as the picture that suits its shape.
 */
export function pictureActivation(shape: readonly (number | null)[], values: readonly number[], limits: PictureLimits = {}): ActivationPicture {
  const dims = sampleShape(shape);
  const value = (i: number) => (i < values.length ? values[i] : Number.NaN);
  if (dims.length === 3) {
    const [height, width, channels] = dims;
    const maps = Array.from({ length: Math.min(channels, limits.maps ?? 64) }, (_, c) =>
      normalise(Float32Array.from({ length: height * width }, (_, p) => value(p * channels + c))),
    );
    return { kind: 'maps', height, width, channels, maps };
  }
  if (dims.length === 2) {
    const [height, width] = dims;
    return { kind: 'image', height, width, values: normalise(Float32Array.from({ length: height * width }, (_, i) => value(i))) };
  }
  const total = dims.reduce((a, d) => a * d, 1);
  if (dims.length === 1 && total === DIGIT_PIXELS) {
    // A flat digit (a vector Input, a Flatten of the image) reads best as the 28×28 picture it is.
    return { kind: 'image', height: 28, width: 28, values: normalise(Float32Array.from({ length: total }, (_, i) => value(i))) };
  }
  return { kind: 'bars', values: values.slice(0, Math.min(total, limits.bars ?? 256)), total };
}
