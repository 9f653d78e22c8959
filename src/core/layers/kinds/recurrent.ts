import { z } from 'zod';
import type { Shape } from '../../shapes/shape';
import { reshapeFix, ShapeError } from '../problem';
import { OnnxRefusal, transposeWeight, type OnnxContext, type OnnxWeight } from '../../onnx/lowering';
import { activationSchema, ONNX_RNN_ACTIVATIONS, readActivation } from '../common/activation';
import { KerasReader, asBool, asInt, asNumber } from '../common/kerasReader';
import { regularizerCode, regularizerFromKeras, regularizerSchema, regularizerToKeras } from '../common/regularizer';
import { unless } from '../common/tfjsArgs';
import type { FieldSpec, KerasLayer, LayerSpec } from '../spec';
import { py, type PytorchContext } from '../../pytorch/lowering';

export const RNN_CELLS = ['SimpleRNN', 'LSTM', 'GRU'] as const;
export type RnnCell = (typeof RNN_CELLS)[number];

/** Weight blocks per cell: one for SimpleRNN, four gates for LSTM, three for GRU (reset_after=false, as tfjs). */
const GATES: Record<RnnCell, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

const dropoutRate = z.number().min(0).lt(1, 'must be below 1: a rate of 1 would drop every unit');

export const recurrentFields = {
  units: z.number().int().min(1).max(100_000).default(32),
  activation: activationSchema.default('tanh'),
  recurrentActivation: activationSchema.default('sigmoid'),
  useBias: z.boolean().default(true),
  dropout: dropoutRate.default(0),
  recurrentDropout: dropoutRate.default(0),
  returnSequences: z.boolean().default(false),
  kernelRegularizer: regularizerSchema.default(null),
  recurrentRegularizer: regularizerSchema.default(null),
  biasRegularizer: regularizerSchema.default(null),
};

const schema = z.object(recurrentFields).strict();
export type RecurrentConfig = z.infer<typeof schema>;

export const recurrentFieldSpecs = (cell: RnnCell | null): FieldSpec[] => [
  { name: 'units', label: 'Units', type: 'int', min: 1 },
  { name: 'activation', label: 'Activation', type: 'enum', options: activationSchema.options },
  ...(cell === 'SimpleRNN'
    ? []
    : [{ name: 'recurrentActivation', label: 'Recurrent activation', type: 'enum', options: activationSchema.options } as const]),
  { name: 'dropout', label: 'Dropout', type: 'float', min: 0, max: 0.99, step: 0.05, help: 'Fraction of the inputs dropped while training' },
  { name: 'recurrentDropout', label: 'Recurrent dropout', type: 'float', min: 0, max: 0.99, step: 0.05, help: 'Fraction of the recurrent state dropped while training' },
  { name: 'returnSequences', label: 'Return sequences', type: 'bool', help: 'Output every time step (to stack another recurrent layer) instead of the last' },
  { name: 'useBias', label: 'Use bias', type: 'bool' },
  { name: 'kernelRegularizer', label: 'Kernel regularizer', type: 'regularizer' },
  { name: 'recurrentRegularizer', label: 'Recurrent regularizer', type: 'regularizer' },
  { name: 'biasRegularizer', label: 'Bias regularizer', type: 'regularizer' },
];

/** The (steps, features) a recurrent layer reads. */
export function sequenceOf(inputs: readonly Shape[]): [number | null, number] {
  const shape = inputs[0];
  if (shape.length !== 3) {
    const what = shape.length === 2 ? 'a vector' : shape.length === 4 ? 'an image' : `a rank-${shape.length - 1} tensor`;
    throw new ShapeError(
      'rank-mismatch',
      `needs a sequence (time steps × features) but receives ${what}.`,
      undefined,
      reshapeFix(shape, 'sequence'),
    );
  }
  const features = shape[2];
  if (features === null) throw new ShapeError('unknown-dimension', `needs the number of features per time step to be known.`);
  return [shape[1], features];
}

