import { z } from 'zod';
import { featureCount } from '../../shapes/shape';
import { ShapeError } from '../problem';
import { KerasReader } from '../common/kerasReader';
import type { LayerSpec } from '../spec';

const schema = z.object({}).strict();
export type FlattenConfig = z.infer<typeof schema>;

export const Flatten: LayerSpec<FlattenConfig> = {
  kind: 'Flatten',
  group: 'core',
  description: 'Unrolls each sample into one vector, e.g. 5×5×64 feature maps into 1,600 features.',
  arity: 'one',
  schema,
  fields: [],
  caption: () => '',
  outputShape(inputs) {
    const n = featureCount(inputs[0]);
    if (n === null) throw new ShapeError('unknown-dimension', 'needs every dimension of its input to be known.');
    return [null, n];
  },
  params: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  // The values are channels last here, as in Keras, so ONNX's Flatten unrolls them in Keras's order.
  onnx: (ctx) => ctx.op('Flatten', [ctx.inputs[0]], { axis: { int: 1 } }),
  // The values are channels last here, as in Keras, so flattening them unrolls each sample in Keras's order.
  pytorch: (ctx) => `torch.flatten(${ctx.inputs[0]}, 1)`,
  toKeras: () => ({ className: 'Flatten', config: {} }),
  kerasClasses: ['Flatten'],
  fromKeras(layer) {
    return new KerasReader(layer).finish(schema, {});
  },
  tfjs: { factory: 'flatten', args: () => ({}) },
};
