import type { z } from 'zod';
import type { OnnxContext } from '../onnx/lowering';
import type { PytorchContext } from '../pytorch/lowering';
import type { Shape } from '../shapes/shape';
import type { ConfigIssue } from './problem';

/** Where a layer kind sits in the palette. */
export type LayerGroup = 'input' | 'core' | 'convolution' | 'pooling' | 'recurrent' | 'normalization' | 'merge';

export const LAYER_GROUPS: readonly { id: LayerGroup; label: string }[] = [
  { id: 'input', label: 'Input' },
  { id: 'core', label: 'Core' },
  { id: 'convolution', label: 'Convolution' },
  { id: 'pooling', label: 'Pooling' },
  { id: 'recurrent', label: 'Recurrent' },
  { id: 'normalization', label: 'Normalization' },
  { id: 'merge', label: 'Merge' },
];

/** How the inspector draws one config field. */
export type FieldSpec = {
  readonly name: string;
  readonly label: string;
  readonly help?: string;
} & (
  | { readonly type: 'int'; readonly min?: number; readonly max?: number }
  | { readonly type: 'float'; readonly min?: number; readonly max?: number; readonly step?: number }
  | { readonly type: 'enum'; readonly options: readonly string[] }
  | { readonly type: 'bool' }
  | { readonly type: 'pair'; readonly min?: number }
  | { readonly type: 'dims'; readonly presets?: readonly DimsPreset[] }
  | { readonly type: 'regularizer' }
);

/** A named value the inspector offers for a `dims` field, e.g. the MNIST image shape. */
export interface DimsPreset {
  readonly id: string;
  readonly label: string;
  readonly shape: readonly number[];
}

export interface ParamCount {
  readonly trainable: number;
  readonly nonTrainable: number;
}

/** What a layer kind's Keras form looks like: its class name and its snake_case config (without `name`). */
export interface KerasLayer {
  readonly className: string;
  readonly config: Record<string, unknown>;
}

/** The result of reading a Keras layer config into a node config. */
export interface KerasImport<C> {
  readonly config: C;
  /** Settings NetCanvas cannot represent, by name, so the import can report them. */
  readonly unsupported: readonly string[];
}

/**
 * One layer kind: its config (with Keras's defaults), its palette entry, and the pure
 * functions that give its output shape, parameter count and multiply-adds.
 * `inputs` are the shapes arriving at the node, batch dimension first.
 */
export interface LayerSpec<C = any> {
  readonly kind: string;
  readonly group: LayerGroup;
  readonly description: string;
  /** How many incoming edges the node takes: none (an Input), exactly one, or two or more (a merge). */
  readonly arity: 'none' | 'one' | 'many';
  readonly schema: z.ZodType<C, z.ZodTypeDef, unknown>;
  readonly fields: readonly FieldSpec[];
  /** The key settings shown on the node, e.g. `64 · 3×3 · relu`. */
  caption(config: C): string;
  outputShape(inputs: readonly Shape[], config: C): Shape;
  params(inputs: readonly Shape[], config: C): ParamCount;
  /** Multiply-adds for one sample. */
  macs(inputs: readonly Shape[], output: Shape, config: C): number;
  /**
   * The layer as ONNX operators (opset 17) on channels-last values: reads `ctx.inputs`,
   * returns the value name of the output. Throws OnnxRefusal for a setting ONNX cannot
   * express; a kind without it cannot be exported to ONNX.
   */
  onnx?(ctx: OnnxContext, config: C): string;
  /** Settings the schema accepts that still cannot work (e.g. ones TensorFlow.js cannot train), for the analysis to report. */
  checkConfig?(config: C): readonly ConfigIssue[];
  /**
   * The layer in a PyTorch `forward` on channels-last values: registers its modules and
   * helpers through `ctx`, returns the Python expression of its output from `ctx.inputs`.
   * Throws PytorchRefusal for a setting it cannot express; a kind without it cannot be
   * exported to PyTorch.
   */
  pytorch?(ctx: PytorchContext, config: C): string;
  toKeras(config: C): KerasLayer;
  /** The Keras class names this kind reads on import. */
  readonly kerasClasses: readonly string[];
  fromKeras(layer: KerasLayer): KerasImport<C>;
  /**
   * Whether a note `fromKeras` made is no loss after all once the node's input shapes are
   * known (the import then drops it); every note stands when absent.
   */
  kerasNoteIsMoot?(what: string, inputShapes: readonly Shape[]): boolean;
  /**
   * How generated TypeScript makes the layer: `tf.layers.<factory>({ name, ...args })`.
   * Absent only where the layer is not made by a factory (Input: `tf.input` or `inputShape`).
   */
  readonly tfjs?: TfjsLayerCall<C>;
  /**
   * The config as tfjs needs it to build the layer, from the output shape the analysis
   * computed; the config itself when absent. Used for both the Keras topology and the code.
   */
  tfjsReady?(config: C, outputShape: Shape): C;
}

/** A tfjs layer factory and the camelCase arguments it takes, in the order they are written; undefined ones are left out. */
export interface TfjsLayerCall<C> {
  readonly factory: string;
  args(config: C): Record<string, unknown>;
}

/** A node's config as tfjs needs it (see `LayerSpec.tfjsReady`). */
export function tfjsReadyConfig<C>(spec: LayerSpec<C>, config: C, outputShape: Shape | null): C {
  return spec.tfjsReady && outputShape ? spec.tfjsReady(config, outputShape) : config;
}

export function defaultConfig<C>(spec: LayerSpec<C>): C {
  return spec.schema.parse({});
}
