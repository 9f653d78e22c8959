import type { ActivationName } from '../layers/common/activation';
import type { Regularizer } from '../layers/common/regularizer';
import type { Shape } from '../shapes/shape';

/*
 * What a layer kind's `pytorch` member works with: the PyTorch module being written, seen
 * from one node. As in the ONNX export, values keep NetCanvas's (Keras's) layout between
 * layers: images are channels last (NHWC), so Flatten, Reshape, Concatenate's axes and
 * BatchNormalization's feature axis mean what they mean in Keras; a layer whose PyTorch
 * module wants channels first (Conv2d, pooling) permutes around it.
 */

/** A node's layer cannot be written as PyTorch (or not this way): the message says why; the writer names the node. */
export class PytorchRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PytorchRefusal';
  }
}

/**
 * How one of a layer's Keras weights (as tfjs holds it) becomes a tensor of the module it
 * registers: its key under the module (`weight`, `1.weight`), its Keras name, and the
 * permutation of its axes (output axis i is Keras's axis perm[i]) when the layouts differ.
 */
export interface PytorchWeight {
  readonly key: string;
  readonly keras: string;
  readonly perm?: readonly number[];
}

export interface PytorchContext {
  /** The Python expressions of the node's inputs, in edge order (the order Keras receives them). */
  readonly inputs: readonly string[];
  readonly inputShapes: readonly Shape[];
  readonly outputShape: Shape;
  /**
   * Makes `construct` (a Python expression building an `nn.Module`) a submodule of the model,
   * named after the node (`suffix` tells several apart), its tensors taken from the layer's Keras
   * `weights` when the program starts from given weights; returns how `forward` calls it: `self.NAME`.
   */
  module(construct: string, suffix?: string, weights?: readonly PytorchWeight[]): string;
  /** Puts a Python definition (a helper class or function) once at the top of the program. */
  helper(name: string, source: string): void;
  /** Adds Keras's penalty on a weight (`self.NAME.weight`) to the training loss. */
  regularize(weight: string, regularizer: Regularizer): void;
}

/** A value as a Python literal: `'relu'`, `(3, 5)`, `True`, `None`, `1e-07`. */
export function py(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a Python literal`);
    return Object.is(value, -0) ? '0' : String(value);
  }
  if (typeof value === 'string') {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}'`;
  }
  if (Array.isArray(value)) return value.length === 1 ? `(${py(value[0])},)` : `(${value.map(py).join(', ')})`;
  throw new Error(`cannot write a ${typeof value} as a Python literal`);
}

/** Text safe inside a Python `#` comment or docstring line. */
export function pyComment(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/"""/g, '"" "').replace(/\\/g, '/');
}

const PY_RESERVED = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda ' +
    'nonlocal not or pass raise return try while with yield self x torch nn F math training ' +
    'input max min sum len abs all any id type list dict set map filter range print open object super'
  ).split(' '),
);

/** A snake_case Python identifier for a node id (`max-pool 1` → `max_pool_1`), unique among `used`. */
export function pythonName(id: string, used: Set<string>): string {
  let base = id.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'layer';
  if (/^[0-9]/.test(base)) base = `layer_${base}`;
  if (PY_RESERVED.has(base)) base = `${base}_layer`;
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  used.add(name);
  return name;
}

/** The activation applied to the Python expression `x`; `linear` returns `x` itself. */
export function pytorchActivation(name: ActivationName, x: string): string {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return `torch.relu(${x})`;
    case 'elu':
      return `F.elu(${x})`;
    // PyTorch's SELU constants are tfjs's and Keras's (Klambauer et al.).
    case 'selu':
      return `F.selu(${x})`;
    case 'softplus':
      return `F.softplus(${x})`;
    case 'sigmoid':
      return `torch.sigmoid(${x})`;
    case 'tanh':
      return `torch.tanh(${x})`;
    case 'softmax':
      return `torch.softmax(${x}, dim=-1)`;
  }
}

/** Channels-last values through a module that wants channels first: `module(x as NCHW)` back to NHWC. */
export function throughChannelsFirst(module: string, x: string): string {
  return `${module}(${x}.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)`;
}

/** A PyTorch pad (left, right, top, bottom) from ONNX-style pads (top, left, bottom, right). */
export function torchPads([top, left, bottom, right]: readonly number[]): [number, number, number, number] {
  return [left, right, top, bottom];
}
