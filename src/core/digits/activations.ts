/**
 * How a layer's output is best looked at: feature maps (a small picture per channel) for
 * height × width × channels outputs such as Conv2D and pooling, one picture for a
 * two-dimensional output (a sequence of steps), bars for a vector such as Dense or a
 * recurrent layer's last output. Drawn at `height` × `width`: the layer's own size, or
 * 1/`stride` of it when the engine sent block means.
 */
export type ActivationPicture =
  | { readonly kind: 'maps'; readonly height: number; readonly width: number; readonly stride: number; readonly channels: number; readonly maps: readonly Float32Array[] }
  | { readonly kind: 'image'; readonly height: number; readonly width: number; readonly stride: number; readonly values: Float32Array }
  | { readonly kind: 'bars'; readonly values: readonly number[]; readonly total: number };

/** A digit's pixel count: a vector of this length is shown as the 28×28 picture. */
const DIGIT_PIXELS = 784;

/** The most feature maps the "Inside the network" view draws for one layer (the first channels). */
export const SHOWN_MAPS = 64;
/** The most bars it draws for a vector output (the first values). */
export const SHOWN_BARS = 256;
/** The most values the engine sends for one layer: larger pictures are sent averaged over blocks of stride × stride pixels. */
export const MAX_ACTIVATION_VALUES = 65_536;

/**
 * What of a layer's output the view draws, and so what the engine sends: for maps the first
 * `sentChannels` channels of every pixel, whole, or averaged over `stride` × `stride` blocks
 * when they would pass MAX_ACTIVATION_VALUES; for an image the same with one channel; for
 * bars the first `sent` values. Engine and view both read the layout from here.
 */
export type ActivationLayout =
  | { readonly kind: 'maps' | 'image'; readonly height: number; readonly width: number; readonly channels: number; readonly sentChannels: number; readonly stride: number; readonly sentHeight: number; readonly sentWidth: number }
  | { readonly kind: 'bars'; readonly total: number; readonly sent: number };

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

function pictureLayout(kind: 'maps' | 'image', height: number, width: number, channels: number): ActivationLayout {
  const sentChannels = Math.min(channels, kind === 'maps' ? SHOWN_MAPS : 1);
  let stride = 1;
  while (Math.ceil(height / stride) * Math.ceil(width / stride) * sentChannels > MAX_ACTIVATION_VALUES) stride++;
  return { kind, height, width, channels, sentChannels, stride, sentHeight: Math.ceil(height / stride), sentWidth: Math.ceil(width / stride) };
}

/** How a layer's output of this shape (for one sample, or with a leading null batch) is drawn and sent. */
export function activationLayout(shape: readonly (number | null)[]): ActivationLayout {
  const dims = sampleShape(shape);
  if (dims.length === 3) return pictureLayout('maps', dims[0], dims[1], dims[2]);
  if (dims.length === 2) return pictureLayout('image', dims[0], dims[1], 1);
  const total = dims.reduce((a, d) => a * d, 1);
  // A flat digit (a vector Input, a Flatten of the image) reads best as the 28×28 picture it is.
  if (dims.length === 1 && total === DIGIT_PIXELS) return pictureLayout('image', 28, 28, 1);
  return { kind: 'bars', total, sent: Math.min(total, SHOWN_BARS) };
}

/** How many values the engine sends for a layout. */
export function sentValueCount(layout: ActivationLayout): number {
  return layout.kind === 'bars' ? layout.sent : layout.sentHeight * layout.sentWidth * layout.sentChannels;
}

/**
 * The values of a layer's whole output (channels last, row by row) that the view draws:
 * what the engine sends. Pictures keep their first `sentChannels` channels, channels last,
 * each pixel the mean of its stride × stride block (smaller at the right and bottom edges).
 */
export function selectActivation(shape: readonly (number | null)[], output: ArrayLike<number>): number[] {
  const layout = activationLayout(shape);
  if (layout.kind === 'bars') return Array.from({ length: layout.sent }, (_, i) => output[i]);
  const { height, width, channels, sentChannels: k, stride, sentHeight, sentWidth } = layout;
  if (output.length !== height * width * channels) throw new Error(`A layer output of shape [${sampleShape(shape).join(', ')}] has ${height * width * channels} values, not ${output.length}`);
  const sent = new Array<number>(sentHeight * sentWidth * k).fill(0);
  for (let y = 0; y < sentHeight; y++) {
    for (let x = 0; x < sentWidth; x++) {
      const rows = Math.min(stride, height - y * stride);
      const cols = Math.min(stride, width - x * stride);
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let dy = 0; dy < rows; dy++) for (let dx = 0; dx < cols; dx++) sum += output[((y * stride + dy) * width + x * stride + dx) * channels + c];
        sent[(y * sentWidth + x) * k + c] = sum / (rows * cols);
      }
    }
  }
  return sent;
}

/**
 * Arranges the values the engine sent for a layer (selectActivation's, channels last, row
 * by row) as the picture that suits its shape. Values missing from a short list stay dark.
 */
export function pictureActivation(shape: readonly (number | null)[], values: readonly number[]): ActivationPicture {
  const layout = activationLayout(shape);
  const value = (i: number) => (i < values.length ? values[i] : Number.NaN);
  if (layout.kind === 'bars') return { kind: 'bars', values: values.slice(0, layout.sent), total: layout.total };
  const { sentHeight: height, sentWidth: width, sentChannels: k, stride } = layout;
  const plane = (c: number) => normalise(Float32Array.from({ length: height * width }, (_, p) => value(p * k + c)));
  if (layout.kind === 'image') return { kind: 'image', height, width, stride, values: plane(0) };
  return { kind: 'maps', height, width, stride, channels: layout.channels, maps: Array.from({ length: k }, (_, c) => plane(c)) };
}
