import type { Shape } from '../shapes/shape';

/*
 * What a layer kind's `onnx` member works with: the ONNX graph being written, seen from one
 * node. The exported graph keeps NetCanvas's (Keras's) layout everywhere: images are
 * channels last (NHWC) between layers, so Flatten, Reshape, Concatenate's axes and
 * BatchNormalization's feature axis mean what they mean in Keras; a layer whose ONNX
 * operator wants channels first (Conv, MaxPool, AveragePool) transposes around it.
 */

/** One weight of a layer as tfjs holds it (Keras's layout), row-major. */
export interface OnnxWeight {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/**
 * A layer's weights by their Keras names (`kernel`, `recurrent_kernel`, `bias`, `gamma`,
 * `beta`, `moving_mean`, `moving_variance`); a Bidirectional layer's carry `forward/` or
 * `backward/` before the name.
 */
export type LayerWeights = ReadonlyMap<string, OnnxWeight>;

/** An attribute of an ONNX node, with its ONNX type. */
export type OnnxAttribute =
  | { readonly int: number }
  | { readonly ints: readonly number[] }
  | { readonly float: number }
  | { readonly floats: readonly number[] }
  | { readonly string: string }
  | { readonly strings: readonly string[] };

/** A node's graph cannot be written as ONNX (or not this way): the message says why; the writer names the node. */
export class OnnxRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxRefusal';
  }
}

export interface OnnxContext {
  /** The value names of the node's inputs, in edge order (the order Keras receives them). */
  readonly inputs: readonly string[];
  readonly inputShapes: readonly Shape[];
  readonly outputShape: Shape;
  /** A weight of this layer; refuses when the weights given to the export lack it or it has another shape than `shape`. */
  weight(name: string, shape: readonly number[]): OnnxWeight;
  /** The weight `name` as an initializer of the same shape; returns its value name. */
  param(name: string, shape: readonly number[]): string;
  /** A float initializer named after the node; returns its value name. */
  constant(name: string, dims: readonly number[], values: Float32Array): string;
  /** A 1-D int64 initializer (shapes, axes, permutations); returns its value name. */
  int64s(name: string, values: readonly number[]): string;
  /** Adds an operator (opset 17) and returns its first output's value name. */
  op(opType: string, inputs: readonly string[], attributes?: Readonly<Record<string, OnnxAttribute>>): string;
  /** Adds an operator with `outputs` outputs and returns their value names. */
  ops(opType: string, inputs: readonly string[], outputs: number, attributes?: Readonly<Record<string, OnnxAttribute>>): string[];
}

/** `perm` applied to a row-major tensor: output dimension i is input dimension perm[i]. */
export function transposeWeight(w: OnnxWeight, perm: readonly number[]): OnnxWeight {
  const rank = w.shape.length;
  if (perm.length !== rank) throw new Error(`a permutation of ${perm.length} axes for a rank-${rank} tensor`);
  const shape = perm.map((p) => w.shape[p]);
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= w.shape[i];
  }
  const strides = perm.map((p) => inStrides[p]);
  const out = new Float32Array(w.values.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let from = 0;
    for (let i = 0; i < rank; i++) from += index[i] * strides[i];
    out[o] = w.values[from];
    for (let i = rank - 1; i >= 0; i--) {
      if (++index[i] < shape[i]) break;
      index[i] = 0;
    }
  }
  return { shape, values: out };
}

/** Runs a channels-first ONNX operator on a channels-last (NHWC) value: Transpose in, the operator, Transpose out. */
export function channelsFirst(ctx: OnnxContext, input: string, body: (nchw: string) => string): string {
  const nchw = ctx.op('Transpose', [input], { perm: { ints: [0, 3, 1, 2] } });
  return ctx.op('Transpose', [body(nchw)], { perm: { ints: [0, 2, 3, 1] } });
}

/** Explicit pads (top, left, bottom, right) for a window as Keras pads it: 'same' puts the odd pixel at the end, as ONNX's SAME_UPPER. */
export function windowPads(
  [h, w]: readonly [number, number],
  size: readonly [number, number],
  strides: readonly [number, number],
  padding: 'valid' | 'same',
): number[] {
  if (padding === 'valid') return [0, 0, 0, 0];
  const total = (n: number, k: number, s: number) => Math.max((Math.ceil(n / s) - 1) * s + k - n, 0);
  const th = total(h, size[0], strides[0]);
  const tw = total(w, size[1], strides[1]);
  return [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
}
