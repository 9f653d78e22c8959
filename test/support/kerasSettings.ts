type Json = Record<string, any>;

/** Values Keras writes in several equivalent ways, in one form: regularizers as {l1, l2}, activations by name, a square window as a pair. */
function normal(key: string, value: unknown): unknown {
  if (key.endsWith('regularizer')) {
    if (value === null || value === undefined) return null;
    const { class_name: cls, config } = value as Json;
    return { l1: cls === 'L2' ? 0 : (config?.l1 ?? 0), l2: cls === 'L1' ? 0 : (config?.l2 ?? 0) };
  }
  if (key.includes('activation')) {
    if (value === null || value === undefined) return 'linear';
    const name = typeof value === 'object' ? (value as Json).class_name : value;
    return typeof name === 'string' ? name.toLowerCase() : name;
  }
  // NetCanvas keeps no batch size: a file's fixed one is the same model.
  if ((key === 'batch_input_shape' || key === 'batch_shape') && Array.isArray(value)) return value.slice(1);
  // Keras's null data format is its default, channels last.
  if (key === 'data_format' && value === null) return 'channels_last';
  // InputLayer's `sparse=None` and `ragged=None` are Keras's defaults, false.
  if ((key === 'sparse' || key === 'ragged') && value === null) return false;
  if ((key === 'dilation_rate' || key === 'groups') && (value === 1 || (Array.isArray(value) && value.every((v) => v === 1)))) return 1;
  if ((key === 'kernel_size' || key === 'strides' || key === 'pool_size') && typeof value === 'number') return [value, value];
  return value;
}

/** Keys that differ only in form, not in the model: NetCanvas's last axis, and tfjs's `null` for LSTM's forget bias. */
const FORM_ONLY = new Set(['name', 'trainable', 'dtype', 'axis', 'unit_forget_bias']);

/**
 * Where a layer's settings as NetCanvas exports them differ from the Keras file's, each
 * as `where.key: exported ≠ original`. Keys the file does not have, keys that differ only in
 * form, and keys the import noted (`noted`, as `key=…`) are not compared: any other
 * difference is a value the import replaced without a word (a default in an invalid
 * value's place). One rule for the corpus test and the fuzzer.
 */
export function settingDifferences(where: string, original: Json, exported: Json, noted: readonly string[]): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(exported)) {
    if (FORM_ONLY.has(key) || !Object.hasOwn(original, key) || noted.some((n) => n.startsWith(`${key}=`) || n.startsWith(`layer.${key}=`))) continue;
    // A pooling layer's `strides: null` means its pool size, which the export writes out.
    if (key === 'strides' && original[key] === null) continue;
    if (key === 'layer') {
      const inner = original.layer?.config;
      if (inner && typeof inner === 'object') {
        out.push(...settingDifferences(`${where}.layer`, inner, value.config, noted.filter((n) => n.startsWith('layer.')).map((n) => n.slice(6))));
      }
      continue;
    }
    const a = JSON.stringify(normal(key, value));
    const b = JSON.stringify(normal(key, original[key]));
    if (a !== b) out.push(`${where}.${key}: ${a} ≠ ${b}`);
  }
  return out;
}
