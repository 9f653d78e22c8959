import { z } from 'zod';
import { batched } from '../../shapes/shape';
import { KerasReader } from '../common/kerasReader';
import type { LayerSpec } from '../spec';

/** The three ways the reference chapter feeds an MNIST digit to a network. */
export const INPUT_PRESETS = [
  { id: 'vector', label: 'MNIST vector (784)', shape: [784] },
  { id: 'image', label: 'MNIST image (28×28×1)', shape: [28, 28, 1] },
  { id: 'sequence', label: 'MNIST sequence (28 steps × 28)', shape: [28, 28] },
] as const;

const schema = z
  .object({
    shape: z.array(z.number().int().min(1).max(1_000_000)).min(1).max(4).default([784]),
  })
  .strict();
export type InputConfig = z.infer<typeof schema>;

export const Input: LayerSpec<InputConfig> = {
  kind: 'Input',
  group: 'input',
  description: 'Where samples enter the network; its shape is one sample without the batch dimension.',
  arity: 'none',
  schema,
  fields: [{ name: 'shape', label: 'Shape', type: 'dims', help: 'One sample, e.g. 784, or 28×28×1 for an image', presets: INPUT_PRESETS }],
  caption: (c) => c.shape.join('×'),
  outputShape: (_inputs, c) => batched(c.shape),
  params: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  toKeras: (c) => ({ className: 'InputLayer', config: { batch_input_shape: [null, ...c.shape], dtype: 'float32', sparse: false } }),
  kerasClasses: ['InputLayer'],
  fromKeras(layer) {
    const r = new KerasReader(layer);
    const shape = (layer.config.batch_input_shape ?? layer.config.batch_shape) as unknown;
    r.take('sparse');
    r.take('ragged');
    const dims = Array.isArray(shape) ? shape.slice(1) : undefined;
    if (dims?.some((d) => d === null)) r.unsupported(`batch_input_shape=${JSON.stringify(shape)} (unknown dimensions)`);
    return r.finish(schema, { shape: dims?.every((d) => typeof d === 'number') ? dims : undefined });
  },
};
