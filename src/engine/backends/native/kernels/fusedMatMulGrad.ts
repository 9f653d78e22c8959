import * as tf from '@tensorflow/tfjs';

type FusedMatMul = typeof tf.fused.matMul;
type FusedMatMulArgs = Parameters<FusedMatMul>[0];

/** tfjs's fused.matMul, kept while ours is in its place. */
let tfjsFusedMatMul: FusedMatMul | undefined;

/** The fused ops object that tfjs-layers' Dense and recurrent layers call `matMul` on (tfjs-core's `fused`, a plain object). */
const fusedOps = tf.fused as unknown as { matMul: FusedMatMul };

/** Whether a tape is recording: tfjs-core's engine state (gradientDepth), which fused.matMul itself reads. */
const recording = () => (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth > 0;

/**
 * The gradient of a _FusedMatMul recorded on the tape by itself, with a linear activation and a
 * bias of one value per output column (or none): each input's gradient computed only when
 * backpropagation asks for it, by the same products and sum as tfjs's fused.matMul computes
 * them (its gradient, a customGrad, computes all of them at once, the model input's too).
 */
const lazyGradient: tf.GradConfig = {
  kernelName: tf._FusedMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved, attrs) => {
    const [a, b] = saved;
    const d = dy as tf.Tensor;
    const { transposeA, transposeB } = attrs as unknown as tf._FusedMatMulAttrs;
    // tfjs's fused.matMul's gradient products, by transposeA and transposeB.
    const which = `${transposeA ? 't' : 'f'}${transposeB ? 't' : 'f'}` as 'ff' | 'ft' | 'tf' | 'tt';
    const [aOf, bOf] = {
      ff: [() => tf.matMul(d, b, false, true), () => tf.matMul(a, d, true, false)],
      ft: [() => tf.matMul(d, b, false, false), () => tf.matMul(d, a, true, false)],
      tf: [() => tf.matMul(b, d, false, true), () => tf.matMul(a, d, false, false)],
      tt: [() => tf.matMul(b, d, true, true), () => tf.matMul(d, a, true, true)],
    }[which];
    return {
      a: aOf,
      b: bOf,
      bias: () => tf.sum(d, [...Array(d.rank - 1).keys()]),
    };
  },
};

/**
 * fused.matMul as tfjs's, except under a tape with a linear activation (all tfjs fuses there),
 * no PReLU weights, float32 operands whose batch dimensions match and a bias of one value per
 * output column or none: there it runs the _FusedMatMul kernel by itself, so that the tape
 * records it with `lazyGradient` and a gradient nobody needs (the first layer's, with respect to
 * the model's input) is never computed.
 */
function lazyFusedMatMul(args: FusedMatMulArgs): tf.Tensor {
  const fallback = tfjsFusedMatMul!;
  const { a, b, transposeA = false, transposeB = false, bias, activation = 'linear', preluActivationWeights } = args;
  if (!recording() || activation !== 'linear' || preluActivationWeights != null || !(a instanceof tf.Tensor) || !(b instanceof tf.Tensor)) return fallback(args);
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.rank < 2 || b.rank < 2) return fallback(args);
  const [ra, ca] = a.shape.slice(-2), [rb, cb] = b.shape.slice(-2);
  const [m, k] = transposeA ? [ca, ra] : [ra, ca];
  const [kb, n] = transposeB ? [cb, rb] : [rb, cb];
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const sameOuter = outerA.length === outerB.length && outerA.every((dim, i) => dim === outerB[i]);
  const biasFits = bias == null || (bias instanceof tf.Tensor && bias.dtype === 'float32' && bias.size === n && bias.shape[bias.rank - 1] === n);
  if (k !== kb || !sameOuter || !biasFits) return fallback(args);
  const batch = outerA.reduce((p, dim) => p * dim, 1);
  const a3D = tf.reshape(a, [batch, ra, ca]);
  const b3D = tf.reshape(b, [batch, rb, cb]);
  // A bias of another rank becomes [n] here, and the reshape's own gradient gives it back its shape.
  const inputs: tf.NamedTensorMap = { a: a3D, b: b3D };
  if (bias != null) inputs.bias = bias.rank === 1 ? bias : tf.reshape(bias, [n]);
  const attrs = { transposeA, transposeB, activation: 'linear', leakyreluAlpha: 0.2 };
  const y = tf.engine().runKernel(tf._FusedMatMul, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  return tf.reshape(y, [...outerA, m, n]);
}

/** Puts lazyFusedMatMul in fused.matMul's place and registers its gradient. Idempotent. */
export function registerLazyFusedMatMul(): void {
  tfjsFusedMatMul ??= fusedOps.matMul;
  fusedOps.matMul = lazyFusedMatMul as FusedMatMul;
  tf.registerGradient(lazyGradient);
}

/** Puts tfjs's fused.matMul back (its own gradient needs none registered for the kernel, and none is used once nothing records the kernel alone). */
export function unregisterLazyFusedMatMul(): void {
  if (tfjsFusedMatMul) fusedOps.matMul = tfjsFusedMatMul;
}
