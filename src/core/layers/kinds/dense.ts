import { z } from 'zod';
import { ShapeError } from '../problem';
import { activationSchema, onnxActivation, readActivation } from '../common/activation';
import { KerasReader, asBool, asInt } from '../common/kerasReader';
import { regularizerCode, regularizerFromKeras, regularizerSchema, regularizerToKeras } from '../common/regularizer';
import { unless } from '../common/tfjsArgs';
import type { LayerSpec } from '../spec';
import { py, pytorchActivation } from '../../pytorch/lowering';

const schema = z
  .object({
    units: z.number().int().min(1).max(1_000_000).default(32),
    activation: activationSchema.default('linear'),
    useBias: z.boolean().default(true),
    kernelRegularizer: regularizerSchema.default(null),
    biasRegularizer: regularizerSchema.default(null),
  })
  .strict();
export type DenseConfig = z.infer<typeof schema>;

function lastDim(inputs: readonly (readonly (number | null)[])[]): number {
  const shape = inputs[0];
  if (shape.length < 2) throw new ShapeError('rank-mismatch', 'needs an input with at least one feature dimension.');
  const last = shape[shape.length - 1];
  if (last === null) throw new ShapeError('unknown-dimension', 'needs its input’s last dimension to be known.');
  return last;
}

export const Dense: LayerSpec<DenseConfig> = {
  kind: 'Dense',
  group: 'core',
  description: 'Fully connected layer: every output unit sees every input feature (on the last axis).',
  arity: 'one',
  schema,
  fields: [
    { name: 'units', label: 'Units', type: 'int', min: 1 },
    { name: 'activation', label: 'Activation', type: 'enum', options: activationSchema.options },
    { name: 'useBias', label: 'Use bias', type: 'bool' },
    { name: 'kernelRegularizer', label: 'Kernel regularizer', type: 'regularizer' },
    { name: 'biasRegularizer', label: 'Bias regularizer', type: 'regularizer' },
  ],
  caption: (c) => (c.activation === 'linear' ? `${c.units}` : `${c.units} · ${c.activation}`),
  outputShape(inputs, c) {
    lastDim(inputs);
    return [...inputs[0].slice(0, -1), c.units];
  },
  params(inputs, c) {
    const n = lastDim(inputs);
    return { trainable: n * c.units + (c.useBias ? c.units : 0), nonTrainable: 0 };
  },
  macs(inputs, _out, c) {
    const positions = inputs[0].slice(1, -1).reduce<number>((a, d) => a * (d ?? 1), 1);
    return positions * lastDim(inputs) * c.units;
  },
  onnx(ctx, c) {
    const product = ctx.op('MatMul', [ctx.inputs[0], ctx.param('kernel', [lastDim(ctx.inputShapes), c.units])]);
    return onnxActivation(ctx, c.activation, c.useBias ? ctx.op('Add', [product, ctx.param('bias', [c.units])]) : product);
  },
  pytorch(ctx, c) {
    // nn.Linear works on the last axis of any rank, as Dense does; Glorot-uniform kernels and zero biases as Keras's are set in the model.
    const layer = ctx.module(`nn.Linear(${lastDim(ctx.inputShapes)}, ${c.units}, bias=${py(c.useBias)})`, undefined, [
      // Keras's kernel is (in, out); nn.Linear's weight (out, in).
      { key: 'weight', keras: 'kernel', perm: [1, 0] },
      ...(c.useBias ? [{ key: 'bias', keras: 'bias' }] : []),
    ]);
    if (c.kernelRegularizer) ctx.regularize(`${layer}.weight`, c.kernelRegularizer);
    if (c.biasRegularizer && c.useBias) ctx.regularize(`${layer}.bias`, c.biasRegularizer);
    return pytorchActivation(c.activation, `${layer}(${ctx.inputs[0]})`);
  },
  toKeras: (c) => ({
    className: 'Dense',
    config: {
      units: c.units,
      activation: c.activation,
      use_bias: c.useBias,
      kernel_regularizer: regularizerToKeras(c.kernelRegularizer),
      bias_regularizer: regularizerToKeras(c.biasRegularizer),
    },
  }),
  kerasClasses: ['Dense'],
  fromKeras(layer) {
    const r = new KerasReader(layer);
    return r.finish(schema, {
      units: r.read('units', asInt),
      activation: r.read('activation', readActivation),
      useBias: r.read('use_bias', asBool),
      kernelRegularizer: r.read('kernel_regularizer', regularizerFromKeras, true),
      biasRegularizer: r.read('bias_regularizer', regularizerFromKeras, true),
    });
  },
  tfjs: {
    factory: 'dense',
    args: (c) => ({
      units: c.units,
      activation: unless(c.activation, 'linear'),
      useBias: unless(c.useBias, true),
      kernelRegularizer: regularizerCode(c.kernelRegularizer),
      biasRegularizer: regularizerCode(c.biasRegularizer),
    }),
  },
};
