import { z } from 'zod';
import { KerasReader } from '../common/kerasReader';
import type { LayerSpec } from '../spec';
import { imageOf } from './conv2d';


const schema = z.object({}).strict();
export type GlobalAveragePooling2DConfig = z.infer<typeof schema>;

export const GlobalAveragePooling2D: LayerSpec<GlobalAveragePooling2DConfig> = {
  kind: 'GlobalAveragePooling2D',
  group: 'pooling',
  description: 'Averages each feature map over all its rows and columns: one value per channel, e.g. 7×7×64 into 64.',
  arity: 'one',
  schema,
  fields: [],
  caption: () => '',
  outputShape(inputs) {
    const [, , c] = imageOf(inputs);
    return [null, c];
  },
  params: () => ({ trainable: 0, nonTrainable: 0 }),
  /**
   * One addition per input value into its channel's sum, counted as one multiply-add
   * each (h·w·c), as counters such as NNC count a mean; the c final divisions are left out.
   */
  macs(inputs) {
    const [h, w, c] = imageOf(inputs);
    return h * w * c;
  },
  // The mean over rows and columns of the NHWC values: (batch, channels), as Keras with keepdims=false.
  onnx: (ctx) => ctx.op('ReduceMean', [ctx.inputs[0]], { axes: { ints: [1, 2] }, keepdims: { int: 0 } }),
  // The mean over rows and columns of the NHWC values: (batch, channels), as Keras with keepdims=false.
  pytorch: (ctx) => `${ctx.inputs[0]}.mean(dim=(1, 2))`,
  toKeras: () => ({ className: 'GlobalAveragePooling2D', config: { data_format: 'channels_last', keepdims: false } }),
  kerasClasses: ['GlobalAveragePooling2D', 'GlobalAvgPool2D'],
  fromKeras(layer) {
    const r = new KerasReader(layer);
    const keepdims = r.take('keepdims');
    if (keepdims !== undefined && keepdims !== false) r.unsupported(`keepdims=${JSON.stringify(keepdims)}`);
    return r.finish(schema, {});
  },
  tfjs: { factory: 'globalAveragePooling2d', args: () => ({}) },
};
