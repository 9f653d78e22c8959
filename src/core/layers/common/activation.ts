import { z } from 'zod';

/** The activations of the reference chapter, by their Keras names. */
export const ACTIVATIONS = ['linear', 'relu', 'elu', 'selu', 'softplus', 'sigmoid', 'tanh', 'softmax'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export const activationSchema = z.enum(ACTIVATIONS);

/** Reads a Keras activation; returns null for one NetCanvas does not have. */
export function readActivation(value: unknown): ActivationName | null {
  if (value === null || value === undefined) return 'linear';
  const name = typeof value === 'string' ? value : (value as { class_name?: unknown })?.class_name;
  if (typeof name !== 'string') return null;
  const lower = name.toLowerCase();
  return (ACTIVATIONS as readonly string[]).includes(lower) ? (lower as ActivationName) : null;
}
