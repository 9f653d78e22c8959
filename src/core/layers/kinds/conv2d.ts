import { z } from 'zod';
import type { Shape } from '../../shapes/shape';
import { reshapeFix, ShapeError } from '../problem';
import { channelsFirst, transposeWeight, windowPads } from '../../onnx/lowering';
import { activationSchema, onnxActivation, readActivation } from '../common/activation';
import { KerasReader, asBool, asInt } from '../common/kerasReader';
import { formatPair, pairArg, pairSchema, readPadding, readPair, windowOutput } from '../common/pair';
import { regularizerCode, regularizerFromKeras, regularizerSchema, regularizerToKeras } from '../common/regularizer';
import { unless } from '../common/tfjsArgs';
import type { LayerSpec } from '../spec';
import { py, pytorchActivation, throughChannelsFirst, torchPads } from '../../pytorch/lowering';

const schema = z
  .object({
    filters: z.number().int().min(1).max(100_000).default(32),
    kernelSize: pairSchema.default([3, 3]),
    strides: pairSchema.default([1, 1]),
    padding: z.enum(['valid', 'same']).default('valid'),
    activation: activationSchema.default('linear'),
    useBias: z.boolean().default(true),
    kernelRegularizer: regularizerSchema.default(null),
    biasRegularizer: regularizerSchema.default(null),
  })
  .strict();
export type Conv2DConfig = z.infer<typeof schema>;

/** The image (rows, columns, channels) a 2-D layer works on; shared with the pooling layers. */
export function imageOf(inputs: readonly Shape[]): [number, number, number] {
  const shape = inputs[0];
  if (shape.length !== 4) {
    const what = shape.length === 2 ? 'a vector' : shape.length === 3 ? 'a sequence' : `a rank-${shape.length - 1} tensor`;
    throw new ShapeError(
      'rank-mismatch',
      `needs an image (rows × columns × channels) but receives ${what}.`,
      undefined,
      reshapeFix(shape, 'image'),
    );
  }
  const [, h, w, c] = shape;
  if (h === null || w === null || c === null) throw new ShapeError('unknown-dimension', `needs the image size to be known.`);
  return [h, w, c];
}

/** Output rows and columns after a window; names the field whose value makes a dimension vanish. */
export function windowed(
  [h, w]: readonly [number, number],
  size: readonly [number, number],
  strides: readonly [number, number],
  padding: 'valid' | 'same',
  sizeField: string,
): [number, number] {
  const oh = windowOutput(h, size[0], strides[0], padding);
  const ow = windowOutput(w, size[1], strides[1], padding);
  if (oh < 1 || ow < 1) {
    throw new ShapeError(
      'window-too-large',
      `a ${formatPair(size as [number, number])} window does not fit a ${h}×${w} input with padding '${padding}' (the output would be ${oh}×${ow}).`,
      sizeField,
      { kind: 'set-field', field: 'padding', value: 'same' },
    );
  }
  return [oh, ow];
}