export function recurrentParams(cell: RnnCell, features: number, c: RecurrentConfig): number {
  const u = c.units;
  return GATES[cell] * (features * u + u * u + (c.useBias ? u : 0));
}

export function recurrentMacs(cell: RnnCell, steps: number | null, features: number, c: RecurrentConfig): number {
  return (steps ?? 1) * GATES[cell] * (features * c.units + c.units * c.units);
}

/**
 * The Keras form. An LSTM's `unit_forget_bias` is always written: tfjs's default (off)
 * differs from Keras's (on), and tfjs must build what Keras would.
 */
export function recurrentToKeras(cell: RnnCell, c: RecurrentConfig): KerasLayer {
  return {
    className: cell,
    config: {
      units: c.units,
      activation: c.activation,
      ...(cell === 'SimpleRNN' ? {} : { recurrent_activation: c.recurrentActivation }),
      ...(cell === 'GRU' ? { reset_after: false } : {}),
      use_bias: c.useBias,
      dropout: c.dropout,
      recurrent_dropout: c.recurrentDropout,
      return_sequences: c.returnSequences,
      kernel_regularizer: regularizerToKeras(c.kernelRegularizer),
      recurrent_regularizer: regularizerToKeras(c.recurrentRegularizer),
      bias_regularizer: regularizerToKeras(c.biasRegularizer),
      ...(cell === 'LSTM' ? { unit_forget_bias: true } : {}),
    },
  };
}

/** The tfjs factory of each cell, for generated code. */
export const RNN_FACTORY: Record<RnnCell, string> = { SimpleRNN: 'simpleRNN', LSTM: 'lstm', GRU: 'gru' };

/**
 * The tfjs arguments of a recurrent layer. tfjs's default recurrent activation is
 * hardSigmoid and its LSTM leaves unitForgetBias off, where Keras uses sigmoid and
 * true, so both are always written out.
 */
