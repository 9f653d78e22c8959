import type { z } from 'zod';
import type { KerasImport, KerasLayer } from '../spec';

const initializerIs = (...names: string[]) => (v: unknown) => {
  if (v === null || v === undefined) return true;
  // Never String(): a class_name from the file may be an object whose `toString` is not a function.
  const cls = typeof v === 'object' ? (v as { class_name?: unknown }).class_name : undefined;
  return typeof cls === 'string' && names.includes(cls);
};
/** Glorot (Xavier) initialisation, uniform as Keras's default or normal as tfjs's (VarianceScaling over fan_avg). */
const isGlorot = (v: unknown) => {
  if (initializerIs('GlorotUniform', 'glorot_uniform', 'GlorotNormal', 'glorot_normal')(v)) return true;
  const { class_name: cls, config } = (v ?? {}) as { class_name?: unknown; config?: Record<string, unknown> };
  return cls === 'VarianceScaling' && config?.mode === 'fan_avg' && (config.scale ?? 1) === 1;
};
const isNullish = (v: unknown) => v === null || v === undefined;
const isOne = (v: unknown) => v === 1 || (Array.isArray(v) && v.every((x) => x === 1));
const always = () => true;

/**
 * Keras settings that NetCanvas leaves at their defaults: present in every saved model,
 * reported as unsupported only when they hold something else.
 */
const DEFAULTS: Record<string, (v: unknown) => boolean> = {
  name: always,
  trainable: (v) => v !== false,
  dtype: always,
  batch_input_shape: always,
  batch_shape: always,
  batch_size: always,
  input_shape: always,
  input_dim: always,
  input_length: always,
  input_dtype: always,
  seed: always,
  implementation: always,
  use_cudnn: always,
  zero_output_for_mask: always,
  kernel_initializer: isGlorot,
  bias_initializer: initializerIs('Zeros', 'zeros'),
  recurrent_initializer: initializerIs('Orthogonal', 'orthogonal'),
  beta_initializer: initializerIs('Zeros', 'zeros'),
  gamma_initializer: initializerIs('Ones', 'ones'),
  moving_mean_initializer: initializerIs('Zeros', 'zeros'),
  moving_variance_initializer: initializerIs('Ones', 'ones'),
  kernel_constraint: isNullish,
  bias_constraint: isNullish,
  recurrent_constraint: isNullish,
  beta_constraint: isNullish,
  gamma_constraint: isNullish,
  activity_regularizer: isNullish,
  recurrent_regularizer: isNullish,
  beta_regularizer: isNullish,
  gamma_regularizer: isNullish,
  data_format: (v) => isNullish(v) || v === 'channels_last',
  dilation_rate: isOne,
  groups: isOne,
  noise_shape: isNullish,
  unroll: (v) => v !== true,
  stateful: (v) => v !== true,
  go_backwards: (v) => v !== true,
  return_state: (v) => v !== true,
  time_major: (v) => v !== true,
  unit_forget_bias: (v) => v !== false,
  reset_after: (v) => v !== true,
  synchronized: (v) => v !== true,
  renorm: (v) => v !== true,
  virtual_batch_size: isNullish,
  adjustment: isNullish,
  fused: always,
  lora_rank: isNullish,
  quantization_config: isNullish,
};

/**
 * Reads a Keras layer config field by field. Every field the layer does not `take`
 * and that holds more than its default is reported as unsupported by name.
 */
export class KerasReader {
  private readonly used = new Set<string>();
  private readonly problems: string[] = [];

  constructor(private readonly layer: KerasLayer) {}

  has(key: string): boolean {
    return Object.hasOwn(this.layer.config, key) && this.layer.config[key] !== undefined;
  }

  take(key: string): unknown {
    this.used.add(key);
    return Object.hasOwn(this.layer.config, key) ? this.layer.config[key] : undefined;
  }

  /** Takes a field through a reader; a value the reader rejects is reported and left out. */
  read<T>(key: string, reader: (v: unknown) => T | undefined | null, allowNull = false): T | undefined {
    if (!this.has(key)) return undefined;
    const raw = this.take(key);
    const value = reader(raw);
    if (value === undefined || (value === null && !allowNull)) {
      this.problems.push(`${key}=${JSON.stringify(raw)}`);
      return undefined;
    }
    return value as T;
  }

  unsupported(what: string): void {
    this.problems.push(what);
  }

  finish<C>(schema: z.ZodType<C, z.ZodTypeDef, unknown>, raw: Record<string, unknown>): KerasImport<C> {
    for (const [key, value] of Object.entries(this.layer.config)) {
      if (this.used.has(key)) continue;
      // A key from the file is never a property name: `valueOf` or `__proto__` is not a default's test.
      const isDefault = Object.hasOwn(DEFAULTS, key) ? DEFAULTS[key] : undefined;
      if (isDefault?.(value)) continue;
      this.problems.push(`${key}=${JSON.stringify(value)}`);
    }
    const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    const parsed = schema.safeParse(defined);
    if (parsed.success) return { config: parsed.data, unsupported: this.problems };
    // Keep what can be kept: drop each field the schema refuses, and say so.
    const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
    for (const key of bad) this.problems.push(`${key}=${JSON.stringify(defined[key])}`);
    const kept = Object.fromEntries(Object.entries(defined).filter(([k]) => !bad.has(k)));
    return { config: schema.parse(kept), unsupported: this.problems };
  }
}

export const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const asInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
export const asBool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