export const Conv2D: LayerSpec<Conv2DConfig> = {
  kind: 'Conv2D',
  group: 'convolution',
  description: '2-D convolution: slides learned filters over an image to make feature maps.',
  arity: 'one',
  schema,
  fields: [
    { name: 'filters', label: 'Filters', type: 'int', min: 1 },
    { name: 'kernelSize', label: 'Kernel size', type: 'pair', min: 1 },
    { name: 'strides', label: 'Strides', type: 'pair', min: 1 },
    { name: 'padding', label: 'Padding', type: 'enum', options: ['valid', 'same'] },
    { name: 'activation', label: 'Activation', type: 'enum', options: activationSchema.options },
    { name: 'useBias', label: 'Use bias', type: 'bool' },
    { name: 'kernelRegularizer', label: 'Kernel regularizer', type: 'regularizer' },
    { name: 'biasRegularizer', label: 'Bias regularizer', type: 'regularizer' },
  ],
  caption: (c) => [`${c.filters}`, formatPair(c.kernelSize), c.activation === 'linear' ? '' : c.activation].filter(Boolean).join(' · '),
  outputShape(inputs, c) {
    const [h, w] = imageOf(inputs);
    const [oh, ow] = windowed([h, w], c.kernelSize, c.strides, c.padding, 'kernelSize');
    return [null, oh, ow, c.filters];
  },
  params(inputs, c) {
    const [, , ch] = imageOf(inputs);
    return { trainable: c.kernelSize[0] * c.kernelSize[1] * ch * c.filters + (c.useBias ? c.filters : 0), nonTrainable: 0 };
  },
  macs(inputs, out, c) {
    const [, , ch] = imageOf(inputs);
    return (out[1] ?? 0) * (out[2] ?? 0) * c.filters * c.kernelSize[0] * c.kernelSize[1] * ch;
  },
  onnx(ctx, c) {
    const [h, w, ch] = imageOf(ctx.inputShapes);
    // Keras's kernel is (rows, columns, in, out); ONNX's Conv takes (out, in, rows, columns).
    const kernel = transposeWeight(ctx.weight('kernel', [...c.kernelSize, ch, c.filters]), [3, 2, 0, 1]);
    const weights = [ctx.constant('kernel', kernel.shape, kernel.values), ...(c.useBias ? [ctx.param('bias', [c.filters])] : [])];
    const attributes = {
      kernel_shape: { ints: c.kernelSize },
      strides: { ints: c.strides },
      pads: { ints: windowPads([h, w], c.kernelSize, c.strides, c.padding) },
      dilations: { ints: [1, 1] },
    };
    const convolved = channelsFirst(ctx, ctx.inputs[0], (nchw) => ctx.op('Conv', [nchw, ...weights], attributes));
    return onnxActivation(ctx, c.activation, convolved);
  },
  pytorch(ctx, c) {
    const [h, w, ch] = imageOf(ctx.inputShapes);
    // Keras's 'same' puts the odd row or column of padding at the end; Conv2d pads both sides alike, so an uneven pad goes first.
    const [top, left, bottom, right] = windowPads([h, w], c.kernelSize, c.strides, c.padding);
    const even = top === bottom && left === right;
    const conv = `nn.Conv2d(${ch}, ${c.filters}, kernel_size=${py(c.kernelSize)}, stride=${py(c.strides)}, padding=${py(even ? [top, left] : [0, 0])}, bias=${py(c.useBias)})`;
    const at = even ? '' : '1.';
    // Keras's kernel is (rows, columns, in, out); Conv2d's weight (out, in, rows, columns).
    const weights = [{ key: `${at}weight`, keras: 'kernel', perm: [3, 2, 0, 1] }, ...(c.useBias ? [{ key: `${at}bias`, keras: 'bias' }] : [])];
    const layer = ctx.module(even ? conv : `nn.Sequential(nn.ZeroPad2d(${py(torchPads([top, left, bottom, right]))}), ${conv})`, undefined, weights);
    const convModule = even ? layer : `${layer}[1]`;
    if (c.kernelRegularizer) ctx.regularize(`${convModule}.weight`, c.kernelRegularizer);
    if (c.biasRegularizer && c.useBias) ctx.regularize(`${convModule}.bias`, c.biasRegularizer);
    return pytorchActivation(c.activation, throughChannelsFirst(layer, ctx.inputs[0]));
  },
  toKeras: (c) => ({
    className: 'Conv2D',
    config: {
      filters: c.filters,
      kernel_size: [...c.kernelSize],
      strides: [...c.strides],
      padding: c.padding,
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: c.activation,
      use_bias: c.useBias,
      kernel_regularizer: regularizerToKeras(c.kernelRegularizer),
      bias_regularizer: regularizerToKeras(c.biasRegularizer),
    },
  }),
  kerasClasses: ['Conv2D', 'Convolution2D'],
  fromKeras(layer) {
    const r = new KerasReader(layer);
    return r.finish(schema, {
      filters: r.read('filters', asInt),
      kernelSize: r.read('kernel_size', readPair),
      strides: r.read('strides', readPair),
      padding: r.read('padding', readPadding),
      activation: r.read('activation', readActivation),
      useBias: r.read('use_bias', asBool),
      kernelRegularizer: r.read('kernel_regularizer', regularizerFromKeras, true),
      biasRegularizer: r.read('bias_regularizer', regularizerFromKeras, true),
    });
  },
  tfjs: {
    factory: 'conv2d',
    args: (c) => ({
      filters: c.filters,
      kernelSize: pairArg(c.kernelSize),
      strides: unless(pairArg(c.strides), 1),
      padding: unless(c.padding, 'valid'),
      activation: unless(c.activation, 'linear'),
      useBias: unless(c.useBias, true),
      kernelRegularizer: regularizerCode(c.kernelRegularizer),
      biasRegularizer: regularizerCode(c.biasRegularizer),
    }),
  },
};
