import { z } from 'zod';
import { formatShape, sameShape, type Shape } from '../../shapes/shape';
import { ShapeError } from '../problem';
import { KerasReader, invalid } from '../common/kerasReader';
import { unless } from '../common/tfjsArgs';
import type { LayerSpec } from '../spec';
import { py } from '../../pytorch/lowering';

const addSchema = z.object({}).strict();
export type AddConfig = z.infer<typeof addSchema>;

function atLeastTwo(inputs: readonly Shape[]): void {
  if (inputs.length < 2) throw new ShapeError('merge-one-input', `merges two or more inputs but has ${inputs.length}.`);
}

export const Add: LayerSpec<AddConfig> = {
  kind: 'Add',
  group: 'merge',
  description: 'Adds two or more tensors of the same shape element by element (e.g. a residual connection).',
  arity: 'many',
  schema: addSchema,
  fields: [],
  caption: () => '',
  outputShape(inputs) {
    atLeastTwo(inputs);
    const odd = inputs.find((s) => !sameShape(s, inputs[0]));
    if (odd) throw new ShapeError('shape-mismatch', `needs inputs of one shape but receives ${formatShape(inputs[0])} and ${formatShape(odd)}.`);
    return inputs[0];
  },
  params: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  onnx: (ctx) => ctx.op('Sum', ctx.inputs),
  pytorch: (ctx) => `(${ctx.inputs.join(' + ')})`,
  toKeras: () => ({ className: 'Add', config: {} }),
  kerasClasses: ['Add'],
  fromKeras(layer) {
    return new KerasReader(layer).finish(addSchema, {});
  },
  tfjs: { factory: 'add', args: () => ({}) },
};

const concatSchema = z.object({ axis: z.number().int().min(-4).max(4).refine((a) => a !== 0, 'cannot join along the batch axis (0)').default(-1) }).strict();
export type ConcatenateConfig = z.infer<typeof concatSchema>;

export const Concatenate: LayerSpec<ConcatenateConfig> = {
  kind: 'Concatenate',
  group: 'merge',
  description: 'Joins two or more tensors along one axis (by default the features); the other dimensions must match.',
  arity: 'many',
  schema: concatSchema,
  fields: [{ name: 'axis', label: 'Axis', type: 'int', min: -4, max: 4, help: '-1: the last axis (features)' }],
  caption: (c) => (c.axis === -1 ? '' : `axis ${c.axis}`),
  outputShape(inputs, c) {
    atLeastTwo(inputs);
    const rank = inputs[0].length;
    if (inputs.some((s) => s.length !== rank)) throw new ShapeError('rank-mismatch', 'needs inputs of one rank.');
    const axis = c.axis < 0 ? rank + c.axis : c.axis;
    if (axis < 1 || axis >= rank) throw new ShapeError('axis-out-of-range', `axis ${c.axis} is outside inputs of rank ${rank - 1}.`, 'axis');
    for (const s of inputs) {
      for (let i = 1; i < rank; i++) {
        if (i !== axis && s[i] !== inputs[0][i]) {
          throw new ShapeError(
            'shape-mismatch',
            `on axis ${c.axis} needs the other dimensions to match, but receives ${formatShape(inputs[0])} and ${formatShape(s)}.`,
            'axis',
          );
        }
      }
    }
    const joined = inputs.reduce<number | null>((a, s) => (a === null || s[axis] === null ? null : a + (s[axis] as number)), 0);
    return inputs[0].map((d, i) => (i === axis ? joined : d));
  },
  params: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  // Keras counts the batch as axis 0, as ONNX does, and the values are channels last in both.
  onnx: (ctx, c) => ctx.op('Concat', ctx.inputs, { axis: { int: c.axis } }),
  // The same axis: the values are channels last here too, the batch axis 0.
  pytorch: (ctx, c) => `torch.cat([${ctx.inputs.join(', ')}], dim=${py(c.axis)})`,
  toKeras: (c) => ({ className: 'Concatenate', config: { axis: c.axis } }),
  kerasClasses: ['Concatenate'],
  fromKeras(layer) {
    const r = new KerasReader(layer);
    return r.finish(concatSchema, { axis: r.read('axis', (v) => (Number.isInteger(v) ? v : invalid('expected a whole number'))) });
  },
  tfjs: { factory: 'concatenate', args: (c) => ({ axis: unless(c.axis, -1) }) },
};
