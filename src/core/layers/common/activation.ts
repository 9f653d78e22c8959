import { z } from 'zod';
import type { OnnxContext } from '../../onnx/lowering';
import { invalid } from './kerasReader';

/** The activations of the reference chapter, by their Keras names. */
export const ACTIVATIONS = ['linear', 'relu', 'elu', 'selu', 'softplus', 'sigmoid', 'tanh', 'softmax'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export const activationSchema = z.enum(ACTIVATIONS);

/** Reads a Keras activation; returns null for one NetCanvas does not have, refuses one that is not a name. */
export function readActivation(value: unknown): ActivationName | null {
  if (value === null || value === undefined) return 'linear';
  const name = typeof value === 'string' ? value : typeof value === 'object' ? (value as { class_name?: unknown }).class_name : undefined;
  if (typeof name !== 'string') return invalid('expected an activation name');
  const lower = name.toLowerCase();
  return (ACTIVATIONS as readonly string[]).includes(lower) ? (lower as ActivationName) : null;
}

/** tfjs's SELU constants (Klambauer et al.), which ONNX's Selu takes as alpha and gamma. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** The activation applied to the value `x` as ONNX operators; `linear` adds none and returns `x`. */
export function onnxActivation(ctx: OnnxContext, name: ActivationName, x: string): string {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return ctx.op('Relu', [x]);
    case 'elu':
      return ctx.op('Elu', [x], { alpha: { float: 1 } });
    case 'selu':
      return ctx.op('Selu', [x], { alpha: { float: SELU_ALPHA }, gamma: { float: SELU_SCALE } });
    case 'softplus':
      return ctx.op('Softplus', [x]);
    case 'sigmoid':
      return ctx.op('Sigmoid', [x]);
    case 'tanh':
      return ctx.op('Tanh', [x]);
    case 'softmax':
      return ctx.op('Softmax', [x], { axis: { int: -1 } });
  }
}

/**
 * The activation as ONNX's RNN, LSTM and GRU operators name it in their `activations`
 * attribute (each with ONNX's default alpha and beta: Elu's alpha 1, Affine's 1 and 0,
 * which are Keras's), or null where those operators have none.
 */
export const ONNX_RNN_ACTIVATIONS: Readonly<Record<ActivationName, string | null>> = {
  linear: 'Affine',
  relu: 'Relu',
  elu: 'Elu',
  selu: null,
  softplus: 'Softplus',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softmax: null,
};
