import * as tf from '@tensorflow/tfjs';
import { NATIVE_RELU_BIAS_GRAD, NATIVE_RELU_GRAD } from './activationGrad';

/*
 * tfjs's fused ops (fused.matMul: Dense and recurrent layers; fused.conv2d: Conv2D layers) under
 * a tape either do not fuse at all (any activation but linear: a convolution, an Add for the
 * bias, the activation, and in the gradient Step, Cast and Multiply over the whole output) or
 * record a customGrad whose gradient computes every input's gradient at once, the model input's
 * too. The replacements below run the fused kernel itself (the convolution's bias and ReLU in the
 * native call) and record it on the tape with a gradient of its own: ReLU's mask in one native
 * kernel, then each input's gradient only when backpropagation asks for it, by the same products,
 * convolutions and sums tfjs computes them with. Anything else goes to tfjs's op unchanged.
 */

type FusedMatMul = typeof tf.fused.matMul;
type FusedConv2D = typeof tf.fused.conv2d;

/** The fused ops object tfjs-layers calls (tfjs-core's `fused`, a plain object). */
const fusedOps = tf.fused as unknown as { matMul: FusedMatMul; conv2d: FusedConv2D };

/** tfjs's fused ops, kept while ours are in their place. */
let tfjsOps: { matMul: FusedMatMul; conv2d: FusedConv2D } | undefined;

/** Whether a tape is recording: tfjs-core's engine state (gradientDepth), which its fused ops read. */
const recording = () => (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;

/** Whether ReLU's gradient has a native kernel on the active backend. */
const nativeRelu = () => tf.getKernel(NATIVE_RELU_GRAD, tf.getBackend()) !== undefined;

/**
 * The activations the convolution takes: linear anywhere, ReLU where its gradient is native (the
 * native convolution's ReLU keeps NaN, as tfjs's does). The product takes linear only: its ReLU is
 * oneDNN's post-op, which makes NaN 0, so a diverged Dense(relu) would hide its NaN from the loss.
 */
const convolutionTakes = (activation: string) => activation === 'linear' || (activation === 'relu' && nativeRelu());

/** A float32 bias of `n` values (of any shape whose last dimension is n), or none. */
const biasFits = (bias: unknown, n: number): bias is tf.Tensor | null | undefined => bias == null || (bias instanceof tf.Tensor && bias.dtype === 'float32' && bias.size === n && bias.shape[bias.rank - 1] === n);

/** `bias` as [n]: a reshape, whose own gradient gives the bias's gradient its shape back. */
const flatBias = (bias: tf.Tensor, n: number) => (bias.rank === 1 ? bias : tf.reshape(bias, [n]));

/** The gradient with respect to a fused kernel's pre-activation output: dy itself, or ReLU's mask by the native kernel. */
function preActivation(dy: tf.Tensor, y: tf.Tensor, activation: string): tf.Tensor {
  return activation === 'relu' ? (tf.engine().runKernel(NATIVE_RELU_GRAD, { y, dy }) as tf.Tensor) : dy;
}

/** The bias's gradient: the pre-activation gradient summed over every axis but the last (as tfjs's getFusedBiasGradient for a bias of [n]). */
const biasGradient = (d: tf.Tensor) => tf.sum(d, [...Array(d.rank - 1).keys()]);

const matMulGradient: tf.GradConfig = {
  kernelName: tf._FusedMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const { transposeA, transposeB } = attrs as unknown as tf._FusedMatMulAttrs;
    const d = dy as tf.Tensor;
    // tfjs's fused.matMul's gradient products, by transposeA and transposeB.
    const which = `${transposeA ? 't' : 'f'}${transposeB ? 't' : 'f'}` as 'ff' | 'ft' | 'tf' | 'tt';
    const [aOf, bOf] = {
      ff: [() => tf.matMul(d, b, false, true), () => tf.matMul(a, d, true, false)],
      ft: [() => tf.matMul(d, b, false, false), () => tf.matMul(d, a, true, false)],
      tf: [() => tf.matMul(b, d, false, true), () => tf.matMul(a, d, false, false)],
      tt: [() => tf.matMul(b, d, true, true), () => tf.matMul(d, a, true, true)],
    }[which];
    return { a: aOf, b: bOf, bias: () => biasGradient(d) };
  },
};

/**
 * fused.matMul: float32 operands whose batch dimensions match, a bias of one value per output
 * column or none, linear (all tfjs fuses under a tape), under a tape: the _FusedMatMul kernel with
 * matMulGradient. Everything else, and inference: tfjs's.
 */
