import { z } from 'zod';
import { featureCount } from '../../shapes/shape';
import { ShapeError } from '../problem';
import { KerasReader, invalid } from '../common/kerasReader';
import type { LayerSpec } from '../spec';
import { py } from '../../pytorch/lowering';

const schema = z
  .object({
    targetShape: z
      .array(z.number().int().min(-1).max(1_000_000).refine((d) => d !== 0, 'a dimension cannot be 0'))
      .min(1)
      .max(4)
      .refine((dims) => dims.filter((d) => d === -1).length <= 1, 'at most one dimension may be -1 (inferred)')
      .default([28, 28]),
  })
  .strict();
export type ReshapeConfig = z.infer<typeof schema>;

export const Reshape: LayerSpec<ReshapeConfig> = {
  kind: 'Reshape',
  group: 'core',
  description: 'Gives each sample a new shape with the same number of values, e.g. 784 into 28×28×1.',
  arity: 'one',
  schema,
  fields: [{ name: 'targetShape', label: 'Target shape', type: 'dims', help: 'One dimension may be -1 to infer it' }],
  caption: (c) => c.targetShape.join('×'),
  outputShape(inputs, c) {
    const total = featureCount(inputs[0]);
    if (total === null) throw new ShapeError('unknown-dimension', 'needs every dimension of its input to be known.');
    const known = c.targetShape.filter((d) => d !== -1).reduce((a, d) => a * d, 1);
    const free = c.targetShape.indexOf(-1);
    if (free === -1) {
      if (known !== total) {
        throw new ShapeError('reshape-size', `target shape ${c.targetShape.join('×')} holds ${known} values but each sample has ${total}.`, 'targetShape');
      }
      return [null, ...c.targetShape];
    }
    if (total % known !== 0) {
      throw new ShapeError('reshape-size', `${total} values cannot be split into ${c.targetShape.join('×')}: ${total} is not a multiple of ${known}.`, 'targetShape');
    }
    return [null, ...c.targetShape.map((d) => (d === -1 ? total / known : d))];
  },
  params: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  // The target with -1 resolved, and -1 for the batch: channels last, as Keras reshapes.
  onnx: (ctx) => ctx.op('Reshape', [ctx.inputs[0], ctx.int64s('shape', [-1, ...(ctx.outputShape.slice(1) as number[])])]),
  // The target with -1 resolved, and -1 for the batch: channels last, as Keras reshapes.
  pytorch: (ctx) => `${ctx.inputs[0]}.reshape(${py([-1, ...(ctx.outputShape.slice(1) as number[])])})`,
  toKeras: (c) => ({ className: 'Reshape', config: { target_shape: c.targetShape } }),
  kerasClasses: ['Reshape'],
  fromKeras(layer) {
    const r = new KerasReader(layer);
    return r.finish(schema, { targetShape: r.read('target_shape', (v) => (Array.isArray(v) ? (v as number[]) : invalid('expected a list of dimensions'))) });
  },
  tfjs: { factory: 'reshape', args: (c) => ({ targetShape: c.targetShape }) },
  /**
   * tfjs's Reshape leaves a `-1` in its declared output shape (it counts the batch
   * dimension as unknown), so the layer after it cannot build; the inferred dimension is
   * written out instead. Keras reads the result the same way.
   */
  tfjsReady: (c, output) => (c.targetShape.includes(-1) ? { ...c, targetShape: output.slice(1) as number[] } : c),
};
