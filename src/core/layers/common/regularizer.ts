import { z } from 'zod';
import { code, literal, type Code } from '../../codegen/source';
import { invalid } from './kerasReader';

/** The range every penalty factor is taken from. */
export const REGULARIZER_FACTOR = { min: 0, max: 10 } as const;

const factor = z.number().min(REGULARIZER_FACTOR.min).max(REGULARIZER_FACTOR.max);

/** Keras's `l1(f)`, `l2(f)` and `l1_l2(l1, l2)` weight penalties; `null` for none. */
export const regularizerSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('l1'), factor }).strict(),
    z.object({ type: z.literal('l2'), factor }).strict(),
    z.object({ type: z.literal('l1_l2'), l1: factor, l2: factor }).strict(),
  ])
  .nullable();

export type Regularizer = z.infer<typeof regularizerSchema>;

/** The Keras serialisation (tfjs knows the `L1L2` class). */
export function regularizerToKeras(r: Regularizer): unknown {
  if (r === null) return null;
  const [l1, l2] = r.type === 'l1' ? [r.factor, 0] : r.type === 'l2' ? [0, r.factor] : [r.l1, r.l2];
  return { class_name: 'L1L2', config: { l1, l2 } };
}

/** The tfjs code that makes it, for generated TypeScript; undefined for none. */
export function regularizerCode(r: Regularizer): Code | undefined {
  if (r === null) return undefined;
  if (r.type === 'l1') return code(`tf.regularizers.l1(${literal({ l1: r.factor })})`);
  if (r.type === 'l2') return code(`tf.regularizers.l2(${literal({ l2: r.factor })})`);
  return code(`tf.regularizers.l1l2(${literal({ l1: r.l1, l2: r.l2 })})`);
}

/**
 * Reads `{class_name: 'L1L2' | 'L1' | 'L2', config}` as Keras saves it, every factor its
 * class has written out as a number; null for none. Another regularizer class is a setting
 * NetCanvas lacks (undefined); a string, a config that is not an object, or a factor that is
 * missing or not a number is invalid.
 */
export function regularizerFromKeras(value: unknown): Regularizer | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return invalid('expected a regularizer {class_name, config}');
  const { class_name: cls, config } = value as { class_name?: unknown; config?: unknown };
  if (typeof cls !== 'string') return invalid('expected a regularizer with a class_name');
  if (cls !== 'L1' && cls !== 'L2' && cls !== 'L1L2') return undefined;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return invalid(`expected the ${cls} regularizer's config with its factors`);
  const num = (k: string): number => {
    const v = Object.hasOwn(config, k) ? (config as Record<string, unknown>)[k] : undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : invalid(`expected ${k} in the ${cls} regularizer as a number, got ${JSON.stringify(v) ?? 'nothing'}`);
  };
  if (cls === 'L1') return { type: 'l1', factor: num('l1') };
  if (cls === 'L2') return { type: 'l2', factor: num('l2') };
  const l1 = num('l1');
  const l2 = num('l2');
  if (l1 === 0 && l2 === 0) return null;
  if (l1 === 0) return { type: 'l2', factor: l2 };
  if (l2 === 0) return { type: 'l1', factor: l1 };
  return { type: 'l1_l2', l1, l2 };
}

export function formatRegularizer(r: Regularizer): string {
  if (r === null) return 'none';
  return r.type === 'l1_l2' ? `l1_l2(${r.l1}, ${r.l2})` : `${r.type}(${r.factor})`;
}