function lazyFusedMatMul(args: Parameters<FusedMatMul>[0]): tf.Tensor {
  const { a, b, transposeA = false, transposeB = false, bias, activation = 'linear', preluActivationWeights } = args;
  const fallback = () => tfjsOps!.matMul(args);
  if (!recording() || activation !== 'linear' || preluActivationWeights != null || !(a instanceof tf.Tensor) || !(b instanceof tf.Tensor)) return fallback();
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.rank < 2 || b.rank < 2) return fallback();
  const [ra, ca] = a.shape.slice(-2), [rb, cb] = b.shape.slice(-2);
  const [m, k] = transposeA ? [ca, ra] : [ra, ca];
  const [kb, n] = transposeB ? [cb, rb] : [rb, cb];
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const sameOuter = outerA.length === outerB.length && outerA.every((dim, i) => dim === outerB[i]);
  if (k !== kb || !sameOuter || !biasFits(bias, n)) return fallback();
  const batch = outerA.reduce((p, dim) => p * dim, 1);
  const inputs: tf.NamedTensorMap = { a: tf.reshape(a, [batch, ra, ca]), b: tf.reshape(b, [batch, rb, cb]) };
  if (bias != null) inputs.bias = flatBias(bias, n);
  const attrs = { transposeA, transposeB, activation, leakyreluAlpha: 0.2 };
  const y = tf.engine().runKernel(tf._FusedMatMul, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  return tf.reshape(y, [...outerA, m, n]);
}

const conv2DGradient: tf.GradConfig = {
  kernelName: tf.FusedConv2D,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved;
    const { strides, pad, dataFormat, dimRoundingMode, activation } = attrs as unknown as tf.FusedConv2DAttrs;
    // ReLU's mask and the bias's gradient in one pass (the sum costs little where there is no bias).
    let d: tf.Tensor, dBias: tf.Tensor | undefined;
    if (activation === 'relu' && tf.getKernel(NATIVE_RELU_BIAS_GRAD, tf.getBackend()) !== undefined) [d, dBias] = tf.engine().runKernel(NATIVE_RELU_BIAS_GRAD, { y, dy: dy as tf.Tensor }) as tf.Tensor[];
    else d = preActivation(dy as tf.Tensor, y, activation ?? 'linear');
    const common = { strides, pad, dataFormat, dimRoundingMode };
    return {
      x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: d, filter }, { ...common, inputShape: x.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
      filter: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: d }, { ...common, filterShape: filter.shape } as unknown as tf.NamedAttrMap) as tf.Tensor,
      bias: () => dBias ?? biasGradient(d),
    };
  },
};

const ones = (v: number | readonly number[] | undefined) => v === undefined || (typeof v === 'number' ? v === 1 : v.every((d) => d === 1));

/**
 * fused.conv2d: float32 NHWC rank-4 input and filter, no dilation (tfjs has no gradient for one),
 * a bias of one value per filter or none, linear or ReLU, no PReLU weights, under a tape: the
 * FusedConv2D kernel with conv2DGradient. Everything else, and inference: tfjs's.
 */
function lazyFusedConv2D(args: Parameters<FusedConv2D>[0]): tf.Tensor {
  const { x, filter, strides, pad, dataFormat = 'NHWC', dilations, dimRoundingMode, bias, activation = 'linear', preluActivationWeights } = args;
  const fallback = () => tfjsOps!.conv2d(args);
  if (!recording() || !convolutionTakes(activation ?? 'linear') || preluActivationWeights != null || dataFormat !== 'NHWC' || !ones(dilations)) return fallback();
  if (!(x instanceof tf.Tensor) || !(filter instanceof tf.Tensor) || x.dtype !== 'float32' || filter.dtype !== 'float32' || x.rank !== 4 || filter.rank !== 4) return fallback();
  const channels = filter.shape[3];
  if (x.shape[3] !== filter.shape[2] || !biasFits(bias, channels)) return fallback();
  const inputs: tf.NamedTensorMap = { x, filter };
  if (bias != null) inputs.bias = flatBias(bias, channels);
  const attrs = { strides, pad, dataFormat, dilations: [1, 1], dimRoundingMode, activation: activation ?? 'linear', leakyreluAlpha: 0.2 };
  return tf.engine().runKernel(tf.FusedConv2D, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Puts lazyFusedMatMul and lazyFusedConv2D in tfjs's fused ops' place and registers their gradients. Idempotent. */
export function registerLazyFusedOps(): void {
  tfjsOps ??= { matMul: fusedOps.matMul, conv2d: fusedOps.conv2d };
  fusedOps.matMul = lazyFusedMatMul as FusedMatMul;
  fusedOps.conv2d = lazyFusedConv2D as FusedConv2D;
  tf.registerGradient(matMulGradient);
  tf.registerGradient(conv2DGradient);
}

/**
 * Puts tfjs's fused ops back. The gradients stay registered (tfjs has no way to remove one),
 * unused: tfjs's own fused ops run these kernels inside a customGrad, which records none of them.
 */
export function unregisterLazyFusedOps(): void {
  if (tfjsOps) Object.assign(fusedOps, tfjsOps);
}
