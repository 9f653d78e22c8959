import { z } from 'zod';
import { channelsFirst, windowPads } from '../../onnx/lowering';
import { KerasReader } from '../common/kerasReader';
import { formatPair, pairArg, pairSchema, readPadding, readPair } from '../common/pair';
import { unless } from '../common/tfjsArgs';
import type { LayerSpec } from '../spec';
import { py, throughChannelsFirst, torchPads } from '../../pytorch/lowering';
import { imageOf, windowed } from './conv2d';

const schema = z
  .object({
    poolSize: pairSchema.default([2, 2]),
    /** `null`: the same as the pool size, as in Keras. */
    strides: pairSchema.nullable().default(null),
    padding: z.enum(['valid', 'same']).default('valid'),
  })
  .strict();
export type Pooling2DConfig = z.infer<typeof schema>;

function pooling(kind: 'MaxPooling2D' | 'AveragePooling2D', factory: string, description: string): LayerSpec<Pooling2DConfig> {
  return {
    kind,
    group: 'pooling',
    description,
    arity: 'one',
    schema,
    fields: [
      { name: 'poolSize', label: 'Pool size', type: 'pair', min: 1 },
      { name: 'strides', label: 'Strides', type: 'pair', min: 1, help: 'Empty: the same as the pool size' },
      { name: 'padding', label: 'Padding', type: 'enum', options: ['valid', 'same'] },
    ],
    caption: (c) => formatPair(c.poolSize),
    outputShape(inputs, c) {
      const [h, w, ch] = imageOf(inputs);
      const [oh, ow] = windowed([h, w], c.poolSize, c.strides ?? c.poolSize, c.padding, 'poolSize');
      return [null, oh, ow, ch];
    },
    params: () => ({ trainable: 0, nonTrainable: 0 }),
    macs: () => 0,
    onnx(ctx, c) {
      const [h, w] = imageOf(ctx.inputShapes);
      const strides = c.strides ?? c.poolSize;
      const attributes = {
        kernel_shape: { ints: c.poolSize },
        strides: { ints: strides },
        pads: { ints: windowPads([h, w], c.poolSize, strides, c.padding) },
        // Keras averages over the pixels inside the image only, as ONNX does without count_include_pad.
        ...(kind === 'AveragePooling2D' ? { count_include_pad: { int: 0 } } : {}),
      };
      return channelsFirst(ctx, ctx.inputs[0], (nchw) => ctx.op(kind === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool', [nchw], attributes));
    },
    pytorch(ctx, c) {
      const [h, w] = imageOf(ctx.inputShapes);
      const strides = c.strides ?? c.poolSize;
      // Keras's 'same' puts the odd row or column of padding at the end; PyTorch's pooling pads both sides alike.
      const pads = windowPads([h, w], c.poolSize, strides, c.padding);
      const [top, left, bottom, right] = pads;
      const even = top === bottom && left === right;
      const window = `${py(c.poolSize)}, stride=${py(strides)}`;
      let construct: string;
      if (kind === 'MaxPooling2D') {
        // Padding never wins a maximum in Keras: pad with -inf.
        construct = even
          ? `nn.MaxPool2d(${window}, padding=${py([top, left])})`
          : `nn.Sequential(nn.ConstantPad2d(${py(torchPads(pads))}, float('-inf')), nn.MaxPool2d(${window}))`;
      } else if (even) {
        // Keras averages over the pixels inside the image only.
        construct = `nn.AvgPool2d(${window}, padding=${py([top, left])}, count_include_pad=False)`;
      } else {
        ctx.helper('SameAveragePool2d', SAME_AVERAGE_POOL);
        construct = `SameAveragePool2d(${py(torchPads(pads))}, ${window})`;
      }
      return throughChannelsFirst(ctx.module(construct), ctx.inputs[0]);
    },
    toKeras: (c) => ({
      className: kind,
      config: { pool_size: [...c.poolSize], strides: [...(c.strides ?? c.poolSize)], padding: c.padding, data_format: 'channels_last' },
    }),
    kerasClasses: [kind, kind === 'MaxPooling2D' ? 'MaxPool2D' : 'AveragePool2D'],
    fromKeras(layer) {
      const r = new KerasReader(layer);
      const poolSize = r.read('pool_size', readPair);
      const strides = r.read('strides', (v) => (v === null ? null : readPair(v)), true);
      const same = poolSize && strides && poolSize[0] === strides[0] && poolSize[1] === strides[1];
      return r.finish(schema, {
        poolSize,
        strides: same ? null : strides,
        padding: r.read('padding', readPadding),
      });
    },
    tfjs: {
      factory,
      args: (c) => ({ poolSize: pairArg(c.poolSize), strides: c.strides === null ? undefined : pairArg(c.strides), padding: unless(c.padding, 'valid') }),
    },
  };
}

/** Keras's average pooling with uneven 'same' padding, in PyTorch: the mean over the window's pixels inside the image. */
const SAME_AVERAGE_POOL = `class SameAveragePool2d(nn.Module):
    """Average pooling as Keras pads it for 'same': the extra row or column at the end, and
    each window averaged over the pixels inside the image only (the padding is not counted)."""

    def __init__(self, pads, kernel_size, stride):
        super().__init__()
        self.pads, self.kernel_size, self.stride = pads, kernel_size, stride

    def forward(self, x):
        total = F.avg_pool2d(F.pad(x, self.pads), self.kernel_size, self.stride)
        count = F.avg_pool2d(F.pad(torch.ones_like(x[:, :1]), self.pads), self.kernel_size, self.stride)
        return total / count`;

export const MaxPooling2D = pooling('MaxPooling2D', 'maxPooling2d', 'Keeps the largest value in each window, shrinking the feature maps.');
export const AveragePooling2D = pooling('AveragePooling2D', 'averagePooling2d', 'Keeps the mean of each window, shrinking the feature maps.');
