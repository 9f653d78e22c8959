import { z } from 'zod';
import { batched } from '../../shapes/shape';
import { KerasReader, invalid } from '../common/kerasReader';
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
    // A sparse or ragged input is a setting NetCanvas lacks (a note); anything but true or false is invalid.
    const flag = (v: unknown) => (v === false || v === null ? v : v === true ? undefined : invalid('expected true or false'));
    r.read('sparse', flag, true);
    r.read('ragged', flag, true);
    // Keras 2 and tfjs write batch_input_shape, Keras 3 batch_shape: the batch first, then one sample's dimensions.
    const key = r.has('batch_shape') && !r.has('batch_input_shape') ? 'batch_shape' : 'batch_input_shape';
    const shape = r.take(key);
    r.take('batch_input_shape');
    r.take('batch_shape');
    if (!Array.isArray(shape) || shape.length < 2) {
      r.refuse(key, shape, shape === undefined ? 'the input shape is missing' : 'expected [batch, dimension, …]');
    } else if (shape[0] !== null && !(Number.isInteger(shape[0]) && (shape[0] as number) > 0)) {
      r.refuse(key, shape, 'the batch size (first) must be null or a positive whole number');
    } else if (shape.slice(1).some((d) => d === null)) {
      r.refuse(key, shape, 'unknown dimensions (null): NetCanvas needs every dimension of a sample');
    }
    const dims = Array.isArray(shape) ? shape.slice(1) : undefined;
    return r.finish(schema, { shape: dims }, { shape: key });
  },
};
