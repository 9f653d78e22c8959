import { z } from 'zod';
import { code, literal } from '../../codegen/source';
import { KerasReader, invalid } from '../common/kerasReader';
import type { LayerSpec } from '../spec';
import {
  RNN_CELLS,
  RNN_FACTORY,
  readRecurrent,
  recurrentArgs,
  recurrentFieldSpecs,
  recurrentFields,
  recurrentMacs,
  recurrentOutput,
  recurrentParams,
  recurrentToKeras,
  onnxRecurrence,
  pytorchRecurrent,
  sequenceOf,
} from './recurrent';

const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'] as const;

const schema = z
  .object({
    layer: z.enum(RNN_CELLS).default('LSTM'),
    mergeMode: z.enum(MERGE_MODES).default('concat'),
    ...recurrentFields,
  })
  .strict();
export type BidirectionalConfig = z.infer<typeof schema>;

export const Bidirectional: LayerSpec<BidirectionalConfig> = {
  kind: 'Bidirectional',
  group: 'recurrent',
  description: 'Runs a recurrent layer forwards and backwards over the sequence and merges the two outputs.',
  arity: 'one',
  schema,
  fields: [
    { name: 'layer', label: 'Recurrent layer', type: 'enum', options: RNN_CELLS },
    { name: 'mergeMode', label: 'Merge mode', type: 'enum', options: MERGE_MODES },
    ...recurrentFieldSpecs(null),
  ],
  caption: (c) => [`${c.layer} ${c.units}`, c.mergeMode, c.returnSequences ? 'sequences' : ''].filter(Boolean).join(' · '),
  outputShape(inputs, c) {
    const [steps] = sequenceOf(inputs);
    return recurrentOutput(steps, c.mergeMode === 'concat' ? 2 * c.units : c.units, c.returnSequences);
  },
  params(inputs, c) {
    const [, features] = sequenceOf(inputs);
    return { trainable: 2 * recurrentParams(c.layer, features, c), nonTrainable: 0 };
  },
  macs(inputs, _out, c) {
    const [steps, features] = sequenceOf(inputs);
    return 2 * recurrentMacs(c.layer, steps, features, c);
  },
  onnx(ctx, c) {
    // ONNX keeps the backward direction's outputs at their own time steps, as Keras re-reverses them.
    const { y, yh } = onnxRecurrence(ctx, c.layer, c, ['forward/', 'backward/']);
    // Batch first, then (steps,) directions, units; the directions' axis is `axis`.
    const [both, axis] = c.returnSequences ? [ctx.op('Transpose', [y], { perm: { ints: [2, 0, 1, 3] } }), 2] : [ctx.op('Transpose', [yh], { perm: { ints: [1, 0, 2] } }), 1];
    if (c.mergeMode === 'concat') return ctx.op('Reshape', [both, ctx.int64s('shape', axis === 2 ? [0, 0, -1] : [0, -1])]);
    const [forward, backward] = ctx.ops('Split', [both], 2, { axis: { int: axis } }).map((half) => ctx.op('Squeeze', [half, ctx.int64s('axes', [axis])]));
    if (c.mergeMode === 'sum') return ctx.op('Add', [forward, backward]);
    if (c.mergeMode === 'mul') return ctx.op('Mul', [forward, backward]);
    return ctx.op('Mul', [ctx.op('Add', [forward, backward]), ctx.constant('half', [], new Float32Array([0.5]))]);
  },
  pytorch(ctx, c) {
    // Keras's backward layer reads the sequence reversed; its outputs come back in time order.
    const forward = `${pytorchRecurrent(ctx, c.layer, c, false, 'forward')}(${ctx.inputs[0]})`;
    const backward = `${pytorchRecurrent(ctx, c.layer, c, true, 'backward')}(${ctx.inputs[0]})`;
    if (c.mergeMode === 'concat') return `torch.cat([${forward}, ${backward}], dim=-1)`;
    if (c.mergeMode === 'sum') return `(${forward} + ${backward})`;
    if (c.mergeMode === 'mul') return `(${forward} * ${backward})`;
    return `((${forward} + ${backward}) / 2)`;
  },
  toKeras(c) {
    const inner = recurrentToKeras(c.layer, c);
    return { className: 'Bidirectional', config: { layer: { class_name: inner.className, config: inner.config }, merge_mode: c.mergeMode } };
  },
  kerasClasses: ['Bidirectional'],
  fromKeras(layer) {
    const outer = new KerasReader(layer);
    const mergeMode = outer.read('merge_mode', (v) => ((MERGE_MODES as readonly unknown[]).includes(v) ? v : v === null || typeof v === 'string' ? undefined : invalid('expected a merge mode name')));
    const wrapped = outer.take('layer') as { class_name?: unknown; config?: Record<string, unknown> } | undefined;
    outer.take('backward_layer');
    const cell = (RNN_CELLS as readonly unknown[]).includes(wrapped?.class_name) ? (wrapped!.class_name as (typeof RNN_CELLS)[number]) : undefined;
    if (!cell) {
      outer.unsupported(`layer=${JSON.stringify(wrapped?.class_name)} (Bidirectional wraps SimpleRNN, LSTM or GRU here)`);
      return outer.finish(schema, { mergeMode });
    }
    const inner = new KerasReader({ className: cell, config: wrapped?.config ?? {} }, 'layer.');
    const fields = readRecurrent(inner, cell);
    const innerResult = inner.finish(z.object(recurrentFields).strict(), fields);
    for (const u of innerResult.unsupported) outer.unsupported(`layer.${u}`);
    return outer.finish(schema, { ...innerResult.config, layer: cell, mergeMode });
  },
  tfjs: {
    factory: 'bidirectional',
    args: (c) => ({ layer: code(`tf.layers.${RNN_FACTORY[c.layer]}(${literal(recurrentArgs(c.layer, c))})`), mergeMode: c.mergeMode }),
  },
};
