import { layerSpec } from '../layers/catalogue';
import { literal } from './source';

/**
 * The TypeScript that makes one layer, named by its node id, from its kind's `tfjs` call:
 * `tf.layers.dense({ name: 'dense_1', units: 256, activation: 'relu' })`.
 * `extra` arguments (such as `inputShape`) are written right after the name. A call
 * longer than a line is spread over several, indented from `indent`; `around` is how many
 * characters the rest of the line takes.
 */
export function layerCallCode(kind: string, config: Record<string, unknown>, name: string, extra: Record<string, unknown> = {}, indent = '', around = 0): string {
  const call = layerSpec(kind)?.tfjs;
  if (!call) throw new Error(`no TensorFlow.js code is known for the layer kind '${kind}'`);
  const prefix = `tf.layers.${call.factory}(`;
  return `${prefix}${objectCode({ name, ...extra, ...call.args(config) }, indent, 110 - around - prefix.length - 1)})`;
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
