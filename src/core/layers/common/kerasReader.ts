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

/** One field of a Keras layer whose value no model can hold (or NetCanvas's limits refuse). */
export interface KerasFieldProblem {
  /** The Keras config key, e.g. `units`, `layer.units` inside a wrapper. */
  readonly field: string;
  readonly value: unknown;
  readonly reason: string;
}

/** Thrown by a field reader for a value that is not one Keras writes: a string for units, a zero size. */
export class KerasValueError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'KerasValueError';
  }
}

/** Thrown by `KerasReader.finish` when fields hold invalid values; the import names the layer. */
export class KerasFieldError extends Error {
  constructor(readonly problems: readonly KerasFieldProblem[]) {
    super(problems.map((p) => `${p.field}=${showField(p.value)}: ${p.reason}`).join('; '));
    this.name = 'KerasFieldError';
  }
}

/** A field reader's refusal: the value is invalid, not merely a setting NetCanvas lacks. */
export function invalid(reason: string): never {
  throw new KerasValueError(reason);
}

function showField(value: unknown): string {
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** A config key of the schema as Keras spells it: `kernelSize` → `kernel_size`. */
const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Reads a Keras layer config field by field. Every field the layer does not `take`
 * and that holds more than its default is reported as unsupported by name (a note).
 * A reader that returns undefined (or null, where null is not allowed) marks a valid Keras
 * setting NetCanvas lacks, also a note; a reader that throws `KerasValueError`, and a value
 * the schema refuses, mark an invalid value: `finish` then throws `KerasFieldError`, and
 * the import refuses the file naming the layer and the field. Nothing invalid is replaced
 * by a default.
 */
export class KerasReader {
  private readonly used = new Set<string>();
  private readonly problems: string[] = [];
  private readonly invalid: KerasFieldProblem[] = [];

  /** `prefix` names the fields of a wrapped layer, e.g. `layer.` inside Bidirectional. */
  constructor(
    private readonly layer: KerasLayer,
    private readonly prefix = '',
  ) {}

  has(key: string): boolean {
    return Object.hasOwn(this.layer.config, key) && this.layer.config[key] !== undefined;
  }

  take(key: string): unknown {
    this.used.add(key);
    return Object.hasOwn(this.layer.config, key) ? this.layer.config[key] : undefined;
  }

  /** Takes a field through a reader; a value it cannot carry is noted and left out, an invalid one refused. */
  read<T>(key: string, reader: (v: unknown) => T | undefined | null, allowNull = false): T | undefined {
    if (!this.has(key)) return undefined;
    const raw = this.take(key);
    let value: T | undefined | null;
    try {
      value = reader(raw);
    } catch (error) {
      if (!(error instanceof KerasValueError)) throw error;
      this.refuse(key, raw, error.reason);
      return undefined;
    }
    if (value === undefined || (value === null && !allowNull)) {
      this.problems.push(`${key}=${JSON.stringify(raw)}`);
      return undefined;
    }
    return value as T;
  }

  unsupported(what: string): void {
    this.problems.push(what);
  }

  /** Marks a field's value as invalid (for fields read by hand). */
  refuse(key: string, value: unknown, reason: string): void {
    this.invalid.push({ field: `${this.prefix}${key}`, value, reason });
  }

  /**
   * The config parsed by the kind's schema. `kerasKeys` names the Keras field of a schema
   * key where it is not the snake_case of it (Input's `shape` is `batch_input_shape`).
   */
  finish<C>(schema: z.ZodType<C, z.ZodTypeDef, unknown>, raw: Record<string, unknown>, kerasKeys: Readonly<Record<string, string>> = {}): KerasImport<C> {
    for (const [key, value] of Object.entries(this.layer.config)) {
      if (this.used.has(key)) continue;
      // A key from the file is never a property name: `valueOf` or `__proto__` is not a default's test.
      const isDefault = Object.hasOwn(DEFAULTS, key) ? DEFAULTS[key] : undefined;
      if (isDefault?.(value)) continue;
      this.problems.push(`${key}=${JSON.stringify(value)}`);
    }
    const defined = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
    const parsed = schema.safeParse(defined);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        const kerasKey = Object.hasOwn(kerasKeys, key) ? kerasKeys[key] : snakeCase(key);
        const rest = issue.path.slice(1).map((p) => `[${String(p)}]`).join('');
        this.refuse(kerasKey, defined[key], `${rest ? `${rest}: ` : ''}${issue.message}`);
      }
    }
    if (this.invalid.length > 0) throw new KerasFieldError(this.invalid);
    return { config: (parsed as { data: C }).data, unsupported: this.problems };
  }
}

export const asNumber = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : invalid('expected a number'));
export const asInt = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : invalid('expected a whole number'));
export const asBool = (v: unknown): boolean => (typeof v === 'boolean' ? v : invalid('expected true or false'));
export const asString = (v: unknown): string => (typeof v === 'string' ? v : invalid('expected a string'));
