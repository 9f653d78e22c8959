import type { Pair } from '../layers/common/pair';
import type { Regularizer } from '../layers/common/regularizer';
import { code, literal, type Code } from './source';

/** A tfjs layer factory call: `tf.layers.<factory>({ ...args })`. */
export interface LayerCall {
  readonly factory: string;
  /** camelCase tfjs arguments, in the order they are written; undefined ones are left out. */
  readonly args: Readonly<Record<string, unknown>>;
}

type Config = Record<string, any>;

/** `3` for a square window, `[3, 5]` otherwise, as tfjs accepts both. */
const pair = ([a, b]: Pair): number | number[] => (a === b ? a : [a, b]);

/** Leaves a value out when it is what tfjs would use anyway, so the code reads like the book's. */
const unless = <T>(value: T, tfjsDefault: T): T | undefined => (JSON.stringify(value) === JSON.stringify(tfjsDefault) ? undefined : value);

export function regularizerCode(r: Regularizer): Code | undefined {
  if (r === null) return undefined;
  if (r.type === 'l1') return code(`tf.regularizers.l1(${literal({ l1: r.factor })})`);
  if (r.type === 'l2') return code(`tf.regularizers.l2(${literal({ l2: r.factor })})`);
  return code(`tf.regularizers.l1l2(${literal({ l1: r.l1, l2: r.l2 })})`);
}

/**
 * The arguments of a recurrent layer. tfjs's default recurrent activation is
 * hardSigmoid and its LSTM leaves unitForgetBias off, where Keras uses sigmoid and
 * true, so both are always written out.
 */
function recurrentArgs(cell: string, c: Config): Record<string, unknown> {
  return {
    units: c.units,
    activation: unless(c.activation, 'tanh'),
    recurrentActivation: cell === 'SimpleRNN' ? undefined : c.recurrentActivation,
    unitForgetBias: cell === 'LSTM' ? true : undefined,
    useBias: unless(c.useBias, true),
    dropout: unless(c.dropout, 0),
    recurrentDropout: unless(c.recurrentDropout, 0),
    returnSequences: unless(c.returnSequences, false),
    kernelRegularizer: regularizerCode(c.kernelRegularizer),
    recurrentRegularizer: regularizerCode(c.recurrentRegularizer),
    biasRegularizer: regularizerCode(c.biasRegularizer),
  };
}

const RNN_FACTORY: Record<string, string> = { SimpleRNN: 'simpleRNN', LSTM: 'lstm', GRU: 'gru' };

/** The tfjs call that makes each layer kind (Input is made by `tf.input` or `inputShape`, not here). */
const CALLS: Record<string, (c: Config) => LayerCall> = {
  Dense: (c) => ({
    factory: 'dense',
    args: {
      units: c.units,
      activation: unless(c.activation, 'linear'),
      useBias: unless(c.useBias, true),
      kernelRegularizer: regularizerCode(c.kernelRegularizer),
      biasRegularizer: regularizerCode(c.biasRegularizer),
    },
  }),
  Activation: (c) => ({ factory: 'activation', args: { activation: c.activation } }),
  Dropout: (c) => ({ factory: 'dropout', args: { rate: c.rate } }),
  Flatten: () => ({ factory: 'flatten', args: {} }),
  Reshape: (c) => ({ factory: 'reshape', args: { targetShape: c.targetShape } }),
  Conv2D: (c) => ({
    factory: 'conv2d',
    args: {
      filters: c.filters,
      kernelSize: pair(c.kernelSize),
      strides: unless(pair(c.strides), 1),
      padding: unless(c.padding, 'valid'),
      activation: unless(c.activation, 'linear'),
      useBias: unless(c.useBias, true),
      kernelRegularizer: regularizerCode(c.kernelRegularizer),
      biasRegularizer: regularizerCode(c.biasRegularizer),
    },
  }),
  MaxPooling2D: (c) => ({ factory: 'maxPooling2d', args: poolingArgs(c) }),
  AveragePooling2D: (c) => ({ factory: 'averagePooling2d', args: poolingArgs(c) }),
  SimpleRNN: (c) => ({ factory: 'simpleRNN', args: recurrentArgs('SimpleRNN', c) }),
  LSTM: (c) => ({ factory: 'lstm', args: recurrentArgs('LSTM', c) }),
  GRU: (c) => ({ factory: 'gru', args: recurrentArgs('GRU', c) }),
  Bidirectional: (c) => ({
    factory: 'bidirectional',
    args: {
      layer: code(`tf.layers.${RNN_FACTORY[c.layer]}(${literal(recurrentArgs(c.layer, c))})`),
      mergeMode: c.mergeMode,
    },
  }),
  BatchNormalization: (c) => ({
    factory: 'batchNormalization',
    args: {
      momentum: unless(c.momentum, 0.99),
      epsilon: unless(c.epsilon, 0.001),
      center: unless(c.center, true),
      scale: unless(c.scale, true),
    },
  }),
  Add: () => ({ factory: 'add', args: {} }),
  Concatenate: (c) => ({ factory: 'concatenate', args: { axis: unless(c.axis, -1) } }),
};

function poolingArgs(c: Config): Record<string, unknown> {
  return { poolSize: pair(c.poolSize), strides: c.strides === null ? undefined : pair(c.strides), padding: unless(c.padding, 'valid') };
}

/** Whether codegen knows a layer kind. */
export const hasLayerCall = (kind: string): boolean => kind in CALLS;

/**
 * The TypeScript that makes one layer, named by its node id:
 * `tf.layers.dense({ name: 'dense_1', units: 256, activation: 'relu' })`.
 * `extra` arguments (such as `inputShape`) are written right after the name. A call
 * longer than a line is spread over several, indented from `indent`; `around` is how many
 * characters the rest of the line takes.
 */
export function layerCallCode(kind: string, config: Config, name: string, extra: Record<string, unknown> = {}, indent = '', around = 0): string {
  const make = CALLS[kind];
  if (!make) throw new Error(`no TensorFlow.js code is known for the layer kind '${kind}'`);
  const call = make(config);
  const prefix = `tf.layers.${call.factory}(`;
  return `${prefix}${objectCode({ name, ...extra, ...call.args }, indent, 110 - around - prefix.length - 1)})`;
}

/** An object literal on one line when it fits in `width` columns, else one property a line. */
export function objectCode(value: Record<string, unknown>, indent: string, width = 110): string {
  const oneLine = literal(value);
  if (indent.length + oneLine.length <= width) return oneLine;
  const inner = `${indent}  `;
  const lines = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${inner}${literal({ [k]: v }).slice(2, -2)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}
