import { z } from 'zod';
import { activationSchema, onnxActivation, readActivation } from '../common/activation';
import { KerasReader } from '../common/kerasReader';
import type { LayerSpec } from '../spec';
import { pytorchActivation } from '../../pytorch/lowering';

const schema = z.object({ activation: activationSchema.default('relu') }).strict();
export type ActivationConfig = z.infer<typeof schema>;

export const Activation: LayerSpec<ActivationConfig> = {
  kind: 'Activation',
  group: 'core',
  description: 'Applies an activation function element by element (relu, elu, selu, softplus, sigmoid, tanh, softmax).',
  arity: 'one',
  schema,
  fields: [{ name: 'activation', label: 'Function', type: 'enum', options: activationSchema.options }],
  caption: (c) => c.activation,
  outputShape: (inputs) => inputs[0],
  params: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  onnx: (ctx, c) => (c.activation === 'linear' ? ctx.op('Identity', [ctx.inputs[0]]) : onnxActivation(ctx, c.activation, ctx.inputs[0])),
  pytorch: (ctx, c) => pytorchActivation(c.activation, ctx.inputs[0]),
  toKeras: (c) => ({ className: 'Activation', config: { activation: c.activation } }),
  kerasClasses: ['Activation', 'ReLU', 'Softmax', 'ELU'],
  fromKeras(layer) {
    const r = new KerasReader(layer);
    if (layer.className === 'ReLU') {
      for (const k of ['max_value', 'negative_slope', 'threshold']) {
        const v = r.take(k);
        if (v !== undefined && v !== null && v !== 0) r.unsupported(`${k}=${JSON.stringify(v)}`);
      }
      return r.finish(schema, { activation: 'relu' });
    }
    if (layer.className === 'Softmax') {
      const axis = r.take('axis');
      if (axis !== undefined && axis !== -1) r.unsupported(`axis=${JSON.stringify(axis)}`);
      return r.finish(schema, { activation: 'softmax' });
    }
    if (layer.className === 'ELU') {
      const alpha = r.take('alpha');
      if (alpha !== undefined && alpha !== 1) r.unsupported(`alpha=${JSON.stringify(alpha)}`);
      return r.finish(schema, { activation: 'elu' });
    }
    return r.finish(schema, { activation: r.read('activation', readActivation) });
  },
  tfjs: { factory: 'activation', args: (c) => ({ activation: c.activation }) },
};
