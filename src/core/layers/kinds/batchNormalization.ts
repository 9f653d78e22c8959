import { z } from 'zod';
import { ShapeError } from '../problem';
import { KerasReader, asBool, asNumber, invalid } from '../common/kerasReader';
import { unless } from '../common/tfjsArgs';
import type { LayerSpec } from '../spec';
import { py } from '../../pytorch/lowering';

const schema = z
  .object({
    momentum: z.number().gt(0).lt(1).default(0.99),
    epsilon: z.number().gt(0).max(1).default(0.001),
    center: z.boolean().default(true),
    scale: z.boolean().default(true),
  })
  .strict();
export type BatchNormalizationConfig = z.infer<typeof schema>;

function channels(inputs: readonly (readonly (number | null)[])[]): number {
  const shape = inputs[0];
  const c = shape[shape.length - 1];
  if (shape.length < 2 || c === null) throw new ShapeError('unknown-dimension', 'needs its input’s last dimension to be known.');
  return c;
}

/**
 * Keras's BatchNormalization in PyTorch: on the last axis of any rank (the values are
 * channels last), with gamma and beta each optional, as `center` and `scale` say.
 */
const PYTORCH_BATCH_NORM = `class BatchNormalization(nn.Module):
    """Keras's BatchNormalization: each feature of the last axis normalised over all the other
    axes, then scaled by gamma (weight, if scale) and shifted by beta (bias, if center).
    The moving mean and variance are buffers, not trained. (PyTorch keeps the unbiased batch
    variance in its moving variance; Keras the biased one: they differ by n / (n - 1).)"""

    def __init__(self, features, momentum, eps, center, scale):
        super().__init__()
        self.momentum, self.eps = momentum, eps
        self.weight = nn.Parameter(torch.ones(features)) if scale else None
        self.bias = nn.Parameter(torch.zeros(features)) if center else None
        self.register_buffer('running_mean', torch.zeros(features))
        self.register_buffer('running_var', torch.ones(features))

    def forward(self, x):
        flat = x.reshape(-1, x.shape[-1])
        out = F.batch_norm(flat, self.running_mean, self.running_var, self.weight, self.bias, self.training, self.momentum, self.eps)
        return out.reshape(x.shape)`;

export const BatchNormalization: LayerSpec<BatchNormalizationConfig> = {
  kind: 'BatchNormalization',
  group: 'normalization',
  description: 'Normalises each feature (last axis) to zero mean and unit variance over the batch, then scales and shifts it.',
  arity: 'one',
  schema,
  fields: [
    { name: 'momentum', label: 'Momentum', type: 'float', min: 0, max: 0.999, step: 0.01 },
    { name: 'epsilon', label: 'Epsilon', type: 'float', min: 0, step: 0.0001 },
    { name: 'center', label: 'Center (beta)', type: 'bool' },
    { name: 'scale', label: 'Scale (gamma)', type: 'bool' },
  ],
  caption: () => '',
  outputShape: (inputs) => (channels(inputs), inputs[0]),
  params(inputs, c) {
    const n = channels(inputs);
    return { trainable: n * ((c.center ? 1 : 0) + (c.scale ? 1 : 0)), nonTrainable: 2 * n };
  },
  macs: (_inputs, out) => out.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1),
  onnx(ctx, c) {
    // The inference form: the moving statistics, gamma and beta folded into one scale and shift per feature (the last axis).
    const n = channels(ctx.inputShapes);
    const mean = ctx.weight('moving_mean', [n]).values;
    const variance = ctx.weight('moving_variance', [n]).values;
    const gamma = c.scale ? ctx.weight('gamma', [n]).values : null;
    const beta = c.center ? ctx.weight('beta', [n]).values : null;
    const scale = new Float32Array(n);
    const shift = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      scale[i] = (gamma ? gamma[i] : 1) / Math.sqrt(variance[i] + c.epsilon);
      shift[i] = (beta ? beta[i] : 0) - mean[i] * scale[i];
    }
    return ctx.op('Add', [ctx.op('Mul', [ctx.inputs[0], ctx.constant('scale', [n], scale)]), ctx.constant('shift', [n], shift)]);
  },
  // tfjs-layers 4.22 reads gamma and beta unconditionally while training, so it cannot train these.
  checkConfig: (c) =>
    (['center', 'scale'] as const)
      .filter((field) => !c[field])
      .map((field) => ({
        code: 'tfjs-cannot-train',
        message: `TensorFlow.js cannot train BatchNormalization with ${field} turned off; turn it on.`,
        field,
        fix: { kind: 'set-field', field, value: true },
      })),
  pytorch(ctx, c) {
    ctx.helper('BatchNormalization', PYTORCH_BATCH_NORM);
    // Keras's momentum is the share the moving statistics keep; PyTorch's the share the batch gets: 0.99 becomes 0.01.
    const momentum = Number((1 - c.momentum).toPrecision(12));
    return `${ctx.module(`BatchNormalization(${channels(ctx.inputShapes)}, momentum=${py(momentum)}, eps=${py(c.epsilon)}, center=${py(c.center)}, scale=${py(c.scale)})`, undefined, [
      ...(c.scale ? [{ key: 'weight', keras: 'gamma' }] : []),
      ...(c.center ? [{ key: 'bias', keras: 'beta' }] : []),
      { key: 'running_mean', keras: 'moving_mean' },
      { key: 'running_var', keras: 'moving_variance' },
    ])}(${ctx.inputs[0]})`;
  },
  toKeras: (c) => ({
    className: 'BatchNormalization',
    config: { axis: -1, momentum: c.momentum, epsilon: c.epsilon, center: c.center, scale: c.scale },
  }),
  kerasClasses: ['BatchNormalization'],
  fromKeras(layer) {
    const r = new KerasReader(layer);
    // -1 is NetCanvas's last axis; another axis (channels first) is a note, a non-integer invalid.
    r.read('axis', (v) => {
      const axes = Array.isArray(v) ? v : [v];
      if (axes.length === 0 || !axes.every((a) => Number.isInteger(a))) return invalid('expected an axis or a list of axes');
      return axes.length === 1 && axes[0] === -1 ? true : null;
    });
    return r.finish(schema, {
      momentum: r.read('momentum', asNumber),
      epsilon: r.read('epsilon', asNumber),
      center: r.read('center', asBool),
      scale: r.read('scale', asBool),
    });
  },
  /**
   * Keras 2 saves the axis as a positive list once built (`[1]` for vectors, `[3]` for
   * images). That is NetCanvas's last axis, so it is no loss to report.
   */
  kerasNoteIsMoot(what, inputShapes) {
    const axis = /^axis=\[?(\d+)\]?$/.exec(what);
    const rank = inputShapes[0]?.length;
    return axis !== null && rank !== undefined && Number(axis[1]) === rank - 1;
  },
  tfjs: {
    factory: 'batchNormalization',
    args: (c) => ({
      momentum: unless(c.momentum, 0.99),
      epsilon: unless(c.epsilon, 0.001),
      center: unless(c.center, true),
      scale: unless(c.scale, true),
    }),
  },
};
