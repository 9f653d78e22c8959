import { z } from 'zod';
import { KerasReader, asNumber } from '../common/kerasReader';
import type { LayerSpec } from '../spec';
import { py } from '../../pytorch/lowering';

const schema = z
  .object({ rate: z.number().min(0).lt(1, 'must be below 1: a rate of 1 would drop every unit').default(0.5) })
  .strict();
export type DropoutConfig = z.infer<typeof schema>;

export const Dropout: LayerSpec<DropoutConfig> = {
  kind: 'Dropout',
  group: 'core',
  description: 'While training, sets a random fraction of its inputs to zero to fight overfitting; does nothing at test time.',
  arity: 'one',
  schema,
  fields: [{ name: 'rate', label: 'Rate', type: 'float', min: 0, max: 0.99, step: 0.05, help: 'Fraction of inputs dropped, in [0, 1)' }],
  caption: (c) => `${c.rate}`,
  outputShape: (inputs) => inputs[0],
  params: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  // Dropout does nothing outside training: ONNX's Dropout without training_mode is the identity, and keeps the rate for an import.
  onnx: (ctx, c) => ctx.op('Dropout', [ctx.inputs[0], ctx.constant('ratio', [], new Float32Array([c.rate]))]),
  // nn.Dropout acts only in training mode, scaling the kept values by 1 / (1 - rate) as Keras does.
  pytorch: (ctx, c) => `${ctx.module(`nn.Dropout(p=${py(c.rate)})`)}(${ctx.inputs[0]})`,
  toKeras: (c) => ({ className: 'Dropout', config: { rate: c.rate } }),
  kerasClasses: ['Dropout'],
  fromKeras(layer) {
    const r = new KerasReader(layer);
    return r.finish(schema, { rate: r.read('rate', asNumber) });
  },
  tfjs: { factory: 'dropout', args: (c) => ({ rate: c.rate }) },
};