export function recurrentArgs(cell: RnnCell, c: RecurrentConfig): Record<string, unknown> {
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

export function readRecurrent(r: KerasReader, cell: RnnCell): Record<string, unknown> {
  return {
    units: r.read('units', asInt),
    activation: r.read('activation', readActivation),
    recurrentActivation: cell === 'SimpleRNN' ? undefined : r.read('recurrent_activation', readActivation),
    useBias: r.read('use_bias', asBool),
    dropout: r.read('dropout', asNumber),
    recurrentDropout: r.read('recurrent_dropout', asNumber),
    returnSequences: r.read('return_sequences', asBool),
    kernelRegularizer: r.read('kernel_regularizer', regularizerFromKeras, true),
    recurrentRegularizer: r.read('recurrent_regularizer', regularizerFromKeras, true),
    biasRegularizer: r.read('bias_regularizer', regularizerFromKeras, true),
  };
}

export function recurrentOutput(steps: number | null, units: number, returnSequences: boolean): Shape {
  return returnSequences ? [null, steps, units] : [null, units];
}

/** ONNX's operator for each cell, and Keras's gate blocks in ONNX's order: LSTM's i, f, c, o become i, o, f, c; GRU's z, r, h stay. */
const ONNX_CELLS: Record<RnnCell, { op: string; gates: readonly number[] }> = {
  SimpleRNN: { op: 'RNN', gates: [0] },
  LSTM: { op: 'LSTM', gates: [0, 3, 1, 2] },
  GRU: { op: 'GRU', gates: [0, 1, 2] },
};

/** A Keras (rows, gates × units) kernel as ONNX's (gates × units, rows), its gate blocks in ONNX's order. */
function onnxGateRows(w: OnnxWeight, order: readonly number[], units: number): Float32Array {
  const t = transposeWeight(w, [1, 0]);
  const rows = w.shape[0];
  const out = new Float32Array(t.values.length);
  order.forEach((gate, i) => out.set(t.values.subarray(gate * units * rows, (gate + 1) * units * rows), i * units * rows));
  return out;
}

/**
 * The recurrence as one ONNX RNN, LSTM or GRU operator over the node's input, forwards or,
 * for Bidirectional, both ways (`directions` are the weights' prefixes, `forward/` then
 * `backward/`). Returns ONNX's Y (steps, directions, batch, units) and Y_h (directions,
 * batch, units). Keras's GRU here resets before the recurrent product (reset_after=false),
 * ONNX's linear_before_reset=0, with Keras's one bias as ONNX's input bias and zeros as
 * its recurrent bias. Dropout only acts in training, so it is left out.
 */
export function onnxRecurrence(ctx: OnnxContext, cell: RnnCell, c: RecurrentConfig, directions: readonly string[]): { y: string; yh: string } {
  const [, features] = sequenceOf(ctx.inputShapes);
  const { op, gates } = ONNX_CELLS[cell];
  const u = c.units;
  const g = gates.length;
  const activations = (cell === 'SimpleRNN' ? [c.activation] : cell === 'LSTM' ? [c.recurrentActivation, c.activation, c.activation] : [c.recurrentActivation, c.activation]).map((a, i) => {
    const name = ONNX_RNN_ACTIVATIONS[a];
    if (name === null) {
      const field = cell !== 'SimpleRNN' && i === 0 ? 'recurrentActivation' : 'activation';
      throw new OnnxRefusal(`ONNX's ${op} operator has no '${a}' activation (${field}); use relu, tanh, sigmoid, elu, softplus or linear`);
    }
    return name;
  });
  // ONNX Runtime hands out activation_alpha and _beta in turn to the activations that take them: Elu and Affine here.
  const perDirection = directions.flatMap(() => activations);
  const alphas = perDirection.filter((a) => a === 'Elu' || a === 'Affine').map(() => 1);
  const betas = perDirection.filter((a) => a === 'Affine').map(() => 0);
  const kernel = new Float32Array(directions.length * g * u * features);
  const recurrent = new Float32Array(directions.length * g * u * u);
  const bias = new Float32Array(directions.length * 2 * g * u);
  directions.forEach((d, i) => {
    kernel.set(onnxGateRows(ctx.weight(`${d}kernel`, [features, g * u]), gates, u), i * g * u * features);
    recurrent.set(onnxGateRows(ctx.weight(`${d}recurrent_kernel`, [u, g * u]), gates, u), i * g * u * u);
    if (c.useBias) {
      const b = ctx.weight(`${d}bias`, [g * u]).values;
      gates.forEach((gate, j) => bias.set(b.subarray(gate * u, (gate + 1) * u), i * 2 * g * u + j * u));
    }
  });
  const timeMajor = ctx.op('Transpose', [ctx.inputs[0]], { perm: { ints: [1, 0, 2] } });
  const [y, yh] = ctx.ops(op, [timeMajor, ctx.constant('W', [directions.length, g * u, features], kernel), ctx.constant('R', [directions.length, g * u, u], recurrent), ...(c.useBias ? [ctx.constant('B', [directions.length, 2 * g * u], bias)] : [])], 2, {
    hidden_size: { int: u },
    direction: { string: directions.length === 2 ? 'bidirectional' : 'forward' },
    activations: { strings: perDirection },
    ...(alphas.length > 0 ? { activation_alpha: { floats: alphas } } : {}),
    ...(betas.length > 0 ? { activation_beta: { floats: betas } } : {}),
    ...(cell === 'GRU' ? { linear_before_reset: { int: 0 } } : {}),
  });
  return { y, yh };
}

/**
 * Keras's SimpleRNN, LSTM and GRU in PyTorch, with Keras's weights: `kernel` (features,
 * gates × units), `recurrent_kernel` (units, gates × units) and one `bias` (gates × units),
 * gates in Keras's order (LSTM i, f, c, o; GRU z, r, h). PyTorch's own nn.LSTM and nn.GRU
 * carry two biases (other parameter counts), and its GRU resets after the recurrent product
 * where NetCanvas's (Keras's reset_after=false) resets before, so the step is written out.
 */
const PYTORCH_RECURRENT = `ACTIVATIONS = {
    'linear': lambda x: x, 'relu': torch.relu, 'elu': F.elu, 'selu': F.selu, 'softplus': F.softplus,
    'sigmoid': torch.sigmoid, 'tanh': torch.tanh, 'softmax': lambda x: torch.softmax(x, dim=-1),
}


class Recurrent(nn.Module):
    """Keras's SimpleRNN, LSTM or GRU (reset_after=False) over batch-first sequences, with
    Keras's weight layout and initialisers: Glorot-uniform kernel, orthogonal recurrent
    kernel, zero bias (an LSTM's forget gate bias one). Dropout masks the inputs, and
    recurrent dropout the state, with one mask per sequence while training.
    With reverse, it reads the sequence backwards and returns its outputs in time order."""

    GATES = {'SimpleRNN': 1, 'LSTM': 4, 'GRU': 3}

    def __init__(self, cell, features, units, activation, recurrent_activation, use_bias,
                 return_sequences, dropout=0.0, recurrent_dropout=0.0, reverse=False):
        super().__init__()
        gates = self.GATES[cell]
        self.cell, self.units, self.return_sequences, self.reverse = cell, units, return_sequences, reverse
        self.activation, self.recurrent_activation = ACTIVATIONS[activation], ACTIVATIONS[recurrent_activation]
        self.dropout, self.recurrent_dropout = dropout, recurrent_dropout
        self.kernel = nn.Parameter(nn.init.xavier_uniform_(torch.empty(features, gates * units)))
        self.recurrent_kernel = nn.Parameter(nn.init.orthogonal_(torch.empty(units, gates * units)))
        self.bias = nn.Parameter(torch.zeros(gates * units)) if use_bias else None
        if self.bias is not None and cell == 'LSTM':
            with torch.no_grad():
                self.bias[units:2 * units] = 1.0

    def forward(self, x):
        batch, steps, features = x.shape
        if self.training and self.dropout > 0:
            x = x * F.dropout(x.new_ones(batch, 1, features), self.dropout)
        inputs = x @ self.kernel
        if self.bias is not None:
            inputs = inputs + self.bias
        h = x.new_zeros(batch, self.units)
        c = x.new_zeros(batch, self.units)
        mask = None
        if self.training and self.recurrent_dropout > 0:
            mask = F.dropout(x.new_ones(batch, self.units), self.recurrent_dropout)
        u = self.units
        outputs = []
        for t in (range(steps - 1, -1, -1) if self.reverse else range(steps)):
            xt = inputs[:, t]
            hd = h * mask if mask is not None else h
            if self.cell == 'SimpleRNN':
                h = self.activation(xt + hd @ self.recurrent_kernel)
            elif self.cell == 'LSTM':
                i, f, g, o = (xt + hd @ self.recurrent_kernel).split(u, dim=-1)
                c = self.recurrent_activation(f) * c + self.recurrent_activation(i) * self.activation(g)
                h = self.recurrent_activation(o) * self.activation(c)
            else:
                rk = self.recurrent_kernel
                z = self.recurrent_activation(xt[:, :u] + hd @ rk[:, :u])
                r = self.recurrent_activation(xt[:, u:2 * u] + hd @ rk[:, u:2 * u])
                candidate = self.activation(xt[:, 2 * u:] + (r * hd) @ rk[:, 2 * u:])
                h = z * h + (1 - z) * candidate
            outputs.append(h)
        if not self.return_sequences:
            return h
        if self.reverse:
            outputs.reverse()
        return torch.stack(outputs, dim=1)`;

/** The node's recurrent layer as a `Recurrent` module (see above); `reverse` for Bidirectional's backward half. */
export function pytorchRecurrent(ctx: PytorchContext, cell: RnnCell, c: RecurrentConfig, reverse: boolean, suffix?: string): string {
  // Bidirectional's weights carry the direction before the name.
  const prefix = suffix ? `${suffix}/` : '';
  const [, features] = sequenceOf(ctx.inputShapes);
  ctx.helper('Recurrent', PYTORCH_RECURRENT);
  const args = [
    py(cell), String(features), String(c.units), py(c.activation), py(c.recurrentActivation), py(c.useBias), py(c.returnSequences),
    ...(c.dropout > 0 ? [`dropout=${py(c.dropout)}`] : []),
    ...(c.recurrentDropout > 0 ? [`recurrent_dropout=${py(c.recurrentDropout)}`] : []),
    ...(reverse ? ['reverse=True'] : []),
  ];
  const layer = ctx.module(`Recurrent(${args.join(', ')})`, suffix, [
    { key: 'kernel', keras: `${prefix}kernel` },
    { key: 'recurrent_kernel', keras: `${prefix}recurrent_kernel` },
    ...(c.useBias ? [{ key: 'bias', keras: `${prefix}bias` }] : []),
  ]);
  if (c.kernelRegularizer) ctx.regularize(`${layer}.kernel`, c.kernelRegularizer);
  if (c.recurrentRegularizer) ctx.regularize(`${layer}.recurrent_kernel`, c.recurrentRegularizer);
  if (c.biasRegularizer && c.useBias) ctx.regularize(`${layer}.bias`, c.biasRegularizer);
  return layer;
}

const DESCRIPTIONS: Record<RnnCell, string> = {
  SimpleRNN: 'A fully connected recurrent layer: reads a sequence one step at a time, carrying a state.',
  LSTM: 'Long short-term memory: a recurrent layer with gates that keep information over long sequences.',
  GRU: 'Gated recurrent unit: a lighter gated recurrent layer than LSTM.',
};

function recurrent(cell: RnnCell): LayerSpec<RecurrentConfig> {
  return {
    kind: cell,
    group: 'recurrent',
    description: DESCRIPTIONS[cell],
    arity: 'one',
    schema,
    fields: recurrentFieldSpecs(cell),
    caption: (c) => [`${c.units}`, c.returnSequences ? 'sequences' : ''].filter(Boolean).join(' · '),
    outputShape(inputs, c) {
      const [steps] = sequenceOf(inputs);
      return recurrentOutput(steps, c.units, c.returnSequences);
    },
    params(inputs, c) {
      const [, features] = sequenceOf(inputs);
      return { trainable: recurrentParams(cell, features, c), nonTrainable: 0 };
    },
    macs(inputs, _out, c) {
      const [steps, features] = sequenceOf(inputs);
      return recurrentMacs(cell, steps, features, c);
    },
    onnx(ctx, c) {
      const { y, yh } = onnxRecurrence(ctx, cell, c, ['']);
      if (!c.returnSequences) return ctx.op('Squeeze', [yh, ctx.int64s('axes', [0])]);
      return ctx.op('Transpose', [ctx.op('Squeeze', [y, ctx.int64s('axes', [1])])], { perm: { ints: [1, 0, 2] } });
    },
    pytorch: (ctx, c) => `${pytorchRecurrent(ctx, cell, c, false)}(${ctx.inputs[0]})`,
    toKeras: (c) => recurrentToKeras(cell, c),
    kerasClasses: [cell],
    fromKeras(layer) {
      const r = new KerasReader(layer);
      return r.finish(schema, readRecurrent(r, cell));
    },
    tfjs: { factory: RNN_FACTORY[cell], args: (c) => recurrentArgs(cell, c) },
  };
}

export const SimpleRNN = recurrent('SimpleRNN');
export const LSTM = recurrent('LSTM');
export const GRU = recurrent('GRU');
